"""The approval workflow at the edge: git history + stage rules + document builds.

``prepare_step`` checks everything ``plan advance`` must check and returns the tag it would
write (name, commit, message); ``write_step`` writes it. ``verify_tag`` rebuilds the
documents recorded in a stage tag. The rules themselves are in ``stages.py``, the tag scheme in
``tags.py``, every git call in ``git.py``.

The documents recorded in a tag are the case documents of the tagged commit for that body
(``revision.documents``, what ``plan build`` writes), with the treatments of the current round
before the tag as history, dated with the commit's committer date. ``verify_tag`` rebuilds them
the same way, from git objects only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from workflow.app import meetings
from workflow.app.meetings import Record
from workflow.app.programme import check_programme_fixed
from workflow.app.revision import (
    Round,
    compared,
    digests,
    document_date,
    documents,
    last_readable,
    load_at,
    repository,
    round_at,
)
from workflow.app.step import Meeting, Step, check_text, next_tagger_date
from workflow.errors import PlanError, StageError
from workflow.participation.hearing import unanswered
from workflow.plan.model import Body, Project, Proposal
from workflow.plan.yamlsafe import parse
from workflow.process import git as g
from workflow.process import stages
from workflow.process.tags import (
    NEW_ROUND,
    StageTag,
    explain,
    format_message,
    format_round_message,
    format_tag,
    parse_action_tag,
    parse_programme_tag,
    read_action_tag,
    read_programme_tag,
    read_tag,
)

if TYPE_CHECKING:
    from workflow.process.git import Repository


def read_proposals(raw: bytes, name: str) -> tuple[Proposal, ...]:
    """A YAML list of proposals: ``- tekst: …  fremmet_av: …  stemmer: …``."""
    parsed = parse(raw)
    if parsed.problems:
        (line, col), msg = parsed.problems[0]
        raise StageError(f"{name}:{line}:{col}: {msg}")
    if not isinstance(parsed.data, list):
        raise StageError(f"{name}: forventet en liste med forslag (linjer som starter med «- tekst: »)")
    out = []
    for i, item in enumerate(parsed.data):
        try:
            out.append(Proposal.model_validate(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            problem = explain(Proposal, dict(err, loc=(i, *err["loc"])), name, parsed)
            where = f"{name}:{problem.line}:{problem.column}" if problem.line else name
            raise StageError(f"{where}: forslag {i + 1}: {problem.message}") from None
        check_text(out[-1].text, f"{name}: forslag {i + 1}")
    return tuple(out)


def _strict_project(repo: Repository, root: Path, commit: str, stage: str | None = None) -> Project:
    try:
        project, warnings = load_at(repo, root, commit)
    except PlanError as exc:
        raise StageError("planen består ikke «plan check --strict»:\n" + exc.format_message()) from None
    if warnings and stage is not None and not stages.resolve_body(project.process, stage).is_strict:
        return project  # stage rules (issue 11): warnings are allowed at this body (e.g. a draft)
    if warnings:
        lines = "\n".join(str(w) for w in warnings)
        raise StageError(f"planen består ikke «plan check --strict»:\n{lines}\n{len(warnings)} advarsler.")
    return project


def check_clean(repo: Repository, root: Path) -> None:
    """Refuse when plan/ or templates/ have changes git does not hold (both advance commands)."""
    dirty = g.dirty_paths(repo, root)
    if dirty:
        shown = ", ".join(dirty[:5]) + (f" og {len(dirty) - 5} til" if len(dirty) > 5 else "")
        raise StageError(
            f"det er endringer som ikke er lagret i git under plan/ eller templates/: {shown}. "
            "Lagre dem med «git commit» (eller sett dem til side med «git stash») først."
        )


def _check_line(all_tags: list[StageTag], line: list[StageTag], head: str) -> None:
    """The commit must build on the latest stage tag (tags whose message cannot be read are
    not used, as ``plan status`` says, so they do not count)."""
    on_line = {t.name for t in line}
    previous = last_readable(line)
    last = previous.order_key() if previous else None
    beyond = [t for t in all_tags if not t.error and t.name not in on_line and (last is None or t.order_key() > last)]
    if beyond:
        t = beyond[-1]
        raise StageError(
            f"commit {head[:10]} bygger ikke på forrige steg {t.name} (commit {t.commit[:10]}): "
            "sjekk ut en commit som har den i historien"
        )


def _free_name(repo: Repository, body: Body, date: dt.date, st: stages.State) -> str:
    """The tag name; ``-2``, ``-3``… only for a body treating the plan again the same day."""
    mine = {t.name for t in st.round}
    seq = 1
    while True:
        name = format_tag(body.id, date, seq)
        if not g.tag_exists(repo, name):
            return name
        if name not in mine:
            raise StageError(f"taggen {name} finnes allerede; verktøyet flytter eller sletter aldri tagger")
        seq += 1


def prepare_step(
    root: Path,
    repo: Repository,
    stage: str,
    date: dt.date,
    meeting: Meeting = Meeting(),
    *,
    amended: bool = False,
    force: str | None = None,
    amendments: Mapping[str, object] | None = None,
) -> Step:
    """Every check of ``plan advance``; the tag to write. Raises StageError (nothing written).

    When the clerk sent the case out (``plan build --for``, a record in ``utsendt/``), the
    documents must be the ones sent out, unless ``amended`` (amended in the meeting). ``force``:
    the reason to go past a refusal that may be overridden (hearing submissions without an
    outcome), recorded as ``overstyrt``. ``amendments``: what the adopted proposals changed
    (``app/amendments.py``)."""
    meeting = meeting.checked()
    force, head = check_text(force, "begrunnelsen for --force"), g.head_commit(repo)
    check_clean(repo, root)
    project, line, body, st, outcome = _next_step(repo, root, head, stage, date, meeting.outcome, meeting.deadline)
    meetings.check_ready(project, body, st.treatments)
    name = _free_name(repo, body, date, st)
    override = _check_hearing_answered(project, body, st, force)
    sent, case_number, when = _sent_out(repo, root, body, date, meeting.case_number)
    archive_case = meeting.archive_case
    if sent is not None:
        archive_case = meetings.check_archive_case(sent, archive_case)
    treatment = replace(meeting, case_number=case_number, archive_case=archive_case).treatment(
        body,
        date,
        outcome,
        dokumentdato=when,
        endret_i_møtet=True if amended else None,
        overstyrt=override,
        **(amendments or {}),  # issue 24: utsendt_revisjon, vedtatte_endringer (app/amendments.py)
    )
    changes, base = compared(repo, root, project, line)
    round_ = Round(body.id, tuple(st.treatments), changes, treatment, base, when)
    files = documents(repo, root, head, project, round_)
    if sent is not None:
        _check_as_sent(repo, root, head, project, round_, files, sent, amended)
    treatment = treatment.model_copy(update={"documents": digests(files)})
    return Step(name, head, format_message(treatment, body.label()), next_tagger_date(line), treatment, body)


def _next_step(
    repo: Repository, root: Path, head: str, stage: str, date: dt.date, outcome: str | None, deadline: dt.date | None
) -> tuple[Project, list[StageTag], Body, stages.State, str]:
    """The plan at ``head`` (passing its stage's check), its line of stage tags, the step named
    ``stage`` and the state before it, and the outcome: every rule of order and dates, and
    (issue 22) a declared planning programme fixed before the first political treatment."""
    project = _strict_project(repo, root, head, stage)
    line = _checked_line(repo, head)
    body = stages.resolve_body(project.process, stage, stages.state(project.process, line))
    st, outcome = stages.check_advance(project.process, line, body, date, outcome, deadline)
    check_programme_fixed(repo, head, project.process, body, date)
    return project, line, body, st, outcome


def _sent_out(
    repo: Repository, root: Path, body: Body, date: dt.date, case_number: str | None
) -> tuple[Record | None, str | None, dt.date]:
    """What the clerk sent out for this meeting (``plan build --for``), if anything; the case
    number (the one sent out) and the date the documents carry (the one sent out, else the
    commit's date, never after the meeting)."""
    sent = meetings.read_record(root, body.id, date)
    if sent is not None:
        case_number = meetings.check_case_number(sent, case_number)
    when = sent.case_date if sent is not None else document_date(g.head_date(repo), date)
    return sent, case_number, when


def _checked_line(repo: Repository, head: str) -> list[StageTag]:
    """The stage tags on the line of ``head``, which must build on the latest stage tag."""
    all_tags = g.stage_tags(repo)
    line = g.stage_tags(repo, merged=head)
    _check_line(all_tags, line, head)
    return line


def _check_as_sent(
    repo: Repository,
    root: Path,
    head: str,
    project: Project,
    round_: Round,
    files: dict[str, bytes],
    sent: Record,
    amended: bool,
) -> None:
    """The documents must be the ones the clerk sent out (unless ``amended``); after an
    adoption, those built as the meeting stood before it was held."""
    as_sent = files
    if round_.meeting is not None and round_.meeting.outcome in stages.ADOPTED:
        as_sent = documents(repo, root, head, project, replace(round_, meeting=meetings.as_sent(round_.meeting)))
    meetings.check_as_sent(sent, digests(as_sent), amended)


def _check_hearing_answered(project: Project, body: Body, st: stages.State, force: str | None) -> str | None:
    """After a hearing in this round, a meeting body may treat the plan only when every
    submission received during the hearing has an outcome (merknadsbehandling). ``force``
    overrides it; the reason is returned to be recorded in the tag."""
    roles = {b.id: b.role for b in project.process.bodies}
    hearings = [t.treatment for t in st.round if roles.get(t.stage) == "høring" and t.treatment is not None]
    if body.role == "høring" or not hearings:
        return None
    open_ = unanswered(project, hearings[-1].date, hearings[-1].deadline)
    if not open_:
        return None
    if force:
        return force
    shown = ", ".join(s.id for s in open_[:8]) + (f" og {len(open_) - 8} til" if len(open_) > 8 else "")
    raise StageError(
        f"{len(open_)} innspill fra høringen har ikke utfall ennå ({shown}); fyll inn vurdering og utfall i "
        'plan/innspill/ (merknadsbehandlingen) før planen går videre, eller bruk --force "BEGRUNNELSE"'
    )


def prepare_round(root: Path, repo: Repository, date: dt.date, reason: str | None = None) -> Step:
    """Every check of ``plan revise``; the ``revisjon/DATE`` tag to write."""
    reason = check_text(reason, "begrunnelsen")
    head = g.head_commit(repo)
    try:
        project, _ = load_at(repo, root, head)
    except PlanError as exc:
        raise StageError("planen kan ikke leses:\n" + exc.format_message()) from None
    line = _checked_line(repo, head)
    stages.check_revise(project.process, line, date)
    name = format_tag(NEW_ROUND, date)
    if g.tag_exists(repo, name):
        raise StageError(f"taggen {name} finnes allerede; verktøyet flytter eller sletter aldri tagger")
    return Step(name, head, format_round_message(date, reason), next_tagger_date(line))


def record_step(root: Path, prepare: Callable[[Repository], Step], *, dry_run: bool = False) -> Step:
    """Under the repository's stage lock, with a complete history: the step ``prepare`` checks
    and returns, its message read back, and (unless ``dry_run``) the tag written. The step."""
    with repository(root) as repo, stage_guard(repo):
        step = prepare(repo)
        check_round_trip(step)
        if not dry_run:
            write_step(repo, step)
    return step


def write_step(repo: Repository, step: Step, tagger_date: dt.datetime | None = None) -> None:
    g.require_identity(repo)
    if step.treatment is not None:
        check_round_trip(step)
    g.create_tag(repo, step.tag, step.commit, step.message, date=tagger_date or step.tagger_date)


# --- verify --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    tag: str
    file: str
    problem: str  # Norwegian, e.g. "sha256 er annerledes"


def verify_tag(repo: Repository, root: Path, tag: StageTag) -> list[Mismatch]:
    """Rebuild the documents of a stage tag and compare them with the recorded sha256."""
    if tag.error:
        return [Mismatch(tag.name, "-", f"meldingen kan ikke leses: {tag.error}")]
    recorded = tag.treatment.documents if tag.treatment else None
    if not recorded:
        return [Mismatch(tag.name, "-", "taggen har ingen dokumenter registrert")]
    try:
        project, _ = load_at(repo, root, tag.commit)
    except PlanError as exc:
        return [Mismatch(tag.name, "plan/", "planen kan ikke leses ved denne revisjonen: " + exc.format_message())]
    rebuilt = digests(documents(repo, root, tag.commit, project, round_at(repo, root, tag.name, project)))
    out = []
    for name in sorted(set(recorded) | set(rebuilt)):
        if name not in rebuilt:
            out.append(Mismatch(tag.name, name, "lages ikke lenger"))
        elif name not in recorded:
            out.append(Mismatch(tag.name, name, "var ikke registrert i taggen"))
        elif recorded[name] != rebuilt[name]:
            out.append(Mismatch(tag.name, name, f"sha256 er {rebuilt[name][:12]}…, registrert {recorded[name][:12]}…"))
    return out


# --- guards around writing a tag (issue 12) -------------------------------------------------

FUTURE_LIMIT = dt.timedelta(days=366)  # a date further ahead is likely a typo (2201)
PAST_LIMIT = dt.timedelta(days=20 * 366)
CONFIRM_FLAG = "--bekreft-dato"


@contextmanager
def stage_guard(repo: Repository) -> Iterator[None]:
    """Around the checks and the tag of ``plan advance``/``plan revise``: the repository's
    stage lock (two at once cannot both pass the checks) and a complete history."""
    with g.stage_lock(repo):
        check_history_complete(repo)
        yield


def check_history_complete(repo: Repository) -> None:
    """A shallow clone lacks the earlier stage tags' commits: the order rules would be wrong."""
    if g.is_shallow(repo):
        raise StageError(
            "git-depotet er en grunn klone (shallow clone) uten hele historikken, så rekkefølgen "
            f"av behandlingene kan ikke kontrolleres: {g.SHALLOW_FIX}, og prøv igjen"
        )


def check_far_dates(dates: dict[str, dt.date | None], today: dt.date, confirmed: bool) -> None:
    """A meeting date or deadline far from ``today`` must be confirmed: tags cannot be moved."""
    if confirmed:
        return
    for what, date in dates.items():
        if date is None:
            continue
        if date - today > FUTURE_LIMIT or today - date > PAST_LIMIT:
            raise StageError(
                f"{what} {date.isoformat()} er langt fra dagens dato ({today.isoformat()}): en tag kan ikke "
                f"flyttes etterpå, så sjekk datoen; er den riktig, bruk {CONFIRM_FLAG}"
            )


def check_round_trip(step: Step, reason: str | None = None) -> None:
    """Read the message back as every command will read the tag, and compare: a value that
    would not survive the round trip is refused before the tag exists. ``reason``: the reason
    given for a revision round."""
    read = read_action_tag if parse_action_tag(step.tag) is not None else read_tag  # a yearly action plan's tag
    read = read_programme_tag if parse_programme_tag(step.tag) is not None else read  # the planning programme's
    back = read(step.tag, step.commit, None, step.message)
    problem = None
    if back is None:
        problem = "tagnavnet følger ikke navneskjemaet"
    elif back.error:
        problem = back.error
    elif step.message.split("\n", 1)[0] != step.message.splitlines()[0]:
        problem = "første linje av meldingen har et linjeskift git ikke ser"
    elif step.treatment is not None and back.treatment != step.treatment:
        fields = type(step.treatment).model_fields
        changed = [
            info.alias or name
            for name, info in fields.items()
            if getattr(back.treatment, name) != getattr(step.treatment, name)
        ]
        problem = "feltet " + ", ".join(f"«{n}»" for n in changed) + " ville blitt lest annerledes tilbake"
    elif step.treatment is None and back.reason != reason:
        problem = "begrunnelsen ville blitt lest annerledes tilbake"
    if problem:
        raise StageError(f"taggen {step.tag} blir ikke skrevet, fordi meldingen ikke kan leses tilbake likt: {problem}")
