"""Regenerate the default Word templates ``templates/plan.docx`` and ``templates/saksframlegg.docx``.

Usage (from the repository root)::

    python tools/make_templates.py            # writes templates/*.docx
    python tools/make_templates.py OUT_DIR    # writes them elsewhere

The templates are ordinary .docx files with docxtpl (Jinja2) tags; users copy them into their
plan repository's ``templates/`` (``plan init`` does) and edit them in Word or LibreOffice.
This script only makes the defaults, with python-docx, so their layout is reviewable as code.
Its output is deterministic: running it twice gives identical bytes (fixed zip times and
document properties), so the committed .docx files change only when this script changes.

Tags used (see ``workflow/context.py`` for every name the context offers):
``{{ x }}`` text; ``{{p x|markdown }}`` a Markdown field as paragraphs and bullet lists
(optionally with paragraph and bullet style names); ``{{r x|inline }}`` a Markdown field as
runs inside a paragraph; ``{%p … %}`` / ``{%tr … %}`` paragraph / table-row control tags.
A tag must stay inside one run: when editing in Word, type a tag in one go, without
changing its formatting midway.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Length, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workflow.documents.docxzip import normalise_zip  # noqa: E402

if TYPE_CHECKING:
    import datetime as dt

    from docx.document import Document as DocxDocument
    from docx.oxml.text.parfmt import CT_PPr
    from docx.styles.style import CharacterStyle, ParagraphStyle
    from docx.table import Table, _Cell, _Row
    from docx.text.paragraph import Paragraph

    CellItem = str | tuple[str, str]  # a paragraph's text, or (text, style name)
    CellSpec = CellItem | list[CellItem]  # one cell: one paragraph or several

FONT = "Calibri"
BLUE = RGBColor(0x1F, 0x38, 0x64)
MID_BLUE = RGBColor(0x2E, 0x53, 0x95)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "1F3864"
SUM_FILL = "DEE6F0"
TEXT_WIDTH = Cm(16)
TOC_HINT = "Innholdsfortegnelsen fylles ut når dokumentet åpnes i Word (svar ja på spørsmålet om å oppdatere feltene), eller med Verktøy › Oppdater › Oppdater alle i LibreOffice."


# --- document and styles ----------------------------------------------------------------------


def new_document(title: str) -> DocxDocument:
    doc = Document()
    _drop_thumbnail(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.1)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.comments = title, "", "", ""
    props.keywords, props.subject, props.category = "", "", ""
    props.revision = 1
    props.created = props.modified = props.last_printed = _fixed_time()
    props.language = "nb-NO"
    _settings(doc)
    _styles(doc)
    return doc


def _fixed_time() -> dt.datetime:
    import datetime as dt

    return dt.datetime(2020, 1, 1, 0, 0, 0)


def _drop_thumbnail(doc: DocxDocument) -> None:
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]


def _settings(doc: DocxDocument) -> None:
    settings = doc.settings.element
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        el = settings.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), value)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "nb-NO")
    # Norwegian hyphenation: long words («Landbruksforvaltningen») break at syllables, not anywhere.
    hyphen = parse_xml(f'<w:autoHyphenation {nsdecls("w")} w:val="true"/>')
    settings.find(qn("w:defaultTabStop")).addnext(hyphen)  # schema order: after defaultTabStop
    # Ask Word to update fields (the table of contents) when the document is opened.
    update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    settings.find(qn("w:compat")).addprevious(update)  # schema order: just before w:compat


def _style(
    doc: DocxDocument,
    name: str,
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH,
    base: str | None = "Normal",
    style_id: str | None = None,
) -> ParagraphStyle:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if style_id:
        style.element.set(qn("w:styleId"), style_id)
    if base and kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = styles[base]
    return style


def _font(
    style: CharacterStyle,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: RGBColor | None = None,
    name: str = FONT,
) -> None:
    font = style.font
    font.name = name
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.theme_color = None  # drops the theme colour (and the whole w:color) first
        font.color.rgb = color


def _spacing(
    style: ParagraphStyle,
    before: float | None = None,
    after: float | None = None,
    line: float | None = None,
    keep: bool = False,
) -> None:
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if keep:
        fmt.keep_with_next = True


def _styles(doc: DocxDocument) -> None:
    """Every style the templates use, in the order they are added to styles.xml."""
    _default_font(doc)
    _builtin_styles(doc)
    _cover_styles(doc)
    _table_styles(doc)
    _text_styles(doc)


def _default_font(doc: DocxDocument) -> None:
    """Calibri (not the theme's fonts) and Norwegian bokmål as the document defaults."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.find(qn("w:lang")).set(qn("w:val"), "nb-NO")
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)


def _builtin_styles(doc: DocxDocument) -> None:
    """Word's own styles: Normal, the headings, Title, Subtitle and the lists."""
    normal = doc.styles["Normal"]
    _font(normal, 11)
    _spacing(normal, 0, 6, 1.1)
    for name, size, color, before, after in (
        ("Heading 1", 16, BLUE, 18, 6),
        ("Heading 2", 13, MID_BLUE, 12, 4),
        ("Heading 3", 11.5, MID_BLUE, 10, 2),
    ):
        style = doc.styles[name]
        _font(style, size, True, color=color)
        _spacing(style, before, after, keep=True)
        no_hyphens(style.element.get_or_add_pPr())
    _font(doc.styles["Title"], 26, False, color=BLUE)
    title = doc.styles["Title"].element.pPr
    title.remove(title.find(qn("w:pBdr")))
    _border(title, '<w:bottom w:val="single" w:sz="24" w:space="8" w:color="2E5395"/>')
    _spacing(doc.styles["Title"], 0, 12)
    _font(doc.styles["Subtitle"], 14, False, False, GREY)
    for name in ("Title", "Subtitle"):  # titles, names and dates are not hyphenated
        no_hyphens(doc.styles[name].element.get_or_add_pPr())
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3", "List Number"):
        _spacing(doc.styles[name], 0, 3)


def _cover_styles(doc: DocxDocument) -> None:
    """The municipality's name, the vision, and the table of contents with its levels."""
    s = _style(doc, "Kommunenavn")
    _font(s, 12, True, color=MID_BLUE)
    no_hyphens(s.element.get_or_add_pPr())
    _spacing(s, 0, 4)
    s = _style(doc, "Visjon")
    _font(s, 14, False, True, BLUE)
    s.paragraph_format.left_indent = Cm(1)
    _spacing(s, 6, 12, 1.2)
    s = _style(doc, "Innholdstittel")
    _font(s, 16, True, color=BLUE)
    _spacing(s, 0, 12)
    for level in (1, 2):
        s = _style(doc, f"toc {level}", style_id=f"TOC{level}")
        _font(s, 11, level == 1)
        _spacing(s, 6 if level == 1 else 0, 2)
        s.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        s.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _table_styles(doc: DocxDocument) -> None:
    """Text in tables: the body, the header row, notes and bullets."""
    s = _style(doc, "Tabelltekst")
    _font(s, 9.5)
    _spacing(s, 0, 2, 1.0)
    s = _style(doc, "Tabellhode", base="Tabelltekst")
    _font(s, 9.5, True, color=RGBColor(0xFF, 0xFF, 0xFF))
    no_hyphens(s.element.get_or_add_pPr())
    s = _style(doc, "Tabellmerknad", base="Tabelltekst")
    _font(s, 8.5, italic=True, color=GREY)
    s = _style(doc, "Tabellpunkt", base="Tabelltekst")
    _bullet(s)
    s.paragraph_format.left_indent, s.paragraph_format.first_line_indent = Cm(0.45), Cm(-0.45)


def _text_styles(doc: DocxDocument) -> None:
    """Points with an id, notes, the recommendation (innstilling), links and the footer."""
    s = _style(doc, "Punkt med id")
    s.paragraph_format.left_indent, s.paragraph_format.first_line_indent = Cm(1.5), Cm(-1.5)
    s.paragraph_format.tab_stops.add_tab_stop(Cm(1.5))
    _spacing(s, 0, 4)
    s = _style(doc, "Merknad")
    _font(s, 9.5, italic=True, color=GREY)
    s.paragraph_format.left_indent = Cm(1.5)
    _spacing(s, 0, 6)
    s = _style(doc, "Innstilling")
    s.paragraph_format.left_indent = Cm(0.4)
    _border(s.element.get_or_add_pPr(), '<w:left w:val="single" w:sz="18" w:space="8" w:color="2E5395"/>')
    s = _style(doc, "Innstillingspunkt", base="Innstilling")
    _bullet(s)
    s.paragraph_format.left_indent, s.paragraph_format.first_line_indent = Cm(1.0), Cm(-0.6)
    _spacing(s, 0, 3)
    s = _style(doc, "Hyperlink", kind=WD_STYLE_TYPE.CHARACTER, base=None)
    s.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    s.font.underline = True
    s = _style(doc, "Bunntekst")
    _font(s, 8.5, color=GREY)
    no_hyphens(s.element.get_or_add_pPr())  # the footer holds the document's title
    _spacing(s, 0, 0)
    s.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)


PBDR_SUCCESSORS = tuple(
    f"w:{t}"
    for t in "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange".split()
)


def _border(ppr: CT_PPr, edges: str) -> None:
    """A paragraph border, inserted where the schema wants it (Word is strict about order)."""
    ppr.insert_element_before(parse_xml(f"<w:pBdr {nsdecls('w')}>{edges}</w:pBdr>"), *PBDR_SUCCESSORS)


def no_hyphens(ppr: CT_PPr) -> None:
    """Automatic hyphenation off for a style or paragraph (titles, headings, names, addresses):
    only body text is hyphenated."""
    if ppr.find(qn("w:suppressAutoHyphens")) is None:
        ppr.insert_element_before(
            parse_xml(f"<w:suppressAutoHyphens {nsdecls('w')}/>"),
            *PBDR_SUCCESSORS[PBDR_SUCCESSORS.index("w:kinsoku") :],
        )


def _bullet(style: ParagraphStyle) -> None:
    """The bullet numbering of «List Bullet» (numId 1) on another paragraph style."""
    style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 1


# --- building blocks -----------------------------------------------------------------------------


def para(doc_or_cell: DocxDocument | _Cell, text: str = "", style: str | None = None, bold: bool = False) -> Paragraph:
    p = doc_or_cell.add_paragraph(style=style)
    if text:
        p.add_run(text).bold = bold or None
    return p


def page_break_before(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


@contextmanager
def jinja_if(doc: DocxDocument, condition: str) -> Iterator[None]:
    """``{%p if condition %}`` … ``{%p endif %}`` around the paragraphs written in the block."""
    para(doc, f"{{%p if {condition} %}}")
    yield
    para(doc, "{%p endif %}")


@contextmanager
def jinja_for(doc: DocxDocument, loop: str) -> Iterator[None]:
    """``{%p for loop %}`` … ``{%p endfor %}`` around the paragraphs written in the block."""
    para(doc, f"{{%p for {loop} %}}")
    yield
    para(doc, "{%p endfor %}")


def listed(doc: DocxDocument, name: str, items: str, style: str = "List Bullet") -> None:
    """One paragraph ``{{ name }}`` in ``style`` for each ``name`` in ``items``."""
    with jinja_for(doc, f"{name} in {items}"):
        para(doc, f"{{{{ {name} }}}}", style)


def markdown_section(doc: DocxDocument, name: str, heading: str, level: str = "Heading 3") -> None:
    """The Markdown field ``name`` under ``heading``; both are left out when the field is empty."""
    with jinja_if(doc, name):
        para(doc, heading, level)
        para(doc, f"{{{{p {name}|markdown }}}}")


def recommendation_text(doc: DocxDocument, name: str) -> None:
    """The Markdown field ``name`` set as a recommendation (innstilling): framed, with its own bullets."""
    para(doc, f'{{{{p {name}|markdown("Innstilling", "Innstillingspunkt") }}}}')


def decision_text(doc: DocxDocument, name: str, condition: str) -> None:
    """``{{ name_title }}`` as a heading over the recommendation text ``name``, when ``condition``."""
    with jinja_if(doc, condition):
        para(doc, f"{{{{ {name}_title }}}}", "Heading 3")
        recommendation_text(doc, name)


def change_sections(doc: DocxDocument, sections: str, empty: str | None = None) -> None:
    """The changes per focus area: a heading per area, a bullet per sentence; ``empty`` (if
    given) is the paragraph of the loop's ``{%p else %}``, written when there are none."""
    with jinja_for(doc, f"section in {sections}"):
        para(doc, "{{ section.area }}", "Heading 3")
        listed(doc, "line", "section.lines")
        if empty is not None:
            para(doc, "{%p else %}")
            para(doc, empty)


def title_page(doc: DocxDocument, title: str, subtitle: str, *lower: str, name_size: float | None = None) -> None:
    """A title page without the footer (a different first page): the municipality's name, the
    title and subtitle, and further down the page the ``lower`` lines (date, stage …)."""
    doc.sections[0].different_first_page_header_footer = True
    name = para(doc, "{{ municipality.full_name|upper }}", "Kommunenavn")
    name.paragraph_format.space_before = Pt(140)
    if name_size is not None:
        name.runs[0].font.size = Pt(name_size)
    para(doc, title, "Title")
    para(doc, subtitle, "Subtitle")
    for number, text in enumerate(lower):
        line = para(doc, text, "Subtitle")
        if number == 0:
            line.paragraph_format.space_before = Pt(160)


def contents(doc: DocxDocument) -> None:
    """The table of contents on a page of its own (headings of levels 1 and 2)."""
    page_break_before(para(doc, "Innhold", "Innholdstittel"))
    field(para(doc, style="toc 1"), 'TOC \\o "1-2" \\h \\z \\u', TOC_HINT)


def chart_with_caption(doc: DocxDocument, chart: str, caption: str) -> None:
    """A chart (a picture the context fills in), centred and kept together with its caption."""
    p = para(doc, chart)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    para(doc, caption, "Merknad")


META_WIDTHS = [Cm(3.2), Cm(5.3), Cm(3), Cm(4.5)]


def meta_table(doc: DocxDocument, rows: Sequence[tuple[str, str, str, str]]) -> None:
    """A letter's or case's head without borders: rows of «label: value  label: value»."""
    meta = table(doc, None, META_WIDTHS, cells=[], borders=False)
    for values in rows:
        row = meta.add_row()
        for cell, text, width in zip(row.cells, values, META_WIDTHS):
            cell.width = width
            cell.paragraphs[0].style = doc.styles["Tabelltekst"]
            cell.paragraphs[0].add_run(text).bold = text.endswith(":") or None
            no_hyphens(cell.paragraphs[0]._p.get_or_add_pPr())  # names, e-mail addresses, phone numbers


def case_header(doc: DocxDocument) -> None:
    """The head of a saksframlegg: municipality, officer, dates and archive numbers, the
    saksgang (the bodies and their case numbers) and the case's title."""
    para(doc, "{{ municipality.full_name|upper }}", "Kommunenavn")
    para(doc, "Saksframlegg", "Title")
    meta_table(
        doc,
        [
            ("Saksbehandler:", "{{ case.officer }}", "Arkiv:", "{{ case.archive_code }}"),
            ("Dato:", "{{ date }}", "Arkivsaksnr.:", "{{ case.archive_case }}"),
        ],
    )
    para(doc, "Saksgang", "Tabelltekst", bold=True).paragraph_format.space_before = Pt(10)
    table(
        doc,
        ["Utvalg", "Møtedato", "Utvalgssaksnr."],
        [Cm(8), Cm(4), Cm(4)],
        loop="row in saksgang",
        cells=["{{ row.name }}", "{{ row.date }}", "{{ row.case_number }}"],
    )
    para(doc, "{%p if case.programme %}", "Tabelltekst")
    para(doc, "{{ case.programme }}", "Tabelltekst")
    para(doc, "{%p endif %}", "Tabelltekst")
    para(doc, "{%p for decision in case.other_decisions %}", "Tabelltekst")
    para(doc, "{{ decision }}", "Tabelltekst")
    para(doc, "{%p endfor %}", "Tabelltekst")
    p = para(doc, "{{ case.title }}", "Heading 1")
    p.runs[0].font.size = Pt(18)


def field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC …) that Word and LibreOffice compute."""
    r = paragraph._p
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'))
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'))
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{placeholder}</w:t></w:r>'))
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def footer(doc: DocxDocument, left: str) -> None:
    section = doc.sections[0]
    p = section.footer.paragraphs[0]
    p.style = doc.styles["Bunntekst"]
    p.add_run(left)
    p.add_run("\tSide ")
    field(p, "PAGE", "1")
    p.add_run(" av ")
    field(p, "NUMPAGES", "1")


def _cell_props(cell: _Cell, fill: str | None = None, width: Length | None = None) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    if width is not None:
        cell.width = width
    if fill:
        tcpr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def table(
    doc: DocxDocument,
    headers: list[str] | None,
    widths: Sequence[Length],
    loop: str | None = None,
    cells: Sequence[CellSpec] = (),
    total: list[str] | None = None,
    borders: bool = True,
    right: tuple[int, ...] = (),
    keep_after: bool = False,
) -> Table:
    """A table: a header row (repeated on every page), then ``loop`` rows (``{%tr for … %}``),
    ``cells`` (one list of paragraph specs per column) and an optional ``total`` row.

    No row is split over two pages, and the last two rows of the loop are kept with what
    follows (the sum row), so a page never holds a table's last row alone; ``keep_after``:
    the paragraph after the table (a sum line) stays with it too."""
    t = doc.add_table(rows=0, cols=len(widths))
    t.autofit = False
    _table_borders(t, borders)
    for col, width in zip(t.columns, widths):
        col.width = width
    if headers:  # kept with the first row: a page never ends with a table's head alone
        _keep_with_next(_add_row(doc, t, widths, right, headers, "Tabellhode", HEADER_FILL, header=True))
    if loop:
        blank = [""] * (len(widths) - 1)
        _add_row(doc, t, widths, right, [f"{{%tr for {loop} %}}"] + blank)
        _add_row(doc, t, widths, right, ["{%tr if loop.revindex > 2 %}"] + blank)
        _add_row(doc, t, widths, right, list(cells))
        _add_row(doc, t, widths, right, ["{%tr else %}"] + blank)
        _keep_with_next(_add_row(doc, t, widths, right, list(cells)))  # the last two rows
        _add_row(doc, t, widths, right, ["{%tr endif %}"] + blank)
        _add_row(doc, t, widths, right, ["{%tr endfor %}"] + blank)
    if total:
        row = _add_row(doc, t, widths, right, total, fill=SUM_FILL)
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        if keep_after:
            _keep_with_next(row)
    after = doc.add_paragraph(style="Tabellmerknad")  # space after the table
    after.paragraph_format.keep_with_next = keep_after or None
    return t


def _keep_with_next(row: _Row) -> None:
    """Every paragraph of the row is kept with the next one (Word and LibreOffice then keep the
    row on the page of the row or paragraph after it)."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _table_borders(t: Table, borders: bool) -> None:
    """Thin grey lines above, below and between the rows (or none), and the cell margins."""
    tblpr = t._tbl.tblPr
    later = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    line = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
    edges = "".join(line.format(e) for e in ("top", "bottom", "insideH")) if borders else ""
    tblpr.insert_element_before(
        parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"),
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        *later,
    )
    tblpr.insert_element_before(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        ),
        *later,
    )


def _add_row(
    doc: DocxDocument,
    t: Table,
    widths: Sequence[Length],
    right: tuple[int, ...],
    specs: Sequence[CellSpec],
    style: str = "Tabelltekst",
    fill: str | None = None,
    header: bool = False,
) -> _Row:
    """A row of cells, one spec each, never split over two pages; a header row is repeated on
    every page."""
    row = t.add_row()
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))  # never split over two pages
    if header:
        row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for column, (cell, spec, width) in enumerate(zip(row.cells, specs, widths)):
        _cell_props(cell, fill, width)
        _fill_cell(doc, cell, spec if isinstance(spec, list) else [spec], style, column in right)
    return row


def _fill_cell(doc: DocxDocument, cell: _Cell, items: list[CellItem], style: str, align_right: bool) -> None:
    """A cell's paragraphs: a text in the row's style, or (text, style)."""
    for number, item in enumerate(items):
        text, pstyle = (item, style) if isinstance(item, str) else item
        p = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        p.style = doc.styles[pstyle]
        if align_right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if text:
            p.add_run(text)


def save(doc: DocxDocument, path: Path) -> None:
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue()))


# --- the two templates ---------------------------------------------------------------------------


def cost_tables(doc: DocxDocument, heading: str, keep_after: bool = False) -> None:
    """Costs per year and per funding source: the same tables in the plan and the case;
    ``keep_after``: the last rows stay with what follows (in the case, a short last treatment
    never stands alone on the last page)."""
    para(doc, "Kostnader per år", heading)
    table(
        doc,
        ["År", "Antall tiltak", "Kostnad"],
        [Cm(4), Cm(4), Cm(8)],
        loop="row in costs.years",
        cells=["{{ row.year }}", "{{ row.measures }}", "{{ row.text }}"],
        right=(1, 2),
        total=["Sum {{ costs.period }}", "", "{{ costs.total_text }}"],
    )
    para(doc, "Kostnader per finansieringskilde", heading)
    table(
        doc,
        ["Finansiering", "Sum for perioden"],
        [Cm(10), Cm(6)],
        loop="row in costs.by_source",
        cells=["{{ row.source }}", "{{ row.text }}"],
        right=(1,),
        total=["Sum", "{{ costs.total_text }}"],
        keep_after=keep_after,
    )


def build_plan() -> DocxDocument:
    doc = new_document("Mal for plandokument")
    title_page(
        doc,
        "{{ plan.full_title }}",
        "{{ plan.type|capitalize }} for perioden {{ plan.period }}",
        "{{ municipality.full_name }}{% if municipality.county %}, {{ municipality.county }}{% endif %}",
        "{{ stage.text }}",
        name_size=14,
    )
    contents(doc)
    _plan_introduction(doc)
    with jinja_for(doc, "area in plan.focus_areas"):
        _focus_area(doc)
    _plan_costs(doc)
    footer(doc, "{{ plan.full_title }}")
    return doc


def _plan_introduction(doc: DocxDocument) -> None:
    """Vision, main goal, summary, background (with the plan it replaces) and situation."""
    page_break_before(para(doc, "Visjon", "Heading 1"))
    para(doc, '{{p plan.vision|markdown("Visjon") }}')
    main_goal(doc)
    markdown_section(doc, "plan.summary", "Sammendrag", "Heading 1")
    with jinja_if(doc, "plan.background or plan.previous"):
        para(doc, "Bakgrunn", "Heading 1")
        with jinja_if(doc, "plan.background"):
            para(doc, "{{p plan.background|markdown }}")
        with jinja_if(doc, "plan.previous"):
            para(doc, "Forrige plan", "Heading 2")
            para(
                doc,
                "Denne planen avløser «{{ plan.previous.title }}»{% if not plan.previous.period_in_title %}, som gjaldt for perioden {{ plan.previous.period }}{% endif %}.",
            )
    markdown_section(doc, "plan.situation", "Ståsted", "Heading 1")


def _focus_area(doc: DocxDocument) -> None:
    """One focus area (``area``) on a new page: description, goals, ambitions, strategies, measures."""
    page_break_before(para(doc, "{{ levels.satsingsområde.singular }} {{ area.number }}: {{ area.name }}", "Heading 1"))
    with jinja_if(doc, "area.description"):
        para(doc, "{{p area.description|markdown }}")
    with jinja_if(doc, "area.goals"):
        para(doc, "{{ levels.mål.plural }}", "Heading 2")
        with jinja_for(doc, "goal in area.goals"):
            _id_paragraph(doc, "goal")
            sub_goals(doc)
    _area_ambitions(doc)
    with jinja_if(doc, "area.strategies"):
        para(doc, "{{ levels.strategi.plural }}", "Heading 2")
        with jinja_for(doc, "strategy in area.strategies"):
            _id_paragraph(doc, "strategy")
            with jinja_if(doc, "strategy.goals_text"):
                para(doc, "Bidrar til mål: {{ strategy.goals_text }}", "Merknad")
    _area_measures(doc)


def _area_ambitions(doc: DocxDocument) -> None:
    """The area's ambitions: a table of indicators, then each indicator's chart."""
    with jinja_if(doc, "area.ambitions"):
        para(doc, "{{ levels.ambisjon.plural }}", "Heading 2")
        para(
            doc, "Ambisjonene er målbare mål for planperioden. De følges opp med tallene fra kildene som er oppgitt."
        ).paragraph_format.keep_with_next = True
        ambition_table(doc, "ambition in area.ambitions")
        with jinja_for(doc, "ambition in area.ambitions"):  # indicator charts (issue 14)
            with jinja_if(doc, "ambition.chart"):
                chart_with_caption(doc, "{{ ambition.chart }}", "{{ ambition.chart_caption }}")


def _area_measures(doc: DocxDocument) -> None:
    """The area's measures: a table with responsibility, years, cost and status, and the sum."""
    with jinja_if(doc, "area.measures"):
        para(doc, "{{ levels.tiltak.plural }}", "Heading 2")
        para(doc, "Kostnaden er et overslag per år tiltaket varer.").paragraph_format.keep_with_next = True
        table(
            doc,
            ["Id", "{{ levels.tiltak.singular }}", "Ansvar", "År", "Kostnad per år", "Status"],
            [Cm(1.1), Cm(5.0), Cm(3.8), Cm(1.9), Cm(2.2), Cm(2.0)],
            right=(4,),
            loop="measure in area.measures",
            cells=[
                "{{ measure.id }}",
                [
                    '{{p measure.text|markdown("Tabelltekst", "Tabellpunkt") }}',
                    ("{%p if measure.partners_text %}", "Tabellmerknad"),
                    ("Samarbeid: {{ measure.partners_text }}", "Tabellmerknad"),
                    ("{%p endif %}", "Tabellmerknad"),
                    ("Finansiering: {{ measure.funding_text }}", "Tabellmerknad"),
                ],
                "{{ measure.responsible }}",
                "{{ measure.years }}",
                "{{ measure.cost_text }}",
                "{{ measure.status_text }}",
            ],
            keep_after=True,  # the sum line below stays with the measures it sums
        )
        para(doc, "Samlet kostnadsoverslag i planperioden: {{ area.cost_total_text }}.")


def _plan_costs(doc: DocxDocument) -> None:
    """The chapter «Kostnader» (a strategy document without measures has none)."""
    with jinja_if(doc, "plan.has_measures"):
        page_break_before(para(doc, "Kostnader", "Heading 1"))
        para(doc, "Tabellene summerer kostnadsoverslagene for tiltakene. Tiltak med status «utgått» er ikke tatt med.")
        cost_tables(doc, "Heading 2")
        para(doc, "Kostnader per {{ levels.satsingsområde.singular_lower }}", "Heading 2")
        table(
            doc,
            ["{{ levels.satsingsområde.singular }}", "Sum for perioden"],
            [Cm(10), Cm(6)],
            loop="row in costs.by_area",
            cells=["{{ row.number }}. {{ row.name }}", "{{ row.text }}"],
            right=(1,),
            total=["Sum", "{{ costs.total_text }}"],
        )


AMBITION_CELLS: list[CellSpec] = [
    [
        "{{ ambition.indicator }}",
        ("Enhet: {{ ambition.unit }}", "Tabellmerknad"),
        ("{%p if ambition.data_points_text %}", "Tabellmerknad"),
        ("Målt: {{ ambition.data_points_text }}", "Tabellmerknad"),
        ("{%p endif %}", "Tabellmerknad"),
    ],
    "{{ ambition.baseline_text }}",
    "{{ ambition.target_text }}",
    "{{ ambition.source }}",
]


def ambition_table(doc: DocxDocument, loop: str) -> None:
    """Indicators with baseline, target and source: one row per ``ambition`` of ``loop``."""
    table(
        doc,
        ["Indikator", "Utgangspunkt", "Målverdi", "Kilde"],
        [Cm(6.2), Cm(2.6), Cm(2.6), Cm(4.6)],
        loop=loop,
        cells=AMBITION_CELLS,
    )


def main_goal(doc: DocxDocument) -> None:
    """The plan's main goal (hovedmål) and its indicators, when it has one."""
    with jinja_if(doc, "plan.main_goal"):
        para(doc, "{{ levels.hovedmål.singular }}", "Heading 1")
        _id_paragraph(doc, "plan.main_goal")
        with jinja_if(doc, "plan.main_goal.indicators"):
            para(doc, "Indikatorer", "Heading 2")
            ambition_table(doc, "ambition in plan.main_goal.indicators")


def sub_goals(doc: DocxDocument) -> None:
    """A goal's sub-goals (delmål), indented under it."""
    with jinja_for(doc, "sub in goal.sub_goals"):
        _id_paragraph(doc, "sub").paragraph_format.left_indent = Cm(1.5)


def _id_paragraph(doc: DocxDocument, name: str) -> Paragraph:
    """«M1.1 <tab> text»: the id in bold, the Markdown text as runs."""
    p = doc.add_paragraph(style="Punkt med id")
    p.add_run(f"{{{{ {name}.id }}}}").bold = True
    p.add_run("\t")
    p.add_run(f"{{{{r {name}.text|inline }}}}")
    return p


def build_case() -> DocxDocument:
    doc = new_document("Mal for saksframlegg")
    case_header(doc)
    para(doc, "{{ recommendation.title }}", "Heading 2")
    recommendation_text(doc, "recommendation.text")
    with jinja_if(doc, "case.attachments"):
        para(doc, "Vedlegg", "Heading 2")
        listed(doc, "attachment", "case.attachments", "List Number")
    _case_facts(doc)
    with jinja_if(doc, "changes is not none"):
        para(doc, "Endringer siden forrige behandling", "Heading 2")
        with jinja_if(doc, "changes and changes_base"):
            para(doc, "Planen er sammenlignet med {{ changes_base }}.")
        change_sections(
            doc,
            "changes",
            empty="{% if changes_base %}Planen er ikke endret sammenlignet med {{ changes_base }}.{% else %}Planen er ikke endret siden forrige behandling.{% endif %}",
        )
    _case_assessment(doc)
    with jinja_for(doc, "treatment in treatments"):
        _case_treatment(doc)
    footer(doc, "Saksframlegg: {{ case.title }}")
    return doc


def _case_facts(doc: DocxDocument) -> None:
    """«Saksopplysninger»: background, the plan replaced, organisation, process and participation."""
    from templates_participation import case_section

    para(doc, "Saksopplysninger", "Heading 2")
    markdown_section(doc, "plan.background", "Bakgrunn")
    with jinja_if(doc, "plan.previous"):
        para(
            doc,
            "Planen avløser «{{ plan.previous.title }}»{% if not plan.previous.period_in_title %} ({{ plan.previous.period }}){% endif %}.",
        )
    markdown_section(doc, "case.organisation", "Organisering")
    with jinja_if(doc, "case.workshops"):
        para(doc, "Prosess og samlinger", "Heading 3")
        with jinja_for(doc, "workshop in case.workshops"):
            para(
                doc,
                "Samling {{ loop.index }}: {{ workshop.weekday_date }}{% if workshop.time %}, kl. {{ workshop.time }}{% endif %}, {{ workshop.place }}",
                bold=True,
            ).paragraph_format.keep_with_next = True
            with jinja_if(doc, "workshop.topic"):
                para(doc, "{{p workshop.topic|markdown }}")
            with jinja_if(doc, "workshop.participants"):
                para(doc, "Deltakere: {{ workshop.participants }}.")
    # One section on participation and the hearing: sak.yaml's text, then the counts
    with jinja_if(doc, "case.participation or participation"):
        para(
            doc,
            "{% if participation and participation.hearing %}Medvirkning og høring{% else %}Medvirkning{% endif %}",
            "Heading 3",
        )
        with jinja_if(doc, "case.participation"):
            para(doc, "{{p case.participation|markdown }}")
        case_section(doc)  # the workshops, the hearing and the input (tools/templates_participation.py)
    markdown_section(doc, "plan.summary", "Sammendrag av planen")


def _case_assessment(doc: DocxDocument) -> None:
    """«Vurdering» with the consequences, and the economic consequences of the measures."""
    with jinja_if(doc, "case.assessment or case.consequences"):
        para(doc, "Vurdering", "Heading 2")
        with jinja_if(doc, "case.assessment"):
            para(doc, "{{p case.assessment|markdown }}")
        markdown_section(doc, "case.consequences", "Konsekvenser")
    with jinja_if(doc, "plan.has_measures"):
        para(doc, "Økonomiske konsekvenser", "Heading 2")
        para(
            doc,
            "Tiltakene i planen har et samlet kostnadsoverslag på {{ costs.total_text }} for perioden {{ costs.period }}. Tiltak med status «utgått» er ikke tatt med. Hvert tiltak vurderes i de årlige budsjettprosessene.",
        )
        cost_tables(doc, "Heading 3", keep_after=True)


def _case_treatment(doc: DocxDocument) -> None:
    """One earlier treatment (``treatment``): note, case number, proposals, votes and decision."""
    para(doc, "{{ treatment.heading }}", "Heading 2")
    with jinja_if(doc, "treatment.note"):
        para(doc, "{{ treatment.note }}")
    with jinja_if(doc, "treatment.case_number"):
        para(doc, "Sak {{ treatment.case_number }}.")
    with jinja_for(doc, "proposal in treatment.proposals"):
        proposal = para(doc, "Forslag{% if proposal.by %} fra {{ proposal.by }}{% endif %}:", bold=True)
        proposal.paragraph_format.keep_with_next = True
        recommendation_text(doc, "proposal.text")
        with jinja_if(doc, "proposal.votes"):
            para(doc, "Votering: {{ proposal.votes }}").runs[0].italic = True
    with jinja_if(doc, "treatment.adopted_changes"):  # issue 24: what the adopted proposals changed
        para(doc, "{{ treatment.adopted_title }}", "Heading 3")
        listed(doc, "line", "treatment.adopted_changes")
    with jinja_if(doc, "treatment.votes"):
        para(doc, "Votering: {{ treatment.votes }}")
    with jinja_if(doc, "treatment.deadline and not treatment.note"):
        para(doc, "Høringsfrist: {{ treatment.deadline }}.")
    decision_text(doc, "treatment.decision", "treatment.decision_title")
    decision_text(doc, "treatment.recommendation", "treatment.recommendation_title")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "templates"
    out.mkdir(parents=True, exist_ok=True)
    from templates_participation import build_invitation, build_merknad

    builders = [("plan.docx", build_plan), ("saksframlegg.docx", build_case)]
    builders += [("invitasjon.docx", build_invitation), ("innspill.docx", build_merknad)]  # templates_participation.py
    for name, build in builders:
        save(build(), out / name)
        print(f"skrev {out / name}")
    from templates_staastedsanalyse import build_situation  # noqa: E402 (issue 14)

    save(build_situation(), out / "staastedsanalyse.docx")

    from templates_nn import write_nynorsk  # noqa: PLC0415 - the nynorsk templates (issue 11)

    write_nynorsk(out / "nn", {"plan.docx": build_plan, "saksframlegg.docx": build_case}, save)
    for name, build in __import__("templates_followup").TEMPLATES:
        save(build(), out / name)
        print(f"skrev {out / name}")
    attachments = {"invitasjon.docx": build_invitation, "innspill.docx": build_merknad}
    attachments["staastedsanalyse.docx"] = build_situation
    write_nynorsk(out / "nn", {**dict(__import__("templates_followup").TEMPLATES), **attachments}, save, followup=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
