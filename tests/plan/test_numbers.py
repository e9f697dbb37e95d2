"""Numbers written by people (issue 11 §1, issue 12 §3): every written form is read as the
number the person meant, or refused with a located error that shows how to write it."""

from __future__ import annotations

import pytest

from support import MINIMAL, problems_of, write_plan
from workflow.documents.context import plan_context
from workflow.plan.load import load_project

COST = "        kostnad: 50000\n"
COST_LINE = MINIMAL[: MINIMAL.index(COST)].count("\n") + 1
VALUE = "{verdi: 860,"
VALUE_LINE = MINIMAL[: MINIMAL.index(VALUE)].count("\n") + 1


def with_cost(written: str) -> str:
    return MINIMAL.replace(COST, f"        kostnad: {written}\n")


def with_value(written: str) -> str:
    return MINIMAL.replace(VALUE, f"{{verdi: {written},")


@pytest.mark.parametrize(
    "written, meant",
    [
        ("35000", 35000),
        ('"35 000"', 35000),  # space
        ("35 000", 35000),  # a plain scalar may hold the space too
        ('"35\u00a0000"', 35000),  # no-break space
        ('"35\u2009000"', 35000),  # thin space
        ('"35\u202f000"', 35000),  # narrow no-break space
        ('"1 250 000"', 1250000),
        ("'35000'", 35000),
        ("0", 0),
    ],
)
def test_amounts_are_read_as_meant(tmp_path, written, meant):
    project, _ = load_project(write_plan(tmp_path, {"plan/plan.yaml": with_cost(written)}))
    measure = project.plan.focus_areas[0].measures[0]
    assert measure.cost == meant
    context = plan_context(project)
    digits = "".join(c for c in context["plan"]["focus_areas"][0]["measures"][0]["cost_text"] if c.isdigit())
    assert int(digits) == meant


@pytest.mark.parametrize(
    "written, message",
    [
        (
            "35.000",
            "tvetydig beløp: «35.000» kan leses som et desimaltall; skriv «35 000» (hele kroner, mellomrom mellom tusener)",
        ),
        (
            '"35,000"',
            "tvetydig beløp: «35,000» kan leses som et desimaltall; skriv «35 000» (hele kroner, mellomrom mellom tusener)",
        ),
        (
            "1.250.000",
            "tvetydig beløp: «1.250.000» kan leses som et desimaltall; skriv «1 250 000» (hele kroner, mellomrom mellom tusener)",
        ),
        (
            '"1,250,000"',
            "tvetydig beløp: «1,250,000» kan leses som et desimaltall; skriv «1 250 000» (hele kroner, mellomrom mellom tusener)",
        ),
        ("35.0", "forventet et heltall (hele kroner, uten desimaler)"),
        ('"35,0"', "forventet et heltall (hele kroner, uten desimaler)"),
        ("true", "forventet et tall, ikke true/false (skriv tallet, f.eks. 35000)"),
        ("false", "forventet et tall, ikke true/false (skriv tallet, f.eks. 35000)"),
        ('"150000,50"', "forventet et heltall (hele kroner, uten desimaler)"),
        ("2.5", "forventet et heltall (hele kroner, uten desimaler)"),
        ("35 00", "forventet et tall (f.eks. 35000, «35 000» eller «2,5»), fikk «35 00»"),
        ("35kr", "forventet et tall (f.eks. 35000, «35 000» eller «2,5»), fikk «35kr»"),
        ("1e6", "forventet et tall (f.eks. 35000, «35 000» eller «2,5»), fikk «1e6»"),
        ("-5", "må være minst 0, fikk «-5»"),
        ("10000000000000000000000000", "tallet er for stort (høyst 15 sifre før komma)"),
        ("1000000000000000", "tallet er for stort (høyst 15 sifre før komma)"),
    ],
)
def test_amounts_that_could_be_misread_are_located_errors(tmp_path, written, message):
    assert problems_of(tmp_path, {"plan/plan.yaml": with_cost(written)}) == [
        f"plan/plan.yaml:{COST_LINE}:18: feil: {message}"
    ]


@pytest.mark.parametrize(
    "written, meant, printed",
    [
        ("860", 860, "860"),
        ("2.5", 2.5, "2,5"),
        ('"2,5"', 2.5, "2,5"),
        ("0.0004", 0.0004, "0,0004"),  # never rounded away
        ('"0,0004"', 0.0004, "0,0004"),
        ('"1 880"', 1880, "1\u00a0880"),
        ('"1\u00a0880,25"', 1880.25, "1\u00a0880,25"),
        ("0.500", 0.5, "0,5"),  # a zero whole part is never a thousands group
        ('"1,880"', 1.88, "1,88"),  # the comma is the Norwegian decimal sign
        ('"1,125"', 1.125, "1,125"),
        ('"2,500"', 2.5, "2,5"),
        ("-3.25", -3.25, "\u22123,25"),
        ("123456789012345", 123456789012345, "123\u00a0456\u00a0789\u00a0012\u00a0345"),
    ],
)
def test_decimal_values_are_read_and_printed_exactly(tmp_path, written, meant, printed):
    project, _ = load_project(write_plan(tmp_path, {"plan/plan.yaml": with_value(written)}))
    assert project.plan.focus_areas[0].ambitions[0].baseline.value == meant
    assert plan_context(project)["plan"]["focus_areas"][0]["ambitions"][0]["baseline"] == printed


@pytest.mark.parametrize(
    "written, message",
    [
        (
            "1.880",
            "tvetydig tall: «1.880» kan være tusenskille eller desimaltegn; skriv «1 880» (mellomrom mellom tusener) eller «1,880» (komma som desimaltegn)",
        ),
        (
            "1.125",
            "tvetydig tall: «1.125» kan være tusenskille eller desimaltegn; skriv «1 125» (mellomrom mellom tusener) eller «1,125» (komma som desimaltegn)",
        ),
        ("true", "forventet et tall, ikke true/false (skriv tallet, f.eks. 35000)"),
        ("1e30", "forventet et tall (f.eks. 35000, «35 000» eller «2,5»), fikk «1e30»"),
        (
            "1234567890.1234567",
            "tallet har for mange sifre (høyst 15 gjeldende sifre); rund av selv, så blir ingenting rundet bort i stillhet",
        ),
        ("99999999999999999999999999", "tallet er for stort (høyst 15 sifre før komma)"),
    ],
)
def test_decimal_values_that_could_be_misread_are_located_errors(tmp_path, written, message):
    column = MINIMAL.splitlines()[VALUE_LINE - 1].index(VALUE) + len("{verdi: ") + 1
    assert problems_of(tmp_path, {"plan/plan.yaml": with_value(written)}) == [
        f"plan/plan.yaml:{VALUE_LINE}:{column}: feil: {message}"
    ]


def test_the_largest_amounts_build_without_a_crash(tmp_path, cli):
    """The largest accepted amount over every year of a long plan still prints (Babel fails at
    10^25); plan build writes the documents."""
    text = with_cost("999999999999999").replace("til: 2021", "til: 2028")
    folder = tmp_path / "big"
    write_plan(folder, {"plan/plan.yaml": text})
    result = cli(folder, "build", "--format", "markdown", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "| 8 999 999 999 999 991 kr |" in text


def test_a_sum_too_large_is_a_located_error_not_a_crash(tmp_path, cli):
    measure = MINIMAL[MINIMAL.index("      - id: T1") :]
    many = "".join(
        measure.replace("T1", f"T{i}").replace("kostnad: 50000", "kostnad: 999999999999999") for i in range(1, 1002)
    )
    text = MINIMAL[: MINIMAL.index("      - id: T1")] + many
    folder = tmp_path / "sum"
    write_plan(folder, {"plan/plan.yaml": text})
    result = cli(folder, "check")
    assert result.exit_code == 1
    line = text[: text.index("kostnad", text.index("id: T501\n"))].count("\n") + 1
    assert f"plan/plan.yaml:{line}:18: feil: summen av kostnadene blir for stor (høyst 18 sifre)" in result.output
    assert cli(folder, "build", "-o", str(tmp_path / "out")).exit_code == 1
