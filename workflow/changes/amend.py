"""Proposals that change the plan by id (issue 24): checked, compared and applied, purely.

A proposal (``Proposal`` in ``plan/model.py``) may carry ``endringer``: set a field of an item
(or of the plan), add an item under its parent (a focus area; a goal for a delmål; the main
goal for an indicator), remove an item, move an item under another parent of its kind, at the
end or after a sibling. ``apply`` gives the plan with the changes of the given proposals made in order; a change
whose target does not exist (a *stale* proposal) or that would break the plan is refused with
a Norwegian message naming the proposal. ``overlaps`` finds proposals that touch the same field
of the same item: alternatives to be voted against each other, and a conflict if both are
adopted.

Everything here works on models and plain data; the plan files themselves are edited by
``plan/yamledit.py`` and the edit is checked against ``apply``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from workflow.errors import Problem, StageError
from workflow.plan.checks import check_plan
from workflow.plan.model import (
    PLAN_TARGET,
    AddItem,
    Ambition,
    FocusArea,
    Goal,
    MainGoal,
    Measure,
    MoveItem,
    Plan,
    Proposal,
    RemoveItem,
    SetField,
    Strategy,
    SubGoal,
)
from workflow.plan.sourcemap import SourceMap, problem_from

# The item kinds of a focus area: kind → (YAML key of the list, model)
KINDS: dict[str, tuple[str, type[BaseModel]]] = {
    "mål": ("mål", Goal),
    "ambisjon": ("ambisjoner", Ambition),
    "strategi": ("strategier", Strategy),
    "tiltak": ("tiltak", Measure),
}
AREA = "satsingsområde"
SUB_GOAL, INDICATOR, MAIN_GOAL = "delmål", "indikator", "hovedmål"
# Items under a parent that is not a focus area: kind → (YAML key of the list, model)
NESTED: dict[str, tuple[str, type[BaseModel]]] = {SUB_GOAL: ("delmål", SubGoal), INDICATOR: ("indikatorer", Ambition)}
# The kind of parent each kind of item stands under (what «under» and «til» must name)
PARENT_KIND = {**{kind: AREA for kind in KINDS}, SUB_GOAL: "mål", INDICATOR: MAIN_GOAL}
PARENT_NOUN = {AREA: "satsingsområdet", "mål": "målet", MAIN_GOAL: "hovedmålet"}
# The lists of child items an item holds: changed by adding, removing and moving them
CHILD_KEYS = {AREA: {key for key, _ in KINDS.values()}, "mål": {"delmål"}, MAIN_GOAL: {"indikatorer"}}
WHOLE = "*"  # a proposal that removes or adds an item touches all of it
PLACE = "plassering"  # a proposal that moves an item touches where it stands
NOT_SETTABLE = {"id", "satsingsområder"}  # changed by adding, removing and moving items


def label(proposal: Proposal, number: int) -> str:
    """How a proposal is named in messages: «forslag F1 (Senterpartiet)», else its number."""
    name = f"forslag {proposal.id}" if proposal.id else f"forslag {number}"
    return f"{name} ({proposal.by})" if proposal.by else name


def adopted(proposals: Iterable[Proposal]) -> list[Proposal]:
    """The proposals adopted in the meeting that change the plan, in the order given."""
    return [p for p in proposals if p.result == "vedtatt" and p.changes]


# --- what a proposal touches ----------------------------------------------------------------


def touches(proposal: Proposal) -> set[tuple[str, str]]:
    """(item id, field) pairs the proposal changes; ``WHOLE`` for an added or removed item."""
    out: set[tuple[str, str]] = set()
    for change in proposal.changes or ():
        if isinstance(change, SetField):
            out.add((change.target, change.field))
        elif isinstance(change, RemoveItem):
            out.add((change.target, WHOLE))
        elif isinstance(change, MoveItem):
            out.add((change.target, PLACE))
        else:
            out.add((str(change.value.get("id", "")), WHOLE))
    return out


def _overlap(a: set[tuple[str, str]], b: set[tuple[str, str]]) -> list[str]:
    """The ids and fields both sets touch («T1.3 kostnad», «S3.1»)."""
    found = []
    for item, field in sorted(a):
        for other, other_field in sorted(b):
            if item == other and (field == other_field or WHOLE in (field, other_field)):
                found.append(item if WHOLE in (field, other_field) else f"{item} {field}")
    return sorted(set(found))


def overlaps(proposals: Sequence[Proposal]) -> list[tuple[int, int, list[str]]]:
    """Pairs of proposals (0-based indexes) that touch the same field of the same item, with
    what they share: alternatives, to be voted against each other («settes opp mot hverandre»)."""
    touched = [touches(p) for p in proposals]
    pairs = []
    for i in range(len(proposals)):
        for j in range(i + 1, len(proposals)):
            shared = _overlap(touched[i], touched[j])
            if shared:
                pairs.append((i, j, shared))
    return pairs


def check_conflicts(proposals: Sequence[Proposal]) -> None:
    """Two adopted proposals may not change the same thing: refused, naming both."""
    chosen = adopted(proposals)
    for i, j, shared in overlaps(chosen):
        raise StageError(
            f"{label(chosen[i], proposals.index(chosen[i]) + 1)} og {label(chosen[j], proposals.index(chosen[j]) + 1)} "
            f"er begge vedtatt, men endrer det samme ({', '.join(shared)}); de er alternativer, så bare ett av "
            "dem kan vedtas: rett resultatet i forslagsfilen"
        )


# --- applying -------------------------------------------------------------------------------


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data under its YAML keys (what ``apply`` edits)."""
    return plan.model_dump(by_alias=True, mode="json", exclude_none=True)


@dataclass(frozen=True)
class Found:
    """An item in the plan data: itself, the list holding it (None for the main goal), its
    index there, its kind and its parent (the plan, a focus area, a goal, the main goal)."""

    item: dict
    holder: list | None
    index: int
    kind: str
    parent: dict


def _located(data: dict[str, Any]) -> Iterator[Found]:
    main = data.get(MAIN_GOAL)
    if isinstance(main, dict):
        yield Found(main, None, 0, MAIN_GOAL, data)
        for i, indicator in enumerate(main.get("indikatorer", ())):
            yield Found(indicator, main["indikatorer"], i, INDICATOR, main)
    for i, area in enumerate(data["satsingsområder"]):
        yield Found(area, data["satsingsområder"], i, AREA, data)
        for kind, (key, _) in KINDS.items():
            for j, item in enumerate(area.get(key, ())):
                yield Found(item, area[key], j, kind, area)
                for k, sub in enumerate(item.get("delmål", ()) if kind == "mål" else ()):
                    yield Found(sub, item["delmål"], k, SUB_GOAL, item)


def _find(data: dict[str, Any], item_id: str) -> Found | None:
    return next((found for found in _located(data) if found.item.get("id") == item_id), None)


def _existing(data: dict[str, Any], item_id: str, what: str) -> Found:
    found = _find(data, item_id)
    if found is None:
        raise StageError(f"{what}: {item_id} finnes ikke i planen (lenger)")
    return found


def _parent(data: dict[str, Any], parent_id: str, kind: str, what: str) -> dict:
    """The item an item of ``kind`` is to stand under: a focus area, a goal, the main goal."""
    wanted = PARENT_KIND[kind]
    found = _find(data, parent_id)
    if found is None or found.kind != wanted:
        article = "en" if found is not None and found.kind in {"ambisjon", "strategi", INDICATOR} else "et"
        also = f" ({parent_id} er {article} {found.kind})" if found is not None else ""
        raise StageError(f"{what}: {PARENT_NOUN[wanted]} {parent_id} finnes ikke i planen{also}")
    return found.item


def _model_of(kind: str) -> type[BaseModel]:
    models: dict[str, type[BaseModel]] = {AREA: FocusArea, MAIN_GOAL: MainGoal}
    return models.get(kind) or {**KINDS, **NESTED}[kind][1]


def _list_key(kind: str) -> str:
    return {**KINDS, **NESTED}[kind][0]


def _checked(model: type[BaseModel], item: dict, what: str) -> None:
    """The changed or added item must be a valid item of its kind (located in words)."""
    try:
        model.model_validate(item)
    except ValidationError as exc:
        problem = problem_from(model, exc.errors()[0], SourceMap())
        where = ".".join(str(p) for p in exc.errors()[0]["loc"])
        raise StageError(f"{what}: {where + ': ' if where else ''}{problem.message}") from None


def _set(data: dict[str, Any], change: SetField, what: str) -> None:
    if change.field in NOT_SETTABLE:
        raise StageError(f"{what}: feltet «{change.field}» kan ikke settes; legg til, fjern eller flytt punktene")
    model: type[BaseModel]
    children: set[str] = set()
    if change.target == PLAN_TARGET:
        target, model = data, Plan
    else:
        found = _existing(data, change.target, what)
        target, model, children = found.item, _model_of(found.kind), CHILD_KEYS.get(found.kind, set())
        if change.field in children:
            raise StageError(
                f"{what}: «{change.field}» er punktene under {change.target}; legg dem til, fjern eller flytt dem"
            )
    allowed = {info.alias or name for name, info in model.model_fields.items()}
    if change.field not in allowed:
        shown = ", ".join(sorted(allowed - NOT_SETTABLE - children))
        raise StageError(f"{what}: {change.target} har ikke feltet «{change.field}» (tillatt: {shown})")
    if change.value is None:
        target.pop(change.field, None)
    else:
        target[change.field] = change.value
    if model is not Plan:
        _checked(model, target, what)


def _add(data: dict[str, Any], change: AddItem, what: str) -> None:
    parent = _parent(data, change.parent, change.kind, what)
    new_id = change.value.get("id")
    if not isinstance(new_id, str):
        raise StageError(f"{what}: det nye punktet mangler feltet «id»")
    if _find(data, new_id) is not None:
        raise StageError(f"{what}: id-en {new_id} er allerede brukt i planen")
    _checked(_model_of(change.kind), dict(change.value), what)
    siblings = parent.setdefault(_list_key(change.kind), [])
    siblings.insert(_position(siblings, change.after, new_id, change.parent, what), dict(change.value))


def _remove(data: dict[str, Any], change: RemoveItem, what: str) -> None:
    found = _existing(data, change.target, what)
    if found.holder is None:
        raise StageError(f"{what}: hovedmålet kan ikke fjernes med «fjern»; bruk «sett: plan, felt: hovedmål»")
    del found.holder[found.index]


def _move(data: dict[str, Any], change: MoveItem, what: str) -> None:
    found = _existing(data, change.target, what)
    if found.kind not in PARENT_KIND or found.holder is None:
        raise StageError(f"{what}: et {found.kind} kan ikke flyttes")
    parent = _parent(data, change.parent, found.kind, what)
    if parent is found.parent and change.after is None:
        raise StageError(f"{what}: {change.target} står allerede under {change.parent}; si hvor med «etter»")
    item = found.holder.pop(found.index)
    siblings = parent.setdefault(_list_key(found.kind), [])
    siblings.insert(_position(siblings, change.after, change.target, change.parent, what), item)


def _position(siblings: list, after: str | None, item_id: str, parent_id: str, what: str) -> int:
    """Where an item goes in its parent's list: right after ``after``, else last."""
    if after is None:
        return len(siblings)
    ids = [s.get("id") for s in siblings]
    if after not in ids:
        raise StageError(f"{what}: {after} står ikke under {parent_id}, så {item_id} kan ikke stå etter det")
    return ids.index(after) + 1


def apply_to_data(data: dict[str, Any], proposals: Sequence[Proposal], numbers: Sequence[int] | None = None) -> None:
    """Make the changes of ``proposals`` in order, in place (``numbers``: 1-based numbers for
    messages, default their order)."""
    for n, proposal in enumerate(proposals):
        name = label(proposal, numbers[n] if numbers else n + 1)
        for k, change in enumerate(proposal.changes or ()):
            what = f"{name}, endring {k + 1}"
            if isinstance(change, SetField):
                _set(data, change, what)
            elif isinstance(change, AddItem):
                _add(data, change, what)
            elif isinstance(change, RemoveItem):
                _remove(data, change, what)
            else:
                _move(data, change, what)


def apply(plan: Plan, proposals: Sequence[Proposal], numbers: Sequence[int] | None = None) -> Plan:
    """The plan with the changes of ``proposals`` made in order; refused (StageError) when a
    target does not exist or the result is not a valid plan (ids, references, years)."""
    data = plan_data(plan)
    apply_to_data(data, proposals, numbers)
    names = ", ".join(label(p, numbers[i] if numbers else i + 1) for i, p in enumerate(proposals))
    try:
        changed = Plan.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        message = problem_from(Plan, error, SourceMap()).message
        raise StageError(f"{names}: planen blir ugyldig ({where}: {message})") from None
    errors = [p for p in check_plan(changed, _nowhere) if not p.warning]
    if errors:
        raise StageError(f"{names}: planen blir ugyldig: {errors[0].message}")
    return changed


def _nowhere(path: tuple, message: str, *, key: bool = False, warning: bool = False) -> Any:
    return Problem("plan/", 0, 0, message, warning=warning)
