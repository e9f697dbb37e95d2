"""Two plans compared by meaning: what was added, removed, changed, moved or reordered.

Pure: ``compare(a, b)`` takes two validated ``Plan`` models and returns a list of ``Change``.
Items (focus areas, goals, ambitions, strategies, measures) are matched by id across the whole
plan, never by file or line, so renaming a YAML file, moving a focus area to another file,
reformatting, re-wrapping text or reordering keys is no change.

Kinds:

* ``added`` / ``removed``: an item exists in only one plan (``new`` / ``old`` holds its own
  fields; the items of an added or removed focus area are reported one by one);
* ``changed``: one field of an item (or of the plan) differs; ``field`` is the YAML key, text
  changes also carry ``words``, a word-level diff (see ``wordiff.py``);
* ``moved``: an item now belongs to another focus area (field ``satsingsområde``), or a
  strategy serves other goals (field ``mål``), or a measure follows other strategies
  (field ``strategier``);
* ``reordered``: an item has another place among its siblings (old/new: 1-based positions),
  or the same links are listed in another order (field ``mål``/``strategier``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field as dc_field
from typing import Any

from workflow.plan.model import Ambition, FocusArea, Goal, Measure, Part, Plan, Strategy
from workflow.text.markdown import plain
from workflow.text.wordiff import word_diff

ADDED, REMOVED, CHANGED, MOVED, REORDERED = "added", "removed", "changed", "moved", "reordered"
KINDS = (ADDED, REMOVED, CHANGED, MOVED, REORDERED)
PLAN, AREA, GOAL, AMBITION, STRATEGY, MEASURE = "plan", "satsingsområde", "mål", "ambisjon", "strategi", "tiltak"
TYPES = (PLAN, AREA, GOAL, AMBITION, STRATEGY, MEASURE)

# (type, attribute of FocusArea, YAML key) for the items inside a focus area, in document order.
CHILDREN = (
    (GOAL, "goals", "mål"),
    (AMBITION, "ambitions", "ambisjoner"),
    (STRATEGY, "strategies", "strategier"),
    (MEASURE, "measures", "tiltak"),
)
Item = FocusArea | Goal | Ambition | Strategy | Measure  # what is matched by id
# Fields that are links to other items, per item type: (attribute, YAML key).
LINKS = {STRATEGY: ("goals", "mål"), MEASURE: ("strategies", "strategier")}
_SKIP = {"id", "focus_areas", "goals", "ambitions", "strategies", "measures"}


@dataclass(frozen=True)
class Side:
    """One side of a comparison, as the writers and the sentences name it."""

    revision: str  # what the user named: a tag, a branch, a commit, or "arbeidskopien"
    commit: str | None  # full commit id, None for the working tree
    words: str | None = None  # the version in words: «vedtatt plan 18. juni 2020»


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    type: str  # one of TYPES
    id: str | None  # the item's id; None for the plan itself
    path: str  # e.g. "SO1/tiltak/T1.3"; "plan" for plan fields
    field: str | None  # YAML key of the changed field, None for a whole item
    old: Any = None  # JSON-like values: str, int, float, list, dict, None
    new: Any = None
    words: tuple[tuple[str, str], ...] | None = dc_field(default=None, compare=False)

    def as_json(self) -> dict:
        return {k: getattr(self, k) for k in ("kind", "type", "id", "path", "field", "old", "new")}


# --- normalised values ------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0]+")
_BLOCK_START = re.compile(r"^([-*+] |\d+[.)] )")


def normalize_text(text: str) -> str:
    """Text as it reads, not as it was wrapped in YAML: lines joined into paragraphs (a
    Markdown soft break is a space), list items kept on their own lines, blank line between
    paragraphs, runs of spaces collapsed, ends stripped."""
    out: list[str] = []
    blank = True
    for raw in text.strip().splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            blank = True
            continue
        if blank:
            if out:
                out.append("\n\n")
            out.append(line)
        elif _BLOCK_START.match(line):
            out.append("\n" + line)
        else:
            out.append(" " + line)
        blank = False
    return "".join(out)


def plain_value(value: Any) -> Any:
    """A model value as JSON-like data with texts normalised and whole floats as ints."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(by_alias=True, mode="json", exclude_defaults=True)
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    return value


def own_fields(item: Part) -> dict[str, Any]:
    """The item's own fields by YAML key (no id, no child items, no links), normalised."""
    fields = {}
    links = {attr for attr, _ in LINKS.values()}
    for name, info in type(item).model_fields.items():
        if name in _SKIP or name in links:
            continue
        fields[info.alias or name] = plain_value(getattr(item, name))
    return fields


def _summary_of(kind: str, item: Item) -> dict[str, Any]:
    """What an added/removed item is: its fields, with links, without children."""
    data = {"id": item.id, **own_fields(item)}
    if kind in LINKS:
        attr, key = LINKS[kind]
        data[key] = list(getattr(item, attr))
    return data


# --- the comparison ---------------------------------------------------------------------


def _index(plan: Plan) -> dict[tuple[str, str], tuple[Any, str, int]]:
    """(type, id) → (item, focus area id, position in its list)."""
    found = {}
    for i, area in enumerate(plan.focus_areas):
        found[(AREA, area.id)] = (area, area.id, i)
        for kind, attr, _ in CHILDREN:
            for j, item in enumerate(getattr(area, attr)):
                found[(kind, item.id)] = (item, area.id, j)
    return found


def _path(area_id: str, kind: str, item_id: str) -> str:
    if kind == AREA:
        return area_id
    key = next(k for t, _, k in CHILDREN if t == kind)
    return f"{area_id}/{key}/{item_id}"


def _field_changes(kind: str, item_id: str | None, path: str, old_item: Part, new_item: Part) -> list[Change]:
    old_fields, new_fields = own_fields(old_item), own_fields(new_item)
    changes = []
    for key, new in new_fields.items():
        old = old_fields.get(key)
        if old == new:
            continue
        words = None
        if isinstance(old, (str, type(None))) and isinstance(new, (str, type(None))):
            # words as the reader sees them: Markdown marks never show in a diff
            words = tuple(word_diff(plain(old or ""), plain(new or "")))
        changes.append(Change(CHANGED, kind, item_id, path, key, old, new, words))
    return changes


def _link_changes(kind: str, item_id: str, path: str, old_item: Item, new_item: Item) -> list[Change]:
    if kind not in LINKS:
        return []
    attr, key = LINKS[kind]
    old, new = list(getattr(old_item, attr)), list(getattr(new_item, attr))
    if old == new:
        return []
    if sorted(old) == sorted(new) and len(set(old)) == len(old):
        return [Change(REORDERED, kind, item_id, path, key, old, new)]
    return [Change(MOVED, kind, item_id, path, key, old, new)]


def _out_of_order(old_ids: list[str], new_ids: list[str]) -> set[str]:
    """Ids common to both lists that are not on a longest common subsequence. Of the longest
    ones, the subsequence that keeps the most items at their own place (1-based number in the
    list) is chosen, so an item whose number did not change is never reported as moved."""
    common = set(old_ids) & set(new_ids)
    a = [i for i in old_ids if i in common]
    b = [i for i in new_ids if i in common]
    if a == b:
        return set()
    if len(b) > _SMALL_LIST:  # quadratic below; long lists take any longest subsequence
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        kept = {x for block in matcher.get_matching_blocks() for x in a[block.a : block.a + block.size]}
        return common - kept
    where = {x: i for i, x in enumerate(a)}
    seq = [where[x] for x in b]
    stays = [int(old_ids.index(x) == new_ids.index(x)) for x in b]
    # best[j]: (length, items at their own place) of the best increasing run ending at j.
    best: list[tuple[int, int]] = []
    before: list[int | None] = []
    for j in range(len(seq)):
        score, prev = (1, stays[j]), None
        for i in range(j):
            if seq[i] < seq[j] and (best[i][0] + 1, best[i][1] + stays[j]) >= score:
                score, prev = (best[i][0] + 1, best[i][1] + stays[j]), i
        best.append(score)
        before.append(prev)
    j = max(range(len(seq)), key=lambda k: (best[k], k))
    kept = set()
    while j is not None:
        kept.add(b[j])
        j = before[j]  # type: ignore[assignment]
    return common - kept


_SMALL_LIST = 400


def compare(a: Plan, b: Plan) -> list[Change]:
    """Every difference from plan ``a`` to plan ``b``, in the order of ``b``'s document
    (plan fields first; items removed from an area after that area's remaining items)."""
    changes = _field_changes(PLAN, None, PLAN, a, b)

    old_index, new_index = _index(a), _index(b)
    old_areas = [x.id for x in a.focus_areas]
    new_areas = [x.id for x in b.focus_areas]
    area_order = _out_of_order(old_areas, new_areas)

    for area in b.focus_areas:
        changes.extend(_item_changes(AREA, area, area.id, old_index, area_order, old_areas, new_areas))
        old_area = old_index.get((AREA, area.id), (None,))[0]
        for kind, attr, _ in CHILDREN:
            new_items = getattr(area, attr)
            old_items = getattr(old_area, attr) if old_area is not None else ()
            old_ids = [x.id for x in old_items]
            new_ids = [x.id for x in new_items]
            order = _out_of_order(old_ids, new_ids)
            for item in new_items:
                changes.extend(_item_changes(kind, item, area.id, old_index, order, old_ids, new_ids))
            for item in old_items:
                if (kind, item.id) not in new_index:
                    changes.append(
                        Change(
                            REMOVED, kind, item.id, _path(area.id, kind, item.id), None, _summary_of(kind, item), None
                        )
                    )

    for area in a.focus_areas:
        if (AREA, area.id) in new_index:
            continue  # its removed items were reported with the area above
        changes.append(Change(REMOVED, AREA, area.id, area.id, None, _summary_of(AREA, area), None))
        for kind, attr, _ in CHILDREN:
            for item in getattr(area, attr):
                if (kind, item.id) not in new_index:
                    changes.append(
                        Change(
                            REMOVED, kind, item.id, _path(area.id, kind, item.id), None, _summary_of(kind, item), None
                        )
                    )
    return changes


def _item_changes(
    kind: str,
    item: Item,
    area_id: str,
    old_index: dict[tuple[str, str], tuple[Any, str, int]],
    out_of_order: set[str],
    old_ids: list[str],
    new_ids: list[str],
) -> list[Change]:
    path = _path(area_id, kind, item.id)
    found = old_index.get((kind, item.id))
    if found is None:
        return [Change(ADDED, kind, item.id, path, None, None, _summary_of(kind, item))]
    old_item, old_area, _ = found
    changes = []
    if kind != AREA and old_area != area_id:
        changes.append(Change(MOVED, kind, item.id, path, AREA, old_area, area_id))
    changes.extend(_link_changes(kind, item.id, path, old_item, item))
    changes.extend(_field_changes(kind, item.id, path, old_item, item))
    if item.id in out_of_order:
        changes.append(
            Change(REORDERED, kind, item.id, path, None, old_ids.index(item.id) + 1, new_ids.index(item.id) + 1)
        )
    return changes


# --- summary ----------------------------------------------------------------------------


def cost_table(old: dict[int, int], new: dict[int, int]) -> list[dict[str, int]]:
    years = sorted(set(old) | set(new))
    rows = []
    for year in years:
        o, n = old.get(year, 0), new.get(year, 0)
        if o or n:
            rows.append({"year": year, "old": o, "new": n, "delta": n - o})
    return rows


def summarize(changes: list[Change], a: Plan, b: Plan) -> dict:
    """Counts of changed items by kind, by type and by kind × type (a measure with two changed
    fields counts once), and total cost per year before and after.

    ``{"total": n, "by_kind": {kind: n}, "by_type": {type: n}, "counts": {kind: {type: n}},
    "cost": {"per_year": [{"year", "old", "new", "delta"}], "old", "new", "delta"}}``
    (only kinds and types that occur; cost in whole NOK).
    """
    by_kind: dict[str, int] = {}
    by_type: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}
    for kind in KINDS:
        for type_ in TYPES:
            # items, not fields: a measure with two changed fields is one changed measure
            n = len({c.path for c in changes if c.kind == kind and c.type == type_})
            if n:
                counts.setdefault(kind, {})[type_] = n
                by_kind[kind] = by_kind.get(kind, 0) + n
                by_type[type_] = by_type.get(type_, 0) + n
    rows = cost_table(a.costs_per_year(), b.costs_per_year())
    old_total = sum(r["old"] for r in rows)
    new_total = sum(r["new"] for r in rows)
    return {
        "total": sum(by_kind.values()),
        "by_kind": by_kind,
        "by_type": {t: by_type[t] for t in TYPES if t in by_type},
        "counts": counts,
        "cost": {"per_year": rows, "old": old_total, "new": new_total, "delta": new_total - old_total},
    }


def area_of(change: Change) -> str | None:
    """The focus area id a change belongs to (None for plan fields)."""
    if change.type == PLAN:
        return None
    return change.path.split("/", 1)[0]
