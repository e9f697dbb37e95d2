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
from collections.abc import Callable, Iterable, Sequence
from typing import TypedDict

from workflow.plan.model import Ambition, Body, FocusArea, Measure, Plan, Project, Treatment
from workflow.process.stages import ADOPTED
from workflow.text.wording import capital, in_text, of_body
from workflow.text.norwegian import (
    format_date,
    format_money,
    format_money as _format_money,
    format_number,
    format_period,
    format_short_date,
    join_words,
)
from workflow.text.words import DIRECTION_KEY, LOCALE, change_sentence, level_names, word

MEETING_ROLES = ("innstiller", "vedtar")

docs_for_template_authors = """
Felles for begge malene:
  municipality.name / .full_name («Os kommune») / .number / .county / .type («kommune», «felles» …)
      / .members[]   (kommunene i en felles plan)
  plan.title, plan.full_title («… 2020–2028»), plan.title_lower («strategisk næringsplan for Os kommune»), plan.type, plan.period («2020–2028»), plan.start, plan.end
  plan.vision, plan.summary, plan.background, plan.situation   (Markdown; bruk {{p x|markdown }})
  plan.previous.title / .period / .period_in_title   (eller None)
  plan.focus_areas[]: number, id, name, description, goals[], ambitions[], strategies[], measures[],
      cost_total_text
    goals[]: id, text          ambitions[]: id, indicator, unit, baseline, baseline_year, target,
      target_year, source, data_points[] (year, value)       strategies[]: id, text, goals[], goals_text
    measures[]: id, text, responsible, partners[], partners_text, years, start, end, cost, cost_text,
      funding, funding_text, status, status_text, strategies_text
  costs.years[]: year, amount, text, measures    costs.by_source[]: source, amount, text
  costs.by_area[]: number, name, amount, text    costs.total, costs.total_text
  date («6. februar 2020», eller None)    revision (commit-id-en, eller «working tree»)
  levels.hovedmål / .satsingsområde / .mål / .delmål / .ambisjon / .strategi / .tiltak
      → singular, plural, singular_lower, plural_lower   (planens egne nivånavn)
  plan.language («bokmål»/«nynorsk»), plan.lang («nb»/«nn»), plan.has_measures
  plan.main_goal: id, text, indicators[] (som ambitions[])   (eller None)
  goals[].sub_goals[]: id, text
  ambitions[]: baseline_text («860 (2019)» eller «mangler»), target_text (målverdi, retning
      og/eller relativt mål), data_points[] (year, value), data_points_text, direction
      («økende», «synkende», «stabil» eller None), relative_target   (relativt mål som i plan.yaml, eller None),
      chart (indikatordiagrammet som bilde, eller None), chart_caption (bildetekst med kilden)
  stage.status («Utkast», «Høringsutkast», «Vedtatt»), stage.text («Vedtatt i kommunestyret 18. juni 2020, PS 30/20»)
Saksframlegget i tillegg:
  case.title, case.head_title, case.officer, case.archive_code, case.archive_case, case.attachments[],
  case.organisation, case.workshops[] (date, weekday_date, time, place, topic, participants),
  case.participation, case.proposal, case.assessment, case.consequences
  body.id / .name / .name_in_text («formannskapet») / .role
  saksgang[]: name, date, case_number, coming (raden for møtet saken er til)
  case.programme («Planprogrammet ble fastsatt av kommunestyret 5.3.2019, sak 14/19.», eller None)
  case.other_decisions[]   (felles plan: hva de andre kommunenes vedtaksorgan har vedtatt, én setning hver)
  recommendation.title, recommendation.text   (innstillingen saken legges fram med)
  treatments[]: heading, note, body, date, long_date, case_number, outcome, proposals[] (text, by, votes), votes,
      deadline, decision_title, decision, recommendation_title, recommendation,
      adopted_title («Endringer vedtatt i formannskapet»), adopted_changes[] (setninger; tom uten vedtatte forslag)
  changes[]: area, lines[]   (eller None)
  participation (eller None): workshops[], workshops_text («to samlinger»), total, by_channel[] (channel, count),
      by_outcome[] (outcome, count), open, changes[] (label, count), hearing (start, deadline, count,
      count_text «én høringsuttalelse»; eller None), examples,
      attachment   (se participation/case.py)
  changes_base («planen formannskapet behandlet 22. oktober 2020»: det endringene er sammenlignet med)
"""


class Markdown(str):
    """Text written in the plan's Markdown subset; the Word layer renders it as formatting."""

    __slots__ = ()


class CasePart(TypedDict):
    """What the participation room adds to a saksframlegg (``participation/case.py``:
    ``case_part``): the list «Vedlegg» (it names the input attachment), the workshops and the
    section «Medvirkning og høring». This room sits below participation, so the part is passed
    in by the caller, as a maker of it."""

    attachments: list[str]
    workshops: list[dict]
    participation: dict | None


# the project and the treatments so far → the part (``participation.case.case_part``)
CasePartMaker = Callable[[Project, Sequence[Treatment]], CasePart]


def _md(text: str | None) -> Markdown | None:
    return None if text is None else Markdown(text)


# --- the plan -------------------------------------------------------------------------------


def plan_context(project: Project, *, when: dt.datetime | dt.date | None = None, stage: dict | None = None) -> dict:
    """Everything the plan document shows. ``stage``: where the plan stands (``plan_stage``);
    default a draft dated ``when``."""
    plan = project.plan
    municipality = plan.municipality
    period = format_period(plan.period.start, plan.period.end)
    language = plan.language
    lang = LOCALE[language]
    return {
        "municipality": {
            "name": municipality.name,
            "full_name": owner_name(plan),
            "number": municipality.number,
            "county": municipality.county,
            "type": municipality.type,
            "members": [m.name for m in municipality.members],
        },
        "levels": level_names(language, plan.level_names),
        "plan": {
            "title": plan.title,
            "full_title": f"{plan.title} {period}",
            # inside a sentence: the first letter lower case, proper names keep their capital
            "title_lower": plan.title[:1].lower() + plan.title[1:],
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
                # «… 2016–2020» already says its period: it is not repeated
                "period_in_title": format_period(plan.previous.period.start, plan.previous.period.end)
                in plan.previous.title,
            },
            "focus_areas": [_area(number, area, language) for number, area in enumerate(plan.focus_areas, start=1)],
            "language": language,
            "lang": lang,
            "has_measures": any(area.measures for area in plan.focus_areas),
            "main_goal": None
            if plan.main_goal is None
            else {
                "id": plan.main_goal.id,
                "text": Markdown(plan.main_goal.text),
                "indicators": [_ambition(a, language) for a in plan.main_goal.indicators],
            },
        },
        "costs": cost_overview(plan, language),
        "date": format_date(_as_date(when), lang),
        "stage": stage or plan_stage(project, (), None, when),
        "revision": project.revision,
    }


def plan_stage(
    project: Project, history: Sequence[Treatment], meeting: Treatment | None, when: dt.datetime | dt.date | None
) -> dict:
    """Where the plan stands, for its title page and properties: adopted by the deciding body
    (at its tag, and after it until a new round), a consultation draft (at the consultation's
    tag), else a draft dated ``when``."""
    bodies = {b.id: b for b in project.process.bodies}
    nynorsk = project.plan.language == "nynorsk"
    lang = LOCALE[project.plan.language]
    last = meeting or (history[-1] if history else None)
    body = bodies.get(last.stage) if last else None
    if last is not None and body is not None and body.role == "vedtar" and last.outcome in ADOPTED:
        case = f", {last.case_number}" if last.case_number else ""
        status = "Vedteke" if nynorsk else "Vedtatt"
        return {"status": status, "text": f"{status} i {in_text(body.name)} {format_date(last.date, lang)}{case}"}
    if meeting is not None and body is not None and body.role == "høring":
        status = "Høyringsutkast" if nynorsk else "Høringsutkast"
        return {"status": status, "text": f"{status} {format_date(meeting.date, lang)}"}
    day = _as_date(when)
    return {"status": "Utkast", "text": f"Utkast {format_date(day, lang)}" if day else "Utkast"}


def _as_date(when: dt.datetime | dt.date | None) -> dt.date | None:
    if isinstance(when, dt.datetime):
        return when.date()
    return when


def owner_name(plan: Plan) -> str:
    """«Os kommune», «Trøndelag fylkeskommune», a region's own name (never «… kommune»), or
    «Re kommune og Tønsberg kommune» for a joint plan."""
    owner = plan.municipality
    language = plan.language
    if owner.official_name:
        return owner.official_name
    if owner.type == "kommune":
        return f"{owner.name} {word(language, 'kommune')}"
    if owner.type == "fylkeskommune":
        return f"{owner.name} {word(language, 'fylkeskommune')}"
    if owner.type == "felles":
        return join_words([f"{m.name} {word(language, 'kommune')}" for m in owner.members], word(language, "and"))
    return owner.name


def _area(number: int, area: FocusArea, language: str = "bokmål") -> dict:
    return {
        "number": number,
        "id": area.id,
        "name": area.name,
        "description": _md(area.description),
        "goals": [
            {
                "id": g.id,
                "text": Markdown(g.text),
                "sub_goals": [{"id": d.id, "text": Markdown(d.text)} for d in g.sub_goals],
            }
            for g in area.goals
        ],
        "ambitions": [_ambition(a, language) for a in area.ambitions],
        "strategies": [
            {"id": s.id, "text": Markdown(s.text), "goals": list(s.goals), "goals_text": ", ".join(s.goals) or None}
            for s in area.strategies
        ],
        "measures": [_measure(m, language) for m in area.measures],
        "cost_total_text": format_money(sum(m.total_cost for m in area.measures), LOCALE[language]),
    }


def _ambition(a: Ambition, language: str = "bokmål") -> dict:
    lang = LOCALE[language]
    missing = word(language, "missing")
    baseline = None if a.baseline is None else format_number(a.baseline.value, lang)
    target = None if a.target is None else format_number(a.target.value, lang)
    target_parts = [f"{target} ({a.target.year})"] if a.target is not None else []
    if a.relative_target:
        target_parts.append(a.relative_target)
    if a.direction:
        target_parts.append(word(language, "direction", direction=word(language, DIRECTION_KEY[a.direction])))
    points = [{"year": p.year, "value": format_number(p.value, lang)} for p in a.data_points]
    return {
        "id": a.id,
        "indicator": a.indicator,
        "unit": a.unit,
        "baseline": baseline if baseline is not None else missing,
        "baseline_year": a.baseline.year if a.baseline is not None else "",
        "baseline_text": f"{baseline} ({a.baseline.year})" if a.baseline is not None else missing,
        "target": target if target is not None else "",
        "target_year": a.target.year if a.target is not None else "",
        "target_text": "; ".join(target_parts),
        "relative_target": a.relative_target,
        "direction": a.direction,
        "source": a.source,
        "data_points": points,
        "data_points_text": ", ".join(f"{p['year']}: {p['value']}" for p in points) or None,
        "chart": None,  # a Chart when the ambition has data (documents/situation.py)
        "chart_caption": None,
    }


def _measure(m: Measure, language: str = "bokmål") -> dict:
    lang = LOCALE[language]
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
        "cost_text": format_money(m.cost, lang),
        "total": m.total_cost,
        "total_text": format_money(m.total_cost, lang),
        "funding": m.funding,
        "funding_text": m.funding or word(language, "no_funding"),
        "status": m.status,
        "status_text": word(language, m.status),
        "strategies": list(m.strategies),
        "strategies_text": ", ".join(m.strategies) or None,
    }


def cost_overview(plan: Plan, language: str = "bokmål") -> dict:
    """Sums of the measures' costs per year (``Plan.costs_per_year``), per funding source and
    per focus area."""
    lang = LOCALE[language]

    def format_money(amount: int) -> str:
        return _format_money(amount, lang)

    measures = [m for m in plan.all_measures() if m.counts_in_costs]
    amounts = plan.costs_per_year()
    years = sorted(dict.fromkeys([*plan.period.years, *amounts]))
    per_year = []
    for year in years:
        amount = amounts.get(year, 0)
        active = sum(1 for m in measures if m.start <= year <= m.end)
        per_year.append({"year": year, "amount": amount, "text": format_money(amount), "measures": active})
    sources: dict[str, int] = {}
    for m in measures:
        key = m.funding or word(language, "no_funding")
        sources[key] = sources.get(key, 0) + m.total_cost
    by_source = [
        {"source": name, "amount": amount, "text": format_money(amount)}
        for name, amount in sorted(
            sources.items(), key=lambda kv: (kv[0] == word(language, "no_funding"), -kv[1], kv[0])
        )
    ]
    by_area = []
    for number, area in enumerate(plan.focus_areas, start=1):
        amount = sum(m.total_cost for m in area.measures)
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
    «vedtar»), skipping drafting and consultation; after a postponement the same body, after a
    send-back the first meeting body from the body the plan went back to. Without history: the
    first «innstiller».
    """
    bodies = project.process.bodies
    if history:
        ids = [b.id for b in bodies]
        last = history[-1]
        start = ids.index(last.stage) + 1 if last.stage in ids else 0
        if last.outcome == "utsatt" and last.stage in ids:  # the same body meets again
            start -= 1
        elif last.outcome == "sendt tilbake" and last.stage in ids:  # back to the earlier body
            earlier = [
                ids.index(t.stage)
                for t in history[:-1]
                if t.stage in ids
                and ids.index(t.stage) < ids.index(last.stage)
                and bodies[ids.index(t.stage)].role != "høring"
            ]
            start = earlier[-1] if earlier else 0
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
    base: str | None = None,
    *,
    part: CasePartMaker,
) -> dict:
    """Everything the saksframlegg for ``body`` shows: the plan context plus the case.
    ``meeting``: the body's own meeting, once set (its date and case number fill its row of
    the saksgang). ``base``: the version ``changes`` compare with, in words. ``part``: the
    maker of participation's part (``participation.case.case_part``)."""
    context = plan_context(project, when=when, stage=plan_stage(project, history, meeting, when))
    language = project.plan.language
    case = project.case
    added = part(project, history)
    names = {b.id: b.label(language) for b in project.process.bodies}
    roles = {b.id: b.role for b in project.process.bodies}
    context["case"] = {
        "title": case_title(project, body, history, context["plan"]["full_title"]),
        "head_title": head_title(project),
        "officer": case.officer,
        "archive_code": case.archive_code,
        "archive_case": (meeting.archive_case if meeting is not None else None) or case.archive_case,
        "programme": None,  # the planning programme's adoption (build_documents: programme_sentence)
        "other_decisions": other_decisions(project, body, history),  # a joint plan: the other councils
        "attachments": added["attachments"],  # only what is built or exists
        "organisation": _md(case.organisation),
        "workshops": added["workshops"],  # plan/samlinger.yaml, else sak.yaml
        "participation": _md(case.participation),
        "proposal": _md(case.proposals.get(body.id, case.proposal)),
        "assessment": _md(case.assessment),
        "consequences": _md(case.consequences),
    }
    context["body"] = {"id": body.id, "name": body.name, "name_in_text": in_text(body.name), "role": body.role}
    context["saksgang"] = saksgang(project, body, history, meeting)
    context["recommendation"] = recommendation(project, body, history)
    context["treatments"] = [_treatment(project, t, names.get(t.stage, t.stage), roles.get(t.stage)) for t in history]
    context["changes"] = None if changes is None else [_change_section(c, language, context["levels"]) for c in changes]
    context["changes_base"] = base if changes is not None else None
    context["participation"] = added["participation"]
    return context


def other_decisions(project: Project, body: Body, history: Sequence[Treatment]) -> list[str]:
    """A joint plan (issue 22): what the other municipalities' deciding bodies decided before
    this case, one sentence each («Kommunestyret i Re vedtok planen 20.11.2018, sak PS 90/18.»)."""
    if body.municipality is None:
        return []
    bodies = {b.id: b for b in project.process.bodies}
    nynorsk = project.plan.language == "nynorsk"
    out = []
    for t in history:
        other = bodies.get(t.stage)
        if other is None or other.role != "vedtar" or other.municipality in (None, body.municipality):
            continue
        if t.outcome in ADOPTED:
            what = "vedtok planen" + (
                (" med endringar" if nynorsk else " med endringer") if t.outcome != "vedtatt" else ""
            )
        else:
            back = "sende planen tilbake" if nynorsk else "sendte planen tilbake"
            what = {"sendt tilbake": back, "utsatt": "utsette saka" if nynorsk else "utsatte saken"}.get(t.outcome, "")
        case = f", sak {t.case_number}" if t.case_number else ""
        out.append(f"{other.label(project.plan.language)} {what} {format_short_date(t.date)}{case}.")
    return out


def programme_sentence(project: Project, programme: Treatment | None) -> str | None:
    """«Planprogrammet ble fastsatt av kommunestyret 5.3.2019, sak 14/19.» (issue 22): the
    treatment that fixed the planning programme, told under the saksgang; None without one."""
    if programme is None:
        return None
    body = next((b for b in project.process.programme if b.id == programme.stage), None)
    name = in_text(body.name if body is not None else programme.stage)
    d = programme.date
    case = f", sak {programme.case_number.removeprefix('PS ')}" if programme.case_number else ""
    if project.plan.language == "nynorsk":
        return f"Planprogrammet vart fastsett av {name} {d.day}.{d.month}.{d.year}{case}."
    return f"Planprogrammet ble fastsatt av {name} {d.day}.{d.month}.{d.year}{case}."


def hearing_ahead(project: Project, body: Body, history: Sequence[Treatment]) -> bool:
    """The case goes to ``body`` before the round's hearing: a hearing follows it in
    plan/prosess.yaml and none has been held in this round (or these are the hearing's own
    documents)."""
    bodies = project.process.bodies
    roles = {b.id: b.role for b in bodies}
    if body.role == "høring":
        return True
    if any(roles.get(t.stage) == "høring" for t in history):
        return False
    ids = [b.id for b in bodies]
    later = bodies[ids.index(body.id) + 1 :] if body.id in ids else ()
    return any(b.role == "høring" for b in later)


def asked_body(project: Project, body: Body) -> Body:
    """The body a case for ``body`` asks for a decision: the body itself, but for a draft the
    next meeting body (the draft's case is the one that body receives)."""
    if body.role != "utkast":
        return body
    ids = [b.id for b in project.process.bodies]
    later = project.process.bodies[ids.index(body.id) + 1 :] if body.id in ids else ()
    return next((b for b in later if b.role in MEETING_ROLES), body)


def case_title(project: Project, body: Body, history: Sequence[Treatment], full_title: str) -> str:
    """The case's title: sak.yaml's ``tittel`` (default the plan's full title); before the
    hearing it names what the body is asked («… – utlegging til offentlig høring»), never a
    final treatment («… – sluttbehandling» of sak.yaml is replaced)."""
    title = project.case.title or full_title
    if not hearing_ahead(project, asked_body(project, body), history):
        return title
    language = project.plan.language
    for ending in (word(language, "case_final"), word(language, "case_hearing")):
        title = title.removesuffix(f" – {ending}").removesuffix(f" - {ending}")
    return f"{title} – {word(language, 'case_hearing')}"


def head_title(project: Project) -> str:
    """«Rådmannens innstilling», «Kommunedirektørens innstilling»: from ``innstillingstittel``,
    else made from the administration's title (``administrasjon``)."""
    case = project.case
    return case.head_title or of_body("innstilling", case.administration, project.plan.language)


def saksgang(
    project: Project, body: Body, history: Sequence[Treatment], meeting: Treatment | None = None
) -> list[dict]:
    """The saksgang table: one row per meeting (role «innstiller» or «vedtar») in this round, in
    order, every treatment kept (a body that sent the plan back and then recommended it has two
    rows); then the meeting the case is for (``meeting``'s date and case number, blank until
    set), never an earlier meeting of the same body; then the later meeting bodies, blank.
    Drafting and consultation are not meetings: they show under the treatments."""
    bodies = project.process.bodies
    roles = {b.id: b.role for b in bodies}
    names = {b.id: b.label(project.plan.language) for b in bodies}  # «Kommunestyret (1. gangs behandling)»
    rows = []
    lanes = {b.id: b.municipality for b in bodies}

    def ours(stage: str) -> bool:  # a joint plan: each municipality's case shows its own bodies
        return not (body.municipality and lanes.get(stage) not in (None, body.municipality))

    for t in history:
        if roles.get(t.stage) in MEETING_ROLES and ours(t.stage):
            rows.append(_row(names[t.stage], t, coming=False))
    adopted = bool(history) and roles.get(history[-1].stage) == "vedtar" and history[-1].outcome in ADOPTED
    adopted = adopted and ours(history[-1].stage)  # a joint plan: another council's adoption does not end ours
    if adopted and meeting is None:
        return rows
    if body.role in MEETING_ROLES:  # a hearing's documents: the hearing is no meeting
        rows.append(_row(names.get(body.id, body.name), meeting, coming=True))
    ids = [b.id for b in bodies]
    for later in bodies[ids.index(body.id) + 1 :] if body.id in ids else ():
        if later.role in MEETING_ROLES and ours(later.id):
            rows.append(_row(names[later.id], None, coming=False))
    return rows


def _row(name: str, t: Treatment | None, coming: bool) -> dict:
    return {
        "name": name,
        "date": format_short_date(t.date) if t else "",
        "case_number": (t.case_number or "") if t else "",
        "coming": coming,
    }


def recommendation(project: Project, body: Body, history: Sequence[Treatment] = ()) -> dict:
    """The innstilling the case is put forward with.

    To the deciding body, after an «innstiller» body has given its innstilling: that body's
    innstilling to it (never its own decisions, such as sending the plan on consultation; a tag
    written before innstilling and vedtak were kept apart has only the vedtak). The documents
    put on hearing open with the decision of the body that sent them there. Otherwise the
    administration's, from sak.yaml: ``innstillinger`` for this body, else (before the hearing)
    that the draft is put on hearing, else ``innstilling``."""
    names = {b.id: b.name for b in project.process.bodies}
    roles = {b.id: b.role for b in project.process.bodies}
    if body.role == "høring":  # the documents put on hearing: the decision that sent them there
        for t in reversed(history):
            if roles.get(t.stage) in MEETING_ROLES and t.decision:
                title = of_body("vedtak", names.get(t.stage, t.stage), project.plan.language)
                return {"title": title, "text": Markdown(t.decision)}
    if body.role == "vedtar":
        for t in reversed(history):
            if roles.get(t.stage) == "innstiller" and t.outcome == "innstilling" and (t.recommendation or t.decision):
                other = {b.id: b.municipality for b in project.process.bodies}.get(t.stage)
                if body.municipality and other not in (None, body.municipality):
                    continue  # a joint plan: another municipality's innstilling
                title = of_body("innstilling", names.get(t.stage, t.stage), project.plan.language)
                return {"title": title, "text": Markdown(t.recommendation or t.decision)}
    case = project.case
    asked = asked_body(project, body)
    text = case.proposals.get(asked.id)
    if text is None and hearing_ahead(project, asked, history):  # the body is asked to send it on hearing
        plan = project.plan
        title = f"{plan.title[:1].lower()}{plan.title[1:]} {format_period(plan.period.start, plan.period.end)}"
        text = word(plan.language, "hearing_proposal", title=title)
    return {"title": head_title(project), "text": _md(text if text is not None else case.proposal)}


def _treatment(project: Project, t: Treatment, name: str, role: str | None) -> dict:
    """A body's treatment: a meeting («Behandling i formannskapet 12.05.2020» with proposals,
    votes, the body's own vedtak and its innstilling to the next body), a draft, or a
    consultation."""
    language = project.plan.language
    lang = LOCALE[language]
    date = format_short_date(t.date)
    note = None
    recommendation_title = None
    text = in_text(name)
    summary = word(language, "summary")
    if role == "utkast":
        heading, decision_title = word(language, "draft_from", name=text, date=date), (summary if t.decision else None)
        note = word(language, "draft_note", name=capital(text), date=format_date(t.date, lang))
    elif role == "høring":
        heading, decision_title = f"{name} {date}", (summary if t.decision else None)
        deadline = word(language, "hearing_deadline", date=format_date(t.deadline, lang)) if t.deadline else ""
        note = word(language, "hearing_note", date=format_date(t.date, lang), deadline=deadline)
    else:
        heading = word(language, "treatment_in", name=text, date=date)
        if t.recommendation:
            decision_title = of_body("vedtak", name, language) if t.decision else None
            recommendation_title = of_body("innstilling", name, language)
        else:
            kind = "innstilling" if t.outcome == "innstilling" else "vedtak"
            decision_title = of_body(kind, name, language)
    return {
        "heading": heading,
        "note": note,
        "body": name,
        "date": date,
        "long_date": format_date(t.date, lang),
        "case_number": t.case_number,
        "outcome": t.outcome,
        "proposals": [{"text": Markdown(p.text), "by": p.by, "votes": p.vote_words()} for p in t.proposals],
        "adopted_title": word(language, "adopted_in", name=text) if t.adopted_changes else None,
        "adopted_changes": [change_sentence(language, {}, line) for line in t.adopted_changes or ()],
        "votes": t.votes,
        "deadline": format_date(t.deadline, lang),
        "decision_title": decision_title,
        "decision": _md(t.decision),
        "recommendation_title": recommendation_title,
        "recommendation": _md(t.recommendation),
    }


def _change_section(section: dict, language: str = "bokmål", levels: dict | None = None) -> dict:
    lines: Iterable = section.get("linjer") or section.get("lines") or ()
    area = section.get("område") or section.get("area") or ""
    if area == "Planen som helhet":  # the one heading the sentences module writes itself
        area = change_sentence(language, {}, area)
    return {"area": area, "lines": [change_sentence(language, levels or {}, str(line)) for line in lines]}
