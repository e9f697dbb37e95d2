"""Loading and validating plans: every problem located as file:line:col, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import MINIMAL, problems_of, write_plan
from workflow.errors import PlanError
from workflow.plan.load import load_project
from workflow.plan.source import WorkTree


def test_the_os_plan_is_valid_and_complete():
    root = Path(__file__).resolve().parents[2]
    project, warnings = load_project(WorkTree(root))
    plan = project.plan
    assert warnings == []
    assert plan.municipality.number == "3430"
    assert (plan.period.start, plan.period.end) == (2020, 2028)
    assert [a.name for a in plan.focus_areas] == [
        "Et innovativt næringsliv",
        "En næringsvennlig kommune",
        "Rammebetingelser",
    ]
    for area in plan.focus_areas:
        assert area.goals and area.ambitions and area.strategies and len(area.measures) >= 3
    assert project.process.bodies[-1].role == "vedtar"
    assert project.workshops[0].date.isoformat() == "2020-02-06"  # plan/samlinger.yaml


def test_minimal_plan_loads(tmp_path):
    project, warnings = load_project(write_plan(tmp_path, {"plan/plan.yaml": MINIMAL}))
    measure = project.plan.focus_areas[0].measures[0]
    assert (measure.cost, measure.status, measure.years) == (50000, "planlagt", range(2020, 2022))
    assert warnings == []
    import hashlib

    data = MINIMAL.encode("utf-8")
    assert project.digest == hashlib.sha256(f"plan/plan.yaml\0{len(data)}\0".encode() + data).hexdigest()


def test_misspelt_key_is_an_error_with_a_suggestion(tmp_path):
    text = MINIMAL.replace("    tiltak:", "    tilltak:")
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:26:5: feil: ukjent felt «tilltak» – mente du «tiltak»?"
    ]


def test_every_problem_is_reported_in_one_run(tmp_path):
    text = (
        MINIMAL.replace("visjon: Os skal vokse.\n", "")
        .replace("kostnad: 50000", "kostnad: -5")
        .replace("  navn: Os\n", "  navn: Os\n  navn: Oss\n")
        .replace("        fra: 2020\n        til: 2021", "        fra: 2020\n        til: 20x1")
    )
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:1:1: feil: mangler feltet «visjon»",
        "plan/plan.yaml:3:3: feil: nøkkelen «navn» står to ganger (første gang på linje 2)",
        "plan/plan.yaml:31:14: feil: forventet et heltall, fikk «20x1»",
        "plan/plan.yaml:32:18: feil: må være minst 0, fikk «-5»",
    ]


def test_norwegian_no_where_text_is_expected_stays_text(tmp_path):
    text = MINIMAL.replace("tekst: Samarbeid.", "tekst: NO")
    project, _ = load_project(write_plan(tmp_path, {"plan/plan.yaml": text}))
    assert project.plan.focus_areas[0].strategies[0].text == "NO"


def test_plain_true_where_text_is_expected_is_located(tmp_path):
    text = MINIMAL.replace("tekst: Samarbeid.", "tekst: true")
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:24:16: feil: forventet tekst (sett verdien i anførselstegn)"
    ]


def test_unquoted_municipality_number_keeps_leading_zero(tmp_path):
    text = MINIMAL.replace('nummer: "3430"', "nummer: 0441")
    project, _ = load_project(write_plan(tmp_path, {"plan/plan.yaml": text}))
    assert project.plan.municipality.number == "0441"


def test_cross_checks_ids_references_years_and_period(tmp_path):
    text = (
        MINIMAL.replace("til: 2028\nvisjon", "til: 2030\nvisjon")
        .replace("      - id: S1\n", "      - id: M1\n")
        .replace("strategier: [S1]", "strategier: [S9]")
        .replace("        fra: 2020\n        til: 2021", "        fra: 2019\n        til: 2021")
    )
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:7:8: advarsel: perioden 2020–2030 er 11 år; de fleste planer gjelder 4 til 9 kalenderår (sett periodelengde i plan.yaml for å godta det)",
        "plan/plan.yaml:23:9: advarsel: ingen tiltak gjennomfører strategien «M1»",
        "plan/plan.yaml:23:13: feil: id-en «M1» er brukt før (plan/plan.yaml:13)",
        "plan/plan.yaml:30:14: feil: året 2019 ligger utenfor planperioden 2020–2030",
        "plan/plan.yaml:33:22: feil: tiltaket viser til strategien «S9», som ikke finnes",
    ]


def test_warnings_do_not_stop_the_plan(tmp_path):
    text = MINIMAL.replace("        kilde: SSB\n", "")
    _, warnings = load_project(write_plan(tmp_path, {"plan/plan.yaml": text}))
    assert [str(w) for w in warnings] == ["plan/plan.yaml:16:9: advarsel: ambisjonen «A1» har ingen kilde"]


def test_focus_areas_in_their_own_files(tmp_path):
    head, area = MINIMAL.split("  - id: SO1\n")
    area_text = "\n".join(line[4:] for line in ("  - id: SO1\n" + area).splitlines()) + "\n"
    area_text = "id: SO1\n" + area_text.split("\n", 1)[1]
    files = {
        "plan/plan.yaml": head + "  - satsingsomrader/naering.yaml\n",
        "plan/satsingsomrader/naering.yaml": area_text,
    }
    split, _ = load_project(write_plan(tmp_path / "split", files))
    whole, _ = load_project(write_plan(tmp_path / "whole", {"plan/plan.yaml": MINIMAL}))
    assert split.plan == whole.plan

    broken = dict(files, **{"plan/satsingsomrader/naering.yaml": area_text.replace("ansvar:", "ansvarlig:")})
    assert problems_of(tmp_path / "broken", broken) == [
        "plan/satsingsomrader/naering.yaml:18:5: feil: mangler feltet «ansvar»",
        "plan/satsingsomrader/naering.yaml:20:5: feil: ukjent felt «ansvarlig» – mente du «ansvar»?",
    ]


def test_included_file_must_exist_and_stay_inside_plan(tmp_path):
    head = MINIMAL.split("  - id: SO1\n")[0]
    files = {"plan/plan.yaml": head + "  - mangler.yaml\n  - ../hemmelig.yaml\n"}
    assert problems_of(tmp_path, files) == [
        "plan/plan.yaml:10:5: feil: fant ikke filen plan/mangler.yaml",
        "plan/plan.yaml:11:5: feil: «../hemmelig.yaml» må være en .yaml-fil under plan/",
    ]


def test_unlisted_yaml_file_is_a_warning(tmp_path):
    _, warnings = load_project(write_plan(tmp_path, {"plan/plan.yaml": MINIMAL, "plan/glemt.yaml": "id: SO9\n"}))
    assert [str(w) for w in warnings] == [
        "plan/glemt.yaml:1:1: advarsel: filen er ikke en del av planen (ikke nevnt under satsingsområder)"
    ]


def test_case_and_process_files_are_validated(tmp_path):
    files = {
        "plan/plan.yaml": MINIMAL,
        "plan/sak.yaml": "saksbehandler: Rådgiver\nsamlinger:\n  - dato: 2020-02-30\n    sted: Samfunnshuset\n",
        "plan/prosess.yaml": "organer:\n  - id: formannskap\n    navn: Formannskapet\n    rolle: innstiller\n    valgfri: yes\n",
    }
    assert problems_of(tmp_path, files) == [
        "plan/prosess.yaml:5:14: feil: forventet true eller false, fikk «yes»",
        "plan/sak.yaml:3:11: feil: forventet en dato på formen ÅÅÅÅ-MM-DD, fikk «2020-02-30»",
    ]


def test_process_must_end_with_a_deciding_body(tmp_path):
    files = {
        "plan/plan.yaml": MINIMAL,
        "plan/prosess.yaml": "organer:\n  - id: formannskap\n    navn: Formannskapet\n    rolle: innstiller\n",
    }
    assert problems_of(tmp_path, files) == ["plan/prosess.yaml:4:12: feil: det siste organet må ha rollen «vedtar»"]


def test_revision_is_a_reserved_body_id(tmp_path):
    files = {
        "plan/plan.yaml": MINIMAL,
        "plan/prosess.yaml": "organer:\n  - id: revisjon\n    navn: Revisjon\n    rolle: vedtar\n",
    }
    assert problems_of(tmp_path, files) == [
        "plan/prosess.yaml:2:9: feil: «revisjon» er reservert for nye runder (plan revise)"
    ]


def test_a_number_is_never_silently_read_as_a_date(tmp_path):
    # pydantic's lax dates read a number as seconds since 1970: «dato: 0» became 1 January 1970.
    sak = "samlinger:\n  - dato: 0\n    sted: A\n  - dato: 1580947200\n    sted: B\n  - dato: 2020-02-06T19:00:00\n    sted: C\n"
    assert problems_of(tmp_path, {"plan/plan.yaml": MINIMAL, "plan/sak.yaml": sak}) == [
        "plan/sak.yaml:2:11: feil: forventet en dato på formen ÅÅÅÅ-MM-DD, fikk «0»",
        "plan/sak.yaml:4:11: feil: forventet en dato på formen ÅÅÅÅ-MM-DD, fikk «1580947200»",
        "plan/sak.yaml:6:11: feil: forventet en dato på formen ÅÅÅÅ-MM-DD, fikk «2020-02-06T19:00:00»",
    ]


def test_blank_text_is_empty(tmp_path):
    text = MINIMAL.replace("tittel: Strategisk næringsplan", 'tittel: "   "').replace(
        "ansvar: Rådmannen", 'ansvar: "\\t"'
    )
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:4:9: feil: kan ikke være tom",
        "plan/plan.yaml:29:17: feil: kan ikke være tom",
    ]


def test_values_must_be_finite_numbers(tmp_path):
    text = MINIMAL.replace("{verdi: 860,", "{verdi: nan,").replace("{verdi: 880,", "{verdi: inf,")
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:19:31: feil: forventet et tall (f.eks. 35000, «35 000» eller «2,5»), fikk «nan»",
        "plan/plan.yaml:20:27: feil: forventet et tall (f.eks. 35000, «35 000» eller «2,5»), fikk «inf»",
    ]


def test_decimal_comma_is_a_decimal_sign(tmp_path):
    text = MINIMAL.replace("{verdi: 860,", '{verdi: "860,5",')
    project, _ = load_project(write_plan(tmp_path, {"plan/plan.yaml": text}))
    assert project.plan.focus_areas[0].ambitions[0].baseline.value == 860.5


def test_municipality_number_is_four_ascii_digits(tmp_path):
    text = MINIMAL.replace('nummer: "3430"', 'nummer: "٣٤٣٠"')
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        'plan/plan.yaml:3:11: feil: kommunenummer skal være fire sifre i anførselstegn, f.eks. "3430", fikk «٣٤٣٠»'
    ]


def test_choices_are_listed_in_norwegian(tmp_path):
    text = MINIMAL.replace("kostnad: 50000", "kostnad: 50000\n        status: ferdig")
    prosess = "organer:\n  - id: formannskap\n    navn: Formannskapet\n    rolle: vedta\n"
    assert problems_of(tmp_path, {"plan/plan.yaml": text, "plan/prosess.yaml": prosess}) == [
        "plan/plan.yaml:33:17: feil: må være en av: planlagt, pågår, fullført, utgått, fikk «ferdig»",
        "plan/prosess.yaml:4:12: feil: må være en av: utkast, innstiller, høring, vedtar, fikk «vedta»",
    ]


def test_blank_body_name_gets_the_empty_message_not_the_id_rule(tmp_path):
    prosess = 'organer:\n  - id: kommunestyre\n    navn: " "\n    rolle: vedtar\n'
    assert problems_of(tmp_path, {"plan/plan.yaml": MINIMAL, "plan/prosess.yaml": prosess}) == [
        "plan/prosess.yaml:3:11: feil: kan ikke være tom",
    ]


def test_an_empty_focus_area_file_is_named_as_empty(tmp_path):
    head = MINIMAL.split("  - id: SO1\n")[0]
    files = {
        "plan/plan.yaml": head + "  - tom.yaml\n  - kommentar.yaml\n",
        "plan/tom.yaml": "",
        "plan/kommentar.yaml": "# kommer\n",
    }
    assert problems_of(tmp_path, files) == [
        "plan/kommentar.yaml:1:1: feil: filen er tom; den skal inneholde ett satsingsområde (id, navn, mål, …)",
        "plan/tom.yaml:1:1: feil: filen er tom; den skal inneholde ett satsingsområde (id, navn, mål, …)",
    ]


def test_an_empty_plan_file_is_named_as_empty(tmp_path):
    assert problems_of(tmp_path, {"plan/plan.yaml": "# ingenting ennå\n"}) == [
        "plan/plan.yaml:1:1: feil: filen er tom; den skal inneholde planen (kommune, tittel, periode, …)"
    ]


def test_a_missing_plan_file_at_a_revision_is_located(tmp_path):
    class NoPlan:
        revision = "0" * 40

        def read(self, path):
            return None

        def list(self, directory):
            return []

    with pytest.raises(PlanError) as caught:
        load_project(NoPlan())
    assert [str(p) for p in caught.value.problems] == ["plan/plan.yaml:1:1: feil: filen finnes ikke"]


def test_a_refused_tag_is_one_problem_not_two(tmp_path):
    text = MINIMAL.replace("tittel: Strategisk næringsplan", "tittel: !!python/object:os.system x")
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:4:9: feil: YAML-taggen !!python/object:os.system er ikke tillatt"
    ]


def test_cross_checks_still_run_beside_a_broken_focus_area(tmp_path):
    head, area = MINIMAL.split("  - id: SO1\n")
    area_text = "\n".join(line[4:] for line in ("  - id: SO1\n" + area).splitlines()) + "\n"
    second = area_text.replace("SO1", "SO2").replace("M1", "M2").replace("A1", "A2").replace("S1", "S2")
    second = second.replace("id: T1", "id: T2").replace("ansvar:", "ansvarlig:").replace("[M2]", "[M1]")
    files = {
        "plan/plan.yaml": head.replace("til: 2028", "til: 2040") + "  - a.yaml\n  - b.yaml\n",
        "plan/a.yaml": area_text.replace("fra: 2020\n    til: 2021", "fra: 2041\n    til: 2041"),
        "plan/b.yaml": second,
    }
    assert problems_of(tmp_path, files) == [
        "plan/a.yaml:21:10: feil: året 2041 ligger utenfor planperioden 2020–2040",
        "plan/a.yaml:22:10: feil: året 2041 ligger utenfor planperioden 2020–2040",
        "plan/b.yaml:18:5: feil: mangler feltet «ansvar»",
        "plan/b.yaml:20:5: feil: ukjent felt «ansvarlig» – mente du «ansvar»?",
        "plan/plan.yaml:7:8: feil: perioden 2020–2040 er 21 år; en plan skal gjelde 4 til 12 år (eller sett periodelengde i plan.yaml)",
    ]
