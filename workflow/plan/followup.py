"""After adoption: status entries per measure, measured indicator values, yearly action plans.

Layout under ``plan/`` (one file per measure or ambition keeps merges clean)::

    oppfolging/T1.2.yaml      status entries of measure T1.2: a YAML list, oldest first
    oppfolging/A1.1.yaml      measured values of ambition A1.1 (datapunkter): a YAML list
    handlingsplan/2022.yaml   the action plan for 2022 (its own case through the bodies)

A status entry::

    - dato: 2021-10-01
      status: pågår          # planlagt | pågår | fullført | utgått
      andel: 60              # share done, per cent
      brukt: 45000           # kroner spent in the entry's calendar year so far
      kommentar: Kurset er holdt to ganger.
      rapportert_av: Næringskonsulenten    # a role, never a person's name

A measured value of an indicator: ``- år: 2021`` ``verdi: 158`` ``kilde: …`` ``dato: …``.

The rules an entry must follow (``entry_problems``) are shared by the loader and the recording
command ``plan rapporter``: a completed measure is at 100 %, no money is spent on a measure that
has not started, the date lies inside the plan period, spending in a year never goes down.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workflow.errors import Problem
from workflow.plan.sourcemap import ParseFile, SourceMap, problem_from
from workflow.plan.model import (
    Ambition,
    Date,
    Id,
    Markdown,
    Measure,
    Money,
    Number,
    Part,
    Plan,
    Status,
    Text,
    Year,
)

if TYPE_CHECKING:
    from workflow.plan.checks import Locate
    from workflow.plan.source import Source
    from workflow.plan.yamlsafe import Path

FOLLOWUP_DIR = "plan/oppfolging"
ACTION_PLAN_DIR = "plan/handlingsplan"
FOLLOWUP_DIRS = (ACTION_PLAN_DIR, FOLLOWUP_DIR)  # action plans first: their new measures get entries too
_ACTION_FILE = re.compile(r"^plan/handlingsplan/(\d{4})\.ya?ml$")
_FOLLOWUP_FILE = re.compile(r"^plan/oppfolging/([^/]+)\.ya?ml$")
_M = TypeVar("_M", bound=BaseModel)
Share = Annotated[int, Field(ge=0, le=100, description="Andel gjennomført, prosent 0–100")]


class StatusEntry(Part):
    """One dated status report for a measure."""

    date: Date = Field(alias="dato")
    status: Status
    share: Share = Field(0, alias="andel")
    spent: Money = Field(0, alias="brukt", description="Kroner brukt så langt i kalenderåret for datoen")
    comment: Markdown | None = Field(None, alias="kommentar")
    reporter: Text | None = Field(None, alias="rapportert_av", description="Rolle, ikke navn")

    @property
    def year(self) -> int:
        return self.date.year


class IndicatorValue(Part):
    """One measured value of an ambition's indicator, with its source and date."""

    year: Year = Field(alias="år")
    value: Number = Field(alias="verdi")  # the rule for every number in the plan: below 10^15, 15 digits
    source: Text | None = Field(None, alias="kilde")
    date: Date | None = Field(None, alias="dato", description="Når verdien ble hentet eller publisert")


class ActionMeasure(Measure):
    """A measure in a yearly action plan: a measure of the strategy (or a new one) with the
    focus area it belongs to."""

    area: Id = Field(alias="satsingsområde")


class ActionPlan(Part):
    """The action plan (handlingsplan) for one year, carrying out the strategy."""

    year: Year = Field(alias="år")
    rolled_from: Year | None = Field(None, alias="rullert_fra", description="Året planen ble rullert fra")
    introduction: Markdown | None = Field(None, alias="innledning")
    measures: tuple[ActionMeasure, ...] = Field((), alias="tiltak")

    @property
    def budget_years(self) -> range:
        """The four-year økonomiplan period the action plan is treated with."""
        return range(self.year, self.year + 4)


class FollowUp(BaseModel):
    """Everything recorded after adoption, read from one revision."""

    model_config = ConfigDict(frozen=True)

    status: dict[str, tuple[StatusEntry, ...]] = {}  # measure id → entries sorted by date
    indicators: dict[str, tuple[IndicatorValue, ...]] = {}  # ambition id → values sorted by year
    action_plans: dict[int, ActionPlan] = {}  # year → action plan


# --- rules -------------------------------------------------------------------------------------


def find_measure(plan: Plan, measure_id: str, action_plans: Mapping[int, ActionPlan] | None = None) -> Measure | None:
    """The measure with this id in the strategy, or else in an action plan (newest first)."""
    found = next((m for m in plan.all_measures() if m.id == measure_id), None)
    if found is None and action_plans:
        for year in sorted(action_plans, reverse=True):
            found = next((m for m in action_plans[year].measures if m.id == measure_id), None)
            if found is not None:
                break
    return found


def find_ambition(plan: Plan, ambition_id: str) -> Ambition | None:
    return next((a for area in plan.focus_areas for a in area.ambitions if a.id == ambition_id), None)


def unknown_id(plan: Plan, item_id: str) -> str:
    """«ukjent tiltak eller ambisjon «T9.9»» with the nearest id as a hint."""
    known = [m.id for m in plan.all_measures()] + [a.id for area in plan.focus_areas for a in area.ambitions]
    hint = difflib.get_close_matches(item_id, known, n=1, cutoff=0.6)
    message = f"ukjent tiltak eller ambisjon «{item_id}»"
    return message + (
        f" – mente du «{hint[0]}»?"
        if hint
        else f" (tiltakene er {', '.join(known[:8])}{' …' if len(known) > 8 else ''})"
    )


def entry_problems(plan: Plan, entry: StatusEntry, earlier: tuple[StatusEntry, ...] = ()) -> list[tuple[str, str]]:
    """The rules a status entry breaks, as (field, Norwegian message); ``earlier``: the
    measure's entries before it."""
    out: list[tuple[str, str]] = []
    period = plan.period
    if not period.start <= entry.date.year <= period.end:
        out.append(("dato", f"datoen {entry.date.isoformat()} ligger utenfor planperioden {period.start}–{period.end}"))
    if entry.status == "fullført" and entry.share != 100:
        out.append(("andel", f"et fullført tiltak er gjennomført 100 %, ikke {entry.share} % (bruk status «pågår»)"))
    if entry.status == "planlagt" and entry.share > 0:
        out.append(
            ("andel", f"et tiltak som ikke har startet (status «planlagt») kan ikke være {entry.share} % gjennomført")
        )
    if entry.status == "planlagt" and entry.spent > 0:
        out.append(
            (
                "brukt",
                "det kan ikke være brukt penger på et tiltak som ikke har startet (status «planlagt»); bruk status «pågår»",
            )
        )
    same_year = [e for e in earlier if e.date.year == entry.date.year and e.date <= entry.date]
    if same_year and entry.spent < same_year[-1].spent:
        last = same_year[-1]
        out.append(
            (
                "brukt",
                f"brukt i {entry.date.year} kan ikke gå ned: {last.date.isoformat()} var det rapportert {last.spent} kr brukt så langt i året",
            )
        )
    return out


# --- loading (called by plan/load.py) -----------------------------------------------------------


def load_followup(source: Source, parse_file: ParseFile, plan: Plan | None, problems: list[Problem]) -> FollowUp:
    """Read ``plan/oppfolging/`` and ``plan/handlingsplan/`` from ``source``.

    ``parse_file(file, required)`` is the loader's reader (it records the bytes for the plan
    digest). Checks against the plan (ids, the entry rules) run only when the plan itself is valid.
    """
    status: dict[str, tuple[StatusEntry, ...]] = {}
    indicators: dict[str, tuple[IndicatorValue, ...]] = {}
    action_plans: dict[int, ActionPlan] = {}
    files = [f for d in FOLLOWUP_DIRS for f in source.list(d) if f.endswith((".yaml", ".yml"))]
    for file in files:
        parsed = parse_file(file, required=False)
        if parsed is None or parsed.problems:
            continue
        smap = SourceMap()
        smap.add((), file, parsed)
        action = _ACTION_FILE.match(file)
        item = _FOLLOWUP_FILE.match(file)
        if action:
            ap = _read_action_plan(file, int(action.group(1)), parsed.data, smap, plan, problems)
            if ap is not None:
                action_plans[ap.year] = ap
        elif item:
            item_id = item.group(1)
            data = parsed.data if parsed.data is not None else []
            if not isinstance(data, list):
                problems.append(Problem(file, 1, 1, "filen må være en liste (linjer som starter med «- »)"))
                continue
            if plan is None:
                continue
            if find_measure(plan, item_id, action_plans) is not None:
                entries = _read_status(item_id, data, plan, smap, problems)
                if entries is not None:
                    status[item_id] = entries
            elif (ambition := find_ambition(plan, item_id)) is not None:
                values = _read_values(ambition, data, plan, smap, problems)
                if values is not None:
                    indicators[item_id] = values
            else:
                problems.append(Problem(file, 1, 1, "filnavnet er " + unknown_id(plan, item_id)))
        else:
            problems.append(
                Problem(
                    file,
                    1,
                    1,
                    "ukjent fil: oppfølging ligger i oppfolging/TILTAK-ID.yaml og handlingsplan/ÅÅÅÅ.yaml",
                    warning=True,
                )
            )
    return FollowUp(status=status, indicators=indicators, action_plans=action_plans)


def _validated(model: type[_M], data: Any, loc: Path, smap: SourceMap, problems: list[Problem]) -> _M | None:
    """``data`` validated as ``model``, or None with its problems (located under ``loc``) added."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            full = dict(error)
            full["loc"] = (*loc, *error["loc"])
            problems.append(problem_from(model, full, smap))
        return None


def _read_action_plan(
    file: str, year: int, data: Any, smap: SourceMap, plan: Plan | None, problems: list[Problem]
) -> ActionPlan | None:
    """The action plan of ``handlingsplan/ÅÅÅÅ.yaml`` (``year`` from the file name), or None
    when it is not valid; checked against the plan when there is one."""
    if not isinstance(data, dict):
        problems.append(Problem(file, 1, 1, "filen må inneholde en handlingsplan (år, tiltak, …)"))
        return None
    ap = _validated(ActionPlan, data, (), smap, problems)
    if ap is None:
        return None
    if ap.year != year:
        problems.append(smap.problem(("år",), f"året {ap.year} stemmer ikke med filnavnet {file}"))
        return None
    if plan is not None:
        problems.extend(_action_plan_problems(plan, ap, smap.problem))
    return ap


def _read_status(
    item_id: str, data: list[Any], plan: Plan, smap: SourceMap, problems: list[Problem]
) -> tuple[StatusEntry, ...] | None:
    """A measure's status entries sorted by date (each checked against the ones before it), or
    None when one of them is not valid."""
    entries = [_validated(StatusEntry, raw, (i,), smap, problems) for i, raw in enumerate(data)]
    valid = [entry for entry in entries if entry is not None]
    if len(valid) != len(entries):
        return None
    ordered: list[StatusEntry] = []
    for i, entry in sorted(enumerate(valid), key=lambda pair: (pair[1].date, pair[0])):
        for field, message in entry_problems(plan, entry, tuple(ordered)):
            problems.append(smap.problem((i, field), f"tiltak {item_id}: {message}"))
        ordered.append(entry)
    return tuple(ordered)


def _read_values(
    ambition: Ambition, data: list[Any], plan: Plan, smap: SourceMap, problems: list[Problem]
) -> tuple[IndicatorValue, ...] | None:
    """An ambition's measured values sorted by year, or None when one of them is not valid."""
    found = [_validated(IndicatorValue, raw, (i,), smap, problems) for i, raw in enumerate(data)]
    values = [value for value in found if value is not None]
    if len(values) != len(found):
        return None
    first = ambition.baseline.year if ambition.baseline is not None else plan.period.start
    for i, value in enumerate(values):
        if value.year < first or value.year > plan.period.end:
            problems.append(
                smap.problem(
                    (i, "år"),
                    f"året {value.year} ligger utenfor {first}–{plan.period.end} (utgangsåret til slutten av planperioden)",
                )
            )
    return tuple(sorted(values, key=lambda v: v.year))


def _action_plan_problems(plan: Plan, ap: ActionPlan, located: Locate) -> list[Problem]:
    out: list[Problem] = []
    period = plan.period
    if ap.year not in period.years:
        out.append(located(("år",), f"året {ap.year} ligger utenfor planperioden {period.start}–{period.end}"))
    areas = {a.id for a in plan.focus_areas}
    strategies = {s.id for area in plan.focus_areas for s in area.strategies}
    seen: set[str] = set()
    for i, m in enumerate(ap.measures):
        if m.id in seen:
            out.append(located(("tiltak", i, "id"), f"tiltaket «{m.id}» står to ganger i handlingsplanen"))
        seen.add(m.id)
        if m.area not in areas:
            out.append(located(("tiltak", i, "satsingsområde"), f"satsingsområdet «{m.area}» finnes ikke i planen"))
        for k, ref in enumerate(m.strategies):
            if ref not in strategies:
                out.append(
                    located(("tiltak", i, "strategier", k), f"tiltaket viser til strategien «{ref}», som ikke finnes")
                )
        if m.end < m.start:
            out.append(located(("tiltak", i, "til"), "sluttåret kan ikke ligge før startåret"))
        elif m.end < ap.year:
            out.append(located(("tiltak", i, "til"), f"tiltaket slutter i {m.end}, før handlingsplanåret {ap.year}"))
    return out
