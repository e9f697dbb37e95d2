"""The table of contents written into a rendered .docx, so it reads right in any viewer."""

from __future__ import annotations

import re
from copy import deepcopy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


def fill_contents(document: DocxDocument) -> None:
    """Write the headings (without page numbers) into the result of the TOC field, so the
    contents list reads right in any viewer. Word recomputes it when the document is opened
    (the templates ask it to), the PDF route with page numbers."""
    from docx.oxml.ns import qn  # lazy: python-docx, only to render

    body = document.element.body
    instr = next((e for e in body.iter(qn("w:instrText")) if (e.text or "").strip().upper().startswith("TOC")), None)
    if instr is None or instr.getparent().getparent().getparent() is not body:
        return
    first = instr.getparent().getparent()
    runs = list(first.iterchildren(qn("w:r")))
    kinds = [
        r.find(qn("w:fldChar")).get(qn("w:fldCharType")) if r.find(qn("w:fldChar")) is not None else None for r in runs
    ]
    if "separate" not in kinds or "end" not in kinds:
        return  # the field spans paragraphs already: leave it as it is
    levels = re.search(r'\\o\s+"(\d)-(\d)"', instr.text)
    deepest = int(levels.group(2)) if levels else 3
    heading_level, known = {}, set()
    for style in document.styles.element.iterchildren(qn("w:style")):  # the XML: python-docx's objects cost
        name = style.find(qn("w:name"))
        match = re.fullmatch(r"heading ([1-9])", (name.get(qn("w:val")) or "").lower() if name is not None else "")
        known.add(style.get(qn("w:styleId")))
        if match:
            heading_level[style.get(qn("w:styleId"))] = int(match.group(1))
    entries = _headings(first, heading_level, deepest)
    if not entries:
        return
    end = runs[kinds.index("end")]
    for run in runs[kinds.index("separate") + 1 : kinds.index("end")]:
        first.remove(run)
    paragraph = first
    for i, (level, text) in enumerate(entries):
        if i:
            new = first.makeelement(qn("w:p"), {})
            ppr = deepcopy(first.find(qn("w:pPr"))) if first.find(qn("w:pPr")) is not None else None
            if ppr is not None:
                new.append(ppr)
            paragraph.addnext(new)
            paragraph = new
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and f"TOC{level}" in known:
            style.set(qn("w:val"), f"TOC{level}")
        run = first.makeelement(qn("w:r"), {})
        t = run.makeelement(qn("w:t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        t.text = text
        run.append(t)
        if i:
            paragraph.append(run)
        else:
            end.addprevious(run)
    paragraph.append(end)


def _headings(first: Any, heading_level: dict[str, int], deepest: int) -> list[tuple[int, str]]:
    """(level, text) of each heading after the contents' paragraph ``first``, to ``deepest``."""
    from docx.oxml.ns import qn  # lazy: python-docx, only to render

    entries = []
    style_path, val, t_tag = f"{qn('w:pPr')}/{qn('w:pStyle')}", qn("w:val"), qn("w:t")
    for p in first.itersiblings(qn("w:p")):
        style = p.find(style_path)
        level = heading_level.get(style.get(val)) if style is not None else None
        if not level or level > deepest:
            continue  # the text is read of headings only: most paragraphs are not
        text = "".join(t.text or "" for t in p.iter(t_tag))
        if text.strip():
            entries.append((level, text))
    return entries
