"""The yearly action plan (handlingsplan): rolling it forward, and what changed from last year.

Rolling proposes next year's plan from this year's (or, for the first one, from the strategy's
measures): measures completed or given up by their latest status entry leave, and so do those
that ended before the new year; running and planned ones continue with their current status;
measures of the strategy that are active in the new year and missing are added. The proposal
is a file for the administration to edit (re-cost, delay, add) before the case goes to the
bodies with the budget.

The comparison is the one by meaning (``changes/compare.py``) over two plans that differ only in
their measures: the previous action plan and the new one, each in the strategy's focus areas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from workflow.changes.compare import ADDED, CHANGED, REMOVED, compare, normalize_text
from workflow.followup.status import current, followup_of
from workflow.plan.followup import ActionMeasure, ActionPlan
from workflow.plan.model import Measure, Plan, Project
from workflow.text.norwegian import MINUS, NBSP, format_money, format_number, format_period
from workflow.text.words import followup_text

LEAVING = ("fullført", "utgått")


@dataclass(frozen=True)
class Note:
    id: str
    what: str  # "videreføres" | "nytt" | "avsluttet" | "går ut"
    reason: str


def base_for(project: Project, year: int) -> tuple[ActionPlan | None, tuple[ActionMeasure, ...]]:
    """The plan the action plan for ``year`` is rolled from: last year's action plan when there
    is one, else the strategy's measures that start in ``year`` or earlier."""
    previous = followup_of(project).action_plans.get(year - 1)
    if previous is not None:
        return previous, previous.measures
    return None, tuple(m for m in strategy_measures(project.plan) if m.start <= year)


def strategy_measures(plan: Plan) -> tuple[ActionMeasure, ...]:
    return tuple(
        ActionMeasure.model_validate({**m.model_dump(by_alias=True), "satsingsområde": area.id})
        for area in plan.focus_areas
        for m in area.measures
    )


def roll(project: Project, year: int) -> tuple[ActionPlan, list[Note]]:
    """The proposed action plan for ``year`` and why each measure is in it or not."""
    previous, measures = base_for(project, year)
    day = dt.date(year - 1, 12, 31)  # what is known when the plan is made, in the autumn before
    kept: list[ActionMeasure] = []
    notes: list[Note] = []
    for m in measures:
        now = current(project, m, day)
        if now.status in LEAVING:
            notes.append(Note(m.id, "går ut", f"{now.status} ifølge siste status"))
        elif m.end < year:
            notes.append(Note(m.id, "avsluttet", f"perioden {format_period(m.start, m.end)} er over"))
        else:
            kept.append(m.model_copy(update={"status": now.status}))
            notes.append(Note(m.id, "videreføres", f"status {now.status}"))
    have = {m.id for m in measures}
    for m in strategy_measures(project.plan):
        if m.id in have or m.end < year or m.start > year:
            continue
        now = current(project, m, day)
        if now.status in LEAVING:
            continue
        kept.append(m.model_copy(update={"status": now.status}))
        notes.append(Note(m.id, "nytt", f"starter {m.start} i strategien" if m.start == year else "fra strategien"))
    return ActionPlan(år=year, rullert_fra=previous.year if previous else None, tiltak=kept), notes


def to_yaml(project: Project, plan: ActionPlan, notes: list[Note]) -> str:
    """The proposal as a YAML file, with a header saying how it was made."""
    data: dict[str, Any] = {"år": plan.year}
    if plan.rolled_from is not None:
        data["rullert_fra"] = plan.rolled_from
    data["innledning"] = followup_text(
        project.plan.language,
        f"Handlingsplanen for {plan.year} gjennomfører {project.plan.title} "
        f"{format_period(project.plan.period.start, project.plan.period.end)}. Den behandles sammen med budsjettet "
        f"for {plan.year} og økonomiplanen {format_period(plan.year, plan.year + 3)}.",
    )
    data["tiltak"] = [
        {"id": m.id, "satsingsområde": m.area}
        | {k: v for k, v in m.model_dump(by_alias=True, exclude_none=True).items() if v not in ((), [])}
        for m in plan.measures
    ]
    for item in data["tiltak"]:
        for key in ("samarbeidspartnere", "strategier"):
            if key in item:
                item[key] = list(item[key])
    head = [
        f"# Handlingsplan {plan.year}: forslag laget med «plan handlingsplan rull {plan.year}».",
        "# Rediger fritt (kostnad, fra/til, nye tiltak) før saken behandles.",
        "#",
    ]
    head += [f"# {n.id}: {n.what} ({n.reason})" for n in notes]

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value.strip() else None
        return dumper.represent_scalar(
            "tag:yaml.org,2002:str", value.strip() if style is None else value.strip() + "\n", style=style
        )

    Dumper.add_representer(str, text)
    body = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return "\n".join(head) + "\n" + body


# --- comparison --------------------------------------------------------------------------------


def as_plan(plan: Plan, measures: Sequence[ActionMeasure]) -> Plan:
    """The strategy with ``measures`` in place of its own, each in its focus area."""
    areas = []
    for area in plan.focus_areas:
        own = tuple(
            Measure.model_validate(m.model_dump(by_alias=True, exclude={"area"})) for m in measures if m.area == area.id
        )
        areas.append(area.model_copy(update={"measures": own}))
    return plan.model_copy(update={"focus_areas": tuple(areas)})


def cost_by_year(measures: Sequence[Measure], years: Iterable[int]) -> dict[int, int]:
    return {y: sum(m.cost for m in measures if m.start <= y <= m.end and m.status != "utgått") for y in years}


@dataclass(frozen=True)
class Comparison:
    added: list[dict[str, str]]
    dropped: list[dict[str, str]]
    recosted: list[dict[str, str]]
    delayed: list[dict[str, str]]
    other: list[dict[str, str]]
    cost_rows: list[list[str]]  # år, forrige, ny, endring
    previous_label: str

    def sections(self) -> list[dict[str, Any]]:
        """For the case document: {area, lines} per kind of change, only kinds that occur."""
        out = []
        for title, items in (
            ("Nye tiltak", self.added),
            ("Tiltak som går ut", self.dropped),
            ("Tiltak med endret kostnad", self.recosted),
            ("Tiltak som er forskjøvet", self.delayed),
            ("Andre endringer", self.other),
        ):
            if items:
                out.append({"area": title, "lines": [i["line"] for i in items]})
        return out


def compare_action_plans(project: Project, new: ActionPlan) -> Comparison:
    """What changed from the previous action plan (or the strategy) to ``new``."""
    plan = project.plan
    previous, old_measures = base_for(project, new.year)
    label = f"Handlingsplan {previous.year}" if previous else "Strategien"
    changes = compare(as_plan(plan, old_measures), as_plan(plan, new.measures))
    old = {m.id: m for m in old_measures}
    fresh = {m.id: m for m in new.measures}
    added, dropped, recosted, delayed, other = [], [], [], [], []
    for c in changes:
        if c.type != "tiltak" or c.id is None:
            continue
        if c.kind == ADDED:
            m = fresh[c.id]
            added.append(
                {
                    "id": c.id,
                    "line": f"{c.id} {_short(m.text)} ({format_period(m.start, m.end)}, {format_money(m.cost)} per år).",
                }
            )
        elif c.kind == REMOVED:
            m = old[c.id]
            now = current(project, m, dt.date(new.year - 1, 12, 31))
            why = {"fullført": "fullført", "utgått": "utgått"}.get(now.status) or (
                f"perioden {format_period(m.start, m.end)} er over"
                if m.end < new.year
                else "tatt ut av handlingsplanen"
            )
            dropped.append({"id": c.id, "line": f"{c.id} {_short(m.text)}: {why}."})
        elif c.kind == CHANGED and c.field == "kostnad":
            recosted.append(
                {
                    "id": c.id,
                    "line": f"{c.id}: kostnaden er endret fra {format_money(c.old)} til {format_money(c.new)} per år.",
                }
            )
        elif c.kind == CHANGED and c.field in ("fra", "til") and isinstance(c.old, int) and isinstance(c.new, int):
            word = "start" if c.field == "fra" else "slutt"
            if c.new > c.old:
                delayed.append({"id": c.id, "line": f"{c.id}: {word} er flyttet fra {c.old} til {c.new}."})
            else:
                other.append({"id": c.id, "line": f"{c.id}: {word} er flyttet fram fra {c.old} til {c.new}."})
        elif c.kind == CHANGED and c.field != "status":
            other.append({"id": c.id, "line": f"{c.id}: {c.field} er endret."})
    years = list(new.budget_years)
    before, after = cost_by_year(old_measures, years), cost_by_year(new.measures, years)
    rows = [[str(y), format_money(before[y]), format_money(after[y]), _signed(after[y] - before[y])] for y in years]
    rows.append(
        [
            "Sum",
            format_money(sum(before.values())),
            format_money(sum(after.values())),
            _signed(sum(after.values()) - sum(before.values())),
        ]
    )
    return Comparison(added, dropped, recosted, delayed, other, rows, label)


def _signed(n: int) -> str:
    if n == 0:
        return "0"
    return ("+" if n > 0 else MINUS) + format_number(abs(n)) + NBSP + "kr"


def _short(text: str, limit: int = 80) -> str:
    plain = normalize_text(text).replace("**", "").replace("*", "").split("\n")[0]
    plain = plain.rstrip(":. ")
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"
