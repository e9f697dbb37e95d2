"""Words a Norwegian clerk would write: body names in running text and headings, the
administration's innstilling worded for the receiving body."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workflow.documents.context import case_context, recommendation
from workflow.plan.model import Case, Process, Treatment
from workflow.text.wording import in_text, of_body, of_body_in_text
from workflow.participation.case import case_part


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Formannskapet", "formannskapet"),
        ("Hovedutvalg for plan og næring", "hovedutvalg for plan og næring"),
        ("NAV-styret", "NAV-styret"),
        ("Rørosregionen Næringshage", "Rørosregionen Næringshage"),
    ],
)
def test_body_names_inside_a_sentence(name, text):
    assert in_text(name) == text


def test_genitive_of_one_and_of_several_words():
    assert of_body("innstilling", "Formannskapet") == "Formannskapets innstilling"
    assert of_body("innstilling", "Kommunedirektøren") == "Kommunedirektørens innstilling"
    assert of_body("innstilling", "Hovedutvalg for plan og næring") == "Innstilling fra hovedutvalg for plan og næring"
    assert (
        of_body_in_text("innstillingen", "Hovedutvalg for plan og næring")
        == "innstillingen fra hovedutvalg for plan og næring"
    )
    assert of_body_in_text("utkastet", "Prosjektgruppen") == "prosjektgruppens utkast"


@pytest.fixture
def project():
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    return load_project(WorkTree(Path(__file__).resolve().parents[2]))[0]


def test_administration_title_and_an_innstilling_per_receiving_body(project):
    case = Case.model_validate(
        {
            "administrasjon": "Kommunedirektøren",
            "innstilling": "Kommunestyret vedtar planen.",
            "innstillinger": {"utvalg": "Hovedutvalget rår formannskapet til å anbefale planen."},
        }
    )
    process = Process.model_validate(
        {
            "organer": [
                {"id": "utvalg", "navn": "Hovedutvalg for plan og næring", "rolle": "innstiller"},
                {"id": "formannskap", "navn": "Formannskapet", "rolle": "innstiller"},
                {"id": "kommunestyre", "navn": "Kommunestyret", "rolle": "vedtar"},
            ]
        }
    )
    project = project.model_copy(update={"case": case, "process": process})
    utvalg, formannskap, kommunestyre = process.bodies
    assert recommendation(project, utvalg) == {
        "title": "Kommunedirektørens innstilling",
        "text": "Hovedutvalget rår formannskapet til å anbefale planen.",
    }
    assert recommendation(project, formannskap)["text"] == "Kommunestyret vedtar planen."
    given = Treatment.model_validate(
        {
            "organ": "utvalg",
            "dato": dt.date(2021, 1, 12),
            "utfall": "innstilling",
            "sak": "PS 2/21",
            "innstilling": "Formannskapet anbefaler planen.",
            "vedtak": "Saken sendes formannskapet.",
        }
    )
    recommended = Treatment.model_validate(
        {
            "organ": "formannskap",
            "dato": dt.date(2021, 2, 11),
            "utfall": "innstilling",
            "innstilling": "Kommunestyret vedtar planen med endringene.",
            "vedtak": "Planen legges ut på høring.",
        }
    )
    # to the council: formannskapet's innstilling, never its order to hold a hearing
    assert recommendation(project, kommunestyre, [given, recommended]) == {
        "title": "Formannskapets innstilling",
        "text": "Kommunestyret vedtar planen med endringene.",
    }
    ctx = case_context(project, kommunestyre, [given, recommended], None, dt.date(2021, 4, 12), part=case_part)
    first = ctx["treatments"][0]
    assert first["heading"] == "Behandling i hovedutvalg for plan og næring 12.01.2021"
    assert first["recommendation_title"] == "Innstilling fra hovedutvalg for plan og næring"
    assert first["decision_title"] == "Vedtak fra hovedutvalg for plan og næring"
    assert [row["name"] for row in ctx["saksgang"]] == [
        "Hovedutvalg for plan og næring",
        "Formannskapet",
        "Kommunestyret",
    ]


def test_the_next_body_after_a_send_back_or_a_postponement(project):
    from workflow.documents.context import default_body

    def t(stage, outcome, day):
        return Treatment.model_validate({"organ": stage, "dato": dt.date(2020, 10, day), "utfall": outcome})

    draft = t("prosjektgruppe", "utkast", 1)
    assert default_body(project, [draft]).id == "formannskap"
    assert default_body(project, [draft, t("formannskap", "sendt tilbake", 22)]).id == "formannskap"
    assert default_body(project, [draft, t("formannskap", "utsatt", 22)]).id == "formannskap"
    recommended = [draft, t("formannskap", "innstilling", 22)]
    assert default_body(project, recommended).id == "kommunestyre"
    assert default_body(project, [*recommended, t("kommunestyre", "sendt tilbake", 29)]).id == "formannskap"
    assert default_body(project, [*recommended, t("kommunestyre", "utsatt", 29)]).id == "kommunestyre"
