"""The situation analysis (ståstedsanalyse) as a document, and the indicator charts of the
plan document. Contexts are pure; the charts are ``Chart`` data that the Word layer draws
(``images.py``) and the Markdown/HTML export embeds."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.documents.context import Markdown, plan_context
from workflow.documents.names import template_for
from workflow.documents.render import find_template, render_docx
from workflow.evidence.figures import figure_chart, indicator_chart, norwegian_day, table_rows
from workflow.plan.model import Project
from workflow.text.norwegian import slug
from workflow.text.words import followup_text

if TYPE_CHECKING:
    from workflow.plan.situation import Figure, Table
    from workflow.plan.source import Source
    from workflow.plan.statistics import Snapshot

SITUATION_TEMPLATE = "staastedsanalyse.docx"


def situation_name(project: Project) -> str:
    """«os-staastedsanalyse.docx»."""
    return f"{slug(project.plan.municipality.name) or 'kommune'}-staastedsanalyse.docx"


def situation_context(project: Project, *, when: dt.datetime | dt.date | None = None) -> dict:
    """Everything the situation analysis shows: the chapters in order, each a list of blocks
    (``kind`` «tekst», «figur» or «tabell»), and the sources used."""
    situation = project.situation
    snapshots = {s.name: s for s in project.statistics}
    base = plan_context(project, when=when)
    chapters, used, number = [], [], 0
    for chapter in situation.chapters:
        blocks = []
        for block in chapter.content:
            if block.text is not None:
                blocks.append(
                    {"kind": "tekst", "text": Markdown(block.text), "chart": None, "table": None, "caption": None}
                )
                continue
            item = block.figure or block.table
            snapshot = snapshots[item.snapshot]
            if snapshot not in used:
                used.append(snapshot)
            number += 1
            if block.figure is not None:
                blocks.append(_figure_block(block.figure, snapshot, number))
            else:
                blocks.append(_table_block(block.table, snapshot, number))
        chapters.append({"heading": chapter.heading, "blocks": blocks})
    language = project.plan.language
    base["situation"] = {
        "title": situation.title,
        "date": situation.date,
        "introduction": None if situation.introduction is None else Markdown(situation.introduction),
        "chapters": chapters,
        "sources": [_source_entry(s) for s in used],
        "illustrative": any(s.illustrative for s in used),
        "data_note": data_note(situation.date, used),
    }
    if language == "nynorsk":
        base["situation"] = _in_nynorsk(base["situation"])
    return base


def _in_nynorsk(situation: dict[str, Any]) -> dict[str, Any]:
    """The generated words of the situation analysis (captions, sources on the charts, the
    note on dates) in nynorsk; the plan's own texts as written."""
    for chapter in situation["chapters"]:
        for block in chapter["blocks"]:
            if block["caption"]:
                block["caption"] = followup_text("nynorsk", block["caption"])
            if block["chart"] is not None:
                block["chart"] = replace(block["chart"], source=followup_text("nynorsk", block["chart"].source))
    if situation["data_note"]:
        situation["data_note"] = followup_text("nynorsk", situation["data_note"])
    return situation


def data_note(dated: str | None, used: list[Snapshot]) -> str | None:
    """When the figures were updated after the year the analysis is dated («januar 2020»), which
    date is which, in words; None when they agree."""
    year = re.search(r"\b(19|20)\d\d\b", dated or "")
    stamps = sorted((s.updated or "")[:10] for s in used if s.updated)
    if year is None or not stamps or int(stamps[-1][:4]) <= int(year.group(0)):
        return None
    return (
        f"Analysen er datert {dated.lower() if dated else ''}, men tallene er oppdatert senere: statistikken i "
        f"figurene og tabellene er publisert til og med {norwegian_day(stamps[-1])}. Datoen for hver tabell står ved "
        "figuren og under «Kilder og merknader»."
    )


def _figure_block(figure: Figure, snapshot: Snapshot, number: int) -> dict[str, Any]:
    """A figure block: its chart and «Figur N: …» caption."""
    chart = figure_chart(figure, snapshot)
    return {
        "kind": "figur",
        "text": None,
        "chart": chart,
        "table": None,
        "caption": f"Figur {number}: {chart.caption}",
    }


def _table_block(table: Table, snapshot: Snapshot, number: int) -> dict[str, Any]:
    """A table block: its rows and «Tabell N: …» caption."""
    rows = table_rows(table, snapshot)
    return {
        "kind": "tabell",
        "text": None,
        "chart": None,
        "table": rows,
        "caption": f"Tabell {number}: {rows['title']}. {rows['source']}.",
    }


def _source_entry(s: Snapshot) -> dict[str, Any]:
    """A statistics table used, as the list of sources shows it."""
    return {
        "table": s.table,
        "title": s.title,
        "source": s.source,
        "updated": norwegian_day(s.updated) if s.updated else None,
        "fetched": norwegian_day(s.fetched) if s.fetched else None,
        "illustrative": s.illustrative,
        "notes": s.notes + ([s.remark] if s.remark else []),
    }


def add_indicator_charts(context: dict, project: Project) -> dict:
    """Each ambition with data gets ``chart`` (a Chart) and ``chart_caption``; others None."""
    number = project.plan.municipality.number or ""  # a region or a joint plan may have none
    for area, model in zip(context["plan"]["focus_areas"], project.plan.focus_areas):
        for ambition, source in zip(area["ambitions"], model.ambitions):
            chart = indicator_chart(source, project.statistics, number, project.plan.language)
            ambition["chart"] = chart
            ambition["chart_caption"] = None if chart is None else chart.caption
    return context


def build_situation_document(
    project: Project, root: Path, *, when: dt.datetime | dt.date, source: Source | None = None
) -> bytes:
    ctx = situation_context(project, when=when)
    return render_docx(
        find_template(template_for(SITUATION_TEMPLATE, project.plan.language), root, source),
        ctx,
        title=ctx["situation"]["title"],
        when=when,
    )
