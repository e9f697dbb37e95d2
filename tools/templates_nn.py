"""The nynorsk Word templates (issue 11): the bokmål templates with every fixed word in
nynorsk. Generated words (level names, dates, amounts, saksgang headings) come from the
context in the plan's målform; only the templates' own text is translated here.

Run through ``tools/make_templates.py``; writes ``templates/nn/plan.docx`` and
``templates/nn/saksframlegg.docx``.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx.oxml.ns import qn

# Bokmål → nynorsk, longest phrases first. Whole phrases where the sentence changes.
NYNORSK: dict[str, str] = {
    "Innholdsfortegnelsen fylles ut når dokumentet åpnes i Word (svar ja på spørsmålet om å oppdatere feltene), eller med Verktøy › Oppdater › Oppdater alle i LibreOffice.":
        "Innhaldslista blir fylt ut når dokumentet blir opna i Word (svar ja på spørsmålet om å oppdatere felta), eller med Verktøy › Oppdater › Oppdater alle i LibreOffice.",
    " fra ": " frå ",
    "Ambisjonene er målbare mål for planperioden. De følges opp med tallene fra kildene som er oppgitt.":
        "Ambisjonane er målbare mål for planperioden. Dei blir følgde opp med tala frå kjeldene som er oppgitte.",
    "Tabellene summerer kostnadsoverslagene for tiltakene. Tiltak med status «utgått» er ikke tatt med.":
        "Tabellane summerer kostnadsoverslaga for tiltaka. Tiltak med status «utgått» er ikkje tekne med.",
    "Tiltakene i planen har et samlet kostnadsoverslag på": "Tiltaka i planen har eit samla kostnadsoverslag på",
    "Tiltak med status «utgått» er ikke tatt med. Hvert tiltak vurderes i de årlige budsjettprosessene.":
        "Tiltak med status «utgått» er ikkje tekne med. Kvart tiltak blir vurdert i dei årlege budsjettprosessane.",
    "Kostnaden er et overslag per år tiltaket varer.": "Kostnaden er eit overslag per år tiltaket varer.",
    "Samlet kostnadsoverslag i planperioden:": "Samla kostnadsoverslag i planperioden:",
    "Denne planen avløser": "Denne planen avløyser",
    ", som gjaldt for perioden": ", som galdt for perioden",
    "Planen avløser": "Planen avløyser",
    "Planen er ikke endret siden forrige behandling.": "Planen er ikkje endra sidan førre handsaming.",
    "Endringer siden forrige behandling": "Endringar sidan førre handsaming",
    "Kostnader per finansieringskilde": "Kostnader per finansieringskjelde",
    "Økonomiske konsekvenser": "Økonomiske konsekvensar",
    "Sammendrag av planen": "Samandrag av planen",
    "Prosess og samlinger": "Prosess og samlingar",
    "Saksopplysninger": "Saksopplysningar",
    "Utvalgssaksnr.": "Utvalssaksnr.",
    "Saksbehandler": "Saksbehandlar",
    "Antall tiltak": "Tal på tiltak",
    "Sammendrag": "Samandrag",
    "Forrige plan": "Førre plan",
    "Indikatorer": "Indikatorar",
    "Medvirkning": "Medverknad",
    "Konsekvenser": "Konsekvensar",
    "Deltakere:": "Deltakarar:",
    "Høringsfrist:": "Høyringsfrist:",
    "Forslag fra": "Forslag frå",
    "Bidrar til mål:": "Bidreg til mål:",
    "Innhold": "Innhald",
    "Ståsted": "Ståstad",
    "Enhet:": "Eining:",
    "Kilde": "Kjelde",
    "Utvalg": "Utval",
    "Arkivsaksnr.": "Arkivsaksnr.",
    "Målt:": "Målt:",
    "Mal for saksframlegg": "Mal for saksframlegg",
}
_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(NYNORSK, key=len, reverse=True)))


def translate(text: str) -> str:
    """Bokmål template text → nynorsk; Jinja tags are left alone."""
    parts = re.split(r"(\{[{%].*?[}%]\})", text)
    return "".join(p if p.startswith("{") and p.endswith("}") else _PATTERN.sub(lambda m: NYNORSK[m.group(0)], p) for p in parts)


def to_nynorsk(doc) -> None:
    """Translate every text node of the document body, headers and footers in place."""
    parts = [doc.element]
    for section in doc.sections:
        for part in (section.header, section.footer):
            parts.append(part._element)  # noqa: SLF001 - python-docx has no public element
    for root in parts:
        for node in root.iter(qn("w:t")):
            if node.text:
                node.text = translate(node.text)


def write_nynorsk(out: Path, builders: dict, save) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, build in builders.items():
        doc = build()
        to_nynorsk(doc)
        save(doc, out / name)
        print(f"skrev {out / name}")
