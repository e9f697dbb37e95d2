"""``plan advance`` as a library: record that a body treated the plan (or, with ``programme``,
the planning programme) as an annotated stage tag on HEAD, after every check. ``advance``
returns the ``Step`` it wrote (with ``dry_run``: would write) and raises ``StageError`` when
refused; nothing is printed.

The checks are ``approval.prepare_step`` (the plan's treatments), ``programme.prepare_programme_step``
(the programme's) and, for a meeting that adopted proposals changing the plan,
``amendments.amend_and_prepare`` (the plan written and committed first, issue 24).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.amendments import amend_and_prepare
from workflow.app.approval import check_far_dates, prepare_step, record_step
from workflow.app.programme import prepare_programme_step
from workflow.app.step import Meeting
from workflow.changes.amend import adopted
from workflow.errors import StageError
from workflow.plan.model import Proposal

if TYPE_CHECKING:
    from workflow.app.step import Step
    from workflow.process.git import Repository


def advance(
    root: Path,
    stage: str,
    date: dt.date,
    meeting: Meeting = Meeting(),
    *,
    amended: bool = False,
    force: str | None = None,
    programme: bool = False,
    dry_run: bool = False,
    confirm_date: bool = False,
    today: dt.date | None = None,
) -> Step:
    """``plan advance STAGE --date DATE``: the checks, then the tag written on HEAD under the
    repository's stage lock (``dry_run``: not written). ``stage``: a body's id or name from
    plan/prosess.yaml; ``meeting``: what the clerk records (decision and innstilling as
    Markdown, proposals as ``approval.read_proposals`` reads them); ``amended``: the case was
    amended in the meeting (documents may differ from those sent out); ``force``: the reason to
    go on past hearing submissions without an outcome; ``programme``: a treatment of the
    planning programme. A date more than a year from ``today`` (default: the clock's) must be
    confirmed (``confirm_date``)."""
    if programme and (amended or force):
        raise StageError("--endret-i-møtet og --force gjelder ikke behandlingen av planprogrammet")
    check_far_dates({"møtedatoen": date, "høringsfristen": meeting.deadline}, today or dt.date.today(), confirm_date)

    def prepare(repo: Repository) -> Step:
        if programme:  # the planning programme's own process (issue 22)
            return prepare_programme_step(root, repo, stage, date, meeting)
        if adopted(meeting.proposals):  # issue 24: the tool writes and commits the amended plan first
            return amend_and_prepare(root, repo, stage, date, meeting, dry_run=dry_run, amended=amended, force=force)
        return prepare_step(root, repo, stage, date, meeting, amended=amended, force=force)

    return record_step(root, prepare, dry_run=dry_run)


def amends_plan(proposals: tuple[Proposal, ...], programme: bool = False) -> bool:
    """Whether ``advance`` with these proposals writes the adopted changes into the plan files
    and commits them before the tag (a dry run shows the tag at the sent-out revision)."""
    return bool(adopted(proposals)) and not programme
