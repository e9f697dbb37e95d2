from __future__ import annotations

from pathlib import Path

import click

from workflow.cli.common import plan_root


@click.command("arkiv")
@click.option(
    "--rev",
    metavar="TAG",
    default=None,
    help="Behandlingstaggen som skal arkiveres (standard: alle som ikke er eksportert ennå).",
)
@click.option(
    "-o",
    "outdir",
    metavar="MAPPE",
    type=click.Path(file_okay=False),
    default="output/arkiv",
    show_default=True,
    help="Mappen pakkene skrives til.",
)
@click.pass_context
def command(ctx: click.Context, rev: str | None, outdir: str) -> None:
    """Lag arkivpakker (Fiks Arkiv-arkivmelding) for behandlingstaggene.

    For hver tag (også handlingsplanens, handlingsplan-ÅÅÅÅ/organ/dato): en mappe og en zip med arkivmeldinger (saksmappe, journalposter,
    møtesak, innspill) og dokumentene som PDF/A-2b og Word, klare til å lastes opp i
    kommunens sak/arkiv-system eller sendes med Fiks IO. Verdiene bare kommunen kjenner
    (arkivdel, klasse, journalenhet, saksbehandler …) leses fra plan/arkiv.yaml.

    \b
    Eksempler:
      plan arkiv --rev kommunestyre/2020-06-18
      plan arkiv --rev formannskap/2020-05-12 -o /tmp/arkiv
      plan arkiv --rev handlingsplan-2022/kommunestyre/2021-12-09
    """
    from workflow.app.archive import export  # lazy: plan --help loads no library

    root = plan_root(ctx)
    target = Path(outdir)
    if not target.is_absolute():  # the default is in the plan repository, a folder given is where the user is
        target = Path.cwd() / target if outdir != "output/arkiv" else root / target
    export(root, target, rev, click.echo)
