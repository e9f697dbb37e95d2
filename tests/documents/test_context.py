"""The template context: a pure function of the project, tested without Word."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from workflow.documents.context import Markdown, case_context, default_body, plan_context
from workflow.text.norwegian import (
    format_date,
    format_money,
    format_number,
    format_period,
    format_short_date,
    genitive,
    join_words,
)
from workflow.plan.load import load_project
from workflow.plan.model import Treatment
from workflow.plan.source import WorkTree
from workflow.participation.case import case_part

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def project():
    project, _ = load_project(WorkTree(ROOT))
    return project


def treatment(**fields) -> Treatment:
    data = {"organ": "formannskap", "dato": dt.date(2020, 5, 12), "utfall": "innstilling"}
    data.update(fields)
    return Treatment.model_validate(data)


def test_norwegian_formatting():
    assert format_date(dt.date(2020, 2, 6)) == "6. februar 2020"
    assert format_short_date(dt.date(2020, 5, 12)) == "12.05.2020"
    assert format_money(1_250_000) == f"1{NBSP}250{NBSP}000{NBSP}kr"
    assert format_money(1_250_000).replace(NBSP, " ") == "1 250 000 kr"
    assert format_money(0) == f"0{NBSP}kr"
    assert format_number(1.5) == "1,5" and format_number(172.0) == "172"
    assert format_period(2020, 2028) == "2020–2028" and format_period(2021, 2021) == "2021"
    assert join_words(["A", "B", "C"]) == "A, B og C" and join_words(["A"]) == "A" and join_words([]) == ""
    assert genitive("Formannskapet") == "Formannskapets" and genitive("Os") == "Os'"
    assert format_date(None) is None


def test_plan_context_holds_the_plan_ready_to_print(project):
    ctx = plan_context(project, when=dt.datetime(2020, 2, 6, 12, tzinfo=dt.timezone.utc))
    plan = ctx["plan"]
    assert plan["full_title"] == "Strategisk næringsplan for Os kommune 2020–2028"
    assert plan["period"] == "2020–2028"
    assert ctx["municipality"]["full_name"] == "Os kommune"
    assert ctx["date"] == "6. februar 2020"
    assert plan["previous"] == {
        "title": "Strategisk næringsplan for Os kommune 2016–2020",
        "period": "2016–2020",
        "period_in_title": True,
    }
    assert [a["number"] for a in plan["focus_areas"]] == [1, 2, 3]
    assert [a["name"] for a in plan["focus_areas"]] == [a.name for a in project.plan.focus_areas]
    assert isinstance(plan["vision"], Markdown)
    first = plan["focus_areas"][0]["measures"][0]
    assert first["id"] == "T1.1"
    assert first["years"] == "2021–2028"
    assert first["cost_text"] == f"75{NBSP}000{NBSP}kr"
    assert first["status_text"] == "Planlagt"
    assert first["partners_text"] == "Os Bondelag, Norsk Landbruksrådgivning og Innovasjon Norge"
    strategy = plan["focus_areas"][0]["strategies"][1]
    assert strategy["goals_text"] == "M1.2, M1.3"
    ambition = plan["focus_areas"][0]["ambitions"][0]
    assert (ambition["baseline"], ambition["baseline_year"], ambition["target"]) == ("172", 2016, "150")


def test_costs_are_summed_per_year_source_and_area(project):
    costs = plan_context(project)["costs"]
    measures = [m for m in project.plan.all_measures() if m.status != "utgått"]
    for row in costs["years"]:
        expected = sum(m.cost for m in measures if m.start <= row["year"] <= m.end)
        assert row["amount"] == expected
        assert row["text"] == f"{expected:,}".replace(",", "\u00a0") + "\u00a0kr"  # not the code under test
    assert [row["year"] for row in costs["years"]] == list(range(2020, 2029))
    total = sum(m.cost * (m.end - m.start + 1) for m in measures)
    assert costs["total"] == total
    assert sum(row["amount"] for row in costs["by_source"]) == total
    assert sum(row["amount"] for row in costs["by_area"]) == total
    amounts = [row["amount"] for row in costs["by_source"]]
    assert amounts == sorted(amounts, reverse=True)


def test_context_is_pure_and_serialisable(project):
    one = plan_context(project)
    two = plan_context(project)
    assert one == two
    assert json.dumps(one, ensure_ascii=False, sort_keys=True) == json.dumps(two, ensure_ascii=False, sort_keys=True)
    case = case_context(project, default_body(project), (), None, dt.date(2020, 2, 6), part=case_part)
    json.dumps(case, ensure_ascii=False)


def test_missing_optional_text_is_none_not_the_word(project):
    plan = project.plan.model_copy(update={"summary": None, "previous": None})
    area = plan.focus_areas[0].model_copy(update={"description": None})
    plan = plan.model_copy(update={"focus_areas": (area, *plan.focus_areas[1:])})
    ctx = plan_context(project.model_copy(update={"plan": plan}))
    assert ctx["plan"]["summary"] is None and ctx["plan"]["previous"] is None
    assert ctx["plan"]["focus_areas"][0]["description"] is None
    assert "None" not in json.dumps(ctx, ensure_ascii=False)


def test_saksframlegg_for_the_first_body(project):
    body = default_body(project)
    assert body.id == "formannskap"
    ctx = case_context(project, body, (), None, dt.date(2020, 4, 30), part=case_part)
    # before the hearing: formannskapet is asked to put the draft on hearing (issue 21)
    assert ctx["case"]["title"] == "Strategisk næringsplan for Os kommune 2020–2028 – utlegging til offentlig høring"
    assert ctx["saksgang"] == [
        {"name": "Formannskapet", "date": "", "case_number": "", "coming": True},
        {"name": "Kommunestyret", "date": "", "case_number": "", "coming": False},
    ]
    assert ctx["recommendation"]["title"] == "Rådmannens innstilling"
    assert ctx["recommendation"]["text"].startswith("Forslag til Strategisk næringsplan for Os kommune 2020–2028")
    assert ctx["treatments"] == [] and ctx["changes"] is None
    assert ctx["case"]["workshops"][0]["weekday_date"] == "torsdag 6. februar 2020"
    assert ctx["case"]["workshops"][0]["place"] == "Os samfunnshus"


def test_saksframlegg_to_the_council_after_the_executive_committee(project):
    history = [
        treatment(
            sak="PS 25/20",
            vedtak="Formannskapet rår kommunestyret til å vedta planen.",
            forslag=[{"tekst": "Nytt tiltak for **bredbånd**.", "fremmet_av": "Sp", "stemmer": "Falt 3–4"}],
            votering="Innstillingen ble enstemmig vedtatt.",
        )
    ]
    body = default_body(project, history)
    assert body.id == "kommunestyre"  # the consultation is skipped: it does not meet
    changes = [{"område": "Et innovativt næringsliv", "linjer": ["Nytt tiltak T1.7: Bredbåndsdugnad."]}]
    ctx = case_context(project, body, history, changes, dt.date(2020, 6, 1), part=case_part)
    assert ctx["saksgang"][0] == {
        "name": "Formannskapet",
        "date": "12.05.2020",
        "case_number": "PS 25/20",
        "coming": False,
    }
    assert ctx["saksgang"][1] == {"name": "Kommunestyret", "date": "", "case_number": "", "coming": True}
    assert ctx["recommendation"] == {
        "title": "Formannskapets innstilling",
        "text": "Formannskapet rår kommunestyret til å vedta planen.",
    }
    (t,) = ctx["treatments"]
    assert t["heading"] == "Behandling i formannskapet 12.05.2020"
    assert t["decision_title"] == "Formannskapets innstilling"
    assert t["proposals"] == [{"text": "Nytt tiltak for **bredbånd**.", "by": "Sp", "votes": "Falt 3–4"}]
    assert t["votes"] == "Innstillingen ble enstemmig vedtatt."
    assert ctx["changes"] == [{"area": "Et innovativt næringsliv", "lines": ["Nytt tiltak T1.7: Bredbåndsdugnad."]}]


def test_final_decision_is_called_vedtak(project):
    history = [
        treatment(),
        treatment(organ="kommunestyre", dato=dt.date(2020, 6, 18), utfall="vedtatt", vedtak="Planen vedtas."),
    ]
    ctx = case_context(project, project.process.bodies[-1], history, None, None, part=case_part)
    assert [t["decision_title"] for t in ctx["treatments"]] == ["Formannskapets innstilling", "Kommunestyrets vedtak"]
    assert ctx["date"] is None


def test_draft_and_consultation_are_not_called_meetings(project):
    history = [
        treatment(organ="prosjektgruppe", dato=dt.date(2020, 3, 19), utfall="utkast"),
        treatment(vedtak="Planen sendes på høring."),
        treatment(organ="horing", dato=dt.date(2020, 5, 13), utfall="på høring", høringsfrist=dt.date(2020, 6, 24)),
    ]
    ctx = case_context(project, project.process.bodies[-1], history, None, None, part=case_part)
    assert [t["heading"] for t in ctx["treatments"]] == [
        "Utkast fra prosjektgruppen 19.03.2020",
        "Behandling i formannskapet 12.05.2020",
        "Offentlig høring 13.05.2020",
    ]
    assert [t["decision_title"] for t in ctx["treatments"]] == [None, "Formannskapets innstilling", None]
    assert ctx["treatments"][2]["deadline"] == "24. juni 2020"
    assert (
        ctx["treatments"][2]["note"]
        == "Planen ble lagt ut til offentlig høring 13. mai 2020, med høringsfrist 24. juni 2020."
    )
    assert ctx["treatments"][0]["note"] == "Prosjektgruppen la fram planutkastet 19. mars 2020."
    assert ctx["treatments"][1]["note"] is None
    # Drafting and consultation are not meetings: no saksgang rows.
    assert [row["name"] for row in ctx["saksgang"]] == ["Formannskapet", "Kommunestyret"]
