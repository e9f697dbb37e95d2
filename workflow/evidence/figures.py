"""Plan data → ``Chart``s: the situation analysis's figures and tables from the snapshots, and
each ambition's indicator chart. Pure: nothing is drawn here (see ``charts.render_png``).

The plan was validated on load (``plan/situation.py``): every snapshot, dimension and code a
figure names exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from workflow.evidence.charts import Chart, label_lines
from workflow.plan.statistics import Snapshot, cited_tables
from workflow.text.norwegian import DASH, format_date, format_number, join_words
from workflow.text.words import DIRECTION_KEY, followup_text, word
from workflow.text.wording import label_in_text

if TYPE_CHECKING:
    from workflow.plan.model import Ambition
    from workflow.plan.situation import Figure, Table

TOTAL_LABELS = ("i alt", "alle", "total")
TOTAL_CODES = ("00-99", "0", "000", "TOT", "Total")


def source_line(snapshot: Snapshot) -> str:
    """«Kilde: SSB, tabell 07459, oppdatert 20. februar 2025» (the date in Norwegian)."""
    updated = f", oppdatert {norwegian_day(snapshot.updated)}" if snapshot.updated else ""
    return f"Kilde: {snapshot.source}, tabell {snapshot.table}{updated}"


def norwegian_day(stamp: str) -> str:
    """An ISO date or timestamp («2025-02-20T08:00:00Z») as «20. februar 2025»; as given when
    it is not a date."""
    try:
        return format_date(dt.date.fromisoformat(stamp[:10]))
    except ValueError:
        return stamp


def _kind(kind: str) -> str:
    return {"linje": "line", "søyle": "bar", "liggende søyle": "barh"}[kind]


def figure_chart(figure: Figure, snapshot: Snapshot) -> Chart:
    """A figure of the situation analysis (``situation.Figure``) as a chart."""
    along = figure.along or snapshot.time
    dim = snapshot.dimension(along)
    shown = [c for c in dim.codes if c not in figure.leave_out]
    categories = tuple(dim.label_of(c) for c in shown)
    series = []
    for serie in figure.series:
        values = tuple(v for code, _, v in snapshot.along(along, dict(serie.select)) if code in shown)
        series.append((serie.name or _series_name(snapshot, serie.select), values))
    kind = _kind(figure.kind)
    unit = figure.unit or _unit(snapshot)
    description = figure.description or describe(kind, figure.title, categories, series, unit)
    height = (
        8.0 if kind != "barh" else max(6.0, 2.4 + 0.45 * label_lines(categories) + 0.2 * len(categories) * len(series))
    )
    return Chart(
        kind=kind,
        title=figure.title,
        categories=categories,
        series=tuple(series),
        source=source_line(snapshot),
        description=description,
        unit=unit,
        illustrative=snapshot.illustrative,
        height_cm=round(height, 1),
        caption=f"{figure.title}. {source_line(snapshot)}."
        + (" Illustrasjon – oppdater med plan data hent." if snapshot.illustrative else ""),
    )


def table_rows(table: Table, snapshot: Snapshot) -> dict[str, Any]:
    """A table of the situation analysis as header and rows of formatted text."""
    dim = snapshot.dimension(table.rows)
    columns = [c.name or _series_name(snapshot, c.select) for c in table.columns]
    values = [snapshot.along(table.rows, dict(c.select)) for c in table.columns]
    rows = []
    for i, code in enumerate(dim.codes):
        rows.append(
            {
                "label": dim.label_of(code),
                "cells": [DASH if col[i][2] is None else format_number(col[i][2]) for col in values],
            }
        )
    return {
        "id": table.id,
        "title": table.title,
        "header": [dim.label[:1].upper() + dim.label[1:], *columns],
        "columns": columns,
        "rows": rows,
        "source": source_line(snapshot)
        + (". Illustrasjon – oppdater med plan data hent" if snapshot.illustrative else ""),
    }


def _series_name(snapshot: Snapshot, select: dict) -> str:
    parts = []
    for dim_id, code in select.items():
        dim = snapshot.dimension(dim_id)
        if dim is not None and len(dim.codes) > 1:
            parts.append(dim.label_of(code))
    return ", ".join(parts) or snapshot.title


def _unit(snapshot: Snapshot) -> str | None:
    contents = snapshot.dimension("ContentsCode")
    if contents is None:
        return None
    unit = snapshot.data.get("dimension", {}).get("ContentsCode", {}).get("category", {}).get("unit", {})
    first = unit.get(contents.codes[0]) if isinstance(unit, dict) else None
    base = first.get("base") if isinstance(first, dict) else None
    return base if isinstance(base, str) else None


def describe(
    kind: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit: str | None,
) -> str:
    """Alt text from the numbers: what is drawn and what it shows."""
    what = {
        "line": "Linjediagram",
        "bar": "Søylediagram",
        "barh": "Liggende søylediagram",
        "indicator": "Indikatordiagram",
    }[kind]
    unit_text = f" ({unit})" if unit else ""
    parts = [f"{what}: {title}{unit_text}."]
    for name, values in series[:4]:
        known = [(c, v) for c, v in zip(categories, values) if v is not None]
        if not known:
            continue
        if kind == "line":
            (c0, v0), (c1, v1) = known[0], known[-1]
            parts.append(f"{name}: {format_number(v0)} i {c0} og {format_number(v1)} i {c1}.")
        else:
            top = sorted(known, key=lambda cv: -cv[1])
            ranked = top[:3]
            listing = join_words([f"{c} {format_number(v)}" for c, v in ranked])
            parts.append(f"{name}: størst er {listing}." if len(series) > 1 else f"Størst er {listing}.")
    return " ".join(parts)


# --- ambitions ----------------------------------------------------------------------------------


def ambition_series(
    ambition: Ambition, snapshots: Iterable[Snapshot], municipality_number: str
) -> tuple[Snapshot, list[tuple[str, float]]] | None:
    """The measured values of an ambition from the snapshot of the SSB table its «kilde» cites:
    the municipality's series, totals for the other dimensions. None when no snapshot or no
    single series fits."""
    for table in cited_tables(ambition.source):
        for snapshot in snapshots:
            if snapshot.table != table or snapshot.time is None:
                continue
            select = {}
            ok = True
            for dim in snapshot.dimensions:
                if dim.id == snapshot.time or len(dim.codes) == 1:
                    continue
                if dim.id == snapshot.geo and municipality_number in dim.codes:
                    select[dim.id] = municipality_number
                    continue
                total = next(
                    (c for c in dim.codes if c in TOTAL_CODES or dim.label_of(c).lower().startswith(TOTAL_LABELS)), None
                )
                if total is None:
                    ok = False
                    break
                select[dim.id] = total
            if ok and (
                snapshot.geo is None or snapshot.geo in select or len(snapshot.dimension(snapshot.geo).codes) == 1
            ):
                geo = snapshot.dimension(snapshot.geo) if snapshot.geo else None
                if geo is not None and len(geo.codes) == 1 and geo.codes[0] != municipality_number:
                    continue
                points = [
                    (code, v)
                    for code, _, v in snapshot.along(snapshot.time, select)
                    if v is not None and code.isdigit()
                ]
                if points:
                    return snapshot, points
    return None


def indicator_chart(
    ambition: Ambition, snapshots: Sequence[Snapshot] = (), municipality_number: str = "", language: str = "bokmål"
) -> Chart | None:
    """Baseline, measured values and the target of one ambition; None without data (no
    measured values in the plan and no snapshot of the cited table).

    The baseline and the target value are optional (issue 11): a target that is not a number
    — a relative target («+0,8 % per år», «bedre enn snittet i KOSTRA-gruppe 11») or a
    direction («økende») — is written in words on the chart, beside the star when there is
    a target value too. ``language``: the plan's målform, for the direction's word."""
    points, source, illustrative = _measured(ambition, snapshots, municipality_number)
    if not points:
        return None
    baseline = getattr(ambition, "baseline", None)
    target = getattr(ambition, "target", None)
    baseline_pair = _pair(baseline)
    target_pair = _pair(target)
    if baseline_pair is not None:
        points.setdefault(baseline_pair[0], baseline_pair[1])
    years = tuple(sorted(points, key=int))
    values = tuple(points[y] for y in years)
    target_text = _target_in_words(ambition, target, target_pair, language)
    title = f"{ambition.id}: {ambition.indicator}"
    return Chart(
        kind="indicator",
        title=title if len(title) <= 80 else title[:79] + "…",
        categories=years,
        series=(("Målt", values),),
        source=followup_text(language, source),
        description=_indicator_description(ambition, baseline_pair, (years[-1], values[-1]), target_pair, target_text),
        unit=ambition.unit,
        illustrative=illustrative,
        baseline=baseline_pair,
        target=target_pair,
        target_text=target_text,
        height_cm=6.5,
        caption=followup_text(
            language, f"Figur: utviklingen for {label_in_text(ambition.indicator.rstrip('.'))} mot målet. {source}."
        )
        + (" Illustrasjon – oppdater med plan data hent." if illustrative else ""),
    )


def _measured(
    ambition: Ambition, snapshots: Sequence[Snapshot], municipality_number: str
) -> tuple[dict[str, float], str, bool]:
    """({year: value} measured, the source line, whether the values are illustrative): from the
    snapshot of the cited table, then the plan's own data points."""
    found = ambition_series(ambition, snapshots, municipality_number) if snapshots else None
    points: dict[str, float] = {}
    source = f"Kilde: {ambition.source}" if ambition.source else "Kilde: ikke oppgitt"
    illustrative = False
    if found is not None:
        snapshot, measured = found
        points.update(measured)
        source = source_line(snapshot)
        illustrative = snapshot.illustrative
    for point in ambition.data_points:
        points[str(point.year)] = point.value
    return points, source, illustrative


def _target_in_words(
    ambition: Ambition, target: object, target_pair: tuple[str, float] | None, language: str
) -> str | None:
    """The target in words: a target value that is not a number, the relative target and the
    direction, joined with «; »; None when there is none of these."""
    in_words = []
    if target_pair is None and target is not None:  # a target value that is not a number
        in_words.append(str(getattr(target, "text", None) or getattr(target, "value", None) or target))
    if getattr(ambition, "relative_target", None):
        in_words.append(" ".join(str(ambition.relative_target).split()))
    direction = getattr(ambition, "direction", None)
    if direction:
        in_words.append(word(language, DIRECTION_KEY[direction]) if direction in DIRECTION_KEY else str(direction))
    return "; ".join(in_words) or None


def _indicator_description(
    ambition: Ambition,
    baseline_pair: tuple[str, float] | None,
    last: tuple[str, float],
    target_pair: tuple[str, float] | None,
    target_text: str | None,
) -> str:
    """The indicator chart's alt text: baseline, the last measurement (``last``), the target."""
    last_year, last_value = last
    words = [f"Indikatordiagram for ambisjonen {ambition.id}, {ambition.indicator} ({ambition.unit})."]
    if baseline_pair is not None:
        words.append(f"Utgangspunkt {format_number(baseline_pair[1])} i {baseline_pair[0]}.")
    words.append(f"Siste måling {format_number(last_value)} i {last_year}.")
    if target_pair is not None:
        words.append(f"Målet er {format_number(target_pair[1])} i {target_pair[0]}.")
    if target_text:
        words.append(f"Målet{' også' if target_pair is not None else ''}: {target_text}.")
    return " ".join(words)


def _pair(measurement: object) -> tuple[str, float] | None:
    """(year, value) of a measurement whose value is a number; None otherwise."""
    if measurement is None:
        return None
    value = getattr(measurement, "value", None)
    year = getattr(measurement, "year", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and isinstance(year, int):
        return (str(year), float(value))
    return None
