"""The stage rules, on in-memory histories (no git): order, skips, send-back, postponing, rounds."""

from __future__ import annotations

import datetime as dt

import pytest

from workflow.errors import StageError
from workflow.plan.model import DEFAULT_PROCESS, Process, Treatment
from workflow.process.stages import check_advance, check_revise, describe_next, next_bodies, resolve_body, state
from workflow.process.tags import format_message, format_round_message, format_tag, read_tag

PROCESS = Process.model_validate(DEFAULT_PROCESS)
D = dt.date.fromisoformat


def tag(stage, date, outcome=None, deadline=None, seq=1):
    if stage == "revisjon":
        return read_tag(format_tag(stage, D(date)), "c" * 40, None, format_round_message(D(date), None))
    default = {
        "prosjektgruppe": "utkast",
        "formannskap": "innstilling",
        "horing": "på høring",
        "kommunestyre": "vedtatt",
    }
    t = Treatment(
        organ=stage, dato=D(date), utfall=outcome or default[stage], høringsfrist=D(deadline) if deadline else None
    )
    made = read_tag(format_tag(stage, D(date), seq), "c" * 40, None, format_message(t))
    assert made.error is None
    return made


def allowed(history, stage, date, outcome=None, deadline=None):
    body = resolve_body(PROCESS, stage)
    return check_advance(PROCESS, history, body, D(date), outcome, D(deadline) if deadline else None)


def refused(history, stage, date, match, outcome=None, deadline=None):
    with pytest.raises(StageError, match=match):
        allowed(history, stage, date, outcome, deadline)


DRAFT = tag("prosjektgruppe", "2020-04-20")
FSK = tag("formannskap", "2020-05-12")
HORING = tag("horing", "2020-05-14", deadline="2020-06-05")
ADOPTED = tag("kommunestyre", "2020-06-18")


def test_names_of_bodies():
    assert resolve_body(PROCESS, "horing").id == "horing"
    assert resolve_body(PROCESS, "høring").id == "horing"
    assert resolve_body(PROCESS, "Offentlig høring").id == "horing"
    assert resolve_body(PROCESS, "Formannskapet").id == "formannskap"
    assert resolve_body(PROCESS, "KOMMUNESTYRET").id == "kommunestyre"
    for bad in ("bystyre", "-x", "--upload-pack=x", "a..b", "formannskap\n"):
        with pytest.raises(StageError, match="organ"):
            resolve_body(PROCESS, bad)


def test_happy_path_with_defaults():
    assert allowed([], "prosjektgruppe", "2020-04-20")[1] == "utkast"
    assert allowed([DRAFT], "formannskap", "2020-05-12")[1] == "innstilling"
    assert allowed([DRAFT, FSK], "horing", "2020-05-14", deadline="2020-06-05")[1] == "på høring"
    st, outcome = allowed([DRAFT, FSK, HORING], "kommunestyre", "2020-06-18")
    assert outcome == "vedtatt" and [t.stage for t in st.treatments] == ["prosjektgruppe", "formannskap", "horing"]
    done = state(PROCESS, [DRAFT, FSK, HORING, ADOPTED])
    assert done.adopted is ADOPTED and next_bodies(PROCESS, done) == []


def test_optional_consultation_may_be_skipped():
    assert allowed([DRAFT, FSK], "kommunestyre", "2020-06-18")[1] == "vedtatt"
    assert [b.id for b in next_bodies(PROCESS, state(PROCESS, [DRAFT, FSK]))] == ["horing", "kommunestyre"]
    assert "Offentlig høring (horing, valgfri) eller Kommunestyret" in describe_next(
        PROCESS, state(PROCESS, [DRAFT, FSK])
    )


def test_order_is_enforced():
    refused([DRAFT], "kommunestyre", "2020-06-18", "Kommunestyret kan ikke behandle planen før Formannskapet")
    refused([], "formannskap", "2020-05-12", "før Prosjektgruppen")
    refused([DRAFT, FSK], "prosjektgruppe", "2020-05-20", "kommer før Formannskapet")
    refused([DRAFT, FSK], "formannskap", "2020-05-20", "har allerede behandlet")


def test_adopted_plan_needs_a_new_round():
    history = [DRAFT, FSK, HORING, ADOPTED]
    refused(history, "prosjektgruppe", "2021-03-02", "plan revise")
    refused(history, "kommunestyre", "2021-03-02", "plan revise")
    with pytest.raises(StageError, match="ikke vedtatt"):
        check_revise(PROCESS, [DRAFT, FSK], D("2021-03-01"))
    check_revise(PROCESS, history, D("2021-03-01"))
    again = history + [tag("revisjon", "2021-03-01")]
    refused(again, "kommunestyre", "2021-06-17", "før Prosjektgruppen")
    st, _ = allowed(again, "prosjektgruppe", "2021-03-02")
    assert st.treatments == []  # the saksgang of a new round starts empty


def test_amended_adoption_also_adopts():
    st = state(PROCESS, [DRAFT, FSK, tag("kommunestyre", "2020-06-18", "vedtatt med endringer")])
    assert st.adopted is not None


def test_send_back_returns_to_the_earlier_body():
    back = tag("formannskap", "2020-05-12", "sendt tilbake")
    refused([DRAFT, back], "kommunestyre", "2020-06-18", "sendte planen tilbake")
    refused([DRAFT, back], "formannskap", "2020-05-26", "neste behandling må være i Prosjektgruppen")
    redraft = tag("prosjektgruppe", "2020-05-20")
    allowed([DRAFT, back], "prosjektgruppe", "2020-05-20")
    allowed([DRAFT, back, redraft], "formannskap", "2020-05-26")
    # kommunestyret sends it back to formannskapet (the consultation does not hold the plan)
    ks_back = tag("kommunestyre", "2020-06-18", "sendt tilbake")
    history = [DRAFT, FSK, HORING, ks_back]
    refused(history, "kommunestyre", "2020-08-20", "neste behandling må være i Formannskapet")
    allowed(history, "formannskap", "2020-08-20")


def test_postponed_case_goes_to_the_same_body_again():
    later = tag("formannskap", "2020-05-12", "utsatt")
    refused([DRAFT, later], "kommunestyre", "2020-06-18", "utsatte saken")
    st, outcome = allowed([DRAFT, later], "formannskap", "2020-05-26")
    assert outcome == "innstilling"
    # the same day too: the caller gives it the name formannskap/2020-05-12-2
    allowed([DRAFT, later], "formannskap", "2020-05-12")


def test_outcome_must_fit_the_role():
    refused([DRAFT], "formannskap", "2020-05-12", "passer ikke", outcome="vedtatt")
    refused([], "prosjektgruppe", "2020-04-20", "passer ikke", outcome="innstilling")
    refused([DRAFT, FSK], "horing", "2020-05-14", "passer ikke", outcome="vedtatt", deadline="2020-06-05")


def test_dates_and_deadline():
    refused([DRAFT], "formannskap", "2020-04-01", "før forrige steg")
    refused([DRAFT, FSK], "horing", "2020-05-14", "høringsfrist")
    refused([DRAFT, FSK], "horing", "2020-05-14", "må være etter", deadline="2020-05-14")
    refused([DRAFT], "formannskap", "2020-05-12", "bare høring", deadline="2020-06-05")
    refused([DRAFT, FSK, HORING], "kommunestyre", "2020-06-04", "ikke ute")


def test_unreadable_or_foreign_tags_are_skipped_with_a_warning():
    broken = read_tag("formannskap/2020-05-01", "c" * 40, None, "skrevet for hånd")
    foreign = read_tag(
        "bystyre/2020-05-02",
        "c" * 40,
        None,
        format_message(Treatment(organ="bystyre", dato=D("2020-05-02"), utfall="vedtatt")),
    )
    st = state(PROCESS, [DRAFT, broken, foreign])
    assert st.position == 0 and len(st.warnings) == 2


def test_reserved_body_id():
    process = Process.model_validate(
        {
            "organer": [
                {"id": "revisjon", "navn": "Revisjon", "rolle": "utkast"},
                {"id": "ks", "navn": "KS", "rolle": "vedtar"},
            ]
        }
    )
    with pytest.raises(StageError, match="reservert"):
        resolve_body(process, "ks")


@pytest.mark.parametrize(
    ("stage", "date", "outcome", "bokmål", "nynorsk"),
    [
        ("prosjektgruppe", "2020-04-20", None, "prosjektgruppens utkast 20. april 2020", "utkastet frå prosjektgruppa"),
        ("formannskap", "2020-05-12", None, "planen formannskapet behandlet 12. mai 2020", "formannskapet handsama"),
        ("formannskap", "2020-05-12", "sendt tilbake", "formannskapet sendte tilbake", "formannskapet sende tilbake"),
        ("horing", "2020-05-14", None, "høringsutkastet 14. mai 2020", "høyringsutkastet 14. mai 2020"),
        ("kommunestyre", "2020-06-18", None, "vedtatt plan 18. juni 2020", "vedteken plan 18. juni 2020"),
        ("revisjon", "2021-03-01", None, "planen da revisjonen startet 1. mars 2021", "planen då revisjonen starta"),
    ],
)
def test_the_version_changes_are_compared_with_is_named_in_the_plans_language(stage, date, outcome, bokmål, nynorsk):
    from workflow.process.versions import describe

    at = tag(stage, date, outcome)
    assert bokmål in describe(at, PROCESS)
    names = {"prosjektgruppe": "Prosjektgruppa", "horing": "Offentleg høyring"}
    nn = Process.model_validate(
        {
            **DEFAULT_PROCESS,
            "organer": [{**b, "navn": names.get(b["id"], b["navn"])} for b in DEFAULT_PROCESS["organer"]],
        }
    )
    assert nynorsk in describe(at, nn, "nynorsk")
