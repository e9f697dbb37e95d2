"""The plan as Markdown (``plan build --format markdown``): the plan's Markdown text fields are
written again from what the parser understood (the subset stays Markdown, raw HTML and unsafe
links are escaped); plain text fields (names, responsible parties, sources) are escaped so they
stay literal; tables are pipe tables (GitHub, pandoc, most site generators) with ``|`` escaped
and line breaks folded. Pure: context in, text out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from workflow.documents.context import Markdown
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
from workflow.text import markdown as richtext
from workflow.text.norwegian import DASH
from workflow.text.words import fixed

if TYPE_CHECKING:
    from workflow.text.markdown import Run

EXTENSION = ".md"


def render(ctx: dict) -> str:
    """The plan document as Markdown."""
    return to_markdown(ctx)


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


def _md_chart(ambition: dict) -> str:
    """An indicator chart as an image (a data: URI, so the file stands alone) and its caption."""
    chart = ambition["chart"]
    alt = md_line(chart.alt).replace("[", "\\[").replace("]", "\\]")
    return f"![{alt}]({png_uri(chart)})\n\n*{md_line(ambition['chart_caption'])}*"


def to_markdown(ctx: dict) -> str:
    """The plan document as Markdown."""
    plan = ctx["plan"]
    out = [f"# {md_line(plan['full_title'])}", "  \n".join(md_line(line) for line in subtitle(ctx))]
    out += _md_front(ctx)
    for area in plan["focus_areas"]:
        out += _md_area(ctx, area)
    out += _md_costs(ctx)
    return "\n\n".join(out) + "\n"


def _md_front(ctx: dict) -> list[str]:
    """Vision, the main goal with its indicators, summary, background, the previous plan and
    the situation."""
    plan = ctx["plan"]
    lang = language_of(ctx)
    out: list[str] = []
    for title, key in (("Visjon", "vision"), ("Sammendrag", "summary"), ("Bakgrunn", "background")):
        if plan[key]:
            out += [f"## {fixed(lang, title)}", _md_block(plan[key])]
        main = main_goal_parts(ctx) if key == "vision" else None
        if main:
            out += [f"## {md_line(main[0])}", _md_item(plan["main_goal"]["id"], plan["main_goal"]["text"])]
            if main[1]:
                out += [
                    f"### {fixed(lang, 'Indikatorer')}",
                    md_table(tuple(fixed(lang, x) for x in AMBITION_HEAD), main[1]),
                ]
    if previous_plan(ctx):
        out += ["### Forrige plan", md_line(previous_plan(ctx))]
    if plan["situation"]:
        out += ["## Ståsted", _md_block(plan["situation"])]
    return out


def _md_area(ctx: dict, area: dict) -> list[str]:
    """One focus area: heading, description, goals, ambitions (with charts), strategies, measures."""
    lang = language_of(ctx)
    out = [
        f"## {md_line(level_name(ctx, 'satsingsområde', 'singular', 'Satsingsområde'))} {area['number']}: {md_line(area['name'])}"
    ]
    if area["description"]:
        out.append(_md_block(area["description"]))
    if area["goals"]:
        goals = []
        for g in area["goals"]:
            goals.append(_md_item(g["id"], g["text"]))
            goals += ["  " + _md_item(d["id"], d["text"]).replace("\n", "\n  ") for d in g.get("sub_goals", ())]
        out += [f"### {md_line(level_name(ctx, 'mål', 'plural', 'Mål'))}", "\n".join(goals)]
    if area["ambitions"]:
        out += [
            f"### {md_line(level_name(ctx, 'ambisjon', 'plural', 'Ambisjoner'))}",
            fixed(lang, AMBITIONS_NOTE),
            md_table(tuple(fixed(lang, x) for x in AMBITION_HEAD), [ambition_row(a) for a in area["ambitions"]]),
        ]
        out += [_md_chart(a) for a in area["ambitions"] if a.get("chart") is not None]
    if area["strategies"]:
        items = []
        for s in area["strategies"]:
            item = _md_item(s["id"], s["text"])
            if s["goals_text"]:
                item += f"\n\n  *{fixed(lang, 'Bidrar til mål:')} {md_line(s['goals_text'])}*"
            items.append(item)
        out += [f"### {md_line(level_name(ctx, 'strategi', 'plural', 'Strategier'))}", "\n".join(items)]
    if area["measures"]:
        out += _md_measures(ctx, area)
    return out


def _md_measures(ctx: dict, area: dict) -> list[str]:
    """A focus area's measures: the table with its note and the area's total."""
    lang = language_of(ctx)
    rows = []
    for m in area["measures"]:
        notes = "".join(f"\n\n{md_line(fixed(lang, n))}." for n in measure_notes(m))
        text = Markdown(str(m["text"]).rstrip() + notes)
        rows.append((m["id"], text, m["responsible"], m["years"], m["cost_text"], m["status_text"]))
    return [
        f"### {md_line(level_name(ctx, 'tiltak', 'plural', 'Tiltak'))}",
        fixed(lang, MEASURES_NOTE),
        md_table(measure_head(ctx), rows),
        md_line(fixed(lang, area_total(area))),
    ]


def _md_costs(ctx: dict) -> list[str]:
    """The cost tables; none for a plan without measures."""
    lang = language_of(ctx)
    out: list[str] = []
    if ctx["plan"].get("has_measures", True):  # a plan without measures has no costs to show
        out += ["## Kostnader", fixed(lang, COSTS_NOTE)]
        for title, head, rows in cost_tables(ctx):
            out += [f"### {fixed(lang, title)}", md_table(tuple(fixed(lang, x) for x in head), rows)]
    return out
