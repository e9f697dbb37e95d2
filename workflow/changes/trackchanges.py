"""Tracked changes on WordprocessingML elements (ECMA-376 Part 4 calls them «Revisions»).

``Marker`` makes ``w:ins``/``w:del`` elements with unique ids, one author and one date and copies
content from the other document safely; ``mark_block`` marks a whole paragraph, table or row as
inserted or deleted; ``fix_paragraph_marks`` keeps tracked paragraph marks valid at the end of
a cell or before a table.
"""

from __future__ import annotations

import copy
import datetime as dt

from lxml import etree

from workflow.documents.docxpackage import SECTPR, Element, Package, q

P, TBL, TR, TC, R, T = q("p"), q("tbl"), q("tr"), q("tc"), q("r"), q("t")
PPR, RPR, TRPR = q("pPr"), q("rPr"), q("trPr")
INS, DEL, DELTEXT = q("ins"), q("del"), q("delText")
MOVE_FROM, MOVE_TO = q("moveFrom"), q("moveTo")
_ID, _AUTHOR, _DATE = q("id"), q("author"), q("date")
_STRIP_FROM_COPIES = [
    q(n)
    for n in (
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "proofErr",
        "permStart",
        "permEnd",
    )
]


def w_date(date: str | dt.date) -> str:
    if isinstance(date, str):
        return date
    if isinstance(date, dt.datetime):
        if date.tzinfo is not None:
            date = date.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return date.replace(microsecond=0).isoformat() + "Z"
    return f"{date.isoformat()}T00:00:00Z"


class Marker:
    """Makes tracked-change elements with unique ids, one author and one date."""

    def __init__(
        self, author: str, date: dt.datetime | dt.date | str, pkg_b: Package, pkg_a: Package, first: int | None = None
    ):
        """``first``: the first id to give (default: above every id in B, ``max_id``)."""
        self.author, self.date = author, w_date(date)
        self.next_id = first if first is not None else pkg_b.max_id() + 1
        self.pkg_b, self.pkg_a = pkg_b, pkg_a
        self.moves = 0  # moved table rows so far (each move gets its own name)

    def move_name(self) -> str:
        self.moves += 1
        return f"flytting{self.moves}"

    def mark(self, tag: str) -> etree._Element:
        el = etree.Element(tag, {_ID: str(self.next_id), _AUTHOR: self.author, _DATE: self.date})
        self.next_id += 1
        return el

    def copy_from_a(self, el: Element) -> Element:
        """A deep copy of an element of A, safe to put into B: no bookmarks or comment
        anchors, relationships and drawing ids valid in B."""
        el = copy.deepcopy(el)
        for found in list(el.iter(*_STRIP_FROM_COPIES)):
            found.getparent().remove(found)
        self.pkg_b.adopt(el, self.pkg_a)
        return el


# --- paragraph marks at the end of a container --------------------------------------------


def fix_paragraph_marks(blocks: list, marker: Marker) -> None:
    """Inserting or deleting a paragraph mark merges the paragraph with the next one, so the
    last paragraph before a table or the end of a cell/body cannot have its mark marked.
    Instead, the mark of the paragraph before the inserted (deleted) ones is marked, or a
    deleted paragraph's runs join the first inserted one, so that rejecting (accepting) every
    change leaves no empty paragraph behind."""
    drop = []
    for i, el in enumerate(blocks):
        if el.tag != P or (i + 1 < len(blocks) and blocks[i + 1].tag == P):
            continue
        kind = _mark_of(el)
        if kind is None or _paragraph_after_marked_tables(blocks, i + 1, kind):
            continue
        _unmark(el)
        j = i - 1
        while j >= 0 and blocks[j].tag == P and _mark_of(blocks[j]) == kind and blocks[j] not in drop:
            j -= 1
        if j < 0 or blocks[j].tag != P or blocks[j] in drop:
            continue
        before = blocks[j]
        other = _mark_of(before)
        if other is None:
            mark_paragraph_mark(before, kind, marker)
        elif kind == INS and other == DEL:
            first = blocks[j + 1]  # the first of the inserted paragraphs
            anchor = first.find(PPR)
            runs = [c for c in before if c.tag != PPR]
            for run in reversed(runs):
                if anchor is not None:
                    anchor.addnext(run)
                else:
                    first.insert(0, run)
            drop.append(before)
    for el in drop:
        blocks.remove(el)


def _paragraph_after_marked_tables(blocks: list, start: int, kind: str) -> bool:
    """Whether ``blocks[start:]`` are tables whose every row is marked ``kind`` (inserted or
    deleted with the paragraph before them) up to a paragraph. The mark of the paragraph
    before such tables stays marked: when the tables go, it joins that paragraph, as it
    should (a focus area moved: its heading, text and tables inserted in one run)."""
    for el in blocks[start:]:
        if el.tag == P:
            return True
        rows = el.findall(TR) if el.tag == TBL else []
        if not rows or any(tr.find(f"{TRPR}/{kind}") is None for tr in rows):
            return False
    return False


def _mark_of(p: Element) -> str | None:
    rpr = p.find(f"{PPR}/{RPR}")
    if rpr is None:
        return None
    if rpr.find(INS) is not None:
        return INS
    if rpr.find(DEL) is not None:
        return DEL
    return None


def _unmark(p: Element) -> None:
    ppr = p.find(PPR)
    rpr = ppr.find(RPR)
    for mark in rpr.findall(INS) + rpr.findall(DEL):
        rpr.remove(mark)
    if not len(rpr) and not rpr.attrib:
        ppr.remove(rpr)
    if not len(ppr) and not ppr.attrib:
        p.remove(ppr)


# --- marking whole blocks ---------------------------------------------------------------


def mark_block(el: Element, tag: str, marker: Marker) -> None:
    if el.tag == P:
        wrap_runs(el, tag, marker)
        mark_paragraph_mark(el, tag, marker)
    elif el.tag == TBL:
        for tr in el.findall(TR):
            mark_block(tr, tag, marker)
    elif el.tag == TR:
        trpr = el.find(TRPR)
        if trpr is None:
            trpr = etree.Element(TRPR)
            el.insert(1 if el.find(q("tblPrEx")) is not None else 0, trpr)
        change = trpr.find(q("trPrChange"))
        if change is not None:
            change.addprevious(marker.mark(tag))
        else:
            trpr.append(marker.mark(tag))
        for tc in el.findall(TC):
            blocks = [c for c in tc if c.tag in (P, TBL)]
            for i, child in enumerate(blocks):
                if child.tag == TBL:
                    mark_block(child, tag, marker)
                    continue
                wrap_runs(child, tag, marker)
                # Every paragraph mark but the cell's last goes too, or the row stays behind.
                if i + 1 < len(blocks) and blocks[i + 1].tag == P:
                    mark_paragraph_mark(child, tag, marker)


def mark_paragraph_mark(p: Element, tag: str, marker: Marker) -> None:
    ppr = p.find(PPR)
    if ppr is None:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        after = ppr.find(SECTPR) if ppr.find(SECTPR) is not None else ppr.find(q("pPrChange"))
        if after is not None:
            after.addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, marker.mark(tag))


def wrap_runs(p: Element, tag: str, marker: Marker) -> None:
    """Wrap every run of a paragraph (also inside hyperlinks, fields, content controls) in
    ``w:ins``/``w:del``; consecutive runs share one wrapper. Not runs of nested text boxes."""
    runs = [r for r in p.iter(R) if _own_run(r, p)]
    groups: list[list] = []
    for r in runs:
        if groups and groups[-1][-1].getnext() is r:
            groups[-1].append(r)
        else:
            groups.append([r])
    for group in groups:
        wrapper = marker.mark(tag)
        group[0].addprevious(wrapper)
        for r in group:
            wrapper.append(r)
            if tag == DEL:
                _to_deleted(r)


def _own_run(r: Element, p: Element) -> bool:
    node = r.getparent()
    while node is not None and node is not p:
        if node.tag in (INS, DEL, MOVE_FROM, MOVE_TO, q("txbxContent")):
            return False
        node = node.getparent()
    return True


def _to_deleted(r: Element) -> None:
    for t in r.iter(T, q("instrText")):
        t.tag = DELTEXT if t.tag == T else q("delInstrText")


def mark_moved_row(tr: Element, source: bool, name: str, marker: Marker) -> None:
    """A table row that only moved: at its old place (``source``) a deleted row whose text is
    «moved from», at its new place an inserted row whose text is «moved to», the two joined by
    ``name`` (``w:moveFromRangeStart``/``w:moveToRangeStart``). Accepting removes the old row,
    rejecting the new one, as for a deletion and an insertion; Word shows them as a move."""
    trpr = tr.find(TRPR)
    if trpr is None:
        trpr = etree.Element(TRPR)
        tr.insert(1 if tr.find(q("tblPrEx")) is not None else 0, trpr)
    change = trpr.find(q("trPrChange"))
    row_mark = marker.mark(DEL if source else INS)
    if change is not None:
        change.addprevious(row_mark)
    else:
        trpr.append(row_mark)
    tag = MOVE_FROM if source else MOVE_TO
    paragraphs = [p for tc in tr.findall(TC) for p in tc if p.tag == P]
    if not paragraphs:
        return
    start = marker.mark(q("moveFromRangeStart" if source else "moveToRangeStart"))
    start.set(q("name"), name)
    end = etree.Element(q("moveFromRangeEnd" if source else "moveToRangeEnd"))
    end.set(q("id"), start.get(q("id")))
    for tc in tr.findall(TC):
        blocks = [c for c in tc if c.tag == P]
        for i, p in enumerate(blocks):
            wrap_runs(p, tag, marker)
            if i + 1 < len(blocks):
                mark_paragraph_mark(p, tag, marker)
    first, last = paragraphs[0], paragraphs[-1]
    ppr = first.find(PPR)
    if ppr is not None:
        ppr.addnext(start)
    else:
        first.insert(0, start)
    last.append(end)
