from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workflow.cli.common import UsageProblem, iso_date, plan_root, rev_option, without_cycle_collection, year_number

if TYPE_CHECKING:
    from workflow.app.build import Written
    from workflow.app.meetings import Record
    from workflow.errors import Problem


@click.command("build")
@rev_option
@click.option("--pdf", "pdf", is_flag=True, help="Lag også PDF/A-2b (arkivformat) med LibreOffice.")
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Mappen dokumentene skrives til (standard: output/ i plandepotet).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "markdown", "html"]),
    default="docx",
    show_default=True,
    help="docx: plandokumentet og saksframlegget; markdown eller html: planen som Markdown "
    "eller som én HTML-side (for kommunens nettside).",
)
@click.option(
    "--invitasjon",
    "workshop",
    metavar="SAMLING",
    default=None,
    help="Lag bare invitasjonsbrevet til samlingen med denne id-en (fra plan/samlinger.yaml).",
)
@click.option(
    "--for",
    "for_body",
    metavar="ORGAN",
    default=None,
    help="Lag saken til et kommende møte i ORGAN (med --møtedato og --sak) og noter hva som sendes ut i utsendt/.",
)
@click.option(
    "--møtedato", "meeting_date", callback=iso_date, metavar="ÅÅÅÅ-MM-DD", default=None, help="Møtedatoen for --for."
)
@click.option(
    "--sak", "case_number", metavar="SAKSNR", default=None, help="Utvalgssaksnummeret for --for, f.eks. «PS 5/21»."
)
@click.option(
    "--arkivsak",
    "archive_case",
    metavar="ARKIVSAKSNR",
    default=None,
    help="Arkivsaksnummeret for --for, når det er et annet enn i plan/sak.yaml, f.eks. «20/123».",
)
@click.option(
    "--dato",
    "case_date",
    callback=iso_date,
    metavar="ÅÅÅÅ-MM-DD",
    default=None,
    help="Datoen dokumentene får med --for (standard: commitens dato, aldri etter møtet) eller --rapport "
    "(standard: 31. desember i året, eller dagen den siste målingen i rapporten ble registrert).",
)
@click.option(
    "--rapport",
    "report_year",
    callback=year_number,
    metavar="ÅR",
    default=None,
    help="Lag årsrapporten for ÅR og saksframlegget for den i stedet (status per 31. desember).",
)
@click.pass_context
def command(
    ctx: click.Context,
    rev: str | None,
    pdf: bool,
    outdir: Path | None,
    fmt: str = "docx",
    workshop: str | None = None,
    for_body: str | None = None,
    meeting_date: dt.date | None = None,
    case_number: str | None = None,
    case_date: dt.date | None = None,
    report_year: int | None = None,
    archive_case: str | None = None,
) -> None:
    """Lag plandokumentet og saksframlegget (Word) fra planen.

    Dokumentene lages fra malene i templates/ (eller standardmalene) og skrives til output/
    med navn etter planen, f.eks. os-naeringsplan-2020-2028.docx og
    os-naeringsplan-2020-2028-saksframlegg.docx. output/manifest.json viser sjekksummen
    (sha256) for hver fil, revisjonen og verktøyversjonen. Samme revisjon og maler gir
    byte-identiske .docx-filer. Med --pdf lages også PDF/A-2b med LibreOffice
    (Debian: apt-get install libreoffice-writer-nogui). Har planen innspill (plan/innspill/),
    lages også vedlegget «Innkomne innspill og merknadsbehandling» (…-innspill.docx).
    Med --invitasjon SAMLING lages bare invitasjonsbrevet til samlingen.

    Før et møte lager saksbehandleren saken som sendes ut med innkallingen: --for ORGAN
    --møtedato DATO --sak SAKSNR fyller saksgangen og datoen, og sha256 for dokumentene
    noteres i utsendt/ORGAN-DATO.json. «plan advance» etter møtet nekter da å tagge
    dokumenter som er annerledes, med mindre saken ble endret i møtet (--endret-i-møtet).

    \b
    Eksempler:
      plan build
      plan build --pdf
      plan build --rev formannskap/2020-05-12 -o /tmp/formannskap
      plan build --format html
      plan build --rapport 2021
      plan build --rapport 2021 --rev handlingsplan-2022/kommunestyre/2021-12-09 --pdf
      plan build --invitasjon samling-1 --pdf
      plan build --for formannskap --møtedato 2020-05-12 --sak "PS 12/20" --dato 2020-05-04
    """
    root = plan_root(ctx)
    _check_options(for_body, (meeting_date, case_number, archive_case, case_date), report_year, workshop, fmt, pdf)
    from workflow.app import build  # lazy: plan --help loads no library

    if report_year is not None:  # the annual report (app/annual_report.py)
        dates: dict[str, Any] = {"case_date": case_date, "today": dt.date.today()}  # today: the year must have ended
        try:
            _show(build.build_report(root, report_year, rev, outdir=outdir, pdf=pdf, warn=_warn, **dates))
        except build.OutsidePeriod as exc:
            raise UsageProblem(exc.message) from None
    elif for_body is not None:
        assert meeting_date is not None  # _check_options: --for requires --møtedato
        numbers: dict[str, Any] = {"case_number": case_number, "archive_case": archive_case, "case_date": case_date}
        _for_meeting(build.build_for_meeting(root, for_body, meeting_date, rev=rev, outdir=outdir, pdf=pdf, **numbers))
    elif fmt != "docx":  # the plan as Markdown or one HTML page (documents/export/)
        click.echo(f"Skrev {_shown(build.export(root, fmt, rev, outdir=outdir, warn=_warn))}")
    else:
        with without_cycle_collection():
            _show(build.build(root, rev, outdir=outdir, pdf=pdf, workshop=workshop, warn=_warn))


def _check_options(
    for_body: str | None,
    meeting: tuple[dt.date | None, str | None, str | None, dt.date | None],
    report_year: int | None,
    workshop: str | None,
    fmt: str,
    pdf: bool,
) -> None:
    """Options that do not go together (exit 2), checked before anything is read. ``meeting``:
    --møtedato, --sak, --arkivsak and --dato (which --rapport uses too)."""
    meeting_date, case_number, archive_case, case_date = meeting
    meeting_options = any(v is not None for v in (meeting_date, case_number, archive_case))
    meeting_options = meeting_options or (case_date is not None and report_year is None)
    if for_body is None and meeting_options:
        raise UsageProblem("--møtedato, --sak, --arkivsak og --dato brukes sammen med --for ORGAN")
    if report_year is not None:
        if for_body is not None or workshop is not None:
            raise UsageProblem("--rapport kan ikke brukes sammen med --for eller --invitasjon")
        if fmt != "docx":
            raise UsageProblem("--rapport kan bare brukes med --format docx")
        return
    if for_body is not None:
        if meeting_date is None:
            raise UsageProblem("--for krever --møtedato ÅÅÅÅ-MM-DD")
        if fmt != "docx":
            raise UsageProblem("--for kan bare brukes med --format docx")
        return
    if workshop is not None and fmt != "docx":
        raise UsageProblem("--invitasjon kan bare brukes med --format docx")
    if fmt != "docx" and pdf:
        raise UsageProblem("--pdf kan bare brukes med --format docx")


def _warn(warnings: list[Problem]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


def _for_meeting(built: tuple[Written, Record, Path]) -> None:
    """What ``plan build --for`` wrote, and what is sent out to the meeting."""
    written, record, path = built
    _show(written)
    click.echo(
        f"Skrev {_shown(path)}: dette sendes ut til møtet {record.date.isoformat()}"
        f"{f' ({record.case_number})' if record.case_number else ''}, datert {record.case_date.isoformat()}. "
        "Legg filen i git; «plan advance» sjekker at dokumentene er de samme."
    )


def _show(written: Written) -> None:
    """The files a build wrote and removed, and the manifest, one line each."""
    for name in written.written:
        click.echo(f"Skrev {_shown(written.folder / name)}{' (PDF/A-2b)' if name.endswith('.pdf') else ''}")
    for name in written.removed:
        click.echo(
            f"Fjernet {_shown(written.folder / name)}: den hørte til en eldre versjon{' (lag ny med --pdf)' if name.endswith('.pdf') else ''}"
        )
    click.echo(f"Skrev {_shown(written.manifest)}")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
