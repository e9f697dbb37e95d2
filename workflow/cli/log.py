from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workflow.cli.common import rev_option

if TYPE_CHECKING:
    from workflow.plan.model import Process
    from workflow.process.tags import StageTag


@click.command("log")
@rev_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Utformat.",
)
@click.pass_context
def command(ctx: click.Context, rev: str | None, fmt: str) -> None:
    """Vis behandlingene av planen: én oppføring per behandlingstag, eldste først, med
    dato, organ, saksnummer, utfall, forslag, votering og vedtak.

    \b
    Eksempler:
      plan log
      plan log --format markdown > behandlinger.md
      plan log --format json --rev kommunestyre/2020-06-18
    """
    from workflow.app.revision import repository
    from workflow.cli.common import incomplete_history, plan_root
    from workflow.cli.common import process_for
    from workflow.process.git import line_tags, resolve_commit
    from workflow.process.history import as_json, as_markdown, as_text
    from workflow.process.stages import state

    root = plan_root(ctx)
    with repository(root) as repo:
        tags, action_tags, programme = line_tags(repo, resolve_commit(repo, rev) if rev else None)  # one git call
        process = process_for(repo, root, rev, alone=True)  # not the whole plan
        partial = incomplete_history(repo)
    if partial:
        click.echo(f"advarsel: {partial}", err=True)
        if fmt == "text":
            click.echo(partial + "\n")
    if process is not None:
        for warning in state(process, tags).warnings:
            click.echo(f"advarsel: {warning}", err=True)
    render = {"text": as_text, "markdown": as_markdown, "json": as_json}[fmt]
    if not action_tags and not programme:
        click.echo(render(tags, process), nl=False)
        return
    if process is not None:
        from workflow.process.stages import action_plan_process

        for warning in state(action_plan_process(process), [t for t in action_tags if t.error]).warnings:
            click.echo(f"advarsel: {warning}", err=True)
    click.echo(with_action_plans(fmt, tags, process, action_tags, programme), nl=False)


def with_action_plans(
    fmt: str,
    tags: list[StageTag],
    process: Process | None,
    action_tags: list[StageTag],
    programme: list[StageTag] | None = None,
) -> str:
    """The planning programme's process (``planprogram/…`` tags, when there are any), the
    strategy's, then each yearly action plan's (``handlingsplan-YYYY/…`` tags)."""
    import json

    from workflow.cli.common import action_plan_title, by_action_plan
    from workflow.process.history import as_markdown, as_text, entry
    from workflow.process.stages import action_plan_process, programme_process

    ap_process = action_plan_process(process) if process is not None else None
    pp_process = programme_process(process) if process is not None else None
    tracks = {"Planprogrammet": programme} if programme else {}
    tracks.update({action_plan_title(track): found for track, found in by_action_plan(action_tags).items()})
    if fmt == "json":
        data = [{**entry(t, pp_process), "prosess": t.track} for t in programme or ()]
        data += [entry(t, process) for t in tags]
        data += [{**entry(t, ap_process), "prosess": t.track} for t in action_tags]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def of(title: str) -> Process | None:
        return pp_process if title == "Planprogrammet" else ap_process

    if fmt == "markdown":
        parts = [f"## {title}\n\n" + as_markdown(found, of(title), level="###") for title, found in tracks.items()]
        parts.insert(1 if programme else 0, "## Strategien\n\n" + as_markdown(tags, process, level="###"))
        return "\n".join(parts)
    parts = [f"{title}\n{'=' * len(title)}\n\n" + as_text(found, of(title)) for title, found in tracks.items()]
    parts.insert(1 if programme else 0, "Strategien\n==========\n\n" + as_text(tags, process))
    return "\n".join(parts)
