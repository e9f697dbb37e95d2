"""The cache of compiled Word templates (``$XDG_CACHE_HOME/plan-workflow/templates``): a
template compiled once is read back in the next process instead of compiled again, with the
same document as result; an entry that does not verify is compiled again and replaced; another
template text is another entry. Each test has its own cache folder (``conftest.py``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import jinja2
import pytest

from workflow.documents import templaterun
from workflow.documents.context import plan_context
from workflow.documents.render import render_docx
from workflow.documents.templaterun import CODE, BudgetedSandbox
from workflow.plan.load import load_project
from workflow.plan.source import WorkTree

ROOT = Path(__file__).resolve().parents[2]
WHEN = dt.datetime(2020, 5, 12, 10, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def context():
    return plan_context(load_project(WorkTree(ROOT))[0], when=WHEN)


@pytest.fixture
def compiled(monkeypatch) -> list[int]:
    """The sizes of the sources Jinja compiles from now on, in a process that remembers none."""
    monkeypatch.setattr(BudgetedSandbox, "compiled", {})
    seen: list[int] = []
    original = jinja2.Environment.compile

    def counting(self, source, *args, **kwargs):
        seen.append(len(source))
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return seen


def _entries() -> list[Path]:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "plan-workflow" / "templates"
    return sorted(folder.glob("*/*.code"))


def _render(context) -> bytes:
    BudgetedSandbox.compiled.clear()  # as a new process: only the cache on disk is left
    return render_docx(ROOT / "templates" / "plan.docx", context, title="T", when=WHEN)


def test_a_template_compiled_once_is_read_back_with_the_same_document(context, compiled):
    first = _render(context)
    assert compiled and max(compiled) > 10_000  # the plan's body was compiled
    assert _entries()
    compiled.clear()
    assert _render(context) == first
    assert compiled == []  # every part read back from the cache


def test_an_entry_that_does_not_verify_is_compiled_again_and_replaced(context, compiled):
    first = _render(context)
    for entry in _entries():
        data = bytearray(entry.read_bytes())
        data[-10] ^= 0xFF  # a flipped byte inside the code
        entry.write_bytes(bytes(data))
    compiled.clear()
    assert _render(context) == first
    assert compiled and max(compiled) > 10_000
    compiled.clear()
    assert _render(context) == first
    assert compiled == []  # replaced by good entries


def test_another_template_text_or_sandbox_is_another_entry(compiled):
    """The key is the text and what of the sandbox the code depends on: a sandbox that escapes
    and finalizes never runs code compiled for one that does not."""
    plain = BudgetedSandbox()
    settings = templaterun._settings(plain)
    key = templaterun._code_key
    assert key(settings, "{{ a }}") != key(settings, "{{ b }}")
    assert CODE.read(key(settings, "{{ a }}")) is None
    assert plain.from_string("{{ a }}").render(a="<x>") == "<x>"
    assert CODE.read(key(settings, "{{ a }}")) is not None and CODE.read(key(settings, "{{ b }}")) is None
    strict = BudgetedSandbox(autoescape=True, finalize=lambda value: "–" if value is None else value)
    assert templaterun._settings(strict) != settings
    assert strict.from_string("{{ a }}{{ b }}").render(a="<x>", b=None) == "&lt;x&gt;–"
    assert strict.from_string("{{ a }}").render(a="<x>") == "&lt;x&gt;"  # not the plain sandbox's code
