"""Word tracked changes: document B with changes marked against document A.

``redline(old_docx, new_docx, author=…, date=…) -> bytes`` takes two rendered .docx files
(normally the plan document of two revisions, from the same template) and returns B's document
in which every difference from A is a tracked change a reader can accept or reject:

* body blocks (paragraphs, tables) and table rows are aligned by their text (difflib);
* a paragraph only in B is inserted (runs in ``w:ins``, paragraph mark ``w:pPr/w:rPr/w:ins``),
  a paragraph only in A is put back as deleted (runs in ``w:del`` with ``w:delText``);
* a table row only in B or A gets ``w:trPr/w:ins`` / ``w:del`` and its runs marked;
* a changed paragraph (similar words) gets a word-level diff, B's run formatting kept for the
  kept and inserted words, A's for the deleted ones.

Accepting every tracked change gives B's text, rejecting every one A's. Formatting-only changes
(same text, other style) are not marked: the result carries B's formatting. Independent of the
template: it works on any pair of .docx files.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree

from workflow.documents.docxpackage import Element, Package, Serialised, q
from workflow.changes.trackchanges import (
    DEL,
    DELTEXT,
    INS,
    PPR,
    RPR,
    SECTPR,
    TBL,
    TC,
    TR,
    Marker,
    P,
    R,
    T,
    fix_paragraph_marks,
    mark_block,
    mark_moved_row,
)
from workflow.text.wordiff import DELETE, EQUAL, word_diff

TCPR = q("tcPr")
TAB, BR, CR = q("tab"), q("br"), q("cr")
OBJECTS = (q("drawing"), q("pict"), q("object"))
_TEXTY = {T: None, TAB: "\t", BR: "\n", CR: "\n", q("noBreakHyphen"): "\u2011", q("softHyphen"): "\u00ad"}
_RUN_OK = set(_TEXTY) | {RPR, q("lastRenderedPageBreak")}
_PARA_OK = {PPR, R, q("bookmarkStart"), q("bookmarkEnd"), q("proofErr")}
_FIXED = (TCPR, SECTPR, q("tblPr"), q("tblGrid"))  # a container's parts that are not blocks
_WORDS = re.compile(r"\w+")
PAIR_CUTOFF = 0.5  # paragraphs at least this similar (by words) are diffed word by word
MAX_PAIRING = 2500  # larger replaced regions are shown as deleted then inserted blocks


def redline(old_docx: bytes, new_docx: bytes, *, author: str, date: dt.datetime | dt.date | str) -> bytes:
    """B's document with tracked changes against A (see the module docstring)."""
    return redline_package(old_docx, new_docx, author=author, date=date).save()


Docx = bytes | dict[str, bytes]  # a .docx, or its parts (see ``Package``)


def redline_package(
    old_docx: Docx | Package | Serialised | Callable[[], Serialised],
    new_docx: Docx | Package,
    *,
    author: str,
    date: dt.datetime | dt.date | str,
) -> Package:
    """``redline`` as a package not yet zipped (a summary page can still go first). Either
    document may be given opened (``Package``): B's is then changed in place and returned.
    A may also be given ``Serialised`` (``render.render_serialised``), or as the function that
    returns it once B is read and serialised too (while A is still being made elsewhere)."""
    pkg_b = new_docx if isinstance(new_docx, Package) else Package(new_docx)
    children_b = list(pkg_b.body())
    xml_b, first = None, None
    if callable(old_docx):  # what needs only B is done first, while A is still being made
        xml_b = [etree.tostring(c) for c in children_b if c.tag not in _FIXED]  # the blocks _diff_container takes
        first = pkg_b.max_id() + 1
        pkg_b.deflate_ahead()
        old_docx = old_docx()
    if isinstance(old_docx, Serialised):
        pkg_a = Package(old_docx.parts, main=False)
        blocks_a: Sequence[Element] = _Parsed(old_docx.blocks)
        keys: tuple[list[bytes], list[bytes] | None] | None = (old_docx.blocks, xml_b)
    else:
        pkg_a = old_docx if isinstance(old_docx, Package) else Package(old_docx)
        blocks_a, keys = list(pkg_a.body()), None
    marker = Marker(author, date, pkg_b, pkg_a, first)
    place_children(pkg_b.body(), _diff_container(blocks_a, children_b, marker, keys))
    return pkg_b


class _Parsed(Sequence):
    """Elements kept as their XML, each parsed when first used."""

    def __init__(self, xml: list[bytes]) -> None:
        self.xml = xml
        self.parsed: dict[int, Element] = {}

    def __len__(self) -> int:
        return len(self.xml)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.xml)))]
        index = range(len(self.xml))[index]  # a negative index counted from the end; IndexError past it
        if index not in self.parsed:
            self.parsed[index] = etree.fromstring(self.xml[index])
        return self.parsed[index]


# --- text of blocks ---------------------------------------------------------------------


def _text(el: Element) -> str:
    out = []
    for node in el.iter(T, TAB, BR, CR, P, *OBJECTS):
        if node.tag == T:
            out.append(node.text or "")
        elif node.tag == P:
            if out:
                out.append("\n")
        elif node.tag in OBJECTS:
            out.append("\ufffc")  # a picture or object counts as a character
        else:
            out.append(_TEXTY[node.tag])
    return "".join(out)


class _Block:
    __slots__ = ("el", "kind", "key", "_words", "rows", "row_texts")

    def __init__(self, el: Element, text: str | None = None) -> None:
        """``text``: the block's text when already known (a row of a table read before)."""
        self.el = el
        tag = el.tag
        if tag == P:
            self.kind = "p"
        elif tag == TBL:
            self.kind = "tbl"
        elif tag == TR:
            self.kind = f"tr{len(el.findall(TC))}"  # rows pair only with rows of as many cells
        else:
            self.kind = "other"
        self.rows = self.row_texts = None
        if tag == TBL:  # the text of a table is read row by row, once: the rows are aligned next
            rows = list(el.iter(TR))
            self.rows = [_text(tr) for tr in rows]
            self.row_texts = dict(zip(rows, self.rows))
            text = "\n".join(self.rows)
        elif text is None:
            text = _text(el)
        self.key = (self.kind, text)
        self._words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = _WORDS.findall(self.key[1])
        return self._words

    @property
    def units(self) -> list[str]:
        """What similarity compares: a table's rows, else the words."""
        return (self.rows or []) if self.kind == "tbl" else self.words

    def similarity(self, other: _Block, at_least: float, matcher: difflib.SequenceMatcher) -> float:
        """How alike the two blocks are (difflib's ratio; 0.0 when at most ``at_least``).
        ``matcher`` holds ``other``'s units as its second sequence: difflib indexes that one,
        so a matcher is made once per block of B, not once per pair."""
        if self.kind != other.kind or self.kind == "other":
            return 0.0
        if not self.units and not other.units:
            return 1.0
        matcher.set_seq1(self.units)
        if matcher.real_quick_ratio() <= at_least or matcher.quick_ratio() <= at_least:
            return 0.0
        return matcher.ratio()


# --- alignment --------------------------------------------------------------------------


def _align_elements(
    a: Sequence[Element], b: list[Element], known: dict | None = None, keys: tuple[list, list] | None = None
) -> list[tuple]:
    """``_align`` of elements: those with identical XML in A and B are matched first (cheap,
    and most of a plan is unchanged); only the regions between them are read as text and
    aligned by ``_align``. Ops carry ``_Block``s (made only for those regions) or, for blocks
    matched here, ("same", None, B's element). ``known``: texts already read, by element;
    ``keys``: the elements' XML, when already serialised.

    One table replaced by one table that shares a row with it (most tables of a revised plan)
    is ("table", (A's table, its rows' XML), (B's, theirs)) at once: ``_pair`` would pair the
    two (any row in common), and their text is then read only where the rows differ."""
    known = known or {}
    if not a or not b:
        return _align(_blocks(a, known), _blocks(b, known))
    key_a, key_b = keys or ([etree.tostring(x) for x in a], [etree.tostring(y) for y in b])
    if key_a == key_b:  # what difflib would find, without it (most cells of a changed row)
        return [("same", None, y) for y in b]
    if len(a) == len(b) == 1:  # one replaced block, as difflib's one «replace»
        return _region_ops(a, b, known)
    matcher = difflib.SequenceMatcher(None, key_a, key_b, autojunk=False)
    ops: list[tuple] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(("same", None, y) for y in b[j1:j2])
        else:
            ops.extend(_region_ops(a[i1:i2], b[j1:j2], known))
    return ops


def _region_ops(a: Sequence[Element], b: Sequence[Element], known: dict) -> list[tuple]:
    """The ops of a region where A's and B's elements differ (read as text, ``_align``)."""
    if len(a) == len(b) == 1:
        tables = _tables(a[0], b[0])
        if tables:
            return tables
    return _align(_blocks(a, known), _blocks(b, known))


def _blocks(elements: Sequence[Element], known: dict) -> list[_Block]:
    """The elements as ``_Block``s, with the texts already read (``known``, by element)."""
    return [_Block(el, known.get(el)) for el in elements]


def _tables(a: Element, b: Element) -> list[tuple]:
    """[("table", …)] for a table replaced by a table sharing a row with it, else []."""
    if not a.tag == b.tag == TBL:
        return []
    rows_a = [etree.tostring(r) for r in a if r.tag == TR]
    rows_b = [etree.tostring(r) for r in b if r.tag == TR]
    if set(rows_a).isdisjoint(rows_b):
        return []
    return [("table", (a, rows_a), (b, rows_b))]


def _align(a: list[_Block], b: list[_Block]) -> list[tuple]:
    """Ops ("equal"|"pair", a, b), ("del", a, None), ("ins", None, b) in document order."""
    matcher = difflib.SequenceMatcher(None, [x.key for x in a], [x.key for x in b], autojunk=max(len(a), len(b)) > 2000)
    ops: list[tuple] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(("equal", a[i], b[j]) for i, j in zip(range(i1, i2), range(j1, j2)))
        elif (i2 - i1) * (j2 - j1) > MAX_PAIRING:
            ops.extend(("del", x, None) for x in a[i1:i2])
            ops.extend(("ins", None, y) for y in b[j1:j2])
        else:
            ops.extend(_pair(a[i1:i2], b[j1:j2], {}))
    return ops


def _pair(a: list[_Block], b: list[_Block], cache: dict) -> list[tuple]:
    """Pair the most similar blocks (tables: any shared row), then the parts left and right."""
    if not a or not b:
        return [("del", x, None) for x in a] + [("ins", None, y) for y in b]
    best, where = 0.0, None
    matchers: dict[int, difflib.SequenceMatcher] = {}
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            key = (id(x), id(y))
            if key not in cache:
                cutoff = 0.0 if x.kind == "tbl" else PAIR_CUTOFF
                if j not in matchers:
                    matchers[j] = difflib.SequenceMatcher(None, (), y.units, autojunk=False)
                cache[key] = x.similarity(y, cutoff, matchers[j])
            score = cache[key]
            if score > best and (score > PAIR_CUTOFF or x.kind == "tbl"):
                best, where = score, (i, j)
    if where is None:
        return [("del", x, None) for x in a] + [("ins", None, y) for y in b]
    i, j = where
    return _pair(a[:i], b[:j], cache) + [("pair", a[i], b[j])] + _pair(a[i + 1 :], b[j + 1 :], cache)


def _diff_container(
    a_children: Sequence[Element],
    b_children: list,
    marker: Marker,
    keys: tuple[list[bytes], list[bytes] | None] | None = None,
) -> list:
    """New children for a container (body, cell) of B: B's fixed parts (tcPr, sectPr) kept,
    blocks aligned with A's and marked. With ``keys`` (A's blocks' XML, and B's or None),
    ``a_children`` are A's blocks only (the fixed parts left out)."""
    head = [c for c in b_children if c.tag in (TCPR, q("tblPr"), q("tblGrid"))]
    tail = [c for c in b_children if c.tag == SECTPR]
    fixed = {id(c) for c in head + tail}
    a_blocks = a_children if keys is not None else [c for c in a_children if c.tag not in _FIXED]
    b_blocks = [c for c in b_children if id(c) not in fixed]
    if keys is not None:
        keys = (keys[0], keys[1] if keys[1] is not None else [etree.tostring(y) for y in b_blocks])
    out = list(head)
    for op in _align_elements(a_blocks, b_blocks, keys=keys):
        out.extend(_apply(op, marker))
    fix_paragraph_marks(out, marker)
    return out + tail


def _apply(op: tuple, marker: Marker) -> list:
    """What an op of the alignment puts in B: its element(s), marked."""
    kind, x, y = op
    if kind == "same":
        return [y]
    if kind == "equal":
        return [y.el]
    if kind == "table":
        return [_diff_table(x[0], y[0], marker, {}, (x[1], y[1]))]
    if kind == "ins":
        if y.kind != "other":
            mark_block(y.el, INS, marker)
        return [y.el]
    if kind == "del":
        if x.kind == "other":
            return []
        el = marker.copy_from_a(x.el)
        mark_block(el, DEL, marker)
        return [el]
    if x.kind == "p":
        return _diff_paragraph(x.el, y.el, marker)
    if x.kind == "tbl":
        return [_diff_table(x.el, y.el, marker, {**x.row_texts, **y.row_texts})]
    return [_diff_row(x.el, y.el, marker)]


# --- changed paragraphs, tables, rows ---------------------------------------------------


def _atoms(p: Element) -> list[tuple[str | None, object, object]] | None:
    """The paragraph as (character, run properties, special element) per character, or None
    when it holds more than plain runs (fields, drawings, hyperlinks...)."""
    atoms: list[tuple[str | None, object, object]] = []
    for child in p:
        if child.tag not in _PARA_OK:
            return None
        if child.tag != R:
            continue
        rpr = child.find(RPR)
        for part in child:
            if part.tag not in _RUN_OK:
                return None
            if part.tag == T:
                atoms.extend((c, rpr, None) for c in part.text or "")
            elif part.tag in _TEXTY:
                atoms.append((_TEXTY[part.tag], rpr, part))
    return atoms


def _flush_text(r: Element, text: list[str], deleted: bool) -> None:
    """Append the collected characters to run ``r`` as one text element, then forget them."""
    if text:
        t = etree.SubElement(r, DELTEXT if deleted else T)
        t.text = "".join(text)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        text.clear()


def _runs_for(atoms: list[tuple[str | None, object, object]], deleted: bool) -> list:
    runs: list[tuple[object, list]] = []
    for char, rpr, special in atoms:
        if not runs or runs[-1][0] is not rpr:
            runs.append((rpr, []))
        runs[-1][1].append((char, special))
    out = []
    for rpr, chars in runs:
        r = etree.Element(R)
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        text: list[str] = []
        for char, special in chars:
            if special is None:
                text.append(char)
            else:
                _flush_text(r, text, deleted)
                r.append(copy.deepcopy(special))
        _flush_text(r, text, deleted)
        out.append(r)
    return out


def _diff_paragraph(a: Element, b: Element, marker: Marker) -> list:
    atoms_a, atoms_b = _atoms(a), _atoms(b)
    if atoms_a is None or atoms_b is None:
        old = marker.copy_from_a(a)
        mark_block(old, DEL, marker)
        mark_block(b, INS, marker)
        return [old, b]
    text_a = "".join(c or "" for c, _, _ in atoms_a)
    text_b = "".join(c or "" for c, _, _ in atoms_b)
    keep = [c for c in b if c.tag in (PPR, q("bookmarkStart"))], [c for c in b if c.tag == q("bookmarkEnd")]
    for child in list(b):
        b.remove(child)
    b.extend(keep[0])
    i = j = 0
    for op, text in word_diff(text_a, text_b):
        n = len(text)
        if op == EQUAL:
            b.extend(_runs_for(atoms_b[j : j + n], False))
            i, j = i + n, j + n
        elif op == DELETE:
            wrapper = marker.mark(DEL)
            wrapper.extend(_runs_for(atoms_a[i : i + n], True))
            b.append(wrapper)
            i += n
        else:
            wrapper = marker.mark(INS)
            wrapper.extend(_runs_for(atoms_b[j : j + n], False))
            b.append(wrapper)
            j += n
    b.extend(keep[1])
    return [b]


def _diff_table(
    a: Element, b: Element, marker: Marker, known: dict, keys: tuple[list, list] | None = None
) -> etree._Element:
    rows_a = [c for c in a if c.tag == TR]
    children = list(b)
    head = [c for c in children if c.tag != TR]
    rows_b = [c for c in children if c.tag == TR]
    ops = _align_elements(rows_a, rows_b, known, keys)
    moves = _moved_rows(ops, marker)
    new_rows = []
    for n, (op, x, y) in enumerate(ops):
        if op == "same":
            new_rows.append(y)
        elif op == "equal":
            new_rows.append(y.el)
        elif op == "ins":
            if n in moves:
                mark_moved_row(y.el, False, moves[n], marker)
            else:
                mark_block(y.el, INS, marker)
            new_rows.append(y.el)
        elif op == "del":
            el = marker.copy_from_a(x.el)
            if n in moves:
                mark_moved_row(el, True, moves[n], marker)
            else:
                mark_block(el, DEL, marker)
            new_rows.append(el)
        else:
            new_rows.append(_diff_row(x.el, y.el, marker))
    place_children(b, head + new_rows)
    return b


def _moved_rows(ops: list[tuple], marker: Marker) -> dict[int, str]:
    """Rows deleted in one place and inserted with the same text in another: op index → the
    move's name (shared by both ends)."""
    deleted: dict[str, list[int]] = {}
    for n, (op, x, _) in enumerate(ops):
        if op == "del" and x.key[1].strip():
            deleted.setdefault(x.key, []).append(n)
    moves: dict[int, str] = {}
    for n, (op, _, y) in enumerate(ops):
        if op == "ins" and deleted.get(y.key):
            source = deleted[y.key].pop(0)
            name = marker.move_name()
            moves[source] = moves[n] = name
    return moves


def _diff_row(a: Element, b: Element, marker: Marker) -> etree._Element:
    for tc_a, tc_b in zip(a.findall(TC), b.findall(TC)):
        place_children(tc_b, _diff_container(list(tc_a), list(tc_b), marker))
    return b


def place_children(parent: Element, children: list) -> None:
    """Make ``children`` the children of ``parent``, in order. The parent's own children among
    them (in their old order) stay where they are; only the others are put in between and
    what is left out removed: moving every element out and back costs lxml a walk of each
    subtree, which dominated large documents."""
    keep = {id(c) for c in children}
    for child in list(parent):
        if id(child) not in keep:
            parent.remove(child)
    previous = None
    for child in children:
        expected = next(iter(parent), None) if previous is None else previous.getnext()
        if expected is not child:
            if previous is None:
                parent.insert(0, child)
            else:
                previous.addnext(child)
        previous = child
