from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from workflow.cli.common import (
    UsageProblem,
    confirm_date_option,
    dry_run_tag_option,
    input_file,
    iso_date,
    plan_root,
    read_case_files,
    show_step,
)
from workflow.plan.model import OUTCOMES


@click.command("advance")
@click.argument("stage", metavar="ORGAN")
@click.option(
    "--date", "date", required=True, callback=iso_date, metavar="ÅÅÅÅ-MM-DD", help="Møtedatoen (eller høringsstart)."
)
@click.option("--sak", "case_number", metavar="SAKSNR", help="Utvalgssaksnummer, f.eks. «PS 25/20».")
@click.option(
    "--arkivsak",
    "archive_case",
    metavar="ARKIVSAKSNR",
    help="Arkivsaksnummeret ved denne behandlingen, når det er et annet enn i plan/sak.yaml (f.eks. «20/123»).",
)
@click.option("--utfall", "outcome", type=click.Choice(OUTCOMES), help="Utfallet; standard etter organets rolle.")
@click.option(
    "--vedtak-fil",
    "decision_file",
    callback=input_file,
    metavar="FIL",
    help="Fil med organets egne vedtak (Markdown), f.eks. at planen legges ut på høring.",
)
@click.option(
    "--innstilling-fil",
    "recommendation_file",
    callback=input_file,
    metavar="FIL",
    help="Fil med organets innstilling til neste organ (Markdown): det neste organ bes vedta.",
)
@click.option(
    "--forslag-fil",
    "proposals_file",
    callback=input_file,
    metavar="FIL",
    help="YAML-liste med forslag: tekst, fremmet_av, stemmer, eller fil: med for, mot, resultat. "
    "Vedtatte forslag med endringer skrives inn i planen og lagres i git før taggen lages.",
)
@click.option("--votering", "votes", metavar="TEKST", help="Voteringen, f.eks. «Enstemmig».")
@click.option("--frist", "deadline", callback=iso_date, metavar="ÅÅÅÅ-MM-DD", help="Høringsfrist (bare for høring).")
@click.option(
    "--endret-i-møtet",
    "amended",
    is_flag=True,
    help="Saken ble endret i møtet: tillat dokumenter som er annerledes enn de som ble sendt ut.",
)
@click.option(
    "--force",
    "force",
    metavar="BEGRUNNELSE",
    help="Gå videre selv om innspill fra høringen mangler utfall; begrunnelsen lagres i taggen.",
)
@click.option(
    "--planprogram",
    "programme",
    is_flag=True,
    help="Behandlingen gjelder planprogrammet («planprogram:» i plan/prosess.yaml): taggen planprogram/ORGAN/DATO.",
)
@dry_run_tag_option
@confirm_date_option
@click.pass_context
def command(ctx: click.Context, **params: Any) -> None:
    """Registrer at ORGAN har behandlet planen: en annotert tag på gjeldende commit.

    ORGAN er id-en eller navnet fra plan/prosess.yaml (prosjektgruppe, formannskap,
    høring, kommunestyre). Taggen heter ORGAN/DATO og har møtedato, saksnummer, utfall,
    vedtak, forslag og voteringer, og sha256 for hvert dokument bygd fra denne revisjonen.

    Nektes (ingen tag skrives) når plan/ eller templates/ har endringer som ikke er
    lagret i git, når planen ikke består «plan check --strict», når organet er ukjent,
    hoppes over eller kommer i feil rekkefølge, når commiten ikke bygger på forrige
    steg, når planen alt er vedtatt (bruk «plan revise»), når taggen finnes, når visjonen
    eller innstillingen er tom eller fortsatt teksten fra «plan init», og når saken ble sendt
    ut med «plan build --for» (utsendt/ORGAN-DATO.json) og dokumentene nå er annerledes,
    uten --endret-i-møtet. Saksnummer og dokumentdato hentes da fra det som ble sendt ut.
    Etter en høring nektes også et møte så lenge et innspill fra høringen mangler utfall
    (merknadsbehandlingen i plan/innspill/), med mindre --force gir en begrunnelse; den
    lagres i taggen som «overstyrt».

    Med --planprogram gjelder behandlingen planprogrammet (organene under «planprogram:» i
    plan/prosess.yaml), og taggen heter planprogram/ORGAN/DATO. Har prosessen et planprogram,
    behandles planen politisk først når planprogrammet er fastsatt.

    \b
    Eksempler:
      plan advance prosjektgruppe --date 2020-04-20
      plan advance formannskap --date 2020-05-12 --sak "PS 12/20" --forslag-fil forslag.yaml
      plan advance formannskap --date 2020-05-12 --innstilling-fil innstilling.md --vedtak-fil vedtak.md
      plan advance høring --date 2020-05-14 --frist 2020-06-05
      plan advance kommunestyre --date 2020-06-18 --sak "PS 30/20" --vedtak-fil vedtak.md
      plan advance kommunestyre --date 2020-06-18 --force "Uttalelsene behandles muntlig i møtet"
      plan advance kommunestyre --planprogram --date 2019-03-05 --sak "PS 14/19"
    """
    _advance(plan_root(ctx), **params)  # the options above, by name (typed in _advance)


def _advance(
    root: Path,
    *,
    stage: str,
    date: dt.date,
    case_number: str | None,
    archive_case: str | None,
    outcome: str | None,
    decision_file: Path | None,
    recommendation_file: Path | None,
    proposals_file: Path | None,
    votes: str | None,
    deadline: dt.date | None,
    amended: bool,
    force: str | None,
    programme: bool,
    dry_run: bool,
    confirm_date: bool,
) -> None:
    """``plan advance``: the case files read, then the checks and the tag written (or shown with
    ``--dry-run``) by ``app/advance.py``."""
    from workflow.app.advance import advance, amends_plan  # lazy: plan --help loads no library
    from workflow.app.step import Meeting  # lazy: as above

    if programme and (amended or force):
        raise UsageProblem("--endret-i-møtet og --force gjelder ikke behandlingen av planprogrammet")
    decision, recommendation, proposals = read_case_files(decision_file, recommendation_file, proposals_file)
    if dry_run and amends_plan(proposals, programme):
        click.echo(
            "De vedtatte forslagene ville blitt skrevet inn i planfilene og lagret i en ny commit; "
            "dokumentene under er fra revisjonen som ble sendt ut."
        )
    meeting = Meeting(case_number, archive_case, outcome, decision, recommendation, proposals, votes, deadline)
    options: dict[str, Any] = {"amended": amended, "force": force, "programme": programme, "dry_run": dry_run}
    show_step(advance(root, stage, date, meeting, **options, confirm_date=confirm_date), dry_run)
