"""The README's «From Python» example, run as written in a real git repository: what ``plan``
does is done through ``workflow/app/`` with plain arguments, results returned, nothing printed
by the library, and a refusal raised as an error."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from workflow.app.advance import advance
from workflow.errors import StageError

ROOT = Path(__file__).resolve().parents[2]


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## From Python\n(.*?)(?=^## )", text, flags=re.M | re.S)
    assert section, "README has no section «From Python»"
    block = re.search(r"```python\n(.*?)```", section.group(1), flags=re.S)
    assert block, "README's «From Python» has no python example"
    return block.group(1)


def test_the_readme_example_advances_builds_and_verifies(git_repo, monkeypatch, capsys):
    monkeypatch.chdir(git_repo.path.parent)  # the example's Path("os") is the fixture's plan repository
    assert git_repo.path.name == "os"
    namespace: dict = {}
    exec(compile(readme_example(), "README.md «From Python»", "exec"), namespace)

    step, written = namespace["step"], namespace["written"]
    assert git_repo.git("tag", "-l") == "prosjektgruppe/2020-04-20"
    assert git_repo.git("rev-parse", "prosjektgruppe/2020-04-20^{commit}") == git_repo.git("rev-parse", "HEAD")
    # what build writes is what advance recorded: the same bytes, by sha256
    built = {name: hashlib.sha256((written.folder / name).read_bytes()).hexdigest() for name in written.written}
    assert built == step.treatment.documents
    assert written.manifest.resolve() == git_repo.path / "output" / "manifest.json" and written.manifest.is_file()
    lines = capsys.readouterr().out.splitlines()  # the example's own prints, nothing from the library
    assert lines[0] == f"prosjektgruppe/2020-04-20 {sorted(step.treatment.documents)}"
    assert lines[1] == f"{written.written} manifest.json"
    assert lines[2:] == ["prosjektgruppe/2020-04-20 OK"]


def test_a_refused_step_raises_and_writes_nothing(git_repo, capsys):
    with pytest.raises(StageError, match="kommunestyre"):
        advance(git_repo.path, "kommunestyre", dt.date(2020, 6, 18))  # before formannskap and the hearing
    assert git_repo.git("tag", "-l") == ""
    assert capsys.readouterr() == ("", "")
