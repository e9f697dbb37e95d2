"""The hearing and its answers: which submissions still lack an outcome, whether the plan items
a submission says it changed really changed, and which large changes after the hearing no
submission explains. Pure functions over projects and plans; git is at the edge (the caller
loads the plan at a revision).
"""

from __future__ import annotations

import datetime as dt

from workflow.changes.compare import ADDED, CHANGED, REMOVED, compare
from workflow.errors import Problem
from workflow.plan.model import Plan, Project
from workflow.plan.participation import CHANGING_OUTCOMES, HEARING, SUBMISSIONS_DIR, Submission

# A change of a measure's yearly cost at or above this (NOK) is «large» after a hearing.
COST_THRESHOLD = 100_000
LARGE_TYPES = ("satsingsområde", "mål", "ambisjon", "strategi", "tiltak")


def during_hearing(submission: Submission, start: dt.date, deadline: dt.date | None) -> bool:
    """A hearing statement, or input received while the plan was on hearing."""
    if submission.channel == HEARING:
        return True
    return start <= submission.received and (deadline is None or submission.received <= deadline)


def unanswered(project: Project, start: dt.date, deadline: dt.date | None) -> list[Submission]:
    """Submissions received during the hearing that have no outcome yet."""
    return [s for s in project.submissions if s.outcome is None and during_hearing(s, start, deadline)]


def _file(s: Submission) -> str:
    return f"{SUBMISSIONS_DIR}/{s.id}.yaml"


def changed_ids(old: Plan, new: Plan) -> set[str]:
    """Ids of items that differ in meaning between two plans (added, removed, changed, moved)."""
    return {c.id for c in compare(old, new) if c.id is not None and c.kind != "reordered"}


def check_outcomes(project: Project, plans: dict[str, Plan | None]) -> list[Problem]:
    """Warnings: a submission «tatt til følge» or «delvis» names items in ``endret`` that did
    not change between the version it commented on and the current plan. ``plans``: version
    (tag) → the plan at that version, None when the version cannot be read."""
    problems = []
    cache: dict[str, set[str]] = {}
    for s in project.submissions:
        if s.outcome not in CHANGING_OUTCOMES or not s.changed or s.version is None:
            continue
        old = plans.get(s.version)
        if old is None:
            problems.append(
                Problem(
                    _file(s),
                    0,
                    0,
                    f"innspillet kommenterer versjonen «{s.version}», som ikke finnes i git; kan ikke kontrollere at «endret» stemmer",
                    warning=True,
                )
            )
            continue
        if s.version not in cache:
            cache[s.version] = changed_ids(old, project.plan)
        same = [ref for ref in s.changed if ref not in cache[s.version]]
        if same:
            problems.append(
                Problem(
                    _file(s),
                    0,
                    0,
                    f"utfallet er «{s.outcome}», men {', '.join(same)} er ikke endret siden {s.version}",
                    warning=True,
                )
            )
    return problems


def unexplained_changes(project: Project, hearing_plan: Plan, hearing_tag: str) -> list[Problem]:
    """Warnings for the clerk: large changes after the hearing (items added or removed, a
    measure's cost changed by ``COST_THRESHOLD`` or more) that no submission's ``endret``
    explains. A significant change after a hearing may call for a new hearing."""
    explained = {ref for s in project.submissions if s.outcome in CHANGING_OUTCOMES for ref in s.changed}
    problems = []
    for c in compare(hearing_plan, project.plan):
        if c.id is None or c.id in explained or c.type not in LARGE_TYPES:
            continue
        if c.kind in (ADDED, REMOVED):
            what = "lagt til" if c.kind == ADDED else "fjernet"
        elif c.kind == CHANGED and c.field == "kostnad" and abs((c.new or 0) - (c.old or 0)) >= COST_THRESHOLD:
            what = f"fått ny kostnad ({c.old} → {c.new} kr per år)"
        else:
            continue
        problems.append(
            Problem(
                "plan/",
                0,
                0,
                f"{c.type} {c.id} er {what} etter høringen ({hearing_tag}), og ingen innspill forklarer endringen; "
                "en vesentlig endring etter høring kan kreve ny høring",
                warning=True,
            )
        )
    return problems


def causes(project: Project) -> dict[str, list[str]]:
    """Item id → the ids of the submissions that changed it (outcome «tatt til følge» or
    «delvis»), for ``plan diff --innspill``."""
    found: dict[str, list[str]] = {}
    for s in project.submissions:
        if s.outcome in CHANGING_OUTCOMES:
            for ref in s.changed:
                found.setdefault(ref, []).append(s.id)
    return found
