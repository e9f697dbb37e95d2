"""The yearly action plan's own case at the edge: its round of treatments from the
``handlingsplan-YYYY/BODY/DATE`` tags, its documents built from a commit, the checks and the tag
of ``plan handlingsplan advance``, and ``plan verify`` for its tags. The rules are those of
``process/stages.py`` over the meeting bodies (``stages.action_plan_process``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.approval import Mismatch, check_clean
from workflow.app.followup import write_followup_outputs
from workflow.app.revision import digests, document_date, load_at, repository
from workflow.app.step import Meeting, Step, next_tagger_date
from workflow.documents.pdf import find_soffice
from workflow.errors import PlanError, StageError
from workflow.followup.documents import action_plan_set, build_action_plan
from workflow.followup.status import followup_of
from workflow.plan.followup import ACTION_PLAN_DIR
from workflow.plan.model import Body, Project, Treatment
from workflow.process import git as g
from workflow.process.stages import action_plan_process, check_advance, next_bodies, resolve_body, state
from workflow.process.tags import format_action_tag, format_message, parse_action_tag
from workflow.text.norwegian import format_short_date

if TYPE_CHECKING:
    from workflow.process.git import Repository
    from workflow.process.stages import State
    from workflow.process.tags import StageTag


@dataclass(frozen=True)
class ActionRound:
    bodies: tuple[Body, ...]
    body: Body  # the body the case goes to
    history: tuple[Treatment, ...]  # treatments so far
    meeting: Treatment | None
    adopted: str | None  # how the strategy was adopted, in words
    when: dt.date | None = None  # the date the documents carry (None: the commit's, never after the meeting)


def _adopted_text(repo: Repository, root: Path, commit: str, project: Project) -> str | None:
    st = state(project.process, g.stage_tags(repo, merged=commit))
    if st.adopted is None:
        return None
    t = st.adopted.treatment
    if t is None:
        return None
    name = next((b.name for b in project.process.bodies if b.id == t.stage), t.stage)
    return f"{name.lower() if name.istitle() else name} {format_short_date(t.date)}" + (
        f" ({t.case_number})" if t.case_number else ""
    )


def action_round(
    repo: Repository, root: Path, project: Project, year: int, commit: str, tag_name: str | None = None
) -> ActionRound:
    """The round of the action plan for ``year`` at ``commit``; at an action-plan tag exactly
    what was recorded with it."""
    process = action_plan_process(project.process)
    line = g.action_plan_tags(repo, merged=commit, year=year)
    meeting = None
    if tag_name is not None:
        names = [t.name for t in line]
        if tag_name in names:
            tag = line[names.index(tag_name)]
            line, meeting = line[: names.index(tag_name)], tag.treatment
            st = state(process, line)
            body = next(b for b in process.bodies if b.id == tag.stage)
            return ActionRound(
                process.bodies, body, tuple(st.treatments), meeting, _adopted_text(repo, root, commit, project)
            )
    st = state(process, line)
    upcoming = next_bodies(process, st)
    body = upcoming[0] if upcoming else process.bodies[-1]
    return ActionRound(process.bodies, body, tuple(st.treatments), None, _adopted_text(repo, root, commit, project))


def adopted_at(repo: Repository, root: Path, project: Project, year: int, commit: str) -> str | None:
    """The tag at which the action plan for ``year`` was adopted, when ``commit`` is on its line
    and the action plan's file is the same as at that tag (then the case is the one the
    adopting body decided, dated as then); otherwise None."""
    line = g.action_plan_tags(repo, merged=commit, year=year)
    adopted = state(action_plan_process(project.process), line).adopted
    if adopted is None:
        return None
    path = f"{ACTION_PLAN_DIR}/{year}.yaml"  # GitSource shares ``repo``: not closed here
    now, then = g.GitSource(repo, commit, root), g.GitSource(repo, adopted.commit, root)
    return adopted.name if now.read(path) == then.read(path) else None


def action_documents(
    repo: Repository, root: Path, commit: str, project: Project, year: int, round_: ActionRound
) -> dict[str, bytes]:
    source = g.GitSource(repo, commit, root)
    meeting = round_.meeting.date if round_.meeting is not None else None
    return build_action_plan(
        project,
        root,
        year,
        when=round_.when or document_date(source.commit_date, meeting),
        bodies=round_.bodies,
        body=round_.body,
        history=round_.history,
        meeting=round_.meeting,
        adopted=round_.adopted,
        source=source,
    )


def build_action(
    repo: Repository, root: Path, year: int, rev: str | None, case_date: dt.date | None = None
) -> tuple[Project, str, dict[str, bytes]]:
    """``plan handlingsplan build``: (the plan, the commit built from, the documents). At an
    action-plan tag, and for an adopted action plan unchanged since, the case as recorded (dated
    as then); otherwise the next body's case dated ``case_date``, else the commit's date."""
    commit = g.resolve_commit(repo, rev) if rev else g.head_commit(repo)
    project, _ = load_at(repo, root, commit)
    tag_name = rev if rev is not None and parse_action_tag(rev) is not None else None
    if tag_name is None:
        tag_name = adopted_at(repo, root, project, year, commit)
        if tag_name is not None:
            commit = g.resolve_commit(repo, tag_name)
            project, _ = load_at(repo, root, commit)
    round_ = action_round(repo, root, project, year, commit, tag_name)
    if case_date is not None:
        if round_.meeting is not None:
            raise StageError(
                f"handlingsplanen for {year} er behandlet ({tag_name}): dokumentene har datoen fra behandlingen, og --dato kan ikke endre den"
            )
        round_ = replace(round_, when=case_date)
    return project, commit, action_documents(repo, root, commit, project, year, round_)


def prepare_action_step(
    root: Path, repo: Repository, year: int, stage: str, date: dt.date, meeting: Meeting = Meeting()
) -> Step:
    """Every check for advancing the action plan of ``year``; the tag to write (StageError when
    refused). An action plan has no hearing: ``meeting.deadline`` is not used."""
    meeting = replace(meeting.checked(), deadline=None)
    head = g.head_commit(repo)
    check_clean(repo, root)
    project = _project_with_action_plan(repo, root, head, year)
    process = action_plan_process(project.process)
    line = _action_line(repo, head, year)
    body = resolve_body(process, stage, state(process, line))
    st, outcome = check_advance(process, line, body, date, meeting.outcome, None)
    name = _free_action_tag(repo, year, body, date, st)
    treatment = meeting.treatment(body, date, outcome)
    round_ = ActionRound(
        process.bodies, body, tuple(st.treatments), treatment, _adopted_text(repo, root, head, project)
    )
    files = action_documents(repo, root, head, project, year, round_)
    treatment = treatment.model_copy(update={"documents": digests(files)})
    message = f"Handlingsplan {year}: " + format_message(treatment, body.label(project.plan.language))
    return Step(name, head, message, next_tagger_date(line), treatment, body)


def _project_with_action_plan(repo: Repository, root: Path, head: str, year: int) -> Project:
    """The plan at ``head``, which must pass «plan check» and have the action plan for ``year``."""
    try:
        project, _ = load_at(repo, root, head)
    except PlanError as exc:
        raise StageError("planen består ikke «plan check»:\n" + exc.format_message()) from None
    if year not in followup_of(project).action_plans:
        raise StageError(
            f"det finnes ingen handlingsplan for {year} i siste commit ({ACTION_PLAN_DIR}/{year}.yaml); lag den med «plan handlingsplan rull {year}» og lagre den i git"
        )
    return project


def _action_line(repo: Repository, head: str, year: int) -> list[StageTag]:
    """The action plan's tags on the line of ``head``; refused when a readable tag of the year
    is not on it (the commit does not build on the previous step)."""
    line = g.action_plan_tags(repo, merged=head, year=year)
    everything = g.action_plan_tags(repo, year=year)
    beyond = [t for t in everything if t.name not in {x.name for x in line} and not t.error]
    if beyond:
        raise StageError(
            f"commit {head[:10]} bygger ikke på forrige steg {beyond[-1].name}: sjekk ut en commit som har den i historien"
        )
    return line


def _free_action_tag(repo: Repository, year: int, body: Body, date: dt.date, st: State) -> str:
    """The tag name; ``-2``, ``-3``… only for a body treating the action plan again the same day."""
    seq = 1
    while g.tag_exists(repo, format_action_tag(year, body.id, date, seq)):
        if format_action_tag(year, body.id, date, seq) not in {t.name for t in st.round}:
            raise StageError(
                f"taggen {format_action_tag(year, body.id, date, seq)} finnes allerede; verktøyet flytter eller sletter aldri tagger"
            )
        seq += 1
    return format_action_tag(year, body.id, date, seq)


def verify_action_tag(repo: Repository, root: Path, tag: StageTag) -> list[Mismatch]:
    """Rebuild the documents of an action-plan tag from git and compare the recorded sha256."""
    if tag.error:
        return [Mismatch(tag.name, "-", f"meldingen kan ikke leses: {tag.error}")]
    assert tag.treatment is not None  # a tag whose message can be read has its treatment
    recorded = tag.treatment.documents
    if not recorded:
        return [Mismatch(tag.name, "-", "taggen har ingen dokumenter registrert")]
    try:
        project, _ = load_at(repo, root, tag.commit)
    except PlanError as exc:
        return [Mismatch(tag.name, "plan/", "planen kan ikke leses ved denne revisjonen: " + exc.format_message())]
    parsed = parse_action_tag(tag.name)
    if parsed is None:
        return [Mismatch(tag.name, "-", "ikke en tag for en handlingsplan")]
    year = parsed.year
    round_ = action_round(repo, root, project, year, tag.commit, tag.name)
    rebuilt = digests(action_documents(repo, root, tag.commit, project, year, round_))
    out: list[Mismatch] = []
    for name in sorted(set(recorded) | set(rebuilt)):
        if recorded.get(name) != rebuilt.get(name):
            out.append(
                Mismatch(
                    tag.name,
                    name,
                    "sha256 er annerledes" if name in recorded and name in rebuilt else "mangler på den ene siden",
                )
            )
    return out


def write_action_plan(
    root: Path,
    year: int,
    *,
    rev: str | None = None,
    case_date: dt.date | None = None,
    outdir: Path | None = None,
    pdf: bool = False,
) -> tuple[Path, list[str]]:
    """``plan handlingsplan build``: build the action plan for ``year`` and the case for its
    next body from git (``build_action``) and write them to ``outdir`` (default: output/ in the
    plan repository) beside the plan documents; with ``pdf`` also as PDF/A-2b (LibreOffice is
    looked for before anything is built). Returns the folder and the documents' names."""
    if pdf:  # fail before writing anything when LibreOffice is missing
        find_soffice()
    with repository(root) as repo:
        project, commit, files = build_action(repo, root, year, rev, case_date)
    target = outdir if outdir is not None else root / "output"
    write_followup_outputs(files, target, revision=commit, digest=project.digest, kind=action_plan_set(year), pdf=pdf)
    return target, list(files)
