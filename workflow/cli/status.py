from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workflow.cli.common import process_at, rev_option, source_for

if TYPE_CHECKING:
    from pathlib import Path

    from workflow.plan.model import Process
    from workflow.process.git import Repository


@click.command("status")
@rev_option
@click.pass_context
def command(ctx: click.Context, rev: str | None) -> None:
    """Vis hvor planen står: siste behandling (dato, utfall), neste organ, og hva som er
    endret siden planen neste organ (eller organet før) sist behandlet, som i «plan diff».

    Uten --rev sammenlignes arbeidskopien; med --rev den revisjonen.

    \b
    Eksempel:
      plan status
      plan status --rev formannskap/2020-05-12
    """
    from workflow.app.revision import line_of, repository
    from workflow.cli.common import incomplete_history, plan_root
    from workflow.process.git import dirty_paths, head_commit
    from workflow.process.stages import describe_next, state
    from workflow.process.tags import headline
    from workflow.text.norwegian import format_short_date

    root = plan_root(ctx)
    with repository(root) as repo:
        tags = line_of(repo, rev or head_commit(repo))
        process = process_at(repo, root, rev)
        broken = process is None
        if broken and rev is None:
            process = process_at(repo, root, head_commit(repo))  # the process as committed
        if process is None:
            from workflow.errors import WorkflowError

            raise WorkflowError("planen kan ikke leses; kjør «plan check» for detaljer")
        if partial := incomplete_history(repo):
            click.echo(partial)
        st = state(process, tags)
        for warning in st.warnings:
            click.echo(f"advarsel: {warning}", err=True)
        _programme(repo, process, rev or head_commit(repo))
        if st.last is None:
            click.echo("Ingen behandlinger er registrert ennå.")
        elif st.last.starts_round:
            click.echo(f"Ny behandlingsrunde startet {format_short_date(st.last.date)} ({st.last.name}).")
        else:
            t = st.last.treatment
            assert t is not None  # a readable meeting tag
            name = next((b.label() for b in process.bodies if b.id == t.stage), None)
            click.echo(f"Siste behandling: {headline(t, name)}  [{st.last.name}]")
        if st.adopted is not None and st.adopted is not st.last:
            click.echo(f"Vedtatt: {st.adopted.name}")
        click.echo(f"Neste: {describe_next(process, st)}")
        from workflow.process.versions import comparison_base, describe

        base = comparison_base(process, tags)  # what plan diff and the saksframlegg compare with
        if base is not None:
            click.echo(
                f"Endret siden {describe(base, process)} [{base.name}]: {changes_since(repo, root, base.commit, rev)}"
            )
        if rev is None and dirty_paths(repo, root):
            click.echo("Arbeidskopien har endringer under plan/ eller templates/ som ikke er lagret i git.")
        if broken:
            where = "arbeidskopien" if rev is None else rev
            click.echo(f"Planen i {where} har feil; kjør «plan check» for detaljer.")
        _action_plans(repo, process, rev or head_commit(repo))


def _programme(repo: Repository, process: Process, commit: str) -> None:
    """The planning programme (issue 22): its last treatment and what comes next, or that it
    is still to be treated; nothing for a plan without one."""
    from workflow.process.git import programme_tags
    from workflow.process.stages import describe_next, programme_process, state
    from workflow.process.tags import headline

    pp_process = programme_process(process)
    if pp_process is None:
        return
    st = state(pp_process, programme_tags(repo, merged=commit))
    names = {b.id: b.label() for b in pp_process.bodies}
    if st.last is None or st.last.treatment is None:
        click.echo(f"Planprogrammet: ikke behandlet ennå; neste: {describe_next(pp_process, st)}")
        return
    t = st.last.treatment
    nxt = "ingen (fastsatt)" if st.adopted else describe_next(pp_process, st)
    click.echo(f"Planprogrammet: {headline(t, names.get(t.stage))}  [{st.last.name}]; neste: {nxt}")


def _action_plans(repo: Repository, process: Process, commit: str) -> None:
    """One line per yearly action plan with tags: its last treatment and what comes next."""
    from workflow.cli.common import action_plan_title, by_action_plan
    from workflow.process.git import action_plan_tags
    from workflow.process.stages import action_plan_process, describe_next, state
    from workflow.process.tags import headline

    ap_process = action_plan_process(process)
    names = {b.id: b.label() for b in ap_process.bodies}
    for track, found in by_action_plan(action_plan_tags(repo, merged=commit)).items():
        st = state(ap_process, found)
        title = action_plan_title(track)
        if st.last is None or st.last.treatment is None:
            continue
        t = st.last.treatment
        nxt = "ingen (vedtatt)" if st.adopted else describe_next(ap_process, st)
        click.echo(f"{title}: {headline(t, names.get(t.stage))}  [{st.last.name}]; neste: {nxt}")


KIND_WORDS = (
    ("added", "lagt til"),
    ("changed", "endret"),
    ("removed", "fjernet"),
    ("moved", "flyttet"),
    ("reordered", "ny rekkefølge"),
)


def changes_since(repo: Repository, root: Path, commit: str, rev: str | None) -> str:
    """One line: counts of changed plan items (or files, when the plan cannot be compared)."""
    from workflow.changes.compare import compare
    from workflow.errors import PlanError
    from workflow.process.git import GitSource, changed_files
    from workflow.plan.load import load_project

    try:
        old = load_project(GitSource(repo, commit, root))[0].plan
        new = load_project(source_for(repo, root, rev))[0].plan
    except PlanError:
        pass
    else:
        changes = compare(old, new)
        if not changes:
            return "ingen endringer i planen"
        counts = {kind: len({c.path for c in changes if c.kind == kind}) for kind, _ in KIND_WORDS}  # items
        text = ", ".join(
            f"{counts[k]} {word}" for k, word in KIND_WORDS if counts[k] or k in ("added", "changed", "removed")
        )
        return text + " (se «plan diff»)"
    added, changed, removed = changed_files(repo, root, commit, against=rev)
    if not (added or changed or removed):
        return "ingen filer endret under plan/ eller templates/"
    return f"filer under plan/ og templates/: {len(added)} lagt til, {len(changed)} endret, {len(removed)} fjernet"
