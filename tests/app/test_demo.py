"""plan demo: one command replays the Os timeline of 2020 in a new repository."""

from __future__ import annotations

import json
import subprocess

import pytest


@pytest.fixture(scope="module")
def demo(os_demo):
    return os_demo.repo, os_demo.output


def git(folder, *args):
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


def test_commits_carry_the_dates_of_2020(demo):
    target, output = demo
    log = git(target, "log", "--reverse", "--format=%ad|%cd|%s", "--date=short").splitlines()
    dates = [line.split("|")[0] for line in log]
    assert [d for d in dates if d < "2021"] == [
        "2020-02-06",
        "2020-03-19",
        "2020-04-20",
        "2020-05-12",  # the proposals filed in formannskapet's meeting (forslag/)
        "2020-05-12",  # the adopted proposal, written and committed by plan advance (issue 24)
        "2020-06-06",
        "2020-06-08",
    ]
    # after adoption: the follow-up of 2021 and 2022 (status reports, the action plan for 2022)
    assert [d for d in dates if d >= "2021"] == ["2021-09-01", "2021-10-15", "2022-01-20", "2022-09-01", "2023-01-20"]
    assert all(line.split("|")[0] == line.split("|")[1] for line in log)
    assert "Samling 2 (uke 12)" in log[1]
    assert log[4].endswith("Formannskapet 12.05.2020 (PS 12/20): vedtatte endringsforslag F1")
    assert "Dokumentene ligger i" in output


def test_tags_replay_the_process(demo):
    target, _ = demo
    tags = git(
        target, "for-each-ref", "--sort=taggerdate", "--format=%(refname:strip=2) %(taggerdate:short)", "refs/tags"
    )
    assert tags.splitlines() == [
        "prosjektgruppe/2020-04-20 2020-04-20",
        "formannskap/2020-05-12 2020-05-12",
        "horing/2020-05-14 2020-05-14",
        "kommunestyre/2020-06-18 2020-06-18",
        "handlingsplan-2022/formannskap/2021-11-18 2021-11-18",
        "handlingsplan-2022/kommunestyre/2021-12-09 2021-12-09",
    ]
    # formannskapet's amendment is in the revision it treated, not in the project group's draft
    changed = git(target, "diff", "--stat", "prosjektgruppe/2020-04-20", "formannskap/2020-05-12")
    assert "innovativt-naeringsliv.yaml" in changed


def test_log_status_and_verify_work_in_the_demo(cli, demo):
    target, _ = demo
    everything = json.loads(cli(target, "log", "--format", "json").output)
    entries = [e for e in everything if "prosess" not in e]
    assert [e["tag"] for e in everything if e.get("prosess") == "handlingsplan-2022"] == [
        "handlingsplan-2022/formannskap/2021-11-18",
        "handlingsplan-2022/kommunestyre/2021-12-09",
    ]
    text = cli(target, "log").output
    assert "Strategien" in text and "Handlingsplan 2022" in text and "PS 60/21" in text
    fsk = entries[1]
    assert fsk["sak"] == "PS 12/20" and fsk["utfall"] == "innstilling" and len(fsk["forslag"]) == 3
    # issue 24: one adopted structured proposal, one rejected, F1 and F3 alternatives
    assert [(p["id"], p["resultat"]) for p in fsk["forslag"]] == [("F1", "vedtatt"), ("F2", "falt"), ("F3", "falt")]
    assert entries[2]["høringsfrist"] == "2020-06-05"
    assert entries[3]["utfall"] == "vedtatt" and entries[3]["sak"] == "PS 30/20"
    assert "Neste: ingen (planen er vedtatt" in cli(target, "status").output
    result = cli(target, "verify")
    assert result.exit_code == 0 and result.output.count("OK ") == 6
    assert "OK handlingsplan-2022/kommunestyre/2021-12-09: 2 dokumenter som registrert" in result.output


def test_documents_are_built(demo):
    target, _ = demo
    manifest = json.loads((target / "output/manifest.json").read_text())
    names = sorted(manifest["files"])
    followup = {n for n in names if "-arsrapport-" in n or "-handlingsplan-" in n}
    # plan, saksframlegg, attachment, situation analysis and the invitation letter (recorded as a
    # set of its own so «plan build --invitasjon» may replace it)
    assert len(names) - len(followup) == 5 and all((target / "output" / n).stat().st_size > 5000 for n in names)
    assert {n: e["set"] for n, e in manifest["files"].items()}["os-invitasjon-samling-1.docx"] == "invitasjon-samling-1"
    assert followup == {
        f"os-naeringsplan-2020-2028-{kind}{suffix}.docx"
        for kind in ("arsrapport-2021", "handlingsplan-2022")
        for suffix in ("", "-saksframlegg")
    }
    assert git(target, "status", "--porcelain") == ""  # output/ is ignored


def test_refuses_a_folder_that_is_not_empty(cli, tmp_path):
    (tmp_path / "noe.txt").write_text("x")
    result = cli(tmp_path, "demo", str(tmp_path))
    assert result.exit_code == 1 and "ikke tom" in result.output
    assert "Lager demodepotet" not in result.output  # it does not start, so it does not say so


def test_the_demo_shows_the_hearing_its_submissions_and_the_merknadsbehandling(cli, demo):
    import docx

    target, output = demo
    assert "nektet  kommunestyre: 9 innspill fra høringen har ikke utfall ennå" in output
    hearing = git(target, "ls-tree", "-r", "--name-only", "horing/2020-05-14", "plan/innspill").split()
    final = git(target, "ls-tree", "-r", "--name-only", "kommunestyre/2020-06-18", "plan/innspill").split()
    assert len(hearing) == 7 and len(final) == 16  # the statements arrive after the hearing starts
    message = git(target, "tag", "-l", "--format=%(contents)", "kommunestyre/2020-06-18")
    assert "os-naeringsplan-2020-2028-innspill.docx:" in message and "overstyrt" not in message
    document = docx.Document(str(target / "output" / "os-naeringsplan-2020-2028-innspill.docx"))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Høringsuttalelser (9)" in [p.text for p in document.paragraphs]
    assert any("Innlandet fylkeskommune" in c for c in cells) and not any("Innbygger 4" in c for c in cells)
    letter = docx.Document(str(target / "output" / "os-invitasjon-samling-1.docx"))
    assert any("torsdag 6. februar 2020" in p.text for p in letter.paragraphs)
    check = cli(target, "check", "--strict")  # every followed statement's items really changed
    assert check.exit_code == 0, check.output


def test_the_demo_follows_the_plan_up_after_adoption(cli, demo):
    """Status entries through 2021 and 2022, the action plan for 2022 treated with the budget,
    the annual report for 2021 built from the revision of January 2022."""
    import docx

    target, output = demo
    assert len(list((target / "plan" / "oppfolging").glob("*.yaml"))) >= 10
    message = git(target, "tag", "-l", "--format=%(contents)", "handlingsplan-2022/kommunestyre/2021-12-09")
    assert "utfall: vedtatt" in message and "sak: PS 60/21" in message
    fsk = git(target, "tag", "-l", "--format=%(contents)", "handlingsplan-2022/formannskap/2021-11-18")
    assert "innstilling: Kommunestyret vedtar handlingsplan 2022" in fsk and "vedtak:" not in fsk  # kept apart (i10)
    case = docx.Document(str(target / "output" / "os-naeringsplan-2020-2028-handlingsplan-2022-saksframlegg.docx"))
    headings = [p.text for p in case.paragraphs if p.style.name.startswith("Heading")]
    assert "Behandling i formannskapet 18.11.2021" in headings and "Formannskapets innstilling" in headings
    report = docx.Document(str(target / "output" / "os-naeringsplan-2020-2028-arsrapport-2021.docx"))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Dato: 15. januar 2022" in text  # the newest value it shows was recorded 15 January 2022
    assert (
        "av 17 tiltak er i gang eller fullført; 0 av 6 ambisjoner er i rute, 1 er ikke i rute og 5 har for få "
        "målinger til å vurderes." in text
    )
    status = cli(target, "status").output
    assert "Handlingsplan 2022: Kommunestyret 09.12.2021: vedtatt (PS 60/21)" in status
    rolled = cli(target, "handlingsplan", "rull", "2023", "--dry-run")
    assert rolled.exit_code == 0 and "rullert_fra: 2022" in rolled.output
