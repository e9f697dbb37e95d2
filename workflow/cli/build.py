from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from workflow.cli.common import UsageProblem, iso_date, rev_option

if TYPE_CHECKING:
    import datetime as dt
    from types import FrameType

    from workflow.app.approval import Round
    from workflow.plan.model import Project
    from workflow.plan.source import Source


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
    type=int,
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
    from workflow.cli.common import plan_root

    root = plan_root(ctx)
    meeting_options = any(v is not None for v in (meeting_date, case_number, archive_case))
    meeting_options = meeting_options or (case_date is not None and report_year is None)
    _check_options(for_body, meeting_options, meeting_date, report_year, workshop, fmt, pdf)
    if report_year is not None:  # the annual report (workflow/followup/)
        _build_report(root, rev, report_year, pdf, outdir, fmt, case_date)
        return
    if for_body is not None:
        assert meeting_date is not None  # _check_options: --for requires --møtedato
        _build_for_meeting(root, rev, for_body, meeting_date, (case_number, archive_case), case_date, pdf, outdir)
        return
    if fmt != "docx":  # the plan as Markdown or one HTML page (workflow/export.py)
        click.echo(f"Skrev {_shown(_write_export(root, rev, fmt, outdir))}")
        return
    _build_docx(root, rev, workshop, pdf, outdir)


def _check_options(
    for_body: str | None,
    meeting_options: bool,
    meeting_date: dt.date | None,
    report_year: int | None,
    workshop: str | None,
    fmt: str,
    pdf: bool,
) -> None:
    """Options that do not go together (exit 2), checked before anything is read. (``--rapport``
    with ``--format`` or ``--pdf`` is checked by ``_build_report``.)"""
    if for_body is None and meeting_options:
        raise UsageProblem("--møtedato, --sak, --arkivsak og --dato brukes sammen med --for ORGAN")
    if report_year is not None:
        if for_body is not None or workshop is not None:
            raise UsageProblem("--rapport kan ikke brukes sammen med --for eller --invitasjon")
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


def _build_docx(root: Path, rev: str | None, workshop: str | None, pdf: bool, outdir: Path | None) -> None:
    """``plan build``: the case documents (or with ``--invitasjon`` the letter to one
    workshop) from the working tree or ``rev``, written as one set with the manifest."""
    from workflow.cli.common import open_source
    from workflow.plan.load import load_project

    if pdf:  # fail before writing anything when LibreOffice is missing
        from workflow.documents.pdf import find_soffice

        find_soffice()
    with open_source(root, rev) as source:
        project, warnings = load_project(source)
        for warning in warnings:
            click.echo(str(warning), err=True)
        if workshop is not None:
            from workflow.participation.documents import build_invitation

            name, data = build_invitation(project, root, workshop, source=source if rev else None)
            files = {name: data}
        else:
            files = _case_files(root, rev, project, source)
    target = outdir if outdir is not None else root / "output"
    from workflow.documents.outputs import DOCX_SET
    from workflow.participation.documents import invitation_set

    kind = DOCX_SET if workshop is None else invitation_set(workshop)  # a letter is a set of its own
    _write(files, target, project.revision, project.digest, pdf, kind=kind)


def _case_files(root: Path, rev: str | None, project: Project, source: Source) -> dict[str, bytes]:
    """The plan document, the saksframlegg and (with submissions) the attachment."""
    from workflow.documents.build import build_documents, build_time

    from workflow.participation.case import case_part
    from workflow.participation.documents import build_attachment

    round_ = _round(root, rev, project)
    when = round_.when or build_time(root, source)
    files = build_documents(
        project,
        root,
        when=when,
        body=round_.body,
        history=round_.history,
        changes=round_.changes,
        source=source if rev else None,
        meeting=round_.meeting,
        base=round_.base,
        programme=round_.programme,
        part=case_part,
    )
    files.update(build_attachment(project, root, when=when, source=source if rev else None))
    return files


def _write(files: dict[str, bytes], target: Path, revision: str, digest: str, pdf: bool, *, kind: str = "docx") -> Path:
    """Write the documents (and with ``pdf`` their PDFs) into ``target`` as one owned set of
    kind ``kind`` with the manifest (``documents/outputs.py``): all or nothing, replacing or
    deleting only files of that set the tool wrote. An invitation letter is a set of its own,
    so it neither replaces nor removes the case documents. Returns the manifest path."""
    from workflow.documents.outputs import write_set

    derive = None
    if pdf:
        from workflow.documents.pdf import to_pdfa

        def derive(docs: list[Path], folder: Path, work: Path) -> dict[str, str]:
            return {p.name: d.name for p, d in zip(to_pdfa(docs, folder, work_in=work), docs)}

    with interruptible():
        manifest, written, removed = write_set(
            files, target, revision=revision, digest=digest, kind=kind, derive=derive
        )
    for name in written:
        click.echo(f"Skrev {_shown(target / name)}{' (PDF/A-2b)' if name.endswith('.pdf') else ''}")
    for name in removed:
        click.echo(
            f"Fjernet {_shown(target / name)}: den hørte til en eldre versjon{' (lag ny med --pdf)' if name.endswith('.pdf') else ''}"
        )
    click.echo(f"Skrev {_shown(manifest)}")
    return manifest


def _build_for_meeting(
    root: Path,
    rev: str | None,
    body: str,
    date: dt.date,
    numbers: tuple[str | None, str | None],
    case_date: dt.date | None,
    pdf: bool,
    outdir: Path | None,
) -> None:
    """``plan build --for``: the case for a coming meeting, and the record of what is sent out.
    ``numbers``: the case number and the archive case number (None: from plan/sak.yaml)."""
    from workflow.app.approval import repository
    from workflow.app.meetings import prepare_case, write_record

    if pdf:
        from workflow.documents.pdf import find_soffice

        find_soffice()
    with repository(root) as repo:
        project, files, record = prepare_case(repo, root, body, date, numbers[0], case_date, rev, numbers[1])
    target = outdir if outdir is not None else root / "output"
    _write(files, target, record.revision, project.digest, pdf)
    path = write_record(root, record)
    click.echo(
        f"Skrev {_shown(path)}: dette sendes ut til møtet {date.isoformat()}"
        f"{f' ({record.case_number})' if record.case_number else ''}, datert {record.case_date.isoformat()}. "
        "Legg filen i git; «plan advance» sjekker at dokumentene er de samme."
    )


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP end the build like an error: the staging folder and LibreOffice are
    cleaned up on the way out, and the output folder keeps its previous set."""
    import signal

    from workflow.errors import Interrupted

    def stop(signum: int, frame: FrameType | None) -> NoReturn:
        for sig in (signal.SIGTERM, signal.SIGHUP):  # a second signal does not cut the clean-up short
            signal.signal(sig, signal.SIG_IGN)
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _round(root: Path, rev: str | None, project: Project) -> Round:
    """Body, history and changes from the stage tags in git (for a stage tag exactly what was
    recorded with it). Outside git: an empty round."""
    from workflow.app.approval import Round, repository, round_for_build
    from workflow.errors import GitError

    try:
        with repository(root) as repo:
            return round_for_build(repo, root, rev, project)
    except GitError:
        if rev is not None:
            raise
        return Round(None, (), None)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _write_export(root: Path, rev: str | None, fmt: str, outdir: Path | None) -> Path:
    """``plan build --format markdown|html``: read the plan (working tree or ``rev``), write
    the file atomically into ``outdir`` (default ``output/``). Returns its path."""
    from workflow.cli.common import open_source
    from workflow.documents.build import build_time
    from workflow.documents.export import export_plan
    from workflow.documents.outputs import write_set
    from workflow.plan.load import load_project

    with open_source(root, rev) as source:
        project, warnings = load_project(source)
        for warning in warnings:
            click.echo(str(warning), err=True)
        name, data = export_plan(project, fmt, when=build_time(root, source))
    target = Path(outdir) if outdir is not None else Path(root) / "output"
    with interruptible():
        write_set({name: data}, target, revision=project.revision, digest=project.digest, kind=fmt)
    return target / name


def _build_report(
    root: Path, rev: str | None, year: int, pdf: bool, outdir: Path | None, fmt: str, case_date: dt.date | None
) -> None:
    """``plan build --rapport ÅR``: the annual report and its saksframlegg (working tree or
    ``rev``), written beside the plan documents; their manifest entries are kept."""
    from workflow.app.annual_report import report_documents
    import datetime as dt

    from workflow.cli.common import open_source
    from workflow.plan.load import load_project

    if fmt != "docx":
        raise UsageProblem("--rapport kan bare brukes med --format docx")
    if pdf:  # fail before writing anything when LibreOffice is missing
        from workflow.documents.pdf import find_soffice

        find_soffice()
    with open_source(root, rev) as source:
        project, warnings = load_project(source)
        period = project.plan.period
        if not period.start <= year <= period.end:
            raise UsageProblem(
                f"--rapport {year}: årsrapporten gjelder et år i planperioden {period.start}–{period.end}"
            )
        for warning in warnings:
            click.echo(str(warning), err=True)
        files = report_documents(
            root, project, year, when=case_date, source=source if rev else None, today=dt.date.today()
        )
    from workflow.followup.documents import report_set

    target = outdir if outdir is not None else root / "output"
    _write(files, target, project.revision, project.digest, pdf, kind=report_set(year))
