from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click

from workflow.cli.common import rev_option


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
    from workflow.documents.build import build_documents, build_time
    from workflow.documents.outputs import write_set
    from workflow.cli.common import open_source, plan_root
    from workflow.plan.load import load_project

    root = plan_root(ctx)
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
    derive = None
    if pdf:
        from workflow.documents.pdf import to_pdfa

        def derive(docs: list[Path], folder: Path, work: Path) -> dict[str, str]:
            return {p.name: d.name for p, d in zip(to_pdfa(docs, folder, work_in=work), docs)}

    with interruptible():
        manifest, written, removed = write_set(
            files, target, revision=project.revision, digest=project.digest, derive=derive
        )
    for name in written:
        click.echo(f"Skrev {_shown(target / name)}{' (PDF/A-2b)' if name.endswith('.pdf') else ''}")
    for name in removed:
        click.echo(f"Fjernet {_shown(target / name)}: den hørte til en eldre versjon{' (lag ny med --pdf)' if name.endswith('.pdf') else ''}")
    click.echo(f"Skrev {_shown(manifest)}")


@contextmanager
def interruptible():
    """SIGTERM and SIGHUP end the build like an error: the staging folder and LibreOffice are
    cleaned up on the way out, and the output folder keeps its previous set."""
    import signal

    from workflow.errors import Interrupted

    def stop(signum, frame):
        for sig in (signal.SIGTERM, signal.SIGHUP):  # a second signal does not cut the clean-up short
            signal.signal(sig, signal.SIG_IGN)
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


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
