from __future__ import annotations

from pathlib import Path

import click

from workflow.cli.common import rev_option


def _iso_date(ctx, param, value):
    from workflow.cli.advance import iso_date

    return iso_date(ctx, param, value)


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
@click.option("--for", "for_body", metavar="ORGAN", default=None, help="Lag saken til et kommende møte i ORGAN (med --møtedato og --sak) og noter hva som sendes ut i utsendt/.")
@click.option("--møtedato", "meeting_date", callback=_iso_date, metavar="ÅÅÅÅ-MM-DD", default=None, help="Møtedatoen for --for.")
@click.option("--sak", "case_number", metavar="SAKSNR", default=None, help="Utvalgssaksnummeret for --for, f.eks. «PS 5/21».")
@click.option("--dato", "case_date", callback=_iso_date, metavar="ÅÅÅÅ-MM-DD", default=None, help="Datoen dokumentene får med --for (standard: commitens dato, aldri etter møtet).")
@click.pass_context
def command(
    ctx: click.Context, rev: str | None, pdf: bool, outdir: Path | None, fmt: str = "docx",
    workshop: str | None = None,
    for_body: str | None = None, meeting_date=None, case_number: str | None = None, case_date=None,
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
      plan build --invitasjon samling-1 --pdf
      plan build --for formannskap --møtedato 2020-05-12 --sak "PS 12/20" --dato 2020-05-04
    """
    from workflow.cli.common import open_source, plan_root
    from workflow.plan.load import load_project

    root = plan_root(ctx)
    meeting_options = meeting_date is not None or case_number is not None or case_date is not None
    if for_body is None and meeting_options:
        raise click.UsageError("--møtedato, --sak og --dato brukes sammen med --for ORGAN")
    if for_body is not None:
        if meeting_date is None:
            raise click.UsageError("--for krever --møtedato ÅÅÅÅ-MM-DD")
        if fmt != "docx":
            raise click.UsageError("--for kan bare brukes med --format docx")
        _build_for_meeting(root, rev, for_body, meeting_date, case_number, case_date, pdf, outdir)
        return
    if workshop is not None and fmt != "docx":
        raise click.UsageError("--invitasjon kan bare brukes med --format docx")
    if fmt != "docx":  # the plan as Markdown or one HTML page (workflow/export.py)
        if pdf:
            raise click.UsageError("--pdf kan bare brukes med --format docx")
        click.echo(f"Skrev {_shown(_write_export(root, rev, fmt, outdir))}")
        return
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
    _write(files, target, project, pdf, manifest=workshop is None)


def _case_files(root: Path, rev: str | None, project, source) -> dict[str, bytes]:
    """The plan document, the saksframlegg and (with submissions) the attachment."""
    from workflow.documents.build import build_documents, build_time

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
    )
    files.update(build_attachment(project, root, when=when, source=source if rev else None))
    return files


def _write(files: dict[str, bytes], target: Path, project, pdf: bool, manifest: bool = True) -> None:
    """Write the documents (and their manifest; an invitation letter is not a case document
    and leaves the manifest alone), then the PDFs."""
    from workflow.documents.build import add_to_manifest, write_outputs
    from workflow.files import write_atomic

    if manifest:
        listing = write_outputs(files, target, revision=project.revision, digest=project.digest)
    else:
        for name in sorted(files):
            write_atomic(target / name, files[name])
    for name in files:
        click.echo(f"Skrev {_shown(target / name)}")
    if pdf:
        from workflow.documents.pdf import to_pdfa

        docs = [target / name for name in files]
        pdfs = to_pdfa(docs, target)
        if manifest:
            add_to_manifest(listing, pdfs, {p.name: d.name for p, d in zip(pdfs, docs)})
        for path in pdfs:
            click.echo(f"Skrev {_shown(path)} (PDF/A-2b)")
    else:
        for name in files:
            stale = target / (Path(name).stem + ".pdf")
            if stale.exists():
                stale.unlink()
                click.echo(f"Fjernet {_shown(stale)}: den hørte til en eldre versjon (lag ny med --pdf)")
    if manifest:
        click.echo(f"Skrev {_shown(listing)}")


def _build_for_meeting(root: Path, rev, body: str, date, case_number, case_date, pdf: bool, outdir: Path | None) -> None:
    """``plan build --for``: the case for a coming meeting, and the record of what is sent out."""
    from workflow.app.approval import repository
    from workflow.app.meetings import prepare_case, write_record
    from workflow.documents.build import write_outputs

    if pdf:
        from workflow.documents.pdf import find_soffice

        find_soffice()
    with repository(root) as repo:
        project, files, record = prepare_case(repo, root, body, date, case_number, case_date, rev)
    target = outdir if outdir is not None else root / "output"
    manifest = write_outputs(files, target, revision=record.revision, digest=project.digest)
    for name in files:
        click.echo(f"Skrev {_shown(target / name)}")
    if pdf:
        from workflow.documents.build import add_to_manifest
        from workflow.documents.pdf import to_pdfa

        docs = [target / name for name in files]
        pdfs = to_pdfa(docs, target)
        add_to_manifest(manifest, pdfs, {p.name: d.name for p, d in zip(pdfs, docs)})
        for path in pdfs:
            click.echo(f"Skrev {_shown(path)} (PDF/A-2b)")
    click.echo(f"Skrev {_shown(manifest)}")
    path = write_record(root, record)
    click.echo(
        f"Skrev {_shown(path)}: dette sendes ut til møtet {date.isoformat()}"
        f"{f' ({record.case_number})' if record.case_number else ''}, datert {record.case_date.isoformat()}. "
        "Legg filen i git; «plan advance» sjekker at dokumentene er de samme."
    )


def _round(root: Path, rev: str | None, project):
    """Body, history and changes from the stage tags in git (for a stage tag exactly what was
    recorded with it). Outside git: an empty round."""
    from workflow.app.approval import Round, repository, round_at
    from workflow.errors import GitError

    try:
        with repository(root) as repo:
            return round_at(repo, root, rev, project)
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
    from workflow.files import write_atomic
    from workflow.plan.load import load_project

    with open_source(root, rev) as source:
        project, warnings = load_project(source)
        for warning in warnings:
            click.echo(str(warning), err=True)
        name, data = export_plan(project, fmt, when=build_time(root, source))
    target = Path(outdir) if outdir is not None else Path(root) / "output"
    write_atomic(target / name, data)
    return target / name
