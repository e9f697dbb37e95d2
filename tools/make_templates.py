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
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workflow.documents.docxzip import normalise_zip  # noqa: E402

FONT = "Calibri"
BLUE = RGBColor(0x1F, 0x38, 0x64)
MID_BLUE = RGBColor(0x2E, 0x53, 0x95)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "1F3864"
SUM_FILL = "DEE6F0"
TEXT_WIDTH = Cm(16)
TOC_HINT = "Innholdsfortegnelsen fylles ut når dokumentet åpnes i Word (svar ja på spørsmålet om å oppdatere feltene), eller med Verktøy › Oppdater › Oppdater alle i LibreOffice."


# --- document and styles ----------------------------------------------------------------------


def new_document(title: str) -> Document:
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


def _fixed_time():
    import datetime as dt

    return dt.datetime(2020, 1, 1, 0, 0, 0)


def _drop_thumbnail(doc) -> None:
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]


def _settings(doc) -> None:
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


def _style(doc, name, kind=WD_STYLE_TYPE.PARAGRAPH, base="Normal", style_id=None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if style_id:
        style.element.set(qn("w:styleId"), style_id)
    if base and kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = styles[base]
    return style


def _font(style, size=None, bold=None, italic=None, color=None, name=FONT):
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


def _spacing(style, before=None, after=None, line=None, keep=False):
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if keep:
        fmt.keep_with_next = True


def _styles(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.find(qn("w:lang")).set(qn("w:val"), "nb-NO")
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
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
    _font(doc.styles["Title"], 26, False, color=BLUE)
    title = doc.styles["Title"].element.pPr
    title.remove(title.find(qn("w:pBdr")))
    _border(title, '<w:bottom w:val="single" w:sz="24" w:space="8" w:color="2E5395"/>')
    _spacing(doc.styles["Title"], 0, 12)
    _font(doc.styles["Subtitle"], 14, False, False, GREY)
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3", "List Number"):
        _spacing(doc.styles[name], 0, 3)
    s = _style(doc, "Kommunenavn")
    _font(s, 12, True, color=MID_BLUE)
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
    s = _style(doc, "Tabelltekst")
    _font(s, 9.5)
    _spacing(s, 0, 2, 1.0)
    s = _style(doc, "Tabellhode", base="Tabelltekst")
    _font(s, 9.5, True, color=RGBColor(0xFF, 0xFF, 0xFF))
    s = _style(doc, "Tabellmerknad", base="Tabelltekst")
    _font(s, 8.5, italic=True, color=GREY)
    s = _style(doc, "Tabellpunkt", base="Tabelltekst")
    _bullet(s)
    s.paragraph_format.left_indent, s.paragraph_format.first_line_indent = Cm(0.45), Cm(-0.45)
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
    _spacing(s, 0, 0)
    s.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)


PBDR_SUCCESSORS = tuple(
    f"w:{t}"
    for t in "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange".split()
)


def _border(ppr, edges: str) -> None:
    """A paragraph border, inserted where the schema wants it (Word is strict about order)."""
    ppr.insert_element_before(parse_xml(f"<w:pBdr {nsdecls('w')}>{edges}</w:pBdr>"), *PBDR_SUCCESSORS)


def _bullet(style) -> None:
    """The bullet numbering of «List Bullet» (numId 1) on another paragraph style."""
    style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 1


# --- building blocks -----------------------------------------------------------------------------


def para(doc_or_cell, text="", style=None, bold=False):
    p = doc_or_cell.add_paragraph(style=style)
    if text:
        p.add_run(text).bold = bold or None
    return p


def page_break_before(paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


def field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC …) that Word and LibreOffice compute."""
    r = paragraph._p
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'))
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'))
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{placeholder}</w:t></w:r>'))
    r.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def footer(doc, left: str) -> None:
    section = doc.sections[0]
    p = section.footer.paragraphs[0]
    p.style = doc.styles["Bunntekst"]
    p.add_run(left)
    p.add_run("\tSide ")
    field(p, "PAGE", "1")
    p.add_run(" av ")
    field(p, "NUMPAGES", "1")


def _cell_props(cell, fill=None, width=None):
    tcpr = cell._tc.get_or_add_tcPr()
    if width is not None:
        cell.width = width
    if fill:
        tcpr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def table(doc, headers, widths, loop=None, cells=(), total=None, borders=True, right=()):
    """A table: a header row (repeated on every page), then ``loop`` rows (``{%tr for … %}``),
    ``cells`` (one list of paragraph specs per column) and an optional ``total`` row."""
    n = len(widths)
    rows = [headers] if headers else []
    t = doc.add_table(rows=0, cols=n)
    t.autofit = False
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
    for col, width in zip(t.columns, widths):
        col.width = width

    def add_row(specs, style="Tabelltekst", fill=None, header=False):
        row = t.add_row()
        if header:
            row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
            row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        for column, (cell, spec, width) in enumerate(zip(row.cells, specs, widths)):
            _cell_props(cell, fill, width)
            items = spec if isinstance(spec, list) else [spec]
            first = True
            for item in items:
                text, pstyle = (item, style) if isinstance(item, str) else item
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                p.style = doc.styles[pstyle]
                if column in right:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if text:
                    p.add_run(text)
        return row

    for header in rows:
        add_row(header, "Tabellhode", HEADER_FILL, header=True)
    if loop:
        add_row([f"{{%tr for {loop} %}}"] + [""] * (n - 1))
        add_row(list(cells))
        add_row(["{%tr endfor %}"] + [""] * (n - 1))
    if total:
        row = add_row(total, fill=SUM_FILL)
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    doc.add_paragraph(style="Tabellmerknad")  # space after the table
    return t


def save(doc, path: Path) -> None:
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue()))


# --- the two templates ---------------------------------------------------------------------------


def cost_tables(doc, heading: str) -> None:
    """Costs per year and per funding source: the same tables in the plan and the case."""
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
    )


def build_plan() -> Document:
    doc = new_document("Mal for plandokument")
    # Title page (no footer: different first page)
    doc.sections[0].different_first_page_header_footer = True
    p = para(doc, "{{ municipality.full_name|upper }}", "Kommunenavn")
    p.paragraph_format.space_before = Pt(140)
    p.runs[0].font.size = Pt(14)
    para(doc, "{{ plan.full_title }}", "Title")
    para(doc, "{{ plan.type|capitalize }} for perioden {{ plan.period }}", "Subtitle")
    p = para(
        doc,
        "{{ municipality.full_name }}{% if municipality.county %}, {{ municipality.county }}{% endif %}",
        "Subtitle",
    )
    p.paragraph_format.space_before = Pt(160)
    para(doc, "{{ stage.text }}", "Subtitle")
    # Contents
    page_break_before(para(doc, "Innhold", "Innholdstittel"))
    field(para(doc, style="toc 1"), 'TOC \\o "1-2" \\h \\z \\u', TOC_HINT)
    # Vision, summary, background, situation
    page_break_before(para(doc, "Visjon", "Heading 1"))
    para(doc, '{{p plan.vision|markdown("Visjon") }}')
    main_goal(doc)
    for key, heading in (("summary", "Sammendrag"),):
        para(doc, f"{{%p if plan.{key} %}}")
        para(doc, heading, "Heading 1")
        para(doc, f"{{{{p plan.{key}|markdown }}}}")
        para(doc, "{%p endif %}")
    para(doc, "{%p if plan.background or plan.previous %}")
    para(doc, "Bakgrunn", "Heading 1")
    para(doc, "{%p if plan.background %}")
    para(doc, "{{p plan.background|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan.previous %}")
    para(doc, "Forrige plan", "Heading 2")
    para(
        doc,
        "Denne planen avløser «{{ plan.previous.title }}»{% if not plan.previous.period_in_title %}, som gjaldt for perioden {{ plan.previous.period }}{% endif %}.",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan.situation %}")
    para(doc, "Ståsted", "Heading 1")
    para(doc, "{{p plan.situation|markdown }}")
    para(doc, "{%p endif %}")
    # Focus areas
    para(doc, "{%p for area in plan.focus_areas %}")
    page_break_before(para(doc, "{{ levels.satsingsområde.singular }} {{ area.number }}: {{ area.name }}", "Heading 1"))
    para(doc, "{%p if area.description %}")
    para(doc, "{{p area.description|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if area.goals %}")
    para(doc, "{{ levels.mål.plural }}", "Heading 2")
    para(doc, "{%p for goal in area.goals %}")
    _id_paragraph(doc, "goal")
    sub_goals(doc)
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if area.ambitions %}")
    para(doc, "{{ levels.ambisjon.plural }}", "Heading 2")
    para(
        doc, "Ambisjonene er målbare mål for planperioden. De følges opp med tallene fra kildene som er oppgitt."
    ).paragraph_format.keep_with_next = True
    table(
        doc,
        ["Indikator", "Utgangspunkt", "Målverdi", "Kilde"],
        [Cm(6.2), Cm(2.6), Cm(2.6), Cm(4.6)],
        loop="ambition in area.ambitions",
        cells=AMBITION_CELLS,
    )
    para(doc, "{%p for ambition in area.ambitions %}")  # indicator charts (issue 14)
    para(doc, "{%p if ambition.chart %}")
    chart = para(doc, "{{ ambition.chart }}")
    chart.alignment = WD_ALIGN_PARAGRAPH.CENTER
    chart.paragraph_format.keep_with_next = True
    para(doc, "{{ ambition.chart_caption }}", "Merknad")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if area.strategies %}")
    para(doc, "{{ levels.strategi.plural }}", "Heading 2")
    para(doc, "{%p for strategy in area.strategies %}")
    _id_paragraph(doc, "strategy")
    para(doc, "{%p if strategy.goals_text %}")
    para(doc, "Bidrar til mål: {{ strategy.goals_text }}", "Merknad")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if area.measures %}")
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
    )
    para(doc, "Samlet kostnadsoverslag i planperioden: {{ area.cost_total_text }}.")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    # Costs (a strategy document without measures has none)
    para(doc, "{%p if plan.has_measures %}")
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
    para(doc, "{%p endif %}")
    footer(doc, "{{ plan.full_title }}")
    return doc


AMBITION_CELLS = [
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


def main_goal(doc) -> None:
    """The plan's main goal (hovedmål) and its indicators, when it has one."""
    para(doc, "{%p if plan.main_goal %}")
    para(doc, "{{ levels.hovedmål.singular }}", "Heading 1")
    _id_paragraph(doc, "plan.main_goal")
    para(doc, "{%p if plan.main_goal.indicators %}")
    para(doc, "Indikatorer", "Heading 2")
    table(
        doc,
        ["Indikator", "Utgangspunkt", "Målverdi", "Kilde"],
        [Cm(6.2), Cm(2.6), Cm(2.6), Cm(4.6)],
        loop="ambition in plan.main_goal.indicators",
        cells=AMBITION_CELLS,
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")


def sub_goals(doc) -> None:
    """A goal's sub-goals (delmål), indented under it."""
    para(doc, "{%p for sub in goal.sub_goals %}")
    p = doc.add_paragraph(style="Punkt med id")
    p.paragraph_format.left_indent = Cm(1.5)
    p.add_run("{{ sub.id }}").bold = True
    p.add_run("\t")
    p.add_run("{{r sub.text|inline }}")
    para(doc, "{%p endfor %}")


def _id_paragraph(doc, name: str) -> None:
    """«M1.1 <tab> text»: the id in bold, the Markdown text as runs."""
    p = doc.add_paragraph(style="Punkt med id")
    p.add_run(f"{{{{ {name}.id }}}}").bold = True
    p.add_run("\t")
    p.add_run(f"{{{{r {name}.text|inline }}}}")


def build_case() -> Document:
    from templates_participation import case_section

    doc = new_document("Mal for saksframlegg")
    para(doc, "{{ municipality.full_name|upper }}", "Kommunenavn")
    p = para(doc, "Saksframlegg", "Title")
    meta = table(
        doc,
        None,
        [Cm(3.2), Cm(5.3), Cm(3), Cm(4.5)],
        cells=[],
        borders=False,
    )
    for label, value, label2, value2 in (
        ("Saksbehandler:", "{{ case.officer }}", "Arkiv:", "{{ case.archive_code }}"),
        ("Dato:", "{{ date }}", "Arkivsaksnr.:", "{{ case.archive_case }}"),
    ):
        row = meta.add_row()
        for cell, text, width in zip(row.cells, (label, value, label2, value2), (Cm(3.2), Cm(5.3), Cm(3), Cm(4.5))):
            cell.width = width
            cell.paragraphs[0].style = doc.styles["Tabelltekst"]
            cell.paragraphs[0].add_run(text).bold = text.endswith(":") or None
    para(doc, "Saksgang", "Tabelltekst", bold=True).paragraph_format.space_before = Pt(10)
    table(
        doc,
        ["Utvalg", "Møtedato", "Utvalgssaksnr."],
        [Cm(8), Cm(4), Cm(4)],
        loop="row in saksgang",
        cells=["{{ row.name }}", "{{ row.date }}", "{{ row.case_number }}"],
    )
    p = para(doc, "{{ case.title }}", "Heading 1")
    p.runs[0].font.size = Pt(18)
    para(doc, "{{ recommendation.title }}", "Heading 2")
    para(doc, '{{p recommendation.text|markdown("Innstilling", "Innstillingspunkt") }}')
    para(doc, "{%p if case.attachments %}")
    para(doc, "Vedlegg", "Heading 2")
    para(doc, "{%p for attachment in case.attachments %}")
    para(doc, "{{ attachment }}", "List Number")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "Saksopplysninger", "Heading 2")
    para(doc, "{%p if plan.background %}")
    para(doc, "Bakgrunn", "Heading 3")
    para(doc, "{{p plan.background|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan.previous %}")
    para(
        doc,
        "Planen avløser «{{ plan.previous.title }}»{% if not plan.previous.period_in_title %} ({{ plan.previous.period }}){% endif %}.",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p if case.organisation %}")
    para(doc, "Organisering", "Heading 3")
    para(doc, "{{p case.organisation|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if case.workshops %}")
    para(doc, "Prosess og samlinger", "Heading 3")
    para(doc, "{%p for workshop in case.workshops %}")
    p = doc.add_paragraph()
    p.add_run(
        "Samling {{ loop.index }}: {{ workshop.weekday_date }}{% if workshop.time %}, kl. {{ workshop.time }}{% endif %}, {{ workshop.place }}"
    ).bold = True
    p.paragraph_format.keep_with_next = True
    para(doc, "{%p if workshop.topic %}")
    para(doc, "{{p workshop.topic|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if workshop.participants %}")
    para(doc, "Deltakere: {{ workshop.participants }}.")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if case.participation %}")
    para(doc, "Medvirkning", "Heading 3")
    para(doc, "{{p case.participation|markdown }}")
    para(doc, "{%p endif %}")
    case_section(doc)  # «Medvirkning og høring» (tools/templates_participation.py)
    para(doc, "{%p if plan.summary %}")
    para(doc, "Sammendrag av planen", "Heading 3")
    para(doc, "{{p plan.summary|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if changes is not none %}")
    para(doc, "Endringer siden forrige behandling", "Heading 2")
    para(doc, "{%p if changes and changes_base %}")
    para(doc, "Planen er sammenlignet med {{ changes_base }}.")
    para(doc, "{%p endif %}")
    para(doc, "{%p for section in changes %}")
    para(doc, "{{ section.area }}", "Heading 3")
    para(doc, "{%p for line in section.lines %}")
    para(doc, "{{ line }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p else %}")
    para(
        doc,
        "{% if changes_base %}Planen er ikke endret sammenlignet med {{ changes_base }}.{% else %}Planen er ikke endret siden forrige behandling.{% endif %}",
    )
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if case.assessment or case.consequences %}")
    para(doc, "Vurdering", "Heading 2")
    para(doc, "{%p if case.assessment %}")
    para(doc, "{{p case.assessment|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if case.consequences %}")
    para(doc, "Konsekvenser", "Heading 3")
    para(doc, "{{p case.consequences|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if plan.has_measures %}")
    para(doc, "Økonomiske konsekvenser", "Heading 2")
    para(
        doc,
        "Tiltakene i planen har et samlet kostnadsoverslag på {{ costs.total_text }} for perioden {{ costs.period }}. Tiltak med status «utgått» er ikke tatt med. Hvert tiltak vurderes i de årlige budsjettprosessene.",
    )
    cost_tables(doc, "Heading 3")
    para(doc, "{%p endif %}")
    para(doc, "{%p for treatment in treatments %}")
    para(doc, "{{ treatment.heading }}", "Heading 2")
    para(doc, "{%p if treatment.note %}")
    para(doc, "{{ treatment.note }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if treatment.case_number %}")
    para(doc, "Sak {{ treatment.case_number }}.")
    para(doc, "{%p endif %}")
    para(doc, "{%p for proposal in treatment.proposals %}")
    p = doc.add_paragraph()
    p.add_run("Forslag{% if proposal.by %} fra {{ proposal.by }}{% endif %}:").bold = True
    p.paragraph_format.keep_with_next = True
    para(doc, '{{p proposal.text|markdown("Innstilling", "Innstillingspunkt") }}')
    para(doc, "{%p if proposal.votes %}")
    para(doc, "Votering: {{ proposal.votes }}").runs[0].italic = True
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if treatment.votes %}")
    para(doc, "Votering: {{ treatment.votes }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if treatment.deadline and not treatment.note %}")
    para(doc, "Høringsfrist: {{ treatment.deadline }}.")
    para(doc, "{%p endif %}")
    para(doc, "{%p if treatment.decision_title %}")
    para(doc, "{{ treatment.decision_title }}", "Heading 3")
    para(doc, '{{p treatment.decision|markdown("Innstilling", "Innstillingspunkt") }}')
    para(doc, "{%p endif %}")
    para(doc, "{%p if treatment.recommendation_title %}")
    para(doc, "{{ treatment.recommendation_title }}", "Heading 3")
    para(doc, '{{p treatment.recommendation|markdown("Innstilling", "Innstillingspunkt") }}')
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    footer(doc, "Saksframlegg: {{ case.title }}")
    return doc


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
    [
        (save(build(), out / name), print(f"skrev {out / name}"))
        for name, build in __import__("templates_followup").TEMPLATES
    ]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
