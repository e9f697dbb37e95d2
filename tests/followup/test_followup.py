"""Two years of follow-up after adoption, in a real temporary git repository.

Status entries are recorded through ``plan rapporter`` (and its refusals leave the files as
they were), the action plan for 2022 is rolled, edited and advanced through its own bodies
(``handlingsplan-2022/…`` tags), and the annual reports for 2021 and 2022 are built from git
revisions and read back with python-docx: spent per measure and per year, statuses and the
on-track verdicts are checked against the entries, computed here independently.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from support import needs_soffice

STEM = "os-naeringsplan-2020-2028"


def docx_tables(path: Path) -> list[list[list[str]]]:
    doc = Document(str(path))
    return [[[cell.text.strip() for cell in row.cells] for row in table.rows] for table in doc.tables]


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def table_with(path: Path, header: str) -> list[list[str]]:
    return [t for t in docx_tables(path) if t and t[0][0] == header][0]


def measure_rows(path: Path) -> dict[str, list[str]]:
    """Measure id → [id, text, status, share, planned, spent] from every measures table."""
    rows = {}
    for table in docx_tables(path):
        if table and table[0][:2] == ["Id", "Tiltak og kommentar"]:
            for row in table[1:]:
                if row[0]:
                    rows[row[0]] = row
    return rows


def kr(n: int) -> str:
    """1 250 000 kr, with the no-break spaces Babel writes."""
    return f"{n:,}".replace(",", "\u00a0") + "\u00a0kr"


def fit_projection(points, year):
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return my + slope * (year - mx)


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """The whole walk, once: returns (root, cli, shas, outputs)."""
    import os

    from click.testing import CliRunner

    from conftest import ROOT, GitRepo
    from workflow.cli.main import main

    home = tmp_path_factory.mktemp("home")
    env = {
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Saksbehandler",
        "GIT_AUTHOR_EMAIL": "post@os.kommune.no",
        "GIT_COMMITTER_NAME": "Saksbehandler",
        "GIT_COMMITTER_EMAIL": "post@os.kommune.no",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    root = tmp_path_factory.mktemp("followup") / "os"
    shutil.copytree(ROOT / "plan", root / "plan")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / ".gitignore").write_text("/output/\n")
    repo = GitRepo(root)
    repo.commit("Planen", "2020-04-20")
    log: dict[str, object] = {}

    def cli(*args):
        return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)

    try:
        for args in (
            ("advance", "prosjektgruppe", "--date", "2020-04-20"),
            ("advance", "formannskap", "--date", "2020-05-12", "--sak", "PS 12/20"),
            ("advance", "horing", "--date", "2020-05-14", "--frist", "2020-06-05"),  # the submissions comment on it
            ("advance", "kommunestyre", "--date", "2020-06-18", "--sak", "PS 30/20"),
        ):
            assert cli(*args).exit_code == 0
        # 2. tertial 2021
        assert (
            cli(
                "rapporter", "T1.2", "--status", "pågår", "--andel", "40", "--brukt", "20000", "--dato", "2021-08-31"
            ).exit_code
            == 0
        )
        # A file written by hand, with its own comments and layout: recording only appends.
        handwritten = "# Næringsforum – notater fra saksbehandler\n\n-   dato: 2021-06-01   # oppstart\n    status: pågår\n    andel: 5\n"
        repo.write("plan/oppfolging/T1.3.yaml", handwritten)
        assert (
            cli(
                "rapporter",
                "T1.3",
                "--status",
                "pågår",
                "--andel",
                "15",
                "--brukt",
                "15000",
                "--kommentar",
                "Oppstartsmøte i oktober & «bedriftsbesøk»",
                "--av",
                "Næringskonsulenten",
                "--dato",
                "2021-10-20",
            ).exit_code
            == 0
        )
        log["handwritten"] = (handwritten, (root / "plan/oppfolging/T1.3.yaml").read_text())
        # refusals: nothing may be written
        before = {p.name: p.read_bytes() for p in (root / "plan/oppfolging").iterdir()}
        log["refusals"] = [
            cli("rapporter", "T1.2", "--status", "fullført", "--andel", "40", "--dato", "2021-09-15"),
            cli("rapporter", "T1.1", "--status", "planlagt", "--brukt", "5000", "--dato", "2021-09-15"),
            cli("rapporter", "T1.2", "--status", "pågår", "--andel", "50", "--dato", "2031-01-10"),
            cli("rapporter", "T9.2", "--status", "pågår", "--dato", "2021-09-15"),
            cli("rapporter", "T1.2", "--status", "pågår", "--brukt", "10000", "--dato", "2021-09-15"),
            cli("rapporter", "A1.1", "--verdi", "150", "--år", "2010"),
        ]
        log["unchanged"] = before == {p.name: p.read_bytes() for p in (root / "plan/oppfolging").iterdir()}
        assert (
            cli(
                "rapporter",
                "T1.5",
                "--status",
                "utgått",
                "--kommentar",
                "Slås sammen med T2.1.",
                "--dato",
                "2021-09-20",
            ).exit_code
            == 0
        )
        repo.commit("Statusrapport 2. tertial 2021", "2021-09-21")

        # The action plan for 2022: rolled, edited, committed, treated with the budget.
        log["roll"] = cli("handlingsplan", "rull", "2022")
        path = root / "plan/handlingsplan/2022.yaml"
        text = path.read_text()
        import re

        text = re.sub(r"(- id: T1\.4\n(?:  .*\n|\n)*?  kostnad: )100000", r"\g<1>120000", text)
        text = re.sub(r"(- id: T3\.5\n(?:  .*\n|\n)*?  fra: )2021", r"\g<1>2023", text)
        text += (
            "- id: T1.7\n  satsingsområde: SO1\n  tekst: Felles stand på **Rørosmartnan** for lokalmat & drikke.\n"
            "  ansvar: Rørosregionen Næringshage\n  fra: 2022\n  til: 2024\n  kostnad: 30000\n  strategier: [S1.3]\n"
        )
        path.write_text(text)
        log["second_roll"] = cli("handlingsplan", "rull", "2022")  # refused: never over an existing file
        repo.commit("Forslag til handlingsplan 2022", "2021-10-15")
        log["out_of_order"] = cli("handlingsplan", "advance", "2022", "kommunestyre", "--date", "2021-11-18")
        log["fsk"] = cli("handlingsplan", "advance", "2022", "formannskap", "--date", "2021-11-18", "--sak", "PS 45/21")
        log["kst"] = cli(
            "handlingsplan", "advance", "2022", "kommunestyre", "--date", "2021-12-09", "--sak", "PS 60/21"
        )
        log["again"] = cli("handlingsplan", "advance", "2022", "kommunestyre", "--date", "2021-12-10")

        # Status at the end of 2021, and measured values.
        for args in (
            ("T1.2", "--status", "pågår", "--andel", "60", "--brukt", "45000"),
            ("T2.3", "--status", "fullført", "--brukt", "280000", "--kommentar", "Arealbehovet er kartlagt."),
            ("T3.1", "--status", "pågår", "--andel", "50", "--brukt", "300000"),
        ):
            assert cli("rapporter", *args, "--dato", "2021-12-31").exit_code == 0
        assert (
            cli(
                "rapporter",
                "A1.1",
                "--verdi",
                "158",
                "--år",
                "2021",
                "--kilde",
                "Landbruksdirektoratet",
                "--dato",
                "2022-01-15",
            ).exit_code
            == 0
        )
        assert cli("rapporter", "A3.1", "--verdi", "74", "--år", "2021", "--kilde", "Nkom").exit_code == 0
        log["sha_2021"] = repo.commit("Status per 31.12.2021", "2022-01-20")

        # The strategy itself is changed in 2022 (a goal); the report for 2022 says so.
        goals = root / "plan/satsingsomrader/innovativt-naeringsliv.yaml"
        goals.write_text(
            goals.read_text().replace("særlig **lokalmat**, når ut til", "særlig **lokalmat** og reiseliv, når ut til")
        )
        repo.commit("Mål M1.3 tar med reiseliv", "2022-06-01")

        # 2022: spending starts from zero in a new year; the new measure T1.7 gets entries too.
        for args in (
            ("T1.2", "--status", "pågår", "--andel", "80", "--brukt", "30000"),
            ("T1.7", "--status", "pågår", "--andel", "50", "--brukt", "25000"),
            ("T3.1", "--status", "fullført", "--brukt", "200000"),
            ("T1.4", "--status", "pågår", "--andel", "20", "--brukt", "90000"),
        ):
            result = cli("rapporter", *args, "--dato", "2022-12-31")
            assert result.exit_code == 0, result.output
        log["roll_2023"] = cli("handlingsplan", "rull", "2023", "--dry-run")
        log["sha_2022"] = repo.commit("Status per 31.12.2022", "2023-01-20")

        out = root / "output"
        for name, args in (
            ("r2021", ("build", "--rapport", "2021", "--rev", log["sha_2021"], "-o", str(out / "r2021"))),
            ("r2021_again", ("build", "--rapport", "2021", "--rev", log["sha_2021"], "-o", str(out / "r2021_again"))),
            ("r2021_later", ("build", "--rapport", "2021", "--rev", log["sha_2022"], "-o", str(out / "r2021_later"))),
            ("r2022", ("build", "--rapport", "2022", "-o", str(out / "r2022"))),
            (
                "hp",
                (
                    "handlingsplan",
                    "build",
                    "2022",
                    "--rev",
                    "handlingsplan-2022/formannskap/2021-11-18",
                    "-o",
                    str(out / "hp"),
                ),
            ),
        ):
            log[name] = cli(*args)
        log["log"] = cli("log")
        log["log_json"] = cli("log", "--format", "json")
        log["check"] = cli("check")
        log["changelog"] = cli("changelog")
        yield root, log
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_entries_are_appended_without_rewriting_the_file(walk):
    _, log = walk
    old, new = log["handwritten"]
    assert new.startswith(old)  # the user's comments and layout are kept byte for byte
    assert "kommentar: Oppstartsmøte i oktober & «bedriftsbesøk»" in new
    assert "rapportert_av: Næringskonsulenten" in new


def test_impossible_entries_are_refused_and_nothing_is_written(walk):
    _, log = walk
    completed_at_40, spending_not_started, outside_period, unknown, spending_down, value_outside = log["refusals"]
    assert all(r.exit_code == 1 for r in log["refusals"])
    assert "fullført tiltak er gjennomført 100 %, ikke 40 %" in completed_at_40.output
    assert "ikke har startet" in spending_not_started.output and "brukt" in spending_not_started.output
    assert "utenfor planperioden 2020–2028" in outside_period.output
    assert "ukjent tiltak eller ambisjon «T9.2»" in unknown.output and "mente du" in unknown.output
    assert "kan ikke gå ned" in spending_down.output
    assert "utenfor 2016–2028" in value_outside.output
    assert "Traceback" not in "".join(r.output for r in log["refusals"])
    assert log["unchanged"]


def test_the_action_plan_is_rolled_and_advanced_through_its_own_bodies(walk):
    root, log = walk
    assert log["roll"].exit_code == 0
    assert "T2.4" not in log["roll"].output  # starts in 2023: not in the plan for 2022
    assert log["second_roll"].exit_code == 1 and "finnes allerede" in log["second_roll"].output
    assert log["out_of_order"].exit_code == 1 and "Formannskapet" in log["out_of_order"].output
    assert log["fsk"].exit_code == 0 and "handlingsplan-2022/formannskap/2021-11-18" in log["fsk"].output
    assert log["kst"].exit_code == 0
    assert log["again"].exit_code == 1  # the action plan for 2022 is adopted
    tags = subprocess.run(["git", "tag", "-l"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    assert "handlingsplan-2022/formannskap/2021-11-18" in tags and "handlingsplan-2022/kommunestyre/2021-12-09" in tags
    # the strategy's own process is untouched by the action plan's tags
    status = subprocess.run(
        ["git", "tag", "-l", "kommunestyre/*"], cwd=root, capture_output=True, text=True
    ).stdout.split()
    assert status == ["kommunestyre/2020-06-18"]
    # rolling 2023 from the adopted 2022 plan: T3.1 completed in 2022 leaves, T2.4 (from 2023) joins
    rolled = log["roll_2023"].output
    assert "rullert_fra: 2022" in rolled and "# T3.1: går ut (fullført" in rolled and "# T2.4: nytt" in rolled
    assert "- id: T1.7" in rolled  # the action plan's own measure continues


def test_log_shows_both_processes(walk):
    root, log = walk
    text = log["log"].output
    assert text.index("Strategien") < text.index("18.06.2020 – Kommunestyret: vedtatt (PS 30/20)")
    assert text.index("Handlingsplan 2022") < text.index("18.11.2021 – Formannskapet: innstilling (PS 45/21)")
    entries = json.loads(log["log_json"].output)
    assert [e["tag"] for e in entries if e.get("prosess") == "handlingsplan-2022"] == [
        "handlingsplan-2022/formannskap/2021-11-18",
        "handlingsplan-2022/kommunestyre/2021-12-09",
    ]
    # follow-up files are part of the plan: no error, and no warning about them (the walk skips the
    # hearing's changes, so the submissions' outcomes are only warned about)
    assert log["check"].exit_code == 0, log["check"].output
    assert "plan/oppfolging" not in log["check"].output and "plan/handlingsplan" not in log["check"].output
    changelog = (root / "CHANGELOG.md").read_text()
    assert log["changelog"].exit_code == 0 and "## Handlingsplan 2022" in changelog
    assert changelog.index("### 09.12.2021 – Kommunestyret: vedtatt (PS 60/21)") < changelog.index("### 18.11.2021")


def test_action_plan_case_lists_the_changes_and_costs_per_budget_year(walk):
    root, log = walk
    assert log["hp"].exit_code == 0, log["hp"].output
    case = root / "output/hp" / f"{STEM}-handlingsplan-2022-saksframlegg.docx"
    text = docx_text(case)
    assert "T1.7 Felles stand på Rørosmartnan for lokalmat & drikke" in text  # added
    assert "T1.4: kostnaden er endret fra 100\u00a0000\u00a0kr til 120\u00a0000\u00a0kr per år." in text
    assert "T3.5: start er flyttet fra 2021 til 2023." in text
    assert "Tiltak som går ut" in text and "T1.5 Kompetanseprogram" in text and ": utgått." in text  # with the reason
    costs = table_with(case, "År")
    assert [row[0] for row in costs[1:]] == ["2022", "2023", "2024", "2025", "Sum"]
    assert costs[0][1:3] == ["Strategien", "Handlingsplan 2022"]
    # the saksgang has formannskapet's own meeting at its tag
    assert "PS 45/21" in text and "Rådmannens innstilling" in text
    plan_doc = root / "output/hp" / f"{STEM}-handlingsplan-2022.docx"
    assert "Handlingsplan 2022" in docx_text(plan_doc)


def _expected_2021(root):
    """Independent of the tool's report code: the plan's measures, the entries given above."""
    import yaml

    measures = {}
    for f in sorted((root / "plan/satsingsomrader").glob("*.yaml")):
        for m in yaml.safe_load(f.read_text())["tiltak"]:
            measures[m["id"]] = m
    status = {k: m.get("status", "planlagt") for k, m in measures.items()}
    status.update({"T1.2": "pågår", "T1.3": "pågår", "T2.3": "fullført", "T1.5": "utgått", "T3.1": "pågår"})
    started = sum(s in ("pågår", "fullført") for s in status.values())
    planned_2021 = sum(
        m["kostnad"] for m in measures.values() if m["fra"] <= 2021 <= m["til"] and m.get("status") != "utgått"
    )
    return measures, started, planned_2021


def test_annual_report_2021_numbers_match_the_entries(walk):
    root, log = walk
    assert log["r2021"].exit_code == 0, log["r2021"].output
    report = root / "output/r2021" / f"{STEM}-arsrapport-2021.docx"
    rows = measure_rows(report)
    measures, started, planned_2021 = _expected_2021(root)
    assert rows["T1.2"][2:] == ["Pågår", "60 %", kr(50000), kr(45000)]
    assert rows["T1.3"][2:] == ["Pågår", "15 %", kr(60000), kr(15000)]
    assert rows["T2.3"][2:] == ["Fullført", "100 %", kr(300000), kr(280000)]
    assert rows["T1.5"][2] == "Utgått"
    assert rows["T3.1"][2:] == ["Pågår", "50 %", kr(300000), kr(300000)]
    assert "Oppstartsmøte i oktober & «bedriftsbesøk»" in rows["T1.3"][1]
    assert len(rows) == 17
    years = table_with(report, "År")
    planned_2020 = sum(
        m["kostnad"] for m in measures.values() if m["fra"] <= 2020 <= m["til"] and m.get("status") != "utgått"
    )
    # nothing was reported in 2020: not «0 kr» spent and a deviation of the whole amount
    assert years[1][:4] == ["2020", kr(planned_2020), "ikke rapportert", "–"]
    spent_2021 = 45000 + 15000 + 280000 + 300000
    assert years[2][:3] == ["2021", kr(planned_2021), kr(spent_2021)]
    text = docx_text(report)
    # A1.1: a floor (krav: minst) of 150; the line through 172 (2016) … 158 (2021) falls below it
    a11 = fit_projection([(2016, 172), (2017, 168), (2018, 165), (2019, 161), (2021, 158)], 2028)
    assert a11 < 150 and "A1.1 Aktive gårdsbruk (foretak som søker produksjonstilskudd): ikke i rute" in text
    # A3.1: 62 (2019) → 74 (2021, recorded; replaces the plan's 70): two values are no trend, no number
    assert "A3.1 Andel husstander med tilbud om bredbånd med minst 100 Mbit/s: for få målinger" in text
    assert "om lag 104" not in text and "To målinger er for få til å si hvor utviklingen går" in text
    assert "A2.1 Folketall per 1. januar: ikke målt ennå" in text  # its 2023 value is after 2021
    summary = [line for line in text.splitlines() if line.startswith(f"{started} av 17 tiltak")]
    assert summary == [
        f"{started} av 17 tiltak er i gang eller fullført; 0 av 6 ambisjoner er i rute, 1 er ikke i rute, "
        "1 har for få målinger til å vurderes og 4 er ikke målt ennå."
    ], summary
    # charts: one picture per ambition, with alt text in words
    doc = Document(str(report))
    descr = [
        d.get("descr")
        for d in doc.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    ]
    assert len(descr) == 6 and all(d.startswith("Diagram for ") for d in descr)
    case = root / "output/r2021" / f"{STEM}-arsrapport-2021-saksframlegg.docx"
    case_text = docx_text(case)
    assert "1. Årsrapporten for 2021 tas til orientering." in case_text
    assert "Formannskapet" in case_text
    assert "Strategien er ikke endret i 2021." in text


def test_annual_report_is_reproducible_from_git_alone(walk):
    root, log = walk
    name = f"{STEM}-arsrapport-2021.docx"
    first = (root / "output/r2021" / name).read_bytes()
    assert first == (root / "output/r2021_again" / name).read_bytes()
    # Built later from a revision with 2022's entries: the same numbers for 2021.
    assert log["r2021_later"].exit_code == 0
    later = root / "output/r2021_later" / name
    assert measure_rows(later) == measure_rows(root / "output/r2021" / name)


def test_annual_report_2022_uses_the_action_plan_and_this_years_spending(walk):
    root, log = walk
    assert log["r2022"].exit_code == 0, log["r2022"].output
    report = root / "output/r2022" / f"{STEM}-arsrapport-2022.docx"
    rows = measure_rows(report)
    assert rows["T1.4"][2:] == ["Pågår", "20 %", kr(120000), kr(90000)]  # re-costed in the action plan
    assert rows["T1.7"][2:] == ["Pågår", "50 %", kr(30000), kr(25000)]  # the action plan's new measure
    assert rows["T1.2"][2:] == ["Pågår", "80 %", kr(50000), kr(30000)]  # 2022's spending, not the total
    assert rows["T3.1"][2:4] == ["Fullført", "100 %"]
    assert rows["T3.5"][4] == kr(0)  # delayed to 2023: nothing planned for 2022
    assert "T1.5" not in rows  # given up in 2021: left the action plan
    assert rows["T2.3"][2:4] == ["Fullført", "100 %"]  # completed at the end of 2021, after the roll
    years = table_with(report, "År")
    assert years[2][:3] == ["2021", years[2][1], kr(45000 + 15000 + 280000 + 300000)]
    assert years[3][2] == kr(30000 + 25000 + 200000 + 90000)
    text = docx_text(report)
    assert (
        "Endringer fra strategien til handlingsplan 2022" in text
        and "T3.5: start er flyttet fra 2021 til 2023." in text
    )
    # the strategy's own change during 2022, found from git (last commit of 2021 against of 2022)
    assert "Endringer i strategien i 2022" in text and "M1.3" in text.split("Endringer i strategien i 2022")[1]


def test_follow_up_documents_are_valid_word(walk, validate_docx):
    root, _ = walk
    # the report (pictures are where Word is strictest) and the shared follow-up case template;
    # the action plan document was checked by hand (jing takes ~13 s a file on 2 shared cores)
    validate_docx(
        root / "output/r2021" / f"{STEM}-arsrapport-2021.docx",
        root / "output/hp" / f"{STEM}-handlingsplan-2022-saksframlegg.docx",
    )


@needs_soffice
def test_annual_report_as_pdf(walk, cli):
    """The report and its saksframlegg as PDF/A with real LibreOffice, read back with poppler."""
    root, log = walk
    out = root / "output" / "pdf"
    result = cli(root, "build", "--rapport", "2021", "--rev", log["sha_2021"], "--pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    pdf = out / f"{STEM}-arsrapport-2021.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "0 av 6 ambisjoner er i rute" in text and "Årsrapport 2021" in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    kinds = [line.split()[2] for line in images.strip().splitlines()[2:]]
    assert kinds.count("image") == 6  # one chart per ambition (each with its transparency mask)
    case = subprocess.run(
        ["pdftotext", str(out / f"{STEM}-arsrapport-2021-saksframlegg.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Årsrapporten for 2021 tas til orientering." in case
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["files"][f"{STEM}-arsrapport-2021.pdf"]["derived_from"] == f"{STEM}-arsrapport-2021.docx"


# --- inputs outside what the follow-up can hold (issue 20 §3) ----------------------------------


def _plan(folder: Path, *args: str):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "workflow", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("year", ["0", "-1", "99999", "2019", "2029"])
def test_an_annual_report_for_a_year_outside_the_plan_period_is_a_usage_error(git_repo, year):
    done = _plan(git_repo.path, "build", "--rapport", year)
    assert done.returncode == 2, done.stderr
    assert f"--rapport {year}: årsrapporten gjelder et år i planperioden 2020–2028" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (git_repo.path / "output").exists()


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("1 000 000 000 000 000", "tallet er for stort (høyst 15 sifre før komma)"),
        ("-1000000000000000", "tallet er for stort"),
        ("1234567,12345678901", "for mange sifre"),
        ("35.000", "tvetydig tall: «35.000» kan være tusenskille eller desimaltegn; skriv «35 000»"),
        ("1e308", "forventet et tall (f.eks. 35000, «35 000» eller «2,5»), fikk «1e308»"),
        ("inf", "forventet et tall"),
        ("nan", "forventet et tall"),
        ("1_000", "forventet et tall"),
    ],
)
def test_a_measured_value_is_read_by_the_plans_number_rule_or_refused(plan_dir, value, why):
    before = (plan_dir / "plan" / "oppfolging").exists() and sorted((plan_dir / "plan" / "oppfolging").iterdir())
    done = _plan(plan_dir, "rapporter", "A1.1", "--verdi", value, "--år", "2021")
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("plan rapporter: --verdi: ") and why in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    after = (plan_dir / "plan" / "oppfolging").exists() and sorted((plan_dir / "plan" / "oppfolging").iterdir())
    assert before == after


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [
        ("--brukt", "45.000", "tvetydig beløp: «45.000» kan leses som et desimaltall; skriv «45 000»"),
        ("--brukt", "45000,50", "forventet et heltall (hele kroner, uten desimaler)"),
        ("--brukt", "-5", "beløpet i kroner er 0 eller mer, fikk «-5»"),
        ("--andel", "101", "andelen i prosent er fra 0 til 100, fikk «101»"),
        ("--andel", "12,5", "forventet et heltall"),
        ("--andel", "101 %", "andelen i prosent er fra 0 til 100, fikk «101 %»"),
        ("--andel", "%", "forventet et tall"),
    ],
)
def test_an_amount_or_a_share_is_a_whole_number_by_the_same_rule(plan_dir, option, value, why):
    done = _plan(plan_dir, "rapporter", "T1.2", "--status", "pågår", option, value, "--dato", "2021-08-31")
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith(f"plan rapporter: {option}: ") and why in done.stderr, done.stderr
    assert not (plan_dir / "plan/oppfolging/T1.2.yaml").exists()


def test_norwegian_number_forms_on_the_command_line_are_read_as_written(plan_dir):
    value = _plan(plan_dir, "rapporter", "A1.1", "--verdi", "2,5", "--år", "2021", "--dato", "2022-01-20")
    assert value.returncode == 0, value.stderr
    spent = _plan(
        plan_dir,
        "rapporter",
        "T1.2",
        "--status",
        "pågår",
        "--andel",
        "60 %",
        "--brukt",
        "45\u00a0000",
        "--dato",
        "2021-08-31",
    )
    assert spent.returncode == 0, spent.stderr
    assert "brukt 45 000 kr i 2021" in spent.stdout.replace("\u00a0", " ")
    assert "verdi: 2.5\n" in (plan_dir / "plan/oppfolging/A1.1.yaml").read_text(encoding="utf-8")
    assert "andel: 60\n  brukt: 45000\n" in (plan_dir / "plan/oppfolging/T1.2.yaml").read_text(encoding="utf-8")
    assert _plan(plan_dir, "check").returncode == 0


def test_a_year_on_the_command_line_is_written_in_digits(plan_dir):
    done = _plan(plan_dir, "handlingsplan", "build", "20x2")
    assert done.returncode == 2
    assert done.stderr == "plan handlingsplan build: ÅR: «20x2» er ikke et årstall (skriv det med sifre, f.eks. 2022)\n"
    done = _plan(plan_dir, "rapporter", "A1.1", "--verdi", "150", "--år", "2 021")
    assert done.returncode == 2
    assert "plan rapporter: --år: «2 021» er ikke et årstall" in done.stderr


def test_a_small_measured_value_is_written_so_it_reads_back(plan_dir):
    done = _plan(plan_dir, "rapporter", "A1.1", "--verdi", "0,0000001", "--år", "2021")
    assert done.returncode == 0, done.stderr
    assert "verdi: '0.0000001'" in (plan_dir / "plan/oppfolging/A1.1.yaml").read_text(encoding="utf-8")
    check = _plan(plan_dir, "check")
    assert check.returncode == 0, check.stderr


def test_a_value_in_a_follow_up_file_follows_the_number_rule(plan_dir):
    (plan_dir / "plan/oppfolging").mkdir(exist_ok=True)
    (plan_dir / "plan/oppfolging/A1.1.yaml").write_text(
        "- år: 2021\n  verdi: 100000000000000000000000\n", encoding="utf-8"
    )
    done = _plan(plan_dir, "check")
    assert done.returncode == 1
    assert "plan/oppfolging/A1.1.yaml:2:" in done.stderr and "tallet er for stort" in done.stderr
