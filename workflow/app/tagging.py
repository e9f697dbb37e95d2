"""The commands that write a tag, as use cases: ``plan revise`` (a new round) and
``plan handlingsplan advance`` (a yearly action plan's treatment). Each checks everything
under the repository's stage lock with a complete history, reads its message back as every
command will read it, and writes the tag (or, as a dry run, only returns it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from workflow.app.actionplan import prepare_action_step
from workflow.app.approval import check_far_dates, check_round_trip, prepare_round, record_step, stage_guard, write_step
from workflow.app.revision import repository
from workflow.app.step import Meeting, Step
from workflow.process.git import Repository


def revise(
    root: Path,
    date: dt.date,
    reason: str | None = None,
    *,
    dry_run: bool = False,
    confirm_date: bool = False,
    today: dt.date | None = None,
) -> Step:
    """``plan revise``: start a new round of treatments for an adopted plan (the tag
    ``revisjon/DATE``); a date far from ``today`` must be confirmed (``confirm_date``)."""
    check_far_dates({"datoen": date}, today or dt.date.today(), confirm_date)
    with repository(root) as repo, stage_guard(repo):
        step = prepare_round(root, repo, date, reason)
        check_round_trip(step, reason if reason is None else reason.strip("\n").rstrip())
        if not dry_run:
            write_step(repo, step)
    return step


def advance_action_plan(
    root: Path,
    year: int,
    stage: str,
    date: dt.date,
    meeting: Meeting = Meeting(),
    *,
    dry_run: bool = False,
    confirm_date: bool = False,
    today: dt.date | None = None,
) -> Step:
    """``plan handlingsplan advance``: record that ``stage`` treated the action plan for
    ``year`` on ``date`` (the tag ``handlingsplan-YEAR/STAGE/DATE``), with the documents it
    records and what the clerk records of the ``meeting``; a date far from ``today`` must be
    confirmed (``confirm_date``)."""
    check_far_dates({"møtedatoen": date}, today or dt.date.today(), confirm_date)

    def prepare(repo: Repository) -> Step:
        return prepare_action_step(root, repo, year, stage, date, meeting)

    return record_step(root, prepare, dry_run=dry_run)
