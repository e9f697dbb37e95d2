"""Checks across the parts of a validated plan: ids, references, years; advisory warnings.

Pure functions: each takes the model and a ``locate(path, message, warning=...)`` callback
that turns a data path into a located Problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workflow.errors import Problem
from workflow.plan.model import FOCUS_KEY, Ambition, Measure, Plan, Process
from workflow.plan.numbers import SUM_LIMIT

Locate = Callable[..., Problem]
# The plan period, counted inclusively (2024–2027 is four years): the allowed span, and the
# span outside which a warning is given, unless the plan sets its own (``periodelengde``).
# The usual span ends at nine calendar years: a plan «2020–2028» (Os) is what its authors call
# an eight-year perspective, and counted inclusively it covers nine calendar years.
MIN_YEARS, MAX_YEARS = 4, 12
USUAL_MIN, USUAL_MAX = 4, 9


def _period_problems(plan: Plan, locate: Locate) -> list[Problem]:
    period = plan.period
    length = period.end - period.start + 1
    span = f"perioden {period.start}–{period.end} er {length} år"
    policy = plan.period_policy
    if period.end < period.start:
        return [locate(("periode", "til"), f"perioden slutter ({period.end}) før den starter ({period.start})")]
    if policy is not None:
        if not policy.min_years <= length <= policy.max_years:
            return [
                locate(
                    ("periode", "til"),
                    f"{span}; planen skal gjelde {policy.min_years} til {policy.max_years} år (periodelengde)",
                )
            ]
        return []
    if not MIN_YEARS <= length <= MAX_YEARS:
        return [
            locate(
                ("periode", "til"),
                f"{span}; en plan skal gjelde {MIN_YEARS} til {MAX_YEARS} år (eller sett periodelengde i plan.yaml)",
            )
        ]
    if not USUAL_MIN <= length <= USUAL_MAX:
        return [
            locate(
                ("periode", "til"),
                f"{span}; de fleste planer gjelder {USUAL_MIN} til {USUAL_MAX} kalenderår (sett periodelengde i plan.yaml for å godta det)",
                warning=True,
            )
        ]
    return []


def _where(locate: Locate, path: tuple) -> str:
    found = locate(path, "")
    return f"{found.file}:{found.line}" if found.line else found.file


def check_plan(plan: Plan, locate: Locate, elsewhere: frozenset[str] = frozenset()) -> list[Problem]:
    """Errors and warnings across the plan. ``elsewhere``: ids defined in parts that could not
    be validated; references to them are not reported."""
    problems: list[Problem] = _period_problems(plan, locate)
    problems.extend(_duplicate_ids(plan, locate))
    goals = {g.id for area in plan.focus_areas for g in area.goals}
    goals.update(sub.id for area in plan.focus_areas for g in area.goals for sub in g.sub_goals)
    strategies = {s.id for area in plan.focus_areas for s in area.strategies}
    if not goals and plan.main_goal is None and not elsewhere:
        problems.append(
            locate(
                (FOCUS_KEY,), "planen har ingen mål: et satsingsområde må ha minst ett mål (eller planen et hovedmål)"
            )
        )
    if plan.main_goal is not None:
        for j, indicator in enumerate(plan.main_goal.indicators):
            problems.extend(_ambition_problems(indicator, ("hovedmål", "indikatorer", j), plan, locate))
    problems.extend(_cost_problems(plan, locate))
    for i, area in enumerate(plan.focus_areas):
        for j, strategy in enumerate(area.strategies):
            for k, ref in enumerate(strategy.goals):
                if ref not in goals and ref not in elsewhere:
                    problems.append(
                        locate(
                            (FOCUS_KEY, i, "strategier", j, "mål", k),
                            f"strategien viser til målet «{ref}», som ikke finnes",
                        )
                    )
        for j, ambition in enumerate(area.ambitions):
            problems.extend(_ambition_problems(ambition, (FOCUS_KEY, i, "ambisjoner", j), plan, locate))
        for j, measure in enumerate(area.measures):
            problems.extend(
                _measure_problems(measure, (FOCUS_KEY, i, "tiltak", j), plan, strategies, elsewhere, locate)
            )
    problems.extend(_coverage_warnings(plan, locate))
    return problems


def _duplicate_ids(plan: Plan, locate: Locate) -> list[Problem]:
    """Every id once in the whole plan: an id used before is reported where it is used again."""
    problems: list[Problem] = []
    first: dict[str, tuple] = {}
    item: Any  # a focus area or one of its parts: all have an id

    def once(item_id: str, path: tuple) -> None:
        if item_id in first:
            problems.append(locate(path, f"id-en «{item_id}» er brukt før ({_where(locate, first[item_id])})"))
        else:
            first[item_id] = path

    if plan.main_goal is not None:
        once(plan.main_goal.id, ("hovedmål", "id"))
        for j, indicator in enumerate(plan.main_goal.indicators):
            once(indicator.id, ("hovedmål", "indikatorer", j, "id"))
    for i, area in enumerate(plan.focus_areas):
        for key, items in (
            ("", (area,)),
            ("mål", area.goals),
            ("ambisjoner", area.ambitions),
            ("strategier", area.strategies),
            ("tiltak", area.measures),
        ):
            for j, item in enumerate(items):
                path = (FOCUS_KEY, i, "id") if not key else (FOCUS_KEY, i, key, j, "id")
                once(item.id, path)
                for k, sub in enumerate(getattr(item, "sub_goals", ()) if key == "mål" else ()):
                    once(sub.id, (FOCUS_KEY, i, "mål", j, "delmål", k, "id"))
    return problems


def _cost_problems(plan: Plan, locate: Locate) -> list[Problem]:
    """The sum of the costs must fit the documents' numbers: reported once, at the measure
    where the running total first reaches the limit."""
    total = 0
    for i, area in enumerate(plan.focus_areas):
        for j, measure in enumerate(area.measures):
            total += measure.cost * (measure.end - measure.start + 1)
            if total >= SUM_LIMIT:
                return [
                    locate(
                        (FOCUS_KEY, i, "tiltak", j, "kostnad"), "summen av kostnadene blir for stor (høyst 18 sifre)"
                    )
                ]
    return []


def _measure_problems(
    measure: Measure, base: tuple, plan: Plan, strategies: set[str], elsewhere: frozenset[str], locate: Locate
) -> list[Problem]:
    """A measure's years inside the period and in order; its strategies exist."""
    period = plan.period
    problems: list[Problem] = []
    for field, year in (("fra", measure.start), ("til", measure.end)):
        if year not in period.years:
            problems.append(
                locate(base + (field,), f"året {year} ligger utenfor planperioden {period.start}–{period.end}")
            )
    if measure.start > measure.end:
        problems.append(locate(base + ("til",), f"tiltaket slutter ({measure.end}) før det starter ({measure.start})"))
    for k, ref in enumerate(measure.strategies):
        if ref not in strategies and ref not in elsewhere:
            problems.append(locate(base + ("strategier", k), f"tiltaket viser til strategien «{ref}», som ikke finnes"))
    if not measure.strategies and strategies:
        problems.append(locate(base, f"tiltaket «{measure.id}» gjennomfører ingen strategi", warning=True))
    return problems


def _coverage_warnings(plan: Plan, locate: Locate) -> list[Problem]:
    """Warnings: a goal no strategy serves, a strategy no measure carries out (each only when
    the plan has strategies, respectively measures, at all)."""
    served_goals = {ref for area in plan.focus_areas for s in area.strategies for ref in s.goals}
    carried = {ref for area in plan.focus_areas for m in area.measures for ref in m.strategies}
    has_strategies = any(area.strategies for area in plan.focus_areas)
    has_measures = any(area.measures for area in plan.focus_areas)
    problems: list[Problem] = []
    for i, area in enumerate(plan.focus_areas):
        for j, goal in enumerate(area.goals):
            if has_strategies and goal.id not in served_goals:
                problems.append(
                    locate((FOCUS_KEY, i, "mål", j), f"ingen strategi tjener målet «{goal.id}»", warning=True)
                )
        for j, strategy in enumerate(area.strategies):
            if has_measures and strategy.id not in carried:
                problems.append(
                    locate(
                        (FOCUS_KEY, i, "strategier", j),
                        f"ingen tiltak gjennomfører strategien «{strategy.id}»",
                        warning=True,
                    )
                )
    return problems


def _ambition_problems(ambition: Ambition, base: tuple, plan: Plan, locate: Locate) -> list[Problem]:
    period = plan.period
    problems: list[Problem] = []
    target, baseline = ambition.target, ambition.baseline
    if target is not None and target.year not in period.years:
        problems.append(
            locate(
                base + ("målverdi", "år"),
                f"målåret {target.year} ligger utenfor planperioden {period.start}–{period.end}",
            )
        )
    if baseline is not None and target is not None and baseline.year > target.year:
        problems.append(locate(base + ("utgangspunkt", "år"), "utgangsåret kan ikke ligge etter målåret"))
    first_year = baseline.year if baseline is not None else None
    for k, point in enumerate(ambition.data_points):
        if point.year > period.end or (first_year is not None and point.year < first_year):
            problems.append(
                locate(
                    base + ("datapunkter", k, "år"),
                    f"året {point.year} ligger utenfor {first_year or ''}–{period.end}".replace(" –", " til og med "),
                )
            )
    if not ambition.source:
        problems.append(locate(base, f"ambisjonen «{ambition.id}» har ingen kilde", warning=True))
    return problems


def check_joint_process(plan: Plan, process: Process, locate: Locate) -> list[Problem]:
    """A body's ``kommune`` names one of the plan's municipalities; a joint plan gives each
    municipality a body that adopts."""
    members = [m.name for m in plan.municipality.members]
    problems = []
    for i, body in enumerate(process.bodies):
        if body.municipality is not None and body.municipality not in members:
            known = ", ".join(members) or "ingen (sett kommune.kommuner i plan.yaml)"
            problems.append(
                locate(("organer", i, "kommune"), f"«{body.municipality}» er ikke en av planens kommuner: {known}")
            )
    if plan.municipality.type == "felles":
        for name in members:
            if not any(b.role == "vedtar" and b.municipality == name for b in process.bodies):
                problems.append(
                    locate(
                        ("organer",),
                        f"en felles plan trenger et organ med rollen «vedtar» for {name} (kommune: {name})",
                    )
                )
    return problems
