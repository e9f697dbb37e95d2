"""``plan status`` as a use case: where the plan stands (the last treatment, what comes next,
what changed since the version the next body last treated), for the strategy, its planning
programme and each yearly action plan. Nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workflow.app.revision import line_of, repository
from workflow.app.history import action_plan_title, by_action_plan, process_at
from workflow.app.revision import incomplete_history
from workflow.app.sources import source_for
from workflow.changes.compare import KINDS, compare
from workflow.errors import PlanError, WorkflowError
from workflow.plan.load import load_project
from workflow.plan.model import Process
from workflow.process.git import (
    GitSource,
    Repository,
    action_plan_tags,
    changed_files,
    dirty_paths,
    head_commit,
    programme_tags,
)
from workflow.process.stages import State, action_plan_process, programme_process, state
from workflow.process.tags import StageTag
from workflow.process.versions import comparison_base


@dataclass(frozen=True)
class Track:
    """A process beside the strategy's (the planning programme, a yearly action plan): its
    title, rules and state."""

    title: str
    process: Process
    state: State


@dataclass(frozen=True)
class Since:
    """What changed since the comparison base: the plan items changed by kind (``KINDS``), or,
    when either plan cannot be read, the files under plan/ and templates/ added, changed, removed."""

    items: dict[str, int] | None
    files: tuple[int, int, int] | None


@dataclass(frozen=True)
class Status:
    """Where the plan stands at a revision (or in the working tree)."""

    process: Process
    state: State  # the strategy's: the last treatment, the adopted one, warnings
    base: StageTag | None  # the version the next body (or the one before) last treated
    since: Since | None  # what changed since ``base``
    programme: Track | None  # the planning programme's, when the plan has one
    action_plans: list[Track]  # each yearly action plan with tags
    partial: str | None  # the shallow-clone sentence, when history is missing
    dirty: bool  # the working tree has changes under plan/ or templates/ not in git
    broken: bool  # the plan at the revision has errors (the process is then HEAD's)


def status(root: Path, rev: str | None = None) -> Status:
    """Where the plan stands at ``rev`` (None: the working tree, against HEAD's history)."""
    with repository(root) as repo:
        commit = rev or head_commit(repo)
        tags = line_of(repo, commit)
        process = process_at(repo, root, rev)
        broken = process is None
        if broken and rev is None:
            process = process_at(repo, root, head_commit(repo))  # the process as committed
        if process is None:
            raise WorkflowError("planen kan ikke leses; kjør «plan check» for detaljer")
        base = comparison_base(process, tags)  # what plan diff and the saksframlegg compare with
        return Status(
            process=process,
            state=state(process, tags),
            base=base,
            since=None if base is None else changes_since(repo, root, base.commit, rev),
            programme=_programme(repo, process, commit),
            action_plans=_action_plans(repo, process, commit),
            partial=incomplete_history(repo),
            dirty=rev is None and bool(dirty_paths(repo, root)),
            broken=broken,
        )


def _programme(repo: Repository, process: Process, commit: str) -> Track | None:
    """The planning programme's state (issue 22); None for a plan without one."""
    pp_process = programme_process(process)
    if pp_process is None:
        return None
    return Track("Planprogrammet", pp_process, state(pp_process, programme_tags(repo, merged=commit)))


def _action_plans(repo: Repository, process: Process, commit: str) -> list[Track]:
    """Each yearly action plan with tags on the line of ``commit``, by year."""
    ap_process = action_plan_process(process)
    return [
        Track(action_plan_title(track), ap_process, state(ap_process, found))
        for track, found in by_action_plan(action_plan_tags(repo, merged=commit)).items()
    ]


def changes_since(repo: Repository, root: Path, commit: str, rev: str | None) -> Since:
    """The plan items changed from ``commit`` to ``rev`` (None: the working tree), by kind; the
    files changed when either plan cannot be read."""
    try:
        old = load_project(GitSource(repo, commit, root))[0].plan
        new = load_project(source_for(repo, root, rev))[0].plan
    except PlanError:
        added, changed, removed = changed_files(repo, root, commit, against=rev)
        return Since(None, (len(added), len(changed), len(removed)))
    changes = compare(old, new)
    return Since({kind: len({c.path for c in changes if c.kind == kind}) for kind in KINDS}, None)
