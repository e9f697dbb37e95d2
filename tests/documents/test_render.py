"""Rendering: the Markdown subset as Word formatting, the Jinja sandbox, the search path, and
reproducible bytes. Documents are read back with python-docx."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from workflow.text import markdown as richtext
from workflow.documents.context import Markdown, plan_context
from workflow.errors import TemplateError
from workflow.plan.load import load_project
from workflow.documents.render import find_template, render_docx
from workflow.resources import default_templates_dir
from workflow.plan.source import WorkTree
from workflow.participation.case import case_part

ROOT = Path(__file__).resolve().parents[2]
WHEN = dt.datetime(2020, 5, 12, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def project():
    return load_project(WorkTree(ROOT))[0]


@pytest.fixture(scope="module")
def plan_doc(project):
    data = render_docx(ROOT / "templates" / "plan.docx", plan_context(project, when=WHEN), title="T", when=WHEN)
    return data, docx.Document(io.BytesIO(data))


def all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def wrap(xml: str) -> etree._Element:
    """Parse generated paragraphs strictly (an error means the document would be corrupt)."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    ns += 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    return etree.fromstring(f"<w:body {ns}>{xml}</w:body>".encode())


# --- the Markdown subset ------------------------------------------------------------------------


def test_markdown_subset_becomes_blocks_and_runs():
    blocks = richtext.parse("Første **fet** og *kursiv* [lenke](https://os.kommune.no).\n\n- en\n  - to\n- tre")
    assert [b.kind for b in blocks] == ["paragraph", "bullet", "bullet", "bullet"]
    assert [b.level for b in blocks[1:]] == [0, 1, 0]
    runs = blocks[0].runs
    assert [(r.text, r.bold, r.italic) for r in runs[:4]] == [
        ("Første ", False, False),
        ("fet", True, False),
        (" og ", False, False),
        ("kursiv", False, True),
    ]
    assert runs[5].url == "https://os.kommune.no" and runs[5].text == "lenke"


@pytest.mark.parametrize(
    "text",
    [
        "# Ikke overskrift",
        "> sitat",
        "R&D <b>fet</b> &amp; &lt;",
        "`kode`",
        "| a | b |",
        "~~stryk~~",
        "1) en",
        "<https://x.no>",
    ],
)
def test_anything_outside_the_subset_stays_literal_text(text):
    assert richtext.plain(text) == text


def test_softbreaks_join_lines_and_links_show_their_address():
    assert richtext.plain("en\nto") == "en to"
    assert richtext.plain("- a\n- b") == "• a\n• b"
    assert richtext.plain("Se [nettsiden](https://os.kommune.no)") == "Se nettsiden (https://os.kommune.no)"
    assert richtext.plain("[javascript:alert(1)](javascript:alert(1))") == "[javascript:alert(1)](javascript:alert(1))"


def test_a_link_without_text_shows_its_address():
    assert richtext.plain("Se [](https://os.kommune.no) her") == "Se https://os.kommune.no her"
    body = wrap(richtext.paragraphs_xml("Se [](https://os.kommune.no)", link=lambda url: "rId1"))
    assert "".join(body.itertext()) == "Se https://os.kommune.no"
    assert body.find(f".//{W}hyperlink") is not None


def test_generated_xml_is_valid_for_hostile_text():
    hostile = "A & B < C > \"D\" 'E' æøå 🎉\tfane\x01\x0b\ufffe\ud800 **fet** [x](https://a.no/?a=1&b=2)"
    links = []
    body = wrap(richtext.paragraphs_xml(hostile, style="Tabelltekst", link=lambda url: links.append(url) or "rId99"))
    text = "".join(body.itertext())
    assert "A & B < C > \"D\" 'E' æøå 🎉" in text
    assert "\x01" not in text and "\ufffd" in text
    assert body.find(f".//{W}tab") is not None
    assert links == ["https://a.no/?a=1&b=2"]
    runs = wrap(f"<w:p>{richtext.runs_xml(hostile, link=lambda url: 'rId1')}</w:p>")
    assert "fet" in "".join(runs.itertext())


def test_empty_text_still_gives_a_paragraph():
    assert len(wrap(richtext.paragraphs_xml(None))) == 1
    assert len(wrap(richtext.paragraphs_xml("   "))) == 1


# --- the plan document --------------------------------------------------------------------------


def test_plan_document_has_headings_tables_and_norwegian_formatting(plan_doc, project):
    _, document = plan_doc
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    h1 = [text for style, text in headings if style == "Heading 1"]
    for number, area in enumerate(project.plan.focus_areas, start=1):
        assert f"Satsingsområde {number}: {area.name}" in h1
    assert {"Visjon", "Sammendrag", "Bakgrunn", "Ståsted", "Kostnader"} <= set(h1)
    assert ("Heading 2", "Tiltak") in headings and ("Heading 2", "Ambisjoner") in headings
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for measure in project.plan.all_measures():
        assert measure.id in cells
    assert "75\u00a0000\u00a0kr" in cells
    assert "2021–2028" in cells
    assert "172 (2016)" in cells
    texts = [p.text for p in all_paragraphs(document)]
    assert "Strategisk næringsplan for Os kommune 2020–2028" in texts
    assert "Utkast 12. mai 2020" in texts
    assert not any("**" in t or "None" in t or "{{" in t or "{%" in t for t in texts)


def test_markdown_fields_become_word_formatting(plan_doc):
    _, document = plan_doc
    bold = [r.text for p in all_paragraphs(document) for r in p.runs if r.bold]
    assert "generasjonsskifte" in bold  # **generasjonsskifte** in measure T1.1
    italic = [r.text for p in all_paragraphs(document) for r in p.runs if r.italic]
    assert "løsdriftskravet" in italic
    styles = {p.style.name for p in all_paragraphs(document)}
    assert {"List Bullet", "Tabellpunkt", "Punkt med id"} <= styles


def test_document_properties_and_zip_are_fixed(plan_doc):
    data, document = plan_doc
    props = document.core_properties
    assert props.title == "T"
    assert props.created == dt.datetime(2020, 5, 12, 8, 30, tzinfo=dt.timezone.utc)
    assert props.modified == props.created
    assert props.revision == 1
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert names == sorted(names) and names[0] == "[Content_Types].xml"
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_two_renders_give_identical_bytes(project):
    ctx = plan_context(project, when=WHEN)
    one = render_docx(ROOT / "templates" / "saksframlegg.docx", ctx | _case_stub(), title="S", when=WHEN)
    two = render_docx(ROOT / "templates" / "saksframlegg.docx", ctx | _case_stub(), title="S", when=WHEN)
    assert one == two


def _case_stub():
    from workflow.documents.context import case_context, default_body

    project = load_project(WorkTree(ROOT))[0]
    return case_context(project, default_body(project), (), None, WHEN, part=case_part)


def test_links_are_real_hyperlinks(tmp_path, project):
    ctx = plan_context(project, when=WHEN)
    ctx["plan"]["vision"] = Markdown("Les mer på [kommunens nettside](https://os.kommune.no/naering).")
    document = docx.Document(io.BytesIO(render_docx(ROOT / "templates" / "plan.docx", ctx, title="T", when=WHEN)))
    links = [p for p in document.paragraphs if p.hyperlinks]
    assert links and links[0].hyperlinks[0].address == "https://os.kommune.no/naering"
    assert links[0].text == "Les mer på kommunens nettside."


# --- the sandbox and the search path ------------------------------------------------------------


def template_with(tmp_path: Path, text: str) -> Path:
    document = docx.Document(str(ROOT / "templates" / "plan.docx"))
    document.add_paragraph(text)
    path = tmp_path / "plan.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize("tag, name", [("{{ plan.titel }}", "titel"), ("{{ plann.title }}", "plann")])
def test_misspelt_name_is_an_error_naming_template_and_name(tmp_path, project, tag, name):
    path = template_with(tmp_path, f"Tittel: {tag}")
    with pytest.raises(TemplateError) as err:
        render_docx(path, plan_context(project), title="T", when=WHEN)
    message = err.value.message
    assert str(path) in message and f"«{name}»" in message and tag in message
    assert "undefined" not in message and "has no attribute" not in message  # Jinja's English


def test_sandbox_refuses_python_internals(tmp_path, project):
    path = template_with(tmp_path, "{{ plan.title.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError, match="ikke er tillatt|ikke finnes"):
        render_docx(path, plan_context(project), title="T", when=WHEN)


def test_syntax_error_names_the_template(tmp_path, project):
    path = template_with(tmp_path, "{% if plan.title %}uten slutt")
    with pytest.raises(TemplateError, match="feil i malkoden"):
        render_docx(path, plan_context(project), title="T", when=WHEN)


@pytest.mark.parametrize(
    "tag, expected",
    [
        ("{% if plan.title %}uten slutt", "«{% if %}» er ikke avsluttet"),
        ("{% for a in plan.focus_areas %}uten slutt", "«{% for %}» er ikke avsluttet"),
        ("{{ plan.title | nyttfilter }}", "ukjent filter «nyttfilter» i {{ plan.title | nyttfilter }}"),
        ("{% endif %}", "ukjent eller malplassert tagg «{% endif %}»"),
        ("{{ plan.title }", "uventet «}»"),
        ("{{ plan.title plan }}", "forventet «end of print statement», fant «plan»"),
    ],
)
def test_template_syntax_errors_are_explained_in_norwegian(tmp_path, project, tag, expected):
    path = template_with(tmp_path, tag)
    with pytest.raises(TemplateError) as err:
        render_docx(path, plan_context(project), title="T", when=WHEN)
    message = err.value.message
    assert "feil i malkoden" in message and expected in message, message
    assert not any(word in message for word in ("Jinja was", "Unexpected end", "No filter", "Encountered")), message


def test_search_path_prefers_the_plan_repository(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "plan.docx").write_bytes(b"own")
    assert find_template("plan.docx", tmp_path).data == b"own"
    assert (
        find_template("saksframlegg.docx", tmp_path).data
        == (default_templates_dir() / "saksframlegg.docx").read_bytes()
    )


def test_missing_template_names_every_place_searched(tmp_path):
    with pytest.raises(TemplateError) as err:
        find_template("brev.docx", tmp_path)
    message = err.value.message
    assert "brev.docx" in message
    assert str(tmp_path / "templates") in message and str(default_templates_dir()) in message


def test_a_file_that_is_not_a_docx_is_a_template_error(tmp_path, project):
    (tmp_path / "plan.docx").write_text("ikke word")
    with pytest.raises(TemplateError, match="ikke en gyldig Word-fil"):
        render_docx(tmp_path / "plan.docx", plan_context(project), title="T", when=WHEN)


def test_default_templates_are_deterministic(tmp_path):
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_templates.py"), str(tmp_path)], check=True, capture_output=True
    )
    for name in ("plan.docx", "saksframlegg.docx", "nn/plan.docx", "nn/saksframlegg.docx", "nn/arsrapport.docx"):
        assert (tmp_path / name).read_bytes() == (ROOT / "templates" / name).read_bytes(), name


def test_rendered_xml_is_structurally_sound(plan_doc):
    """What Word refuses as «unreadable content»: paragraphs in paragraphs, cells without a
    paragraph, relationship ids that lead nowhere."""
    data, _ = plan_doc
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))  # strict parser
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    assert not body.findall(f".//{W}p//{W}p")
    assert all(cell.find(f"{W}p") is not None for cell in body.iter(f"{W}tc"))
    known = {rel.get("Id") for rel in rels}
    used = {
        v
        for el in body.iter()
        for k, v in el.attrib.items()
        if k.endswith("}id") and k.startswith("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}")
    }
    assert used <= known
    assert body.find(f".//{W}instrText").text.strip().startswith("TOC")


def test_contents_list_is_written_into_the_docx(plan_doc, project):
    """Readable before any field update: one entry per heading, at its level."""
    _, document = plan_doc
    entries = [(p.style.name, p.text) for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert entries[0] == ("toc 1", "Visjon")
    for number, area in enumerate(project.plan.focus_areas, start=1):
        assert ("toc 1", f"Satsingsområde {number}: {area.name}") in entries
    assert ("toc 2", "Tiltak") in entries
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert [text for _, text in entries] == headings
