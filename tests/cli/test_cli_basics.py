"""plan check / schema / init through the CLI: exit codes and what the user reads."""

from __future__ import annotations

import json
import subprocess
import sys

from workflow.plan.load import load_project
from workflow.resources import default_templates_dir
from workflow.plan.source import WorkTree


def test_check_passes_on_the_os_plan(cli, plan_dir):
    result = cli(plan_dir, "check", "--strict")
    assert result.exit_code == 0, result.output
    assert "OK: Strategisk næringsplan for Os kommune 2020–2028: 3 satsingsområder" in result.stdout


def test_check_reports_every_problem_and_exits_1(cli, plan_dir):
    area = plan_dir / "plan/satsingsomrader/rammebetingelser.yaml"
    area.write_text(area.read_text().replace("tiltak:", "tilltak:", 1) + "beskrivelse: to ganger\n")
    plan = plan_dir / "plan/plan.yaml"
    plan.write_text(plan.read_text().replace("til: 2028", "til: 2040", 1))
    result = cli(plan_dir, "check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("plan/satsingsomrader/rammebetingelser.yaml:") and "mente du «tiltak»" in line for line in lines
    )
    assert any("beskrivelse» står to ganger" in line for line in lines)
    assert lines[-1].endswith("feil funnet.")
    assert "Traceback" not in result.output


def test_strict_makes_warnings_fatal(cli, plan_dir):
    area = plan_dir / "plan/satsingsomrader/rammebetingelser.yaml"
    text = area.read_text()
    start = text.index("    kilde:")
    area.write_text(text[:start] + text[text.index("\n", start) + 1 :])
    assert cli(plan_dir, "check").exit_code == 0
    strict = cli(plan_dir, "check", "--strict")
    assert strict.exit_code == 1
    assert "advarsel: ambisjonen" in strict.stderr and "har ingen kilde" in strict.stderr


def test_usage_errors_exit_2(cli, plan_dir):
    assert cli(plan_dir, "check", "--nope").exit_code == 2
    assert cli(plan_dir, "no-such-command").exit_code == 2


def test_no_plan_here_is_a_clear_error(cli, tmp_path):
    result = cli(tmp_path, "check")
    assert result.exit_code == 1
    assert "fant ingen plan" in result.stderr


def test_check_rev_reads_git_not_the_working_tree(cli, git_repo):
    plan = git_repo.path / "plan/plan.yaml"
    plan.write_text("ødelagt: [\n")
    assert cli(git_repo.path, "check").exit_code == 1
    result = cli(git_repo.path, "check", "--rev", "HEAD")
    assert result.exit_code == 0, result.output
    assert plan.read_text() == "ødelagt: [\n"
    unknown = cli(git_repo.path, "check", "--rev", "--upload-pack=touch /tmp/x")
    assert unknown.exit_code == 1 and "ugyldig revisjon" in unknown.stderr


def test_schema_is_json_schema_with_norwegian_keys(cli, plan_dir):
    result = cli(plan_dir, "schema")
    schema = json.loads(result.stdout)
    assert {"kommune", "periode", "visjon", "satsingsområder"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    area = json.loads(cli(plan_dir, "schema", "satsingsomrade").stdout)
    assert "tiltak" in area["properties"]


def test_init_then_check_passes(cli, tmp_path):
    target = tmp_path / "tolga"
    result = cli(
        tmp_path, "init", str(target), "--kommune", "Tolga", "--nummer", "3426", "--fra", "2025", "--til", "2030"
    )
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir()
    assert "/output/*" in (target / ".gitignore").read_text()
    project, warnings = load_project(WorkTree(target))
    assert project.plan.title == "Strategisk næringsplan for Tolga kommune" and warnings == []
    assert cli(target, "check", "--strict").exit_code == 0
    shipped = sorted(p.name for p in default_templates_dir().glob("*.docx"))
    assert sorted(p.name for p in (target / "templates").glob("*.docx")) == shipped
    again = cli(tmp_path, "init", str(target), "--kommune", "Tolga", "--nummer", "3426")
    assert again.exit_code == 1 and "skriver aldri over" in again.stderr


def test_init_rejects_bad_input_as_usage_error(cli, tmp_path):
    assert cli(tmp_path, "init", str(tmp_path / "a"), "--kommune", "X", "--nummer", "12").exit_code == 2
    assert (
        cli(
            tmp_path,
            "init",
            str(tmp_path / "b"),
            "--kommune",
            "X",
            "--nummer",
            "1234",
            "--fra",
            "2020",
            "--til",
            "2022",
        ).exit_code
        == 2
    )


def test_python_dash_m_and_help_work():
    done = subprocess.run([sys.executable, "-m", "workflow", "--help"], capture_output=True, text=True, check=True)
    assert "Bruk: plan" in done.stdout and "check" in done.stdout
    from workflow.cli.main import COMMANDS

    for command in COMMANDS:
        help_text = subprocess.run(
            [sys.executable, "-m", "workflow", command, "--help"], capture_output=True, text=True, check=True
        ).stdout
        assert "Eksempel:" in help_text or "Eksempler:" in help_text, command


def test_init_refuses_what_plan_check_would_refuse(cli, tmp_path):
    """plan init must leave a plan that passes plan check: bad input is a usage error, and
    nothing is written."""
    bad = [
        ("--kommune", "", "--nummer", "3426"),
        ("--kommune", "   ", "--nummer", "3426"),
        ("--kommune", "Os\x01", "--nummer", "3426"),
        ("--kommune", "Os", "--nummer", "٣٤٣٠"),
        ("--kommune", "Os", "--nummer", "3426", "--fra", "1800", "--til", "1805"),
        ("--kommune", "Os", "--nummer", "3426", "--fra", "2300", "--til", "2305"),
    ]
    for i, args in enumerate(bad):
        target = tmp_path / f"p{i}"
        result = cli(tmp_path, "init", str(target), *args)
        assert result.exit_code == 2, (args, result.output)
        assert not target.exists(), args


def test_init_with_a_hyphenated_or_norwegian_name(cli, tmp_path):
    for name in ("Nord-Fron", "Ås", "Aurskog-Høland"):
        target = tmp_path / name
        assert cli(tmp_path, "init", str(target), "--kommune", name, "--nummer", "3436").exit_code == 0
        assert cli(target, "check", "--strict").exit_code == 0


def test_check_counts_in_good_norwegian(cli, tmp_path, plan_dir):
    target = tmp_path / "tolga"
    assert cli(tmp_path, "init", str(target), "--kommune", "Tolga", "--nummer", "3426").exit_code == 0
    assert "1 satsingsområde, 1 tiltak" in cli(target, "check").stdout
    area = plan_dir / "plan/satsingsomrader/rammebetingelser.yaml"
    area.write_text(area.read_text().replace("    kilde: Avinor, passasjerstatistikk\n", "", 1))
    assert "3 satsingsområder, 17 tiltak, 1 advarsel" in cli(plan_dir, "check").stdout
    strict = cli(plan_dir, "check", "--strict")
    assert strict.exit_code == 1 and strict.stderr.splitlines()[-1] == "1 problem funnet."
    area.write_text(area.read_text().replace("    kilde: Nkom, bredbåndsdekning i Norge\n", "", 1))
    assert cli(plan_dir, "check", "--strict").stderr.splitlines()[-1] == "2 problemer funnet."


def test_rev_works_when_the_working_tree_lost_its_plan(cli, git_repo):
    (git_repo.path / "plan/plan.yaml").unlink()
    assert "fant ingen plan" in cli(git_repo.path, "check").stderr
    result = cli(git_repo.path, "check", "--rev", "HEAD")
    assert result.exit_code == 0, result.output
    assert not (git_repo.path / "plan/plan.yaml").exists()


def test_usage_errors_and_help_are_norwegian(cli, plan_dir):
    wrong = cli(plan_dir, "diff", "--format", "pdf")
    assert wrong.exit_code == 2
    assert "Bruk: plan diff [VALG]" in wrong.output
    assert "Feil: Ugyldig verdi for '--format': 'pdf' er ikke en av" in wrong.output
    assert "Feil: Ukjent valg '--nope'." in cli(plan_dir, "check", "--nope").output
    assert "Vis denne hjelpen og avslutt." in cli(plan_dir, "check", "--help").output


def test_pdf_only_with_docx_is_a_usage_error_in_norwegian(plan_dir, cli):
    result = cli(plan_dir, "build", "--pdf", "--format", "html")
    assert result.exit_code == 2
    assert result.output.strip() == "plan build: --pdf kan bare brukes med --format docx"


def test_every_help_names_its_placeholders_in_norwegian(cli, plan_dir):
    """No click default shows through: «Bruk: … [VALG]» and Norwegian placeholders, in every
    command and subcommand."""
    import re

    from workflow.cli.main import COMMANDS, main

    english = re.compile(r"\b(TEXT|INTEGER|FLOAT|RANGE|DIRECTORY|FILENAME|PATH|BOOLEAN|OPTIONS|COMMAND|ARGS)\b")
    ctx = main.make_context("plan", ["--help"], resilient_parsing=True)
    group = main
    paths: list[list[str]] = [[]]
    for name in COMMANDS:
        command = group.get_command(ctx, name)
        paths.append([name])
        paths += [[name, sub] for sub in getattr(command, "commands", {})]
    assert ["data", "hent"] in paths and ["handlingsplan", "advance"] in paths
    for path in paths:
        shown = cli(plan_dir, *path, "--help")
        assert shown.exit_code == 0, path
        assert shown.output.startswith(" ".join(["Bruk: plan", *path, "[VALG]"])), shown.output[:80]
        assert not english.search(shown.output), (path, english.search(shown.output))


def test_build_says_why_documents_are_dated_2000_until_the_plan_is_in_git(cli, plan_dir):
    """Documents carry their commit's date, never the clock's: outside git and before the first
    commit that is 1 January 2000, and the build says so; after the commit it says nothing."""
    note = "plan: advarsel: dokumentene er datert 1. januar 2000 fordi planen ikke er lagret i git ennå"
    outside = cli(plan_dir, "build", "--format", "markdown")
    assert outside.exit_code == 0 and note in outside.stderr
    assert "«git init» først" in outside.stderr
    git = ["git", "-C", str(plan_dir)]
    subprocess.run([*git, "init", "-q"], check=True)
    before_commit = cli(plan_dir, "build", "--format", "html")
    assert before_commit.exit_code == 0 and note in before_commit.stderr
    subprocess.run([*git, "add", "plan", "templates"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Planen"], check=True)
    committed = cli(plan_dir, "build")
    assert committed.exit_code == 0 and "1. januar 2000" not in committed.stderr, committed.stderr
