"""One rule for costs per year, on the model: the documents, the change sentences and the diff
summary all use ``Plan.costs_per_year``."""

from __future__ import annotations

from pathlib import Path

from workflow.changes.compare import compare, summarize
from workflow.changes.sentences import case_sections
from workflow.documents.context import cost_overview


def _project():
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    return load_project(WorkTree(Path(__file__).resolve().parents[2]))[0]


def _with_status(plan, measure_id: str, status: str):
    areas = []
    for area in plan.focus_areas:
        measures = tuple(m.model_copy(update={"status": status}) if m.id == measure_id else m for m in area.measures)
        areas.append(area.model_copy(update={"measures": measures}))
    return plan.model_copy(update={"focus_areas": tuple(areas)})


def test_dropped_measures_cost_nothing_everywhere():
    plan = _project().plan
    measure = next(m for m in plan.all_measures() if m.cost and m.status != "utgått")
    dropped = _with_status(plan, measure.id, "utgått")
    assert measure.counts_in_costs and not dropped.costs_per_year() == plan.costs_per_year()
    for year in measure.years:
        assert plan.costs_per_year()[year] - dropped.costs_per_year().get(year, 0) == measure.cost
    assert sum(plan.costs_per_year(a.id)[y] for a in plan.focus_areas for y in plan.costs_per_year(a.id)) == sum(
        plan.costs_per_year().values()
    )
    # the plan document's table, the diff summary and the case's sentence agree
    overview = cost_overview(dropped)
    assert {r["year"]: r["amount"] for r in overview["years"] if r["amount"]} == dropped.costs_per_year()
    summary = summarize(compare(plan, dropped), plan, dropped)
    assert summary["cost"]["delta"] == -measure.cost * len(measure.years)
    lines = [line for s in case_sections(compare(plan, dropped), plan, dropped) for line in s["linjer"]]
    assert any(
        line.startswith("Kostnadsendring:")
        and line.endswith(
            f"{-measure.cost * len(measure.years):,} kr i alt.".replace(",", "\u00a0").replace("-", "\u2212")
        )
        for line in lines
    )
