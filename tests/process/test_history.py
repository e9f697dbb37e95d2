"""plan log, plan status, plan changelog, and --rev reading git objects without touching the
working tree."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import ROOT
from support import tags, walk


@pytest.fixture
def walked(cli, git_repo, tmp_path):
    """The Os plan through formannskapet (with proposals) and the consultation."""
    walk(cli, git_repo, until="prosjektgruppe")
    proposals = tmp_path / "forslag.yaml"
    proposals.write_text("- tekst: Mål M1.3 tar med reiseliv.\n  fremmet_av: Sp\n  stemmer: Vedtatt 5–0\n")
    decision = tmp_path / "vedtak.md"
    decision.write_text("Formannskapet rår kommunestyret til å vedta planen.\n")
    result = cli(
        git_repo.path,
        "advance",
        "formannskap",
        "--date",
        "2020-05-12",
        "--sak",
        "PS 12/20",
        "--forslag-fil",
        str(proposals),
        "--vedtak-fil",
        str(decision),
        "--votering",
        "Enstemmig",
    )
    assert result.exit_code == 0, result.output
    assert cli(git_repo.path, "advance", "høring", "--date", "2020-05-14", "--frist", "2020-06-05").exit_code == 0
    return git_repo


def test_log_tells_the_story(cli, walked):
    text = cli(walked.path, "log")
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0] == "20.04.2020 – Prosjektgruppen: utkast"
    assert "12.05.2020 – Formannskapet: innstilling (PS 12/20)" in lines
    assert "    forslag (Sp): Vedtatt 5–0" in lines and "    votering: Enstemmig" in lines
    assert "      Formannskapet rår kommunestyret til å vedta planen." in lines
    assert "    høringsfrist: 05.06.2020" in lines
    md = cli(walked.path, "log", "--format", "markdown").output
    assert "## 12.05.2020 – Formannskapet: innstilling (PS 12/20)" in md
    assert "- Mål M1.3 tar med reiseliv. (fremmet av Sp) – Vedtatt 5–0" in md
    data = json.loads(cli(walked.path, "log", "--format", "json").output)
    assert [e["tag"] for e in data] == ["prosjektgruppe/2020-04-20", "formannskap/2020-05-12", "horing/2020-05-14"]
    assert data[1]["sak"] == "PS 12/20" and data[1]["navn"] == "Formannskapet"
    assert data[1]["forslag"] == [{"tekst": "Mål M1.3 tar med reiseliv.", "fremmet_av": "Sp", "stemmer": "Vedtatt 5–0"}]
    assert data[2]["høringsfrist"] == "2020-06-05"
    assert len(data[1]["dokumenter"]) == 4  # plan, saksframlegg, innspill og merknadsbehandling, ståstedsanalyse
    older = json.loads(cli(walked.path, "log", "--format", "json", "--rev", "formannskap/2020-05-12").output)
    assert [e["tag"] for e in older] == ["prosjektgruppe/2020-04-20", "formannskap/2020-05-12", "horing/2020-05-14"]


def test_log_without_tags(cli, git_repo):
    result = cli(git_repo.path, "log")
    assert result.exit_code == 0 and "Ingen behandlinger" in result.output


def test_status(cli, walked):
    out = cli(walked.path, "status").output
    assert "Siste behandling: Offentlig høring 14.05.2020: lagt ut på høring, høringsfrist 05.06.2020" in out
    assert "Neste: Kommunestyret (kommunestyre)" in out
    assert (
        "Endret siden planen formannskapet behandlet 12. mai 2020 [formannskap/2020-05-12]: ingen endringer i planen"
        in out
    )
    area = walked.path / "plan/satsingsomrader/innovativt-naeringsliv.yaml"
    area.write_text(
        area.read_text().replace("Flere lokale produkter og opplevelser", "Flere lokale varer og opplevelser")
    )
    out = cli(walked.path, "status").output
    assert (
        "Endret siden planen formannskapet behandlet 12. mai 2020 [formannskap/2020-05-12]: 0 lagt til, 1 endret, 0 fjernet"
        in out
    )
    assert "ikke er lagret i git" in out
    walked.commit("Endret mål", date="2020-06-08")
    assert "1 endret" in cli(walked.path, "status", "--rev", "HEAD").output
    assert "ingen endringer" in cli(walked.path, "status", "--rev", "horing/2020-05-14").output


def test_log_names_the_bodies_when_the_committed_plan_has_an_error(cli, walked):
    """plan log reads only prosess.yaml (not the whole plan): an error in the plan, committed,
    does not cost the log the bodies' names and the process's order."""
    plan = walked.path / "plan/plan.yaml"
    plan.write_text(plan.read_text() + "ukjent_felt: 1\n")
    walked.commit("Feil i planen", date="2020-05-20")
    log = cli(walked.path, "log")
    assert log.exit_code == 0, log.output
    assert "12.05.2020 – Formannskapet: innstilling (PS 12/20)" in log.output
    assert "14.05.2020 – Offentlig høring: lagt ut på høring" in log.output


def test_status_and_log_while_the_working_tree_plan_has_an_error(cli, walked):
    """A typo in the working tree: status still tells where the plan stands (the process as
    committed), counts changed files, and points to plan check."""
    plan = walked.path / "plan/plan.yaml"
    plan.write_text(plan.read_text() + "ukjent_felt: 1\n")
    result = cli(walked.path, "status")
    assert result.exit_code == 0, result.output
    assert "Siste behandling: Offentlig høring 14.05.2020" in result.output
    assert "Neste: Kommunestyret (kommunestyre)" in result.output
    assert (
        "Endret siden planen formannskapet behandlet 12. mai 2020 [formannskap/2020-05-12]: filer under plan/ og templates/: 0 lagt til, 1 endret, 0 fjernet"
        in result.output
    )
    assert "plan check" in result.output
    log = cli(walked.path, "log")
    assert log.exit_code == 0 and "12.05.2020 – Formannskapet: innstilling (PS 12/20)" in log.output


def test_status_before_any_stage(cli, git_repo):
    out = cli(git_repo.path, "status").output
    assert "Ingen behandlinger er registrert ennå." in out and "Neste: Prosjektgruppen" in out


def test_changelog_writes_and_updates(cli, walked):
    result = cli(walked.path, "changelog")
    assert result.exit_code == 0, result.output
    text = (walked.path / "CHANGELOG.md").read_text()
    assert text.startswith("# Endringslogg – Strategisk næringsplan for Os kommune 2020–2028\n")
    assert text.index("Offentlig høring") < text.index("Formannskapet: innstilling") < text.index("Prosjektgruppen")
    assert cli(walked.path, "changelog").output.startswith("CHANGELOG.md er allerede oppdatert")
    assert cli(walked.path, "advance", "kommunestyre", "--date", "2020-06-18").exit_code == 0
    cli(walked.path, "changelog")
    assert "18.06.2020 – Kommunestyret: vedtatt" in (walked.path / "CHANGELOG.md").read_text()
    assert not list(walked.path.glob(".CHANGELOG.md.*"))  # no temp files left


def test_changelog_never_overwrites_a_foreign_changelog(cli, walked):
    shutil.copy(ROOT / "CHANGELOG.md", walked.path / "CHANGELOG.md")  # this software's own
    before = (walked.path / "CHANGELOG.md").read_bytes()
    result = cli(walked.path, "changelog")
    assert result.exit_code == 1 and "blir ikke skrevet over" in result.output
    assert (walked.path / "CHANGELOG.md").read_bytes() == before


def _snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    }


def test_rev_reads_git_objects_without_touching_the_working_tree(cli, walked):
    plan_file = walked.path / "plan/plan.yaml"
    plan_file.write_text(plan_file.read_text().replace("tittel: Strategisk", "tittel: [ødelagt"))  # invalid YAML
    (walked.path / "templates/plan.docx").write_bytes(b"not a docx")
    os.utime(plan_file, ns=(1_000_000_000, 1_000_000_000))
    index = (walked.path / ".git/index").read_bytes()
    before = _snapshot(walked.path)
    assert cli(walked.path, "check").exit_code == 1  # the working tree is broken
    for args in (
        ("check", "--rev", "HEAD"),
        ("log", "--rev", "HEAD"),
        ("status", "--rev", "formannskap/2020-05-12"),
        ("verify", "formannskap/2020-05-12"),
        ("check", "--rev", "formannskap/2020-05-12"),
    ):
        result = cli(walked.path, *args)
        assert result.exit_code == 0, (args, result.output)
    assert _snapshot(walked.path) == before
    assert (walked.path / ".git/index").read_bytes() == index
    assert tags(walked)[-1] == "prosjektgruppe/2020-04-20"
