from __future__ import annotations

from pathlib import Path

import click

from workflow.cli.common import UsageProblem, rev_option


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
@click.pass_context
def command(ctx: click.Context, rev: str | None, pdf: bool, outdir: Path | None, fmt: str = "docx") -> None:
    """Lag plandokumentet og saksframlegget (Word) fra planen.

    Dokumentene lages fra malene i templates/ (eller standardmalene) og skrives til output/
    med navn etter planen, f.eks. os-naeringsplan-2020-2028.docx og
    os-naeringsplan-2020-2028-saksframlegg.docx. output/manifest.json viser sjekksummen
    (sha256) for hver fil, revisjonen og verktøyversjonen. Samme revisjon og maler gir
    byte-identiske .docx-filer. Med --pdf lages også PDF/A-2b med LibreOffice
    (Debian: apt-get install libreoffice-writer-nogui).

    \b
    Eksempler:
      plan build
      plan build --pdf
      plan build --rev formannskap/2020-05-12 -o /tmp/formannskap
      plan build --format html
    """
    from workflow.documents.build import build_documents, build_time, write_outputs
    from workflow.cli.common import open_source, plan_root
    from workflow.plan.load import load_project

    root = plan_root(ctx)
    if fmt != "docx":  # the plan as Markdown or one HTML page (workflow/export.py)
        if pdf:
            raise UsageProblem("--pdf kan bare brukes med --format docx")
        click.echo(f"Skrev {_shown(_write_export(root, rev, fmt, outdir))}")
        return
    if pdf:  # fail before writing anything when LibreOffice is missing
        from workflow.documents.pdf import find_soffice

        find_soffice()
    with open_source(root, rev) as source:
        project, warnings = load_project(source)
        for warning in warnings:
            click.echo(str(warning), err=True)
        round_ = _round(root, rev, project)
        files = build_documents(
            project,
            root,
            when=build_time(root, source),
            body=round_.body,
            history=round_.history,
            changes=round_.changes,
            source=source if rev else None,
            meeting=round_.meeting,
        )
    target = outdir if outdir is not None else root / "output"
    manifest = write_outputs(files, target, revision=project.revision, digest=project.digest)
    for name in files:
        click.echo(f"Skrev {_shown(target / name)}")
    if pdf:
        _write_pdfs([target / name for name in files], manifest)
    else:
        _remove_stale_pdfs([target / name for name in files])
    click.echo(f"Skrev {_shown(manifest)}")


def _write_pdfs(docs: list[Path], manifest: Path) -> None:
    """PDF/A-2b beside each document, recorded in the manifest as derived from it."""
    from workflow.documents.build import add_to_manifest
    from workflow.documents.pdf import to_pdfa

    pdfs = to_pdfa(docs, manifest.parent)
    add_to_manifest(manifest, pdfs, {p.name: d.name for p, d in zip(pdfs, docs)})
    for path in pdfs:
        click.echo(f"Skrev {_shown(path)} (PDF/A-2b)")


def _remove_stale_pdfs(docs: list[Path]) -> None:
    """A PDF of an earlier build would no longer match its document: remove it."""
    for doc in docs:
        stale = doc.with_suffix(".pdf")
        if stale.exists():
            stale.unlink()
            click.echo(f"Fjernet {_shown(stale)}: den hørte til en eldre versjon (lag ny med --pdf)")


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
