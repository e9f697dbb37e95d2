"""``plan build`` as a library: each kind of build is one function that reads the plan (the
working tree or a revision), builds its documents and writes them into the output folder as one
owned set with the manifest (``documents/outputs.py``), and returns what it wrote. Nothing is
printed; errors are ``WorkflowError``\\ s.

* ``build``: the case documents (``revision.documents``: what ``plan advance`` records), or
  with ``workshop`` the invitation letter to one workshop;
* ``build_for_meeting``: the case for a coming meeting and the record of what is sent out
  (``meetings.prepare_case``);
* ``export``: the plan as Markdown or one HTML page;
* ``build_report``: the annual report for a year and its saksframlegg.

``warn``, when given, is called with the plan's warnings once the plan is read, before anything
is built (the command line prints them there); they are in the result too.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from workflow.app.annual_report import report_documents
from workflow.app.meetings import Record, prepare_case, write_record
from workflow.app.revision import Revision, open_revision, repository, revision_documents
from workflow.documents.export import export_plan
from workflow.documents.outputs import DOCX_SET, write_set
from workflow.documents.pdf import find_soffice, to_pdfa
from workflow.errors import Interrupted, Problem, WorkflowError
from workflow.followup.documents import report_set
from workflow.participation.documents import build_invitation, invitation_set

if TYPE_CHECKING:
    from types import FrameType

    from workflow.plan.source import Source

Warn = Callable[[list[Problem]], None]


@dataclass(frozen=True)
class Written:
    """What a build wrote into ``folder``: the manifest, the names written (documents and their
    PDFs) and the names removed (files of an older version of the same set), and the plan's
    warnings."""

    folder: Path
    manifest: Path
    written: list[str]
    removed: list[str]
    warnings: list[Problem] = field(default_factory=list)


class OutsidePeriod(WorkflowError):
    """``build_report`` for a year outside the plan period: a usage mistake (exit 2)."""

    exit_code = 2


def output_folder(root: Path, outdir: Path | None) -> Path:
    """Where documents are written: ``outdir``, or ``output/`` in the plan repository."""
    return Path(outdir) if outdir is not None else Path(root) / "output"


def build(
    root: Path,
    rev: str | None = None,
    *,
    outdir: Path | None = None,
    pdf: bool = False,
    workshop: str | None = None,
    warn: Warn | None = None,
) -> Written:
    """``plan build``: the case documents of ``rev`` (None: the working tree) written as one
    set with the manifest; with ``pdf`` also PDF/A-2b (LibreOffice, checked before anything is
    read); with ``workshop`` only the invitation letter to that workshop, a set of its own."""
    if pdf:  # fail before writing anything when LibreOffice is missing
        find_soffice()
    with open_revision(root, rev) as revision:
        _warned(revision, warn)
        if workshop is not None:
            name, data = build_invitation(revision.project, root, workshop, source=_git_source(revision))
            files = {name: data}
        else:
            files, undated = revision_documents(revision)
            if undated and warn is not None:
                warn([UNDATED])
    kind = DOCX_SET if workshop is None else invitation_set(workshop)  # a letter is a set of its own
    project = revision.project
    written = write_documents(files, output_folder(root, outdir), project.revision, project.digest, pdf, kind=kind)
    return _with_warnings(written, revision)


def build_for_meeting(
    root: Path,
    body: str,
    date: dt.date,
    *,
    rev: str | None = None,
    case_number: str | None = None,
    archive_case: str | None = None,
    case_date: dt.date | None = None,
    outdir: Path | None = None,
    pdf: bool = False,
) -> tuple[Written, Record, Path]:
    """``plan build --for``: the case for ``body``'s coming meeting on ``date`` built from
    ``rev`` (HEAD), written as the case documents, and the record of what is sent out written
    to ``utsendt/`` (``plan advance`` checks it). Returns what was written, the record and its
    path. ``case_number``/``archive_case``: None takes them from plan/sak.yaml; ``case_date``:
    the date the documents carry (default: the commit's date, never after the meeting)."""
    if pdf:
        find_soffice()
    with repository(root) as repo:
        project, files, record = prepare_case(repo, root, body, date, case_number, case_date, rev, archive_case)
    written = write_documents(files, output_folder(root, outdir), record.revision, project.digest, pdf)
    return written, record, write_record(root, record)


def export(
    root: Path, fmt: str, rev: str | None = None, *, outdir: Path | None = None, warn: Warn | None = None
) -> Path:
    """``plan build --format markdown|html``: the plan of ``rev`` (None: the working tree) as
    Markdown or one HTML page, written atomically as a set of its own. Returns its path."""
    with open_revision(root, rev) as revision:
        _warned(revision, warn)
        name, data = export_plan(revision.project, fmt, when=revision.date())
        if revision.undated and warn is not None:
            warn([UNDATED])
    target = output_folder(root, outdir)
    project = revision.project
    with interruptible():
        write_set({name: data}, target, revision=project.revision, digest=project.digest, kind=fmt)
    return target / name


def build_report(
    root: Path,
    year: int,
    rev: str | None = None,
    *,
    outdir: Path | None = None,
    pdf: bool = False,
    case_date: dt.date | None = None,
    today: dt.date | None = None,
    warn: Warn | None = None,
) -> Written:
    """``plan build --rapport ÅR``: the annual report for ``year`` and its saksframlegg from
    ``rev`` (None: the working tree), written beside the plan documents as a set of their own.
    ``case_date``: the date they carry (default: see ``annual_report.report_documents``);
    ``today``: a year that has not ended is refused. OutsidePeriod for a year outside the plan."""
    if pdf:  # fail before writing anything when LibreOffice is missing
        find_soffice()
    with open_revision(root, rev) as revision:
        period = revision.project.plan.period
        if not period.start <= year <= period.end:
            raise OutsidePeriod(
                f"--rapport {year}: årsrapporten gjelder et år i planperioden {period.start}–{period.end}"
            )
        _warned(revision, warn)
        source = _git_source(revision)
        project = revision.project
        files = report_documents(root, project, year, when=case_date, source=source, today=today, repo=revision.repo)
    written = write_documents(
        files, output_folder(root, outdir), project.revision, project.digest, pdf, kind=report_set(year)
    )
    return _with_warnings(written, revision)


def write_documents(
    files: dict[str, bytes], target: Path, revision: str, digest: str, pdf: bool, *, kind: str = DOCX_SET
) -> Written:
    """Write the documents (and with ``pdf`` their PDFs) into ``target`` as one owned set of
    kind ``kind`` with the manifest: all or nothing, replacing or deleting only files of that
    set the tool wrote. An invitation letter is a set of its own, so it neither replaces nor
    removes the case documents."""
    derive = None
    if pdf:

        def derive(docs: list[Path], folder: Path, work: Path) -> dict[str, str]:
            return {p.name: d.name for p, d in zip(to_pdfa(docs, folder, work_in=work), docs)}

    with interruptible():
        manifest, written, removed = write_set(
            files, target, revision=revision, digest=digest, kind=kind, derive=derive
        )
    return Written(target, manifest, list(written), list(removed))


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP end the build like an error: the staging folder and LibreOffice are
    cleaned up on the way out, and the output folder keeps its previous set. (Signal handlers
    belong to the main thread: called from another thread, a library caller's, nothing is set.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> NoReturn:
        for sig in (signal.SIGTERM, signal.SIGHUP):  # a second signal does not cut the clean-up short
            signal.signal(sig, signal.SIG_IGN)
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# Said after a build whose documents no commit dated (outside git, before the first commit).
UNDATED = Problem(
    "plan",
    0,
    0,
    "dokumentene er datert 1. januar 2000 fordi planen ikke er lagret i git ennå: de får datoen "
    "til commiten de lages fra, aldri klokkens; lagre planen med «git add -A && git commit» "
    "(«git init» først om mappen ikke er et git-depot)",
    warning=True,
)


def _warned(revision: Revision, warn: Warn | None) -> None:
    if warn is not None and revision.warnings:
        warn(revision.warnings)


def _with_warnings(written: Written, revision: Revision) -> Written:
    return Written(written.folder, written.manifest, written.written, written.removed, revision.warnings)


def _git_source(revision: Revision) -> Source | None:
    """The revision's files for the templates: git objects for a revision, None for the working tree."""
    return revision.source if revision.rev is not None else None
