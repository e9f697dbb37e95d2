"""Documentation that stays true: README's command table, the names listed for template authors
and README's module map are checked against the code."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from workflow.cli.main import COMMANDS, main
from workflow.participation.case import case_part

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of README's section ``## title`` (up to the next ``## ``)."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.M | re.S)
    assert match, f"README has no section «{title}»"
    return match.group(1)


def table_commands() -> list[str]:
    """The commands in the first column of README's command table (``plan status`` / ``plan log``
    counts twice)."""
    names = []
    for row in re.findall(r"^\| (`plan .*?) \|", section("Commands"), flags=re.M):
        names += re.findall(r"`plan ([a-z]+)", row)
    return names


def test_readme_table_lists_every_command_and_only_real_ones():
    documented = table_commands()
    assert documented, "README's command table is empty"
    assert sorted(set(documented)) == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^\s*Eksemp(?:el|ler):\s*$", result.output, flags=re.M), f"plan {name} --help has no example"
    example = re.split(r"Eksemp(?:el|ler):", result.output, maxsplit=1)[1]
    assert f"plan {name}" in example, f"the example of plan {name} does not run plan {name}"


# --- the names documented for template authors ------------------------------------------------

KEY_LIST = re.compile(r"^[a-zæøå_]+(?:\[\])?(?:, [a-zæøå_]+(?:\[\])?)*$")


def documented_names(text: str) -> set[str]:
    """The key names in ``context.docs_for_template_authors``: comments in «…» and in
    parentheses that are not lists of keys are left out, and so are heading lines."""
    text = re.sub(r"«[^»]*»", "", text)
    text = re.sub(r"\{\{.*?\}\}", "", text)
    text = re.sub(r"\(([^()]*)\)", lambda m: f" {m.group(1)} " if KEY_LIST.match(m.group(1).strip()) else " ", text)
    lines = [line for line in text.splitlines() if line.startswith(" ")]  # headings start at column 0
    return set(re.findall(r"[a-zæøå_][a-zæøå_0-9]*", "\n".join(lines))) - {"eller"}


def context_names(value, names: set[str] | None = None) -> set[str]:
    """Every key in a template context, at any depth (lists: the keys of each item)."""
    names = set() if names is None else names
    if isinstance(value, dict):
        for key, item in value.items():
            names.add(key)
            context_names(item, names)
    elif isinstance(value, (list, tuple)):
        for item in value:
            context_names(item, names)
    return names


def full_case_context() -> dict:
    """The saksframlegg context of the Os plan with every optional part filled (and a main goal)."""
    from workflow.documents.context import case_context, default_body
    from workflow.plan.load import load_project
    from workflow.plan.model import MainGoal, Treatment
    from workflow.plan.source import WorkTree

    project, _ = load_project(WorkTree(ROOT))
    indicator = project.plan.focus_areas[0].ambitions[0]
    main_goal = MainGoal.model_validate({"id": "HM", "tekst": "Flere arbeidsplasser.", "indikatorer": [indicator]})
    project = project.model_copy(update={"plan": project.plan.model_copy(update={"main_goal": main_goal})})
    history = [
        Treatment.model_validate(
            {
                "organ": "formannskap",
                "dato": dt.date(2020, 5, 12),
                "utfall": "innstilling",
                "sak": "PS 25/20",
                "vedtak": "Formannskapet rår kommunestyret til å vedta planen.",
                "forslag": [{"tekst": "Nytt tiltak.", "fremmet_av": "Sp", "stemmer": "Falt 3–4"}],
                "votering": "Enstemmig.",
                "høringsfrist": dt.date(2020, 6, 5),
            }
        )
    ]
    changes = [{"område": "Et innovativt næringsliv", "linjer": ["Nytt tiltak T1.7."]}]
    return case_context(project, default_body(project, history), history, changes, dt.date(2020, 6, 1), part=case_part)


def test_names_for_template_authors_are_the_real_context_keys():
    from workflow.documents import context

    documented = documented_names(context.docs_for_template_authors)
    real = context_names(full_case_context())
    assert sorted(documented - real) == [], "documented for template authors, but not in the context"
    assert sorted(real - documented) == [], "in the context, but not documented for template authors"


def test_readme_points_template_authors_to_the_list():
    match = re.search(r"the names available\s+are listed in `(workflow/[\w/]+\.py)`", README)
    assert match, "README no longer says where the names for template authors are listed"
    assert "docs_for_template_authors" in (ROOT / match.group(1)).read_text(encoding="utf-8")


# --- the module map -----------------------------------------------------------------------------


def test_readme_module_map_matches_the_tree():
    """The module map (the first code block of README's «Developing» section) names every
    sub-package of workflow/, and nothing else that ends in a slash."""
    block = re.search(r"```\n(.*?)```", section("Developing"), flags=re.S)
    assert block, "README's «Developing» section has no module map"
    named = set(re.findall(r"(?<![\w./])(\w+)/(?![\w.])", block.group(1)))
    packages = {p.parent.name for p in (ROOT / "workflow").glob("*/__init__.py")}
    packages -= {"templates", "demo_plan"}  # shipped data, not code
    assert sorted(packages - named) == [], "sub-packages missing from README's module map"
    assert sorted(named - packages) == [], "README's module map names folders that are not sub-packages"
