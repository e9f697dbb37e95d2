"""Proposals in a meeting that change the plan (issue 24), at the edge: files, git, tags.

* ``read_proposals_file``: a proposal file (one proposal, a mapping) or a meeting file (a list
  of proposals, each written out or ``fil: forslag/sp-1.yaml`` with the votes beside it).
* ``effects``: what each proposal would change in the sent-out revision, in ``plan diff``'s
  words, and which proposals are alternatives (they touch the same field).
* ``amend_and_prepare``: ``plan advance`` with adopted proposals: checked at the sent-out
  revision, applied to its plan files (``plan/yamledit.py``), read back and compared with the
  plan ``changes/amend.py`` computes, committed, then the stage tag prepared on that commit
  with the proposals, the sent-out revision and the adopted changes in words.
* ``verify_amendments``: ``plan verify``'s proof that a tagged revision is the sent-out
  revision plus exactly the adopted proposals; a hand edit is named.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from workflow.app.approval import Mismatch, prepare_step
from workflow.app.revision import load_at, repository
from workflow.app.step import Meeting, check_text
from workflow.app.meetings import read_record
from workflow.changes.amend import adopted, apply, check_conflicts, label, overlaps
from workflow.changes.compare import compare
from workflow.changes.report import Side, make_report, render
from workflow.changes.sentences import case_sections, describe, item_labels
from workflow.errors import PlanError, StageError, WorkflowError
from workflow.files import read_regular, write_atomic
from workflow.plan.load import load_project
from workflow.plan.yamledit import PLAN_FILE, edit_files, plan_files
from workflow.plan.yamlsafe import parse
from workflow.process import git as g
from workflow.process.git import GitSource
from workflow.process.tags import explain, one_line
from workflow.plan.model import Plan, Project, Proposal
from workflow.process.git import resolve_commit
from workflow.text.norwegian import format_short_date

if TYPE_CHECKING:
    from workflow.app.step import Step
    from workflow.plan.yamlsafe import ParsedFile
    from workflow.process.git import Repository
    from workflow.process.tags import StageTag

REFERENCE = "fil"  # a meeting file's entry that names a proposal file
RECORDS_NOTE = "se utsendt/"


# --- reading proposals ------------------------------------------------------------------------


def _parsed(raw: bytes, name: str) -> ParsedFile:

    parsed = parse(raw)
    if parsed.problems:
        (line, col), msg = parsed.problems[0]
        raise StageError(f"{name}:{line}:{col}: {msg}")
    return parsed


def _validated(data: object, name: str, parsed: ParsedFile, at: tuple, what: str) -> Proposal:

    try:
        return Proposal.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        problem = explain(Proposal, dict(err, loc=(*at, *err["loc"])), name, parsed)
        where = f"{name}:{problem.line}:{problem.column}" if problem.line else name
        raise StageError(f"{where}: {what}{problem.message}") from None


def read_proposals_file(path: Path, raw: bytes) -> tuple[Proposal, ...]:
    """The proposals of a proposal file (a mapping: one proposal, its id defaults to the file's
    name) or of a meeting file (a list; an entry ``fil: PATH`` takes the proposal from that file,
    relative to the meeting file, and adds the votes written beside it)."""
    name = str(path)
    parsed = _parsed(raw, name)
    if isinstance(parsed.data, dict):
        data = dict(parsed.data)
        _default_id(data, path)
        proposals: tuple[Proposal, ...] = (_validated(data, name, parsed, (), ""),)
    elif isinstance(parsed.data, list):
        proposals = tuple(_entry(item, path, parsed, i) for i, item in enumerate(parsed.data))
    else:
        raise StageError(
            f"{name}: forventet et forslag (tekst: …) eller en liste med forslag (linjer som starter med «- »)"
        )
    for i, proposal in enumerate(proposals):
        check_text(proposal.text, f"{name}: forslag {i + 1}")
    _check_ids(proposals, name)
    return proposals


def _entry(item: object, path: Path, parsed: ParsedFile, i: int) -> Proposal:
    name = str(path)
    if not (isinstance(item, dict) and REFERENCE in item):
        return _validated(item, name, parsed, (i,), f"forslag {i + 1}: ")
    ref = item[REFERENCE]
    if not isinstance(ref, str) or not ref.strip():
        raise StageError(f"{name}: forslag {i + 1}: «{REFERENCE}» må være stien til en forslagsfil")
    target = path.parent / ref

    raw = read_regular(target, limit=1_000_000)
    if raw is None:
        raise StageError(f"{name}: forslag {i + 1}: forslagsfilen {target} finnes ikke")
    inner = _parsed(raw, str(target))
    if not isinstance(inner.data, dict):
        raise StageError(f"{target}: forventet ett forslag (tekst: …, fremmet_av: …)")
    data = dict(inner.data)
    _default_id(data, target)
    _validated(data, str(target), inner, (), "")
    both = sorted((set(item) - {REFERENCE}) & set(inner.data))
    if both:
        raise StageError(f"{name}: forslag {i + 1}: «{both[0]}» står både her og i {target}; skriv det ett sted")
    data.update({k: v for k, v in item.items() if k != REFERENCE})
    return _validated(data, name, parsed, (i,), f"forslag {i + 1}: ")


def _default_id(data: dict, path: Path) -> None:
    """A proposal file's id defaults to its name (``forslag/F1.yaml``: F1) when that is an id."""
    if "id" not in data and re.fullmatch(r"[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå0-9._-]{0,39}", path.stem):
        data["id"] = path.stem


def _check_ids(proposals: tuple[Proposal, ...], name: str) -> None:
    seen: set[str] = set()
    for proposal in proposals:
        if proposal.id in seen:
            raise StageError(f"{name}: to forslag har id-en {proposal.id}; gi hvert forslag sin egen id")
        if proposal.id:
            seen.add(proposal.id)


# --- a revision with edited plan files ------------------------------------------------------------


class Overlay:
    """A revision's files with some replaced (the amended plan files, before they are written)."""

    def __init__(self, base: Any, texts: dict[str, str]) -> None:
        self.base, self.texts = base, texts
        self.revision: str = base.revision
        self.commit: str | None = base.commit

    @property
    def commit_date(self) -> dt.datetime | None:
        return self.base.commit_date

    def read(self, path: str) -> bytes | None:
        return self.texts[path].encode("utf-8") if path in self.texts else self.base.read(path)

    def list(self, directory: str) -> list[str]:
        return self.base.list(directory)


@dataclass(frozen=True)
class Amended:
    """The sent-out revision's plan, the plan with the adopted proposals, and the edited files."""

    before: Plan
    after: Plan
    texts: dict[str, str]  # path → new text, only the files that change
    warnings: list


def amended_files(repo: Repository, root: Path, commit: str, proposals: tuple[Proposal, ...]) -> Amended:
    """The adopted proposals of ``proposals`` applied to the plan files of ``commit``: checked
    (stale targets, conflicts, an invalid result), then the files edited and read back as
    exactly the amended plan. Nothing is written."""
    check_conflicts(proposals)
    chosen = adopted(proposals)
    numbers = [proposals.index(p) + 1 for p in chosen]
    try:
        project, _ = load_at(repo, root, commit)
    except PlanError as exc:
        raise StageError("planen som ble sendt ut kan ikke leses:\n" + exc.format_message()) from None
    after = apply(project.plan, chosen, numbers)
    source = GitSource(repo, commit, root)
    texts = {f: (source.read(f) or b"").decode("utf-8") for f in plan_files((source.read(PLAN_FILE) or b"").decode())}
    edited = {f: t for f, t in edit_files(texts, after, chosen).items() if t != texts[f]}
    try:
        read_back, warnings = load_project(Overlay(source, edited))
    except PlanError as exc:
        raise StageError("de endrede planfilene kan ikke leses:\n" + exc.format_message()) from None
    left = compare(after, read_back.plan)
    if left:
        raise StageError(
            f"de endrede planfilene gir ikke planen forslagene beskriver ({left[0].path}); ingenting er skrevet"
        )
    return Amended(project.plan, after, edited, warnings)


def adopted_lines(before: Plan, after: Plan, *, unquoted: bool = False) -> tuple[str, ...]:
    """The adopted changes as the case documents say them (``plan diff``'s case sentences;
    ``unquoted``: as versions before 2026-12-07 said them, see ``verify_amendments``)."""
    sections = case_sections(compare(before, after), before, after, unquoted=unquoted)
    return tuple(line for s in sections for line in s["linjer"])


# --- plan advance with adopted proposals ------------------------------------------------------


def commit_message(body_name: str, date: dt.date, case_number: str | None, proposals: tuple[Proposal, ...]) -> str:
    """«Formannskapet 12.05.2020 (PS 12/20): vedtatte endringsforslag F1, F3», then each
    adopted proposal with its proposer and words, and the rejected ones named."""
    chosen = adopted(proposals)
    names = [p.id or str(proposals.index(p) + 1) for p in chosen]
    first = f"{one_line(body_name)} {format_short_date(date)}"
    first += f" ({case_number})" if case_number else ""
    lines = [f"{first}: vedtatte endringsforslag {', '.join(names)}", ""]
    for n, p in zip(names, chosen):
        lines.append(f"- {n}{' (' + one_line(p.by) + ')' if p.by else ''}: {one_line(p.text)}")
    fallen = [p.id or str(i + 1) for i, p in enumerate(proposals) if p.result == "falt"]
    if fallen:
        lines += ["", f"Falt: {', '.join(fallen)}."]
    return "\n".join(lines) + "\n"


def amend_and_prepare(
    root: Path,
    repo: Repository,
    stage: str,
    date: dt.date,
    meeting: Meeting,
    *,
    dry_run: bool = False,
    commit_date: dt.datetime | None = None,
    amended: bool = False,
    force: str | None = None,
) -> Step:
    """``plan advance`` for a meeting that adopted proposals changing the plan. Every check of
    ``plan advance`` first, at the sent-out revision, and every check of the proposals; then the
    plan files are written and committed and the tag is prepared on that commit (``dry_run``:
    nothing written, the tag as it would be prepared at the sent-out revision)."""
    base = g.head_commit(repo)
    proposals = meeting.proposals
    files = amended_files(repo, root, base, proposals)  # stale or conflicting proposals: refused first
    first = prepare_step(root, repo, stage, date, meeting, amended=amended, force=force)  # may be recorded
    assert first.body is not None and first.treatment is not None  # a meeting's step has both
    sent = read_record(root, first.body.id, date)
    if sent is not None and sent.revision and any(g.changed_files(repo, root, sent.revision, against=base)):
        raise StageError(
            f"planen i HEAD ({base[:10]}) er ikke den som ble sendt ut ({sent.revision[:10]}, {RECORDS_NOTE}): "
            "forslagene brukes på planen som ble sendt ut; sjekk ut den commiten først"
        )
    if files.warnings and first.body.is_strict:
        raise StageError("planen med forslagene består ikke «plan check --strict»:\n" + str(files.warnings[0]))
    fields = {"utsendt_revisjon": base, "vedtatte_endringer": adopted_lines(files.before, files.after)}
    if dry_run or not files.texts:
        return prepare_step(root, repo, stage, date, meeting, amended=amended, force=force, amendments=fields)
    g.require_identity(repo)
    for path, text in sorted(files.texts.items()):
        write_atomic(root / path, text.encode("utf-8"))
    message = commit_message(first.body.name, date, first.treatment.case_number, proposals)
    g.commit_paths(repo, root, sorted(files.texts), message, date=commit_date)
    return prepare_step(root, repo, stage, date, meeting, amended=True, force=force, amendments=fields)


# --- plan verify ------------------------------------------------------------------------------------


def verify_amendments(repo: Repository, root: Path, tag: StageTag) -> list[Mismatch]:
    """A tag that records adopted proposals and the sent-out revision: the tagged plan must be
    that revision's plan with exactly those proposals applied; each difference is named in
    ``plan diff``'s words («hånd-endring: Endret tiltak T1.3: kostnad per år»)."""
    t = tag.treatment
    if t is None or t.sent_revision is None:
        return []
    try:
        before, _ = load_at(repo, root, t.sent_revision)
        tagged, _ = load_at(repo, root, tag.commit)
        after = apply(before.plan, adopted(t.proposals), [t.proposals.index(p) + 1 for p in adopted(t.proposals)])
    except WorkflowError as exc:  # a plan that cannot be read, a missing commit, a stale proposal
        return [Mismatch(tag.name, "plan/", f"forslagene kan ikke brukes på nytt: {exc.format_message()}")]
    out = []
    diff = compare(after, tagged.plan)
    labels = item_labels(after, tagged.plan, ids={c.id for c in diff})
    for change in diff:
        out.append(
            Mismatch(tag.name, "plan/", f"endret for hånd, ikke av et vedtatt forslag: {describe(change, labels)}")
        )
    # A tag records the sentences of the version that wrote it: those of versions before
    # 2026-12-07 wrote a short value without quotes, and are as true.
    said = (adopted_lines(before.plan, after), adopted_lines(before.plan, after, unquoted=True))
    if t.adopted_changes is not None and t.adopted_changes not in said:
        out.append(Mismatch(tag.name, "-", "«vedtatte_endringer» i taggen er ikke det forslagene endrer"))
    return out


# --- plan forslag vis -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """One proposal against the sent-out revision: its changes in ``plan diff``'s words (text),
    or why it cannot be applied (``problem``)."""

    proposal: Proposal
    number: int
    text: str | None
    problem: str | None = None


def heading(proposal: Proposal, number: int) -> str:
    """«Forslag F1 fra Senterpartiet (vedtatt, 5 mot 0)»."""
    name = f"Forslag {proposal.id or number}"
    if proposal.by:
        name += f" fra {proposal.by}"
    vote = proposal.vote_words()
    return f"{name} ({vote})" if vote else name


def effects(repo: Repository, root: Path, rev: str, proposals: tuple[Proposal, ...]) -> tuple[list[Effect], Project]:
    """Each proposal applied alone to the plan at ``rev``, described as ``plan diff`` does."""
    commit = resolve_commit(repo, rev)
    try:
        project, _ = load_at(repo, root, commit)
    except PlanError as exc:
        raise StageError(f"planen i {rev} kan ikke leses:\n" + exc.format_message()) from None
    out = []
    for n, proposal in enumerate(proposals, 1):
        if not proposal.changes:
            out.append(Effect(proposal, n, None))
            continue
        try:
            after = apply(project.plan, [proposal], [n])
        except StageError as exc:
            out.append(Effect(proposal, n, None, exc.message))
            continue
        old = Side(rev, commit, f"versjonen som ble sendt ut ({rev})")
        new = Side(f"forslag {proposal.id or n}", None, f"forslag {proposal.id or n}")
        report = make_report(compare(project.plan, after), project.plan, after, old, new)
        out.append(Effect(proposal, n, render(report, "text")))
    return out, project


def redline_document(
    repo: Repository, root: Path, rev: str, project: Project, proposals: tuple[Proposal, ...]
) -> bytes:
    """The plan document with the proposals' changes as Word tracked changes against the
    document of ``rev`` (the proposals applied together, in order; alternatives refused)."""
    from workflow.changes.redline import redline  # lazy: only a Word document loads lxml
    from workflow.documents.build import build_plan_document  # lazy: and the document builder

    changing = [p for p in proposals if p.changes]
    for i, j, shared in overlaps(changing):
        raise StageError(
            f"{label(changing[i], proposals.index(changing[i]) + 1)} og {label(changing[j], proposals.index(changing[j]) + 1)} "
            f"er alternativer ({', '.join(shared)}): lag Word-dokumentet for ett av dem om gangen"
        )
    after = apply(project.plan, changing, [proposals.index(p) + 1 for p in changing])
    source = GitSource(repo, rev, root)
    when = source.commit_date
    old = build_plan_document(project, root, when=when, source=source)
    new = build_plan_document(project.model_copy(update={"plan": after}), root, when=when, source=source)
    authors = ", ".join(dict.fromkeys(p.by for p in changing if p.by)) or "Forslag"
    return redline(old, new, author=authors, date=when.date())


@dataclass(frozen=True)
class Effects:
    """``plan forslag vis``: what each proposal changes, and the pairs of proposals that are
    alternatives (0-based indexes and the fields they share)."""

    effects: list[Effect]
    overlaps: list[tuple[int, int, list[str]]]

    @property
    def unusable(self) -> bool:
        return any(e.problem for e in self.effects)


def proposal_effects(root: Path, proposals: tuple[Proposal, ...], rev: str | None = None) -> Effects:
    """Each proposal applied alone to the plan at ``rev`` (None: HEAD, the revision sent out),
    in ``plan diff``'s words, and which proposals are alternatives."""
    with repository(root) as repo:
        found, _ = effects(repo, root, rev or "HEAD", proposals)
    return Effects(found, overlaps(proposals))


def write_redline(root: Path, proposals: tuple[Proposal, ...], target: Path, rev: str | None = None) -> None:
    """Write to ``target`` the plan document of ``rev`` (None: HEAD) with the proposals' changes
    as Word tracked changes (``redline_document``)."""
    with repository(root) as repo:
        try:
            project, _ = load_at(repo, root, resolve_commit(repo, rev or "HEAD"))
        except PlanError as exc:
            raise StageError(f"planen i {rev or 'HEAD'} kan ikke leses:\n" + exc.format_message()) from None
        write_atomic(target, redline_document(repo, root, rev or "HEAD", project, proposals))
