"""The approval workflow at the edge: git history + stage rules + document builds.

``prepare_step`` checks everything ``plan advance`` must check and returns the tag it would
write (name, commit, message); ``write_step`` writes it. ``verify_tag`` rebuilds the
documents recorded in a stage tag. The rules themselves are in ``stages.py``, the tag scheme in
``tags.py``, every git call in ``git.py``.

The documents recorded in a tag are those built for that body at the tagged commit, with the
treatments of the current round before the tag as history, dated with the commit's committer
date. ``verify_tag`` rebuilds them the same way, from git objects only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.process import git as g
from workflow.process import stages
from workflow.errors import PlanError, StageError
from workflow.plan.model import Body, Project, Proposal, Treatment
from workflow.process.tags import NEW_ROUND, StageTag, explain, format_message, format_round_message, format_tag

if TYPE_CHECKING:
    from workflow.app.meetings import Record
    from workflow.process.git import Repository

CASE_NUMBER = re.compile(r"^[A-Za-zÆØÅæøå0-9][A-Za-zÆØÅæøå0-9 ./-]{0,39}$")


@contextmanager
def repository(root: Path) -> Iterator[Repository]:
    """The git repository holding the plan root; closed afterwards (no leaked cat-file)."""
    repo = g.open_repo(root)
    try:
        yield repo
    finally:
        repo.close()


@dataclass(frozen=True)
class Step:
    """A tag ``plan advance`` or ``plan revise`` would write."""

    tag: str
    commit: str
    message: str
    tagger_date: dt.datetime | None  # set when the clock must move past the previous tag
    treatment: Treatment | None = None
    body: Body | None = None


def line_of(repo: Repository, rev: str) -> list[StageTag]:
    """The stage tags on the line of history that ends at ``rev``, oldest first."""
    return g.stage_tags(repo, merged=g.resolve_commit(repo, rev))


def load_at(repo: Repository, root: Path, commit: str) -> tuple[Project, list]:
    from workflow.plan.load import load_project

    source = g.GitSource(repo, commit, root)
    return load_project(source)


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
    from workflow.plan.yamlsafe import describe_char
    from workflow.xmlchars import XML_INVALID

    if text is None:
        return None
    text = text.strip("\n").rstrip()
    if not text.strip():
        raise StageError(f"{what} er tom")
    bad = XML_INVALID.search(text)
    if bad:
        raise StageError(f"{what} har tegnet {describe_char(bad.group())}, som ikke kan stå i et Word-dokument")
    return text


def read_proposals(raw: bytes, name: str) -> tuple[Proposal, ...]:
    """A YAML list of proposals: ``- tekst: …  fremmet_av: …  stemmer: …``."""
    from pydantic import ValidationError

    from workflow.plan.yamlsafe import parse

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


def next_tagger_date(line: list[StageTag]) -> dt.datetime | None:
    """Tags are ordered by tagger date among equal meeting dates: keep it strictly increasing."""
    if not line or line[-1].tagged is None:
        return None
    floor = line[-1].tagged + dt.timedelta(seconds=1)
    now = dt.datetime.now(dt.timezone.utc)
    return floor if now < floor else None


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


@dataclass(frozen=True)
class Round:
    """What the saksframlegg takes from the history: the body it is for (None: the builder's
    default, the next body), the treatments of the round so far, the changes against the
    version the body last saw (None when there is none) and that version in words (``base``),
    the body's own meeting once it is set (its date and case number; at a stage tag the tag's
    treatment), and the date the documents carry (None: the commit's date)."""

    body: str | None
    history: tuple[Treatment, ...]
    changes: list[dict] | None
    meeting: Treatment | None = None
    base: str | None = None
    when: dt.date | None = None
    programme: Treatment | None = None  # the planning programme's adoption (set by ``round_for_build``)


def round_for_build(repo: Repository, root: Path, rev: str | None, project: Project) -> Round:
    """``round_at`` and the planning programme's adoption on the line of ``rev`` (HEAD), for
    ``plan build``: the same documents ``plan advance`` records."""
    from workflow.app.programme import fixed_programme

    try:
        commit = g.resolve_commit(repo, rev) if rev is not None else g.head_commit(repo)
    except g.GitError:
        return Round(None, (), None)
    round_ = round_at(repo, root, rev, project)
    return replace(round_, programme=fixed_programme(repo, commit, project.process, round_.meeting))


def last_readable(line: list[StageTag]) -> StageTag | None:
    """The newest tag of a line whose message can be read (the others are not used)."""
    readable = [t for t in line if not t.error]
    return readable[-1] if readable else None


def changes_since(repo: Repository, root: Path, project: Project, since: StageTag | None) -> list[dict] | None:
    """The section «Endringer siden forrige behandling»: the plan at ``since`` against ``project``."""
    if since is None:
        return None
    from workflow.changes.sentences import case_sections
    from workflow.changes.compare import compare

    try:
        previous, _ = load_at(repo, root, since.commit)
    except PlanError:
        return None
    return case_sections(compare(previous.plan, project.plan), previous.plan, project.plan)


def compared(
    repo: Repository, root: Path, project: Project, line: list[StageTag]
) -> tuple[list[dict] | None, str | None]:
    """The changes against the version the receiving body (or the body before it) last treated,
    and that version in words (see ``process/versions.py``)."""
    from workflow.process.versions import comparison_base, describe

    base = comparison_base(project.process, line)
    changes = changes_since(repo, root, project, base)
    return changes, (describe(base, project.process) if changes is not None and base is not None else None)


def document_date(commit_when: dt.datetime, meeting: dt.date | None) -> dt.date:
    """The date of a case prepared without a date from the clerk: the commit's date, but never
    after the meeting (a commit made later does not move the date of what was sent out)."""
    day = commit_when.date()
    return min(day, meeting) if meeting is not None else day


def round_at(repo: Repository, root: Path, rev: str | None, project: Project, *, with_changes: bool = True) -> Round:
    """The round for building at ``rev`` (None: HEAD). For a stage tag exactly what ``plan
    advance`` recorded with it; likewise for an adopted plan that has not changed since its
    adoption (its case is the one the adopting body decided, dated as then, never the date of a
    later commit); otherwise the next body and the treatments so far. Outside any history (no
    commits): an empty round. Without ``with_changes`` the round's changes are not computed (None)
    unless needed to tell its date: for a document that shows only the stage (the redline)."""
    from workflow.process.tags import parse_tag
    from workflow.process.versions import comparison_base

    try:
        commit = g.resolve_commit(repo, rev) if rev is not None else g.head_commit(repo)
    except g.GitError:
        return Round(None, (), None)
    line = line_of(repo, commit)
    if rev is not None and parse_tag(rev) is not None:
        tag = next((t for t in line if t.name == rev), None)
        if tag is not None and tag.treatment is not None:
            return _as_recorded(repo, root, project, line, tag, with_changes)
    st = stages.state(project.process, line)
    adopted = st.adopted
    changes, base = compared(repo, root, project, line) if with_changes or adopted is not None else (None, None)
    if adopted is not None and changes == [] and comparison_base(project.process, line) is adopted:
        return _as_recorded(repo, root, project, line, adopted, with_changes)
    return Round(None, tuple(st.treatments), changes, None, base)


def _as_recorded(
    repo: Repository, root: Path, project: Project, line: list[StageTag], tag: StageTag, with_changes: bool = True
) -> Round:
    """The round of a stage tag on ``line``, as ``plan advance`` recorded it."""
    assert tag.treatment is not None  # callers pass a tag with its treatment
    before = line[: line.index(tag)]
    history = stages.state(project.process, before).treatments
    changes, base = compared(repo, root, project, before) if with_changes else (None, None)
    return Round(tag.stage, tuple(history), changes, tag.treatment, base, tag.treatment.case_date)


def documents(repo: Repository, root: Path, commit: str, project: Project, round_: Round) -> dict[str, bytes]:
    """The documents for the round built from the files of ``commit`` alone (plan files and
    templates read from git objects), dated with the round's date, else the commit's date."""
    from workflow.documents.build import FALLBACK_WHEN, build_documents

    from workflow.participation.case import case_part
    from workflow.participation.documents import build_attachment

    from workflow.app.programme import fixed_programme

    source = g.GitSource(repo, commit, root)
    when = round_.when or source.commit_date or FALLBACK_WHEN
    files = build_documents(
        project,
        root,
        when=when,
        body=round_.body,
        history=round_.history,
        changes=round_.changes,
        source=source,
        meeting=round_.meeting,
        base=round_.base,
        programme=fixed_programme(repo, commit, project.process, round_.meeting),
        part=case_part,
    )
    files.update(build_attachment(project, root, when=when, source=source))  # «Innkomne innspill …»
    return files


def digests(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}


def prepare_step(
    root: Path,
    repo: Repository,
    stage: str,
    date: dt.date,
    *,
    case_number: str | None = None,
    outcome: str | None = None,
    decision: str | None = None,
    recommendation: str | None = None,
    proposals: tuple[Proposal, ...] = (),
    votes: str | None = None,
    deadline: dt.date | None = None,
    amended: bool = False,
    force: str | None = None,
    amendments: Mapping[str, object] | None = None,
    archive_case: str | None = None,
) -> Step:
    """Every check of ``plan advance``; the tag to write. Raises StageError (nothing written).

    When the clerk sent the case out (``plan build --for``, a record in ``utsendt/``), the
    documents must be the ones sent out, unless ``amended`` (amended in the meeting). ``force``:
    the reason to go past a refusal that may be overridden (hearing submissions without an
    outcome), recorded as ``overstyrt``. ``archive_case``: this treatment's arkivsak."""
    from workflow.app import meetings

    case_number, archive_case = check_sak(case_number), check_sak(archive_case, "arkivsaksnummer")
    decision, recommendation, votes = check_case_texts(decision, recommendation, votes)
    force, head = check_text(force, "begrunnelsen for --force"), g.head_commit(repo)
    check_clean(repo, root)
    project, line, body, st, outcome = _next_step(repo, root, head, stage, date, outcome, deadline)
    meetings.check_ready(project, body, st.treatments)
    name = _free_name(repo, body, date, st)
    override = _check_hearing_answered(project, body, st, force)
    sent, case_number, when = _sent_out(repo, root, body, date, case_number)
    archive_case = meetings.check_archive_case(sent, archive_case) if sent is not None else archive_case
    treatment = Treatment(
        organ=body.id,
        dato=date,
        sak=case_number,
        arkivsak=archive_case,
        utfall=outcome,
        vedtak=decision,
        innstilling=recommendation,
        forslag=proposals,
        votering=votes,
        høringsfrist=deadline,
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
    from workflow.app.programme import check_programme_fixed

    project = _strict_project(repo, root, head, stage)
    line = _checked_line(repo, head)
    body = stages.resolve_body(project.process, stage, stages.state(project.process, line))
    st, outcome = stages.check_advance(project.process, line, body, date, outcome, deadline)
    check_programme_fixed(repo, head, project.process, body, date)
    return project, line, body, st, outcome


def check_case_texts(
    decision: str | None, recommendation: str | None, votes: str | None
) -> tuple[str | None, str | None, str | None]:
    """The decision, the innstilling and the votes as recorded in a tag (see ``check_text``)."""
    return (
        check_text(decision, "vedtaksteksten"),
        check_text(recommendation, "innstillingen"),
        check_text(votes, "voteringen"),
    )


def _sent_out(
    repo: Repository, root: Path, body: Body, date: dt.date, case_number: str | None
) -> tuple[Record | None, str | None, dt.date]:
    """What the clerk sent out for this meeting (``plan build --for``), if anything; the case
    number (the one sent out) and the date the documents carry (the one sent out, else the
    commit's date, never after the meeting)."""
    from workflow.app import meetings

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
    from workflow.app import meetings

    as_sent = files
    if round_.meeting is not None and round_.meeting.outcome in stages.ADOPTED:
        as_sent = documents(repo, root, head, project, replace(round_, meeting=meetings.as_sent(round_.meeting)))
    meetings.check_as_sent(sent, digests(as_sent), amended)


def _check_hearing_answered(project: Project, body: Body, st: stages.State, force: str | None) -> str | None:
    """After a hearing in this round, a meeting body may treat the plan only when every
    submission received during the hearing has an outcome (merknadsbehandling). ``force``
    overrides it; the reason is returned to be recorded in the tag."""
    from workflow.participation.hearing import unanswered

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
    from workflow.process.tags import (
        parse_action_tag,
        parse_programme_tag,
        read_action_tag,
        read_programme_tag,
        read_tag,
    )

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
