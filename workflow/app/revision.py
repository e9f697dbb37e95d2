"""The round and the case documents of a revision: the one use case ``plan build``, ``plan
build --for``, ``plan advance`` and ``plan verify`` share, so that what ``advance`` records and
``verify`` rebuilds is what ``build`` writes.

``open_revision`` reads the plan of a revision (or the working tree) with its git repository,
opened once. ``round_at`` tells the round the saksframlegg belongs to: for a stage tag exactly
what ``plan advance`` recorded with it, otherwise the next body and the treatments so far.
``documents`` builds the plan document, the saksframlegg and (with submissions) «Innkomne
innspill og merknadsbehandling» for a round, dated with the round's date, else the commit's.

Below ``approval`` (advance, verify), ``meetings`` (the case sent out before a meeting),
``programme`` (the planning programme) and ``build`` (``plan build``): each of them calls this
module, none of them is called by it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.errors import GitError, PlanError, Problem
from workflow.plan.load import load_project
from workflow.plan.model import Process, Project, Treatment
from workflow.plan.source import Source, WorkTree
from workflow.process import git as g
from workflow.process.git import incomplete_history as incomplete_history  # its home is process/git.py
from workflow.process import stages
from workflow.process.tags import StageTag, parse_tag
from workflow.process.versions import comparison_base, describe

if TYPE_CHECKING:
    from workflow.process.git import Repository


@contextmanager
def repository(root: Path) -> Iterator[Repository]:
    """The git repository holding the plan root; closed afterwards (no leaked cat-file)."""
    repo = g.open_repo(root)
    try:
        yield repo
    finally:
        repo.close()


@dataclass(frozen=True)
class Revision:
    """The plan of a revision (``rev``; None: the working tree) as read, with the git repository
    around it (None outside git) and the files it was read from."""

    root: Path
    rev: str | None
    repo: Repository | None
    source: Source
    project: Project
    warnings: list[Problem] = field(default_factory=list)

    @property
    def commit(self) -> str | None:
        """The commit the plan was read from (None: the working tree)."""
        return self.source.commit

    def date(self) -> dt.datetime:
        """The date its documents carry unless told otherwise: the commit's committer date (for
        the working tree HEAD's), or 2000-01-01 UTC outside git and before the first commit."""
        return self._committed or _fallback_date()

    @property
    def undated(self) -> bool:
        """Outside git, or before the first commit: no commit gives its documents a date, so
        they carry the fixed 2000-01-01 (never the clock's, so the same files give the same
        bytes)."""
        return self._committed is None

    @cached_property
    def _committed(self) -> dt.datetime | None:
        """The commit's date, HEAD's for the working tree (asked of git once); None without one."""
        return self.source.commit_date or _head_date(self.repo)


@contextmanager
def open_revision(root: Path, rev: str | None = None) -> Iterator[Revision]:
    """The plan at ``rev`` (None: the working tree, inside git or not), read once with git
    opened once; git is closed after. PlanError when the plan cannot be read, GitError when
    ``rev`` is given outside git or names no commit."""
    if rev is not None:
        with repository(root) as in_git:
            source: Source = g.GitSource(in_git, rev, root)
            project, warnings = load_project(source)
            yield Revision(root, rev, in_git, source, project, list(warnings))
        return
    repo: Repository | None
    try:
        repo = g.open_repo(root)
    except GitError:  # outside git: the working tree alone
        repo = None
    try:
        source = WorkTree(root)
        project, warnings = load_project(source)
        yield Revision(root, None, repo, source, project, list(warnings))
    finally:
        if repo is not None:
            repo.close()


def line_of(repo: Repository, rev: str) -> list[StageTag]:
    """The stage tags on the line of history that ends at ``rev``, oldest first."""
    return g.stage_tags(repo, merged=g.resolve_commit(repo, rev))


def load_at(repo: Repository, root: Path, commit: str) -> tuple[Project, list]:
    """The plan at ``commit``, read from git objects alone, and its warnings."""
    return load_project(g.GitSource(repo, commit, root))


def last_readable(line: list[StageTag]) -> StageTag | None:
    """The newest tag of a line whose message can be read (the others are not used)."""
    readable = [t for t in line if not t.error]
    return readable[-1] if readable else None


@dataclass(frozen=True)
class Round:
    """What the saksframlegg takes from the history: the body it is for (None: the builder's
    default, the next body), the treatments of the round so far, the changes against the
    version the body last saw (None when there is none) and that version in words (``base``),
    the body's own meeting once it is set (its date and case number; at a stage tag the tag's
    treatment), and the date the documents carry (None: the commit's date)."""

    body: str | None
    history: tuple[Treatment, ...]
    changes: list[dict] | None
    meeting: Treatment | None = None
    base: str | None = None
    when: dt.date | None = None


EMPTY_ROUND = Round(None, (), None)  # outside any history: the first body, nothing before it


def changes_since(repo: Repository, root: Path, project: Project, since: StageTag | None) -> list[dict] | None:
    """The section «Endringer siden forrige behandling»: the plan at ``since`` against ``project``."""
    if since is None:
        return None
    from workflow.changes.compare import compare  # lazy: only a round after a treatment compares two plans
    from workflow.changes.sentences import case_sections  # lazy: as above

    try:
        previous, _ = load_at(repo, root, since.commit)
    except PlanError:
        return None
    return case_sections(compare(previous.plan, project.plan), previous.plan, project.plan)


def compared(
    repo: Repository, root: Path, project: Project, line: list[StageTag]
) -> tuple[list[dict] | None, str | None]:
    """The changes against the version the receiving body (or the body before it) last treated,
    and that version in words (see ``process/versions.py``)."""
    base = comparison_base(project.process, line)
    changes = changes_since(repo, root, project, base)
    if changes is None or base is None:
        return changes, None
    return changes, describe(base, project.process, project.plan.language)


def document_date(commit_when: dt.datetime, meeting: dt.date | None) -> dt.date:
    """The date of a case prepared without a date from the clerk: the commit's date, but never
    after the meeting (a commit made later does not move the date of what was sent out)."""
    day = commit_when.date()
    return min(day, meeting) if meeting is not None else day


def round_at(
    repo: Repository | None, root: Path, rev: str | None, project: Project, *, with_changes: bool = True
) -> Round:
    """The round for building at ``rev`` (None: HEAD). For a stage tag exactly what ``plan
    advance`` recorded with it; likewise for an adopted plan that has not changed since its
    adoption (its case is the one the adopting body decided, dated as then, never the date of a
    later commit); otherwise the next body and the treatments so far. Outside any history (no
    git, no commits): an empty round. Without ``with_changes`` the round's changes are not
    computed (None) unless needed to tell its date: for a document that shows only the stage
    (the redline)."""
    if repo is None:
        return EMPTY_ROUND
    try:
        commit = g.resolve_commit(repo, rev) if rev is not None else g.head_commit(repo)
    except GitError:
        return EMPTY_ROUND
    line = line_of(repo, commit)
    if rev is not None and parse_tag(rev) is not None:
        tag = next((t for t in line if t.name == rev), None)
        if tag is not None and tag.treatment is not None:
            return _as_recorded(repo, root, project, line, tag, with_changes)
    st = stages.state(project.process, line)
    adopted = st.adopted
    changes, base = compared(repo, root, project, line) if with_changes or adopted is not None else (None, None)
    if adopted is not None and changes == [] and comparison_base(project.process, line) is adopted:
        return _as_recorded(repo, root, project, line, adopted, with_changes)
    return Round(None, tuple(st.treatments), changes, None, base)


def _as_recorded(
    repo: Repository, root: Path, project: Project, line: list[StageTag], tag: StageTag, with_changes: bool = True
) -> Round:
    """The round of a stage tag on ``line``, as ``plan advance`` recorded it."""
    assert tag.treatment is not None  # callers pass a tag with its treatment
    before = line[: line.index(tag)]
    history = stages.state(project.process, before).treatments
    changes, base = compared(repo, root, project, before) if with_changes else (None, None)
    return Round(tag.stage, tuple(history), changes, tag.treatment, base, tag.treatment.case_date)


def fixed_tag(repo: Repository, commit: str, process: Process) -> StageTag | None:
    """The tag of the deciding body that fixed the planning programme, on the line of
    ``commit``; None without a programme (or before it is fixed)."""
    programme = stages.programme_process(process)
    if programme is None:
        return None
    return stages.state(programme, g.programme_tags(repo, merged=commit)).adopted


def fixed_programme(
    repo: Repository, commit: str, process: Process, meeting: Treatment | None = None
) -> Treatment | None:
    """The treatment that fixed the programme (for the saksgang of the plan's cases), or None;
    None too when it was fixed after ``meeting`` (a case keeps what was known at its meeting)."""
    tag = fixed_tag(repo, commit, process)
    if tag is None or (meeting is not None and tag.date > meeting.date):
        return None
    return tag.treatment


def documents(
    repo: Repository | None, root: Path, commit: str | None, project: Project, round_: Round
) -> dict[str, bytes]:
    """The case documents of a revision for ``round_``: the plan document, the saksframlegg and
    (with submissions) «Innkomne innspill og merknadsbehandling». Built from the files of
    ``commit`` alone (plan files and templates read from git objects), or with ``commit`` None
    from the working tree's templates. Dated with the round's date, else the commit's date (for
    the working tree HEAD's), else 2000-01-01 (outside git, before the first commit)."""
    from workflow.documents.build import (  # lazy: plan log and plan status use this module for its git helpers alone
        build_documents,
    )
    from workflow.participation.case import case_part  # lazy: as above
    from workflow.participation.documents import build_attachment  # lazy: as above

    source = g.GitSource(repo, commit, root) if repo is not None and commit is not None else None
    if source is not None:
        when: dt.date | dt.datetime = round_.when or source.commit_date
    else:
        when = round_.when or _head_date(repo) or _fallback_date()
    programme = _programme(repo, commit, project.process, round_.meeting)
    files = build_documents(
        project,
        root,
        when=when,
        body=round_.body,
        history=round_.history,
        changes=round_.changes,
        source=source,
        meeting=round_.meeting,
        base=round_.base,
        programme=programme,
        part=case_part,
    )
    files.update(build_attachment(project, root, when=when, source=source))  # «Innkomne innspill …»
    return files


def revision_documents(revision: Revision) -> tuple[dict[str, bytes], bool]:
    """The case documents of an open revision, for the round at it (``plan build``), and
    whether no commit dated them (the round has no date of its own, and the revision is outside
    git or before the first commit: they carry 2000-01-01)."""
    round_ = round_at(revision.repo, revision.root, revision.rev, revision.project)
    undated = False
    if round_.when is None:  # the revision's own date, asked of git only here
        round_, undated = replace(round_, when=revision.date()), revision.undated
    return documents(revision.repo, revision.root, revision.commit, revision.project, round_), undated


def _programme(
    repo: Repository | None, commit: str | None, process: Process, meeting: Treatment | None
) -> Treatment | None:
    """``fixed_programme`` on the line of ``commit`` (None: HEAD); None outside git, before the
    first commit, and for a process without a planning programme (without asking git)."""
    if repo is None or stages.programme_process(process) is None:
        return None
    try:
        tip = commit if commit is not None else g.head_commit(repo)
    except GitError:  # no commits yet
        return None
    return fixed_programme(repo, tip, process, meeting)


def _head_date(repo: Repository | None) -> dt.datetime | None:
    """HEAD's committer date; None outside git or before the first commit."""
    if repo is None:
        return None
    try:
        return g.head_date(repo)
    except GitError:
        return None


def _fallback_date() -> dt.datetime:
    """The date of documents no commit dates: 2000-01-01 UTC."""
    from workflow.documents.build import (  # lazy: plan log and plan status use this module for its git helpers alone
        FALLBACK_WHEN,
    )

    return FALLBACK_WHEN


def digests(files: dict[str, bytes]) -> dict[str, str]:
    """The sha256 of each document, by name (what a stage tag and a record of a case sent out hold)."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
