"""One Markdown module: the change sentences, the diff formats and the export read Markdown the
same way (markdown-it-py), and each output format has one escape."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workflow.changes.compare import compare
from workflow.changes.report import Side, make_report, render
from workflow.changes.sentences import case_sections, quote, shorten
from workflow.text.markdown import html_escape, markdown_it_blocks, md_escape, parse, plain


@pytest.mark.parametrize(
    ("source", "read"),
    [
        ("5 * 3 * 2", "5 * 3 * 2"),
        (r"\*x\*", "*x*"),
        ("**lokalmat** og *reiseliv*", "lokalmat og reiseliv"),
        ("Se [nettsiden](https://os.kommune.no).", "Se nettsiden (https://os.kommune.no)."),
        ("Tre ting:\n\n- bredbånd\n- vei\n- fly", "Tre ting: • bredbånd • vei • fly"),
        ("a_b_c og 2*3", "a_b_c og 2*3"),
    ],
)
def test_change_sentences_read_markdown_as_the_documents_do(source, read):
    assert quote(source) == read
    assert plain(source, one_line=True) == read


def test_shortened_at_a_word_boundary():
    text = "Kartlegge og regulere ledige næringsarealer i kommuneplanens arealdel"
    short = shorten(text, 40)
    assert short.endswith("…") and len(short) <= 40
    assert text.startswith(short[:-1]) and text[len(short) - 1] == " "


def test_one_escape_per_format():
    assert md_escape("**x** [a](b) <i> & # 1. ~") == r"\*\*x\*\* \[a\](b) \<i\> \& \# 1. \~"
    assert md_escape("1. først\n- strek") == "1\\. først\n\\- strek"
    assert html_escape("R&D <b> \"q\" 'a'") == "R&amp;D &lt;b&gt; &quot;q&quot; &#x27;a&#x27;"


def _pair(project):
    area = project.plan.focus_areas[0]
    measure = area.measures[0]
    changed = measure.model_copy(update={"text": measure.text + " Med **fet** skrift og 5 * 3 * 2 kroner."})
    new_area = area.model_copy(update={"measures": (changed, *area.measures[1:])})
    plan = project.plan.model_copy(update={"focus_areas": (new_area, *project.plan.focus_areas[1:])})
    return project.plan, plan


def test_no_raw_markdown_in_any_diff_format(project):
    a, b = _pair(project)
    changes = compare(a, b)
    report = make_report(changes, a, b, Side("A", None), Side("B", None))
    for fmt in ("text", "markdown", "html"):
        out = render(report, fmt)
        assert "**fet**" not in out and r"\*\*" not in out, fmt
        assert "5 * 3 * 2" in out or r"5 \* 3 \* 2" in out, fmt
    lines = [line for s in case_sections(changes, a, b) for line in s["linjer"]]
    assert not any("**" in line for line in lines)
    data = json.loads(render(report, "json"))
    assert data["changes"][0]["new"].endswith("Med **fet** skrift og 5 * 3 * 2 kroner.")  # JSON keeps the source


@pytest.fixture
def project():
    from pathlib import Path

    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    return load_project(WorkTree(Path(__file__).resolve().parents[2]))[0]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab æø1.)-+*_[]()\t!<>&`~#:;\u00a0\u2003\u2028", min_size=1, max_size=12))
def test_plain_one_line_text_parses_as_markdown_it_parses_it(text):
    """One-line text without marks skips markdown-it (most plan fields are such text); what it
    gives must be what markdown-it gives, and a trailing newline always goes through it."""
    assume(not text[-1].isspace())
    assert parse(text) == parse(text + "\n")


_WORDS = st.sampled_from(["Bygge", "opp", "i", "2020", "år", "Øke", "a_b", "*", "**", "-", "1.", "[x]", "\\", "½", "é"])
_MARKS = st.sampled_from(["", "**", "*", "_", "__"])


@st.composite
def _line(draw: st.DrawFn) -> str:
    words = []
    for word in draw(st.lists(_WORDS, min_size=1, max_size=6)):
        mark = draw(_MARKS)
        words.append(f"{mark}{word}{mark}")
    return (
        draw(st.sampled_from(["", " ", "- ", "-  ", "1. "]))
        + " ".join(words)
        + draw(st.sampled_from(["", ".", ",", " ", "!", ")"]))
    )


@st.composite
def _text(draw: st.DrawFn) -> str:
    chunks = ["\n".join(draw(st.lists(_line(), min_size=1, max_size=3))) for _ in range(draw(st.integers(1, 3)))]
    return draw(st.sampled_from(["\n\n", "\n", "\n\n\n", " \n\n"])).join(chunks) + draw(
        st.sampled_from(["", "\n", " "])
    )


@settings(max_examples=1500, deadline=None)
@given(_text())
def test_the_shortcuts_for_plain_text_read_as_markdown_it_does(text):
    # parse skips markdown-it for one-line paragraphs and "- " lists of plain text and bold
    # plain words; the blocks must be markdown-it's, whatever the text
    assert parse(text) == list(markdown_it_blocks(text))


@pytest.mark.parametrize(
    "text",
    [
        "Bygge opp **i** tett dialog.",
        "Styrke **to ord** her, og **mer**!",
        "Tre ting:\n\n- bredbånd\n- **vei** nå\n- fly\n",
        "a **b**c",
        "a**b** c",
        "**b** først",
        "- a\n\n- b",
        "- a\nb",
    ],
)
def test_the_shortcuts_on_chosen_texts(text):
    assert parse(text) == list(markdown_it_blocks(text))
