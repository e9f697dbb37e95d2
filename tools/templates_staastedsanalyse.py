"""The Word template of the situation analysis (ståstedsanalyse): title page, contents, the
introduction, then each chapter's blocks in order — text, a chart with its caption (the
picture carries its own alt text), or a table — and at the end the sources with SSB's
footnotes. Built with the helpers of make_templates.py; run ``python tools/make_templates.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Cm

from make_templates import (
    chart_with_caption,
    contents,
    footer,
    jinja_for,
    jinja_if,
    listed,
    new_document,
    page_break_before,
    para,
    table,
    title_page,
)

if TYPE_CHECKING:
    from docx.document import Document


def build_situation() -> Document:
    doc = new_document("Mal for ståstedsanalyse")
    title_page(
        doc,
        "{{ situation.title }}",
        "Kunnskapsgrunnlag for {{ plan.title|lower }} {{ plan.period }}",
        "{% if situation.date %}{{ situation.date|capitalize }}{% endif %}",
        name_size=14,
    )
    contents(doc)
    with jinja_if(doc, "situation.illustrative"):
        para(
            doc,
            "Merk: Noen av tallene i figurene er en illustrasjon og ikke hentet fra SSB ennå. "
            "Figurene er merket «Illustrasjon – oppdater med plan data hent».",
            "Merknad",
        )
    with jinja_if(doc, "situation.data_note"):
        para(doc, "{{ situation.data_note }}", "Merknad")
    with jinja_if(doc, "situation.introduction"):
        page_break_before(para(doc, "Innledning", "Heading 1"))
        para(doc, "{{p situation.introduction|markdown }}")
    with jinja_for(doc, "chapter in situation.chapters"):
        para(doc, "{{ chapter.heading }}", "Heading 1")
        with jinja_for(doc, "block in chapter.blocks"):
            _block(doc)
    _sources(doc)
    footer(doc, "{{ situation.title }}")
    return doc


def _block(doc: Document) -> None:
    """One block of a chapter (``block``): Markdown text, a chart with its caption, or a table."""
    with jinja_if(doc, 'block.kind == "tekst"'):
        para(doc, "{{p block.text|markdown }}")
        para(doc, '{%p elif block.kind == "figur" %}')
        chart_with_caption(doc, "{{ block.chart }}", "{{ block.caption }}")
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


def _sources(doc: Document) -> None:
    """«Kilder og merknader»: each SSB table with its dates (or that it is an illustration) and footnotes."""
    para(doc, "Kilder og merknader", "Heading 1")
    with jinja_for(doc, "source in situation.sources"):
        para(doc, "{{ source.source }}, tabell {{ source.table }}: {{ source.title }}", "Heading 3")
        with jinja_if(doc, "source.illustrative"):
            para(doc, "Illustrasjon: tallene er ikke hentet fra SSB ennå (oppdater med plan data hent).", "Merknad")
            para(doc, "{%p else %}")
            para(doc, "Sist oppdatert av SSB: {{ source.updated }}. Hentet: {{ source.fetched }}.", "Merknad")
        listed(doc, "note", "source.notes")
