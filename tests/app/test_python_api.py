"""What ``plan`` does is doable from Python through ``workflow.app``: the use cases take plain
arguments and return results (or raise a workflow error), without printing, in real git
repositories. The command line prints these results; here a program reads them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from workflow.app.check import check
from workflow.app.diff import NoStageTag, diff
from workflow.app.history import log, write_changelog
from workflow.app.scaffold import InvalidArgument, init_repository
from workflow.app.status import status
from workflow.app.submissions import import_submissions
from workflow.app.tagging import revise
from workflow.app.website import write_website
from workflow.errors import PlanError, WorkflowError

MEASURE_FILE = "plan/satsingsomrader/innovativt-naeringsliv.yaml"


def test_check_returns_the_plan_and_raises_with_the_located_problems(plan_dir):
    found = check(plan_dir)
    assert found.project.plan.title
    assert not found.errors and found.failed() == 0
    assert any(area.measures for area in found.project.plan.focus_areas)
    path = plan_dir / MEASURE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: T1.1\n", "  - id: T1.1\n    ukjent: 1\n", 1))
    with pytest.raises(PlanError) as raised:
        check(plan_dir)
    assert any(p.file == MEASURE_FILE and not p.warning for p in raised.value.problems)


def test_check_reads_a_revision_from_git_not_the_working_tree(git_repo):
    (git_repo.path / "plan" / "plan.yaml").write_text("ikke: [en plan", encoding="utf-8")
    with pytest.raises(PlanError):
        check(git_repo.path)
    assert check(git_repo.path, "HEAD").project.plan.title  # as committed


def test_diff_of_the_working_tree_against_a_commit(git_repo):
    path = git_repo.path / MEASURE_FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "mentorordning for **generasjonsskifte**", "mentorordning for **eierskifte**"
        ),
        encoding="utf-8",
    )
    out = git_repo.path / "endringer.json"
    found = diff(git_repo.path, "HEAD", fmt="json", output=out)
    assert [(c.kind, c.id) for c in found.changes] == [("changed", "T1.1")]
    report = json.loads(found.data)
    assert report["to"]["revision"] == "arbeidskopien"
    assert [c["id"] for c in report["changes"]] == ["T1.1"]
    assert out.read_bytes() == found.data  # written as returned
    assert diff(git_repo.path, "HEAD", "HEAD").changes == []


def test_diff_without_a_stage_tag_is_a_usage_mistake(git_repo):
    with pytest.raises(NoStageTag) as raised:
        diff(git_repo.path)
    assert raised.value.exit_code == 2 and "plan diff A [B]" in raised.value.message


def test_log_and_status_of_the_demo(os_demo):
    found = log(os_demo.repo)
    names = [t.name for t in found.tags]
    assert "formannskap/2020-05-12" in names and names[-1] == "kommunestyre/2020-06-18"
    assert found.process is not None and found.partial is None
    assert {t.track for t in found.action_tags} == {"handlingsplan-2022"}
    entries = json.loads(found.render("json"))
    assert {e["tag"] for e in entries} >= set(names)
    where = status(os_demo.repo)
    assert where.state.adopted is not None and where.state.adopted.name == "kommunestyre/2020-06-18"
    assert not where.broken and not where.dirty
    assert [t.title for t in where.action_plans] == ["Handlingsplan 2022"]
    assert where.action_plans[0].state.adopted is not None  # adopted with the budget


def test_status_at_a_revision_before_the_decision(os_demo):
    where = status(os_demo.repo, "horing/2020-05-14")  # the hearing: on formannskapet's commit
    assert where.state.last is not None and where.state.last.name == "horing/2020-05-14"
    assert where.state.adopted is None and where.action_plans == []


def test_site_from_python_is_the_site_the_command_built(os_demo, tmp_path):
    site = write_website(os_demo.repo, outdir=tmp_path / "site")
    assert site.target == tmp_path / "site" and site.uncommitted == 0
    assert "index.html" in site.files and site.pages > 1 and site.versions >= 4
    written = {p.relative_to(site.target).as_posix(): p.read_bytes() for p in site.target.rglob("*") if p.is_file()}
    built = {p.relative_to(os_demo.site).as_posix(): p.read_bytes() for p in os_demo.site.rglob("*") if p.is_file()}
    assert written == site.files == built  # the same revision gives the same files, byte for byte


def test_changelog_is_written_once_and_never_over_a_users_file(os_demo, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(os_demo.repo, repo, symlinks=True)
    first = write_changelog(repo)
    assert first.written and first.path == repo / "CHANGELOG.md" and first.treatments >= 4
    text = first.path.read_text(encoding="utf-8")
    assert "kommunestyre" in text.lower() and "Handlingsplan 2022" in text
    assert not write_changelog(repo).written  # already up to date
    first.path.write_text("# Våre endringer\n", encoding="utf-8")
    with pytest.raises(WorkflowError, match="merkelinjen mangler"):
        write_changelog(repo)
    assert first.path.read_text(encoding="utf-8") == "# Våre endringer\n"


def test_init_makes_a_plan_that_checks(tmp_path):
    created = init_repository(tmp_path / "tolga", "Tolga", "3426", 2025, 2028)
    assert (tmp_path / "tolga" / ".git").is_dir()
    assert tmp_path / "tolga" / "plan" / "plan.yaml" in created.written
    plan = check(tmp_path / "tolga").project.plan
    assert (plan.period.start, plan.period.end) == (2025, 2028)
    with pytest.raises(InvalidArgument) as raised:
        init_repository(tmp_path / "feil", "Tolga", "34", 2025, 2028)
    assert raised.value.option == "--nummer" and not (tmp_path / "feil").exists()


def test_nothing_is_printed(git_repo, capsys):
    check(git_repo.path)
    diff(git_repo.path, "HEAD")
    write_changelog(git_repo.path)
    assert capsys.readouterr() == ("", "")
    assert Path(git_repo.path / "CHANGELOG.md").exists()


def test_input_imported_from_a_web_forms_export(plan_dir, tmp_path):
    source = tmp_path / "svar.csv"
    source.write_text(
        "Tidspunkt;Navn;Innspill\n20.05.2020;Innbygger 9;Mer lys langs gang- og sykkelveien.\n", encoding="utf-8"
    )
    columns = "mottatt=Tidspunkt,avsender=Navn,tekst=Innspill"
    trial = import_submissions(plan_dir, source, columns=columns, channel="nettskjema", dry_run=True)
    assert len(trial.result.new) == 1 and not trial.result.bad
    assert not (plan_dir / trial.files[0]).exists()  # a dry run writes nothing
    done = import_submissions(plan_dir, source, columns=columns, channel="nettskjema")
    assert done.files == trial.files and (plan_dir / done.files[0]).is_file()
    added = [s for s in check(plan_dir).project.submissions if s.sender == "Innbygger 9"]
    assert [(s.channel, s.text) for s in added] == [("nettskjema", "Mer lys langs gang- og sykkelveien.")]
    again = import_submissions(plan_dir, source, columns=columns, channel="nettskjema")
    assert (again.result.new, again.result.known) == ([], 1)  # already in the register


def test_a_new_round_is_a_tag_the_log_then_shows(os_demo, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(os_demo.repo, repo, symlinks=True)
    day = dt.date(2021, 3, 1)
    trial = revise(repo, day, "Årlig rullering", dry_run=True, today=day)
    assert trial.tag == "revisjon/2021-03-01" and "Årlig rullering" in trial.message
    assert trial.tag not in [t.name for t in log(repo).tags]  # a dry run writes no tag
    step = revise(repo, day, "Årlig rullering", today=day)
    last = log(repo).tags[-1]
    assert (last.name, last.starts_round, last.reason) == (step.tag, True, "Årlig rullering")
    with pytest.raises(WorkflowError, match="langt fra dagens dato"):
        revise(repo, dt.date(2031, 3, 1), today=day)  # a tag cannot be moved: a far date is confirmed
