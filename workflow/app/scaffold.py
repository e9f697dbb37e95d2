"""A new plan repository for a municipality: the files ``plan init`` writes."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workflow.archive.config import TEMPLATE as ARCHIVE_TEMPLATE
from workflow.errors import GitError, WorkflowError
from workflow.files import explain, write_atomic
from workflow.plan.checks import MAX_YEARS, MIN_YEARS
from workflow.plan.model import DEFAULT_PROCESS
from workflow.plan.schema import json_schema
from workflow.plan.source import TEMPLATES_DIR
from workflow.process.git import create_repository, identity_missing, open_repo
from workflow.resources import default_templates_dir
from workflow.xmlchars import XML_INVALID


# Texts «plan init» writes for the project group to replace; «plan advance» refuses them.
VISION_PLACEHOLDER = "Skriv visjonen her: én setning."
PROPOSAL_PLACEHOLDER = "Skriv innstillingen her: forslag til vedtak, f.eks. «Kommunestyret vedtar planen»."
HEARING_PLACEHOLDER = (
    "Skriv innstillingen her: forslag til vedtak før høringen, f.eks. «Forslag til planen legges ut til offentlig "
    "høring med frist …»."
)
NYNORSK_PROPOSAL_PLACEHOLDER = "Skriv innstillinga her: forslag til vedtak, t.d. «Kommunestyret vedtek planen»."
NYNORSK_HEARING_PLACEHOLDER = (
    "Skriv innstillinga her: forslag til vedtak før høyringa, t.d. «Forslag til planen blir lagt ut til offentleg "
    "høyring med frist …»."
)
PLACEHOLDERS = (
    VISION_PLACEHOLDER,
    PROPOSAL_PLACEHOLDER,
    HEARING_PLACEHOLDER,
    NYNORSK_PROPOSAL_PLACEHOLDER,
    NYNORSK_HEARING_PLACEHOLDER,
)


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# The starter texts of ``plan init`` in nynorsk.
NYNORSK_TEXTS = {
    "Et innovativt næringsliv": "Eit innovativt næringsliv",
    "Det næringslivet selv vil gjøre.": "Det næringslivet sjølv vil gjere.",
    "Flere arbeidsplasser i kommunen.": "Fleire arbeidsplassar i kommunen.",
    "Styrke samarbeidet mellom bedriftene.": "Styrkje samarbeidet mellom bedriftene.",
    "Etablere et næringsforum som møtes to ganger i året.": "Etablere eit næringsforum som møtest to gonger i året.",
    "Skriv visjonen her: én setning.": "Skriv visjonen her: éi setning.",
    PROPOSAL_PLACEHOLDER: NYNORSK_PROPOSAL_PLACEHOLDER,
    HEARING_PLACEHOLDER: NYNORSK_HEARING_PLACEHOLDER,
    "Sysselsatte med arbeidssted i kommunen": "Sysselsette med arbeidsstad i kommunen",
    "personer": "personar",
    "Næringsavdelingen": "Næringsavdelinga",
    "Prosjektgruppen": "Prosjektgruppa",
    "Offentlig høring": "Offentleg høyring",
    "Kommunedirektørens innstilling": "Innstilling frå kommunedirektøren",
    "Næringsrådgiver": "Næringsrådgjevar",
}


def plan_files(municipality: str, number: str, start: int, end: int, language: str = "bokmål") -> dict[str, str]:
    """Repository-relative path → text of a minimal plan that passes ``plan check --strict``."""
    area = _starter_area(start, end)
    plan: dict[str, Any] = {
        "kommune": {"navn": municipality, "nummer": number},
        "tittel": f"Strategisk næringsplan for {municipality} kommune",
        "plantype": "temaplan",
        "periode": {"fra": start, "til": end},
        "visjon": VISION_PLACEHOLDER,
        "satsingsområder": ["satsingsomrader/innovativt-naeringsliv.yaml"],
    }
    case = {
        "administrasjon": "Kommunedirektøren",
        "saksbehandler": "Næringsrådgiver",
        "vedlegg": [f"Strategisk næringsplan for {municipality} kommune {start}–{end}"],
        "innstillinger": {"formannskap": HEARING_PLACEHOLDER},  # the first case: the draft on hearing
        "innstilling": PROPOSAL_PLACEHOLDER,
    }
    process = DEFAULT_PROCESS
    if language == "nynorsk":
        plan = {"målform": "nynorsk", **plan}
        area = _replace_texts(area, NYNORSK_TEXTS)
        plan["visjon"] = NYNORSK_TEXTS[VISION_PLACEHOLDER]
        case = _replace_texts(case, NYNORSK_TEXTS)
        process = _replace_texts(process, NYNORSK_TEXTS)
    header = "# yaml-language-server: $schema=../schema/{}.json\n"
    return {
        "plan/plan.yaml": header.format("plan") + _dump(plan),
        "plan/satsingsomrader/innovativt-naeringsliv.yaml": "# yaml-language-server: $schema=../../schema/satsingsomrade.json\n"
        + _dump(area),
        "plan/sak.yaml": header.format("sak") + _dump(case),
        "plan/prosess.yaml": header.format("prosess") + _dump(process),
        "plan/arkiv.yaml": header.format("arkiv") + ARCHIVE_TEMPLATE,
        ".gitignore": "/output/*\n!/output/README.md\n",
        "output/README.md": "Her havner dokumentene fra «plan build». Innholdet lages på nytt og legges ikke i git.\n",
        "README.md": _readme(municipality),
    }


def _starter_area(start: int, end: int) -> dict[str, Any]:
    """The one focus area of a new plan: a goal, an ambition, a strategy and a measure."""
    return {
        "id": "SO1",
        "navn": "Et innovativt næringsliv",
        "beskrivelse": "Det næringslivet selv vil gjøre.",
        "mål": [{"id": "M1.1", "tekst": "Flere arbeidsplasser i kommunen."}],
        "ambisjoner": [
            {
                "id": "A1.1",
                "indikator": "Sysselsatte med arbeidssted i kommunen",
                "enhet": "personer",
                "utgangspunkt": {"verdi": 0, "år": start},
                "målverdi": {"verdi": 0, "år": end},
                "kilde": "SSB, tabell 07979",
            }
        ],
        "strategier": [{"id": "S1.1", "tekst": "Styrke samarbeidet mellom bedriftene.", "mål": ["M1.1"]}],
        "tiltak": [
            {
                "id": "T1.1",
                "tekst": "Etablere et næringsforum som møtes to ganger i året.",
                "ansvar": "Næringsavdelingen",
                "fra": start,
                "til": min(start + 1, end),
                "kostnad": 0,
                "status": "planlagt",
                "strategier": ["S1.1"],
            }
        ],
    }


def _replace_texts(data: Any, table: dict[str, str]) -> Any:
    """The same data with every string found in ``table`` replaced (nynorsk starter texts)."""
    if isinstance(data, dict):
        return {k: _replace_texts(v, table) for k, v in data.items()}
    if isinstance(data, list):
        return [_replace_texts(v, table) for v in data]
    return table.get(data, data) if isinstance(data, str) else data


def default_templates(language: str = "bokmål") -> list[Path]:
    """The templates shipped inside the installed package (``nn/…`` for nynorsk)."""
    folder = default_templates_dir() / "nn" if language == "nynorsk" else default_templates_dir()
    return sorted(folder.glob("*.docx"))


def _readme(municipality: str) -> str:
    return f"""# Strategisk næringsplan for {municipality} kommune

Planen skrives som YAML-filer under `plan/`, og dokumentene lages med verktøyet `plan`.

    plan check      # kontroller planen; feil vises som fil:linje:kolonne
    plan build      # lag plandokumentet og saksframlegget i output/
    plan diff       # hva er endret siden forrige behandling
    plan status     # hvor i prosessen planen står

- `plan/plan.yaml`: tittel, periode, visjon, bakgrunn og listen over satsingsområder.
- `plan/satsingsomrader/*.yaml`: ett satsingsområde per fil (mål, ambisjoner, strategier, tiltak),
  så to personer kan redigere hvert sitt område uten konflikt.
- `plan/sak.yaml`: opplysninger til saksframlegget; `plan/prosess.yaml`: organene saken går gjennom.
- `templates/`: Word-malene. Endre dem i Word eller LibreOffice.
- `schema/`: JSON Schema for redigeringsprogrammet (lag med `plan schema`).
"""


def write_new_repository(
    target: Path, municipality: str, number: str, start: int, end: int, language: str = "bokmål"
) -> list[Path]:
    """Write the files (never overwriting one) and return them."""
    files = plan_files(municipality, number, start, end, language)
    for part in ("plan", "satsingsomrade", "sak", "prosess"):
        files[f"schema/{part}.json"] = (
            json.dumps(json_schema(part), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        )
    refuse_links(target, "plan init")
    existing = [p for p in files if os.path.lexists(target / p)]  # a dangling link is something too
    if existing:
        raise WorkflowError(f"{target} har allerede {existing[0]}; plan init skriver aldri over filer")
    folder = TEMPLATES_DIR + ("/nn" if language == "nynorsk" else "")
    contents: dict[str, str | bytes] = dict(files)
    for template in default_templates(language):
        contents.setdefault(f"{folder}/{template.name}", template.read_bytes())  # a user's own template stays
    written: list[Path] = []
    try:
        for rel, content in contents.items():
            path = target / rel
            if os.path.lexists(path) and rel.startswith(folder + "/"):
                continue
            refuse_links(path.parent, "plan init", inside=target)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, content.encode("utf-8") if isinstance(content, str) else content)
            written.append(path)
    except (OSError, WorkflowError) as exc:
        for path in written:  # what this run wrote, and nothing else
            path.unlink(missing_ok=True)
        if isinstance(exc, WorkflowError):
            raise
        raise WorkflowError(f"plan init kunne ikke skrive i {target}: {explain(exc)}") from None
    return written


def refuse_links(path: Path, command: str, inside: Path | None = None) -> None:
    """Refused (WorkflowError) when ``path``, or a folder on the way to it from ``inside``, is a
    symbolic link that leads nowhere, or (below ``inside``) any symbolic link: the command
    writes only inside the folder it was given, never through a link to somewhere else."""
    start = len(inside.parts) + 1 if inside is not None else len(path.parts) - 1
    for k in range(max(start, 1), len(path.parts) + 1):
        part = Path(*path.parts[:k])
        if not part.is_symlink():
            continue
        if not part.exists():
            raise WorkflowError(
                f"{command}: {part} er en symbolsk lenke til {os.readlink(part)}, som ikke finnes; "
                "verktøyet skriver ikke gjennom lenken (velg en ny mappe)"
            )
        if inside is not None:
            raise WorkflowError(
                f"{command}: {part} er en symbolsk lenke (til {os.readlink(part)}); verktøyet skriver bare i "
                f"{inside}, ikke gjennom lenker"
            )


class InvalidArgument(WorkflowError):
    """A value given to ``plan init`` that cannot make a plan; ``option`` names it."""

    exit_code = 2

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Created:
    """A new plan repository: the files written, and whether git still needs a name and an
    e-mail address before the first commit."""

    written: list[Path]
    identity_missing: bool


def init_repository(
    directory: Path,
    municipality: str,
    number: str,
    start: int | None = None,
    end: int | None = None,
    language: str = "bokmål",
) -> Created:
    """``plan init``: a new plan repository in ``directory`` (a git repository with a small
    valid plan, the default templates, the process and a README) for the municipality with
    the four-digit ``number``; the period ``start``–``end`` defaults to next year and four years
    in all (one term). Raises ``InvalidArgument`` for a value that cannot make a plan."""
    if start is None:
        start = dt.date.today().year + 1  # a plan that starts next year, not one already running
    if end is None:
        end = start + 3
    check_arguments(municipality, number, start, end)
    written = write_new_repository(directory, municipality, number, start, end, language)
    create_repository(directory)
    return Created(written, _identity_missing(directory))


def check_arguments(municipality: str, number: str, start: int, end: int) -> None:
    """The municipality's name and number and the plan period, as ``plan init`` needs them."""
    if not municipality.strip():
        raise InvalidArgument("--kommune", "kommunenavnet kan ikke være tomt")
    if XML_INVALID.search(municipality):
        raise InvalidArgument("--kommune", "kommunenavnet har et tegn som ikke kan stå i et Word-dokument")
    if not (len(number) == 4 and number.isascii() and number.isdigit()):
        raise InvalidArgument("--nummer", "kommunenummeret skal være fire sifre")
    for year, option in ((start, "--fra"), (end, "--til")):
        if not 1900 <= year <= 2200:
            raise InvalidArgument(option, f"året {year} må ligge mellom 1900 og 2200")
    if not MIN_YEARS <= end - start + 1 <= MAX_YEARS:
        raise InvalidArgument(
            "--til", f"perioden {start}–{end} må vare {MIN_YEARS} til {MAX_YEARS} år (begge år regnet med)"
        )


def _identity_missing(directory: Path) -> bool:
    """Whether git lacks a name for the first commit in the new repository."""
    try:
        repo = open_repo(directory)
    except GitError:  # pragma: no cover - just created
        return False
    try:
        return identity_missing(repo)
    finally:
        repo.close()
