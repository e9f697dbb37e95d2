"""``plan diff`` on real git repositories: revisions read from git, stage tags, exit codes."""

from __future__ import annotations

import json

import pytest

from support import SO1, edit, item, needs_pandoc
from workflow.plan.model import Treatment
from workflow.process.tags import format_message
from workflow.participation.case import case_part

NEW_MEASURE = {
    "id": "T1.7",
    "tekst": "Møteplass for gründere.",
    "ansvar": "Os kommune",
    "fra": 2022,
    "til": 2024,
    "kostnad": 30000,
    "strategier": ["S1.2"],
}


def stage_tag(repo, body: str, date: str, outcome: str = "innstilling") -> str:
    name = f"{body}/{date}"
    treatment = Treatment.model_validate({"organ": body, "dato": date, "utfall": outcome})
    repo.git("tag", "-a", name, "-m", format_message(treatment), date=date)
    return name


def add_measure(folder, measure=NEW_MEASURE):
    edit(folder, SO1, lambda d: d["tiltak"].append(dict(measure)))


def test_without_stage_tag_or_revision_it_explains_usage(git_repo, cli):
    result = cli(git_repo.path, "diff")
    assert result.exit_code == 2
    assert "fant ingen behandlingstag" in result.output and "plan diff A [B]" in result.output
    assert "Usage" not in result.output and "Traceback" not in result.output


def test_working_tree_against_last_stage_tag(git_repo, cli):
    tag = stage_tag(git_repo, "prosjektgruppe", "2020-03-19", "utkast")
    add_measure(git_repo.path)
    result = cli(git_repo.path, "diff")
    assert result.exit_code == 0, result.output
    out = result.output.replace("\xa0", " ")
    assert out.startswith("Endringer i planen fra prosjektgruppens utkast 19. mars 2020 til arbeidskopien\n")
    assert out.splitlines()[1].startswith(f"{tag} (")  # the tag in small print
    assert "Sammendrag: 1 endring" in out
    assert "+ Lagt til tiltak T1.7: Møteplass for gründere. (30 000 kr per år i 2022–2024)" in out
    assert "\x1b[" not in out  # not a terminal: no colours


def test_default_is_the_newest_stage_tag_on_the_line_of_head(git_repo, cli):
    stage_tag(git_repo, "prosjektgruppe", "2020-03-19", "utkast")
    edit(git_repo.path, SO1, lambda d: item(d, "tiltak", "T1.3").__setitem__("kostnad", 70000))
    git_repo.commit("Endring fra formannskapet", date="2020-05-12")
    newest = stage_tag(git_repo, "formannskap", "2020-05-12")
    # a later tag on another branch is not on HEAD's line
    git_repo.git("checkout", "-q", "-b", "sidespor")
    edit(git_repo.path, SO1, lambda d: item(d, "tiltak", "T1.3").__setitem__("kostnad", 10))
    git_repo.commit("Sidespor", date="2020-06-01")
    stage_tag(git_repo, "kommunestyre", "2020-06-18", "vedtatt")
    git_repo.git("checkout", "-q", "main")
    result = cli(git_repo.path, "diff", "--format", "json")
    data = json.loads(result.output)
    assert data["from"]["revision"] == newest
    assert data["changes"] == []


def test_default_skips_a_stage_tag_whose_message_cannot_be_read(git_repo, cli):
    tag = stage_tag(git_repo, "prosjektgruppe", "2020-03-19", "utkast")
    edit(git_repo.path, SO1, lambda d: item(d, "tiltak", "T1.3").__setitem__("kostnad", 70000))
    git_repo.commit("Endring", date="2020-05-12")
    git_repo.git("tag", "-a", "formannskap/2020-05-12", "-m", "laget for hånd", date="2020-05-12")
    result = cli(git_repo.path, "diff", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["from"]["revision"] == tag
    assert [(c["id"], c["field"]) for c in data["changes"]] == [("T1.3", "kostnad")]


def test_two_revisions_come_from_git_not_from_the_working_tree(git_repo, cli):
    first = stage_tag(git_repo, "prosjektgruppe", "2020-03-19", "utkast")
    add_measure(git_repo.path)
    # also rename a focus area file: that is no change in meaning
    (git_repo.path / SO1).rename(git_repo.path / "plan/satsingsomrader/naeringsliv.yaml")
    plan_yaml = git_repo.path / "plan/plan.yaml"
    plan_yaml.write_text(
        plan_yaml.read_text(encoding="utf-8").replace("innovativt-naeringsliv.yaml", "naeringsliv.yaml"),
        encoding="utf-8",
    )
    git_repo.commit("Formannskapets endringer", date="2020-05-12")
    second = stage_tag(git_repo, "formannskap", "2020-05-12")
    # uncommitted work must not show up in a diff between two revisions
    edit(
        git_repo.path,
        "plan/satsingsomrader/naeringsliv.yaml",
        lambda d: d["tiltak"].append({**NEW_MEASURE, "id": "T1.8"}),
    )
    result = cli(git_repo.path, "diff", first, second, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["from"]["revision"] == first and len(data["from"]["commit"]) == 40
    assert data["to"]["revision"] == second and data["to"]["commit"] != data["from"]["commit"]
    assert [(c["kind"], c["id"]) for c in data["changes"]] == [("added", "T1.7")]
    assert data["summary"]["cost"]["delta"] == 3 * 30000
    worktree = json.loads(cli(git_repo.path, "diff", first, "--format", "json").output)
    assert [(c["kind"], c["id"]) for c in worktree["changes"]] == [("added", "T1.7"), ("added", "T1.8")]
    assert worktree["to"] == {"revision": "arbeidskopien", "commit": None, "label": "arbeidskopien"}
    assert worktree["from"]["label"] == "prosjektgruppens utkast 19. mars 2020"


def test_exit_code_option(git_repo, cli):
    assert cli(git_repo.path, "diff", "HEAD", "HEAD", "--exit-code").exit_code == 0
    assert cli(git_repo.path, "diff", "HEAD", "--exit-code").exit_code == 0  # clean working tree
    add_measure(git_repo.path)
    assert cli(git_repo.path, "diff", "HEAD", "--exit-code").exit_code == 1
    assert cli(git_repo.path, "diff", "HEAD").exit_code == 0


@pytest.mark.parametrize(
    "fmt, marker",
    [
        ("markdown", "## Sammendrag"),
        ("html", "<!DOCTYPE html>"),
        ("json", '"schema_version": 1'),
        ("text", "Sammendrag:"),
    ],
)
def test_output_file(git_repo, cli, fmt, marker):
    add_measure(git_repo.path)
    target = git_repo.path / "output" / f"endringer.{fmt}"
    result = cli(git_repo.path, "diff", "HEAD", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"Skrev {target} (1 endring)" in result.output
    text = target.read_text(encoding="utf-8")
    assert marker in text and "T1.7" in text and "\x1b[" not in text
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp file left


def test_docx_needs_an_output_file(git_repo, cli):
    result = cli(git_repo.path, "diff", "HEAD", "--format", "docx")
    assert result.exit_code == 2 and "--format docx krever -o FIL" in result.output


def test_output_that_is_a_folder_is_a_norwegian_usage_error(git_repo, cli):
    result = cli(git_repo.path, "diff", "HEAD", "-o", str(git_repo.path / "plan"))
    assert result.exit_code == 2
    assert "plan er en mappe" in result.output and "is a directory" not in result.output


def test_unknown_revision_and_invalid_old_plan(git_repo, cli):
    result = cli(git_repo.path, "diff", "finnes-ikke")
    assert result.exit_code == 1 and "fant ikke revisjonen «finnes-ikke»" in result.output
    result = cli(git_repo.path, "diff", "--upload-pack=x")
    assert result.exit_code != 0 and "Traceback" not in result.output
    (git_repo.path / "plan/plan.yaml").write_text("tittel: [\n", encoding="utf-8")
    git_repo.commit("Ødelagt", date="2020-04-01")
    broken = git_repo.git("rev-parse", "HEAD")
    git_repo.git("checkout", "-q", "HEAD~1", "--", "plan/plan.yaml")
    result = cli(git_repo.path, "diff", broken)
    assert result.exit_code == 1
    assert f"Planen i {broken} har feil" in result.output and "plan/plan.yaml:" in result.output


@needs_pandoc
def test_docx_redline_of_the_plan_documents(git_repo, cli, tmp_path):
    """The plan document of B with tracked changes against A: pandoc sees the intended
    revisions by Formannskapet dated at the meeting, accepting gives B's document, rejecting A's."""
    import re
    import subprocess

    from support import words
    from workflow.app.revision import round_at
    from workflow.documents.build import build_documents, build_time
    from workflow.documents.names import document_names
    from workflow.process.git import GitSource, open_repo
    from workflow.plan.load import load_project

    first = stage_tag(git_repo, "prosjektgruppe", "2020-03-19", "utkast")
    add_measure(git_repo.path)
    edit(git_repo.path, SO1, lambda d: item(d, "tiltak", "T1.3").__setitem__("kostnad", 80000))
    edit(
        git_repo.path,
        SO1,
        lambda d: item(d, "mål", "M1.2").__setitem__("tekst", "Bedriftene i Os fornyer seg og samarbeider."),
    )
    git_repo.commit("Formannskapets endringer", date="2020-05-12")
    second = stage_tag(git_repo, "formannskap", "2020-05-12")
    target = tmp_path / "endringer.docx"
    result = cli(git_repo.path, "diff", first, second, "--format", "docx", "-o", str(target))
    assert result.exit_code == 0, result.output

    def pandoc(path, mode, to="plain"):
        cmd = ["pandoc", f"--track-changes={mode}", "-f", "docx", "-t", to, "--wrap=none", "--columns=10000", str(path)]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    md = pandoc(target, "all", "markdown")
    who = 'author="Formannskapet" date="2020-05-12T00:00:00Z"'
    inserted = re.findall(r"\[([^\]]*)\]\{\.insertion " + who + r"\}", md)
    deleted = re.findall(r"\[([^\]]*)\]\{\.deletion " + who + r"\}", md)
    assert "T1.7" in inserted and "Møteplass for gründere." in inserted
    assert any("80" in x for x in inserted) and any("60" in x for x in deleted)
    assert ", tar i bruk ny teknologi og kompetanse" in deleted or any("teknologi" in x for x in deleted)
    assert not re.search(r"author=\"(?!Formannskapet)", md)

    repo = open_repo(git_repo.path)
    try:
        built = {}
        for rev in (first, second):
            source = GitSource(repo, rev, git_repo.path)
            project, _ = load_project(source)
            round_ = round_at(repo, git_repo.path, rev, project)  # as plan build --rev builds it
            docs = build_documents(
                project,
                git_repo.path,
                when=round_.when or build_time(git_repo.path, source),
                source=source,
                body=round_.body,
                history=round_.history,
                meeting=round_.meeting,
                part=case_part,
            )
            path = tmp_path / f"{rev.split('/')[0]}.docx"
            path.write_bytes(docs[document_names(project.plan)[0]])
            built[rev] = path
    finally:
        repo.close()
    # the first page is the summary (not a revision); after it, accepting gives B, rejecting A
    from workflow.changes.summarypage import END_OF_SUMMARY

    def plan_part(text):
        before, marker, after = words(text).partition(END_OF_SUMMARY)
        assert marker and "Sammendrag" in before and "Kostnad per år" in before
        return after.strip()

    assert plan_part(pandoc(target, "accept")) == words(pandoc(built[second], "accept"))
    assert plan_part(pandoc(target, "reject")) == words(pandoc(built[first], "accept"))


def test_case_changes_since_a_stage_tag(git_repo):
    from workflow.process import git as g
    from workflow.app.revision import changes_since
    from workflow.process.git import open_repo
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    tag = stage_tag(git_repo, "prosjektgruppe", "2020-03-19", "utkast")
    add_measure(git_repo.path)
    project, _ = load_project(WorkTree(git_repo.path))
    repo = open_repo(git_repo.path)
    try:
        since = next(t for t in g.stage_tags(repo) if t.name == tag)
        sections = changes_since(repo, git_repo.path, project, since)
    finally:
        repo.close()
    assert [s["område"] for s in sections] == ["Et innovativt næringsliv"]
    lines = [line.replace("\xa0", " ") for line in sections[0]["linjer"]]
    assert lines[0] == "Nytt tiltak T1.7: Møteplass for gründere. Kostnad 30 000 kr per år i 2022–2024."
    assert lines[1] == "Kostnadsendring: +30 000 kr per år i 2022–2024; +90 000 kr i alt."


def test_docx_redline_when_a_revision_has_a_broken_plan_template(git_repo, cli, tmp_path):
    """A's plan document is rendered beside B's (in a second process): a broken template in A
    is still reported as a Norwegian error naming the template, exit status 1, no traceback,
    and no document is written."""
    (git_repo.path / "templates").mkdir(exist_ok=True)
    (git_repo.path / "templates" / "plan.docx").write_bytes(b"ikke en Word-fil")
    git_repo.commit("Ødelagt mal", date="2020-04-19")
    a = stage_tag(git_repo, "prosjektgruppe", "2020-04-20")
    (git_repo.path / "templates" / "plan.docx").unlink()
    add_measure(git_repo.path)
    git_repo.commit("Ny mal", date="2020-05-01")
    b = stage_tag(git_repo, "formannskap", "2020-05-12")
    target = tmp_path / "endringer.docx"
    result = cli(git_repo.path, "diff", a, b, "--format", "docx", "-o", str(target))
    assert result.exit_code == 1, result.output
    assert "plan.docx er ikke en gyldig Word-fil" in result.output
    assert "Traceback" not in result.output and not target.exists()
