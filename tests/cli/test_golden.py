"""Golden files: the exact text of ``plan diff`` (text, Markdown, HTML), ``plan log`` (text,
Markdown, JSON) and ``plan changelog`` on one fixed repository, compared byte for byte with the
files under ``tests/golden/``.

The repository is the Os plan in real git with fixed identities and dates (see conftest.py),
two revisions and four stage tags, so commit ids are the same on every machine. When an output
changes on purpose, regenerate the files and review the difference with ``git diff``:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/cli/test_golden.py
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from support import SO1, SO2, edit, item, formannskapets_changes
from workflow.plan.model import Treatment
from workflow.process.tags import format_message, format_tag

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

A, B = "prosjektgruppe/2020-04-20", "formannskap/2020-05-12"


def tag(repo, name: str, treatment: dict) -> None:
    repo.git("tag", "-a", name, "-m", format_message(Treatment.model_validate(treatment)), date=treatment["dato"])


@pytest.fixture
def history(git_repo):
    """The Os plan: the project group's draft, then the executive committee's changes (a text,
    a cost, a removed, an added and a moved measure, a goal), consultation and adoption."""
    tag(git_repo, A, {"organ": "prosjektgruppe", "dato": "2020-04-20", "utfall": "utkast"})
    moved: dict = {}

    def take(d: dict) -> None:
        moved.update(item(d, "tiltak", "T2.1"))
        d["tiltak"] = [x for x in d["tiltak"] if x["id"] != "T2.1"]

    edit(git_repo.path, SO2, take)
    edit(git_repo.path, SO1, formannskapets_changes)
    edit(git_repo.path, SO1, lambda d: d["tiltak"].append(moved))
    git_repo.commit("Formannskapets endringer (PS 12/20)", date="2020-05-12")
    tag(
        git_repo,
        B,
        {
            "organ": "formannskap",
            "dato": "2020-05-12",
            "utfall": "innstilling",
            "sak": "PS 12/20",
            "vedtak": "Formannskapet legger planen ut på høring og rår kommunestyret til å vedta den.",
            "forslag": [
                {
                    "tekst": "Nytt tiltak: **møteplass** for gründere & unge <18 år.",
                    "fremmet_av": "Sp",
                    "stemmer": "Vedtatt 5–2",
                }
            ],
            "votering": "Innstillingen med endringen ble enstemmig vedtatt.",
        },
    )
    tag(
        git_repo,
        format_tag("horing", dt.date(2020, 5, 14)),
        {
            "organ": "horing",
            "dato": "2020-05-14",
            "utfall": "på høring",
            "høringsfrist": "2020-06-05",
        },
    )
    tag(
        git_repo,
        "kommunestyre/2020-06-18",
        {
            "organ": "kommunestyre",
            "dato": "2020-06-18",
            "utfall": "vedtatt",
            "sak": "PS 30/20",
            "vedtak": "Kommunestyret vedtar Strategisk næringsplan for Os kommune 2020–2028.",
        },
    )
    return git_repo


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"{path} is missing: run UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/cli/test_golden.py"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} differs from the golden file (UPDATE_GOLDEN=1 to accept the new output)"


CASES = {
    "diff.txt": ("diff", A, B),
    "diff.md": ("diff", A, B, "--format", "markdown"),
    "diff.html": ("diff", A, B, "--format", "html"),
    "log.txt": ("log",),
    "log.md": ("log", "--format", "markdown"),
    "log.json": ("log", "--format", "json"),
}


def test_text_outputs_match_the_golden_files(history, cli):
    for name, args in CASES.items():
        result = cli(history.path, *args)
        assert result.exit_code == 0, f"plan {' '.join(args)}: {result.output}"
        check(name, result.output)
    result = cli(history.path, "changelog")
    assert result.exit_code == 0, result.output
    check("CHANGELOG.md", (history.path / "CHANGELOG.md").read_text(encoding="utf-8"))
