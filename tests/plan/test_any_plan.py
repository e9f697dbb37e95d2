"""Issue 11: the values and levels real plans use — periods, owners, main goals, sub-goals,
targets that are not one number, level names, text that hides a field, ids across files,
measured values in every output, and the JSON Schema."""

from __future__ import annotations

import io
import json

import pytest
import yaml
from docx import Document

from support import MINIMAL, problems_of, write_plan
from workflow.documents.context import plan_context
from workflow.plan.load import load_project
from workflow.plan.source import WorkTree


def loaded(tmp_path, text: str, extra: dict | None = None):
    return load_project(write_plan(tmp_path, {"plan/plan.yaml": text, **(extra or {})}))


def period(text: str, start: int, end: int) -> str:
    return text.replace("  fra: 2020\n  til: 2028\n", f"  fra: {start}\n  til: {end}\n")


# --- the plan period, counted inclusively --------------------------------------------------


@pytest.mark.parametrize("start, end", [(2023, 2026), (2024, 2027), (2020, 2028)])
def test_usual_periods_are_valid_without_warnings(tmp_path, start, end):
    text = period(MINIMAL, start, end).replace("{verdi: 860, år: 2019}", f"{{verdi: 860, år: {start - 1}}}")
    text = text.replace("år: 2028}", f"år: {end}}}").replace(
        "fra: 2020\n        til: 2021", f"fra: {start}\n        til: {end}"
    )
    _, warnings = loaded(tmp_path, text)
    assert warnings == []


def test_a_twelve_year_strategy_is_allowed_with_a_warning_and_its_own_policy_silences_it(tmp_path):
    text = period(MINIMAL, 2024, 2035).replace("år: 2019}", "år: 2023}").replace("år: 2028}", "år: 2035}")
    text = text.replace("fra: 2020\n        til: 2021", "fra: 2024\n        til: 2025")
    _, warnings = loaded(tmp_path / "a", text)
    assert [str(w) for w in warnings] == [
        "plan/plan.yaml:7:8: advarsel: perioden 2024–2035 er 12 år; de fleste planer gjelder 4 til 9 kalenderår (sett periodelengde i plan.yaml for å godta det)"
    ]
    _, warnings = loaded(tmp_path / "b", text + "periodelengde: {min_år: 4, maks_år: 12}\n")
    assert warnings == []


def test_period_outside_the_plans_own_policy_is_an_error(tmp_path):
    text = period(MINIMAL, 2015, 2027).replace("år: 2019}", "år: 2014}").replace("år: 2028}", "år: 2027}")
    assert problems_of(tmp_path / "a", {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:7:8: feil: perioden 2015–2027 er 13 år; en plan skal gjelde 4 til 12 år (eller sett periodelengde i plan.yaml)"
    ]
    loaded(tmp_path / "b", text + "periodelengde: {min_år: 4, maks_år: 13}\n")  # Sørum: 2015–2027
    assert problems_of(tmp_path / "c", {"plan/plan.yaml": MINIMAL + "periodelengde: {min_år: 4, maks_år: 6}\n"}) == [
        "plan/plan.yaml:7:8: feil: perioden 2020–2028 er 9 år; planen skal gjelde 4 til 6 år (periodelengde)"
    ]


# --- owners ---------------------------------------------------------------------------------

REGION = MINIMAL.replace(
    'kommune:\n  navn: Os\n  nummer: "3430"\n', "kommune:\n  type: region\n  navn: Nord-Østerdal\n"
)


def test_a_region_needs_no_number_and_is_never_called_a_kommune(tmp_path):
    project, _ = loaded(tmp_path, REGION)
    assert plan_context(project)["municipality"]["full_name"] == "Nord-Østerdal"


def test_a_county_is_a_fylkeskommune(tmp_path):
    project, _ = loaded(
        tmp_path, REGION.replace("type: region\n  navn: Nord-Østerdal", "type: fylkeskommune\n  navn: Innlandet")
    )
    assert plan_context(project)["municipality"]["full_name"] == "Innlandet fylkeskommune"


def test_a_kommune_still_needs_its_number_and_a_joint_plan_two_members(tmp_path):
    assert problems_of(tmp_path / "a", {"plan/plan.yaml": MINIMAL.replace('  nummer: "3430"\n', "")}) == [
        "plan/plan.yaml:2:3: feil: mangler feltet «nummer» (kommunenummer, fire sifre)"
    ]
    joint = REGION.replace(
        "type: region\n  navn: Nord-Østerdal\n", "type: felles\n  navn: Re\n  kommuner:\n    - {navn: Re}\n"
    )
    assert problems_of(tmp_path / "b", {"plan/plan.yaml": joint}) == [
        "plan/plan.yaml:2:3: feil: en felles plan (type: felles) må ha minst to kommuner under «kommuner»"
    ]


def test_joint_plan_bodies_name_the_plans_municipalities(tmp_path):
    joint = MINIMAL.replace(
        'kommune:\n  navn: Os\n  nummer: "3430"\n',
        "kommune:\n  type: felles\n  navn: Re og Tønsberg\n  kommuner:\n    - {navn: Re}\n    - {navn: Tønsberg}\n",
    )
    process = (
        "organer:\n"
        "  - {id: re-kst, navn: Kommunestyret i Re, rolle: vedtar, kommune: Re}\n"
        "  - {id: holmestrand, navn: Bystyret i Holmestrand, rolle: vedtar, kommune: Holmestrand}\n"
    )
    assert problems_of(tmp_path, {"plan/plan.yaml": joint, "plan/prosess.yaml": process}) == [
        "plan/prosess.yaml:2:3: feil: en felles plan trenger et organ med rollen «vedtar» for Tønsberg (kommune: Tønsberg)",
        "plan/prosess.yaml:3:77: feil: «Holmestrand» er ikke en av planens kommuner: Re, Tønsberg",
    ]


# --- levels ---------------------------------------------------------------------------------

STRATEGY_DOCUMENT = (
    MINIMAL[: MINIMAL.index("    strategier:\n")] + "        delmål:\n          - {id: M1.1, tekst: Flere lærlinger.}\n"
)
STRATEGY_DOCUMENT = MINIMAL[: MINIMAL.index("    ambisjoner:")].replace(
    "        tekst: Flere jobber.\n",
    "        tekst: Flere jobber.\n        delmål:\n          - {id: M1.1, tekst: Flere lærlinger.}\n",
)


def test_goals_without_strategies_or_measures_give_no_warnings_and_no_costs(tmp_path):
    project, warnings = loaded(tmp_path, STRATEGY_DOCUMENT)
    assert warnings == []
    context = plan_context(project)
    assert context["plan"]["has_measures"] is False
    assert context["plan"]["focus_areas"][0]["goals"][0]["sub_goals"] == [{"id": "M1.1", "text": "Flere lærlinger."}]


def test_strategies_without_measures_give_no_measure_warnings(tmp_path):
    text = MINIMAL[: MINIMAL.index("    tiltak:")]
    _, warnings = loaded(tmp_path, text)
    assert warnings == []


def test_a_plan_without_any_goal_is_never_valid(tmp_path):
    text = MINIMAL[: MINIMAL.index("    mål:\n")]
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:10:3: feil: planen har ingen mål: et satsingsområde må ha minst ett mål (eller planen et hovedmål)"
    ]


def test_sub_goal_and_main_goal_ids_are_unique_in_the_plan(tmp_path):
    text = STRATEGY_DOCUMENT.replace("{id: M1.1,", "{id: M1,") + "hovedmål:\n  id: SO1\n  tekst: Vekst.\n"
    assert problems_of(tmp_path, {"plan/plan.yaml": text}) == [
        "plan/plan.yaml:10:9: feil: id-en «SO1» er brukt før (plan/plan.yaml:18)",
        "plan/plan.yaml:16:18: feil: id-en «M1» er brukt før (plan/plan.yaml:13)",
    ]


def test_indicators_whose_target_is_not_one_number(tmp_path):
    text = STRATEGY_DOCUMENT + (
        "hovedmål:\n  id: H1\n  tekst: Flere arbeidsplasser.\n  indikatorer:\n"
        "    - {id: I1, indikator: Sysselsetting, enhet: prosent, relativt_mål: bedre enn snittet i KOSTRA-gruppe 11, kilde: SSB}\n"
        "    - {id: I2, indikator: Foretak, enhet: antall, retning: økende, kilde: SSB}\n"
        "    - {id: I3, indikator: Nye jobber, enhet: antall, målverdi: {verdi: 40, år: 2028}, kilde: SSB}\n"
    )
    project, warnings = loaded(tmp_path / "a", text)
    assert warnings == []
    rows = plan_context(project)["plan"]["main_goal"]["indicators"]
    assert [(r["baseline_text"], r["target_text"]) for r in rows] == [
        ("mangler", "bedre enn snittet i KOSTRA-gruppe 11"),
        ("mangler", "Retning: økende"),
        ("mangler", "40 (2028)"),
    ]
    no_target = text.replace(", retning: økende", "")
    assert problems_of(tmp_path / "b", {"plan/plan.yaml": no_target}) == [
        "plan/plan.yaml:22:7: feil: mangler et mål: «målverdi», «retning» eller «relativt_mål»"
    ]


def test_the_plans_own_level_names_are_used(tmp_path):
    text = MINIMAL + "nivånavn:\n  satsingsområde: {entall: Fokusområde}\n  mål: {entall: Strategisk mål}\n"
    project, _ = loaded(tmp_path, text)
    levels = plan_context(project)["levels"]
    assert levels["satsingsområde"]["plural"] == "Fokusområder" and levels["mål"]["plural"] == "Strategiske mål"
    assert levels["strategi"]["plural"] == "Strategier"


# --- section 1: no value silently wrong ------------------------------------------------------


@pytest.mark.parametrize(
    "block, line",
    [
        ("        tekst: |\n          Næringsforum.\n          ansvar: Rådmannen\n", 3),
        ("        tekst: |-\n          Næringsforum.\n\n          kostnad: 5000\n", 4),
    ],
)
def test_a_line_that_looks_like_a_field_inside_text_is_a_located_warning(tmp_path, block, line):
    text = MINIMAL.replace("        tekst: Næringsforum.\n", block)
    start = text.index(block)
    first = text[:start].count("\n") + 1
    _, warnings = loaded(tmp_path, text)
    field = block.split("\n")[line - 1].strip().split(":")[0] if line - 1 < len(block.split("\n")) else ""
    assert len(warnings) == 1, warnings
    message = str(warnings[0])
    assert message.startswith(f"plan/plan.yaml:{first + line - 1}:1: advarsel: linjen «")
    assert "står inne i teksten" in message and "Sjekk innrykket" in message
    assert f"er «{field}» ment som et eget felt" in message


def test_a_field_hidden_in_a_folded_text_is_a_warning_at_the_text(tmp_path):
    block = "        tekst: >\n          Næringsforum.\n          ansvar: Rådmannen\n"
    text = MINIMAL.replace("        tekst: Næringsforum.\n", block)
    line = text[: text.index(block)].count("\n") + 1
    _, warnings = loaded(tmp_path, text)
    assert [str(w) for w in warnings] == [
        f"plan/plan.yaml:{line}:16: advarsel: linjen «ansvar: …» står inne i teksten; er «ansvar» ment som et eget felt? Sjekk innrykket"
    ]


def test_an_ordinary_colon_in_text_is_no_warning(tmp_path):
    text = MINIMAL.replace(
        "        tekst: Næringsforum.\n",
        "        tekst: |\n          Næringsforum.\n          Merk: møtes to ganger i året.\n          klokka: 19:00\n",
    )
    _, warnings = loaded(tmp_path, text)
    assert warnings == []


def test_a_duplicate_id_in_two_files_names_both_files_and_lines(plan_dir):
    area = plan_dir / "plan" / "satsingsomrader" / "naeringsvennlig-kommune.yaml"
    text = area.read_text(encoding="utf-8")
    area.write_text(
        text.replace("  - id: M2.1\n", "  - id: M1.1\n    tekst: Et mål til.\n  - id: M2.1\n"), encoding="utf-8"
    )
    problems = problems_of(plan_dir, {})
    assert problems == [
        "plan/satsingsomrader/naeringsvennlig-kommune.yaml:16:9: feil: id-en «M1.1» er brukt før (plan/satsingsomrader/innovativt-naeringsliv.yaml:16)"
    ]


def test_measured_values_show_in_the_document_and_the_exports(plan_dir, cli, tmp_path):
    out = tmp_path / "out"
    for fmt in ("docx", "markdown", "html"):
        result = cli(plan_dir, "build", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
    doc = Document(io.BytesIO((out / "os-naeringsplan-2020-2028.docx").read_bytes()))
    cells = "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    assert "Målt: 2017: 168, 2018: 165" in cells.replace("\u00a0", " ")
    for suffix in (".md", ".html"):
        text = next(out.glob(f"*{suffix}")).read_text(encoding="utf-8").replace("\u00a0", " ")
        assert "Målt: 2017: 168, 2018: 165" in text


def test_schema_has_the_new_levels_and_accepts_written_numbers(cli, tmp_path):
    result = cli(tmp_path, "schema")
    schema = json.loads(result.output)
    for key in ("hovedmål", "nivånavn", "målform", "periodelengde"):
        assert key in schema["properties"], key
    ambition = schema["$defs"]["Ambition"]["properties"]
    assert {"retning", "relativt_mål"} <= set(ambition)
    cost = schema["$defs"]["Measure"]["properties"]["kostnad"]
    assert {"type": "integer", "minimum": 0} in cost["anyOf"]
    process = json.loads(cli(tmp_path, "schema", "prosess").output)
    assert {"kommune", "streng"} <= set(process["$defs"]["Body"]["properties"])


def test_init_defaults_to_a_four_year_plan_starting_next_year(cli, tmp_path):
    import datetime as dt

    target = tmp_path / "tolga"
    assert cli(tmp_path, "init", str(target), "--kommune", "Tolga", "--nummer", "3426").exit_code == 0
    project, warnings = load_project(WorkTree(target))
    next_year = dt.date.today().year + 1
    assert (project.plan.period.start, project.plan.period.end) == (next_year, next_year + 3)
    assert warnings == []


def test_init_in_nynorsk_writes_a_nynorsk_plan_with_nynorsk_templates(cli, tmp_path):
    target = tmp_path / "vinje"
    result = cli(tmp_path, "init", str(target), "--kommune", "Vinje", "--nummer", "4036", "--målform", "nynorsk")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (target / "templates" / "nn").glob("*.docx")) == [
        "arsrapport.docx",
        "handlingsplan.docx",
        "innspill.docx",
        "invitasjon.docx",
        "oppfolging-saksframlegg.docx",
        "plan.docx",
        "saksframlegg.docx",
        "staastedsanalyse.docx",
    ]
    assert cli(target, "check", "--strict").exit_code == 0
    assert cli(target, "build", "-o", str(tmp_path / "out")).exit_code == 0
    case = next(p for p in (tmp_path / "out").glob("*saksframlegg.docx"))
    doc = Document(io.BytesIO(case.read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "Innstilling frå kommunedirektøren" in text and "Saksopplysningar" in text and "Saksbehandlar" in text
    assert "Saksopplysninger" not in text

    # every starter text the project group replaces is nynorsk too (the values; comments aside)
    def texts(value):
        if isinstance(value, dict):
            return [t for k, v in value.items() for t in [f"{k}: {v}" if isinstance(v, str) else "", *texts(v)]]
        if isinstance(value, list):
            return [t for v in value for t in texts(v)]
        return [value] if isinstance(value, str) else []

    files = sorted((target / "plan").rglob("*.yaml"))
    written = "\n".join(t for p in files for t in texts(yaml.safe_load(p.read_text(encoding="utf-8"))))
    assert "Skriv innstillinga her: forslag til vedtak før høyringa" in written
    assert "Skriv innstillinga her: forslag til vedtak, t.d. «Kommunestyret vedtek planen»." in written
    assert "Sysselsette med arbeidsstad i kommunen" in written and "enhet: personar" in written
    for bokmål in ("innstillingen", "høringen", "Sysselsatte", "personer", "Næringsrådgiver", "avdelingen"):
        assert bokmål not in written, bokmål
