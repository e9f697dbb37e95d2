"""``plan demo DIR``: a throwaway plan repository that replays the Os timeline of 2020.

Commits and tags carry the real dates (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE): the first
workshop on 6 February, the second in week 12, the project group's draft, formannskapet with
an amendment, the public consultation with its deadline, and kommunestyret in June. Every
stage goes through the same checks as ``plan advance``. Then the documents are built into
``DIR/output``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.amendments import amend_and_prepare, read_proposals_file
from workflow.app.approval import prepare_step, write_step
from workflow.app.demo_followup import follow_up
from workflow.app.revision import documents, load_at, round_at
from workflow.app.scaffold import refuse_links
from workflow.app.step import Meeting
from workflow.archive.config import TEMPLATE
from workflow.documents.build import write_outputs
from workflow.documents.outputs import write_set
from workflow.errors import StageError, WorkflowError
from workflow.files import explain
from workflow.participation.documents import build_invitation, invitation_set
from workflow.plan.model import Proposal
from workflow.plan.source import TEMPLATES_DIR
from workflow.process import git as g
from workflow.process.git import GitSource, head_commit
from workflow.resources import default_templates_dir, demo_plan_dir

if TYPE_CHECKING:
    from workflow.process.git import Repository

CET, CEST = dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=2))


def _at(day: str, time: str = "21:30") -> dt.datetime:
    date = dt.date.fromisoformat(day)
    summer = {
        2020: ("2020-03-29", "2020-10-25"),
        2021: ("2021-03-28", "2021-10-31"),
        2022: ("2022-03-27", "2022-10-30"),
    }
    start, end = summer.get(date.year, ("1900-01-01", "1900-01-01"))
    tz = CEST if dt.date.fromisoformat(start) <= date < dt.date.fromisoformat(end) else CET
    return dt.datetime.combine(date, dt.time.fromisoformat(time), tz)


def _edit(path: Path, pattern: str, replacement: str) -> None:
    """A targeted text edit that keeps the file's layout (and so a readable git diff)."""
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, replacement, text, count=1, flags=re.M)
    if n != 1:
        raise WorkflowError(f"demoen fant ikke det den skulle endre i {path.name}")
    path.write_text(new, encoding="utf-8")


# The proposals in formannskapet's meeting (issue 24), as files the clerk keeps in forslag/: F1
# and F3 reword goal M1.3 and are voted against each other (F1 is adopted); F2 falls.
PROPOSALS = {
    "F1": """\
fremmet_av: Senterpartiet
tekst: Mål M1.3 tar også med naturbasert reiseliv.
endringer:
  - sett: M1.3
    felt: tekst
    verdi: >
      Flere lokale produkter og opplevelser, særlig **lokalmat** og naturbasert
      reiseliv, når ut til markeder i og utenfor regionen.
""",
    "F2": """\
fremmet_av: Høyre
tekst: Tiltaket om næringsforum (T1.3) starter allerede i 2020.
endringer:
  - sett: T1.3
    felt: fra
    verdi: 2020
""",
    "F3": """\
fremmet_av: Fremskrittspartiet
tekst: Mål M1.3 nevner reiselivet som bygger på fjellet og kulturarven.
endringer:
  - sett: M1.3
    felt: tekst
    verdi: >
      Flere lokale produkter og opplevelser, særlig **lokalmat** og reiseliv som
      bygger på fjellet og kulturarven, når ut til markeder i og utenfor regionen.
""",
}
MEETING_FILE = "forslag/formannskap-2020-05-12.yaml"
MEETING = """\
# Formannskapet 12.05.2020, PS 12/20: forslagene og voteringen (kommuneloven § 11-4)
- fil: F1.yaml
  resultat: vedtatt
  for: 4
  mot: 1
  partier_for: [Sp, Ap, H]
  partier_mot: [FrP]
- fil: F2.yaml
  resultat: falt
  for: 2
  mot: 3
  partier_for: [H, FrP]
  partier_mot: [Sp, Ap]
- fil: F3.yaml  # satt opp mot F1
  resultat: falt
  for: 1
  mot: 4
  partier_for: [FrP]
  partier_mot: [Sp, Ap, H]
"""


def _proposals(root: Path) -> tuple[Proposal, ...]:
    """The proposal files and the meeting's votes written to forslag/, read back as the clerk's
    ``plan advance --forslag-fil`` reads them."""
    folder = root / "forslag"
    folder.mkdir(exist_ok=True)
    for name, text in PROPOSALS.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    (root / MEETING_FILE).write_text(MEETING, encoding="utf-8")
    return read_proposals_file(root / MEETING_FILE, MEETING.encode("utf-8"))


@dataclass(frozen=True)
class Stage:
    stage: str
    date: str
    time: str
    sak: str | None = None
    decision: str | None = None
    recommendation: str | None = None
    proposals: tuple[Proposal, ...] = ()
    votes: str | None = None
    deadline: str | None = None


FORMANNSKAP = Stage(
    "formannskap",
    "2020-05-12",
    "20:00",
    sak="PS 12/20",
    recommendation=(
        "Kommunestyret vedtar Strategisk næringsplan for Os kommune 2020–2028 med formannskapets endring i mål M1.3."
    ),
    decision="Planen legges ut til offentlig høring med frist 5. juni 2020.",
    votes="Innstillingen med endringen i mål M1.3 ble enstemmig vedtatt.",
)
HORING = Stage("horing", "2020-05-14", "12:00", deadline="2020-06-05")
KOMMUNESTYRE = Stage(
    "kommunestyre",
    "2020-06-18",
    "20:00",
    sak="PS 30/20",
    decision=(
        "Kommunestyret vedtar Strategisk næringsplan for Os kommune 2020–2028 slik den "
        "foreligger i vedlegg 1, med formannskapets endring i mål M1.3.\n\n"
        "Tiltaksplanen rulleres årlig og legges fram for formannskapet sammen med budsjettet."
    ),
    votes="Enstemmig vedtatt (17 representanter til stede).",
)


def _copy_plan(target: Path) -> None:
    shutil.copytree(demo_plan_dir(), target / "plan", ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    templates = target / TEMPLATES_DIR
    templates.mkdir()
    for template in sorted(default_templates_dir().glob("*.docx")):
        shutil.copy2(template, templates / template.name)

    (target / "plan" / "arkiv.yaml").write_text(TEMPLATE, encoding="utf-8")  # the archive's settings (plan arkiv)
    (target / ".gitignore").write_text("/output/\n", encoding="utf-8")
    (target / "README.md").write_text(
        "# Demo: Strategisk næringsplan for Os kommune\n\n"
        "Et demodepot laget av «plan demo». Historien spiller av behandlingen i 2020:\n\n"
        "    plan log        # behandlingene, fra taggene i git\n"
        "    plan status     # hvor planen står nå\n"
        "    plan verify     # bygg dokumentene fra hver tag på nytt og sammenlign\n"
        "    git log --stat  # commitene med datoene fra 2020\n"
        "\nEtter vedtaket (tenkte tall): statusrapporter i 2021 og 2022, handlingsplanen for 2022\n"
        "behandlet med budsjettet, og årsrapporten for 2021:\n\n"
        "    plan build --rapport 2022               # årsrapporten for 2022\n"
        "    plan handlingsplan rull 2023 --dry-run  # forslag til neste års handlingsplan\n",
        encoding="utf-8",
    )


def _advance(
    root: Path, repo: Repository, stage: Stage, echo: Callable[[str], None], amended_at: dt.datetime | None = None
) -> None:
    """``plan advance`` for ``stage``; with ``amended_at`` the adopted proposals are applied and
    committed at that time first (``app/amendments.py``)."""
    day = dt.date.fromisoformat(stage.date)
    meeting = Meeting(
        case_number=stage.sak,
        decision=stage.decision,
        recommendation=stage.recommendation,
        proposals=stage.proposals,
        votes=stage.votes,
        deadline=dt.date.fromisoformat(stage.deadline) if stage.deadline else None,
    )
    if amended_at is not None:
        step = amend_and_prepare(root, repo, stage.stage, day, meeting, commit_date=amended_at)
        echo(f"  commit  {step.commit[:10]}  {stage.date}  vedtatte endringsforslag ({stage.sak})")
    else:
        step = prepare_step(root, repo, stage.stage, day, meeting)
    write_step(repo, step, tagger_date=_at(stage.date, stage.time))
    echo(f"  tag     {step.tag:28} {step.message.splitlines()[0]}")


@dataclass(frozen=True)
class _Shipped:
    """The demo plan's files as shipped (their final wording), read before the history is
    replayed: each step writes back the part of them that existed at that point."""

    folder: Path  # DIR/plan
    plan: str
    case: str
    workshops: str
    areas: dict[Path, str]  # the focus areas
    inputs: dict[Path, str]  # the submissions, both before and during the hearing

    @classmethod
    def read(cls, folder: Path) -> _Shipped:
        def texts(paths: list[Path]) -> dict[Path, str]:
            return {p: p.read_text(encoding="utf-8") for p in paths}

        return cls(
            folder,
            (folder / "plan.yaml").read_text(encoding="utf-8"),
            (folder / "sak.yaml").read_text(encoding="utf-8"),
            (folder / "samlinger.yaml").read_text(encoding="utf-8"),
            texts(sorted((folder / "satsingsomrader").glob("*.yaml"))),
            texts(sorted((folder / "innspill").glob("*.yaml"))),
        )

    @property
    def heard(self) -> dict[Path, str]:
        """The statements received during the public consultation."""
        return {p: t for p, t in self.inputs.items() if "\nkanal: høring\n" in t}

    @property
    def before(self) -> dict[Path, str]:
        """The input received before the hearing."""
        heard = self.heard
        return {p: t for p, t in self.inputs.items() if p not in heard}


CASE_PROPOSAL = r"^innstilling: \|\n(?:(?:  .*)?\n)+?(?=^\S)"  # the innstilling in sak.yaml


def replay(target: Path, echo: Callable[[str], None] = lambda line: None) -> Path:
    """Make the demo repository in ``target`` (new or empty) and build its documents.
    Returns the output folder."""
    refuse_links(target, "plan demo")  # a link that leads nowhere is never written through
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WorkflowError(f"{target} finnes og er ikke tom; velg en ny mappe til demoen")
    echo(f"Lager demodepotet {target}:")
    try:
        target.mkdir(parents=True, exist_ok=True)
        _copy_plan(target)
    except OSError as exc:
        raise WorkflowError(f"plan demo kunne ikke skrive i {target}: {explain(exc)}") from None
    shipped = _Shipped.read(target / "plan")
    _after_workshop_1(shipped)
    repo = g.init_repository(target)
    try:
        for key in ("commit.gpgsign", "tag.gpgsign"):
            g.set_config(repo, key, "false")
        g.require_identity(repo)
        commit = _committer(repo, echo)
        _replay_strategy(target, repo, shipped, commit, echo)
        extra = follow_up(target, repo, echo, _at, _edit, commit)  # after adoption: 2021 and 2022
        return _build(target, repo, echo, extra)
    except OSError as exc:  # a disk that fills up on the way
        raise WorkflowError(f"plan demo kunne ikke skrive i {target}: {explain(exc)}") from None
    finally:
        repo.close()


def _committer(repo: Repository, echo: Callable[[str], None]) -> Callable[[str, dt.datetime], None]:
    """The demo's ``commit(message, when)``: every file committed with the date of 2020."""

    def commit(message: str, when: dt.datetime) -> None:
        sha = g.commit_all(repo, message, date=when)
        echo(f"  commit  {sha[:10]}  {when.date().isoformat()}  {message.splitlines()[0]}")

    return commit


def _replay_strategy(
    root: Path,
    repo: Repository,
    shipped: _Shipped,
    commit: Callable[[str, dt.datetime], None],
    echo: Callable[[str], None],
) -> None:
    """The strategy from the first workshop to its adoption by kommunestyret."""
    commit("Samling 1 i Os samfunnshus: ståstedet og utfordringene", _at("2020-02-06"))
    _at_workshop_2(shipped)
    commit("Samling 2 (uke 12): mål, ambisjoner, strategier og satsingsområder", _at("2020-03-19"))
    (shipped.folder / "sak.yaml").write_text(shipped.case, encoding="utf-8")
    for p, text in shipped.before.items():
        p.write_text(text, encoding="utf-8")
    commit(
        "Prosjektgruppens utkast med forslag til innstilling og vurdering av innspillene",
        _at("2020-04-20", "15:00"),
    )
    _advance(root, repo, Stage("prosjektgruppe", "2020-04-20", "15:30"), echo)

    # Formannskapet amends goal M1.3 in its meeting: the proposals are filed, then the tool
    # writes and commits the adopted proposal itself and tags the amended plan (its innstilling).
    proposals = _proposals(root)
    commit("Forslagene fremmet i formannskapet (PS 12/20)", _at("2020-05-12", "19:00"))
    _advance(root, repo, replace(FORMANNSKAP, proposals=proposals), echo, amended_at=_at("2020-05-12", "19:30"))
    _advance(root, repo, HORING, echo)

    # The hearing statements arrive; kommunestyret cannot treat the plan before each has
    # an outcome (plan advance refuses).
    for p, text in shipped.heard.items():
        p.write_text(_unassessed(text), encoding="utf-8")
    commit("Høringsuttalelsene registrert i innspillsregisteret", _at("2020-06-06", "10:00"))
    _show_refusal(root, repo, echo)
    _merknadsbehandling(shipped)
    commit("Merknadsbehandling etter høringen", _at("2020-06-08", "14:00"))
    _advance(root, repo, KOMMUNESTYRE, echo)


def _after_workshop_1(shipped: _Shipped) -> None:
    """After workshop 1: the situation and the challenges; no focus areas or proposal yet."""
    plan = shipped.folder
    for p in [*shipped.areas, *shipped.inputs]:
        p.unlink()
    _edit(plan / "plan.yaml", r"^satsingsområder:\n(?:  - .*\n)+", "satsingsområder: []\n")
    _edit(plan / "samlinger.yaml", r"^  - id: samling-2\n(?:    .*\n|      .*\n)+", "")
    _edit(plan / "sak.yaml", CASE_PROPOSAL, "")


def _at_workshop_2(shipped: _Shipped) -> None:
    """Workshop 2 (week 12): goals, ambitions, strategies and the three focus areas; the
    input so far registered, not yet assessed. The measures the hearing will change are in
    their draft wording."""
    plan = shipped.folder
    (plan / "plan.yaml").write_text(shipped.plan, encoding="utf-8")
    for p, text in shipped.areas.items():
        p.write_text(text, encoding="utf-8")
    for old, new, file in HEARING_CHANGES:
        _edit(plan / "satsingsomrader" / file, re.escape(new), old.replace("\\", "\\\\"))
    (plan / "samlinger.yaml").write_text(shipped.workshops, encoding="utf-8")
    for p, text in shipped.before.items():
        if _received(text) <= "2020-03-19":
            p.write_text(_unassessed(text), encoding="utf-8")
    (plan / "sak.yaml").write_text(shipped.case, encoding="utf-8")
    _edit(plan / "sak.yaml", CASE_PROPOSAL, "")


def _show_refusal(root: Path, repo: Repository, echo: Callable[[str], None]) -> None:
    """Kommunestyret is refused while hearing statements lack an outcome: the demo shows it."""
    try:
        _advance(root, repo, KOMMUNESTYRE, echo)
    except StageError as exc:
        echo(f"  nektet  {KOMMUNESTYRE.stage}: {exc.message.split(';')[0]}")
    else:  # pragma: no cover - the rule is what the demo shows
        raise WorkflowError("demoen ventet at kommunestyret ble nektet før merknadsbehandlingen")


def _merknadsbehandling(shipped: _Shipped) -> None:
    """An assessment and outcome for each statement, and the plan changed where a statement
    was followed."""
    plan = shipped.folder
    for p, text in shipped.heard.items():
        p.write_text(text, encoding="utf-8")
    for old, new, file in HEARING_CHANGES:
        _edit(plan / "satsingsomrader" / file, re.escape(old), new.replace("\\", "\\\\"))
    _edit(
        plan / "sak.yaml",
        r"(^medvirkning: \|\n(?:(?:  .*)?\n)+?)(?=^\S)",
        r"\1\n  Høringsuttalelsene er vurdert av prosjektgruppa sammen med de andre innspillene.\n",
    )


# What the hearing changed in the plan (draft wording, final wording, file): the demo puts the
# draft wording in before the hearing and the final wording in with the merknadsbehandling.
HEARING_CHANGES = (
    (
        "      - erfarne bønder som mentorer for nye brukere de første driftsårene\n",
        "      - erfarne bønder som mentorer for nye brukere de første driftsårene\n"
        "      - eget opplegg for unge som vil starte i landbruket uten gård i familien\n",
        "innovativt-naeringsliv.yaml",
    ),
    (
        "salgskanaler og\n      deltakelse på",
        "salgskanaler,\n      felles distribusjon og deltakelse på",
        "innovativt-naeringsliv.yaml",
    ),
    (
        "næringsarealer og sette av nye arealer ved neste\n      revisjon",
        "næringsarealer, også større tomter langs riksvei 3,\n      og sette av nye arealer ved neste revisjon",
        "naeringsvennlig-kommune.yaml",
    ),
    (
        "      - Lokale bedrifter\n    fra: 2021\n    til: 2022\n",
        "      - Lokale bedrifter\n      - Innlandet fylkeskommune\n    fra: 2021\n    til: 2022\n",
        "rammebetingelser.yaml",
    ),
)


def _received(text: str) -> str:
    found = re.search(r"^mottatt: (\S+)$", text, flags=re.M)
    return found.group(1) if found else ""


def _unassessed(text: str) -> str:
    """A submission as registered, before the administration assessed it."""
    return text.split("\nvurdering:", 1)[0] + "\n"


def _build(
    root: Path, repo: Repository, echo: Callable[[str], None], extra: dict[str, dict[str, bytes]] | None = None
) -> Path:
    """The case documents, and ``extra`` ({output set: files}, the follow-up documents), each
    written as its own set as the commands would write them."""
    head = head_commit(repo)
    project, _ = load_at(repo, root, head)
    files = documents(repo, root, head, project, round_at(repo, root, None, project))
    outdir = root / "output"
    write_outputs(files, outdir, revision=head, digest=project.digest)
    for kind, more in sorted((extra or {}).items()):
        write_set(more, outdir, revision=head, digest=project.digest, kind=kind)
        files.update(more)
    for name in sorted(files):
        echo(f"  bygget  output/{name}")
    # The letter that started the process: the invitation to the first workshop.
    workshop = project.workshops[0].id
    name, data = build_invitation(project, root, workshop, source=GitSource(repo, head, root))
    write_set({name: data}, outdir, revision=head, digest=project.digest, kind=invitation_set(workshop))
    echo(f"  bygget  output/{name}")
    return outdir
