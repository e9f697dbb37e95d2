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

This module is the files' schema: the models and the rules a valid file keeps. The files are
read by ``plan/load.py`` (the one reader of the plan files, into ``project.followup``); the
follow-up's logic is in ``workflow/followup/``, its edges in ``app/followup.py``.

The rules an entry must follow (``entry_problems``) are shared by the loader and the recording
command ``plan rapporter``: a completed measure is at 100 %, no money is spent on a measure that
has not started, the date lies inside the plan period, spending in a year never goes down.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field

from workflow.errors import Problem
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

FOLLOWUP_DIR = "plan/oppfolging"
ACTION_PLAN_DIR = "plan/handlingsplan"
FOLLOWUP_DIRS = (ACTION_PLAN_DIR, FOLLOWUP_DIR)  # action plans first: their new measures get entries too
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


def value_years(plan: Plan, ambition: Ambition) -> range:
    """The years a measured value of ``ambition`` may have: from its baseline year (else the
    plan period's start) to the end of the plan period."""
    first = ambition.baseline.year if ambition.baseline is not None else plan.period.start
    return range(first, plan.period.end + 1)


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


def action_plan_problems(plan: Plan, ap: ActionPlan, located: Locate) -> list[Problem]:
    """The rules an action plan breaks against the plan: its year in the plan period, known
    focus areas and strategies, each measure once, its years in order and not ended before
    the year."""
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
