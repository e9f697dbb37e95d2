from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from workflow.cli.common import UsageProblem

if TYPE_CHECKING:
    from pathlib import Path

    import datetime as dt

    from workflow.changes.compare import Change
    from workflow.changes.report import Report, Side
    from workflow.documents.build import Started
    from workflow.documents.docxpackage import Package
    from workflow.plan.model import Project
    from workflow.plan.source import Source
    from workflow.process.git import Repository

FORMATS = ("text", "markdown", "html", "json", "docx")
WORK_TREE_LABEL = "arbeidskopien"


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
    from workflow.cli.common import plan_root

    if fmt == "docx" and not output:
        raise UsageProblem("--format docx krever -o FIL (et Word-dokument skrives ikke til skjermen)")
    root = plan_root(ctx)
    changes, data = _diff(root, old, new, fmt, output, with_input)
    if output:
        from workflow.files import write_atomic

        write_atomic(output, data)
        click.echo(f"Skrev {output} ({len(changes)} {'endring' if len(changes) == 1 else 'endringer'}).", err=True)
    else:
        click.echo(data.decode("utf-8"), nl=False, color=True)
    if exit_code and changes:
        ctx.exit(1)


def _diff(
    root: Path, old: str | None, new: str | None, fmt: str, output: str | None, with_input: bool
) -> tuple[list[Change], bytes]:
    """The changes from A (None: the version the next body last treated) to B (None: the
    working tree), and the report in ``fmt``, everything read from git objects."""
    from workflow.changes.compare import compare
    from workflow.changes.report import make_report
    from workflow.process.git import GitSource, open_repo

    repo = open_repo(root)
    try:
        if old is None:
            old = base_tag(repo, root)
        source_a = GitSource(repo, old, root)
        if new is None:
            from workflow.plan.source import WorkTree

            source_b: Source = WorkTree(root)
        else:
            source_b = GitSource(repo, new, root)
        project_a = _load(source_a, old)
        project_b = _load(source_b, new or WORK_TREE_LABEL)
        side_a, side_b = _sides(repo, old, new, source_a, source_b, project_a, project_b)
        changes = compare(project_a.plan, project_b.plan)
        report = make_report(changes, project_a.plan, project_b.plan, side_a, side_b)
        if fmt == "docx":
            from workflow.changes.summarypage import with_summary

            data = with_summary(
                _redline_document(repo, root, source_a, source_b, project_a, project_b, old, new), report
            )
        else:
            data = _rendered(report, fmt, output, project_b if with_input else None)
    finally:
        repo.close()
    return changes, data


def _sides(
    repo: Repository,
    old: str,
    new: str | None,
    source_a: Source,
    source_b: Source,
    project_a: Project,
    project_b: Project,
) -> tuple[Side, Side]:
    """A and B as the report names them: the revision and the version in words."""
    from workflow.changes.report import Side

    side_a = Side(old, source_a.revision, in_words(repo, old, source_a, project_a))
    if new is None:
        return side_a, Side(WORK_TREE_LABEL, None, WORK_TREE_LABEL)
    return side_a, Side(new, source_b.revision, in_words(repo, new, source_b, project_b))


def _rendered(report: Report, fmt: str, output: str | None, with_input: Project | None) -> bytes:
    """The report as text (coloured on a terminal), Markdown, HTML or JSON; with the plan B
    in ``with_input``, the submissions that led to each change (``--innspill``)."""
    from workflow.changes.report import render
    from workflow.cli.common import colour_wanted

    if with_input is not None:
        from dataclasses import replace

        from workflow.participation.hearing import causes

        report = replace(report, causes=causes(with_input))
    color = output is None and colour_wanted(sys.stdout)
    return render(report, fmt, color=color and fmt == "text").encode("utf-8")


def _output_file(value: str | None) -> str | None:
    import os

    if value is not None and os.path.isdir(value):
        raise UsageProblem(f"-o: {value} er en mappe; oppgi et filnavn, f.eks. -o endringer.docx")
    return value


def base_tag(repo: Repository, root: Path) -> str:
    """Without A: the version the next body (or the body before it) last treated, as in the
    saksframlegg (``process/versions.py``); the newest stage tag when the plan cannot be read."""
    from workflow.process.git import GitSource, head_commit, stage_tags
    from workflow.process.versions import comparison_base

    head = head_commit(repo)
    line = stage_tags(repo, merged=head)
    try:
        from workflow.plan.load import load_project

        project, _ = load_project(GitSource(repo, head, root))
        base = comparison_base(project.process, line)
    except Exception:  # noqa: BLE001 - an unreadable plan at HEAD: fall back to the newest tag
        base = None
    return base.name if base is not None else last_stage_tag(repo)


def in_words(repo: Repository, rev: str, source: Source, project: Project) -> str:
    """A revision as a politician reads it: the stage tag's version in words («vedtatt plan 18.
    juni 2020»), else the commit and its date («commit 1a2b3c4 fra 12. mai 2020»)."""
    from workflow.process.git import stage_tags
    from workflow.process.versions import describe
    from workflow.text.norwegian import format_date

    tags = [t for t in stage_tags(repo) if not t.error]
    named = [t for t in tags if t.name == rev] or [t for t in tags if t.commit == source.revision]
    if named:
        return describe(named[-1], project.process)
    day = source.commit_date.date() if source.commit_date is not None else None
    return f"commit {source.revision[:7]} fra {format_date(day)}"


def last_stage_tag(repo: Repository) -> str:
    """The newest stage tag on the line of history of HEAD."""
    from workflow.process.git import head_commit, stage_tags

    tags = [t for t in stage_tags(repo, merged=head_commit(repo)) if not t.error]  # unreadable: not used
    if not tags:
        raise UsageProblem(
            "fant ingen behandlingstag (f.eks. formannskap/2020-05-12) i historikken; "
            "oppgi revisjonen det skal sammenlignes med: plan diff A [B]"
        )
    return tags[-1].name


def _load(source: Source, label: str) -> Project:
    from workflow.errors import PlanError, WorkflowError
    from workflow.plan.load import load_project

    try:
        project, _ = load_project(source)
    except PlanError as exc:
        raise WorkflowError(
            f"Planen i {label} har feil, så den kan ikke sammenlignes:\n{exc.format_message()}"
        ) from None
    return project


def _redline_document(
    repo: Repository,
    root: Path,
    source_a: Source,
    source_b: Source,
    project_a: Project,
    project_b: Project,
    old: str,
    new: str | None,
) -> Package:
    """B's plan document with tracked changes against A's, each built from its own revision
    (plan files and templates) exactly as ``plan build`` builds it there (dated and stamped by
    its stage at a stage tag). The two documents stay unzipped parts throughout."""
    from workflow.changes.redline import redline_package

    author, date = author_and_date(repo, project_b, source_b, new)
    git_b = source_b if new is not None else None
    old_doc = _plan_document(repo, root, project_a, source_a, old, background=True)  # A renders beside B
    try:
        new_doc = _plan_document(repo, root, project_b, git_b, new)()
    except BaseException:
        old_doc.cancel()
        raise
    return redline_package(old_doc(), new_doc, author=author, date=date)


def _plan_document(
    repo: Repository, root: Path, project: Project, source: Source | None, rev: str | None, background: bool = False
) -> Started:
    from workflow.app.revision import round_at
    from workflow.documents.build import build_time, plan_document_started
    from workflow.documents.context import plan_stage

    round_ = round_at(repo, root, rev, project, with_changes=False)  # the plan document shows only the stage
    when = round_.when or build_time(root, source)
    stage = plan_stage(project, round_.history, round_.meeting, when)
    return plan_document_started(project, root, when=when, source=source, stage=stage, background=background)


def author_and_date(
    repo: Repository, project_b: Project, source_b: Source, new: str | None
) -> tuple[str, dt.date | dt.datetime]:
    """Who made B's changes and when: the body and meeting date of B's stage tag; else the
    drafting body (prosjektgruppen) and B's commit date, or now for the working tree."""
    import datetime as dt

    from workflow.process.git import stage_tags
    from workflow.process.tags import NEW_ROUND, parse_tag

    names = {b.id: b.name for b in project_b.process.bodies}
    drafting = next((b.name for b in project_b.process.bodies if b.role == "utkast"), project_b.process.bodies[0].name)
    tag = parse_tag(new) if new else None
    if tag is None and new is not None:
        on_commit = [t for t in stage_tags(repo) if t.commit == source_b.revision]
        tag = parse_tag(on_commit[-1].name) if on_commit else None
    if tag is not None:
        author = "Revisjon" if tag.stage == NEW_ROUND else names.get(tag.stage, tag.stage)
        return author, tag.date
    if new is None:
        return drafting, dt.date.today()
    assert source_b.commit_date is not None  # B is a git revision here
    return drafting, source_b.commit_date
