"""Follow-up at the edge: recording entries into YAML files, writing a rolled action plan,
advancing an action plan through its bodies (``handlingsplan-YYYY/BODY/DATE`` tags), building
the action plan and the annual report from a revision.

Recording never rewrites what is in a file: the new entry is appended as text to
``plan/oppfolging/ID.yaml`` (created when missing) and the whole file is written atomically,
after checking that the result reads back as the old entries plus the new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from workflow.errors import PlanError, StageError, WorkflowError
from workflow.files import write_atomic
from workflow.plan.followup import (
    ACTION_PLAN_DIR,
    FOLLOWUP_DIR,
    IndicatorValue,
    StatusEntry,
    entry_problems,
    find_ambition,
    find_measure,
    unknown_id,
)
from workflow.plan.model import Body, Project, Treatment


class FollowUpError(WorkflowError):
    """A follow-up entry or step was refused; nothing was written."""


def load_worktree(root: Path) -> Project:
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    project, _ = load_project(WorkTree(root))
    return project


def _dump_item(data: dict) -> str:
    import yaml

    return yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def _append(root: Path, item_id: str, data: dict, header: str, model) -> Path:
    from pydantic import ValidationError

    from workflow.plan.yamlsafe import parse

    path = root / FOLLOWUP_DIR / f"{item_id}.yaml"
    rel = f"{FOLLOWUP_DIR}/{item_id}.yaml"
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise FollowUpError(f"kunne ikke lese {rel}: {exc}") from None
    before = parse(old).data if old.strip() else None
    before = before if isinstance(before, list) else ([] if before is None else None)
    if before is None:
        raise FollowUpError(f"{rel} er ikke en liste; rett filen for hånd før nye rapporter legges til")
    text = old if old.strip() else header
    if text and not text.endswith("\n"):
        text += "\n"
    text += _dump_item(data)
    after = parse(text)
    item = parse(_dump_item(data)).data
    if after.problems or not isinstance(item, list) or after.data != [*before, *item]:
        raise FollowUpError(
            f"kunne ikke legge til en rapport i {rel} uten å skrive om filen; skriv den som en liste («- dato: …»)"
        )
    try:
        model.model_validate(item[-1])
    except ValidationError as exc:  # pragma: no cover - the caller validated the same data
        raise FollowUpError(str(exc)) from None
    write_atomic(path, text.encode("utf-8"))
    return path


def record_status(
    root: Path,
    measure_id: str,
    *,
    date: dt.date,
    status: str,
    share: int | None = None,
    spent: int | None = None,
    comment: str | None = None,
    reporter: str | None = None,
) -> tuple[Path, StatusEntry]:
    """Append a status entry for a measure; refuse impossible values (nothing written).
    ``spent`` None: what the latest entry of the same year says (0 in a new year)."""
    from pydantic import ValidationError

    from workflow.app.approval import check_text
    from workflow.plan.load import SourceMap, problem_from

    project = _project(root)
    plan = project.plan
    from workflow.followup.status import followup_of

    measure = find_measure(plan, measure_id, followup_of(project).action_plans)
    if measure is None:
        raise FollowUpError(
            unknown_id(plan, measure_id)
            if find_ambition(plan, measure_id) is None
            else f"«{measure_id}» er en ambisjon: registrer en måling med --verdi og --år"
        )
    if share is None:
        share = 100 if status == "fullført" else 0
    if spent is None:
        from workflow.followup.status import followup_of

        same_year = [
            e for e in followup_of(project).status.get(measure_id, ()) if e.date.year == date.year and e.date <= date
        ]
        spent = same_year[-1].spent if same_year else 0
    data: dict = {"dato": date, "status": status, "andel": share, "brukt": spent}
    if comment is not None:
        data["kommentar"] = _checked(check_text, comment, "kommentaren")
    if reporter is not None:
        data["rapportert_av"] = _checked(check_text, reporter, "rapportert av")
    try:
        entry = StatusEntry.model_validate(data)
    except ValidationError as exc:
        problem = problem_from(StatusEntry, dict(exc.errors()[0]), SourceMap())
        raise FollowUpError(f"tiltak {measure_id}: {problem.message}") from None
    from workflow.followup.status import followup_of

    earlier = tuple(e for e in followup_of(project).status.get(measure_id, ()) if e.date <= date)
    problems = entry_problems(plan, entry, earlier)
    if problems:
        raise FollowUpError(
            "\n".join(f"tiltak {measure_id}: {message}" for _, message in problems) + "\nIngenting er skrevet."
        )
    header = f"# Statusrapporter for tiltak {measure_id}, eldste først (legg til med «plan rapporter {measure_id} …»)\n"
    return _append(root, measure_id, data, header, StatusEntry), entry


def record_value(
    root: Path,
    ambition_id: str,
    *,
    year: int,
    value: float,
    source: str | None = None,
    date: dt.date | None = None,
) -> tuple[Path, IndicatorValue]:
    """Append a measured value of an ambition's indicator (its datapunkter)."""
    from pydantic import ValidationError

    from workflow.app.approval import check_text

    project = _project(root)
    plan = project.plan
    ambition = find_ambition(plan, ambition_id)
    if ambition is None:
        raise FollowUpError(unknown_id(plan, ambition_id))
    data: dict = {"år": year, "verdi": int(value) if float(value).is_integer() else value}
    if source is not None:
        data["kilde"] = _checked(check_text, source, "kilden")
    if date is not None:
        data["dato"] = date
    first = ambition.baseline.year if ambition.baseline is not None else plan.period.start
    if not first <= year <= plan.period.end:
        raise FollowUpError(
            f"ambisjon {ambition_id}: året {year} ligger utenfor {first}–{plan.period.end}. Ingenting er skrevet."
        )
    try:
        point = IndicatorValue.model_validate(data)
    except ValidationError as exc:
        raise FollowUpError(f"ambisjon {ambition_id}: {exc.errors()[0]['msg']}") from None
    header = f"# Målte verdier for ambisjon {ambition_id} (datapunkter: år, verdi, kilde, dato)\n"
    return _append(root, ambition_id, data, header, IndicatorValue), point


def _checked(check, text, what):
    try:
        return check(text, what)
    except StageError as exc:
        raise FollowUpError(exc.message) from None


def _project(root: Path) -> Project:
    try:
        return load_worktree(root)
    except PlanError as exc:
        raise FollowUpError("planen må være gyldig før oppfølgingen registreres:\n" + exc.format_message()) from None


# --- rolling the action plan ---------------------------------------------------------------------


def roll(root: Path, year: int, *, dry_run: bool = False):
    """Write the proposed action plan for ``year`` to plan/handlingsplan/YEAR.yaml (refused
    when it exists). Returns (path, text, notes)."""
    from workflow.followup.actionplan import roll as propose
    from workflow.followup.actionplan import to_yaml

    project = _project(root)
    period = project.plan.period
    if not period.start <= year <= period.end:
        raise FollowUpError(f"året {year} ligger utenfor planperioden {period.start}–{period.end}")
    path = root / ACTION_PLAN_DIR / f"{year}.yaml"
    if path.exists():
        raise FollowUpError(
            f"{ACTION_PLAN_DIR}/{year}.yaml finnes allerede; verktøyet skriver ikke over den (rediger den, eller slett den selv)"
        )
    plan, notes = propose(project, year)
    text = to_yaml(project, plan, notes)
    if not dry_run:
        write_atomic(path, text.encode("utf-8"))
    return path, text, notes


# --- the action plan's process -------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRound:
    bodies: tuple[Body, ...]
    body: Body  # the body the case goes to
    history: tuple[Treatment, ...]  # treatments so far
    meeting: Treatment | None
    adopted: str | None  # how the strategy was adopted, in words


def _adopted_text(repo, root: Path, commit: str, project: Project) -> str | None:
    from workflow.process import git as g
    from workflow.process.stages import state
    from workflow.text.norwegian import format_short_date

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
    repo, root: Path, project: Project, year: int, commit: str, tag_name: str | None = None
) -> ActionRound:
    """The round of the action plan for ``year`` at ``commit``; at an action-plan tag exactly
    what was recorded with it."""
    from workflow.process import git as g
    from workflow.process.stages import action_plan_process, next_bodies, state

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


def action_documents(
    repo, root: Path, commit: str, project: Project, year: int, round_: ActionRound
) -> dict[str, bytes]:
    from workflow.followup.documents import build_action_plan
    from workflow.process import git as g

    source = g.GitSource(repo, commit, root)
    return build_action_plan(
        project,
        root,
        year,
        when=source.commit.committed_datetime,
        bodies=round_.bodies,
        body=round_.body,
        history=round_.history,
        meeting=round_.meeting,
        adopted=round_.adopted,
        source=source,
    )


def prepare_action_step(
    root: Path,
    repo,
    year: int,
    stage: str,
    date: dt.date,
    *,
    case_number: str | None = None,
    outcome: str | None = None,
    decision: str | None = None,
    proposals=(),
    votes: str | None = None,
):
    """Every check for advancing the action plan of ``year``; the tag to write (StageError when refused)."""
    from workflow.app.approval import Step, check_sak, check_text, digests, load_at
    from workflow.followup.status import followup_of
    from workflow.plan.model import Treatment
    from workflow.process import git as g
    from workflow.process.stages import action_plan_process, check_advance, resolve_body
    from workflow.process.tags import format_action_tag, format_message

    case_number = check_sak(case_number)
    decision = check_text(decision, "vedtaksteksten")
    votes = check_text(votes, "voteringen")
    head = g.head_commit(repo)
    dirty = g.dirty_paths(repo, root)
    if dirty:
        raise StageError(
            f"det er endringer som ikke er lagret i git under plan/ eller templates/: {', '.join(dirty[:5])}. Lagre dem med «git commit» først."
        )
    try:
        project, _ = load_at(repo, root, head)
    except PlanError as exc:
        raise StageError("planen består ikke «plan check»:\n" + exc.format_message()) from None
    if year not in followup_of(project).action_plans:
        raise StageError(
            f"det finnes ingen handlingsplan for {year} i siste commit ({ACTION_PLAN_DIR}/{year}.yaml); lag den med «plan handlingsplan rull {year}» og lagre den i git"
        )
    process = action_plan_process(project.process)
    body = resolve_body(process, stage)
    line = g.action_plan_tags(repo, merged=head, year=year)
    everything = g.action_plan_tags(repo, year=year)
    beyond = [t for t in everything if t.name not in {x.name for x in line} and not t.error]
    if beyond:
        raise StageError(
            f"commit {head[:10]} bygger ikke på forrige steg {beyond[-1].name}: sjekk ut en commit som har den i historien"
        )
    st, outcome = check_advance(process, line, body, date, outcome, None)
    seq = 1
    while g.tag_exists(repo, format_action_tag(year, body.id, date, seq)):
        if format_action_tag(year, body.id, date, seq) not in {t.name for t in st.round}:
            raise StageError(
                f"taggen {format_action_tag(year, body.id, date, seq)} finnes allerede; verktøyet flytter eller sletter aldri tagger"
            )
        seq += 1
    name = format_action_tag(year, body.id, date, seq)
    treatment = Treatment(
        organ=body.id, dato=date, sak=case_number, utfall=outcome, vedtak=decision, forslag=proposals, votering=votes
    )
    round_ = ActionRound(
        process.bodies, body, tuple(st.treatments), treatment, _adopted_text(repo, root, head, project)
    )
    files = action_documents(repo, root, head, project, year, round_)
    treatment = treatment.model_copy(update={"documents": digests(files)})
    message = f"Handlingsplan {year}: " + format_message(treatment, body.name)
    tagger = None
    if line and line[-1].tagged is not None:
        floor = line[-1].tagged + dt.timedelta(seconds=1)
        tagger = floor if dt.datetime.now(dt.timezone.utc) < floor else None
    return Step(name, head, message, tagger, treatment, body)


# --- the annual report ---------------------------------------------------------------------------


def report_documents(root: Path, project: Project, year: int, *, when, source=None) -> dict[str, bytes]:
    from workflow.followup.documents import build_report
    from workflow.process.stages import action_plan_process

    bodies = action_plan_process(project.process).bodies[:1]  # the report goes to the first meeting body
    changes = strategy_changes(root, year, getattr(source, "revision", None) if source is not None else None)
    return build_report(project, root, year, when=when, bodies=bodies, source=source, strategy_changes=changes)


def strategy_changes(root: Path, year: int, rev: str | None) -> list[dict] | None:
    """What changed in the strategy during ``year``: its plan at the last commit of the year
    before against its plan at the last commit of ``year``, on the line of ``rev`` (None:
    HEAD). None outside git, or when either end cannot be read."""
    from workflow.app.approval import load_at
    from workflow.changes.compare import compare
    from workflow.changes.sentences import case_sections
    from workflow.errors import GitError
    from workflow.process import git as g

    try:
        repo = g.open_repo(root)
    except GitError:
        return None
    try:
        tip = rev or g.head_commit(repo)
        before = g.last_commit_on(repo, tip, dt.date(year - 1, 12, 31))
        after = g.last_commit_on(repo, tip, dt.date(year, 12, 31))
        if before is None or after is None:
            return None
        old, _ = load_at(repo, root, before)
        new, _ = load_at(repo, root, after)
    except (GitError, PlanError):
        return None
    finally:
        repo.close()
    return [
        {"area": s["område"], "lines": [str(line) for line in s["linjer"]]}
        for s in case_sections(compare(old.plan, new.plan), old.plan, new.plan)
    ]


def verify_action_tag(repo, root: Path, tag) -> list:
    """Rebuild the documents of an action-plan tag from git and compare the recorded sha256."""
    from workflow.app.approval import Mismatch, digests, load_at
    from workflow.process.tags import parse_action_tag

    if tag.error:
        return [Mismatch(tag.name, "-", f"meldingen kan ikke leses: {tag.error}")]
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
    out = []
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


def write_followup_outputs(files: dict[str, bytes], outdir: Path, *, revision: str, digest: str) -> Path:
    """Like ``write_outputs``, but the entries of an existing manifest.json for the same
    revision are kept: building the annual report next to the plan documents does not drop
    them from the manifest."""
    import json

    from workflow.documents.build import MANIFEST, sha256, write_manifest

    for name in sorted(files):
        write_atomic(outdir / name, files[name])
    entries: dict[str, dict] = {}
    try:
        old = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
        if old.get("revision") == revision and isinstance(old.get("files"), dict):
            entries = {k: v for k, v in old["files"].items() if (outdir / k).is_file() and k not in files}
    except (OSError, ValueError):
        entries = {}
    entries.update({name: {"sha256": sha256(data), "bytes": len(data)} for name, data in files.items()})
    return write_manifest(outdir, entries, revision=revision, digest=digest)
