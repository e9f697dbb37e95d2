"""Edit the plan's YAML files in place, item by item, keeping everything else as written.

Used to write a plan amended by adopted proposals (issue 24): a changed field replaces only
that key's lines, an added item is appended to its list, a removed item's lines go, a moved
item's own lines move (re-indented) to the end of its new parent's list or right after a
sibling. Items are found by id at any depth: focus areas, their items, delmål under a goal,
the main goal and its indicators. Comments, key order, wrapping
and the other items stay byte for byte. Positions come from PyYAML's node tree (composed
again after every edit, the files are small); the values written come from the amended plan
model, so the caller can check that the edited files read back as exactly that plan.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from workflow.errors import StageError
from workflow.plan.model import FOCUS_KEY, PLAN_TARGET, AddItem, MoveItem, Plan, Proposal, RemoveItem, SetField

PLAN_FILE = "plan/plan.yaml"
LIST_KEYS = {
    "mål": "mål",
    "ambisjon": "ambisjoner",
    "strategi": "strategier",
    "tiltak": "tiltak",
    "delmål": "delmål",
    "indikator": "indikatorer",
}


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, multi-line text as a literal block."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:  # noqa: D102
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Several lines as a literal block (``|``), a long line folded (``>``) as the plan files
    are written, a short one plain."""
    core = value.strip("\n")
    style = "|" if "\n" in core else (">" if len(core) > 60 and core == core.strip() else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", core + ("\n" if style else ""), style=style)


_Dumper.add_representer(str, _text)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def render(value: Any, indent: int) -> list[str]:
    """``value`` (a mapping or a list) as YAML lines, each indented by ``indent`` spaces."""
    text = yaml.dump(_plain(value), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=80, indent=2)
    return [(" " * indent + line) if line.strip() else "" for line in text.splitlines()]


# --- positions ----------------------------------------------------------------------------


def _end(node: Node) -> int:
    """The line after the node's last line (0-based, exclusive)."""
    if isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        return _end(last[1] if isinstance(node, MappingNode) else last)
    mark = node.end_mark
    return mark.line if mark.column == 0 else mark.line + 1


def _value_of(mapping: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


@dataclass(frozen=True)
class Place:
    """Where an item stands: its file, its mapping, the list holding it (None for a focus area
    that is a file of its own or the plan itself) and that list's key in the parent mapping."""

    file: str
    node: MappingNode
    seq: SequenceNode | None
    parent: MappingNode | None


def _walk(node: Node, file: str, seq: SequenceNode | None, parent: MappingNode | None) -> Iterator[tuple[str, Place]]:
    if isinstance(node, MappingNode):
        found = _value_of(node, "id")
        if found is not None and isinstance(found[1], ScalarNode):
            yield found[1].value, Place(file, node, seq, parent)
        for _, value in node.value:
            if isinstance(value, SequenceNode):
                for entry in value.value:
                    yield from _walk(entry, file, value, node)
            elif isinstance(value, MappingNode):
                yield from _walk(value, file, None, node)


def _compose(text: str, file: str) -> MappingNode:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, MappingNode):
        raise StageError(f"{file}: forventet felter (nøkkel: verdi) øverst i filen")
    return node


def find(texts: dict[str, str], item_id: str) -> Place | None:
    """Where ``item_id`` stands in the plan files (``plan`` for the plan itself)."""
    if item_id == PLAN_TARGET:
        return Place(PLAN_FILE, _compose(texts[PLAN_FILE], PLAN_FILE), None, None)
    for file in sorted(texts):
        for found, place in _walk(_compose(texts[file], file), file, None, None):
            if found == item_id:
                if place.node.flow_style:
                    raise StageError(f"{file}: {item_id} står i flytstil ({{…}}) og kan ikke endres automatisk")
                return place
    return None


def plan_files(plan_yaml: str) -> list[str]:
    """plan.yaml and the focus area files it includes (repository-relative paths)."""
    data = yaml.safe_load(plan_yaml) or {}
    files = [PLAN_FILE]
    for entry in data.get(FOCUS_KEY) or ():
        if isinstance(entry, str):
            files.append(posixpath.normpath(posixpath.join("plan", entry)))
    return files


# --- edits on lines -------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _trim(lines: list[str], start: int, end: int) -> int:
    """``end`` moved back over blank lines and comments (they belong to what follows)."""
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _entry_span(lines: list[str], place: Place) -> tuple[int, int, int]:
    """(first line, line after the last, column of the dash) of a list entry."""
    start = place.node.start_mark.line
    if not lines[start].lstrip().startswith("-") and start > 0 and lines[start - 1].strip() == "-":
        start -= 1
    dash = len(lines[start]) - len(lines[start].lstrip())
    return start, _trim(lines, start, _end(place.node)), dash


def _key_column(mapping: MappingNode) -> int:
    return mapping.value[0][0].start_mark.column if mapping.value else mapping.start_mark.column


def set_field(text: str, place: Place, field: str, value: Any) -> str:
    """The key ``field`` of the item at ``place`` set to ``value`` (None: the key removed)."""
    lines = _lines(text)
    found = _value_of(place.node, field)
    column = _key_column(place.node)
    new = [] if value is None else render({field: value}, column)
    if found is not None and new and _one_line_flow(found[1]) and isinstance(value, (dict, list)):
        flow = yaml.safe_dump(_plain(value), default_flow_style=True, allow_unicode=True, width=10**6).strip()
        new = [" " * column + f"{field}: {flow}"] if "\n" not in flow else new  # kept as written: {…} or […]
    if found is not None:
        start = found[0].start_mark.line
        end = _trim(lines, start, _end(found[1]))
        if new:
            new[0] = lines[start][: found[0].start_mark.column] + new[0].lstrip()  # keep «- » before a first key
        elif start == place.node.start_mark.line:
            raise StageError(f"{place.file}: det første feltet i et punkt kan ikke fjernes automatisk")
        lines[start:end] = new
    elif new:
        end = _trim(lines, place.node.start_mark.line, _end(place.node))
        lines[end:end] = new
    return "\n".join(lines)


def _one_line_flow(node: Node) -> bool:
    return (
        isinstance(node, (MappingNode, SequenceNode))
        and bool(node.flow_style)
        and (node.start_mark.line == node.end_mark.line)
    )


def remove_entry(text: str, place: Place) -> tuple[str, list[str], int]:
    """The text without the item's lines; also those lines and their dash column."""
    lines = _lines(text)
    start, end, dash = _entry_span(lines, place)
    removed = lines[start:end]
    if place.seq is not None and len(place.seq.value) == 1 and place.parent is not None:
        key = next(k for k, v in place.parent.value if v is place.seq)
        lines[key.start_mark.line : end] = [lines[key.start_mark.line].split(":", 1)[0] + ": []"]
    else:
        del lines[start:end]
    return "\n".join(lines), removed, dash


def _shift(lines: Sequence[str], by: int) -> list[str]:
    if by >= 0:
        return [(" " * by + line) if line.strip() else line for line in lines]
    return [line[-by:] if line[:-by].strip() == "" else line.lstrip() for line in lines]


def insert_after(text: str, sibling: Place, entry: list[str], dash: int) -> str:
    """``entry`` (lines of a list entry whose dash stands at column ``dash``) put right after
    the list entry at ``sibling``, at its indentation."""
    lines = _lines(text)
    _, end, column = _entry_span(lines, sibling)
    lines[end:end] = _shift(entry, column - dash)
    return "\n".join(lines)


def add_entry(text: str, area: Place, key: str, entry: list[str], dash: int) -> str:
    """``entry`` (lines of a list entry whose dash stands at column ``dash``) appended to the
    list ``key`` of the item at ``area`` (a focus area, a goal, the main goal)."""
    lines = _lines(text)
    found = _value_of(area.node, key)
    column = _key_column(area.node)
    if found is not None and isinstance(found[1], SequenceNode) and found[1].value and not found[1].flow_style:
        seq = found[1]
        first = seq.value[0].start_mark
        at = first.line if lines[first.line].lstrip().startswith("-") else first.line - 1
        target = len(lines[at]) - len(lines[at].lstrip())
        end = _trim(lines, at, _end(seq))
        lines[end:end] = _shift(entry, target - dash)
    elif found is not None:
        start = found[0].start_mark.line
        end = _trim(lines, start, _end(found[1]))
        lines[start:end] = [lines[start][: found[0].start_mark.column] + f"{key}:", *_shift(entry, column + 2 - dash)]
    else:
        end = _trim(lines, area.node.start_mark.line, _end(area.node))
        lines[end:end] = [" " * column + f"{key}:", *_shift(entry, column + 2 - dash)]
    return "\n".join(lines)


# --- the proposals, in order ------------------------------------------------------------------


def _dumped(after: Plan, item_id: str) -> tuple[dict[str, Any], str]:
    """The item (or the plan) as YAML data, without defaults, and its kind."""
    if item_id == PLAN_TARGET:
        return after.model_dump(by_alias=True, mode="json", exclude_none=True), PLAN_TARGET
    main = after.main_goal
    found: list[tuple[str, Any]] = [("hovedmål", main)] if main else []
    found += [("indikator", indicator) for indicator in (main.indicators if main else ())]
    found += [(kind, item) for kind, item, _ in after.items()]
    for kind, item in found:
        if item.id == item_id:
            return item.model_dump(by_alias=True, mode="json", exclude_defaults=True), kind
    raise StageError(f"{item_id} finnes ikke i den endrede planen")  # pragma: no cover - apply checked it


def _place(texts: dict[str, str], item_id: str, what: str) -> Place:
    place = find(texts, item_id)
    if place is None:
        raise StageError(f"{what}: fant ikke {item_id} i planfilene")
    return place


def edit_files(texts: dict[str, str], after: Plan, proposals: Sequence[Proposal]) -> dict[str, str]:
    """The plan files (``texts``: path → text) with the changes of ``proposals`` made in order;
    each value written is the one in ``after``, the plan ``changes/amend.py`` computed."""
    texts = dict(texts)
    for n, proposal in enumerate(proposals, 1):
        for k, change in enumerate(proposal.changes or (), 1):
            what = f"forslag {proposal.id or n}, endring {k}"
            if isinstance(change, SetField):
                place = _place(texts, change.target, what)
                data, _ = _dumped(after, change.target)
                texts[place.file] = set_field(texts[place.file], place, change.field, data.get(change.field))
            elif isinstance(change, AddItem):
                data, _ = _dumped(after, str(change.value["id"]))
                _put(texts, change.parent, LIST_KEYS[change.kind], change.after, render([data], 0), 0, what)
            elif isinstance(change, RemoveItem):
                place = _place(texts, change.target, what)
                texts[place.file] = remove_entry(texts[place.file], place)[0]
            elif isinstance(change, MoveItem):
                _move(texts, change, what, after)
    return texts


def _move(texts: dict[str, str], change: MoveItem, what: str, after: Plan) -> None:
    place = _place(texts, change.target, what)
    _, kind = _dumped(after, change.target)
    texts[place.file], entry, dash = remove_entry(texts[place.file], place)
    _put(texts, change.parent, LIST_KEYS[kind], change.after, entry, dash, what)


def _put(
    texts: dict[str, str], parent_id: str, key: str, after: str | None, entry: list[str], dash: int, what: str
) -> None:
    """``entry`` into the list ``key`` of ``parent_id``: right after the sibling ``after``, else last."""
    if after is not None:
        sibling = _place(texts, after, what)
        texts[sibling.file] = insert_after(texts[sibling.file], sibling, entry, dash)
        return
    parent = _place(texts, parent_id, what)
    texts[parent.file] = add_entry(texts[parent.file], parent, key, entry, dash)
