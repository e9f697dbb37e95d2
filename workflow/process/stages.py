"""The rules of the political process: which body may treat the plan next.

Pure functions over the process (``plan/prosess.yaml``) and the stage tags on one line of
history, oldest first. Nothing here touches git or files.

* The bodies treat the plan in the order of the process; an optional body (``valgfri: true``,
  e.g. the public consultation) may be skipped, the others may not.
* Each role has its outcomes: ``utkast`` → utkast; ``innstiller`` → innstilling, sendt
  tilbake, utsatt; ``høring`` → på høring (with a deadline); ``vedtar`` → vedtatt, vedtatt med
  endringer, sendt tilbake, utsatt. The first is the default.
* ``utsatt`` (postponed): the same body must treat the plan again before anything else.
* ``sendt tilbake`` (sent back): the plan returns to the last earlier body that treated it in
  this round (a consultation does not count); that body must treat it again, and the bodies
  after it follow in order. With no earlier body the round starts from the beginning.
* ``vedtatt`` from a body with the role ``vedtar`` adopts the plan: nothing more until a new
  round is started with ``plan revise`` (a ``revisjon/DATE`` tag), which starts the
  process from the beginning.
* Meeting dates never go backwards, and after a consultation the next body meets only after
  the deadline.
* A joint plan (issue 11): a body with ``kommune`` belongs to that municipality's line of
  bodies. A body waits only for the earlier bodies of its own municipality and the earlier
  shared bodies (those without ``kommune``); a shared body waits for every earlier body. With
  such bodies, the plan is adopted when every body with the role ``vedtar`` has adopted it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workflow.errors import StageError
from workflow.plan.processmodel import Body, Process, Treatment
from workflow.process.tags import NEW_ROUND, StageTag
from workflow.text.norwegian import format_short_date, slug

ROLE_OUTCOMES: dict[str, tuple[str, ...]] = {
    "utkast": ("utkast",),
    "innstiller": ("innstilling", "sendt tilbake", "utsatt"),
    "høring": ("på høring",),
    "vedtar": ("vedtatt", "vedtatt med endringer", "sendt tilbake", "utsatt"),
}
ADOPTED = ("vedtatt", "vedtatt med endringer")


@dataclass
class State:
    """Where the plan stands after a line of stage tags."""

    position: int = -1  # index of the last body that treated the plan in this round
    passed: set[int] = field(default_factory=set)  # bodies treated (or skipped) in this round
    adoptions: set[int] = field(default_factory=set)  # «vedtar» bodies that adopted in this round
    pending: int | None = None  # a body that must treat the plan next (it postponed, or got it back)
    pending_tag: StageTag | None = None  # the tag that made it pending
    adopted: StageTag | None = None
    last: StageTag | None = None  # the last readable tag on the line, round tags included
    round: list[StageTag] = field(default_factory=list)  # treatments since the last round tag
    deadline: dt.date | None = None  # consultation deadline in this round
    warnings: list[str] = field(default_factory=list)

    @property
    def treatments(self) -> list[Treatment]:
        return [t.treatment for t in self.round if t.treatment is not None]


def _slug(text: str) -> str:
    return slug(text)


def _index(process: Process) -> dict[str, int]:
    return {b.id: i for i, b in enumerate(process.bodies)}


def is_joint(process: Process) -> bool:
    """Bodies of several municipalities in parallel (a joint plan)."""
    return any(b.municipality for b in process.bodies)


def precedes(process: Process, j: int, i: int) -> bool:
    """Body j must come before body i: earlier in the list, and in the same municipality's
    line or shared (no municipality). Without municipalities: simply earlier."""
    if j >= i:
        return False
    a, b = process.bodies[j].municipality, process.bodies[i].municipality
    return a is None or b is None or a == b


def related(process: Process, j: int, i: int) -> bool:
    """Bodies in the same line: the same municipality, or one of them shared. A body that
    postponed or got the plan back holds up only its own line."""
    a, b = process.bodies[j].municipality, process.bodies[i].municipality
    return a is None or b is None or a == b


def _treat(process: Process, st: State, i: int) -> None:
    """Body i treated the plan: it and every body before it count as passed, and the bodies
    after it in its line must (again) follow."""
    st.position = i
    n = len(process.bodies)
    st.passed = (
        {k for k in st.passed if not precedes(process, i, k)} | {i} | {j for j in range(n) if precedes(process, j, i)}
    )
    st.adoptions = {k for k in st.adoptions if not precedes(process, i, k)}


def _check_reserved(process: Process) -> None:
    if NEW_ROUND in _index(process):
        raise StageError(
            f"organ-id-en «{NEW_ROUND}» er reservert for nye behandlingsrunder; gi organet en annen id i plan/prosess.yaml"
        )


def resolve_body(process: Process, text: str, st: State | None = None) -> Body:
    """The body a user named: its id (``horing``), its display name (``Offentlig høring``),
    or a spelling that folds to the id (``høring``). A body that treats the plan more than
    once (``kommunestyre-1``, ``kommunestyre-2``) may be named as the body (``kommunestyre``):
    then the treatment that comes next after ``st``, else the first not yet done."""
    _check_reserved(process)
    if not text or text.startswith("-") or ".." in text or any(ord(c) < 32 for c in text) or len(text) > 60:
        raise StageError(f"ugyldig organ «{text[:60]}»: " + _known(process))
    wanted = text.strip()
    for match in (
        lambda b: b.id == wanted,
        lambda b: b.name.casefold() == wanted.casefold(),
        lambda b: b.id == _slug(wanted),
        lambda b: _slug(b.name) == _slug(wanted),
        lambda b: b.organ == wanted or b.organ == _slug(wanted),
    ):
        found = [b for b in process.bodies if match(b)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1 and len({b.organ for b in found}) == 1:
            return _next_treatment(process, found, st)
    raise StageError(f"ukjent organ «{wanted}»: " + _known(process))


def _next_treatment(process: Process, found: list[Body], st: State | None) -> Body:
    """Of one body's treatments, the one that comes next (else the first not yet done)."""
    if st is None:
        return found[0]
    upcoming = [b for b in next_bodies(process, st) if b in found]
    if upcoming:
        return upcoming[0]
    index = _index(process)
    return next((b for b in found if index[b.id] not in st.passed), found[-1])


def _known(process: Process) -> str:
    return "kjente organer er " + ", ".join(f"{b.id} ({b.name})" for b in process.bodies)


def state(process: Process, history: list[StageTag]) -> State:
    """Walk the stage tags of one line of history (oldest first)."""
    index = _index(process)
    bodies = process.bodies
    st = State()
    for tag in history:
        if tag.error:
            st.warnings.append(f"taggen {tag.name} blir ikke brukt: {tag.error}")
            continue
        if tag.starts_round:
            st = State(last=tag, warnings=st.warnings)
            continue
        i = index.get(tag.stage)
        if i is None:
            st.warnings.append(f"taggen {tag.name} blir ikke brukt: «{tag.stage}» er ikke et organ i plan/prosess.yaml")
            continue
        t = tag.treatment
        assert t is not None  # the tags given are readable meeting tags
        st.last = tag
        st.round.append(tag)
        if t.outcome == "utsatt":
            st.pending, st.pending_tag = i, tag
        elif t.outcome == "sendt tilbake":
            earlier = [
                index[r.stage]
                for r in st.round[:-1]
                if precedes(process, index[r.stage], i) and bodies[index[r.stage]].role != "høring"
            ]
            if earlier:
                st.pending, st.pending_tag = earlier[-1], tag
            else:
                st.position, st.pending, st.pending_tag = -1, None, None
                st.passed, st.adoptions = set(), set()
        else:
            _treat(process, st, i)
            if st.pending is None or related(process, st.pending, i):
                st.pending, st.pending_tag = None, None
            if t.outcome in ADOPTED and bodies[i].role == "vedtar":
                st.adoptions.add(i)
                deciding = {k for k, b in enumerate(bodies) if b.role == "vedtar"}
                if not is_joint(process) or deciding <= st.adoptions:
                    st.adopted = tag
            if t.deadline:
                st.deadline = t.deadline
    return st


def next_bodies(process: Process, st: State) -> list[Body]:
    """The bodies that may treat the plan next, in process order."""
    bodies = process.bodies
    if st.adopted:
        return []
    found = []
    for i, body in enumerate(bodies):
        if st.pending is not None and (i == st.pending or related(process, st.pending, i)):
            if i == st.pending:
                found.append(body)
            continue
        if i in st.passed:
            continue
        waiting = [j for j in range(i) if precedes(process, j, i) and j not in st.passed and not bodies[j].optional]
        if not waiting:
            found.append(body)
    return found


def describe_next(process: Process, st: State) -> str:
    options = next_bodies(process, st)
    if not options:
        return "ingen (planen er vedtatt; start en ny runde med «plan revise»)" if st.adopted else "ingen"
    return " eller ".join(f"{b.label()} ({b.id}{', valgfri' if b.optional else ''})" for b in options)


def _where(tag: StageTag) -> str:
    return f"{tag.name}"


def check_advance(
    process: Process,
    history: list[StageTag],
    body: Body,
    date: dt.date,
    outcome: str | None = None,
    deadline: dt.date | None = None,
) -> tuple[State, str]:
    """Whether ``body`` may treat the plan on ``date`` with ``outcome``; returns the state
    before the step and the outcome (the role's default when None). Raises StageError."""
    _check_reserved(process)
    st = state(process, history)
    allowed = ROLE_OUTCOMES[body.role]
    outcome = outcome or allowed[0]
    if outcome not in allowed:
        raise StageError(
            f"utfallet «{outcome}» passer ikke for {body.name} (rolle {body.role}); bruk "
            + " eller ".join(f"«{o}»" for o in allowed)
        )
    _check_order(process, st, body)
    _check_dates(st, body, date, outcome, deadline)
    return st, outcome


def _check_order(process: Process, st: State, body: Body) -> None:
    """The body comes next in the round: the plan is not adopted, no other body is waited
    for, and no earlier body that must treat the plan is skipped."""
    bodies = process.bodies
    i = _index(process)[body.id]
    if st.adopted is not None:
        t = st.adopted.treatment
        assert t is not None
        raise StageError(
            f"planen ble vedtatt av {bodies[_index(process)[t.stage]].name} {format_short_date(t.date)} ({_where(st.adopted)}). "
            "Start en ny behandlingsrunde med «plan revise --date ÅÅÅÅ-MM-DD» før planen behandles på nytt."
        )
    if st.pending is not None and i != st.pending and related(process, st.pending, i):
        assert st.pending_tag is not None and st.pending_tag.treatment is not None
        waiting = bodies[st.pending]
        what = "utsatte saken" if st.pending_tag.treatment.outcome == "utsatt" else "sendte planen tilbake"
        sender = bodies[_index(process)[st.pending_tag.stage]].name
        raise StageError(
            f"{sender} {what} ({_where(st.pending_tag)}); neste behandling må være i {waiting.name}, ikke {body.name}"
        )
    if st.pending is not None and related(process, st.pending, i):
        return
    own = [r for r in st.round if _index(process).get(r.stage) == i]
    later = [k for k in st.passed if precedes(process, i, k)]
    if i in st.passed and own and not later:
        raise StageError(
            f"{body.name} har allerede behandlet planen i denne runden ({_where(own[-1])}); "
            f"neste kan være: {describe_next(process, st)}"
        )
    if i in st.passed:
        done = bodies[max(later)] if later else bodies[st.position]
        raise StageError(
            f"{body.name} kommer før {done.name} i prosessen, og {done.name} har allerede behandlet planen; "
            f"neste kan være: {describe_next(process, st)}"
        )
    skipped = [b for j, b in enumerate(bodies) if precedes(process, j, i) and j not in st.passed and not b.optional]
    if skipped:
        raise StageError(
            f"{body.name} kan ikke behandle planen før {skipped[0].name} har gjort det "
            f"(rekkefølgen er {' → '.join(b.id for b in bodies)}); neste kan være: {describe_next(process, st)}"
        )


def _check_dates(st: State, body: Body, date: dt.date, outcome: str, deadline: dt.date | None) -> None:
    """Meeting dates follow each other; a consultation has a later deadline, and no body
    decides before the deadline has passed (postponing is allowed)."""
    if st.last is not None and date < st.last.date:
        raise StageError(
            f"møtedatoen {date.isoformat()} er før forrige steg {_where(st.last)}; datoene må følge hverandre"
        )
    if body.role == "høring":
        if deadline is None:
            raise StageError(f"{body.name} trenger en høringsfrist: bruk --frist ÅÅÅÅ-MM-DD")
        if deadline <= date:
            raise StageError(f"høringsfristen {deadline.isoformat()} må være etter datoen {date.isoformat()}")
    elif deadline is not None:
        raise StageError(f"--frist gjelder bare høring, ikke {body.name}")
    elif st.deadline is not None and date <= st.deadline and outcome != "utsatt":
        raise StageError(
            f"høringsfristen {st.deadline.isoformat()} er ikke ute: {body.name} kan behandle planen tidligst dagen etter"
        )


def check_revise(process: Process, history: list[StageTag], date: dt.date) -> State:
    """Whether a new round may start on ``date``. Raises StageError."""
    _check_reserved(process)
    st = state(process, history)
    if st.adopted is None:
        raise StageError(
            "planen er ikke vedtatt ennå, så en ny behandlingsrunde trengs ikke; "
            f"neste kan være: {describe_next(process, st)}"
        )
    if date < st.adopted.date:
        raise StageError(f"datoen {date.isoformat()} er før vedtaket {_where(st.adopted)}")
    return st


def action_plan_process(process: Process) -> Process:
    """The bodies that treat a yearly action plan: the meetings of the plan's process (roles
    «innstiller» and «vedtar»), in order, unless the plan declares the action plan's own route
    (``handlingsplan:`` in plan/prosess.yaml). The action plan goes with the budget: no drafting
    body, no public consultation; each year's plan is its own round (tags
    ``handlingsplan-YYYY/BODY/DATE``), so no «plan revise» is needed between years."""
    if process.action_plan:  # the route declared in plan/prosess.yaml (issue 22)
        return Process(organer=[b.model_dump(by_alias=True) for b in process.action_plan])
    meetings = tuple(b for b in process.bodies if b.role in ("innstiller", "vedtar"))
    return Process(organer=[b.model_dump(by_alias=True) for b in meetings or process.bodies])


def programme_process(process: Process) -> Process | None:
    """The bodies that treat the planning programme (``planprogram:`` in plan/prosess.yaml),
    as a process of their own (tags ``planprogram/BODY/DATE``); None when the plan has none."""
    if not process.programme:
        return None
    return Process(organer=[b.model_dump(by_alias=True) for b in process.programme])
