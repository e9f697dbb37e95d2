from __future__ import annotations

import click

from workflow.cli.common import plan_root, whole_number


@click.command("serve")
@click.option(
    "--port",
    callback=whole_number(0, 65535, "porten"),
    type=str,  # read by the plan's number rule, with a Norwegian message
    metavar="PORT",
    default="8000",
    show_default=True,
    help="Porten (0: en ledig port).",
)
@click.option("--host", metavar="ADRESSE", default="127.0.0.1", show_default=True, help="Adressen serveren lytter på.")
@click.pass_context
def command(ctx: click.Context, port: int, host: str) -> None:
    """Forhåndsvis nettstedet med planen mens du skriver.

    Viser planen i arbeidskopien slik «plan site» ville vist den, på en lokal webserver.
    Når du lagrer en fil under plan/ eller templates/, bygges sidene på nytt og nettleseren
    oppdaterer siden selv. Har planen feil, viser siden feilene med fil og linje i stedet
    for planen. Historikken (behandlingene og versjonene) leses fra git når serveren starter.
    Plandokumentet som PDF/A finnes på /__plan/plan.pdf: LibreOffice startes ved første
    visning og holdes i gang, så en ny PDF etter en lagring kommer på under et sekund.
    Stopp med Ctrl+C.

    \b
    Eksempler:
      plan serve
      plan serve --port 8080
    """
    from workflow.app.website import start_preview  # lazy: plan --help loads no library

    server, preview = start_preview(plan_root(ctx), host, port)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{server.server_address[1]}"
    click.echo(f"Forhåndsvisning på {address}/ (stopp med Ctrl+C)")
    click.echo(f"Plandokumentet som PDF: {address}/__plan/plan.pdf")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo("Stoppet.")
    finally:
        preview.stop()
        server.server_close()
