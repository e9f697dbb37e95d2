"""Follow-up at the edge: recording entries into YAML files, writing a rolled action plan,
writing follow-up documents beside the plan's. (The action plan's case is in ``actionplan.py``,
the annual report in ``annual_report.py``.)

Recording never rewrites what is in a file: the new entry is appended as text to
``plan/oppfolging/ID.yaml`` (created when missing) and the whole file is written atomically,
after checking that the result reads back as the old entries plus the new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from workflow.app.step import check_text
from workflow.documents.outputs import write_set
from workflow.documents.pdf import to_pdfa
from workflow.errors import PlanError, StageError
from workflow.files import write_atomic
from workflow.followup.actionplan import roll as propose
from workflow.followup.actionplan import to_yaml
from workflow.followup.record import (
    FollowUpError,
    ambition_for,
    check_not_future,
    entered_value,
    indicator_value,
    measure_for,
    newest_after,
    status_entry,
)
from workflow.plan.followup import ACTION_PLAN_DIR, FOLLOWUP_DIR, IndicatorValue, StatusEntry
from workflow.plan.load import load_project
from workflow.plan.model import Project
from workflow.plan.source import WorkTree
from workflow.plan.yamlsafe import parse

if TYPE_CHECKING:
    from pydantic import BaseModel

    from workflow.followup.actionplan import Note


def load_worktree(root: Path) -> Project:
    project, _ = load_project(WorkTree(root))
    return project


def _dump_item(data: dict[str, Any]) -> str:
    """One list item as block YAML; text over several lines as a literal block (``|``)."""

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        multi = "\n" in value and value == value.strip() and not any(c in value for c in "\r\t\x85\u2028\u2029")
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if multi else None)

    Dumper.add_representer(str, text)
    return yaml.dump([data], Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def _append(root: Path, item_id: str, data: dict[str, Any], header: str, model: type[BaseModel]) -> Path:
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
    today: dt.date | None = None,
) -> tuple[Path, StatusEntry, dt.date | None]:
    """Append a status entry for a measure (``followup/record.py``: its defaults and rules);
    with ``today``, a date after it is refused (nothing written). Returns the file, the entry
    and the newest earlier entry's date when it is after the new one."""
    project = _project(root)
    measure_for(project, measure_id)
    texts = {
        "kommentar": None if comment is None else _checked(check_text, comment, "kommentaren"),
        "rapportert_av": None if reporter is None else _checked(check_text, reporter, "rapportert av"),
    }
    data, entry = status_entry(project, measure_id, date=date, status=status, share=share, spent=spent, texts=texts)
    check_not_future(date, today, f"tiltak {measure_id}")
    header = f"# Statusrapporter for tiltak {measure_id}, eldste først (legg til med «plan rapporter {measure_id} …»)\n"
    return _append(root, measure_id, data, header, StatusEntry), entry, newest_after(project, measure_id, date)


def record_value(
    root: Path,
    ambition_id: str,
    *,
    year: int,
    value: float,
    source: str | None = None,
    date: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[Path, IndicatorValue]:
    """Append a measured value of an ambition's indicator (its datapunkter); with ``today``
    (from the edge) a date after it is refused."""
    check_not_future(date, today, f"ambisjon {ambition_id}")
    project = _project(root)
    ambition = ambition_for(project, ambition_id)
    data: dict = {"år": year, "verdi": entered_value(ambition_id, value)}
    if source is not None:
        data["kilde"] = _checked(check_text, source, "kilden")
    if date is not None:
        data["dato"] = date
    point = indicator_value(project, ambition, data)
    header = f"# Målte verdier for ambisjon {ambition_id} (datapunkter: år, verdi, kilde, dato)\n"
    return _append(root, ambition_id, data, header, IndicatorValue), point


def _checked(check: Callable[[str | None, str], str | None], text: str, what: str) -> str | None:
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


def roll(root: Path, year: int, *, dry_run: bool = False) -> tuple[Path, str, list[Note]]:
    """Write the proposed action plan for ``year`` to plan/handlingsplan/YEAR.yaml (refused
    when it exists). Returns (path, text, notes)."""
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


def write_followup_outputs(
    files: dict[str, bytes], outdir: Path, *, revision: str, digest: str, kind: str, pdf: bool = False
) -> Path:
    """Write a follow-up document set (``followup.documents.report_set``/``action_plan_set``) beside the
    plan documents through the owned-set writer: the plan documents' manifest entries stay,
    only files the tool wrote are replaced, all or nothing; with ``pdf`` each document also as
    PDF/A-2b. Returns the manifest path."""
    derive = None
    if pdf:

        def derive(docs: list[Path], folder: Path, work: Path) -> dict[str, str]:
            return {p.name: d.name for p, d in zip(to_pdfa(docs, folder, work_in=work), docs)}

    return write_set(files, outdir, revision=revision, digest=digest, kind=kind, derive=derive)[0]
