"""``plan innspill importer`` as a use case: submissions from a web form's export (CSV or
XLSX) written to the input register under plan/innspill/, one file each, without printing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from workflow.files import write_atomic
from workflow.participation.importer import Result, convert, parse_mapping, read_table, to_yaml
from workflow.plan.load import load_project
from workflow.plan.participation import SUBMISSIONS_DIR
from workflow.plan.source import WorkTree


@dataclass(frozen=True)
class Imported:
    """What an import found: the rows it could not read, the new submissions (records, and
    their files relative to the plan root) and how many were already in the register."""

    result: Result
    files: list[str]  # plan/innspill/ID.yaml, one per new submission (written unless a dry run)


def import_submissions(
    root: Path,
    file: Path,
    *,
    columns: str | None = None,
    channel: str | None = None,
    version: str | None = None,
    sheet: str | None = None,
    example: bool = False,
    dry_run: bool = False,
) -> Imported:
    """Import the rows of ``file`` (CSV or XLSX; ``sheet`` of a workbook) into the register of
    the plan at ``root``: ``columns`` maps fields to columns («mottatt=Tidspunkt,…»), ``channel``
    and ``version`` apply to every row without its own, ``example`` marks them illustrative.
    A submission already in the register (same date, sender and text) is not added again;
    ``dry_run`` writes nothing."""
    project, _ = load_project(WorkTree(root))
    table = read_table(file, sheet)
    result = convert(
        table,
        parse_mapping(columns, table.columns),
        existing_keys={s.import_key for s in project.submissions if s.import_key},
        existing_ids={s.id for s in project.submissions} | _files(root / SUBMISSIONS_DIR),
        channel=channel,
        version=version,
        example=example,
    )
    files = [f"{SUBMISSIONS_DIR}/{record['id']}.yaml" for record in result.new]
    if not dry_run and result.new:
        for record, name in zip(result.new, files):
            write_atomic(root / name, to_yaml(record), durable=False)  # new files: one sync after the last
        os.sync()
    return Imported(result, files)


def _files(folder: Path) -> set[str]:
    """Ids taken by files already there (also files the plan could not read)."""
    if not folder.is_dir():
        return set()
    return {p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml")}
