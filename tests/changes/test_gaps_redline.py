"""Gaps a mutation run found in the suite (issue 12 §4), in the redline: each test here fails for a
mutant the older tests let through."""

from __future__ import annotations

import io

import docx
import pytest
from lxml import etree

from workflow.changes.redline import redline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


# --- accept all / reject all, line for line, empty paragraphs included -------------------------------


def make(paragraphs: list[str]) -> bytes:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def resolve(data: bytes, mode: str) -> list[str]:
    """The paragraphs (texts, empty ones too) after accepting or rejecting every tracked change,
    done on the XML as ECMA-376 describes it (independent of the code under test)."""
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    drop, keep = ("w:del", "w:ins") if mode == "accept" else ("w:ins", "w:del")
    body = root.find("w:body", NS)
    for p in list(body.iter(f"{{{W}}}p")):
        mark = p.find(f"w:pPr/w:rPr/{drop}", NS)
        if mark is not None:  # the paragraph mark goes: the paragraph joins the next one
            following = p.getnext()
            runs = [r for r in p if r.tag != f"{{{W}}}pPr"]
            if following is not None and following.tag == f"{{{W}}}p":
                anchor = following.find("w:pPr", NS)
                at = 0 if anchor is None else list(following).index(anchor) + 1
                for r in reversed(runs):
                    following.insert(at, r)
            p.getparent().remove(p)
    for el in list(root.iter(f"{{{W}}}{drop[2:]}")):
        if el.getparent() is not None and el.getparent().tag != f"{{{W}}}rPr":
            el.getparent().remove(el)
    paragraphs = []
    for p in body.iter(f"{{{W}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t", f"{{{W}}}delText"))
        paragraphs.append(text)
    return paragraphs


def texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


CASES = [
    (["Første.", "", "Andre."], ["Første.", "Andre."]),  # an empty paragraph removed
    (["Første.", "Andre."], ["Første.", "", "Andre."]),  # an empty paragraph added
    (["", "", "Tekst."], ["Tekst.", "", ""]),  # empties moved from the start to the end
    (["A.", "", "", "B."], ["A.", "", "C.", "", "B."]),
    ([""], ["Nytt."]),
    (["Gammelt."], [""]),
]


@pytest.mark.parametrize("old, new", CASES)
def test_accept_all_and_reject_all_line_for_line_with_empty_paragraphs(old, new):
    a, b = make(old), make(new)
    red = redline(a, b, author="Formannskapet", date="2020-05-12T00:00:00Z")
    assert resolve(red, "accept") == texts(b)
    assert resolve(red, "reject") == texts(a)


def test_the_resolver_is_not_the_identity():
    """The oracle itself: a document with one insertion and one deletion resolves differently."""
    a, b = make(["Ett.", "To."]), make(["Ett.", "Tre."])
    red = redline(a, b, author="Formannskapet", date="2020-05-12T00:00:00Z")
    assert resolve(red, "accept") != resolve(red, "reject")
