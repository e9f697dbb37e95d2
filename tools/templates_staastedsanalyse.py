"""The Word template of the situation analysis (ståstedsanalyse): title page, contents, the
introduction, then each chapter's blocks in order — text, a chart with its caption (the
picture carries its own alt text), or a table — and at the end the sources with SSB's
footnotes. Built with the helpers of make_templates.py; run ``python tools/make_templates.py``."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from make_templates import TOC_HINT, field, footer, new_document, page_break_before, para, table


def build_situation():
    doc = new_document("Mal for ståstedsanalyse")
    doc.sections[0].different_first_page_header_footer = True
    p = para(doc, "{{ municipality.full_name|upper }}", "Kommunenavn")
    p.paragraph_format.space_before = Pt(140)
    p.runs[0].font.size = Pt(14)
    para(doc, "{{ situation.title }}", "Title")
    para(doc, "Kunnskapsgrunnlag for {{ plan.title|lower }} {{ plan.period }}", "Subtitle")
    para(
        doc, "{% if situation.date %}{{ situation.date|capitalize }}{% endif %}", "Subtitle"
    ).paragraph_format.space_before = Pt(160)
    page_break_before(para(doc, "Innhold", "Innholdstittel"))
    field(para(doc, style="toc 1"), 'TOC \\o "1-2" \\h \\z \\u', TOC_HINT)
    para(doc, "{%p if situation.illustrative %}")
    para(
        doc,
        "Merk: Noen av tallene i figurene er en illustrasjon og ikke hentet fra SSB ennå. "
        "Figurene er merket «Illustrasjon – oppdater med plan data hent».",
        "Merknad",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p if situation.introduction %}")
    page_break_before(para(doc, "Innledning", "Heading 1"))
    para(doc, "{{p situation.introduction|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p for chapter in situation.chapters %}")
    para(doc, "{{ chapter.heading }}", "Heading 1")
    para(doc, "{%p for block in chapter.blocks %}")
    para(doc, '{%p if block.kind == "tekst" %}')
    para(doc, "{{p block.text|markdown }}")
    para(doc, '{%p elif block.kind == "figur" %}')
    p = para(doc, "{{ block.chart }}")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    para(doc, "{{ block.caption }}", "Merknad")
    para(doc, "{%p else %}")
    para(doc, "{{ block.caption }}", "Merknad").paragraph_format.keep_with_next = True
    table(
        doc,
        ["{{ block.table.header[0] }}", "{{ block.table.columns|join(' / ') }}"],
        [Cm(10), Cm(6)],
        loop="row in block.table.rows",
        cells=["{{ row.label }}", "{{ row.cells|join(' / ') }}"],
        right=(1,),
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "Kilder og merknader", "Heading 1")
    para(doc, "{%p for source in situation.sources %}")
    para(doc, "{{ source.source }}, tabell {{ source.table }}: {{ source.title }}", "Heading 3")
    para(doc, "{%p if source.illustrative %}")
    para(doc, "Illustrasjon: tallene er ikke hentet fra SSB ennå (oppdater med plan data hent).", "Merknad")
    para(doc, "{%p else %}")
    para(doc, "Sist oppdatert av SSB: {{ source.updated }}. Hentet: {{ source.fetched }}.", "Merknad")
    para(doc, "{%p endif %}")
    para(doc, "{%p for note in source.notes %}")
    para(doc, "{{ note }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    footer(doc, "{{ situation.title }}")
    return doc
