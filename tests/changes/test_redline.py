"""Word tracked changes, checked with independent readers: pandoc and LibreOffice.

The documents are made with python-docx here, so the tests do not depend on the plan template;
the property test at the end redlines generated plans rendered through it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from support import libreoffice_resolved, needs_pandoc, needs_soffice, text_lines, words
from workflow.changes.redline import redline

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AUTHOR, DATE = "Formannskapet", "2020-05-12T00:00:00Z"
URL = "https://www.os.kommune.no/naering"


def _png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )


def _hyperlink(paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>')
    )


def make_docx(paragraphs, rows, *, link=False, picture=False, extra_table=None) -> bytes:
    """A small plan-like document: heading, paragraphs («|» toggles bold), a table, a closing line."""
    d = docx.Document()
    d.add_heading("Strategisk næringsplan for Os", 1)
    for text in paragraphs:
        p = d.add_paragraph()
        for i, part in enumerate(text.split("|")):
            p.add_run(part).bold = bool(i % 2)
    if link:
        p = d.add_paragraph("Les mer på ")
        _hyperlink(p, "kommunens nettside", URL)
    if picture:
        d.add_paragraph().add_run().add_picture(io.BytesIO(_png()))
    for table_rows in (rows, extra_table):
        if not table_rows:
            continue
        table = d.add_table(rows=0, cols=len(table_rows[0]))
        for row in table_rows:
            for cell, value in zip(table.add_row().cells, row):
                first, *more = value.split("\n\n")  # a blank line: another paragraph in the cell
                cell.text = first
                for text in more:
                    cell.add_paragraph(text, style="List Bullet")
    d.add_paragraph("Planen rulleres hvert år.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


ROWS_A = [
    ["Id", "Tiltak", "Kostnad"],
    ["T1.1", "Kurs for generasjonsskifte", "75 000"],
    ["T1.2", "Veiledning ved investeringer", "50 000"],
    ["T1.3", "Næringsforum", "60 000"],
    ["T1.4", "Lokalmatnettverk:\n\nfelles markedsføring\n\nnye salgskanaler", "100 000"],
]
ROWS_B = [
    ["Id", "Tiltak", "Kostnad"],
    ["T1.1", "Kurs for generasjonsskifte", "75 000"],
    ["T1.3", "Næringsråd", "80 000"],
    ["T1.7", "Møteplass for gründere", "30 000"],
    ["T1.8", "Kompetanseprogram:\n\nnettbutikk\n\ndigital markedsføring", "80 000"],
]


@pytest.fixture(scope="module")
def docs():
    a = make_docx(
        [
            "Etablere et |næringsforum| med fire møter i året.",
            "Dette avsnittet fjernes helt.",
            "Landbruket er den største næringen i Os.",
        ],
        ROWS_A,
        link=True,
        picture=True,
        extra_table=[["Ambisjon", "Mål"], ["Gårdsbruk", "150"]],
    )
    b = make_docx(
        [
            "Etablere et |næringsråd| med seks møter i året, også på Røros.",
            "Landbruket er den største næringen i Os.",
            "Helt nytt avsnitt om bredbånd og riksvei 3.",
        ],
        ROWS_B,
    )
    return a, b, redline(a, b, author=AUTHOR, date=DATE)


def pandoc(data: bytes, tmp_path: Path, mode: str = "all", to: str = "plain") -> str:
    path = tmp_path / f"doc-{mode}-{to}.docx"
    path.write_bytes(data)
    done = subprocess.run(
        ["pandoc", f"--track-changes={mode}", "-f", "docx", "-t", to, "--wrap=none", "--columns=10000", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def spans(markdown: str, kind: str) -> list[tuple[str, str, str]]:
    found = re.findall(r"\[([^\]]*)\]\{\." + kind + r" author=\"([^\"]*)\" date=\"([^\"]*)\"\}", markdown)
    return found


def document_xml(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


# --- pandoc as the reader ---------------------------------------------------------------------------


@needs_pandoc
def test_pandoc_sees_the_intended_insertions_and_deletions(docs, tmp_path):
    _, _, red = docs
    md = pandoc(red, tmp_path, "all", "markdown")
    deleted = [t for t, _, _ in spans(md, "deletion")]
    inserted = [t for t, _, _ in spans(md, "insertion")]
    assert {
        "næringsforum",
        "fire",
        "Dette avsnittet fjernes helt.",
        "T1.2",
        "Veiledning ved investeringer",
        "50 000",
        "Næringsforum",
        "60 000",
        "Ambisjon",
        "Gårdsbruk",
        "150",
    } <= set(deleted)
    # the removed paragraph with a link: pandoc still resolves the link (relationship copied)
    assert re.search(r"\[Les mer på \[kommunens nettside\]\(https://www\.os\.kommune\.no/naering\)\]\{\.deletion", md)
    assert {
        "næringsråd",
        "seks",
        ", også på Røros",
        "Helt nytt avsnitt om bredbånd og riksvei 3.",
        "T1.7",
        "Møteplass for gründere",
        "30 000",
        "Næringsråd",
        "80 000",
    } <= set(inserted)
    # unchanged text is not marked
    assert not any("Landbruket" in t or "generasjonsskifte" in t or "Planen rulleres" in t for t in deleted + inserted)
    every = (
        spans(md, "deletion")
        + spans(md, "insertion")
        + spans(md, "paragraph-deletion")
        + spans(md, "paragraph-insertion")
    )
    assert {(a, d) for _, a, d in every} == {(AUTHOR, DATE)}
    assert "Etablere et **[næringsforum]{.deletion" in md  # bold kept on the changed word


@needs_pandoc
def test_accept_all_gives_b_and_reject_all_gives_a(docs, tmp_path):
    a, b, red = docs
    assert words(pandoc(red, tmp_path, "accept")) == words(pandoc(b, tmp_path, "accept"))
    assert words(pandoc(red, tmp_path, "reject")) == words(pandoc(a, tmp_path, "accept"))
    assert words(pandoc(a, tmp_path, "accept")) != words(pandoc(b, tmp_path, "accept"))


@needs_pandoc
@pytest.mark.parametrize(
    "old, new",
    [
        (
            ["Første avsnitt.", "Andre avsnitt."],
            ["Første avsnitt.", "Andre avsnitt.", "Tredje avsnitt, lagt til sist."],
        ),
        (["Første avsnitt.", "Andre avsnitt.", "Tredje avsnitt."], ["Første avsnitt."]),
        (["Ett.", "To."], ["Helt annet innhold her.", "Og mer annet."]),
        (
            ["Øke |verdiskapingen| lokalt – også i grendene; «kortreist» mat!"],
            ["Øke |verdiskapingen| regionalt – også i grendene: «kortreist» mat?"],
        ),
        ([], ["Bare nytt."]),
    ],
)
def test_accept_and_reject_for_simple_edits(old, new, tmp_path):
    a, b = make_docx(old, ROWS_A), make_docx(new, ROWS_B[:2] + [ROWS_A[2]])
    red = redline(a, b, author=AUTHOR, date=DATE)
    assert words(pandoc(red, tmp_path, "accept")) == words(pandoc(b, tmp_path, "accept"))
    assert words(pandoc(red, tmp_path, "reject")) == words(pandoc(a, tmp_path, "accept"))


# --- the XML itself ---------------------------------------------------------------------------------


def test_revision_marks_are_well_formed(docs):
    _, _, red = docs
    root = document_xml(red)
    marks = root.findall(f".//{W}ins") + root.findall(f".//{W}del")
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids)) and all(i.isdigit() for i in ids)
    assert {m.get(f"{W}author") for m in marks} == {AUTHOR}
    assert {m.get(f"{W}date") for m in marks} == {DATE}
    for d in root.iter(f"{W}del"):
        if d.getparent().tag != f"{W}rPr" and d.getparent().tag != f"{W}trPr":
            assert d.find(f".//{W}t") is None
            assert d.find(f".//{W}delText") is not None or d.find(f".//{W}drawing") is not None
    rows = root.findall(f".//{W}tr")
    assert sum(r.find(f"{W}trPr/{W}del") is not None for r in rows) == 4  # T1.2, T1.4, the extra table's two rows
    assert sum(r.find(f"{W}trPr/{W}ins") is not None for r in rows) == 2  # T1.7, T1.8
    inserted_bold = [
        r for r in root.iter(f"{W}r") if r.getparent().tag == f"{W}ins" and r.findtext(f"{W}t") == "næringsråd"
    ]
    assert inserted_bold and inserted_bold[0].find(f"{W}rPr/{W}b") is not None


def test_copied_link_and_picture_stay_valid(docs):
    _, b, red = docs
    with zipfile.ZipFile(io.BytesIO(red)) as zf:
        rels = etree.fromstring(zf.read("word/_rels/document.xml.rels"))
        names = set(zf.namelist())
        root = etree.fromstring(zf.read("word/document.xml"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    used = [v for el in root.iter() for k, v in el.attrib.items() if k.startswith(R)]
    assert used and all(rid in targets for rid in used)
    assert URL in targets.values()
    blips = [targets[v] for el in root.iter() for k, v in el.attrib.items() if k == f"{R}embed"]
    assert blips and all(f"word/{t}" in names for t in blips)


def test_identical_documents_give_no_revisions(docs):
    a, _, _ = docs
    root = document_xml(redline(a, a, author=AUTHOR, date=DATE))
    assert root.find(f".//{W}ins") is None and root.find(f".//{W}del") is None


def test_output_is_deterministic_and_dated_as_asked(docs):
    import datetime as dt

    a, b, red = docs
    assert redline(a, b, author=AUTHOR, date=DATE) == red
    other = redline(a, b, author="Kommunestyret", date=dt.date(2020, 6, 18))
    root = document_xml(other)
    mark = root.find(f".//{W}ins")
    assert (mark.get(f"{W}author"), mark.get(f"{W}date")) == ("Kommunestyret", "2020-06-18T00:00:00Z")
    with zipfile.ZipFile(io.BytesIO(red)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- LibreOffice as the reader ----------------------------------------------------------------------


@needs_soffice
def test_libreoffice_opens_it_and_accepts_or_rejects_to_b_or_a(docs, tmp_path):
    a, b, red = docs
    for name, data in (("a.docx", a), ("b.docx", b), ("red.docx", red)):
        (tmp_path / name).write_bytes(data)
    # Plain conversion, as a member's LibreOffice would open it: both versions of the text show.
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile1",
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path / "txt"),
            str(tmp_path / "red.docx"),
        ],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0 and (tmp_path / "txt/red.txt").exists(), done.stderr
    shown = (tmp_path / "txt/red.txt").read_text(encoding="utf-8-sig")
    assert "næringsforumnæringsråd" in shown and "Dette avsnittet fjernes helt." in shown

    red, a, b = (tmp_path / name for name in ("red.docx", "a.docx", "b.docx"))
    counts = libreoffice_resolved(red, a, b, tmp_path)
    assert counts[0] > 10 and counts[2] == 0 and counts[3] == 0  # LibreOffice reads real revisions
    assert text_lines(tmp_path / "accepted.txt") == text_lines(tmp_path / "b.txt")
    assert text_lines(tmp_path / "rejected.txt") == text_lines(tmp_path / "a.txt")


@needs_pandoc
def test_a_table_row_that_only_moved_is_shown_as_moved(tmp_path):
    """T1.3 moved to the top: a move (w:moveFrom/w:moveTo joined by one name), not a deleted
    and an inserted row; accepting gives B, rejecting A."""
    rows_a = ROWS_A[:4]
    rows_b = [ROWS_A[0], ROWS_A[3], ROWS_A[1], ROWS_A[2]]
    a, b = make_docx(["Tiltakene."], rows_a), make_docx(["Tiltakene."], rows_b)
    red = redline(a, b, author=AUTHOR, date=DATE)
    root = document_xml(red)
    starts = {el.get(f"{W}name") for el in root.iter(f"{W}moveFromRangeStart")}
    ends = {el.get(f"{W}name") for el in root.iter(f"{W}moveToRangeStart")}
    assert starts == ends and len(starts) == 1
    moved_from = "".join(t.text for m in root.iter(f"{W}moveFrom") for t in m.iter(f"{W}t"))
    moved_to = "".join(t.text for m in root.iter(f"{W}moveTo") for t in m.iter(f"{W}t"))
    assert "Næringsforum" in moved_from and "Næringsforum" in moved_to
    assert not list(root.iter(f"{W}delText"))  # nothing deleted: the row only moved
    assert len(list(root.iter(f"{W}moveFromRangeEnd"))) == len(list(root.iter(f"{W}moveToRangeEnd"))) == 1
    assert words(pandoc(red, tmp_path, "accept")) == words(pandoc(b, tmp_path, "accept"))
    assert words(pandoc(red, tmp_path, "reject")) == words(pandoc(a, tmp_path, "accept"))


@needs_soffice
def test_libreoffice_accepts_or_rejects_a_moved_row(tmp_path):
    rows_a = ROWS_A[:4]
    rows_b = [ROWS_A[0], ROWS_A[3], ROWS_A[1], ROWS_A[2]]
    a, b = make_docx(["Tiltakene."], rows_a), make_docx(["Tiltakene."], rows_b)
    for name, data in (("a.docx", a), ("b.docx", b), ("red.docx", redline(a, b, author=AUTHOR, date=DATE))):
        (tmp_path / name).write_bytes(data)
    counts = libreoffice_resolved(*(tmp_path / name for name in ("red.docx", "a.docx", "b.docx")), tmp_path)
    assert counts[0] > 0
    assert text_lines(tmp_path / "accepted.txt") == text_lines(tmp_path / "b.txt")
    assert text_lines(tmp_path / "rejected.txt") == text_lines(tmp_path / "a.txt")


# --- the last paragraph's mark (issue 25: a rule no test caught) --------------------------------------


def paragraphs_docx(texts: list[str]) -> bytes:
    d = docx.Document()
    for text in texts:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def resolve_as_word(data: bytes, mode: str) -> list[str]:
    """The paragraphs' texts after accepting or rejecting every tracked change, as Word does it
    (independent of the code under test): a paragraph whose mark goes joins the next one, but
    the last paragraph of the body keeps its mark whatever is marked on it (Word cannot remove
    the final paragraph mark), so a change marked there leaves an empty paragraph behind."""
    body = document_xml(data).find(f"{W}body")
    drop = f"{W}del" if mode == "accept" else f"{W}ins"
    paragraphs = [p for p in body if p.tag == f"{W}p"]
    texts: list[str] = []
    carried = ""
    for n, p in enumerate(paragraphs):
        kept = [
            t.text or ""
            for t in p.iter(f"{W}t", f"{W}delText")
            if not any(a.tag == drop for a in t.iterancestors(f"{W}ins", f"{W}del"))
        ]
        text = carried + "".join(kept)
        mark_goes = p.find(f"{W}pPr/{W}rPr/{drop}") is not None
        if mark_goes and n + 1 < len(paragraphs):
            carried = text
            continue
        texts.append(text)
        carried = ""
    return texts


@pytest.mark.parametrize(
    "old, new",
    [
        (["Ett."], ["Ett.", "To."]),  # a last paragraph added
        (["Ett.", "To."], ["Ett."]),  # the last paragraph removed
        (["Ett.", "To."], ["Ett.", "Tre.", "Fire."]),  # the last one replaced by two
        (["Ett.", "To.", "Tre."], ["Ett.", "Fire."]),  # two replaced by one at the end
    ],
)
def test_the_last_paragraph_mark_is_never_tracked_so_reject_all_gives_a(old, new):
    """Word cannot insert or delete the body's last paragraph mark: the redline marks the mark
    of the paragraph before the changed ones instead, so that «reject all» gives A's paragraphs
    exactly (no empty paragraph left at the end) and «accept all» B's."""
    a, b = paragraphs_docx(old), paragraphs_docx(new)
    red = redline(a, b, author=AUTHOR, date=DATE)
    last = [p for p in document_xml(red).find(f"{W}body") if p.tag == f"{W}p"][-1]
    assert last.find(f"{W}pPr/{W}rPr/{W}ins") is None and last.find(f"{W}pPr/{W}rPr/{W}del") is None
    assert resolve_as_word(red, "reject") == old
    assert resolve_as_word(red, "accept") == new


# --- property: generated plan pairs, rendered through the plan template ------------------------------


def _generator():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import generate

    return generate


@needs_pandoc
@settings(
    max_examples=4,  # small plans, a few examples: each renders two plan documents and runs pandoc four times
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 10_000),
    measures=st.integers(0, 12),
    areas=st.integers(1, 3),
    share=st.sampled_from([0.1, 0.3, 0.6]),
)
def test_redline_of_generated_plan_pairs_accepts_to_b_and_rejects_to_a(tmp_path_factory, seed, measures, areas, share):
    """Any plan and a revision of it (reworded, removed, added, moved measures, new costs and
    statuses), each rendered as the plan document: accepting every change in the redline gives
    B's rendering, rejecting every change A's, and every change is authored by the body. The
    way ``plan diff`` makes it (A sent serialised block by block, B's rendered tree used as it
    is, B's parts deflated ahead) gives the very same bytes."""
    from workflow.changes.redline import redline_package
    from workflow.documents.build import build_plan_document, plan_document_parts
    from workflow.documents.render import render_package, render_serialised
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    generate = _generator()
    first = generate.plan_data(measures, areas, seed=seed)
    second = generate.revise(first, seed=seed + 1, share=share)
    tmp = tmp_path_factory.mktemp("pair")
    rendered, as_diff = [], []
    for name, files, render in (("a", first, render_serialised), ("b", second, render_package)):
        generate.write_plan(tmp / name, files)
        project, _ = load_project(WorkTree(tmp / name))
        rendered.append(build_plan_document(project, tmp / name, when=dt.date(2020, 5, 12)))
        as_diff.append(plan_document_parts(project, tmp / name, when=dt.date(2020, 5, 12), render=render))
    a, b = rendered
    red = redline(a, b, author=AUTHOR, date=DATE)
    assert redline_package(lambda: as_diff[0], as_diff[1], author=AUTHOR, date=DATE).save() == red
    marks = list(document_xml(red).iter(f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo"))
    assert {m.get(f"{W}author") for m in marks} <= {AUTHOR}
    assert words(pandoc(red, tmp, "accept")) == words(pandoc(b, tmp, "accept"))
    assert words(pandoc(red, tmp, "reject")) == words(pandoc(a, tmp, "accept"))
