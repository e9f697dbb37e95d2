"""What the Markdown and the HTML writers share: the fixed wording, the plan's level names and
the rows of the tables, from the same context as the Word document (``context.plan_context``)."""

from __future__ import annotations

import base64

from workflow.evidence.charts import Chart, render_png
from workflow.text.norwegian import DASH
from workflow.text.words import fixed


# Fixed wording shared by both writers (the Word template words it the same way).
AMBITIONS_NOTE = "Ambisjonene er målbare mål for planperioden. De følges opp med tallene fra kildene som er oppgitt."
MEASURES_NOTE = "Kostnaden er et overslag per år tiltaket varer."
COSTS_NOTE = "Tabellene summerer kostnadsoverslagene for tiltakene. Tiltak med status «utgått» er ikke tatt med."
AMBITION_HEAD = ("Indikator", "Utgangspunkt", "Målverdi", "Kilde")
MEASURE_HEAD = ("Id", "Tiltak", "Ansvar", "År", "Kostnad per år", "Status")


def level_names(ctx: dict) -> dict:
    return ctx.get("levels") or {}


def level_name(ctx: dict, key: str, form: str, default: str) -> str:
    return level_names(ctx).get(key, {}).get(form, default)


def main_goal_parts(ctx: dict) -> tuple[str, list[tuple]] | None:
    goal = ctx["plan"].get("main_goal")
    if not goal:
        return None
    return level_name(ctx, "hovedmål", "singular", "Hovedmål"), [ambition_row(a) for a in goal["indicators"]]


def language_of(ctx: dict) -> str:
    return ctx["plan"].get("language", "bokmål")


def subtitle(ctx: dict) -> list[str]:
    plan, municipality = ctx["plan"], ctx["municipality"]
    place = municipality["full_name"] + (f", {municipality['county']}" if municipality["county"] else "")
    lines = [f"{plan['type'][:1].upper()}{plan['type'][1:]} for perioden {plan['period']}", place]
    if ctx.get("date"):
        lines.append(f"Dato: {ctx['date']}")
    return lines


def previous_plan(ctx: dict) -> str | None:
    previous = ctx["plan"]["previous"]
    if previous is None:
        return None
    lang = language_of(ctx)
    period = (
        "" if previous.get("period_in_title") else f"{fixed(lang, ', som gjaldt for perioden')} {previous['period']}"
    )
    return f"{fixed(lang, 'Denne planen avløser')} «{previous['title']}»{period}."


def ambition_row(a: dict) -> tuple:
    indicator = f"{a['indicator']} ({a['unit']})"
    if a.get("data_points_text"):
        indicator += f"; Målt: {a['data_points_text']}"  # the measured values (datapunkter)
    return (
        indicator,
        a.get("baseline_text", f"{a['baseline']} ({a['baseline_year']})"),
        a.get("target_text", f"{a['target']} ({a['target_year']})"),
        a["source"] or DASH,
    )


def measure_notes(m: dict) -> list[str]:
    notes = []
    if m["partners_text"]:
        notes.append(f"Samarbeid: {m['partners_text']}")
    notes.append(f"Finansiering: {m['funding_text']}")
    return notes


def area_total(area: dict) -> str:
    return f"Samlet kostnadsoverslag i planperioden: {area['cost_total_text']}."


def cost_tables(ctx: dict) -> list[tuple[str, tuple, list[tuple]]]:
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
            f"Kostnader per {level_name(ctx, 'satsingsområde', 'singular_lower', 'satsingsområde')}",
            (level_name(ctx, "satsingsområde", "singular", "Satsingsområde"), "Sum for perioden"),
            [(f"{r['number']}. {r['name']}", r["text"]) for r in costs["by_area"]],
        ),
    ]


def measure_head(ctx: dict) -> tuple[str, ...]:
    """The measure table's column names, with the plan's word for a measure."""
    lang = language_of(ctx)
    return tuple(
        fixed(lang, x) for x in MEASURE_HEAD[:1] + (level_name(ctx, "tiltak", "singular", "Tiltak"),) + MEASURE_HEAD[2:]
    )


def png_uri(chart: Chart) -> str:
    return "data:image/png;base64," + base64.b64encode(render_png(chart)).decode("ascii")
