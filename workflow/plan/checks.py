"""Checks across the parts of a validated plan: ids, references, years; advisory warnings.

Pure functions: each takes the model and a ``locate(path, message, warning=...)`` callback
that turns a data path into a located Problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workflow.errors import Problem
from workflow.plan.model import FOCUS_KEY, NEW_ROUND, Plan, Process

Locate = Callable[..., Problem]
MIN_YEARS, MAX_YEARS = 4, 8


def check_plan(plan: Plan, locate: Locate, elsewhere: frozenset[str] = frozenset()) -> list[Problem]:
    """Errors and warnings across the plan. ``elsewhere``: ids defined in parts that could not
    be validated; references to them are not reported."""
    problems: list[Problem] = []
    period = plan.period
    length = period.end - period.start
    if not MIN_YEARS <= length <= MAX_YEARS:
        problems.append(
            locate(("periode", "til"), f"perioden {period.start}–{period.end} er {length} år; en plan skal gjelde {MIN_YEARS} til {MAX_YEARS} år")
        )

    # Every id once in the whole plan.
    first: dict[str, tuple] = {}
    item: Any  # a focus area or one of its parts: all have an id
    goals: set[str] = set()
    strategies: set[str] = set()
    for i, area in enumerate(plan.focus_areas):
        for key, items in (("", (area,)), ("mål", area.goals), ("ambisjoner", area.ambitions), ("strategier", area.strategies), ("tiltak", area.measures)):
            for j, item in enumerate(items):
                path = (FOCUS_KEY, i, "id") if not key else (FOCUS_KEY, i, key, j, "id")
                if item.id in first:
                    problems.append(locate(path, f"id-en «{item.id}» er brukt før (linje {locate(first[item.id], '').line})"))
                else:
                    first[item.id] = path
        goals.update(g.id for g in area.goals)
        strategies.update(s.id for s in area.strategies)

    served_goals: set[str] = set()
    carried: set[str] = set()
    for i, area in enumerate(plan.focus_areas):
        for j, strategy in enumerate(area.strategies):
            for k, ref in enumerate(strategy.goals):
                served_goals.add(ref)
                if ref not in goals and ref not in elsewhere:
                    problems.append(locate((FOCUS_KEY, i, "strategier", j, "mål", k), f"strategien viser til målet «{ref}», som ikke finnes"))
        for j, ambition in enumerate(area.ambitions):
            base = (FOCUS_KEY, i, "ambisjoner", j)
            if ambition.target.year not in period.years:
                problems.append(locate(base + ("målverdi", "år"), f"målåret {ambition.target.year} ligger utenfor planperioden {period.start}–{period.end}"))
            if ambition.baseline.year > ambition.target.year:
                problems.append(locate(base + ("utgangspunkt", "år"), "utgangsåret kan ikke ligge etter målåret"))
            for k, point in enumerate(ambition.data_points):
                if not ambition.baseline.year <= point.year <= period.end:
                    problems.append(locate(base + ("datapunkter", k, "år"), f"året {point.year} ligger utenfor {ambition.baseline.year}–{period.end}"))
            if not ambition.source:
                problems.append(locate(base, f"ambisjonen «{ambition.id}» har ingen kilde", warning=True))
        for j, measure in enumerate(area.measures):
            base = (FOCUS_KEY, i, "tiltak", j)
            for field, year in (("fra", measure.start), ("til", measure.end)):
                if year not in period.years:
                    problems.append(locate(base + (field,), f"året {year} ligger utenfor planperioden {period.start}–{period.end}"))
            if measure.start > measure.end:
                problems.append(locate(base + ("til",), f"tiltaket slutter ({measure.end}) før det starter ({measure.start})"))
            for k, ref in enumerate(measure.strategies):
                carried.add(ref)
                if ref not in strategies and ref not in elsewhere:
                    problems.append(locate(base + ("strategier", k), f"tiltaket viser til strategien «{ref}», som ikke finnes"))
            if not measure.strategies:
                problems.append(locate(base, f"tiltaket «{measure.id}» gjennomfører ingen strategi", warning=True))

    for i, area in enumerate(plan.focus_areas):
        for j, goal in enumerate(area.goals):
            if goal.id not in served_goals:
                problems.append(locate((FOCUS_KEY, i, "mål", j), f"ingen strategi tjener målet «{goal.id}»", warning=True))
        for j, strategy in enumerate(area.strategies):
            if strategy.id not in carried:
                problems.append(locate((FOCUS_KEY, i, "strategier", j), f"ingen tiltak gjennomfører strategien «{strategy.id}»", warning=True))
    return problems


def check_process(process: Process, locate: Locate) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, body in enumerate(process.bodies):
        if body.id in seen:
            problems.append(locate(("organer", i, "id"), f"organet «{body.id}» står to ganger"))
        if body.id == NEW_ROUND:
            problems.append(locate(("organer", i, "id"), f"«{NEW_ROUND}» er reservert for nye runder (plan revise)"))
        seen.add(body.id)
    last = len(process.bodies) - 1
    if process.bodies[last].role != "vedtar":
        problems.append(locate(("organer", last, "rolle"), "det siste organet må ha rollen «vedtar»"))
    return problems
