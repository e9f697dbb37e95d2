"""Sections other rooms add to the site where their data exists.

Each provider is a function that returns ``None`` when there is nothing to show, else a
``Section`` (an id starting with ``_``, a heading, HTML lines already escaped, and any files it
needs). The builder calls every provider in the lists below; adding a capability is one
function and one line. Section providers get ``link``: ``link("diagrammer/a1.png")`` is the
relative URL from the page to that file of the section (paths relative to the version's
folder, so the current plan and each version carry their own). Extra pages sit at the top of
the site; their files are site paths.

Where to hook (issue 16, for engineers i13 and i14):

* the input register with its answers, anonymised as in the public attachment
  (``participation``): a provider in ``PAGES`` returning a whole page (``innspill.html``),
  and optionally one in ``PLAN_SECTIONS`` with a short summary on the front page;
* the indicator charts (``evidence``): a provider in ``AREA_SECTIONS`` returning the charts
  of one focus area's ambitions (inline SVG, or a PNG listed in ``Section.files`` with alt
  text), and one in ``PLAN_SECTIONS`` for the ståstedsanalyse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workflow.documents.export.html import h, md_html
from workflow.documents.situation import situation_context
from workflow.evidence.charts import render_png
from workflow.evidence.figures import indicator_chart
from workflow.participation.public import public_view
from workflow.site.parts import area_paths
from workflow.site.words import WORDS
from workflow.text.norwegian import slug

if TYPE_CHECKING:
    from workflow.evidence.charts import Chart
    from workflow.plan.model import FocusArea, Project

Link = Callable[[str], str]  # a path relative to the version's folder → the URL from the page


@dataclass(frozen=True)
class Section:
    id: str  # HTML id, starts with "_" (plan ids never do)
    title: str
    html: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)  # path (relative to the version's folder) → bytes


@dataclass(frozen=True)
class ExtraPage:
    path: str  # site path, e.g. "innspill.html"
    title: str  # menu label and <h1>
    html: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)


def input_register_page(project: Project, lang: str) -> ExtraPage | None:
    """The input register with the answer to each submission, anonymised exactly as in the
    public attachment (``participation.public.public_view``); None when there is no input."""
    if not project.submissions:
        return None
    paths = area_paths(project)
    where = {item_id: f"{paths[area.id]}#{item_id}" for area in project.plan.focus_areas for item_id in _ids(area)}

    views = [public_view(s) for s in sorted(project.submissions, key=lambda s: (s.received, s.id))]
    out = [
        f"<p>{len(views)} innspill er registrert. Private avsendere vises som «Privatperson» "
        "når de ikke har sagt ja til å bli navngitt.</p>"
    ]
    if any(v["example"] for v in views):
        out.append("<p><strong>Innspillene er illustrerende eksempler.</strong></p>")
    for v in views:
        out += [
            f'<section id="{h(v["id"])}" aria-labelledby="{h(v["id"])}-h">',
            f'<h2 id="{h(v["id"])}-h">{h(v["received_text"])}: {h(v["sender"])} ({h(v["channel_text"])})</h2>',
            md_html(v["summary"]),
            f"<p><strong>Utfall:</strong> {h(v['outcome_text'])}</p>",
        ]
        if v["assessment"]:
            out += ["<p><strong>Kommunens vurdering:</strong></p>", md_html(v["assessment"])]
        if v["changed"]:
            links = ", ".join(f'<a href="{h(where[i])}">{h(i)}</a>' if i in where else h(i) for i in v["changed"])
            out.append(f"<p><strong>Endret i planen:</strong> {links}</p>")
        out.append("</section>")
    return ExtraPage("innspill.html", "Innspill og merknadsbehandling", tuple(out))


def _ids(area: FocusArea) -> list[str]:
    """The ids of a focus area and of its goals, ambitions, strategies and measures, in order."""
    return [
        area.id,
        *(g.id for g in area.goals),
        *(a.id for a in area.ambitions),
        *(s.id for s in area.strategies),
        *(m.id for m in area.measures),
    ]


CHART_DIR = "diagrammer"  # the indicator charts, under each version's folder
SITUATION_PAGE = "staastedsanalyse.html"
SITUATION_DIR = "staastedsanalyse"  # its figures, at the top of the site


def _figure(src: str, chart: Chart, caption: str) -> str:
    """A chart as a PNG picture with its alt text (the numbers in words) and its caption."""
    return (
        f'<figure class="diagram"><img src="{h(src)}" alt="{h(chart.alt)}" width="800">'
        f"<figcaption>{h(caption)}</figcaption></figure>"
    )


def indicator_charts(project: Project, area: FocusArea, lang: str, link: Link | None = None) -> Section | None:
    """The charts of one focus area's ambitions (evidence, issue 14): baseline, measured
    values and target (in words when it is not a number), as PNG files beside the page, each
    with alt text and caption; None when no ambition of the area has data."""
    number = project.plan.municipality.number or ""
    out, files = [], {}
    for ambition in area.ambitions:
        chart = indicator_chart(ambition, project.statistics, number, project.plan.language)
        if chart is None:
            continue
        path = f"{CHART_DIR}/{slug(ambition.id) or 'ambisjon'}.png"
        files[path] = render_png(chart)
        out.append(_figure(link(path) if link else path, chart, chart.caption))
    if not out:
        return None
    return Section("_indikatordiagram", WORDS[lang]["charts"], tuple(out), files)


def situation_page(project: Project, lang: str) -> ExtraPage | None:
    """The situation analysis (ståstedsanalyse) as a page of its own, in reading order: the
    chapters' text, the figures (PNG with alt text and caption) and tables, and the sources
    with SSB's footnotes; None when the plan has no ``plan/staastedsanalyse.yaml``."""
    if project.situation is None:
        return None
    w = WORDS[lang]
    ctx = situation_context(project)["situation"]
    sub = ctx["title"] + (f", {ctx['date']}" if ctx["date"] else "")
    out, files, number = [f'<p class="undertittel">{h(sub)}</p>'], {}, 0
    if ctx["illustrative"]:
        out.append(f"<p><strong>{h(w['illustrative'])}</strong></p>")
    if ctx["introduction"] is not None:
        out.append(md_html(ctx["introduction"]))
    for chapter in ctx["chapters"]:
        out.append(f"<h2>{h(chapter['heading'])}</h2>")
        for block in chapter["blocks"]:
            if block["kind"] == "tekst":
                out.append(md_html(block["text"]))
            elif block["kind"] == "figur":
                number += 1
                path = f"{SITUATION_DIR}/figur-{number}.png"
                files[path] = render_png(block["chart"])
                out.append(_figure(path, block["chart"], block["caption"]))
            else:
                out.append(_table(block))
    if ctx["sources"]:
        out += _sources(ctx["sources"], lang)
    return ExtraPage(SITUATION_PAGE, w["situation"], tuple(out), files)


def _table(block: dict[str, Any]) -> str:
    """A table of the situation analysis, with its caption and row headers."""
    table = block["table"]
    head = "".join(f'<th scope="col">{h(c)}</th>' for c in table["header"])
    rows = "".join(
        f'<tr><th scope="row">{h(r["label"])}</th>'
        + "".join(f'<td class="tall">{h(c)}</td>' for c in r["cells"])
        + "</tr>"
        for r in table["rows"]
    )
    return f"<table><caption>{h(block['caption'])}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _sources(sources: list[dict[str, Any]], lang: str) -> list[str]:
    """The sources of the situation analysis: each table with its dates and SSB's footnotes."""
    w = WORDS[lang]
    out = [f"<h2>{h(w['sources'])}</h2>", "<ul>"]
    for s in sources:
        dates = "; ".join(
            x
            for x in (
                w["updated"].format(date=s["updated"]) if s["updated"] else "",
                w["fetched"].format(date=s["fetched"]) if s["fetched"] else "",
            )
            if x
        )
        notes = "".join(f"<li>{h(n)}</li>" for n in s["notes"])
        out.append(
            f"<li>{h(s['source'])}, {h(w['table'])} {h(s['table'])}: {h(s['title'])}"
            + (f" ({h(dates)})" if dates else "")
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</li>"
        )
    out.append("</ul>")
    return out


PLAN_SECTIONS: list[Callable[..., Section | None]] = []  # (project, lang, link=)
AREA_SECTIONS: list[Callable[..., Section | None]] = [indicator_charts]  # (project, area, lang, link=)
PAGES: list[Callable[..., ExtraPage | None]] = [situation_page, input_register_page]  # (project, lang)


def plan_sections(project: Project, lang: str, link: Link) -> list[Section]:
    return [s for s in (f(project, lang, link=link) for f in PLAN_SECTIONS) if s is not None]


def area_sections(project: Project, area: FocusArea, lang: str, link: Link) -> list[Section]:
    return [s for s in (f(project, area, lang, link=link) for f in AREA_SECTIONS) if s is not None]


def extra_pages(project: Project, lang: str) -> list[ExtraPage]:
    return [p for p in (f(project, lang) for f in PAGES) if p is not None]
