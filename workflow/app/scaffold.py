"""A new plan repository for a municipality: the files ``plan init`` writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from workflow.archive.config import TEMPLATE as ARCHIVE_TEMPLATE
from workflow.plan.model import DEFAULT_PROCESS
from workflow.plan.source import TEMPLATES_DIR
from workflow.resources import default_templates_dir


# Texts «plan init» writes for the project group to replace; «plan advance» refuses them.
VISION_PLACEHOLDER = "Skriv visjonen her: én setning."
PROPOSAL_PLACEHOLDER = "Skriv innstillingen her: forslag til vedtak, f.eks. «Kommunestyret vedtar planen»."
PLACEHOLDERS = (VISION_PLACEHOLDER, PROPOSAL_PLACEHOLDER)


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
    from workflow.plan.schema import json_schema

    files = plan_files(municipality, number, start, end, language)
    import json

    for part in ("plan", "satsingsomrade", "sak", "prosess"):
        files[f"schema/{part}.json"] = (
            json.dumps(json_schema(part), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        )
    existing = [p for p in files if (target / p).exists()]
    if existing:
        from workflow.errors import WorkflowError

        raise WorkflowError(f"{target} har allerede {existing[0]}; plan init skriver aldri over filer")
    written: list[Path] = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for template in default_templates(language):
        path = target / TEMPLATES_DIR / ("nn" if language == "nynorsk" else "") / template.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(template.read_bytes())
            written.append(path)
    return written
