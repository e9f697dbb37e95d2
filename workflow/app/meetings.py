"""The clerk's side of a meeting: the case is built and sent out with the summons before the
meeting; the stage tag is written after it.

``prepare_case`` builds the documents for a named coming meeting (body, meeting date, case
number, the date the documents carry) and ``write_record`` keeps what was sent out in
``utsendt/BODY-DATE.json`` (sha256 of each document): ``plan advance`` reads it, fills in the
case number and the document date, and refuses to tag a commit whose documents differ from the
ones sent out unless told that the case was amended in the meeting.

A record::

    {"organ": "formannskap", "møtedato": "2021-02-11", "sak": "PS 5/21",
     "dokumentdato": "2021-01-28", "revisjon": "<commit>", "dokumenter": {"…docx": "<sha256>"}}
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.revision import Round, compared, digests, document_date, documents, line_of, load_at
from workflow.app.scaffold import PLACEHOLDERS
from workflow.app.step import check_sak
from workflow.documents.context import recommendation
from workflow.errors import PlanError, StageError
from workflow.files import read_regular, write_atomic
from workflow.plan.model import Body, Project, Treatment
from workflow.process import git as g
from workflow.process import stages
from workflow.text.wording import in_text

if TYPE_CHECKING:
    from workflow.process.git import Repository

RECORDS = "utsendt"


@dataclass(frozen=True)
class Record:
    body: str
    date: dt.date
    case_number: str | None
    case_date: dt.date
    revision: str
    documents: dict[str, str]
    archive_case: str | None = None  # the archive case number sent out (issue 22)

    def as_json(self) -> str:
        data = {
            "organ": self.body,
            "møtedato": self.date.isoformat(),
            "sak": self.case_number,
            **({"arkivsak": self.archive_case} if self.archive_case else {}),
            "dokumentdato": self.case_date.isoformat(),
            "revisjon": self.revision,
            "dokumenter": dict(sorted(self.documents.items())),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def record_path(root: Path, body: str, date: dt.date) -> Path:
    return root / RECORDS / f"{body}-{date.isoformat()}.json"


def read_record(root: Path, body: str, date: dt.date) -> Record | None:
    """The record of the case sent out for ``body``'s meeting on ``date``, if any."""
    path = record_path(root, body, date)
    where = f"{RECORDS}/{path.name}"
    raw = read_regular(path, inside=root, shown=where)  # a FIFO, device or link out of the repository is refused
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        return Record(
            body=str(data["organ"]),
            date=dt.date.fromisoformat(data["møtedato"]),
            case_number=data.get("sak"),
            case_date=dt.date.fromisoformat(data["dokumentdato"]),
            revision=str(data.get("revisjon") or ""),
            documents={str(k): str(v) for k, v in dict(data["dokumenter"]).items()},
            archive_case=str(data["arkivsak"]) if data.get("arkivsak") else None,
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise StageError(
            f"{where} kan ikke leses ({type(exc).__name__}: {exc}); lag det på nytt med "
            f"«plan build --for {body} --møtedato {date.isoformat()}»"
        ) from None


def check_case_number(record: Record, given: str | None) -> str | None:
    """The case number sent out, or the one given when it is the same."""
    if given is not None and record.case_number is not None and given != record.case_number:
        raise StageError(
            f"saksnummeret «{given}» er ikke det som ble sendt ut med innkallingen («{record.case_number}», "
            f"{RECORDS}/{record.body}-{record.date.isoformat()}.json)"
        )
    return given or record.case_number


def check_archive_case(record: Record, given: str | None) -> str | None:
    """The archive case number sent out, or the one given when it is the same."""
    if given is not None and record.archive_case is not None and given != record.archive_case:
        raise StageError(
            f"arkivsaksnummeret «{given}» er ikke det som ble sendt ut med innkallingen («{record.archive_case}», "
            f"{RECORDS}/{record.body}-{record.date.isoformat()}.json)"
        )
    return given or record.archive_case


def as_sent(treatment: Treatment) -> Treatment:
    """The meeting as the clerk knew it before it was held: date, case number and archive
    case number, no outcome."""
    return Treatment(
        organ=treatment.stage,
        dato=treatment.date,
        sak=treatment.case_number,
        arkivsak=treatment.archive_case,
        utfall="utkast",
    )


def check_as_sent(record: Record, built: dict[str, str], amended: bool) -> None:
    """Refuse when the documents of this commit are not the ones sent out (unless amended)."""
    differ = sorted(n for n in set(record.documents) | set(built) if record.documents.get(n) != built.get(n))
    if differ and not amended:
        raise StageError(
            f"dokumentene er ikke de som ble sendt ut med innkallingen ({RECORDS}/{record.body}-"
            f"{record.date.isoformat()}.json): {', '.join(differ)} er annerledes. Ble saken endret i "
            "møtet, bruk --endret-i-møtet; ellers sjekk ut commiten som ble sendt ut "
            f"({record.revision[:10] or 'ukjent'})."
        )


def _placeholder(text: str | None) -> bool:
    return not (text or "").strip() or any(p.split(":")[0] in (text or "") for p in PLACEHOLDERS)


def check_ready(project: Project, body: Body, history: Sequence[Treatment] = ()) -> None:
    """A case is not put forward with an empty or placeholder vision or innstilling."""
    if _placeholder(project.plan.vision):
        raise StageError(
            "visjonen i plan/plan.yaml er tom eller fortsatt teksten fra «plan init»; skriv visjonen først"
        )
    if body.role in ("innstiller", "vedtar"):
        rec = recommendation(project, body, history)
        if _placeholder(rec["text"]):
            raise StageError(
                f"{rec['title']} til {in_text(body.name)} er tom eller fortsatt en plassholder; skriv den i "
                "plan/sak.yaml («innstilling:», eller «innstillinger:» med en tekst per organ)"
            )


def prepare_case(
    repo: Repository,
    root: Path,
    body_name: str,
    date: dt.date,
    case_number: str | None,
    case_date: dt.date | None,
    rev: str | None,
    archive_case: str | None = None,
) -> tuple[Project, dict[str, bytes], Record]:
    """The documents for ``body``'s coming meeting on ``date``, built from ``rev`` (HEAD), and the
    record of what is sent out. The documents carry ``case_date`` (default: the commit's date,
    never after the meeting)."""
    case_number = check_sak(case_number)
    archive_case = check_sak(archive_case, "arkivsaksnummer")
    commit = g.resolve_commit(repo, rev) if rev else g.head_commit(repo)
    if rev is None and g.dirty_paths(repo, root):
        raise StageError(
            "det er endringer under plan/ eller templates/ som ikke er lagret i git; saken som sendes ut "
            "må bygge på en commit: lagre dem med «git commit» først"
        )
    try:
        project, _ = load_at(repo, root, commit)
    except PlanError as exc:
        raise StageError("planen kan ikke leses:\n" + exc.format_message()) from None
    line = line_of(repo, commit)
    body = stages.resolve_body(project.process, body_name, stages.state(project.process, line))
    if body.role not in ("innstiller", "vedtar"):
        raise StageError(f"{body.name} holder ikke møter med saksframlegg (rollen er «{body.role}»)")
    st, _ = stages.check_advance(project.process, line, body, date)  # the body may meet next, on that date
    committed = g.GitSource(repo, commit, root).commit_date
    assert committed is not None  # a commit always has a date
    when = case_date or document_date(committed, date)
    if when > date:
        raise StageError(f"dokumentdatoen {when.isoformat()} er etter møtedatoen {date.isoformat()}")
    check_ready(project, body, st.treatments)
    meeting = Treatment(organ=body.id, dato=date, sak=case_number, arkivsak=archive_case, utfall="utkast")
    changes, base = compared(repo, root, project, line)
    files = documents(repo, root, commit, project, Round(body.id, tuple(st.treatments), changes, meeting, base, when))
    return project, files, Record(body.id, date, case_number, when, commit, digests(files), archive_case)


def write_record(root: Path, record: Record) -> Path:
    path = record_path(root, record.body, record.date)
    write_atomic(path, record.as_json().encode("utf-8"))
    return path
