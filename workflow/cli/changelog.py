from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workflow.cli.common import rev_option

if TYPE_CHECKING:
    from pathlib import Path

    from workflow.plan.model import Process
    from workflow.process.git import Repository
    from workflow.process.tags import StageTag


@click.command("changelog")
@rev_option
@click.pass_context
def command(ctx: click.Context, rev: str | None) -> None:
    """Skriv CHANGELOG.md i plandepotet fra behandlingstaggene (nyeste først).

    Filen lages på nytt hver gang. En CHANGELOG.md som ikke er laget av dette
    verktøyet (uten merkelinjen) blir aldri skrevet over.

    \b
    Eksempel:
      plan changelog && git add CHANGELOG.md
    """
    from workflow.app.revision import line_of, repository
    from workflow.cli.common import plan_root
    from workflow.cli.common import process_for
    from workflow.errors import WorkflowError
    from workflow.process.git import head_commit
    from workflow.process.history import CHANGELOG_MARKER, changelog

    root = plan_root(ctx)
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
    with repository(root) as repo:
        tags = line_of(repo, rev or head_commit(repo))
        process = process_for(repo, root, rev)
        title = _title(repo, root, rev)
        from workflow.process.git import action_plan_tags, programme_tags

        action_tags = action_plan_tags(repo, merged=rev or head_commit(repo))
        programme = programme_tags(repo, merged=rev or head_commit(repo))
    text = changelog(tags, process, title) + _action_plans(action_tags, process) + _programme(programme, process)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        click.echo(f"{target.name} er allerede oppdatert ({len(tags)} behandlinger).")
        return
    from workflow.files import write_atomic

    write_atomic(target, text.encode("utf-8"))
    click.echo(f"Skrev {target.name} med {len(tags)} behandlinger.")


def _title(repo: Repository, root: Path, rev: str | None) -> str:
    from workflow.cli.common import source_for
    from workflow.errors import PlanError
    from workflow.plan.load import load_project

    try:
        plan = load_project(source_for(repo, root, rev))[0].plan
    except PlanError:
        return "planen"
    return f"{plan.title} {plan.period.start}–{plan.period.end}"


def _action_plans(action_tags: list[StageTag], process: Process | None) -> str:
    """The yearly action plans' treatments after the strategy's, newest year first."""
    from workflow.cli.common import action_plan_title, by_action_plan
    from workflow.process.history import as_markdown
    from workflow.process.stages import action_plan_process

    ap_process = action_plan_process(process) if process is not None else None
    tracks = by_action_plan(action_tags)
    parts = [
        f"\n## {action_plan_title(track)}\n\n" + as_markdown(list(reversed(found)), ap_process, level="###")
        for track, found in sorted(tracks.items(), reverse=True)
    ]
    return "".join(parts)


def _programme(tags: list[StageTag], process: Process | None) -> str:
    """The planning programme's treatments (issue 22), last: they came before the plan's."""
    from workflow.process.history import as_markdown
    from workflow.process.stages import programme_process

    if not tags:
        return ""
    return "\n## Planprogrammet\n\n" + as_markdown(
        list(reversed(tags)), programme_process(process) if process else None, level="###"
    )
