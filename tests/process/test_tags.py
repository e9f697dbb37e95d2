"""The tag scheme and the tag message: defined once, read back exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.plan.model import Proposal, Treatment
from workflow.process.tags import (
    MessageError,
    format_message,
    format_round_message,
    format_tag,
    parse_message,
    parse_tag,
    read_tag,
)
from workflow.xmlchars import XML_INVALID

stage_ids = st.from_regex(r"\A[a-z][a-z0-9-]{0,30}\Z")
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


def test_documented_example():
    assert format_tag("formannskap", dt.date(2020, 5, 12)) == "formannskap/2020-05-12"
    assert parse_tag("formannskap/2020-05-12") == ("formannskap", dt.date(2020, 5, 12), 1)
    assert format_tag("formannskap", dt.date(2020, 5, 12), 2) == "formannskap/2020-05-12-2"
    assert parse_tag("formannskap/2020-05-12-2").seq == 2


@given(stage_ids, dates, st.integers(1, 999))
def test_name_round_trip(stage, date, seq):
    assert parse_tag(format_tag(stage, date, seq)) == (stage, date, seq)


@pytest.mark.parametrize(
    "name",
    [
        "v1.0",
        "formannskap",
        "formannskap/12.05.2020",
        "formannskap/2020-13-01",
        "Formannskap/2020-05-12",
        "-x/2020-05-12",
        "a..b/2020-05-12",
        "formannskap/2020-05-12-1",
        "formannskap/2020-05-12-02",
        "formannskap/2020-05-12/x",
        "formannskap/2020-05-12 ",
        "høring/2020-05-12",
    ],
)
def test_names_outside_the_scheme(name):
    assert parse_tag(name) is None


@pytest.mark.parametrize("stage", ["-x", "a b", "a..b", "Formannskap", "", "--upload-pack=x"])
def test_format_refuses_bad_stage_ids(stage):
    with pytest.raises(ValueError):
        format_tag(stage, dt.date(2020, 5, 12))


def _clean(text: str) -> bool:
    return bool(text.strip()) and not XML_INVALID.search(text)


texts = st.text(min_size=1, max_size=200).filter(_clean)
proposals = st.builds(
    lambda t, b, v: Proposal(tekst=t, fremmet_av=b, stemmer=v), texts, st.none() | texts, st.none() | texts
)
treatments = st.builds(
    lambda stage, date, sak, utfall, vedtak, forslag, votering, frist, docs: Treatment(
        organ=stage,
        dato=date,
        sak=sak,
        utfall=utfall,
        vedtak=vedtak,
        forslag=forslag,
        votering=votering,
        høringsfrist=frist,
        dokumenter=docs,
    ),
    stage_ids,
    dates,
    st.none() | texts,
    st.sampled_from(
        ["utkast", "innstilling", "vedtatt", "vedtatt med endringer", "sendt tilbake", "utsatt", "på høring"]
    ),
    st.none() | texts,
    st.lists(proposals, max_size=3).map(tuple),
    st.none() | texts,
    st.none() | dates,
    st.dictionaries(st.from_regex(r"\A[a-z0-9-]{1,20}\.docx\Z"), st.from_regex(r"\A[0-9a-f]{64}\Z"), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(treatments)
def test_message_round_trip(t):
    assert parse_message(format_message(t, "Formannskapet")) == t


def test_message_reads_like_the_documentation():
    t = Treatment(
        organ="formannskap",
        dato=dt.date(2020, 5, 12),
        sak="PS 12/20",
        utfall="innstilling",
        vedtak="Formannskapet rår kommunestyret til å vedta planen.",
        forslag=(Proposal(tekst="Nytt tiltak: kurs i generasjonsskifte.", fremmet_av="Sp", stemmer="Vedtatt 5–0"),),
        dokumenter={"saksframlegg.docx": "a" * 64},
    )
    text = format_message(t, "Formannskapet")
    assert text.splitlines()[0] == "Formannskapet 12.05.2020: innstilling (PS 12/20)"
    assert "\n---\norgan: formannskap\ndato: 2020-05-12\nsak: PS 12/20\nutfall: innstilling\n" in text
    assert "fremmet_av: Sp" in text and "saksframlegg.docx: " + "a" * 64 in text
    # values YAML 1.1 would turn into booleans or numbers stay text
    tricky = t.model_copy(update={"case_number": "NO", "votes": "12:30"})
    assert parse_message(format_message(tricky)) == tricky


def test_unreadable_messages_are_reported_not_guessed():
    with pytest.raises(MessageError, match="---"):
        parse_message("Formannskapet behandlet planen")
    with pytest.raises(MessageError):
        parse_message("x\n\n---\norgan: formannskap\ndato: 2020-05-12\nutfall: kanskje\n")
    tag = read_tag("formannskap/2020-05-12", "c" * 40, None, "bare tekst")
    assert tag.treatment is None and "---" in tag.error
    other = format_message(Treatment(organ="kommunestyre", dato=dt.date(2020, 5, 12), utfall="vedtatt"))
    assert "ikke det tagnavnet sier" in read_tag("formannskap/2020-05-12", "c" * 40, None, other).error
    assert read_tag("v1.0", "c" * 40, None, other) is None


def test_unreadable_fields_are_explained_in_norwegian():
    """A hand-made tag with a wrong outcome or an unknown field: the reason in Norwegian."""
    with pytest.raises(MessageError, match="utfall: må være en av: utkast, innstilling") as bad:
        parse_message("x\n\n---\norgan: formannskap\ndato: 2020-05-12\nutfall: kanskje\n")
    assert "Input should" not in str(bad.value)
    with pytest.raises(MessageError, match="ukjent felt «ekstra»"):
        parse_message("x\n\n---\norgan: formannskap\ndato: 2020-05-12\nutfall: utkast\nekstra: 1\n")
    with pytest.raises(MessageError, match="mangler feltet «utfall»"):
        parse_message("x\n\n---\norgan: formannskap\ndato: 2020-05-12\n")


def test_revision_message():
    tag = read_tag("revisjon/2021-03-01", "c" * 40, None, format_round_message(dt.date(2021, 3, 1), "Rullering"))
    assert tag.starts_round and tag.error is None and tag.reason == "Rullering"
