"""The plan's treatments as use cases: ``plan log`` (the treatments on a line of history) and
``plan changelog`` (CHANGELOG.md written from them), and the process of the plan at a revision
they and ``plan status`` read. Nothing here prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from workflow.app.sources import source_for
from workflow.errors import GitError, PlanError, WorkflowError
from workflow.files import write_atomic
from workflow.plan.processfile import load_process
from workflow.plan.processmodel import Process
from workflow.process.git import (
    Repository,
    action_plan_tags,
    head_commit,
    incomplete_history,
    line_tags,
    open_repo,
    programme_tags,
    resolve_commit,
    stage_tags,
)
from workflow.process.history import CHANGELOG_MARKER, as_json, as_markdown, as_text, changelog, entry
from workflow.process.stages import action_plan_process, programme_process, state
from workflow.process.tags import StageTag

PROGRAMME_TITLE = "Planprogrammet"


# --- the plan's process and source at a revision (status, log, changelog) ----------------------


def process_at(repo: Repository, root: Path, rev: str | None, *, alone: bool = False) -> Process | None:
    """The process of the plan at ``rev`` (None: the working tree); None when it cannot be read
    (``alone``: when ``prosess.yaml`` cannot, else when the plan cannot)."""
    try:
        source = source_for(repo, root, rev)
        if alone:
            return load_process(source)
        from workflow.plan.load import load_project  # lazy: the plan's models; plan log needs none

        return load_project(source)[0].process
    except PlanError:
        return None


def process_for(repo: Repository, root: Path, rev: str | None, *, alone: bool = False) -> Process | None:
    """The process of the plan at ``rev`` (or the working tree; while the working tree's plan
    has an error, the process as committed at HEAD); None when it cannot be read. ``alone``:
    read ``prosess.yaml`` only, whatever the state of the plan (``plan log``: fast at any size)."""
    process = process_at(repo, root, rev, alone=alone)
    if process is None and rev is None:
        try:
            process = process_at(repo, root, head_commit(repo), alone=alone)
        except GitError:
            return None
    return process


def by_action_plan(action_tags: list[StageTag]) -> dict[str, list[StageTag]]:
    """The yearly action plans' tags by their track (``handlingsplan-2022``), in the order given."""
    tracks: dict[str, list[StageTag]] = {}
    for tag in action_tags:
        if tag.track:  # always set on an action plan's tag
            tracks.setdefault(tag.track, []).append(tag)
    return tracks


def action_plan_title(track: str) -> str:
    """«Handlingsplan 2022» for the track ``handlingsplan-2022``."""
    return "Handlingsplan " + track.rsplit("-", 1)[1]


# --- plan log ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Log:
    """The treatments on the line of history that ends at a revision: the strategy's, the
    yearly action plans' and the planning programme's tags, and the process that names them."""

    tags: list[StageTag]
    action_tags: list[StageTag]
    programme: list[StageTag]
    process: Process | None  # None: plan/prosess.yaml cannot be read
    partial: str | None  # the shallow-clone sentence, when history is missing
    warnings: list[str]  # the process's warnings about the tags (a tag out of order …)

    def render(self, fmt: str = "text") -> str:
        """The log as ``plan log --format fmt`` prints it (text, markdown or json)."""
        if not self.action_tags and not self.programme:
            return {"text": as_text, "markdown": as_markdown, "json": as_json}[fmt](self.tags, self.process)
        return with_action_plans(fmt, self.tags, self.process, self.action_tags, self.programme)


def log(root: Path, rev: str | None = None) -> Log:
    """The treatments on the line of history that ends at ``rev`` (None: HEAD), with one git
    call for the tags and only ``prosess.yaml`` read (fast at any plan size)."""
    with open_repo(root) as repo:
        tags, action_tags, programme = line_tags(repo, resolve_commit(repo, rev) if rev else None)
        process = process_for(repo, root, rev, alone=True)  # not the whole plan
        partial = incomplete_history(repo)
    warnings: list[str] = []
    if process is not None:
        warnings += state(process, tags).warnings
        if action_tags or programme:
            warnings += state(action_plan_process(process), [t for t in action_tags if t.error]).warnings
    return Log(tags, action_tags, programme, process, partial, warnings)


def with_action_plans(
    fmt: str,
    tags: list[StageTag],
    process: Process | None,
    action_tags: list[StageTag],
    programme: list[StageTag] | None = None,
) -> str:
    """The planning programme's process (``planprogram/…`` tags, when there are any), the
    strategy's, then each yearly action plan's (``handlingsplan-YYYY/…`` tags)."""
    ap_process = action_plan_process(process) if process is not None else None
    pp_process = programme_process(process) if process is not None else None
    tracks = {PROGRAMME_TITLE: programme} if programme else {}
    tracks.update({action_plan_title(track): found for track, found in by_action_plan(action_tags).items()})
    if fmt == "json":
        data = [{**entry(t, pp_process), "prosess": t.track} for t in programme or ()]
        data += [entry(t, process) for t in tags]
        data += [{**entry(t, ap_process), "prosess": t.track} for t in action_tags]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def of(title: str) -> Process | None:
        return pp_process if title == PROGRAMME_TITLE else ap_process

    if fmt == "markdown":
        parts = [f"## {title}\n\n" + as_markdown(found, of(title), level="###") for title, found in tracks.items()]
        parts.insert(1 if programme else 0, "## Strategien\n\n" + as_markdown(tags, process, level="###"))
        return "\n".join(parts)
    parts = [f"{title}\n{'=' * len(title)}\n\n" + as_text(found, of(title)) for title, found in tracks.items()]
    parts.insert(1 if programme else 0, "Strategien\n==========\n\n" + as_text(tags, process))
    return "\n".join(parts)


# --- plan changelog ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Changelog:
    """CHANGELOG.md as ``plan changelog`` made it."""

    path: Path
    treatments: int  # the strategy's treatments in it
    written: bool  # False: the file already had this text


def write_changelog(root: Path, rev: str | None = None) -> Changelog:
    """Write ``CHANGELOG.md`` in the plan repository from the treatments on the line of history
    that ends at ``rev`` (None: HEAD), newest first; a CHANGELOG.md this tool did not make (no
    marker line) is never written over."""
    target = root / "CHANGELOG.md"
    if target.exists():
        try:
            existing = target.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            existing = ""
        if CHANGELOG_MARKER not in existing:
            raise WorkflowError(
                f"{target} er ikke laget av «plan changelog» (merkelinjen mangler), så den blir ikke skrevet over"
            )
    text, count = changelog_text(root, rev)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return Changelog(target, count, written=False)
    write_atomic(target, text.encode("utf-8"))
    return Changelog(target, count, written=True)


def changelog_text(root: Path, rev: str | None = None) -> tuple[str, int]:
    """The text of CHANGELOG.md at ``rev`` (None: HEAD, with the working tree's plan), and the
    number of the strategy's treatments in it."""
    with open_repo(root) as repo:
        commit = rev or head_commit(repo)
        tags = stage_tags(repo, merged=resolve_commit(repo, commit))
        process = process_for(repo, root, rev)
        title = _title(repo, root, rev)
        action_tags = action_plan_tags(repo, merged=commit)
        programme = programme_tags(repo, merged=commit)
    text = changelog(tags, process, title) + _action_plans(action_tags, process) + _programme(programme, process)
    return text, len(tags)


def _title(repo: Repository, root: Path, rev: str | None) -> str:
    from workflow.plan.load import load_project  # lazy: as in process_at

    try:
        plan = load_project(source_for(repo, root, rev))[0].plan
    except PlanError:
        return "planen"
    return f"{plan.title} {plan.period.start}–{plan.period.end}"


def _action_plans(action_tags: list[StageTag], process: Process | None) -> str:
    """The yearly action plans' treatments after the strategy's, newest year first."""
    ap_process = action_plan_process(process) if process is not None else None
    tracks = by_action_plan(action_tags)
    parts = [
        f"\n## {action_plan_title(track)}\n\n" + as_markdown(list(reversed(found)), ap_process, level="###")
        for track, found in sorted(tracks.items(), reverse=True)
    ]
    return "".join(parts)


def _programme(tags: list[StageTag], process: Process | None) -> str:
    """The planning programme's treatments (issue 22), last: they came before the plan's."""
    if not tags:
        return ""
    return "\n## Planprogrammet\n\n" + as_markdown(
        list(reversed(tags)), programme_process(process) if process else None, level="###"
    )
