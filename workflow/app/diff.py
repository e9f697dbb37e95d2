"""``plan diff`` as a use case: what changed in the plan between two revisions, as a report
(text, Markdown, HTML, JSON) or as B's plan document with tracked changes against A's.

Everything is read from git objects (B may be the working tree); nothing is printed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.app.revision import round_at
from workflow.changes.compare import Change, compare
from workflow.changes.report import Side, make_report, render
from workflow.changes.sentences import in_language
from workflow.documents.build import Receive, Started, build_time, plan_document_parts
from workflow.documents.context import plan_stage
from workflow.documents.render import render_package, render_serialised, warm_up
from workflow.errors import PlanError, WorkflowError
from workflow.files import write_atomic
from workflow.participation.hearing import causes
from workflow.plan.load import load_project
from workflow.plan.model import Project
from workflow.plan.source import Source, WorkTree
from workflow.process.git import GitSource, Repository, head_commit, open_repo, stage_tags
from workflow.process.tags import NEW_ROUND, parse_tag
from workflow.process.versions import comparison_base, describe
from workflow.text.norwegian import format_date

if TYPE_CHECKING:
    from workflow.changes.report import Report

FORMATS = ("text", "markdown", "html", "json", "docx")
WORK_TREE_LABEL = "arbeidskopien"


class NoStageTag(WorkflowError):
    """No A was given and the history has no stage tag to compare with (a usage mistake)."""

    exit_code = 2


@dataclass(frozen=True)
class Diff:
    """The changes from A to B, and the report in the format asked for (UTF-8 text, or a
    Word document for ``docx``)."""

    old: str  # A as given, or the stage tag chosen for it
    new: str | None  # B; None: the working tree
    changes: list[Change]
    data: bytes


def diff(
    root: Path,
    old: str | None = None,
    new: str | None = None,
    *,
    fmt: str = "text",
    with_input: bool = False,
    color: bool = False,
    output: Path | None = None,
) -> Diff:
    """The changes from ``old`` (None: the version the next body last treated, as in the
    saksframlegg) to ``new`` (None: the working tree) and the report in ``fmt``; ``with_input``
    names the submissions that led to each change; ``color`` colours the text report for a
    terminal. With ``output``, the report is also written there (atomically)."""
    if fmt not in FORMATS:
        raise WorkflowError(f"ukjent format «{fmt}» (bruk {', '.join(FORMATS)})")
    repo = open_repo(root)
    try:
        if old is None:
            old = base_tag(repo, root)
        source_a = GitSource(repo, old, root)  # checks A before anything is started
        source_b: Source = WorkTree(root) if new is None else GitSource(repo, new, root)
        if fmt == "docx":
            changes, data = _redline(repo, root, old, new, source_b)
        else:
            project_a = _load(source_a, old)
            project_b = _load(source_b, new or WORK_TREE_LABEL)
            side_a, side_b = _sides(repo, old, new, source_a, source_b, project_a, project_b)
            changes = compare(project_a.plan, project_b.plan)
            report = make_report(changes, project_a.plan, project_b.plan, side_a, side_b)
            data = _rendered(report, fmt, color and fmt == "text", project_b if with_input else None)
    finally:
        repo.close()
    if output is not None:
        write_atomic(output, data)
    return Diff(old, new, changes, data)


def _sides(
    repo: Repository,
    old: str,
    new: str | None,
    source_a: Source,
    source_b: Source,
    project_a: Project,
    project_b: Project,
    language: str = "bokmål",
) -> tuple[Side, Side]:
    """A and B as the report names them: the revision and the version in words (``language``:
    the målform of the words, for a document in the plan's own)."""
    side_a = Side(old, source_a.revision, in_words(repo, old, source_a, project_a, language))
    if new is None:
        return side_a, Side(WORK_TREE_LABEL, None, WORK_TREE_LABEL)
    return side_a, Side(new, source_b.revision, in_words(repo, new, source_b, project_b, language))


def _rendered(report: Report, fmt: str, color: bool, with_input: Project | None) -> bytes:
    """The report as text, Markdown, HTML or JSON; with the plan B in ``with_input``, the
    submissions that led to each change (``--innspill``)."""
    if with_input is not None:
        report = replace(report, causes=causes(with_input))
    return render(report, fmt, color=color).encode("utf-8")


def base_tag(repo: Repository, root: Path) -> str:
    """Without A: the version the next body (or the body before it) last treated, as in the
    saksframlegg (``process/versions.py``); the newest stage tag when the plan cannot be read."""
    head = head_commit(repo)
    line = stage_tags(repo, merged=head)
    try:
        project, _ = load_project(GitSource(repo, head, root))
        base = comparison_base(project.process, line)
    except Exception:  # noqa: BLE001 - an unreadable plan at HEAD: fall back to the newest tag
        base = None
    return base.name if base is not None else last_stage_tag(repo)


def in_words(repo: Repository, rev: str, source: Source, project: Project, language: str = "bokmål") -> str:
    """A revision as a politician reads it: the stage tag's version in words («vedtatt plan 18.
    juni 2020»), else the commit and its date («commit 1a2b3c4 fra 12. mai 2020»)."""
    tags = [t for t in stage_tags(repo) if not t.error]
    named = [t for t in tags if t.name == rev] or [t for t in tags if t.commit == source.revision]
    if named:
        return describe(named[-1], project.process, language)
    day = source.commit_date.date() if source.commit_date is not None else None
    return f"commit {source.revision[:7]} {in_language(language, 'fra')} {format_date(day)}"


def last_stage_tag(repo: Repository) -> str:
    """The newest stage tag on the line of history of HEAD."""
    tags = [t for t in stage_tags(repo, merged=head_commit(repo)) if not t.error]  # unreadable: not used
    if not tags:
        raise NoStageTag(
            "fant ingen behandlingstag (f.eks. formannskap/2020-05-12) i historikken; "
            "oppgi revisjonen det skal sammenlignes med: plan diff A [B]"
        )
    return tags[-1].name


def _load(source: Source, label: str) -> Project:
    try:
        project, _ = load_project(source)
    except PlanError as exc:
        raise WorkflowError(
            f"Planen i {label} har feil, så den kan ikke sammenlignes:\n{exc.format_message()}"
        ) from None
    return project


def _redline(repo: Repository, root: Path, old: str, new: str | None, source_b: Source) -> tuple[list[Change], bytes]:
    """The changes and the Word redline: B's plan document with tracked changes against A's,
    each built from its own revision (plan files and templates) exactly as ``plan build``
    builds it there (dated and stamped by its stage at a stage tag), after a summary page.

    A forked child (``_side_a``) loads A and renders its document from the start, while B is
    loaded and rendered here: two cores, and the wait is one side's. The child is sent B's
    plan and compares the two while the redline is made here. The documents stay unzipped
    parts throughout."""
    from workflow.changes.redline import redline_package  # lazy: only a redline loads lxml
    from workflow.changes.summarypage import with_summary  # lazy: as above (lxml)

    warm_up()  # shared with the child, not loaded twice
    started_a = Started(lambda receive: _side_a(root, old, new, source_b, receive), background=True)
    try:
        project_b = _load(source_b, new or WORK_TREE_LABEL)
        started_a.send(project_b)
        new_doc = _plan_document(repo, root, project_b, source_b if new is not None else None, new, render_package)
    except WorkflowError:
        try:
            started_a()  # A's problem, when it has one, is told first, as when A was read first
        finally:
            started_a.cancel()
        raise
    except BaseException:
        started_a.cancel()
        raise
    try:
        author, date = author_and_date(repo, project_b, source_b, new)
        package = redline_package(started_a, new_doc, author=author, date=date)  # B read while A is made
        changes, report = started_a()
    finally:
        started_a.cancel()  # ended by now, but for an error on the way
    return changes, with_summary(package, report, project_b.plan.language)


def _side_a(root: Path, old: str, new: str | None, source_b: Source, receive: Receive) -> Iterator[Any]:
    """A's plan document (``Serialised``: its blocks' XML, made here while B's document is
    read there); then, given B's plan, the changes and the report. Runs in a forked child with
    a repository of its own: it must not share the parent's git processes."""
    with open_repo(root) as repo:
        source = GitSource(repo, old, root)
        project_a = _load(source, old)
        yield _plan_document(repo, root, project_a, source, old, render_serialised)
        project_b: Project = receive()
        language = project_b.plan.language  # the redline's summary page speaks the plan's målform
        side_a, side_b = _sides(repo, old, new, source, source_b, project_a, project_b, language)
        changes = compare(project_a.plan, project_b.plan)
        yield changes, make_report(changes, project_a.plan, project_b.plan, side_a, side_b)


def _plan_document(
    repo: Repository,
    root: Path,
    project: Project,
    source: Source | None,
    rev: str | None,
    render: Callable[..., Any],
) -> Any:
    """The plan document as ``plan build`` builds it at ``rev`` (dated and stamped by its
    stage at a stage tag), in the form ``render`` gives (``render_package``, ``render_serialised``)."""
    round_ = round_at(repo, root, rev, project, with_changes=False)  # the plan document shows only the stage
    when = round_.when or build_time(root, source)
    stage = plan_stage(project, round_.history, round_.meeting, when)
    return plan_document_parts(project, root, when=when, source=source, stage=stage, render=render)


def author_and_date(
    repo: Repository, project_b: Project, source_b: Source, new: str | None
) -> tuple[str, dt.date | dt.datetime]:
    """Who made B's changes and when: the body and meeting date of B's stage tag; else the
    drafting body (prosjektgruppen) and B's commit date, or now for the working tree."""
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
