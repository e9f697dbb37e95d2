"""``plan arkiv``: each stage tag as a Fiks Arkiv package, at the edge (git, LibreOffice, files).

For a stage tag: the documents are built from git exactly as ``plan verify`` builds them and
must match the sha256 the tag recorded (else nothing is written); they are converted to PDF/A-2b
and normalised (``archive/pdfa.py``); the records of the stage (``archive/journal.py``) become
arkivmeldinger (``archive/message.py``), each validated against KS's schema before anything is
written; the package is written as a folder and as a zip, each all or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.actionplan import action_documents, action_round
from workflow.app.revision import digests, documents, line_of, load_at, repository, round_at
from workflow.app.revision import incomplete_history
from workflow.archive import message as m
from workflow.archive.config import CONFIG_FILE, MISSING_HINT, ArchiveConfig, ConfigError, read_config
from workflow.archive.journal import Entry, action_entries, action_title, case_title, stage_entries
from workflow.archive.message import CaseFacts, File, Message
from workflow.archive.package import MARKER, Package, zip_bytes
from workflow.archive.pdfa import normalise
from workflow.archive.validate import problems
from workflow.documents.names import document_names
from workflow.documents.pdf import Converter
from workflow.errors import BuildError, PlanError, Problem, WorkflowError
from workflow.files import read_regular, write_atomic
from workflow.followup.documents import action_plan_names
from workflow.process.git import action_plan_tags, head_commit
from workflow.process.tags import parse_action_tag, parse_tag

if TYPE_CHECKING:
    from workflow.plan.model import Project, Treatment
    from workflow.process.git import Repository
    from workflow.process.tags import StageTag


def load_config(root: Path) -> ArchiveConfig:
    """``plan/arkiv.yaml`` from the working tree (the kommune's settings, not the plan's history)."""
    data = read_regular(root / CONFIG_FILE, inside=root, shown=CONFIG_FILE)
    if data is None:
        raise WorkflowError(MISSING_HINT.format(file=CONFIG_FILE))
    return read_config(data, CONFIG_FILE)


def package_name(tag: str) -> str:
    return tag.replace("/", "-")


def exported(outdir: Path, tag: str) -> bool:
    return (outdir / f"{package_name(tag)}.zip").exists()


def stage_line(repo: Repository) -> list[StageTag]:
    """The readable stage tags (not round tags) on the line of HEAD, oldest first."""
    return [t for t in line_of(repo, head_commit(repo)) if not t.starts_round and t.treatment is not None]


def action_line(repo: Repository) -> list[StageTag]:
    """The readable tags of the yearly action plans (``handlingsplan-YYYY/BODY/DATE``) on the
    line of HEAD, by year, oldest first."""
    return [t for t in action_plan_tags(repo, merged=head_commit(repo)) if t.treatment is not None]


def select(repo: Repository, outdir: Path, rev: str | None) -> list[StageTag]:
    """The tag named by ``rev``, or every stage tag not yet exported to ``outdir``."""
    line = stage_line(repo) + action_line(repo)
    if rev is None:
        return [t for t in line if not exported(outdir, t.name)]
    if parse_tag(rev) is None and parse_action_tag(rev) is None:
        raise WorkflowError(
            f"«{rev[:60]}» er ikke en behandlingstag (på formen organ/ÅÅÅÅ-MM-DD eller handlingsplan-ÅÅÅÅ/organ/ÅÅÅÅ-MM-DD)"
        )
    found = [t for t in line if t.name == rev]
    if not found:
        raise WorkflowError(f"fant ingen lesbar behandlingstag {rev} i historikken til HEAD (se «plan log»)")
    return found


@dataclass(frozen=True)
class Stage:
    """What one tag's package is made of, before the PDFs exist."""

    tag: StageTag
    project: Project
    documents: dict[str, bytes]  # the .docx files, as the tag recorded them
    entries: list[Entry]
    case: CaseFacts


def prepare(repo: Repository, root: Path, tag: StageTag, line: list[StageTag], config: ArchiveConfig) -> Stage:
    """The documents of ``tag`` rebuilt from git (they must be the ones it recorded) and its records."""
    assert tag.treatment is not None  # stage_line keeps readable tags only
    project = load_tag(repo, root, tag)
    files = documents(repo, root, tag.commit, project, round_at(repo, root, tag.name, project))
    check_recorded(tag, files)
    before = line[: line.index(tag)]
    body = next((b for b in project.process.bodies if b.id == tag.stage), None)
    entries = stage_entries(
        project,
        tag.treatment,
        tag.name,
        body.name if body else tag.stage,
        body.role if body else "",
        before[-1].date if before else None,
        config.case_post_type,
    )
    return Stage(tag, project, files, entries, case_facts(project, tag.treatment, line, tag, config))


def load_tag(repo: Repository, root: Path, tag: StageTag) -> Project:
    """The plan at ``tag``; a clear error when it cannot be read there."""
    try:
        project, _ = load_at(repo, root, tag.commit)
    except PlanError as exc:
        raise WorkflowError(
            f"{tag.name}: planen kan ikke leses ved denne revisjonen:\n{exc.format_message()}"
        ) from None
    return project


def check_recorded(tag: StageTag, files: dict[str, bytes]) -> None:
    """The rebuilt documents must be the ones the tag recorded (their sha256), else nothing is archived."""
    assert tag.treatment is not None
    if digests(files) != dict(sorted(tag.treatment.documents.items())):
        raise WorkflowError(
            f"{tag.name}: dokumentene bygges ikke likt med det taggen registrerte, så de arkiveres ikke; "
            f"se «plan verify {tag.name}»"
        )


def prepare_action(repo: Repository, root: Path, tag: StageTag, line: list[StageTag], config: ArchiveConfig) -> Stage:
    """An action plan treatment (``handlingsplan-YYYY/BODY/DATE``): its documents rebuilt as
    ``plan verify`` does (they must be the ones it recorded) and its records; ``line``: the
    tags of the same year's action plan."""
    parsed = parse_action_tag(tag.name)
    assert tag.treatment is not None and parsed is not None  # action_line keeps readable tags only
    project = load_tag(repo, root, tag)
    round_ = action_round(repo, root, project, parsed.year, tag.commit, tag.name)
    files = action_documents(repo, root, tag.commit, project, parsed.year, round_)
    check_recorded(tag, files)
    body = round_.body
    entries = action_entries(project, tag.treatment, tag.name, parsed.year, body.name, body.role, config.case_post_type)
    stem = action_plan_names(project, parsed.year)[0].removesuffix(".docx")
    case = case_facts(project, tag.treatment, line, tag, config, (stem, action_title(project, parsed.year)))
    return Stage(tag, project, files, entries, case)


def case_facts(
    project: Project,
    treatment: Treatment,
    line: list[StageTag],
    tag: StageTag,
    config: ArchiveConfig,
    own: tuple[str, str] | None = None,
) -> CaseFacts:
    """The saksmappe: the archive case number from the treatment (when tags carry one) or
    ``plan/sak.yaml``; the class from ``plan/arkiv.yaml`` or the case's «arkiv». ``own``: the
    key's stem and the title of a case of its own (the yearly action plan's), else the plan's."""
    recorded = treatment.model_dump(by_alias=True).get("arkivsak")  # tags may carry their own
    archive_case = recorded if isinstance(recorded, str) and recorded.strip() else project.case.archive_case
    class_id = config.class_id or project.case.archive_code
    if not class_id:
        raise ConfigError(
            [
                Problem(
                    CONFIG_FILE,
                    0,
                    0,
                    "mangler feltet «klasse» (og plan/sak.yaml har ikke «arkiv»): klassen saken ordnes under",
                )
            ]
        )
    stem, title = own or (document_names(project.plan)[0].removesuffix(".docx"), case_title(project))
    key = f"{stem}/{archive_case}" if archive_case else stem
    return CaseFacts(key, title, archive_case, class_id, line[0].date, config)


def stamp(tag: StageTag) -> dt.datetime:
    """The package's fixed time: the tag's own date (tagger time, UTC), else noon of its date."""
    if tag.tagged is not None:
        return tag.tagged.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.combine(tag.date, dt.time(12))


def to_pdfs(stage: Stage, work: Path, converter: Converter) -> dict[str, bytes]:
    """The stage's documents as PDF/A-2b, normalised to the tag's time (``archive/pdfa.py``)."""
    sources = work / "docx"
    sources.mkdir(parents=True)
    paths = []
    for name, data in sorted(stage.documents.items()):
        (sources / name).write_bytes(data)
        paths.append(sources / name)
    pdfs = converter.convert(paths, work / "pdf")
    return {p.name: normalise(p.read_bytes(), stamp(stage.tag)) for p in pdfs}


def _file(name: str, data: bytes) -> File:
    return File(name, data, hashlib.sha256(data).hexdigest())


def messages(stage: Stage, pdfs: dict[str, bytes]) -> tuple[Message, ...]:
    """The stage's arkivmeldinger, in the order they are sent; each valid by the schema."""
    main = next((e for e in stage.entries if e.documents), None)
    docs = []
    for d in main.documents if main else ():
        pdf = d.file.removesuffix(".docx") + ".pdf"
        docs.append((d.title, d.main, _file(pdf, pdfs[pdf]), _file(d.file, stage.documents[d.file])))
    files = tuple(f for _, _, pdf, docx in docs for f in (pdf, docx))
    first = "01-sak" if main is None else "01-horingsutkast" if main.kind == "U" else "01-saksframlegg"
    out = [Message(first, m.case_message(stage.case, main, docs), files)]
    t = stage.tag.treatment
    assert t is not None
    for entry in stage.entries:
        if entry.kind == "møtesak" and t.case_number:
            xml = m.meeting_message(stage.case, entry, t.case_number, t.recommendation, t.decision, t.votes)
            if xml is not None:
                out.append(Message(f"{len(out) + 1:02d}-motesak", xml, ()))
        elif entry.kind == "I":
            sub_id = entry.key.rsplit("/", 1)[-1]
            out.append(Message(f"{len(out) + 1:02d}-innspill-{sub_id}", m.submission_message(stage.case, entry), ()))
    _validate(stage.tag.name, out)
    return tuple(out)


def _validate(tag: str, out: list[Message]) -> None:

    for msg in out:
        found = problems(msg.xml)
        if found:
            shown = "\n  ".join(found[:5])
            raise BuildError(
                f"{tag}: arkivmeldingen {msg.folder}/arkivmelding.xml følger ikke Fiks Arkiv-skjemaet:\n  {shown}"
            )


def check_target(outdir: Path, name: str) -> tuple[Path, Path]:
    """The package's folder and zip in ``outdir``; refused when either exists and was not
    written by ``plan arkiv`` (the folder has no ``arkivpakke.json``)."""
    folder, zipped = outdir / name, outdir / f"{name}.zip"
    ours = folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()
    if (folder.exists() or folder.is_symlink()) and not ours:
        raise WorkflowError(
            f"{folder} finnes og er ikke en arkivpakke laget av «plan arkiv»; flytt den eller velg en annen mappe"
        )
    if (zipped.exists() or zipped.is_symlink()) and not (ours and zipped.is_file() and not zipped.is_symlink()):
        raise WorkflowError(f"{zipped} finnes og ble ikke laget av «plan arkiv»; flytt den eller velg en annen mappe")
    return folder, zipped


def write_package(outdir: Path, package: Package) -> tuple[Path, Path]:
    """The package as a folder and a zip in ``outdir``, each replaced as a whole; a folder or
    zip of that name that ``plan arkiv`` did not write is refused and left as it is."""
    folder, zipped = check_target(outdir, package.name)
    outdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".plan-arkiv-", dir=outdir))
    try:
        for path, data in package.files().items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(data)
        (staging / MARKER).write_bytes(package.marker())
        write_atomic(zipped, zip_bytes(package.files()))
        old = outdir / f".plan-arkiv-gammel-{package.name}"
        if folder.exists():
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder, zipped


def export(root: Path, outdir: Path, rev: str | None, echo: Callable[[str], None]) -> list[Path]:
    """``plan arkiv``: the packages of the tag ``rev`` or of every tag not yet exported, written
    to ``outdir``; ``echo`` hears of each package written. Refused in a shallow clone: the
    documents of a tag could not be rebuilt as they were."""
    with repository(root) as repo:
        partial = incomplete_history(repo)
    if partial:
        raise WorkflowError(f"{partial} Arkivpakkene lages ikke, for dokumentene kan ikke bygges som de ble.")
    config = load_config(root)
    written: list[Path] = []
    with repository(root) as repo:
        line = stage_line(repo) + action_line(repo)
        targets = select(repo, outdir, rev)
        if not targets:
            echo(f"Alle behandlingstaggene er allerede eksportert til {outdir}.")
            return []
        for tag in targets:
            check_target(outdir, package_name(tag.name))
        with Converter() as converter:  # one LibreOffice for every tag
            for tag in targets:
                written.append(_export_one(repo, root, outdir, tag, line, config, converter, echo))
    return written


def _export_one(
    repo: Repository,
    root: Path,
    outdir: Path,
    tag: StageTag,
    line: list[StageTag],
    config: ArchiveConfig,
    converter: Converter,
    echo: Callable[[str], None],
) -> Path:
    """One tag's package: rebuilt, converted, validated and written; the zip's path."""
    same = [t for t in line if t.track == tag.track]  # the plan's stage tags, or one year's action plan's
    if tag.track is None:
        stage = prepare(repo, root, tag, same, config)
    else:
        stage = prepare_action(repo, root, tag, same, config)
    with tempfile.TemporaryDirectory(prefix="plan-arkiv-pdf-") as work:
        pdfs = to_pdfs(stage, Path(work), converter)
    package = Package(package_name(tag.name), tag.name, tag.commit, messages(stage, pdfs))
    folder, zipped = write_package(outdir, package)
    n = len(package.messages)
    echo(f"  {tag.name}: {n} arkivmelding{'er' if n != 1 else ''} i {folder} og {zipped.name}")
    return zipped
