"""Proposals that change the plan by id (issue 24): checked, compared and applied, purely.

A proposal (``Proposal`` in ``plan/model.py``) may carry ``endringer``: set a field of an item
(or of the plan), add an item under a focus area, remove an item, move an item to another focus
area. ``apply`` gives the plan with the changes of the given proposals made in order; a change
whose target does not exist (a *stale* proposal) or that would break the plan is refused with
a Norwegian message naming the proposal. ``overlaps`` finds proposals that touch the same field
of the same item: alternatives to be voted against each other, and a conflict if both are
adopted.

Everything here works on models and plain data; the plan files themselves are edited by
``plan/yamledit.py`` and the edit is checked against ``apply``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from workflow.errors import StageError
from workflow.plan.model import (
    PLAN_TARGET,
    AddItem,
    Ambition,
    FocusArea,
    Goal,
    Measure,
    MoveItem,
    Plan,
    Proposal,
    RemoveItem,
    SetField,
    Strategy,
)

# The item kinds of a focus area: kind → (YAML key of the list, model)
KINDS: dict[str, tuple[str, type[BaseModel]]] = {
    "mål": ("mål", Goal),
    "ambisjon": ("ambisjoner", Ambition),
    "strategi": ("strategier", Strategy),
    "tiltak": ("tiltak", Measure),
}
AREA = "satsingsområde"
WHOLE = "*"  # a proposal that removes or adds an item touches all of it
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
            out.add((change.target, AREA))
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


def _find(data: dict[str, Any], item_id: str) -> tuple[list, int, str, dict] | None:
    """(the list holding the item, its index, its kind, its focus area) of an id."""
    for area_list in (data["satsingsområder"],):
        for i, area in enumerate(area_list):
            if area.get("id") == item_id:
                return area_list, i, AREA, area
            for kind, (key, _) in KINDS.items():
                for j, item in enumerate(area.get(key, ())):
                    if item.get("id") == item_id:
                        return area[key], j, kind, area
    return None


def _area(data: dict[str, Any], area_id: str, what: str) -> dict:
    for area in data["satsingsområder"]:
        if area.get("id") == area_id:
            return area
    raise StageError(f"{what}: satsingsområdet {area_id} finnes ikke i planen")


def _model_of(kind: str) -> type[BaseModel]:
    return FocusArea if kind == AREA else KINDS[kind][1]


def _checked(model: type[BaseModel], item: dict, what: str) -> None:
    """The changed or added item must be a valid item of its kind (located in words)."""
    from workflow.plan.load import SourceMap, problem_from

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
    if change.target == PLAN_TARGET:
        target, model = data, Plan
    else:
        found = _find(data, change.target)
        if found is None:
            raise StageError(f"{what}: {change.target} finnes ikke i planen (lenger)")
        holder, index, kind, _ = found
        target, model = holder[index], _model_of(kind)
        if kind == AREA and change.field in {key for key, _ in KINDS.values()}:
            raise StageError(f"{what}: «{change.field}» er punktene i satsingsområdet; legg dem til eller fjern dem")
    allowed = {info.alias or name for name, info in model.model_fields.items()}
    if change.field not in allowed:
        shown = ", ".join(sorted(allowed - NOT_SETTABLE - {key for key, _ in KINDS.values() if model is FocusArea}))
        raise StageError(f"{what}: {change.target} har ikke feltet «{change.field}» (tillatt: {shown})")
    if change.value is None:
        target.pop(change.field, None)
    else:
        target[change.field] = change.value
    if model is not Plan:
        _checked(model, target, what)


def _add(data: dict[str, Any], change: AddItem, what: str) -> None:
    area = _area(data, change.parent, what)
    new_id = change.value.get("id")
    if not isinstance(new_id, str):
        raise StageError(f"{what}: det nye punktet mangler feltet «id»")
    if _find(data, new_id) is not None:
        raise StageError(f"{what}: id-en {new_id} er allerede brukt i planen")
    key, model = KINDS[change.kind]
    _checked(model, dict(change.value), what)
    area.setdefault(key, []).append(dict(change.value))


def _remove(data: dict[str, Any], change: RemoveItem, what: str) -> None:
    found = _find(data, change.target)
    if found is None:
        raise StageError(f"{what}: {change.target} finnes ikke i planen (lenger)")
    holder, index, _, _ = found
    del holder[index]


def _move(data: dict[str, Any], change: MoveItem, what: str) -> None:
    found = _find(data, change.target)
    if found is None:
        raise StageError(f"{what}: {change.target} finnes ikke i planen (lenger)")
    holder, index, kind, area = found
    if kind == AREA:
        raise StageError(f"{what}: et satsingsområde kan ikke flyttes til et annet satsingsområde")
    target = _area(data, change.parent, what)
    if target is area:
        raise StageError(f"{what}: {change.target} er allerede i satsingsområdet {change.parent}")
    target.setdefault(KINDS[kind][0], []).append(holder.pop(index))


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
    from workflow.plan.checks import check_plan

    data = plan_data(plan)
    apply_to_data(data, proposals, numbers)
    names = ", ".join(label(p, numbers[i] if numbers else i + 1) for i, p in enumerate(proposals))
    try:
        changed = Plan.model_validate(data)
    except ValidationError as exc:
        from workflow.plan.load import SourceMap, problem_from

        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        message = problem_from(Plan, error, SourceMap()).message
        raise StageError(f"{names}: planen blir ugyldig ({where}: {message})") from None
    errors = [p for p in check_plan(changed, _nowhere) if not p.warning]
    if errors:
        raise StageError(f"{names}: planen blir ugyldig: {errors[0].message}")
    return changed


def _nowhere(path: tuple, message: str, *, key: bool = False, warning: bool = False) -> Any:
    from workflow.errors import Problem

    return Problem("plan/", 0, 0, message, warning=warning)
