"""The annual report at the edge: its documents for a year from a revision, with what changed
in the strategy during the year found from git."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.revision import load_at
from workflow.changes.compare import compare
from workflow.changes.sentences import case_sections
from workflow.errors import BuildError, GitError, PlanError
from workflow.followup.documents import build_report
from workflow.followup.report import report_date
from workflow.plan.model import Project
from workflow.process import git as g
from workflow.process.stages import action_plan_process

if TYPE_CHECKING:
    from workflow.plan.source import Source
    from workflow.process.git import Repository


def report_documents(
    root: Path,
    project: Project,
    year: int,
    *,
    when: dt.datetime | dt.date | None = None,
    source: Source | None = None,
    today: dt.date | None = None,
    repo: Repository | None = None,
) -> dict[str, bytes]:
    """The report for ``year`` and its saksframlegg, dated ``when`` (None: by what it reports,
    see ``report.report_date``). ``today`` (from the edge): a year that has not ended is refused.
    ``repo``: the git repository already open (None: opened here when there is one)."""
    if today is not None and year >= today.year:
        raise BuildError(
            f"{year} er ikke omme ennå: årsrapporten viser status per 31. desember {year} og kan lages fra 1. januar {year + 1}"
        )
    when = when if when is not None else report_date(project, year)

    bodies = action_plan_process(project.process).bodies[:1]  # the report goes to the first meeting body
    changes = strategy_changes(root, year, source.revision if source is not None else None, repo)
    return build_report(project, root, year, when=when, bodies=bodies, source=source, strategy_changes=changes)


def strategy_changes(root: Path, year: int, rev: str | None, repo: Repository | None = None) -> list[dict] | None:
    """What changed in the strategy during ``year``: its plan at the last commit of the year
    before against its plan at the last commit of ``year``, on the line of ``rev`` (None:
    HEAD). None outside git, or when either end cannot be read. ``repo``: the repository
    already open (None: opened and closed here)."""
    if repo is None:
        try:
            with g.open_repo(root) as opened:
                return strategy_changes(root, year, rev, opened)
        except GitError:
            return None
    try:
        tip = rev or g.head_commit(repo)
        before = g.last_commit_on(repo, tip, dt.date(year - 1, 12, 31))
        after = g.last_commit_on(repo, tip, dt.date(year, 12, 31))
        if before is None or after is None:
            return None
        old, _ = load_at(repo, root, before)
        new, _ = load_at(repo, root, after)
    except (GitError, PlanError):
        return None
    return [
        {"area": s["område"], "lines": [str(line) for line in s["linjer"]]}
        for s in case_sections(compare(old.plan, new.plan), old.plan, new.plan)
    ]
