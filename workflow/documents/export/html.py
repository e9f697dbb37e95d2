"""The plan as one self-contained HTML page (``plan build --format html``), and the pieces the
web site builds its pages from: Markdown fields are rendered with the same parser and subset as
the Word document (anything outside the subset stays literal text), every other value is
escaped; links only for http(s) and mailto (markdown-it refuses ``javascript:`` and friends).
Pure: context in, text out."""

from __future__ import annotations

from functools import lru_cache

from workflow.documents.export.common import (
    AMBITION_HEAD,
    AMBITIONS_NOTE,
    COSTS_NOTE,
    MEASURES_NOTE,
    ambition_row,
    area_total,
    cost_tables,
    language_of,
    level_name,
    main_goal_parts,
    measure_head,
    measure_notes,
    png_uri,
    previous_plan,
    subtitle,
)
from workflow.documents.htmlpage import html_page
from workflow.text.markdown import clean, html_escape, parser
from workflow.text.norwegian import DASH
from workflow.text.words import fixed

EXTENSION = ".html"


def render(ctx: dict) -> str:
    """The plan document as one HTML page."""
    return to_html(ctx)


def h(value: object) -> str:
    """Escaped plain text (None as «–»)."""
    return html_escape(DASH if value is None else value)


def md_html(value: object) -> str:
    """A Markdown field rendered with the documents' subset (raw HTML stays text)."""
    if value is None:
        return f"<p>{DASH}</p>"
    return _rendered(str(value))


@lru_cache(maxsize=4096)
def _rendered(text: str) -> str:
    """Pure, so cached: a warm ``plan serve`` renders only the texts that changed."""
    return clean(parser().render(text)).strip()


def _table(head: tuple, rows: list[tuple], numeric: tuple[int, ...] = (), ids: list[str] | None = None) -> str:
    cells = "".join(f'<th scope="col">{h(c)}</th>' for c in head)
    body = []
    for n, row in enumerate(rows):
        tds = []
        for i, value in enumerate(row):
            cls = ' class="tall"' if i in numeric else ""
            tds.append(f"<td{cls}>{value}</td>")  # values are already HTML
        tr = f'<tr id="{h(ids[n])}">' if ids else "<tr>"
        body.append(tr + "".join(tds) + "</tr>")
    return f"<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"


def _items(items: list[tuple[str, str, str | None]], anchors: bool = False) -> str:
    """Goals and strategies: id, text, a note. With ``anchors`` each id is the item's HTML id
    and a link to itself (a permalink)."""
    out = ['<dl class="punkter">']
    for ident, text, note in items:
        term = (
            f'<dt id="{h(ident)}"><a class="id" href="#{h(ident)}">{h(ident)}</a></dt>'
            if anchors
            else f"<dt>{h(ident)}</dt>"
        )
        out.append(f"{term}<dd>{md_html(text)}" + (f'<p class="merknad">{h(note)}</p>' if note else "") + "</dd>")
    out.append("</dl>")
    return "\n".join(out)


def html_front(ctx: dict, level: int = 2) -> list[str]:
    """The sections before the focus areas: vision, the main goal with its indicators,
    summary, background (with the previous plan), situation; headings at ``level``."""
    plan, hn, hs = ctx["plan"], f"h{level}", f"h{level + 1}"
    lang = language_of(ctx)
    out = []
    if plan["vision"]:
        out += [
            '<section id="visjon">',
            f"<{hn}>{fixed(lang, 'Visjon')}</{hn}>",
            f'<div class="visjon">{md_html(plan["vision"])}</div>',
            "</section>",
        ]
    main = main_goal_parts(ctx)
    if main:
        out += [
            '<section id="hovedmal">',
            f"<{hn}>{h(main[0])}</{hn}>",
            _items([(plan["main_goal"]["id"], plan["main_goal"]["text"], None)]),
        ]
        if main[1]:
            head = tuple(fixed(lang, x) for x in AMBITION_HEAD)
            out += [
                f"<{hs}>{fixed(lang, 'Indikatorer')}</{hs}>",
                _table(head, [tuple(h(v) for v in row) for row in main[1]], numeric=(1, 2)),
            ]
        out.append("</section>")
    for title, key, ident in (("Sammendrag", "summary", "sammendrag"), ("Bakgrunn", "background", "bakgrunn")):
        if plan[key]:
            out += [f'<section id="{ident}">', f"<{hn}>{fixed(lang, title)}</{hn}>", md_html(plan[key])]
            if key == "background" and previous_plan(ctx):
                out += [f"<{hs}>{fixed(lang, 'Forrige plan')}</{hs}>", f"<p>{h(previous_plan(ctx))}</p>"]
            out.append("</section>")
    if plan["situation"]:
        out += [
            '<section id="staasted">',
            f"<{hn}>{fixed(lang, 'Ståsted')}</{hn}>",
            md_html(plan["situation"]),
            "</section>",
        ]
    return out


def html_area(ctx: dict, area: dict, level: int = 2, anchors: bool = False) -> list[str]:
    """One focus area (a ``plan_context`` area) as a section with its heading at ``level``,
    in the plan's own level names and målform. With ``anchors`` every goal, ambition,
    strategy and measure carries its id as HTML id (``#T2.3``) and a link to itself."""
    hn, hs = f"h{level}", f"h{level + 1}"
    lang = language_of(ctx)
    area_word = h(level_name(ctx, "satsingsområde", "singular", "Satsingsområde"))
    out = [
        f'<section id="satsingsomrade-{area["number"]}">',
        f"<{hn}>{area_word} {area['number']}: {h(area['name'])}</{hn}>",
    ]
    if area["description"]:
        out.append(md_html(area["description"]))
    items: list[tuple[str, str, str | None]]
    if area["goals"]:
        items = []
        for g in area["goals"]:
            items.append((g["id"], g["text"], None))
            items += [(d["id"], d["text"], None) for d in g.get("sub_goals", ())]
        out += [f"<{hs}>{h(level_name(ctx, 'mål', 'plural', 'Mål'))}</{hs}>", _items(items, anchors)]
    if area["ambitions"]:
        rows = [tuple(h(v) for v in ambition_row(a)) for a in area["ambitions"]]
        ids = [a["id"] for a in area["ambitions"]] if anchors else None
        head = tuple(fixed(lang, x) for x in AMBITION_HEAD)
        out += [
            f"<{hs}>{h(level_name(ctx, 'ambisjon', 'plural', 'Ambisjoner'))}</{hs}>",
            f"<p>{h(fixed(lang, AMBITIONS_NOTE))}</p>",
            _table(head, rows, numeric=(1, 2), ids=ids),
        ]
        out += [_html_chart(a) for a in area["ambitions"] if a.get("chart") is not None]  # indicator charts
    if area["strategies"]:
        items = [
            (s["id"], s["text"], f"{fixed(lang, 'Bidrar til mål:')} {s['goals_text']}" if s["goals_text"] else None)
            for s in area["strategies"]
        ]
        out += [f"<{hs}>{h(level_name(ctx, 'strategi', 'plural', 'Strategier'))}</{hs}>", _items(items, anchors)]
    if area["measures"]:
        out += _html_measures(ctx, area, hs, anchors)
    out.append("</section>")
    return out


def _html_measures(ctx: dict, area: dict, hs: str, anchors: bool) -> list[str]:
    """A focus area's measures: heading (``hs``), note, table and the area's total."""
    lang = language_of(ctx)
    rows = []
    for m in area["measures"]:
        notes = "".join(f'<p class="merknad">{h(fixed(lang, n))}</p>' for n in measure_notes(m))
        ident = (
            f'<a class="id" href="#{h(m["id"])}">{h(m["id"])}</a>'
            if anchors
            else f'<span class="id">{h(m["id"])}</span>'
        )
        rows.append(
            (
                ident,
                md_html(m["text"]) + notes,
                h(m["responsible"]),
                h(m["years"]),
                h(m["cost_text"]),
                h(m["status_text"]),
            )
        )
    ids = [m["id"] for m in area["measures"]] if anchors else None
    return [
        f"<{hs}>{h(level_name(ctx, 'tiltak', 'plural', 'Tiltak'))}</{hs}>",
        f"<p>{h(fixed(lang, MEASURES_NOTE))}</p>",
        _table(measure_head(ctx), rows, numeric=(4,), ids=ids),
        f"<p>{h(fixed(lang, area_total(area)))}</p>",
    ]


def html_costs(ctx: dict, level: int = 2) -> list[str]:
    """The cost tables (per year, per funding source, per focus area); none without measures."""
    if not ctx["plan"].get("has_measures", True):
        return []
    hn, hs = f"h{level}", f"h{level + 1}"
    lang = language_of(ctx)
    out = ['<section id="kostnader">', f"<{hn}>Kostnader</{hn}>", f"<p>{h(fixed(lang, COSTS_NOTE))}</p>"]
    for title, head, rows in cost_tables(ctx):
        numeric = tuple(range(1, len(head)))
        head = tuple(fixed(lang, x) for x in head)
        out += [
            f"<{hs}>{h(fixed(lang, title))}</{hs}>",
            _table(head, [tuple(h(v) for v in row) for row in rows], numeric=numeric),
        ]
    out.append("</section>")
    return out


def to_html(ctx: dict) -> str:
    """The plan document as one self-contained HTML page."""
    plan = ctx["plan"]
    areas = plan["focus_areas"]
    lang = language_of(ctx)
    area_word = h(level_name(ctx, "satsingsområde", "singular", "Satsingsområde"))
    has_costs = plan.get("has_measures", True)
    out = [
        '<div class="side">',
        '<header class="forside">',
        f'<p class="undertittel">{h(ctx["municipality"]["full_name"].upper())}</p>',
        f"<h1>{h(plan['full_title'])}</h1>",
        *(f'<p class="undertittel">{h(line)}</p>' for line in subtitle(ctx)),
        "</header>",
        f'<nav class="innhold" aria-label="{fixed(lang, "Innhold")}"><h2>{fixed(lang, "Innhold")}</h2><ol>',
        *(
            f'<li><a href="#satsingsomrade-{a["number"]}">{area_word} {a["number"]}: {h(a["name"])}</a></li>'
            for a in areas
        ),
        '<li><a href="#kostnader">Kostnader</a></li></ol></nav>' if has_costs else "</ol></nav>",
        "<main>",
    ]
    out += html_front(ctx)
    for area in areas:
        out += html_area(ctx, area)
    out += html_costs(ctx)
    out += ["</main>", "</div>"]
    return html_page(plan["full_title"], out, lang=plan.get("lang", "nb"))


def _html_chart(ambition: dict) -> str:
    chart = ambition["chart"]
    return (
        f'<figure class="indikator"><img src="{png_uri(chart)}" alt="{h(chart.alt)}">'
        f"<figcaption>{h(ambition['chart_caption'])}</figcaption></figure>"
    )
