"""Each command imports only what it uses: which libraries a fresh process has loaded after a
command (not how long it took; speed is measured in tests/benchmarks/run.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from workflow.cli.main import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print(json.dumps(sorted(sys.modules)), file=sys.__stderr__)
"""


def loaded(folder, *args: str, top: bool = True) -> set[str]:
    """The top-level modules (``top=False``: all modules) loaded by ``plan -C folder ARGS`` in a
    fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "-C", str(folder), *args], capture_output=True, text=True, check=True
    )
    modules = set(json.loads(done.stderr.strip().splitlines()[-1]))
    return {m for m in modules if "." not in m} if top else modules


def test_help_loads_no_plan_libraries(tmp_path):
    assert not loaded(tmp_path, "--help") & {"pydantic", "yaml", "docx", "docxtpl", "git", "babel", "markdown_it"}


def test_check_with_the_shipped_templates_loads_no_documents_or_git(plan_dir):
    assert not loaded(plan_dir, "check") & {"docx", "docxtpl", "jinja2", "git", "babel", "markdown_it"}


@pytest.mark.parametrize("in_git", [False, True], ids=["outside-git", "git-without-stage-tags"])
def test_building_the_working_tree_without_history_does_not_load_gitpython(plan_dir, in_git, request):
    if in_git:
        request.getfixturevalue("git_repo")
    modules = loaded(plan_dir, "build", "-o", str(plan_dir / "ut"))
    assert "docxtpl" in modules  # it did build
    assert "git" not in modules
    assert "ssl" not in modules  # no network library for writing a document


def test_reading_a_revision_loads_gitpython(git_repo):
    assert "git" in loaded(git_repo.path, "check", "--rev", "HEAD")


def test_log_reads_the_process_and_the_tags_without_the_plan_models_or_gitpython(git_repo):
    """``plan log`` (issue 26: under 0.3 s with 100 stage tags) reads ``prosess.yaml`` and the
    tag messages into the process's models alone: not the plan's models, not GitPython."""
    from workflow.plan.processmodel import Treatment
    from workflow.process.tags import format_message

    treatment = Treatment.model_validate({"organ": "prosjektgruppe", "dato": "2020-03-19", "utfall": "utkast"})
    git_repo.git("tag", "-a", "prosjektgruppe/2020-03-19", "-m", format_message(treatment), date="2020-03-19")
    modules = loaded(git_repo.path, "log", top=False)
    assert "workflow.process.history" in modules  # it did read the history
    assert not modules & {"workflow.plan.model", "workflow.plan.load", "workflow.app.approval", "workflow.app.revision"}
    assert not {m.split(".")[0] for m in modules} & {"git", "docx", "docxtpl", "jinja2", "babel", "markdown_it", "lxml"}
