"""The cache of parsed plan files (``$XDG_CACHE_HOME/plan-workflow/yaml``): a file's text is
parsed once; loading it again gives the same plan, warnings and positions from the cache; an
entry that does not verify is parsed again; a file with a problem is never kept, so its message
always comes from the parser. Each test has its own cache folder (``conftest.py``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support import MINIMAL, problems_of, write_plan
from workflow.errors import PlanError
from workflow.plan import processfile
from workflow.plan.load import load_project
from workflow.plan.source import WorkTree

ROOT = Path(__file__).resolve().parents[2]


def _entries() -> list[Path]:
    return sorted((Path(os.environ["XDG_CACHE_HOME"]) / "plan-workflow" / "yaml").glob("*/*.parsed"))


@pytest.fixture
def parses(monkeypatch) -> list[int]:
    """The sizes of the texts the parser reads from now on."""
    seen: list[int] = []
    original = processfile.parse

    def counting(raw):
        seen.append(len(raw))
        return original(raw)

    monkeypatch.setattr(processfile, "parse", counting)
    return seen


def _loaded(folder: Path):
    project, warnings = load_project(WorkTree(folder))
    return project.model_dump(), [str(w) for w in warnings]


def test_the_os_plan_loads_the_same_from_the_cache(tmp_path, parses):
    shutil.copytree(ROOT / "plan", tmp_path / "plan")
    first = _loaded(tmp_path)
    assert parses and _entries()
    parses.clear()
    assert _loaded(tmp_path) == first  # the same plan, and the same warnings at the same lines
    assert parses == []


def test_an_entry_that_does_not_verify_is_parsed_again(tmp_path, parses):
    write_plan(tmp_path, {"plan/plan.yaml": MINIMAL})
    first = _loaded(tmp_path)
    for entry in _entries():
        data = bytearray(entry.read_bytes())
        data[-5] ^= 0x01
        entry.write_bytes(bytes(data))
    parses.clear()
    assert _loaded(tmp_path) == first
    assert parses  # parsed again, and kept again
    parses.clear()
    assert _loaded(tmp_path) == first and parses == []


def test_a_file_with_a_problem_is_never_kept(tmp_path, parses):
    broken = MINIMAL.replace("tittel: Strategisk næringsplan", "tittel: [Strategisk næringsplan")
    first = problems_of(tmp_path, {"plan/plan.yaml": broken})
    assert any("plan/plan.yaml:" in p for p in first)
    assert _entries() == []
    parses.clear()
    with pytest.raises(PlanError) as again:
        load_project(WorkTree(tmp_path))
    assert [str(p) for p in again.value.problems] == first and parses
