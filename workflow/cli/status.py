from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workflow.cli.common import plan_root, rev_option
from workflow.text.norwegian import format_short_date

if TYPE_CHECKING:
    from workflow.app.status import Since, Status, Track

KIND_WORDS = (
    ("added", "lagt til"),
    ("changed", "endret"),
    ("removed", "fjernet"),
    ("moved", "flyttet"),
    ("reordered", "ny rekkefølge"),
)


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
    from workflow.app.status import status  # lazy: plan --help loads no library

    show(status(plan_root(ctx), rev), rev)


def show(st: Status, rev: str | None) -> None:
    """``plan status`` on the terminal: the programme, the strategy, then the action plans."""
    from workflow.process.stages import describe_next  # lazy: the plan's model (pydantic), after parsing
    from workflow.process.tags import headline  # lazy: as above
    from workflow.process.versions import describe  # lazy: as above

    process, state = st.process, st.state
    if st.partial:
        click.echo(st.partial)
    for warning in state.warnings:
        click.echo(f"advarsel: {warning}", err=True)
    if st.programme is not None:
        _programme(st.programme)
    if state.last is None:
        click.echo("Ingen behandlinger er registrert ennå.")
    elif state.last.starts_round:
        click.echo(f"Ny behandlingsrunde startet {format_short_date(state.last.date)} ({state.last.name}).")
    else:
        t = state.last.treatment
        assert t is not None  # a readable meeting tag
        name = next((b.label() for b in process.bodies if b.id == t.stage), None)
        click.echo(f"Siste behandling: {headline(t, name)}  [{state.last.name}]")
    if state.adopted is not None and state.adopted is not state.last:
        click.echo(f"Vedtatt: {state.adopted.name}")
    click.echo(f"Neste: {describe_next(process, state)}")
    if st.base is not None and st.since is not None:
        click.echo(f"Endret siden {describe(st.base, process)} [{st.base.name}]: {in_words(st.since)}")
    if st.dirty:
        click.echo("Arbeidskopien har endringer under plan/ eller templates/ som ikke er lagret i git.")
    if st.broken:
        where = "arbeidskopien" if rev is None else rev
        click.echo(f"Planen i {where} har feil; kjør «plan check» for detaljer.")
    for track in st.action_plans:
        _action_plan(track)


def _programme(track: Track) -> None:
    """The planning programme (issue 22): its last treatment and what comes next, or that it
    is still to be treated."""
    from workflow.process.stages import describe_next  # lazy: as in show()
    from workflow.process.tags import headline  # lazy: as in show()

    st = track.state
    names = {b.id: b.label() for b in track.process.bodies}
    if st.last is None or st.last.treatment is None:
        click.echo(f"Planprogrammet: ikke behandlet ennå; neste: {describe_next(track.process, st)}")
        return
    t = st.last.treatment
    nxt = "ingen (fastsatt)" if st.adopted else describe_next(track.process, st)
    click.echo(f"Planprogrammet: {headline(t, names.get(t.stage))}  [{st.last.name}]; neste: {nxt}")


def _action_plan(track: Track) -> None:
    """One line for a yearly action plan with treatments: its last one and what comes next."""
    from workflow.process.stages import describe_next  # lazy: as in show()
    from workflow.process.tags import headline  # lazy: as in show()

    st = track.state
    if st.last is None or st.last.treatment is None:
        return
    names = {b.id: b.label() for b in track.process.bodies}
    t = st.last.treatment
    nxt = "ingen (vedtatt)" if st.adopted else describe_next(track.process, st)
    click.echo(f"{track.title}: {headline(t, names.get(t.stage))}  [{st.last.name}]; neste: {nxt}")


def in_words(since: Since) -> str:
    """One line: counts of changed plan items (or files, when the plan cannot be compared)."""
    if since.items is not None:
        counts = since.items
        if not any(counts.values()):
            return "ingen endringer i planen"
        text = ", ".join(
            f"{counts[k]} {word}" for k, word in KIND_WORDS if counts[k] or k in ("added", "changed", "removed")
        )
        return text + " (se «plan diff»)"
    assert since.files is not None
    added, changed, removed = since.files
    if not (added or changed or removed):
        return "ingen filer endret under plan/ eller templates/"
    return f"filer under plan/ og templates/: {added} lagt til, {changed} endret, {removed} fjernet"
