"""Project → template context: plain dicts, lists, strings and numbers, built by pure functions.

Every value a document shows is ready to print: dates, money and periods are formatted the
Norwegian way (Babel ``nb``), optional text that is missing is ``None`` (templates test it with
``{% if %}``; printed as is it shows «–»). Markdown text fields are ``Markdown`` strings
(a ``str`` subclass holding the source text), so the Word layer can render them as formatting and
other writers (Markdown, HTML) can use the source unchanged.

The same context feeds the Word templates, ``plan check`` and other writers. The keys are
documented in ``docs_for_template_authors`` below; templates use them as ``{{ plan.full_title }}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from workflow.plan.model import Body, Measure, Plan, Project, Treatment
from workflow.text.norwegian import (
    format_date,
    format_money,
    format_number,
    format_period,
    format_short_date,
    format_weekday_date,
    genitive,
    join_words,
)
STATUS_TEXT = {"planlagt": "Planlagt", "pågår": "Pågår", "fullført": "Fullført", "utgått": "Utgått"}
NO_FUNDING = "Ikke avklart"
MEETING_ROLES = ("innstiller", "vedtar")

docs_for_template_authors = """
Felles for begge malene:
  municipality.name / .full_name («Os kommune») / .number / .county
  plan.title, plan.full_title («… 2020–2028»), plan.type, plan.period («2020–2028»), plan.start, plan.end
  plan.vision, plan.summary, plan.background, plan.situation   (Markdown; bruk {{p x|markdown }})
  plan.previous.title / .period   (eller None)
  plan.focus_areas[]: number, id, name, description, goals[], ambitions[], strategies[], measures[],
      cost_total_text
    goals[]: id, text          ambitions[]: id, indicator, unit, baseline, baseline_year, target,
      target_year, source       strategies[]: id, text, goals[], goals_text
    measures[]: id, text, responsible, partners[], partners_text, years, start, end, cost, cost_text,
      funding, funding_text, status, status_text, strategies_text
  costs.years[]: year, amount, text, measures    costs.by_source[]: source, amount, text
  costs.by_area[]: number, name, amount, text    costs.total, costs.total_text
  date («6. februar 2020», eller None)
Saksframlegget i tillegg:
  case.title, case.head_title, case.officer, case.archive_code, case.archive_case, case.attachments[],
  case.organisation, case.workshops[] (date, weekday_date, time, place, topic, participants),
  case.participation, case.proposal, case.assessment, case.consequences
  body.id / .name / .role          saksgang[]: name, date, case_number
  recommendation.title, recommendation.text   (innstillingen saken legges fram med)
  treatments[]: heading, note, body, date, case_number, outcome, proposals[] (text, by, votes), votes,
      deadline, decision_title, decision
  changes[]: area, lines[]   (eller None)
"""


class Markdown(str):
    """Text written in the plan's Markdown subset; the Word layer renders it as formatting."""

    __slots__ = ()


def _md(text: str | None) -> Markdown | None:
    return None if text is None else Markdown(text)


# --- the plan -------------------------------------------------------------------------------


def plan_context(project: Project, *, when: dt.datetime | dt.date | None = None) -> dict:
    """Everything the plan document shows."""
    plan = project.plan
    municipality = plan.municipality
    period = format_period(plan.period.start, plan.period.end)
    return {
        "municipality": {
            "name": municipality.name,
            "full_name": f"{municipality.name} kommune",
            "number": municipality.number,
            "county": municipality.county,
        },
        "plan": {
            "title": plan.title,
            "full_title": f"{plan.title} {period}",
            "type": plan.plan_type,
            "period": period,
            "start": plan.period.start,
            "end": plan.period.end,
            "vision": _md(plan.vision),
            "summary": _md(plan.summary),
            "background": _md(plan.background),
            "situation": _md(plan.situation),
            "previous": None
            if plan.previous is None
            else {
                "title": plan.previous.title,
                "period": format_period(plan.previous.period.start, plan.previous.period.end),
            },
            "focus_areas": [_area(number, area) for number, area in enumerate(plan.focus_areas, start=1)],
        },
        "costs": cost_overview(plan),
        "date": format_date(_as_date(when)),
        "revision": project.revision,
    }


def _as_date(when: dt.datetime | dt.date | None) -> dt.date | None:
    if isinstance(when, dt.datetime):
        return when.date()
    return when


def _area(number: int, area) -> dict:
    return {
        "number": number,
        "id": area.id,
        "name": area.name,
        "description": _md(area.description),
        "goals": [{"id": g.id, "text": Markdown(g.text)} for g in area.goals],
        "ambitions": [_ambition(a) for a in area.ambitions],
        "strategies": [
            {"id": s.id, "text": Markdown(s.text), "goals": list(s.goals), "goals_text": ", ".join(s.goals) or None}
            for s in area.strategies
        ],
        "measures": [_measure(m) for m in area.measures],
        "cost_total_text": format_money(sum(measure_total(m) for m in area.measures)),
    }


def _ambition(a) -> dict:
    return {
        "id": a.id,
        "indicator": a.indicator,
        "unit": a.unit,
        "baseline": format_number(a.baseline.value),
        "baseline_year": a.baseline.year,
        "target": format_number(a.target.value),
        "target_year": a.target.year,
        "source": a.source,
        "data_points": [{"year": p.year, "value": format_number(p.value)} for p in a.data_points],
        "chart": None,  # a Chart when the ambition has data (documents/situation.py)
        "chart_caption": None,
    }


def _measure(m: Measure) -> dict:
    return {
        "id": m.id,
        "text": Markdown(m.text),
        "responsible": m.responsible,
        "partners": list(m.partners),
        "partners_text": join_words(m.partners) or None,
        "years": format_period(m.start, m.end),
        "start": m.start,
        "end": m.end,
        "cost": m.cost,
        "cost_text": format_money(m.cost),
        "total": measure_total(m),
        "total_text": format_money(measure_total(m)),
        "funding": m.funding,
        "funding_text": m.funding or NO_FUNDING,
        "status": m.status,
        "status_text": STATUS_TEXT[m.status],
        "strategies": list(m.strategies),
        "strategies_text": ", ".join(m.strategies) or None,
    }


def counts_in_costs(m: Measure) -> bool:
    """Measures given up (status «utgått») cost nothing."""
    return m.status != "utgått"


def measure_total(m: Measure) -> int:
    """The cost over the measure's years (the plan gives the cost per year)."""
    return m.cost * len(m.years) if counts_in_costs(m) else 0


def cost_overview(plan: Plan) -> dict:
    """Sums of the measures' costs per year, per funding source and per focus area."""
    measures = [m for m in plan.all_measures() if counts_in_costs(m)]
    years = sorted(dict.fromkeys([*plan.period.years, *(y for m in measures for y in m.years)]))
    per_year = []
    for year in years:
        active = [m for m in measures if m.start <= year <= m.end]
        amount = sum(m.cost for m in active)
        per_year.append({"year": year, "amount": amount, "text": format_money(amount), "measures": len(active)})
    sources: dict[str, int] = {}
    for m in measures:
        key = m.funding or NO_FUNDING
        sources[key] = sources.get(key, 0) + measure_total(m)
    by_source = [
        {"source": name, "amount": amount, "text": format_money(amount)}
        for name, amount in sorted(sources.items(), key=lambda kv: (kv[0] == NO_FUNDING, -kv[1], kv[0]))
    ]
    by_area = []
    for number, area in enumerate(plan.focus_areas, start=1):
        amount = sum(measure_total(m) for m in area.measures)
        by_area.append({"number": number, "name": area.name, "amount": amount, "text": format_money(amount)})
    total = sum(row["amount"] for row in per_year)
    return {
        "years": per_year,
        "by_source": by_source,
        "by_area": by_area,
        "total": total,
        "total_text": format_money(total),
        "period": format_period(years[0], years[-1]) if years else None,
    }


# --- the saksframlegg ------------------------------------------------------------------------


def default_body(project: Project, history: Sequence[Treatment] = ()) -> Body:
    """The body a new saksframlegg goes to.

    After the last body in ``history``: the next body that meets (role «innstiller» or
    «vedtar»), skipping drafting and consultation. Without history: the first «innstiller».
    """
    bodies = project.process.bodies
    if history:
        ids = [b.id for b in bodies]
        last = history[-1].stage
        start = ids.index(last) + 1 if last in ids else 0
        for body in bodies[start:]:
            if body.role in MEETING_ROLES:
                return body
        return bodies[-1]
    for role in MEETING_ROLES:
        for body in bodies:
            if body.role == role:
                return body
    return bodies[0]


def case_context(
    project: Project,
    body: Body,
    history: Sequence[Treatment] = (),
    changes: Sequence[dict] | None = None,
    when: dt.datetime | dt.date | None = None,
    meeting: Treatment | None = None,
) -> dict:
    """Everything the saksframlegg for ``body`` shows: the plan context plus the case.
    ``meeting``: the body's own meeting, once set (its date and case number fill its row of
    the saksgang)."""
    context = plan_context(project, when=when)
    case = project.case
    names = {b.id: b.name for b in project.process.bodies}
    roles = {b.id: b.role for b in project.process.bodies}
    context["case"] = {
        "title": case.title or context["plan"]["full_title"],
        "head_title": case.head_title,
        "officer": case.officer,
        "archive_code": case.archive_code,
        "archive_case": case.archive_case,
        "attachments": list(case.attachments),
        "organisation": _md(case.organisation),
        "workshops": [
            {
                "date": format_date(w.date),
                "weekday_date": format_weekday_date(w.date),
                "time": w.time,
                "place": w.place,
                "topic": _md(w.topic),
                "participants": w.participants,
            }
            for w in case.workshops
        ],
        "participation": _md(case.participation),
        "proposal": _md(case.proposal),
        "assessment": _md(case.assessment),
        "consequences": _md(case.consequences),
    }
    context["body"] = {"id": body.id, "name": body.name, "role": body.role}
    context["saksgang"] = _saksgang(project, body, [*history, *([meeting] if meeting else [])])
    context["recommendation"] = _recommendation(project, body, history, names, roles)
    context["treatments"] = [_treatment(t, names.get(t.stage, t.stage), roles.get(t.stage)) for t in history]
    context["changes"] = None if changes is None else [_change_section(c) for c in changes]
    return context


def _saksgang(project: Project, body: Body, history: Sequence[Treatment]) -> list[dict]:
    """One row per body that meets (role «innstiller» or «vedtar»), in process order; date and
    case number once the body has treated the case, else blank. Drafting and consultation are
    not meetings: they show under the treatments, not here."""
    treated: dict[str, Treatment] = {}
    for t in history:
        treated[t.stage] = t  # the latest treatment of a body counts
    rows = []
    for b in project.process.bodies:
        if b.role not in MEETING_ROLES and b.id != body.id:
            continue
        t = treated.get(b.id)
        rows.append(
            {
                "name": b.name,
                "date": format_short_date(t.date) if t else "",
                "case_number": (t.case_number or "") if t else "",
            }
        )
    return rows


def _recommendation(project, body, history, names, roles) -> dict:
    """The innstilling the case is put forward with.

    To the deciding body, after an «innstiller» body has given its innstilling: that body's
    innstilling. Otherwise the head of administration's, from sak.yaml.
    """
    if body.role == "vedtar":
        for t in reversed(history):
            if roles.get(t.stage) == "innstiller" and t.outcome == "innstilling" and t.decision:
                return {"title": f"{genitive(names.get(t.stage, t.stage))} innstilling", "text": Markdown(t.decision)}
    return {"title": project.case.head_title, "text": _md(project.case.proposal)}


def _treatment(t: Treatment, name: str, role: str | None) -> dict:
    """A body's treatment: a meeting («Behandling i Formannskapet 12.05.2020» with proposals,
    votes and the innstilling or vedtak), a draft, or a consultation."""
    date = format_short_date(t.date)
    note = None
    if role == "utkast":
        heading, decision_title = f"Utkast fra {name} {date}", ("Oppsummering" if t.decision else None)
        note = f"{name} la fram utkastet til plan {format_date(t.date)}."
    elif role == "høring":
        heading, decision_title = f"{name} {date}", ("Oppsummering" if t.decision else None)
        deadline = f", med høringsfrist {format_date(t.deadline)}" if t.deadline else ""
        note = f"Planen ble lagt ut til offentlig høring {format_date(t.date)}{deadline}."
    else:
        kind = "innstilling" if t.outcome == "innstilling" else "vedtak"
        heading, decision_title = f"Behandling i {name} {date}", f"{genitive(name)} {kind}"
    return {
        "heading": heading,
        "note": note,
        "body": name,
        "date": date,
        "long_date": format_date(t.date),
        "case_number": t.case_number,
        "outcome": t.outcome,
        "proposals": [{"text": Markdown(p.text), "by": p.by, "votes": p.votes} for p in t.proposals],
        "votes": t.votes,
        "deadline": format_date(t.deadline),
        "decision_title": decision_title,
        "decision": _md(t.decision),
    }


def _change_section(section: dict) -> dict:
    lines: Iterable = section.get("linjer") or section.get("lines") or ()
    return {"area": section.get("område") or section.get("area") or "", "lines": [str(line) for line in lines]}
