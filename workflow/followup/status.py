"""Where each measure stands: the latest status entry up to a date, money planned and spent.

Pure functions over one ``Project`` (its plan and its ``followup``). Definitions:

* the **current status** of a measure on a day is its latest entry dated on or before that day;
  without one, the status written in the plan (``status:``), at 100 % when «fullført»;
* **spent in a year** is the ``brukt`` of the measure's latest entry in that calendar year
  (entries report money spent so far in their year);
* **planned in a year** is the measure's yearly cost in that year's action plan when there is
  one, otherwise in the strategy, when the year lies within the measure's years and the
  measure is not given up («utgått»).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from workflow.plan.followup import FollowUp, StatusEntry
from workflow.plan.model import Measure, Project


def followup_of(project: Project) -> FollowUp:
    return project.followup if isinstance(project.followup, FollowUp) else FollowUp()


@dataclass(frozen=True)
class Current:
    status: str
    share: int
    entry: StatusEntry | None  # None: no entry yet, the plan's own status


def entries_until(project: Project, measure_id: str, day: dt.date | None = None) -> tuple[StatusEntry, ...]:
    entries = followup_of(project).status.get(measure_id, ())
    return entries if day is None else tuple(e for e in entries if e.date <= day)


def current(project: Project, measure: Measure, day: dt.date | None = None) -> Current:
    entries = entries_until(project, measure.id, day)
    if entries:
        last = entries[-1]
        return Current(last.status, last.share, last)
    return Current(measure.status, 100 if measure.status == "fullført" else 0, None)


def spent_in_year(project: Project, measure_id: str, year: int) -> int:
    entries = [e for e in followup_of(project).status.get(measure_id, ()) if e.date.year == year]
    return entries[-1].spent if entries else 0


def planned_measure(project: Project, measure_id: str, year: int) -> Measure | None:
    """The measure as planned for ``year``: from that year's action plan when there is one."""
    action = followup_of(project).action_plans.get(year)
    if action is not None:
        return next((m for m in action.measures if m.id == measure_id), None)
    return next((m for m in project.plan.all_measures() if m.id == measure_id), None)


def planned_in_year(project: Project, measure_id: str, year: int) -> int:
    m = planned_measure(project, measure_id, year)
    if m is None or m.status == "utgått" or not m.start <= year <= m.end:
        return 0
    return m.cost


def planned_lookup(project: Project) -> Callable[[str, int], int]:
    """``planned_in_year`` for many measures at once: the measures indexed once per year."""
    strategy = {m.id: m for m in project.plan.all_measures()}
    plans = {y: {m.id: m for m in ap.measures} for y, ap in followup_of(project).action_plans.items()}

    def planned(measure_id: str, year: int) -> int:
        m = plans.get(year, strategy).get(measure_id)
        if m is None or m.status == "utgått" or not m.start <= year <= m.end:
            return 0
        return m.cost

    return planned


def measures_in_year(project: Project, year: int) -> list[tuple[str, Measure]]:
    """(focus area id, measure) for every measure the report for ``year`` covers: the year's
    action plan when there is one, otherwise the strategy's measures; plus any measure with a
    status entry in the year that the list lacks."""
    plan = project.plan
    action = followup_of(project).action_plans.get(year)
    found: list[tuple[str, Measure]]
    if action is not None:
        found = [(m.area, m) for m in action.measures]
    else:
        found = [(area.id, m) for area in plan.focus_areas for m in area.measures]
    have = {m.id for _, m in found}
    for area in plan.focus_areas:
        for m in area.measures:
            if m.id not in have and any(e.date.year == year for e in followup_of(project).status.get(m.id, ())):
                found.append((area.id, m))
    return found
