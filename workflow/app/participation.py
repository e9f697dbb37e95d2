"""``plan check``'s participation checks at the edge: they need the plan at other revisions
(the version each submission commented on, the hearing draft), read from git.

* a promised attachment that does not exist;
* a submission «tatt til følge» / «delvis» whose ``endret`` items did not change between the
  version it commented on and the plan checked (comparison by meaning, ``changes/compare.py``);
* large changes after the last hearing that no submission explains.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.revision import last_readable, load_at
from workflow.errors import GitError, PlanError, Problem
from workflow.participation.case import attachment_problems
from workflow.participation.documents import template_problems
from workflow.participation.hearing import check_outcomes, unexplained_changes
from workflow.plan.model import Project
from workflow.process import git as g
from workflow.process.tags import parse_tag

if TYPE_CHECKING:
    from workflow.plan.model import Plan
    from workflow.plan.source import Source
    from workflow.process.git import Repository


def participation_problems(project: Project, root: Path, source: Source, rev: str | None) -> list[Problem]:
    """Warnings for ``plan check`` (``rev``: the revision checked, None for the working tree)."""
    problems = attachment_problems(project, source)
    problems.extend(template_problems(project, root, source))
    if not project.submissions:
        return problems

    try:
        repo = g.open_repo(root)
    except GitError:
        return problems  # outside git there are no versions to compare with
    try:
        problems.extend(_with_history(project, root, repo, rev))
    finally:
        repo.close()
    return problems


def _plan_at(repo: Repository, root: Path, rev: str) -> Plan | None:
    if parse_tag(rev) is None or not g.tag_exists(repo, rev):
        return None
    try:
        project, _ = load_at(repo, root, rev)
    except (GitError, PlanError):
        return None
    return project.plan


def _with_history(project: Project, root: Path, repo: Repository, rev: str | None) -> list[Problem]:
    if not g.stage_tags(repo):
        return []  # no process history in this repository (e.g. a copy of a plan): nothing to compare
    versions = sorted({s.version for s in project.submissions if s.version})
    plans = {v: _plan_at(repo, root, v) for v in versions}
    problems = check_outcomes(project, plans)
    try:
        head = g.resolve_commit(repo, rev) if rev is not None else g.head_commit(repo)
    except GitError:
        return problems
    roles = {b.id: b.role for b in project.process.bodies}
    line = g.stage_tags(repo, merged=head)
    hearings = [t for t in line if not t.error and roles.get(t.stage) == "høring"]
    if hearings and last_readable(line) is not None:
        tag = hearings[-1]
        hearing_plan = plans.get(tag.name) or _plan_at(repo, root, tag.name)
        if hearing_plan is not None:
            problems.extend(unexplained_changes(project, hearing_plan, tag.name))
    return problems
