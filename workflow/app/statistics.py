"""``plan data hent`` as a use case: refresh the plan's statistics snapshots
(plan/statistikk/*.json) from SSB's PxWebApi v2, writing a file only when its numbers changed.
Nothing here prints: the caller is told of each table before and after it is fetched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from workflow.errors import Problem, WorkflowError
from workflow.evidence import ssb
from workflow.evidence.ssb import FetchError, Refreshed, refresh
from workflow.plan.source import WorkTree
from workflow.plan.statistics import Snapshot, load_snapshots


class UnknownStatistics(WorkflowError):
    """A name given is not a snapshot of the plan (a usage mistake)."""

    exit_code = 2


@dataclass(frozen=True)
class Outcome:
    """One table fetched (``refreshed``) or not (``error``, the reason in Norwegian)."""

    snapshot: Snapshot
    refreshed: Refreshed | None
    error: str | None = None


def fetch_statistics(
    root: Path,
    names: Sequence[str] = (),
    *,
    base: str | None = None,
    timeout: float = 30.0,
    on_problem: Callable[[Problem], None] | None = None,
    on_start: Callable[[int, int, Snapshot], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Fetch the snapshots ``names`` (all when empty) of the plan in the working tree at
    ``root``. ``on_problem`` hears of each snapshot file that cannot be read, ``on_start`` of
    each table before it is fetched (number, count, snapshot), ``on_done`` of its outcome.
    Raises when a table could not be fetched or a file could not be read (the other files are
    written all the same), and before fetching when there is nothing to fetch or a name is
    unknown."""
    snapshots, problems, _ = load_snapshots(WorkTree(root))
    for problem in problems:
        if on_problem is not None:
            on_problem(problem)
    chosen = _chosen(snapshots, problems, names)
    base = base or ssb.BASE_URL  # read when called: SSB's address, or one a caller set in its place
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    outcomes = []
    for i, snapshot in enumerate(chosen, start=1):
        if on_start is not None:
            on_start(i, len(chosen), snapshot)
        try:
            outcome = Outcome(snapshot, refresh(root, snapshot, base=base, timeout=timeout, fetched_at=now))
        except FetchError as exc:
            outcome = Outcome(snapshot, None, exc.message)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)
    failed = sum(o.error is not None for o in outcomes)
    if failed or problems:
        raise WorkflowError(
            f"{failed} av {len(chosen)} tabeller kunne ikke hentes; de andre filene er uendret."
            if failed
            else "rett feilene over og prøv igjen"
        )
    return outcomes


def _chosen(snapshots: Sequence[Snapshot], problems: list[Problem], names: Sequence[str]) -> list[Snapshot]:
    """The snapshots named (all when none is), in the order named."""
    if not snapshots and not problems:
        raise WorkflowError(
            "plan/statistikk/ har ingen øyeblikksbilder å hente (legg til en .json-fil med kilde, tabell og spørring)"
        )
    known = {s.name: s for s in snapshots}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UnknownStatistics(
            f"ukjent statistikk: {', '.join(unknown)} (finnes: {', '.join(sorted(known)) or 'ingen'})"
        )
    return [known[n] for n in names] if names else list(snapshots)
