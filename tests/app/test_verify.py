"""plan verify: documents rebuilt from a stage tag's revision (plan files and templates read
from git) match the sha256 recorded in the tag; a changed build is caught and named."""

from __future__ import annotations

import hashlib


from workflow.process import git as g
from workflow.app.approval import prepare_step
from workflow.app.revision import documents, load_at, repository, round_at
from workflow.process.tags import parse_message

from support import message, walk


def _change_template(path):
    from docx import Document

    doc = Document(str(path))
    doc.add_paragraph("Malen er endret etter behandlingen.")
    doc.save(str(path))


def test_verify_all_stage_tags(cli, git_repo):
    walk(cli, git_repo)
    result = cli(git_repo.path, "verify")
    assert result.exit_code == 0, result.output
    assert (
        result.output.count("OK ") == 4 and "OK kommunestyre/2020-06-18: 4 dokumenter som registrert" in result.output
    )


def test_template_changed_after_the_tag_does_not_matter(cli, git_repo):
    walk(cli, git_repo, until="formannskap")
    _change_template(git_repo.path / "templates/saksframlegg.docx")
    git_repo.commit("Ny mal for saksframlegg", date="2020-05-13")
    result = cli(git_repo.path, "verify", "formannskap/2020-05-12")
    assert result.exit_code == 0, result.output
    # the documents `plan build --rev TAG` makes are byte for byte those the tag recorded
    recorded = parse_message(message(git_repo, "formannskap/2020-05-12")).documents
    with repository(git_repo.path) as repo:
        project, _ = load_at(repo, git_repo.path, "formannskap/2020-05-12")
        round_ = round_at(repo, git_repo.path, "formannskap/2020-05-12", project)
        assert round_.body == "formannskap" and [t.stage for t in round_.history] == ["prosjektgruppe"]
        files = documents(repo, git_repo.path, project.revision, project, round_)
    assert {n: hashlib.sha256(b).hexdigest() for n, b in files.items()} == recorded


def test_changed_template_at_the_tagged_revision_is_caught(cli, git_repo):
    """The recorded hashes come from one build; the tagged revision's template differs."""
    with repository(git_repo.path) as repo:
        step = prepare_step(git_repo.path, repo, "prosjektgruppe", __import__("datetime").date(2020, 4, 20))
    _change_template(git_repo.path / "templates/saksframlegg.docx")
    changed = git_repo.commit("Ny mal", date="2020-02-06")  # same committer date as the first commit
    with repository(git_repo.path) as repo:
        g.create_tag(repo, step.tag, changed, step.message)
    result = cli(git_repo.path, "verify", step.tag)
    assert result.exit_code == 1
    (case_doc,) = [n for n in step.treatment.documents if n.endswith("saksframlegg.docx")]
    others = [n for n in step.treatment.documents if n != case_doc]  # the plan, the attachment
    assert f"AVVIK prosjektgruppe/2020-04-20: {case_doc}: sha256 er " in result.output
    assert others and not any(n in result.output for n in others)  # same plan, date, templates: same bytes
    assert "1 av 1 tagger har avvik." in result.output


def test_verify_refuses_what_is_not_a_stage_tag(cli, git_repo):
    assert "Ingen behandlingstagger" in cli(git_repo.path, "verify").output
    for name, words in (
        ("v1.0", "ikke en behandlingstag"),
        ("formannskap/2020-05-12", "fant ingen annotert tag"),
        ("--upload-pack=x", "ikke en behandlingstag"),
    ):
        result = cli(git_repo.path, "verify", "--", name)
        assert result.exit_code == 1 and words in result.output


def test_plan_build_rev_reproduces_the_recorded_documents(cli, git_repo, tmp_path):
    walk(cli, git_repo, until="formannskap")
    result = cli(git_repo.path, "build", "--rev", "formannskap/2020-05-12", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    recorded = parse_message(message(git_repo, "formannskap/2020-05-12")).documents
    built = {name: hashlib.sha256((tmp_path / "out" / name).read_bytes()).hexdigest() for name in recorded}
    assert built == recorded


def test_the_recorded_saksframlegg_shows_the_bodys_own_meeting(cli, git_repo, tmp_path):
    import docx

    walk(cli, git_repo, until="formannskap")
    assert cli(git_repo.path, "build", "--rev", "formannskap/2020-05-12", "-o", str(tmp_path)).exit_code == 0
    case = docx.Document(str(next(tmp_path.glob("*-saksframlegg.docx"))))
    rows = [[c.text for c in row.cells] for table in case.tables for row in table.rows]
    assert ["Formannskapet", "12.05.2020", "PS 12/20"] in rows
