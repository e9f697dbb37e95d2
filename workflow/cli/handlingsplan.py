from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from workflow.cli.common import (
    confirm_date_option,
    dry_run_tag_option,
    input_file,
    iso_date,
    plan_root,
    read_case_files,
    show_step,
    year_number,
)
from workflow.plan.model import OUTCOMES
from workflow.plan.source import find_root


@click.group("handlingsplan")
def command() -> None:
    """Den årlige handlingsplanen: rull den, bygg den, behandle den med budsjettet.

    Handlingsplanen for et år ligger i plan/handlingsplan/ÅÅÅÅ.yaml og er sin egen sak
    gjennom organene (tagger handlingsplan-ÅÅÅÅ/ORGAN/DATO), knyttet til strategien.

    \b
    Eksempler:
      plan handlingsplan rull 2022
      plan handlingsplan build 2022
      plan handlingsplan advance 2022 formannskap --date 2021-11-18 --sak "PS 45/21"
    """


@command.command("rull")
@click.argument("year", metavar="ÅR", callback=year_number)
@click.option("--dry-run", is_flag=True, help="Vis forslaget uten å skrive filen.")
@click.pass_context
def roll(ctx: click.Context, year: int, dry_run: bool) -> None:
    """Foreslå handlingsplanen for ÅR fra årets (eller fra strategiens tiltak).

    Fullførte og utgåtte tiltak (etter siste statusrapport) og tiltak som er avsluttet går
    ut; de andre videreføres med sin status; tiltak i strategien som starter i ÅR legges
    til. Forslaget skrives til plan/handlingsplan/ÅR.yaml (aldri over en som finnes).

    \b
    Eksempler:
      plan handlingsplan rull 2022
      plan handlingsplan rull 2023 --dry-run
    """
    from workflow.app.followup import roll as write_roll  # lazy: plan --help loads no library

    root = plan_root(ctx)
    path, text, notes = write_roll(root, year, dry_run=dry_run)
    if dry_run:
        click.echo(text, nl=False)
        return
    for note in notes:
        click.echo(f"  {note.id:8} {note.what} ({note.reason})")
    click.echo(
        f"Skrev {path.relative_to(root)}: rediger den, lagre den i git og behandle den med «plan handlingsplan advance {year} …»"
    )


@command.command("advance")
@click.argument("year", metavar="ÅR", callback=year_number)
@click.argument("stage", metavar="ORGAN")
@click.option("--date", "date", required=True, callback=iso_date, metavar="ÅÅÅÅ-MM-DD", help="Møtedatoen.")
@click.option("--sak", "case_number", metavar="SAKSNR", help="Utvalgssaksnummer, f.eks. «PS 45/21».")
@click.option(
    "--arkivsak",
    "archive_case",
    metavar="ARKIVSAKSNR",
    help="Arkivsaksnummeret ved denne behandlingen, f.eks. «21/300».",
)
@click.option("--utfall", "outcome", type=click.Choice(OUTCOMES), help="Utfallet; standard etter organets rolle.")
@click.option(
    "--vedtak-fil", "decision_file", callback=input_file, metavar="FIL", help="Fil med vedtaksteksten (Markdown)."
)
@click.option(
    "--innstilling-fil",
    "recommendation_file",
    callback=input_file,
    metavar="FIL",
    help="Fil med organets innstilling til neste organ (Markdown), holdt atskilt fra vedtaket.",
)
@click.option(
    "--forslag-fil",
    "proposals_file",
    callback=input_file,
    metavar="FIL",
    help="YAML-liste med forslag: tekst, fremmet_av, stemmer.",
)
@click.option("--votering", "votes", metavar="TEKST", help="Voteringen, f.eks. «Enstemmig».")
@dry_run_tag_option
@confirm_date_option
@click.pass_context
def advance(
    ctx: click.Context,
    year: int,
    stage: str,
    date: dt.date,
    case_number: str | None,
    outcome: str | None,
    decision_file: Path | None,
    recommendation_file: Path | None,
    proposals_file: Path | None,
    votes: str | None,
    dry_run: bool,
    confirm_date: bool = False,
    archive_case: str | None = None,
) -> None:
    """Registrer at ORGAN har behandlet handlingsplanen for ÅR (tag handlingsplan-ÅR/ORGAN/DATO).

    Organene er møtene i plan/prosess.yaml (formannskap, så kommunestyre), eller
    handlingsplanens egen vei der («handlingsplan:»). Nektes når
    plan/ har endringer som ikke er lagret i git, når handlingsplanen for ÅR mangler, når
    organet kommer i feil rekkefølge, eller når taggen finnes.

    \b
    Eksempler:
      plan handlingsplan advance 2022 formannskap --date 2021-11-18 --sak "PS 45/21" --innstilling-fil innstilling.md
      plan handlingsplan advance 2022 kommunestyre --date 2021-12-09 --sak "PS 60/21" --vedtak-fil vedtak.md
    """
    from workflow.app.step import Meeting  # lazy: plan --help loads no library
    from workflow.app.tagging import advance_action_plan  # lazy: as above

    root = plan_root(ctx)
    decision, recommendation, proposals = read_case_files(decision_file, recommendation_file, proposals_file)
    step = advance_action_plan(
        root,
        year,
        stage,
        date,
        Meeting(
            case_number=case_number,
            archive_case=archive_case,
            outcome=outcome,
            decision=decision,
            recommendation=recommendation,
            proposals=proposals,
            votes=votes,
        ),
        dry_run=dry_run,
        confirm_date=confirm_date,
    )
    show_step(step, dry_run)  # written under the stage lock, with a complete history


@command.command("build")
@click.argument("year", metavar="ÅR", callback=year_number)
@click.option("--rev", metavar="REV", default=None, help="Les fra en revisjon i git (tag, gren, commit).")
@click.option("--pdf", "pdf", is_flag=True, help="Lag også PDF/A-2b (arkivformat) med LibreOffice.")
@click.option(
    "--dato",
    "case_date",
    callback=iso_date,
    metavar="ÅÅÅÅ-MM-DD",
    default=None,
    help="Datoen dokumentene får før handlingsplanen er behandlet (standard: commitens dato).",
)
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Mappen dokumentene skrives til (standard: output/).",
)
@click.pass_context
def build(
    ctx: click.Context,
    year: int,
    rev: str | None,
    outdir: Path | None,
    pdf: bool = False,
    case_date: dt.date | None = None,
) -> None:
    """Lag handlingsplanen for ÅR og saksframlegget for neste organ (Word, og PDF med --pdf).

    Er handlingsplanen vedtatt og ikke endret siden, lages saken slik den ble vedtatt, med
    datoen fra behandlingen; ellers saken til neste organ med commitens dato, eller --dato.

    \b
    Eksempler:
      plan handlingsplan build 2022
      plan handlingsplan build 2022 --pdf
      plan handlingsplan build 2023 --dato 2022-10-20
      plan handlingsplan build 2022 --rev handlingsplan-2022/formannskap/2021-11-18
    """
    from workflow.app.actionplan import write_action_plan  # lazy: plan --help loads no library

    root = find_root(Path(ctx.find_root().obj or "."), in_git=True)
    target, names = write_action_plan(root, year, rev=rev, case_date=case_date, outdir=outdir, pdf=pdf)
    for name in names:
        click.echo(f"Skrev {target / name}")
        if pdf:
            click.echo(f"Skrev {target / name.removesuffix('.docx')}.pdf (PDF/A-2b)")
