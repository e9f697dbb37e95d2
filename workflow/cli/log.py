from __future__ import annotations

import click

from workflow.cli.common import plan_root, rev_option


@click.command("log")
@rev_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Utformat.",
)
@click.pass_context
def command(ctx: click.Context, rev: str | None, fmt: str) -> None:
    """Vis behandlingene av planen: én oppføring per behandlingstag, eldste først, med
    dato, organ, saksnummer, utfall, forslag, votering og vedtak.

    \b
    Eksempler:
      plan log
      plan log --format markdown > behandlinger.md
      plan log --format json --rev kommunestyre/2020-06-18
    """
    from workflow.app.history import log  # lazy: plan --help loads no library

    found = log(plan_root(ctx), rev)
    if found.partial:
        click.echo(f"advarsel: {found.partial}", err=True)
        if fmt == "text":
            click.echo(found.partial + "\n")
    for warning in found.warnings:
        click.echo(f"advarsel: {warning}", err=True)
    click.echo(found.render(fmt), nl=False)
