"""The follow-up documents as bytes: the action plan for a year and its saksframlegg; the annual
report and its saksframlegg. Templates (``handlingsplan.docx``, ``arsrapport.docx``,
``oppfolging-saksframlegg.docx``) are found like the others: the plan repository's
``templates/`` (or a revision's), then the shipped ones. Same inputs, same bytes.

Names the templates can use (besides ``municipality.name/full_name``, ``plan.title/full_title/
period`` and ``date``):

* handlingsplan.docx: ``action.year, title, full_title, introduction, budget_period, count,
  total_text, costs[] (year, text), areas[] (number, name, measures[]: id, text, responsible,
  years, cost_text, funding_text, partners_text, status_text)``, ``levels`` (the plan's level
  names, as for the plan document);
* arsrapport.docx: ``report.year, title, full_title, period_to_date, summary (text,
  measures_text, ambitions_text, money_text, measures, started, ambitions, on_track),
  status_counts[] (status, count), areas[] (number, name, planned_text, spent_text,
  measures[]: id, text, status_text, share_text, planned_text, spent_text, comment, reported;
  ambitions[]: id, indicator, unit, baseline, target, latest, source, verdict, words, chart),
  years[] (year, planned_text, spent_text, difference_text), changes_title, changes[] (area,
  lines[])``; a paragraph holding only ``{{ ambition.chart }}`` becomes the chart;
* oppfolging-saksframlegg.docx: ``case (title, officer, archive_code, archive_case),
  saksgang[] (name, date, case_number), recommendation (title, points[], text), attachments[],
  other_documents[], background, summary_lines[], changes_title, changes[] (area, lines[]),
  cost_table (title, columns[4], rows[][4]), assessment, treatments[] (heading, case_number,
  proposals[], votes, decision_title, decision, recommendation_title, recommendation)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.documents.names import document_names
from workflow.documents.context import Markdown, head_title
from workflow.documents.render import find_template, render_docx
from workflow.errors import BuildError
from workflow.followup.actionplan import compare_action_plans, cost_by_year
from workflow.followup.chart import insert_charts
from workflow.followup.report import report_data
from workflow.followup.status import followup_of
from workflow.plan.model import Body, Project, Treatment
from workflow.text.norwegian import format_date, format_money, format_period, format_short_date, join_words
from workflow.text.words import level_names
from workflow.text.wording import capital, in_text, of_body
from workflow.text.words import in_målform as translated

if TYPE_CHECKING:
    from workflow.plan.source import Source

When = dt.datetime | dt.date  # the document date (a commit's date, or a meeting's)

ACTION_TEMPLATE = "handlingsplan.docx"
REPORT_TEMPLATE = "arsrapport.docx"
CASE_TEMPLATE = "oppfolging-saksframlegg.docx"
STATUS_TEXT = {"planlagt": "Planlagt", "pågår": "Pågår", "fullført": "Fullført", "utgått": "Utgått"}


def report_set(year: int) -> str:
    """The output set (``documents/outputs.write_set``'s ``kind``) of the annual report for ``year`` and its saksframlegg (with their PDFs)."""
    return f"arsrapport-{int(year)}"


def action_plan_set(year: int) -> str:
    """The output set of the action plan for ``year`` and its saksframlegg."""
    return f"handlingsplan-{int(year)}"


def stem(project: Project) -> str:
    return document_names(project.plan)[0].removesuffix(".docx")


def action_plan_names(project: Project, year: int) -> tuple[str, str]:
    base = f"{stem(project)}-handlingsplan-{year}"
    return f"{base}.docx", f"{base}-saksframlegg.docx"


def report_names(project: Project, year: int) -> tuple[str, str]:
    base = f"{stem(project)}-arsrapport-{year}"
    return f"{base}.docx", f"{base}-saksframlegg.docx"


def _common(project: Project, when: When) -> dict[str, Any]:
    plan = project.plan
    period = format_period(plan.period.start, plan.period.end)
    return {
        "municipality": {"name": plan.municipality.name, "full_name": f"{plan.municipality.name} kommune"},
        "plan": {"title": plan.title, "full_title": f"{plan.title} {period}", "period": period},
        "date": format_date(when.date() if isinstance(when, dt.datetime) else when),
    }


# --- the action plan -----------------------------------------------------------------------------


def action_plan_context(project: Project, year: int, when: When) -> dict[str, Any]:
    ap = followup_of(project).action_plans.get(year)
    if ap is None:
        raise BuildError(
            f"det finnes ingen handlingsplan for {year} (plan/handlingsplan/{year}.yaml); lag et forslag med «plan handlingsplan rull {year}»"
        )
    ctx = _common(project, when)
    areas = []
    for number, area in enumerate(project.plan.focus_areas, start=1):
        measures = [m for m in ap.measures if m.area == area.id]
        if not measures:
            continue
        areas.append(
            {
                "number": number,
                "name": area.name,
                "measures": [
                    {
                        "id": m.id,
                        "text": Markdown(m.text),
                        "responsible": m.responsible,
                        "years": format_period(m.start, m.end),
                        "cost_text": format_money(m.cost),
                        "funding_text": m.funding or "Ikke avklart",
                        "partners_text": join_words(m.partners) or None,  # samarbeidspartnere
                        "status_text": STATUS_TEXT[m.status],
                    }
                    for m in measures
                ],
            }
        )
    ctx["levels"] = level_names(project.plan.language, project.plan.level_names)  # «Kapittel», «Tema»
    years = list(ap.budget_years)
    costs = cost_by_year(ap.measures, years)
    ctx["action"] = {
        "year": year,
        "title": f"Handlingsplan {year}",
        "full_title": f"Handlingsplan {year} – {ctx['plan']['full_title']}",
        "introduction": Markdown(ap.introduction) if ap.introduction else None,
        "budget_period": format_period(years[0], years[-1]),
        "areas": areas,
        "count": len(ap.measures),
        "costs": [{"year": y, "text": format_money(costs[y])} for y in years],
        "total_text": format_money(sum(costs.values())),
    }
    return ctx


def _saksgang(bodies: Sequence[Body], history: Sequence[Treatment]) -> list[dict[str, Any]]:
    treated = {t.stage: t for t in history}
    return [
        {
            "name": b.name,
            "date": format_short_date(treated[b.id].date) if b.id in treated else "",
            "case_number": (treated[b.id].case_number or "") if b.id in treated else "",
        }
        for b in bodies
    ]


def _treatments(bodies: Sequence[Body], history: Sequence[Treatment], language: str = "bokmål") -> list[dict[str, Any]]:
    """Each meeting as in the strategy's saksframlegg: «Behandling i formannskapet 18.11.2021»,
    the body's own vedtak and, kept apart, its innstilling to the next body."""
    names = {b.id: b.name for b in bodies}
    out = []
    for t in history:
        name = names.get(t.stage, t.stage)
        if t.recommendation:
            decision_title = of_body("vedtak", name, language) if t.decision else None
        else:
            decision_title = of_body("innstilling" if t.outcome == "innstilling" else "vedtak", name, language)
        out.append(
            {
                "heading": f"Behandling i {in_text(name)} {format_short_date(t.date)}",
                "case_number": t.case_number,
                "proposals": [{"text": Markdown(p.text), "by": p.by, "votes": p.votes} for p in t.proposals],
                "votes": t.votes,
                "decision_title": decision_title,
                "decision": Markdown(t.decision) if t.decision else None,
                "recommendation_title": of_body("innstilling", name, language) if t.recommendation else None,
                "recommendation": Markdown(t.recommendation) if t.recommendation else None,
            }
        )
    return out


def _case(
    project: Project,
    title: str,
    body: Body,
    bodies: Sequence[Body],
    history: Sequence[Treatment],
    meeting: Treatment | None,
    points: list[str],
) -> dict[str, Any]:
    case = project.case
    recommendation = {"title": head_title(project), "points": points, "text": None}
    if body.role == "vedtar":
        for t in reversed(history):
            if t.outcome == "innstilling" and (t.recommendation or t.decision):
                recommendation = {
                    "title": of_body(
                        "innstilling",
                        next((b.name for b in bodies if b.id == t.stage), t.stage),
                        project.plan.language,
                    ),
                    "points": [],
                    "text": Markdown(t.recommendation or t.decision),
                }
                break
    return {
        "case": {
            "title": title,
            "officer": case.officer,
            "archive_code": case.archive_code,
            "archive_case": (meeting.archive_case if meeting is not None else None) or case.archive_case,
            "programme": None,  # the strategy's planning programme is not told in a follow-up case
            "other_decisions": [],
        },
        "body": {"id": body.id, "name": body.name},
        "saksgang": _saksgang(bodies, [*history, *([meeting] if meeting else [])]),
        "recommendation": recommendation,
        "treatments": _treatments(bodies, history, project.plan.language),
    }


def action_case_context(
    project: Project,
    year: int,
    when: When,
    *,
    bodies: Sequence[Body],
    body: Body,
    history: Sequence[Treatment] = (),
    meeting: Treatment | None = None,
    adopted: str | None = None,
) -> dict[str, Any]:
    """The saksframlegg for the action plan of ``year`` to ``body``. ``adopted``: how the
    strategy was adopted (e.g. «Kommunestyret 18.06.2020, PS 30/20»), when known."""
    ctx = action_plan_context(project, year, when)
    ap = followup_of(project).action_plans[year]
    cmp = compare_action_plans(project, ap)
    full = ctx["plan"]["full_title"]
    deciding = next((b.name for b in bodies if b.role == "vedtar"), bodies[-1].name)
    budget = format_period(year, year + 3)
    points = [
        f"{deciding} vedtar handlingsplan {year} for {full} slik den foreligger i vedlegg 1.",
        f"Tiltakene innarbeides i budsjettet for {year} og økonomiplanen {budget} innenfor de rammene som vedtas der.",
    ]
    ctx.update(_case(project, f"Handlingsplan {year} – {full}", body, bodies, history, meeting, points))
    adopted_text = f" Planen ble vedtatt av {adopted}." if adopted else ""
    n_prev = "strategiens tiltak" if cmp.previous_label == "Strategien" else f"handlingsplanen for {year - 1}"
    ctx["attachments"] = [f"Handlingsplan {year} for {full}"]
    ctx["other_documents"] = [full + " (vedtatt plan)"] + (
        [f"Handlingsplan {year - 1}"] if cmp.previous_label != "Strategien" else []
    )
    ctx["background"] = Markdown(
        f"{full} er kommunens strategi for perioden.{adopted_text} Tiltakene følges opp i en handlingsplan "
        f"som rulleres hvert år og behandles sammen med budsjettet. Denne saken legger fram handlingsplanen for {year}, "
        f"rullert fra {n_prev}."
    )
    ctx["summary_lines"] = [
        f"Handlingsplanen har {len(ap.measures)} tiltak.",
        f"{len(cmp.added)} {'nytt tiltak' if len(cmp.added) == 1 else 'nye tiltak'}, {len(cmp.dropped)} går ut, "
        f"{len(cmp.recosted)} har endret kostnad og {len(cmp.delayed)} er forskjøvet.",
    ]
    ctx["changes_title"] = (
        f"Endringer fra {cmp.previous_label.lower() if cmp.previous_label == 'Strategien' else cmp.previous_label}"
    )
    ctx["changes"] = cmp.sections() or [{"area": "Ingen endringer", "lines": ["Tiltakene er de samme som før."]}]
    ctx["cost_table"] = {
        "title": f"Kostnader per år i økonomiplanperioden {budget}",
        "columns": ["År", cmp.previous_label, f"Handlingsplan {year}", "Endring"],
        "rows": cmp.cost_rows,
    }
    ctx["assessment"] = Markdown(
        f"{capital(project.case.administration)} mener handlingsplanen følger opp strategien, og at tiltakene bør "
        "prioriteres i budsjettet."
    )
    return ctx


# --- the annual report ---------------------------------------------------------------------------


def report_context(project: Project, year: int, when: When, *, charts: bool = True) -> dict[str, Any]:
    ctx = _common(project, when)
    data = report_data(project, year)
    for area in data["areas"]:
        for m in area["measures"]:
            m["text"] = Markdown(m["text"])
            m["comment"] = Markdown(m["comment"]) if m["comment"] else None
        for a in area["ambitions"]:
            a["chart"] = f"[[diagram:{a['id']}]]" if charts else None
    ap = followup_of(project).action_plans.get(year)
    if ap is not None:
        cmp = compare_action_plans(project, ap)
        changes = cmp.sections() or [{"area": "Ingen endringer", "lines": ["Tiltakene er de samme som året før."]}]
        changes_title = f"Endringer fra {'strategien' if cmp.previous_label == 'Strategien' else cmp.previous_label.lower()} til handlingsplan {year}"
    else:
        changes, changes_title = None, None
    ctx["report"] = {
        "strategy_changes": None,  # filled by build_report from git
        "strategy_unknown": True,
        **data,
        "title": f"Årsrapport {year}",
        "full_title": f"Årsrapport {year} – {ctx['plan']['full_title']}",
        "changes": changes,
        "changes_title": changes_title,
    }
    return ctx


def report_case_context(project: Project, year: int, when: When, *, bodies: Sequence[Body]) -> dict[str, Any]:
    ctx = report_context(project, year, when, charts=False)
    full = ctx["plan"]["full_title"]
    body = bodies[0]
    ctx.update(
        _case(
            project,
            f"Årsrapport {year} – {full}",
            body,
            bodies,
            (),
            None,
            [f"Årsrapporten for {year} tas til orientering."],
        )
    )
    data = ctx["report"]
    ctx["attachments"] = [f"Årsrapport {year} for {full}"]
    ctx["other_documents"] = [full + " (vedtatt plan)"]
    ctx["background"] = Markdown(
        f"Planen følges opp med en årsrapport til formannskapet. Rapporten viser status for hvert tiltak per 31. desember {year}, "
        f"pengene som var satt av og som er brukt, og om ambisjonene er i rute."
    )
    ctx["summary_lines"] = [
        data["summary"]["text"][0].upper() + data["summary"]["text"][1:],
        data["summary"]["money_text"],
    ]
    ctx["changes_title"] = data["changes_title"]
    ctx["changes"] = data["changes"]
    ctx["cost_table"] = {
        "title": f"Satt av og brukt per år {data['period_to_date']}",
        "columns": ["År", "Satt av", "Brukt", "Avvik"],
        "rows": [[str(r["year"]), r["planned_text"], r["spent_text"], r["difference_text"]] for r in data["years"]],
    }
    ctx["assessment"] = Markdown(
        f"{capital(data['summary']['ambitions_text'].removesuffix('.'))} etter en enkel framskriving av utviklingen så langt "
        "(en rett linje gjennom målingene, når det er minst tre). Framskrivingen er usikker når det er få målinger."
    )
    return ctx


# --- building ------------------------------------------------------------------------------------


USER_TEXT = frozenset(
    {"comment", "name", "indicator", "unit", "source", "responsible", "officer", "archive_code", "archive_case"}
    | {"id", "introduction", "by", "decision", "full_name", "municipality", "plan", "funding"}
)
GENERATED_MARKDOWN = frozenset({"background", "assessment"})


def in_målform(value: Any, language: str, key: str = "") -> Any:
    """The generated sentences of a context in the plan's målform (``words.in_målform``);
    what the plan's own files say (texts, names, comments) is left as written."""
    if language != "nynorsk" or key in USER_TEXT:
        return value
    if isinstance(value, dict):
        return {k: in_målform(v, language, k) for k, v in value.items()}
    if isinstance(value, list):
        return [in_målform(v, language, key) for v in value]
    if isinstance(value, Markdown) and key not in GENERATED_MARKDOWN:
        return value
    return translated(value, language)


def _render(
    name: str, ctx: dict[str, Any], title: str, root: Path | None, source: Source | None, when: When, language: str
) -> bytes:
    template = f"nn/{name}" if language == "nynorsk" else name
    return render_docx(find_template(template, root, source), in_målform(ctx, language), title=title, when=when)


def build_action_plan(
    project: Project,
    root: Path | None,
    year: int,
    *,
    when: When,
    bodies: Sequence[Body],
    body: Body,
    history: Sequence[Treatment] = (),
    meeting: Treatment | None = None,
    adopted: str | None = None,
    source: Source | None = None,
) -> dict[str, bytes]:
    """``when``: the commit's date (``GitSource.commit_date``)."""
    doc_name, case_name = action_plan_names(project, year)
    ctx = action_plan_context(project, year, when)
    case_ctx = action_case_context(
        project, year, when, bodies=bodies, body=body, history=history, meeting=meeting, adopted=adopted
    )
    language = project.plan.language
    return {
        doc_name: _render(ACTION_TEMPLATE, ctx, ctx["action"]["full_title"], root, source, when, language),
        case_name: _render(
            CASE_TEMPLATE, case_ctx, f"Saksframlegg: {case_ctx['case']['title']}", root, source, when, language
        ),
    }


def build_report(
    project: Project,
    root: Path | None,
    year: int,
    *,
    when: When,
    bodies: Sequence[Body],
    source: Source | None = None,
    strategy_changes: list[dict[str, Any]] | None = None,
) -> dict[str, bytes]:
    """``strategy_changes``: sections (area, lines) of what changed in the strategy during the
    year (from git), or None when unknown."""
    period = project.plan.period
    if not period.start <= year <= period.end:
        raise BuildError(f"året {year} ligger utenfor planperioden {period.start}–{period.end}")
    doc_name, case_name = report_names(project, year)
    ctx = report_context(project, year, when)
    ctx["report"]["strategy_changes"] = strategy_changes or None
    ctx["report"]["strategy_unknown"] = strategy_changes is None
    case_ctx = report_case_context(project, year, when, bodies=bodies)
    language = project.plan.language
    report = _render(REPORT_TEMPLATE, ctx, ctx["report"]["full_title"], root, source, when, language)
    charts = {a["id"]: in_målform(a, language) for area in ctx["report"]["areas"] for a in area["ambitions"]}
    return {
        doc_name: insert_charts(report, charts, language),
        case_name: _render(
            CASE_TEMPLATE, case_ctx, f"Saksframlegg: {case_ctx['case']['title']}", root, source, when, language
        ),
    }
