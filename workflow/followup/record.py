"""A new follow-up record from what was given to ``plan rapporter``: the measure or ambition it
belongs to, its defaults and the rules it must keep, over the loaded project. Pure: writing it
into its file (and the clock that says what «today» is) are ``app/followup.py``'s.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from workflow.errors import WorkflowError
from workflow.followup.status import followup_of
from workflow.plan.followup import (
    IndicatorValue,
    StatusEntry,
    entry_problems,
    find_ambition,
    find_measure,
    unknown_id,
    value_years,
)
from workflow.plan.model import Ambition, Measure, Project
from workflow.plan.numbers import read_decimal
from workflow.plan.sourcemap import SourceMap, problem_from
from workflow.text.norwegian import format_date


class FollowUpError(WorkflowError):
    """A follow-up entry or step was refused; nothing was written."""


def measure_for(project: Project, measure_id: str) -> Measure:
    """The measure a status entry is for (in the strategy or an action plan); refused with the
    nearest id, or a hint when ``measure_id`` is an ambition."""
    plan = project.plan
    measure = find_measure(plan, measure_id, followup_of(project).action_plans)
    if measure is None:
        raise FollowUpError(
            unknown_id(plan, measure_id)
            if find_ambition(plan, measure_id) is None
            else f"«{measure_id}» er en ambisjon: registrer en måling med --verdi og --år"
        )
    return measure


def status_entry(
    project: Project,
    measure_id: str,
    *,
    date: dt.date,
    status: str,
    share: int | None,
    spent: int | None,
    texts: dict[str, str | None],
) -> tuple[dict[str, Any], StatusEntry]:
    """The entry as written (its YAML keys) and as read, or refused. ``share`` None: 100 for
    «fullført», else 0; ``spent`` None: as the latest entry of the same year (0 in a new year).
    ``texts``: ``kommentar``, ``rapportert_av`` (checked by the caller), None when not given."""
    plan = project.plan
    entries = followup_of(project).status.get(measure_id, ())
    if share is None:
        share = 100 if status == "fullført" else 0
    if spent is None:
        same_year = [e for e in entries if e.date.year == date.year and e.date <= date]
        spent = same_year[-1].spent if same_year else 0
    data: dict[str, Any] = {"dato": date, "status": status, "andel": share, "brukt": spent}
    data.update({key: text for key, text in texts.items() if text is not None})
    try:
        entry = StatusEntry.model_validate(data)
    except ValidationError as exc:
        problem = problem_from(StatusEntry, dict(exc.errors()[0]), SourceMap())
        raise FollowUpError(f"tiltak {measure_id}: {problem.message}") from None
    problems = entry_problems(plan, entry, tuple(e for e in entries if e.date <= date))
    if problems:
        raise FollowUpError(
            "\n".join(f"tiltak {measure_id}: {message}" for _, message in problems) + "\nIngenting er skrevet."
        )
    return data, entry


def newest_after(project: Project, measure_id: str, date: dt.date) -> dt.date | None:
    """The newest earlier entry's date when it is after ``date`` (entries are read in date order
    all the same: the caller says so)."""
    newest = max((e.date for e in followup_of(project).status.get(measure_id, ())), default=date)
    return newest if newest > date else None


def check_not_future(date: dt.date | None, today: dt.date | None, what: str) -> None:
    """A report dated after today is refused: status is reported for what has happened."""
    if date is not None and today is not None and date > today:
        raise FollowUpError(
            f"{what}: datoen {format_date(date)} er etter i dag ({format_date(today)}); status rapporteres for det som har skjedd. Ingenting er skrevet."
        )


def ambition_for(project: Project, ambition_id: str) -> Ambition:
    """The ambition a measured value is for; refused with the nearest id."""
    ambition = find_ambition(project.plan, ambition_id)
    if ambition is None:
        raise FollowUpError(unknown_id(project.plan, ambition_id))
    return ambition


def entered_value(ambition_id: str, value: float) -> int | float | str:
    """``--verdi`` as it will be written, or refused (nothing written) when the plan's number
    rule would refuse it when read back: not finite, 10^15 or more, more than 15 digits."""
    try:
        read_decimal(value)
    except PydanticCustomError as exc:
        raise FollowUpError(
            f"ambisjon {ambition_id}: --verdi {value!r}: {exc.message()}. Ingenting er skrevet."
        ) from None
    if float(value).is_integer():
        return int(value)
    if "e" in repr(value):  # 1e-07: written out in full, as the number rule reads it back
        return format(Decimal(repr(value)), "f")
    return value


def indicator_value(project: Project, ambition: Ambition, data: dict[str, Any]) -> IndicatorValue:
    """The measured value ``data`` (``år``, ``verdi`` from ``entered_value``, ``kilde``,
    ``dato``) as read, or refused: its year from the baseline to the end of the plan period."""
    years = value_years(project.plan, ambition)
    year = data["år"]
    if year not in years:
        raise FollowUpError(
            f"ambisjon {ambition.id}: året {year} ligger utenfor {years.start}–{project.plan.period.end}. Ingenting er skrevet."
        )
    try:
        return IndicatorValue.model_validate(data)
    except ValidationError as exc:
        raise FollowUpError(f"ambisjon {ambition.id}: {exc.errors()[0]['msg']}") from None
