"""The one tag scheme for stages of the political process, and the message each tag carries.

Tag names (defined here only, round trip tested)::

    formannskap/2020-05-12      body id / meeting date (ISO)
    formannskap/2020-05-12-2    a second meeting of the same body the same day
    revisjon/2021-03-01         a new round after the plan was adopted (plan revise)
    handlingsplan-2022/formannskap/2021-11-18
                                the action plan for 2022 treated by a body: its own process,
                                a prefix before the same body/date scheme (``format_action_tag``)
    planprogram/kommunestyre/2019-03-05
                                the planning programme treated by a body: its own process
                                (``format_programme_tag``), before the plan's

The message of a stage tag is a human first line, a blank line, ``---`` and a YAML block
with the ``Treatment`` fields under their Norwegian names::

    Formannskapet 12.05.2020: innstilling (PS 12/20)

    ---
    organ: formannskap
    dato: 2020-05-12
    sak: PS 12/20
    utfall: innstilling
    vedtak: |
      Formannskapet rår kommunestyret til å vedta planen.
    forslag:
    - tekst: Nytt tiltak for ...
      fremmet_av: Sp
      stemmer: Vedtatt 5–0
    dokumenter:
      saksframlegg-formannskap.docx: 9f86d0…

A round tag's YAML block has ``revisjon: DATE`` and optionally ``begrunnelse: TEXT``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml
from pydantic import ValidationError

from workflow.plan.processmodel import NEW_ROUND, Treatment
from workflow.plan.sourcemap import SourceMap, problem_from
from workflow.plan.yamlsafe import parse
from workflow.text.norwegian import format_short_date

if TYPE_CHECKING:
    from pydantic import BaseModel

    from workflow.errors import Problem
    from workflow.plan.yamlsafe import ParsedFile

SEPARATOR = "---"

_NAME = re.compile(r"^(?P<stage>[a-z][a-z0-9-]{0,30})/(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<seq>[2-9]|[1-9][0-9]{1,2}))?$")


class TagName(NamedTuple):
    stage: str
    date: dt.date
    seq: int = 1


def format_tag(stage: str, date: dt.date, seq: int = 1) -> str:
    """``format_tag("formannskap", date(2020, 5, 12))`` → ``"formannskap/2020-05-12"``."""
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,30}", stage):
        raise ValueError(f"invalid stage id {stage!r}")
    if not 1 <= seq <= 999:
        raise ValueError(f"invalid sequence number {seq}")
    name = f"{stage}/{date.isoformat()}"
    return name if seq == 1 else f"{name}-{seq}"


def parse_tag(name: str) -> TagName | None:
    """``"formannskap/2020-05-12-2"`` → ``TagName("formannskap", date(2020, 5, 12), 2)``; None
    for any name outside the scheme (``v1.0``, ``formannskap/12.05.2020``...)."""
    m = _NAME.match(name)
    if not m:
        return None
    try:
        date = dt.date.fromisoformat(m["date"])
    except ValueError:
        return None
    return TagName(m["stage"], date, int(m["seq"] or 1))


@dataclass(frozen=True)
class StageTag:
    """One annotated tag of the scheme, as read from git."""

    name: str
    stage: str  # body id, or NEW_ROUND
    date: dt.date  # the meeting date in the name
    seq: int
    commit: str  # the commit the tag points to
    tagged: dt.datetime | None  # tagger date
    message: str
    treatment: Treatment | None = None  # None for round tags and unreadable messages
    error: str | None = None  # why the message could not be read
    track: str | None = None  # None: the strategy; "handlingsplan-2022": that year's action plan

    @property
    def starts_round(self) -> bool:
        return self.stage == NEW_ROUND

    @property
    def reason(self) -> str | None:
        """The reason given for a round."""
        if not self.starts_round:
            return None
        data = _yaml_block(self.message)
        value = data.get("begrunnelse") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None

    def order_key(self) -> tuple[dt.date, float, int, str]:
        tagged = self.tagged.timestamp() if self.tagged else 0.0
        return (self.date, tagged, self.seq, self.name)


# --- messages --------------------------------------------------------------------------

OUTCOME_WORDS = {"på høring": "lagt ut på høring"}  # how an outcome reads in a headline, where not as is


def one_line(text: str) -> str:
    """``text`` on one line: every line break (also NEL, U+2028, U+2029) becomes a space, so a
    body name can never add a line (or a ``---`` line) to a tag message's first line."""
    return " ".join(text.splitlines()).replace("\ufeff", "")


def headline(t: Treatment, body_name: str | None = None) -> str:
    line = f"{one_line(body_name or t.stage)} {format_short_date(t.date)}: {OUTCOME_WORDS.get(t.outcome, t.outcome)}"
    if t.case_number:
        line += f" ({t.case_number})"
    if t.deadline:
        line += f", høringsfrist {format_short_date(t.deadline)}"
    return line


_UNSAFE_BREAKS = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")


def _dump(data: dict) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        # YAML reads these as line breaks (or drops them): only the escaped form keeps them.
        style = '"' if any(c in value for c in _UNSAFE_BREAKS) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def format_message(t: Treatment, body_name: str | None = None) -> str:
    """The tag message for a treatment: a human first line, then the YAML block."""
    data = t.model_dump(by_alias=True, mode="json", exclude_none=True)
    data["dato"] = t.date  # a plain YAML date, not a quoted string
    if t.deadline:
        data["høringsfrist"] = t.deadline
    if not data.get("forslag"):
        data.pop("forslag", None)
    else:
        data["forslag"] = [{k: v for k, v in p.items() if v is not None} for p in data["forslag"]]
    if not data.get("dokumenter"):
        data.pop("dokumenter", None)
    return f"{headline(t, body_name)}\n\n{SEPARATOR}\n{_dump(data)}"


def format_round_message(date: dt.date, reason: str | None) -> str:
    data: dict = {NEW_ROUND: date}
    if reason:
        data["begrunnelse"] = reason
    first = f"Ny behandlingsrunde fra {format_short_date(date)}: planen revideres"
    return f"{first}\n\n{SEPARATOR}\n{_dump(data)}"


class MessageError(ValueError):
    """A tag message that does not follow the scheme (the text says why, in Norwegian)."""


def _yaml_block(text: str) -> object:
    lines = text.split("\n")
    try:
        start = lines.index(SEPARATOR)
    except ValueError:
        raise MessageError(f"meldingen mangler en linje med «{SEPARATOR}» foran opplysningene") from None
    parsed = parse("\n".join(lines[start + 1 :]))
    if parsed.problems:
        (line, col), msg = parsed.problems[0]
        raise MessageError(f"linje {start + 1 + line} i meldingen: {msg}")
    return parsed.data


def parse_message(text: str) -> Treatment:
    """The treatment recorded in a tag message (inverse of ``format_message``)."""
    data = _yaml_block(text)
    if not isinstance(data, dict):
        raise MessageError("opplysningene i meldingen må være felter (nøkkel: verdi)")
    try:
        return Treatment.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "meldingen"
        if first["type"] in ("missing", "extra_forbidden"):  # the message names the field itself
            where = ".".join(str(p) for p in first["loc"][:-1]) or "meldingen"
        raise MessageError(f"{where}: {explain(Treatment, first).message}") from None


def explain(
    model: type[BaseModel], error: Mapping[str, Any], file: str | None = None, parsed: ParsedFile | None = None
) -> Problem:
    """A pydantic error of ``model`` as a ``Problem`` in Norwegian, worded as the plan loader
    words it; located in ``file`` when its ``parsed`` YAML is given."""
    source_map = SourceMap()
    if parsed is not None:
        source_map.add((), file or "", parsed)
    return problem_from(model, error, source_map)


def matching_treatment(stage: str, date: dt.date, message: str) -> tuple[Treatment | None, str | None]:
    """(the treatment, None) a tag's message records, or (None, the problem) when it cannot be
    read or speaks of another body or date than the tag's name."""
    try:
        treatment = parse_message(message)
        if treatment.stage != stage or treatment.date != date:
            raise MessageError(
                f"meldingen gjelder {treatment.stage} {treatment.date.isoformat()}, ikke det tagnavnet sier"
            )
    except MessageError as exc:
        return None, str(exc)
    return treatment, None


def read_tag(name: str, commit: str, tagged: dt.datetime | None, message: str) -> StageTag | None:
    """A StageTag from raw tag data; None when the name is outside the scheme."""
    parsed = parse_tag(name)
    if parsed is None:
        return None
    treatment = error = None
    try:
        if parsed.stage == NEW_ROUND:
            data = _yaml_block(message)
            if not (isinstance(data, dict) and NEW_ROUND in data):
                raise MessageError(f"meldingen mangler feltet «{NEW_ROUND}»")
        else:
            treatment, error = matching_treatment(parsed.stage, parsed.date, message)
    except MessageError as exc:
        treatment, error = None, str(exc)
    return StageTag(name, parsed.stage, parsed.date, parsed.seq, commit, tagged, message, treatment, error)


# --- the yearly action plan's own process -------------------------------------------------------

ACTION_PLAN = "handlingsplan"
_ACTION_PREFIX = re.compile(r"^handlingsplan-(?P<year>[0-9]{4})/(?P<rest>.+)$")


class ActionTagName(NamedTuple):
    year: int
    stage: str
    date: dt.date
    seq: int = 1


def action_track(year: int) -> str:
    """``action_track(2022)`` → ``"handlingsplan-2022"``: the prefix of that action plan's tags."""
    if not 1000 <= year <= 9999:
        raise ValueError(f"invalid year {year}")
    return f"{ACTION_PLAN}-{year}"


def format_action_tag(year: int, stage: str, date: dt.date, seq: int = 1) -> str:
    """``format_action_tag(2022, "formannskap", date(2021, 11, 18))`` →
    ``"handlingsplan-2022/formannskap/2021-11-18"``."""
    return f"{action_track(year)}/{format_tag(stage, date, seq)}"


def parse_action_tag(name: str) -> ActionTagName | None:
    """Inverse of ``format_action_tag``; None for any other name (strategy tags included)."""
    m = _ACTION_PREFIX.match(name)
    if not m:
        return None
    inner = parse_tag(m["rest"])
    if inner is None or inner.stage == NEW_ROUND:
        return None
    return ActionTagName(int(m["year"]), inner.stage, inner.date, inner.seq)


def read_action_tag(name: str, commit: str, tagged: dt.datetime | None, message: str) -> StageTag | None:
    """A StageTag (with ``track`` set) from an action-plan tag; None for other names."""
    parsed = parse_action_tag(name)
    if parsed is None:
        return None
    treatment, error = matching_treatment(parsed.stage, parsed.date, message)
    return StageTag(
        name,
        parsed.stage,
        parsed.date,
        parsed.seq,
        commit,
        tagged,
        message,
        treatment,
        error,
        action_track(parsed.year),
    )


# --- the planning programme's own process (issue 22) --------------------------------------------

PROGRAMME = "planprogram"


def format_programme_tag(stage: str, date: dt.date, seq: int = 1) -> str:
    """``format_programme_tag("kommunestyre", date(2019, 3, 5))`` → ``"planprogram/kommunestyre/2019-03-05"``."""
    return f"{PROGRAMME}/{format_tag(stage, date, seq)}"


def parse_programme_tag(name: str) -> TagName | None:
    """Inverse of ``format_programme_tag``; None for any other name."""
    if not name.startswith(PROGRAMME + "/"):
        return None
    inner = parse_tag(name[len(PROGRAMME) + 1 :])
    return None if inner is None or inner.stage == NEW_ROUND else inner


def read_programme_tag(name: str, commit: str, tagged: dt.datetime | None, message: str) -> StageTag | None:
    """A StageTag (``track`` «planprogram») from a planning programme's tag; None for other names."""
    parsed = parse_programme_tag(name)
    if parsed is None:
        return None
    treatment, error = matching_treatment(parsed.stage, parsed.date, message)
    return StageTag(name, parsed.stage, parsed.date, parsed.seq, commit, tagged, message, treatment, error, PROGRAMME)
