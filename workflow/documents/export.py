"""The plan as Markdown and as one self-contained HTML page, from the same context as the
Word document (``context.plan_context``): ``plan build --format markdown|html``.

* Markdown: the plan's Markdown text fields are written again from what the parser understood
  (the subset stays Markdown, raw HTML and unsafe links are escaped); plain text fields
  (names, responsible parties, sources) are escaped so they stay literal; tables are pipe
  tables (GitHub, pandoc, most site generators) with ``|`` escaped and line breaks folded.
* HTML: one page with inline CSS and ``lang="nb"``, for the municipality's website. Markdown
  fields are rendered with the same parser and subset as the Word document (anything outside
  the subset stays literal text), every other value is escaped; links only for http(s) and
  mailto (markdown-it refuses ``javascript:`` and friends).

Pure functions: context in, text out. ``export_plan`` names the file like the Word document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from workflow.documents.context import Markdown, plan_context
from workflow.plan.model import Project
from workflow.text import markdown as richtext
from workflow.text.norwegian import DASH
from workflow.text.words import fixed

if TYPE_CHECKING:
    from workflow.evidence.charts import Chart
    from workflow.text.markdown import Run

FORMATS = {"markdown": ".md", "html": ".html"}

# Fixed wording shared by both writers (the Word template words it the same way).
AMBITIONS_NOTE = "Ambisjonene er målbare mål for planperioden. De følges opp med tallene fra kildene som er oppgitt."
MEASURES_NOTE = "Kostnaden er et overslag per år tiltaket varer."
COSTS_NOTE = "Tabellene summerer kostnadsoverslagene for tiltakene. Tiltak med status «utgått» er ikke tatt med."
AMBITION_HEAD = ("Indikator", "Utgangspunkt", "Målverdi", "Kilde")
MEASURE_HEAD = ("Id", "Tiltak", "Ansvar", "År", "Kostnad per år", "Status")


def export_plan(project: Project, fmt: str, *, when: dt.datetime | dt.date | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of the plan in ``fmt`` («markdown» or «html»)."""
    from workflow.documents.build import document_names

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    from workflow.documents.situation import add_indicator_charts

    context = add_indicator_charts(plan_context(project, when=when), project)
    text = to_markdown(context) if fmt == "markdown" else to_html(context)

    stem = document_names(project.plan)[0].removesuffix(".docx")
    return stem + FORMATS[fmt], text.encode("utf-8")


# --- shared: the rows of the tables ---------------------------------------------------------


def _levels(ctx: dict) -> dict:
    return ctx.get("levels") or {}


def _level(ctx: dict, key: str, form: str, default: str) -> str:
    return _levels(ctx).get(key, {}).get(form, default)


def _main_goal_parts(ctx: dict) -> tuple[str, list[tuple]] | None:
    goal = ctx["plan"].get("main_goal")
    if not goal:
        return None
    return _level(ctx, "hovedmål", "singular", "Hovedmål"), [_ambition_row(a) for a in goal["indicators"]]


def _lang(ctx: dict) -> str:
    return ctx["plan"].get("language", "bokmål")


def _subtitle(ctx: dict) -> list[str]:
    plan, municipality = ctx["plan"], ctx["municipality"]
    place = municipality["full_name"] + (f", {municipality['county']}" if municipality["county"] else "")
    lines = [f"{plan['type'][:1].upper()}{plan['type'][1:]} for perioden {plan['period']}", place]
    if ctx.get("date"):
        lines.append(f"Dato: {ctx['date']}")
    return lines


def _previous(ctx: dict) -> str | None:
    previous = ctx["plan"]["previous"]
    if previous is None:
        return None
    lang = _lang(ctx)
    period = (
        "" if previous.get("period_in_title") else f"{fixed(lang, ', som gjaldt for perioden')} {previous['period']}"
    )
    return f"{fixed(lang, 'Denne planen avløser')} «{previous['title']}»{period}."


def _ambition_row(a: dict) -> tuple:
    indicator = f"{a['indicator']} ({a['unit']})"
    if a.get("data_points_text"):
        indicator += f"; Målt: {a['data_points_text']}"  # the measured values (datapunkter)
    return (
        indicator,
        a.get("baseline_text", f"{a['baseline']} ({a['baseline_year']})"),
        a.get("target_text", f"{a['target']} ({a['target_year']})"),
        a["source"] or DASH,
    )


def _measure_notes(m: dict) -> list[str]:
    notes = []
    if m["partners_text"]:
        notes.append(f"Samarbeid: {m['partners_text']}")
    notes.append(f"Finansiering: {m['funding_text']}")
    return notes


def _area_total(area: dict) -> str:
    return f"Samlet kostnadsoverslag i planperioden: {area['cost_total_text']}."


def _cost_tables(ctx: dict) -> list[tuple[str, tuple, list[tuple]]]:
    costs = ctx["costs"]
    return [
        (
            "Kostnader per år",
            ("År", "Antall tiltak", "Kostnad"),
            [(str(r["year"]), str(r["measures"]), r["text"]) for r in costs["years"]]
            + [("Sum", "", costs["total_text"])],
        ),
        (
            "Kostnader per finansieringskilde",
            ("Finansiering", "Sum for perioden"),
            [(r["source"], r["text"]) for r in costs["by_source"]],
        ),
        (
            f"Kostnader per {_level(ctx, 'satsingsområde', 'singular_lower', 'satsingsområde')}",
            (_level(ctx, "satsingsområde", "singular", "Satsingsområde"), "Sum for perioden"),
            [(f"{r['number']}. {r['name']}", r["text"]) for r in costs["by_area"]],
        ),
    ]


# --- Markdown ---------------------------------------------------------------------------------


def md_line(text: object) -> str:
    """Plain text that stays literal in Markdown, folded onto one line (a cell, a label)."""
    return richtext.md_escape(" ".join(str(text).split()))


def md_cell(value: object) -> str:
    """A table cell: Markdown text folded onto one line (bullets as «• »), plain text escaped;
    ``|`` is escaped in both."""
    if value is None:
        return DASH
    if not isinstance(value, Markdown):
        return md_line(value)
    parts = []
    for block in richtext.parse(str(value)):
        line = _md_runs(block.runs, one_line=True)
        if block.kind == "bullet":
            line = "• " + line
        elif block.kind == "numbered":
            line = f"{block.label} {line}"
        if line.strip():
            parts.append(line)
    return " ".join(parts) or DASH


def _md_block(text: object) -> str:
    """A Markdown field as a block, written again from what the parser understood: the subset
    (paragraphs, bullets, bold, italic, safe links) stays Markdown; everything else (raw HTML,
    ``javascript:`` links, headings…) is escaped, so a site generator shows it as text."""
    out: list[str] = []
    previous = None
    for block in richtext.parse(str(text)):
        body = _md_runs(block.runs)
        indent = "  " * block.level
        if block.kind == "paragraph":
            line = indent + body
        elif block.kind == "bullet":
            line = f"{indent}- {body}"
        else:
            line = f"{indent}{block.label} {body}"
        if out and not (block.kind != "paragraph" and previous == block.kind):
            out.append("")
        out.append(line)
        previous = block.kind
    return "\n".join(out)


def _md_runs(runs: Iterable[Run], one_line: bool = False) -> str:
    parts = []
    for run in runs:
        if run.line_break:
            parts.append(" " if one_line else "\\\n")
            continue
        text = md_line(run.text) if run.text.strip() else (" " if run.text else "")
        if run.text[:1].isspace() and text.strip():
            text = " " + text
        if run.text[-1:].isspace() and text.strip():
            text = text + " "
        core = text.strip()
        if core:
            if run.italic:
                core = f"*{core}*"
            if run.bold:
                core = f"**{core}**"
            if run.url and _safe_url(run.url):
                core = f"[{core}](<{_md_url(run.url)}>)"
            text = text.replace(text.strip(), core, 1)
        parts.append(text)
    return re.sub(r" {2,}", " ", "".join(parts)).strip()


def _safe_url(url: str) -> bool:
    return re.match(r"(?i)(https?:|mailto:)", url.strip()) is not None


def _md_url(url: str) -> str:
    return "".join(c if c not in "<> \n\\" else f"%{ord(c):02X}" for c in url)


def _md_item(label: str, text: object) -> str:
    """A list item «- **M1.1** text»; following lines indented to stay inside the item."""
    first, *rest = _md_block(text).split("\n")
    lines = [f"- **{md_line(label)}** {first}"]
    lines += [f"  {line}" if line else "" for line in rest]
    return "\n".join(lines)


def md_table(head: tuple, rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(md_line(h) for h in head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _png_uri(chart: Chart) -> str:
    import base64

    from workflow.evidence.charts import render_png

    return "data:image/png;base64," + base64.b64encode(render_png(chart)).decode("ascii")


def _md_chart(ambition: dict) -> str:
    """An indicator chart as an image (a data: URI, so the file stands alone) and its caption."""
    chart = ambition["chart"]
    alt = md_line(chart.alt).replace("[", "\\[").replace("]", "\\]")
    return f"![{alt}]({_png_uri(chart)})\n\n*{md_line(ambition['chart_caption'])}*"


def _html_chart(ambition: dict) -> str:
    chart = ambition["chart"]
    return (
        f'<figure class="indikator"><img src="{_png_uri(chart)}" alt="{h(chart.alt)}" style="max-width:100%;height:auto">'
        f"<figcaption>{h(ambition['chart_caption'])}</figcaption></figure>"
    )


def to_markdown(ctx: dict) -> str:
    """The plan document as Markdown."""
    plan = ctx["plan"]
    out = [f"# {md_line(plan['full_title'])}", "  \n".join(md_line(line) for line in _subtitle(ctx))]
    out += _md_front(ctx)
    for area in plan["focus_areas"]:
        out += _md_area(ctx, area)
    out += _md_costs(ctx)
    return "\n\n".join(out) + "\n"


def _md_front(ctx: dict) -> list[str]:
    """Vision, the main goal with its indicators, summary, background, the previous plan and
    the situation."""
    plan = ctx["plan"]
    lang = _lang(ctx)
    out: list[str] = []
    for title, key in (("Visjon", "vision"), ("Sammendrag", "summary"), ("Bakgrunn", "background")):
        if plan[key]:
            out += [f"## {fixed(lang, title)}", _md_block(plan[key])]
        main = _main_goal_parts(ctx) if key == "vision" else None
        if main:
            out += [f"## {md_line(main[0])}", _md_item(plan["main_goal"]["id"], plan["main_goal"]["text"])]
            if main[1]:
                out += [
                    f"### {fixed(lang, 'Indikatorer')}",
                    md_table(tuple(fixed(lang, x) for x in AMBITION_HEAD), main[1]),
                ]
    if _previous(ctx):
        out += ["### Forrige plan", md_line(_previous(ctx))]
    if plan["situation"]:
        out += ["## Ståsted", _md_block(plan["situation"])]
    return out


def _md_area(ctx: dict, area: dict) -> list[str]:
    """One focus area: heading, description, goals, ambitions (with charts), strategies, measures."""
    lang = _lang(ctx)
    out = [
        f"## {md_line(_level(ctx, 'satsingsområde', 'singular', 'Satsingsområde'))} {area['number']}: {md_line(area['name'])}"
    ]
    if area["description"]:
        out.append(_md_block(area["description"]))
    if area["goals"]:
        goals = []
        for g in area["goals"]:
            goals.append(_md_item(g["id"], g["text"]))
            goals += ["  " + _md_item(d["id"], d["text"]).replace("\n", "\n  ") for d in g.get("sub_goals", ())]
        out += [f"### {md_line(_level(ctx, 'mål', 'plural', 'Mål'))}", "\n".join(goals)]
    if area["ambitions"]:
        out += [
            f"### {md_line(_level(ctx, 'ambisjon', 'plural', 'Ambisjoner'))}",
            fixed(lang, AMBITIONS_NOTE),
            md_table(tuple(fixed(lang, x) for x in AMBITION_HEAD), [_ambition_row(a) for a in area["ambitions"]]),
        ]
        out += [_md_chart(a) for a in area["ambitions"] if a.get("chart") is not None]
    if area["strategies"]:
        items = []
        for s in area["strategies"]:
            item = _md_item(s["id"], s["text"])
            if s["goals_text"]:
                item += f"\n\n  *{fixed(lang, 'Bidrar til mål:')} {md_line(s['goals_text'])}*"
            items.append(item)
        out += [f"### {md_line(_level(ctx, 'strategi', 'plural', 'Strategier'))}", "\n".join(items)]
    if area["measures"]:
        out += _md_measures(ctx, area)
    return out


def _md_measures(ctx: dict, area: dict) -> list[str]:
    """A focus area's measures: the table with its note and the area's total."""
    lang = _lang(ctx)
    rows = []
    for m in area["measures"]:
        notes = "".join(f"\n\n{md_line(fixed(lang, n))}." for n in _measure_notes(m))
        text = Markdown(str(m["text"]).rstrip() + notes)
        rows.append((m["id"], text, m["responsible"], m["years"], m["cost_text"], m["status_text"]))
    return [
        f"### {md_line(_level(ctx, 'tiltak', 'plural', 'Tiltak'))}",
        fixed(lang, MEASURES_NOTE),
        md_table(_measure_head(ctx), rows),
        md_line(fixed(lang, _area_total(area))),
    ]


def _measure_head(ctx: dict) -> tuple[str, ...]:
    """The measure table's column names, with the plan's word for a measure."""
    lang = _lang(ctx)
    return tuple(
        fixed(lang, x) for x in MEASURE_HEAD[:1] + (_level(ctx, "tiltak", "singular", "Tiltak"),) + MEASURE_HEAD[2:]
    )


def _md_costs(ctx: dict) -> list[str]:
    """The cost tables; none for a plan without measures."""
    lang = _lang(ctx)
    out: list[str] = []
    if ctx["plan"].get("has_measures", True):  # a plan without measures has no costs to show
        out += ["## Kostnader", fixed(lang, COSTS_NOTE)]
        for title, head, rows in _cost_tables(ctx):
            out += [f"### {fixed(lang, title)}", md_table(tuple(fixed(lang, x) for x in head), rows)]
    return out


# --- HTML -------------------------------------------------------------------------------------

CSS = """
body{font-family:Calibri,Carlito,"Segoe UI",Arial,sans-serif;line-height:1.5;color:#1b1b1b;max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}
header{border-bottom:3px solid #1f4e79;margin-bottom:1.5rem}
h1{color:#1f4e79;font-size:2rem;margin:.5rem 0}
h2{color:#1f4e79;margin-top:2.5rem;border-bottom:1px solid #c8d3e0}
h3{color:#2e74b5;margin-top:1.75rem}
.undertittel{color:#555;margin:.1rem 0}
nav ol{padding-left:1.25rem}
.visjon{font-size:1.2rem;font-style:italic;border-left:4px solid #2e74b5;padding-left:1rem}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.95rem}
th,td{border:1px solid #c8d3e0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#1f4e79;color:#fff}
tbody tr:nth-child(even){background:#f3f6fa}
td.tall{text-align:right;white-space:nowrap}
td p,li p{margin:.2rem 0}
.id{font-weight:bold;color:#1f4e79;white-space:nowrap}
.merknad{color:#555;font-size:.9rem}
dl.punkter dt{font-weight:bold;color:#1f4e79;float:left;clear:left;width:4.5rem}
dl.punkter dd{margin:0 0 .6rem 5rem}
@media print{nav{display:none}body{max-width:none}}
""".strip()


def h(value: object) -> str:
    """Escaped plain text (None as «–»)."""
    from workflow.text.markdown import html_escape

    return html_escape(DASH if value is None else value)


def md_html(value: object) -> str:
    """A Markdown field rendered with the documents' subset (raw HTML stays text)."""
    if value is None:
        return f"<p>{DASH}</p>"
    return _rendered(str(value))


@lru_cache(maxsize=4096)
def _rendered(text: str) -> str:
    """Pure, so cached: a warm ``plan serve`` renders only the texts that changed."""
    from workflow.text.markdown import parser, clean

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
    lang = _lang(ctx)
    out = []
    if plan["vision"]:
        out += [
            '<section id="visjon">',
            f"<{hn}>{fixed(lang, 'Visjon')}</{hn}>",
            f'<div class="visjon">{md_html(plan["vision"])}</div>',
            "</section>",
        ]
    main = _main_goal_parts(ctx)
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
            if key == "background" and _previous(ctx):
                out += [f"<{hs}>{fixed(lang, 'Forrige plan')}</{hs}>", f"<p>{h(_previous(ctx))}</p>"]
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
    lang = _lang(ctx)
    area_word = h(_level(ctx, "satsingsområde", "singular", "Satsingsområde"))
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
        out += [f"<{hs}>{h(_level(ctx, 'mål', 'plural', 'Mål'))}</{hs}>", _items(items, anchors)]
    if area["ambitions"]:
        rows = [tuple(h(v) for v in _ambition_row(a)) for a in area["ambitions"]]
        ids = [a["id"] for a in area["ambitions"]] if anchors else None
        head = tuple(fixed(lang, x) for x in AMBITION_HEAD)
        out += [
            f"<{hs}>{h(_level(ctx, 'ambisjon', 'plural', 'Ambisjoner'))}</{hs}>",
            f"<p>{h(fixed(lang, AMBITIONS_NOTE))}</p>",
            _table(head, rows, numeric=(1, 2), ids=ids),
        ]
        out += [_html_chart(a) for a in area["ambitions"] if a.get("chart") is not None]  # indicator charts
    if area["strategies"]:
        items = [
            (s["id"], s["text"], f"{fixed(lang, 'Bidrar til mål:')} {s['goals_text']}" if s["goals_text"] else None)
            for s in area["strategies"]
        ]
        out += [f"<{hs}>{h(_level(ctx, 'strategi', 'plural', 'Strategier'))}</{hs}>", _items(items, anchors)]
    if area["measures"]:
        out += _html_measures(ctx, area, hs, anchors)
    out.append("</section>")
    return out


def _html_measures(ctx: dict, area: dict, hs: str, anchors: bool) -> list[str]:
    """A focus area's measures: heading (``hs``), note, table and the area's total."""
    lang = _lang(ctx)
    rows = []
    for m in area["measures"]:
        notes = "".join(f'<p class="merknad">{h(fixed(lang, n))}</p>' for n in _measure_notes(m))
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
        f"<{hs}>{h(_level(ctx, 'tiltak', 'plural', 'Tiltak'))}</{hs}>",
        f"<p>{h(fixed(lang, MEASURES_NOTE))}</p>",
        _table(_measure_head(ctx), rows, numeric=(4,), ids=ids),
        f"<p>{h(fixed(lang, _area_total(area)))}</p>",
    ]


def html_costs(ctx: dict, level: int = 2) -> list[str]:
    """The cost tables (per year, per funding source, per focus area); none without measures."""
    if not ctx["plan"].get("has_measures", True):
        return []
    hn, hs = f"h{level}", f"h{level + 1}"
    lang = _lang(ctx)
    out = ['<section id="kostnader">', f"<{hn}>Kostnader</{hn}>", f"<p>{h(fixed(lang, COSTS_NOTE))}</p>"]
    for title, head, rows in _cost_tables(ctx):
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
    from workflow import __version__

    plan = ctx["plan"]
    areas = plan["focus_areas"]
    lang = _lang(ctx)
    area_word = h(_level(ctx, "satsingsområde", "singular", "Satsingsområde"))
    has_costs = plan.get("has_measures", True)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{h(plan.get("lang", "nb"))}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="plan-workflow {h(__version__)}">',
        f"<title>{h(plan['full_title'])}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<p class="undertittel">{h(ctx["municipality"]["full_name"].upper())}</p>',
        f"<h1>{h(plan['full_title'])}</h1>",
        *(f'<p class="undertittel">{h(line)}</p>' for line in _subtitle(ctx)),
        "</header>",
        f'<nav aria-label="{fixed(lang, "Innhold")}"><h2>{fixed(lang, "Innhold")}</h2><ol>',
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
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
