"""The tag a treatment writes (``Step``), what the clerk records of the meeting (``Meeting``)
and the checks of the texts it records: case numbers, decision texts, votes, and a tagger date
that keeps the tags in order. Shared by ``plan advance`` (``approval``), the planning programme
(``programme``), the yearly action plans (``actionplan``) and ``plan revise``; below all of them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from workflow.errors import StageError
from workflow.plan.model import Body, Proposal, Treatment
from workflow.plan.yamlsafe import describe_char
from workflow.process.tags import StageTag
from workflow.xmlchars import XML_INVALID

CASE_NUMBER = re.compile(r"^[A-Za-zÆØÅæøå0-9][A-Za-zÆØÅæøå0-9 ./-]{0,39}$")


@dataclass(frozen=True)
class Step:
    """A tag ``plan advance`` or ``plan revise`` would write."""

    tag: str
    commit: str
    message: str
    tagger_date: dt.datetime | None  # set when the clock must move past the previous tag
    treatment: Treatment | None = None
    body: Body | None = None


@dataclass(frozen=True)
class Meeting:
    """What the clerk records of one treatment, as ``plan advance`` and ``plan handlingsplan
    advance`` take it: the case numbers, the outcome (default: the body's usual one), the
    decision and the innstilling (Markdown), the proposals and votes, and a hearing's deadline."""

    case_number: str | None = None
    archive_case: str | None = None
    outcome: str | None = None
    decision: str | None = None
    recommendation: str | None = None
    proposals: tuple[Proposal, ...] = ()
    votes: str | None = None
    deadline: dt.date | None = None

    def checked(self) -> Meeting:
        """The same, every text checked as a tag records it (StageError when one cannot be)."""
        decision, recommendation, votes = check_case_texts(self.decision, self.recommendation, self.votes)
        return replace(
            self,
            case_number=check_sak(self.case_number),
            archive_case=check_sak(self.archive_case, "arkivsaksnummer"),
            decision=decision,
            recommendation=recommendation,
            votes=votes,
        )

    def treatment(self, body: Body, date: dt.date, outcome: str, **more: Any) -> Treatment:
        """The treatment to record: this meeting's texts, by ``body`` on ``date`` with ``outcome``;
        ``more``: further fields by their YAML names (``dokumentdato``, ``overstyrt``…)."""
        return Treatment(
            organ=body.id,
            dato=date,
            sak=self.case_number,
            arkivsak=self.archive_case,
            utfall=outcome,
            vedtak=self.decision,
            innstilling=self.recommendation,
            forslag=self.proposals,
            votering=self.votes,
            høringsfrist=self.deadline,
            **more,
        )


def check_sak(text: str | None, what: str = "saksnummer") -> str | None:
    """A case number such as «PS 25/20» (or an archive case number, «20/123»); never starts
    with '-', never holds '..'."""
    if text is None:
        return None
    text = text.strip()
    if not CASE_NUMBER.match(text) or ".." in text:
        raise StageError(
            f"ugyldig {what} «{text[:40]}»: bruk bokstaver, tall, mellomrom, / . og -, "
            "og start med en bokstav eller et tall (f.eks. «PS 25/20»)"
        )
    return text


def check_text(text: str | None, what: str) -> str | None:
    """A text recorded in a tag: not empty, and without a character a Word document cannot hold."""
    if text is None:
        return None
    text = text.strip("\n").rstrip()
    if not text.strip():
        raise StageError(f"{what} er tom")
    bad = XML_INVALID.search(text)
    if bad:
        raise StageError(f"{what} har tegnet {describe_char(bad.group())}, som ikke kan stå i et Word-dokument")
    return text


def check_case_texts(
    decision: str | None, recommendation: str | None, votes: str | None
) -> tuple[str | None, str | None, str | None]:
    """The decision, the innstilling and the votes as recorded in a tag (see ``check_text``)."""
    return (
        check_text(decision, "vedtaksteksten"),
        check_text(recommendation, "innstillingen"),
        check_text(votes, "voteringen"),
    )


def next_tagger_date(line: list[StageTag]) -> dt.datetime | None:
    """Tags are ordered by tagger date among equal meeting dates: keep it strictly increasing."""
    if not line or line[-1].tagged is None:
        return None
    floor = line[-1].tagged + dt.timedelta(seconds=1)
    now = dt.datetime.now(dt.timezone.utc)
    return floor if now < floor else None
