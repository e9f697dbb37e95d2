"""The annual report (årsrapport) on a plan: pure data, ready to print.

For year Y, read from one revision: each measure of Y (that year's action plan, or the
strategy's measures) with its status on 31 December Y, share done, money planned and spent in
Y and the latest comment; each ambition with its values up to Y and a straight-line projection
to its target year; money planned and spent per year from the plan's start to Y; what changed
in the measures from Y−1 to Y; and a summary («12 av 17 tiltak er i gang eller fullført; 3 av
5 ambisjoner er i rute»).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from workflow.followup.projection import NO_DATA, NOT_MEASURED, OFF_TRACK, ON_TRACK, Projection, project
from workflow.followup.status import current, followup_of, measures_in_year, planned_lookup, spent_in_year
from workflow.plan.model import Ambition, Measure, Measurement, Project
from workflow.text.norwegian import (
    MINUS,
    NBSP,
    format_date,
    format_money,
    format_number,
    format_period,
    format_short_date,
)

STATUS_TEXT = {"planlagt": "Ikke startet", "pågår": "Pågår", "fullført": "Fullført", "utgått": "Utgått"}
STARTED = ("pågår", "fullført")
NOT_REPORTED = "ikke rapportert"


def indicator_values(project: Project, ambition: Ambition) -> list[tuple[int, float]]:
    """(year, value): the ambition's own data points, then those recorded under oppfolging/
    (a recorded value replaces the plan's for the same year)."""
    values = {p.year: float(p.value) for p in ambition.data_points}
    for v in followup_of(project).indicators.get(ambition.id, ()):
        values[v.year] = float(v.value)
    return sorted(values.items())


def _source(project: Project, ambition: Ambition, year: int) -> str | None:
    """The ambition's source as in the plan; a measurement recorded from another source is
    named beside it, never in its place."""
    recorded = [v for v in followup_of(project).indicators.get(ambition.id, ()) if v.year == year]
    other = recorded[-1].source if recorded and recorded[-1].source else None
    if other is None or ambition.source is None or other.strip() == ambition.source.strip():
        return ambition.source or other
    return f"{ambition.source} (målingen for {year}: {other})"


def report_date(project: Project, year: int) -> dt.date:
    """The date the report for ``year`` carries when none is given: the day of the newest
    information it shows (a value measured for the year or before, recorded after the year
    ended), never before 31 December of the year. Not the commit's date: the report built
    from a later revision is the same document."""
    end = dt.date(year, 12, 31)
    recorded = [
        v.date
        for values in followup_of(project).indicators.values()
        for v in values
        if v.year <= year and v.date is not None
    ]
    return max([end, *recorded])


def report_data(project: Project, year: int) -> dict[str, Any]:
    """Everything the annual report for ``year`` shows (plain data, Norwegian text)."""
    plan = project.plan
    end = dt.date(year, 12, 31)
    planned_in_year = planned_lookup(project)
    areas = {a.id: a for a in plan.focus_areas}
    by_area = _measures_by_area(project, year)
    area_rows: list[dict[str, Any]] = []
    for number, area in enumerate(plan.focus_areas, start=1):
        rows = [_measure_row(project, m, year, end, planned_in_year) for m in by_area.get(area.id, [])]
        ambitions = [_ambition_row(project, a, year) for a in area.ambitions]
        area_rows.append(
            {
                "number": number,
                "id": area.id,
                "name": areas[area.id].name,
                "measures": rows,
                "ambitions": ambitions,
                "planned_text": format_money(sum(r["planned"] for r in rows)),
                "spent_text": format_money(sum(r["spent"] for r in rows))
                if any(r["reported_in_year"] for r in rows)
                else "–",
            }
        )
    return {
        "year": year,
        "period_to_date": format_period(plan.period.start, year),
        "areas": area_rows,
        "years": _year_rows(project, year, planned_in_year),
        "summary": _summary(area_rows, year),
        "status_counts": [
            {"status": STATUS_TEXT[s], "count": sum(r["status"] == s for area in area_rows for r in area["measures"])}
            for s in ("fullført", "pågår", "planlagt", "utgått")
        ],
        "date": format_date(end),
    }


def _measures_by_area(project: Project, year: int) -> dict[str, list[Measure]]:
    """The measures the report for ``year`` covers, by focus area id (every area present)."""
    by_area: dict[str, list[Measure]] = {a.id: [] for a in project.plan.focus_areas}
    for area_id, m in measures_in_year(project, year):
        by_area.setdefault(area_id, []).append(m)
    return by_area


def _measure_row(
    project: Project, m: Measure, year: int, end: dt.date, planned_in_year: Callable[[str, int], int]
) -> dict[str, Any]:
    """One measure's line: its status on ``end``, money planned and spent in ``year``, the
    latest comment."""
    now = current(project, m, end)
    planned = planned_in_year(m.id, year)
    spent = spent_in_year(project, m.id, year)
    reported = any(e.date.year == year for e in followup_of(project).status.get(m.id, ()))
    entry = now.entry
    return {
        "id": m.id,
        "text": m.text,
        "status": now.status,
        "status_text": STATUS_TEXT[now.status],
        "share": now.share,
        "share_text": f"{now.share} %",
        "planned": planned,
        "planned_text": format_money(planned),
        "spent": spent,
        "reported_in_year": reported,
        "spent_text": format_money(spent) if reported else "–",  # nothing reported in the year: no figure
        "comment": entry.comment if entry else None,
        "reported": (
            f"Rapportert {format_short_date(entry.date)}" + (f" av {entry.reporter}" if entry.reporter else "")
        )
        if entry
        else "Ingen statusrapport ennå",
    }


def _ambition_row(project: Project, a: Ambition, year: int) -> dict[str, Any]:
    """One ambition: its values up to ``year`` and the projection to its target year."""
    values = indicator_values(project, a)
    proj = project_ambition(a, values, year)
    since = a.baseline.year if a.baseline is not None else project.plan.period.start - 1
    latest = [(y, v) for y, v in values if since < y <= year]
    target = getattr(a, "target", None)
    return {
        "id": a.id,
        "indicator": a.indicator,
        "unit": a.unit,
        "baseline": _measured(a.baseline),
        "target": _measured(target) if target is not None else _target_words(a),
        "latest": f"{format_number(latest[-1][1])} ({latest[-1][0]})" if latest else None,
        "source": _source(project, a, latest[-1][0]) if latest else a.source,
        "verdict": proj.verdict,
        "words": proj.words,
        "points": [list(p) for p in proj.points],
        "target_point": [target.year, float(target.value)] if target is not None else None,
        "projected": proj.projected,
        "slope": proj.slope,
        "line": [list(p) for p in proj.line],
    }


def _year_rows(project: Project, year: int, planned_in_year: Callable[[str, int], int]) -> list[dict[str, Any]]:
    """Money planned and spent per year, from the plan's start to ``year``."""
    years = []
    for y in range(project.plan.period.start, year + 1):
        planned = sum(planned_in_year(m.id, y) for _, m in measures_in_year(project, y))
        spent = sum(spent_in_year(project, m_id, y) for m_id in followup_of(project).status)
        reported = any(e.date.year == y for entries in followup_of(project).status.values() for e in entries)
        years.append(
            {
                "year": y,
                "planned": planned,
                "spent": spent,
                "planned_text": format_money(planned),
                "spent_text": format_money(spent) if reported else NOT_REPORTED,
                "difference_text": _signed(spent - planned) if reported else "–",
            }
        )
    return years


def _summary(area_rows: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """The counts and sentences of the summary, from the areas' rows."""
    measures = [r for area in area_rows for r in area["measures"]]
    ambitions = [a for area in area_rows for a in area["ambitions"]]
    n_measures = len(measures)
    n_started = sum(r["status"] in STARTED for r in measures)
    n_ambitions = len(ambitions)
    n_on_track = sum(a["verdict"] == ON_TRACK for a in ambitions)
    total_planned = sum(r["planned"] for r in measures)
    total_spent = sum(r["spent"] for r in measures)
    summary_measures = f"{n_started} av {n_measures} tiltak er i gang eller fullført"
    summary_ambitions = ambitions_sentence([a["verdict"] for a in ambitions])
    if any(r["reported_in_year"] for r in measures):
        money = f"I {year} var det satt av {format_money(total_planned)} til tiltakene, og det er brukt {format_money(total_spent)}."
    else:
        money = f"I {year} var det satt av {format_money(total_planned)} til tiltakene; bruken er ikke rapportert."
    return {
        "measures": n_measures,
        "started": n_started,
        "ambitions": n_ambitions,
        "on_track": n_on_track,
        "text": f"{summary_measures}; {summary_ambitions}." if n_ambitions else f"{summary_measures}.",
        "measures_text": summary_measures + ".",
        "ambitions_text": summary_ambitions + ".",
        "planned": total_planned,
        "spent": total_spent,
        "money_text": money,
        "no_data": sum(a["verdict"] == NO_DATA for a in ambitions),
        "not_measured": sum(a["verdict"] == NOT_MEASURED for a in ambitions),
    }


def ambitions_sentence(verdicts: Sequence[str]) -> str:
    """«1 av 6 ambisjoner er i rute, 2 er ikke i rute, 2 har for få målinger og 1 er ikke målt
    ennå»: every ambition counted once, those without measurements apart."""
    n = len(verdicts)
    counts = {v: sum(x == v for x in verdicts) for v in (ON_TRACK, OFF_TRACK, NO_DATA, NOT_MEASURED)}
    if counts[NOT_MEASURED] == n:
        return "ingen av ambisjonene er målt ennå" if n > 1 else "ambisjonen er ikke målt ennå"
    parts = [f"{counts[ON_TRACK]} av {n} {'ambisjon' if n == 1 else 'ambisjoner'} er i rute"]
    for verdict, words in (
        (OFF_TRACK, "er ikke i rute"),
        (NO_DATA, "har for få målinger til å vurderes"),
        (NOT_MEASURED, "er ikke målt ennå"),
    ):
        if counts[verdict]:
            parts.append(f"{counts[verdict]} {words}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def _measured(m: Measurement | None) -> str:
    return f"{format_number(m.value)} ({m.year})" if m is not None else "mangler"


def _target_words(a: Ambition) -> str:
    direction = getattr(a, "direction", None)
    relative = getattr(a, "relative_target", None)
    return " / ".join(x for x in (direction, relative) if x) or "mangler"


def project_ambition(ambition: Ambition, values: Sequence[tuple[int, float]], year: int) -> Projection:
    return project(ambition, values, year)


def _signed(n: int) -> str:
    if n == 0:
        return "0"
    return ("+" if n > 0 else MINUS) + format_number(abs(n)) + NBSP + "kr"
