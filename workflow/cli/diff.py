from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from workflow.cli.common import UsageProblem, colour_wanted, plan_root, without_cycle_collection

FORMATS = ("text", "markdown", "html", "json", "docx")  # workflow.app.diff.FORMATS, without loading it


@click.command("diff")
@click.argument("old", required=False, metavar="[A]")
@click.argument("new", required=False, metavar="[B]")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Utformat.")
@click.option(
    "-o",
    "--output",
    callback=lambda ctx, param, value: _output_file(value),
    metavar="FIL",
    default=None,
    help="Skriv til FIL i stedet for skjermen.",
)
@click.option("--exit-code", is_flag=True, help="Avslutt med status 1 når det er endringer, 0 når det ikke er noen.")
@click.option(
    "--innspill",
    "with_input",
    is_flag=True,
    help="Vis innspillene som førte til hver endring (fra plan/innspill/ i B).",
)
@click.pass_context
def command(
    ctx: click.Context,
    old: str | None,
    new: str | None,
    fmt: str,
    output: str | None,
    exit_code: bool,
    with_input: bool = False,
) -> None:
    """Vis hva som er endret i planen mellom to revisjoner.

    A og B er revisjoner i git (behandlingstag, gren eller commit). Uten A sammenlignes med
    planen neste organ (eller organet før) sist behandlet, som i saksframlegget: etter at
    planen er sendt tilbake, den som ble sendt tilbake; i en revisjon den vedtatte planen.
    Uten B sammenlignes med arbeidskopien. Mål, ambisjoner, strategier og tiltak
    kjennes igjen på id-en, så omformatering og nye filnavn er ingen endring.

    Først kommer et sammendrag (antall endringer og kostnad per år), så endringene per
    satsingsområde. Med --format docx skrives plandokumentet for B med sporede endringer
    mot A, som kan godtas eller forkastes i Word eller LibreOffice, etter en første side med
    det samme sammendraget.

    \b
    Eksempler:
      plan diff
      plan diff prosjektgruppe/2020-04-20 formannskap/2020-05-12
      plan diff formannskap/2020-05-12 --format docx -o endringer.docx
      plan diff --format json -o endringer.json
      plan diff horing/2020-05-14 --innspill
    """
    from workflow.app.diff import NoStageTag, diff  # lazy: plan --help loads no library

    if fmt == "docx" and not output:
        raise UsageProblem("--format docx krever -o FIL (et Word-dokument skrives ikke til skjermen)")
    root = plan_root(ctx)
    color = output is None and colour_wanted(sys.stdout)
    try:
        with without_cycle_collection():
            result = diff(
                root, old, new, fmt=fmt, with_input=with_input, color=color, output=Path(output) if output else None
            )
    except NoStageTag as exc:
        raise UsageProblem(exc.message) from None
    changes = result.changes
    if output:
        click.echo(f"Skrev {output} ({len(changes)} {'endring' if len(changes) == 1 else 'endringer'}).", err=True)
    else:
        click.echo(result.data.decode("utf-8"), nl=False, color=True)
    if exit_code and changes:
        ctx.exit(1)


def _output_file(value: str | None) -> str | None:
    if value is not None and os.path.isdir(value):
        raise UsageProblem(f"-o: {value} er en mappe; oppgi et filnavn, f.eks. -o endringer.docx")
    return value
