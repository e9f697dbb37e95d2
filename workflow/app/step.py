"""The tag a treatment writes (``Step``) and the checks of the texts it records: case numbers,
decision texts, votes, and a tagger date that keeps the tags in order. Shared by ``plan
advance`` (``approval``), the planning programme (``programme``), the yearly action plans
(``actionplan``) and ``plan revise``; below all of them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from workflow.errors import StageError
from workflow.plan.model import Body, Treatment
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
