"""The plan as Markdown and as one self-contained HTML page, from the same context as the
Word document (``context.plan_context``): ``plan build --format markdown|html``.

* Markdown: the plan's Markdown text fields are passed through as written; plain text fields
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
import html
import re

from workflow.documents.context import Markdown, plan_context
from workflow.plan.model import Project
from workflow.text.norwegian import DASH

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
    return f"Denne planen avløser «{previous['title']}», som gjaldt for perioden {previous['period']}."


def _ambition_row(a: dict) -> tuple:
    return (f"{a['indicator']} ({a['unit']})", f"{a['baseline']} ({a['baseline_year']})",
            f"{a['target']} ({a['target_year']})", a["source"] or DASH)


def _measure_notes(m: dict) -> list[str]:
    notes = []
    if m["partners_text"]:
        notes.append(f"Samarbeid: {m['partners_text']}")
    notes.append(f"Finansiering: {m['funding_text']}")
    return notes


def _area_total(area: dict) -> str:
    return f"Samlet kostnadsoverslag for satsingsområdet i planperioden: {area['cost_total_text']}."


def _cost_tables(ctx: dict) -> list[tuple[str, tuple, list[tuple]]]:
    costs = ctx["costs"]
    return [
        ("Kostnader per år", ("År", "Antall tiltak", "Kostnad"),
         [(str(r["year"]), str(r["measures"]), r["text"]) for r in costs["years"]] + [("Sum", "", costs["total_text"])]),
        ("Kostnader per finansieringskilde", ("Finansiering", "Sum for perioden"),
         [(r["source"], r["text"]) for r in costs["by_source"]]),
        ("Kostnader per satsingsområde", ("Satsingsområde", "Sum for perioden"),
         [(f"{r['number']}. {r['name']}", r["text"]) for r in costs["by_area"]]),
    ]


# --- Markdown ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&#!~])")


def md_escape(text: str) -> str:
    """Plain text that stays literal in Markdown (one line)."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([-+=])", r"\\\1", text))


def md_cell(value) -> str:
    """A table cell: Markdown text folded onto one line (bullets as «• »), plain text escaped;
    ``|`` is escaped in both."""
    if value is None:
        return DASH
    if not isinstance(value, Markdown):
        return md_escape(value)
    parts = []
    for line in str(value).splitlines():
        line = line.strip()
        bullet = re.match(r"^[-*+]\s+", line)
        if bullet:
            line = "• " + line[bullet.end():]
        if line:
            parts.append(line)
    return re.sub(r"(?<!\\)((?:\\\\)*)\|", r"\1\\|", " ".join(parts)) or DASH


def _md_block(text) -> str:
    """A Markdown field as a block, passed through (trailing space trimmed)."""
    return "\n".join(line.rstrip() for line in str(text).strip("\n").splitlines())


def _md_item(label: str, text) -> str:
    """A list item «- **M1.1** text»; following lines indented to stay inside the item."""
    first, *rest = _md_block(text).split("\n")
    lines = [f"- **{md_escape(label)}** {first}"]
    lines += [f"  {line}" if line else "" for line in rest]
    return "\n".join(lines)


def md_table(head: tuple, rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(md_escape(h) for h in head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _png_uri(chart) -> str:
    import base64

    from workflow.evidence.charts import render_png

    return "data:image/png;base64," + base64.b64encode(render_png(chart)).decode("ascii")


def _md_chart(ambition: dict) -> str:
    """An indicator chart as an image (a data: URI, so the file stands alone) and its caption."""
    chart = ambition["chart"]
    alt = md_escape(chart.alt).replace("[", "\\[").replace("]", "\\]")
    return f"![{alt}]({_png_uri(chart)})\n\n*{md_escape(ambition['chart_caption'])}*"


def _html_chart(ambition: dict) -> str:
    chart = ambition["chart"]
    return (
        f'<figure class="indikator"><img src="{_png_uri(chart)}" alt="{h(chart.alt)}" style="max-width:100%;height:auto">'
        f"<figcaption>{h(ambition['chart_caption'])}</figcaption></figure>"
    )


def to_markdown(ctx: dict) -> str:
    """The plan document as Markdown."""
    plan = ctx["plan"]
    out = [f"# {md_escape(plan['full_title'])}", "  \n".join(md_escape(line) for line in _subtitle(ctx))]
    for title, key in (("Visjon", "vision"), ("Sammendrag", "summary"), ("Bakgrunn", "background")):
        if plan[key]:
            out += [f"## {title}", _md_block(plan[key])]
    if _previous(ctx):
        out += ["### Forrige plan", md_escape(_previous(ctx))]
    if plan["situation"]:
        out += ["## Ståsted", _md_block(plan["situation"])]
    for area in plan["focus_areas"]:
        out.append(f"## Satsingsområde {area['number']}: {md_escape(area['name'])}")
        if area["description"]:
            out.append(_md_block(area["description"]))
        if area["goals"]:
            out += ["### Mål", "\n".join(_md_item(g["id"], g["text"]) for g in area["goals"])]
        if area["ambitions"]:
            out += ["### Ambisjoner", AMBITIONS_NOTE, md_table(AMBITION_HEAD, [_ambition_row(a) for a in area["ambitions"]])]
            out += [_md_chart(a) for a in area["ambitions"] if a.get("chart") is not None]
        if area["strategies"]:
            items = []
            for s in area["strategies"]:
                item = _md_item(s["id"], s["text"])
                if s["goals_text"]:
                    item += f"\n\n  *Bidrar til mål: {md_escape(s['goals_text'])}*"
                items.append(item)
            out += ["### Strategier", "\n".join(items)]
        if area["measures"]:
            rows = []
            for m in area["measures"]:
                notes = "".join(f"\n\n{md_escape(n)}." for n in _measure_notes(m))
                text = Markdown(str(m["text"]).rstrip() + notes)
                rows.append((m["id"], text, m["responsible"], m["years"], m["cost_text"], m["status_text"]))
            out += ["### Tiltak", MEASURES_NOTE, md_table(MEASURE_HEAD, rows), md_escape(_area_total(area))]
    out += ["## Kostnader", COSTS_NOTE]
    for title, head, rows in _cost_tables(ctx):
        out += [f"### {title}", md_table(head, rows)]
    return "\n\n".join(out) + "\n"


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


def h(value) -> str:
    """Escaped plain text (None as «–»)."""
    from workflow.text.markdown import clean

    return html.escape(clean(DASH if value is None else str(value)), quote=True)


def md_html(value) -> str:
    """A Markdown field rendered with the documents' subset (raw HTML stays text)."""
    from workflow.text.markdown import parser, clean

    if value is None:
        return f"<p>{DASH}</p>"
    return clean(parser().render(str(value))).strip()


def _table(head: tuple, rows: list[tuple], numeric: tuple[int, ...] = ()) -> str:
    cells = "".join(f'<th scope="col">{h(c)}</th>' for c in head)
    body = []
    for row in rows:
        tds = []
        for i, value in enumerate(row):
            cls = ' class="tall"' if i in numeric else ""
            tds.append(f"<td{cls}>{value}</td>")  # values are already HTML
        body.append("<tr>" + "".join(tds) + "</tr>")
    return f"<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"


def _items(items: list[tuple[str, str, str | None]]) -> str:
    """Goals and strategies: id, text, a note."""
    out = ['<dl class="punkter">']
    for ident, text, note in items:
        out.append(f"<dt>{h(ident)}</dt><dd>{md_html(text)}" + (f'<p class="merknad">{h(note)}</p>' if note else "") + "</dd>")
    out.append("</dl>")
    return "\n".join(out)


def to_html(ctx: dict) -> str:
    """The plan document as one self-contained HTML page."""
    from workflow import __version__

    plan = ctx["plan"]
    areas = plan["focus_areas"]
    out = [
        "<!DOCTYPE html>",
        '<html lang="nb">',
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
        '<nav aria-label="Innhold"><h2>Innhold</h2><ol>',
        *(f'<li><a href="#satsingsomrade-{a["number"]}">Satsingsområde {a["number"]}: {h(a["name"])}</a></li>' for a in areas),
        '<li><a href="#kostnader">Kostnader</a></li></ol></nav>',
        "<main>",
    ]
    if plan["vision"]:
        out += ['<section id="visjon">', "<h2>Visjon</h2>", f'<div class="visjon">{md_html(plan["vision"])}</div>', "</section>"]
    for title, key, ident in (("Sammendrag", "summary", "sammendrag"), ("Bakgrunn", "background", "bakgrunn")):
        if plan[key]:
            out += [f'<section id="{ident}">', f"<h2>{title}</h2>", md_html(plan[key])]
            if key == "background" and _previous(ctx):
                out += ["<h3>Forrige plan</h3>", f"<p>{h(_previous(ctx))}</p>"]
            out.append("</section>")
    if plan["situation"]:
        out += ['<section id="staasted">', "<h2>Ståsted</h2>", md_html(plan["situation"]), "</section>"]
    for area in areas:
        out += [f'<section id="satsingsomrade-{area["number"]}">', f"<h2>Satsingsområde {area['number']}: {h(area['name'])}</h2>"]
        if area["description"]:
            out.append(md_html(area["description"]))
        if area["goals"]:
            out += ["<h3>Mål</h3>", _items([(g["id"], g["text"], None) for g in area["goals"]])]
        if area["ambitions"]:
            rows = [tuple(h(v) for v in _ambition_row(a)) for a in area["ambitions"]]
            out += ["<h3>Ambisjoner</h3>", f"<p>{h(AMBITIONS_NOTE)}</p>", _table(AMBITION_HEAD, rows, numeric=(1, 2))]
            out += [_html_chart(a) for a in area["ambitions"] if a.get("chart") is not None]
        if area["strategies"]:
            items = [(s["id"], s["text"], f"Bidrar til mål: {s['goals_text']}" if s["goals_text"] else None) for s in area["strategies"]]
            out += ["<h3>Strategier</h3>", _items(items)]
        if area["measures"]:
            rows = []
            for m in area["measures"]:
                notes = "".join(f'<p class="merknad">{h(n)}</p>' for n in _measure_notes(m))
                rows.append((f'<span class="id">{h(m["id"])}</span>', md_html(m["text"]) + notes, h(m["responsible"]),
                             h(m["years"]), h(m["cost_text"]), h(m["status_text"])))
            out += ["<h3>Tiltak</h3>", f"<p>{h(MEASURES_NOTE)}</p>", _table(MEASURE_HEAD, rows, numeric=(4,)),
                    f"<p>{h(_area_total(area))}</p>"]
        out.append("</section>")
    out += ['<section id="kostnader">', "<h2>Kostnader</h2>", f"<p>{h(COSTS_NOTE)}</p>"]
    for title, head, rows in _cost_tables(ctx):
        numeric = tuple(range(1, len(head)))
        out += [f"<h3>{h(title)}</h3>", _table(head, [tuple(h(v) for v in row) for row in rows], numeric=numeric)]
    out += ["</section>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
