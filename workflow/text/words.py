"""Every generated word in one place, in bokmål and nynorsk.

The plan chooses its written standard (``målform: bokmål | nynorsk``); the context and the
sentences look words up here, and the Word templates come in both (``templates/nn/`` holds the
nynorsk ones, made by ``tools/templates_nn.py``). Dates and amounts use Babel's ``nb`` / ``nn``.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=4)
def _phrases(table: str) -> re.Pattern:
    words = NYNORSK if table == "documents" else CHANGE_NYNORSK
    return re.compile("|".join(re.escape(k) for k in sorted(words, key=len, reverse=True)))


LANGUAGES = ("bokmål", "nynorsk")
LOCALE = {"bokmål": "nb", "nynorsk": "nn"}
HTML_LANG = LOCALE

# Default names of the plan's levels: (singular, plural) per målform. A plan overrides them
# with ``nivånavn`` (e.g. satsingsområde: {entall: Innsatsområde, flertall: Innsatsområder}).
LEVELS: dict[str, dict[str, tuple[str, str]]] = {
    "bokmål": {
        "hovedmål": ("Hovedmål", "Hovedmål"),
        "satsingsområde": ("Satsingsområde", "Satsingsområder"),
        "mål": ("Mål", "Mål"),
        "delmål": ("Delmål", "Delmål"),
        "ambisjon": ("Ambisjon", "Ambisjoner"),
        "strategi": ("Strategi", "Strategier"),
        "tiltak": ("Tiltak", "Tiltak"),
    },
    "nynorsk": {
        "hovedmål": ("Hovudmål", "Hovudmål"),
        "satsingsområde": ("Satsingsområde", "Satsingsområde"),
        "mål": ("Mål", "Mål"),
        "delmål": ("Delmål", "Delmål"),
        "ambisjon": ("Ambisjon", "Ambisjonar"),
        "strategi": ("Strategi", "Strategiar"),
        "tiltak": ("Tiltak", "Tiltak"),
    },
}
# Plurals of level names a plan may choose, when it gives only the singular.
KNOWN_PLURALS = {
    "bokmål": {
        "Innsatsområde": "Innsatsområder",
        "Fokusområde": "Fokusområder",
        "Strategisk mål": "Strategiske mål",
        "Indikator": "Indikatorer",
        "Målområde": "Målområder",
        "Hovedmål": "Hovedmål",
        "Overordnet mål": "Overordnede mål",
    },
    "nynorsk": {
        "Innsatsområde": "Innsatsområde",
        "Fokusområde": "Fokusområde",
        "Strategisk mål": "Strategiske mål",
        "Indikator": "Indikatorar",
        "Målområde": "Målområde",
        "Hovudmål": "Hovudmål",
        "Overordna mål": "Overordna mål",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "bokmål": {
        "kommune": "kommune",
        "fylkeskommune": "fylkeskommune",
        "planlagt": "Planlagt",
        "pågår": "Pågår",
        "fullført": "Fullført",
        "utgått": "Utgått",
        "no_funding": "Ikke avklart",
        "missing": "mangler",
        "draft_from": "Utkast fra {name} {date}",
        "draft_note": "{name} la fram planutkastet {date}.",
        "hearing_note": "Planen ble lagt ut til offentlig høring {date}{deadline}.",
        "hearing_deadline": ", med høringsfrist {date}",
        "treatment_in": "Behandling i {name} {date}",
        "adopted_in": "Endringer vedtatt i {name}",
        "summary": "Oppsummering",
        "recommendation_of": "{genitive} innstilling",
        "decision_of": "{genitive} vedtak",
        "increasing": "økende",
        "decreasing": "synkende",
        "stable": "stabil",
        "direction": "Retning: {direction}",
        "and": "og",
    },
    "nynorsk": {
        "kommune": "kommune",
        "fylkeskommune": "fylkeskommune",
        "planlagt": "Planlagt",
        "pågår": "Pågår",
        "fullført": "Fullført",
        "utgått": "Utgått",
        "no_funding": "Ikkje avklart",
        "missing": "manglar",
        "draft_from": "Utkast frå {name} {date}",
        "draft_note": "{name} la fram planutkastet {date}.",
        "hearing_note": "Planen vart lagd ut til offentleg høyring {date}{deadline}.",
        "hearing_deadline": ", med høyringsfrist {date}",
        "treatment_in": "Handsaming i {name} {date}",
        "adopted_in": "Endringar vedtekne i {name}",
        "summary": "Oppsummering",
        "recommendation_of": "Innstilling frå {name}",
        "decision_of": "Vedtak i {name}",
        "increasing": "aukande",
        "decreasing": "minkande",
        "stable": "stabil",
        "direction": "Retning: {direction}",
        "and": "og",
    },
}
# The fixed wording of the documents (Word templates, Markdown and HTML export).
# Bokmål → nynorsk, longest phrases first. Whole phrases where the sentence changes.
NYNORSK: dict[str, str] = {
    "Innholdsfortegnelsen fylles ut når dokumentet åpnes i Word (svar ja på spørsmålet om å oppdatere feltene), eller med Verktøy › Oppdater › Oppdater alle i LibreOffice.": "Innhaldslista blir fylt ut når dokumentet blir opna i Word (svar ja på spørsmålet om å oppdatere felta), eller med Verktøy › Oppdater › Oppdater alle i LibreOffice.",
    " fra ": " frå ",
    "Ambisjonene er målbare mål for planperioden. De følges opp med tallene fra kildene som er oppgitt.": "Ambisjonane er målbare mål for planperioden. Dei blir følgde opp med tala frå kjeldene som er oppgitte.",
    "Tabellene summerer kostnadsoverslagene for tiltakene. Tiltak med status «utgått» er ikke tatt med.": "Tabellane summerer kostnadsoverslaga for tiltaka. Tiltak med status «utgått» er ikkje tekne med.",
    "Tiltakene i planen har et samlet kostnadsoverslag på": "Tiltaka i planen har eit samla kostnadsoverslag på",
    "Tiltak med status «utgått» er ikke tatt med. Hvert tiltak vurderes i de årlige budsjettprosessene.": "Tiltak med status «utgått» er ikkje tekne med. Kvart tiltak blir vurdert i dei årlege budsjettprosessane.",
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


def fixed(language: str, text: str) -> str:
    """A fixed bokmål sentence or heading of the documents in the plan's målform."""
    if language != "nynorsk":
        return text
    return _phrases("documents").sub(lambda m: NYNORSK[m.group(0)], text)


DIRECTION_KEY = {"økende": "increasing", "synkende": "decreasing", "stabil": "stable"}


def word(language: str, key: str, **values: str) -> str:
    text = WORDS.get(language, WORDS["bokmål"])[key]
    return text.format(**values) if values else text


def level_names(language: str, chosen: dict) -> dict[str, dict[str, str]]:
    """Singular and plural (and lower-case forms) of each level: the plan's own names first.
    ``chosen``: level key → object with ``singular`` and ``plural`` (or None)."""
    defaults = LEVELS.get(language, LEVELS["bokmål"])
    plurals = KNOWN_PLURALS.get(language, {})
    out = {}
    for key, (singular, plural) in defaults.items():
        if key in chosen:
            singular = chosen[key].singular
            plural = chosen[key].plural or plurals.get(singular, singular)
        out[key] = {
            "singular": singular,
            "plural": plural,
            "singular_lower": _lower(singular),
            "plural_lower": _lower(plural),
        }
    return out


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- the sentences about changes (changes/sentences.py writes them in bokmål) -----------------

CHANGE_NYNORSK: dict[str, str] = {
    "er tatt ut av planen": "er teke ut av planen",
    "er tatt ut:": "er teke ut:",
    "er flyttet hit fra": "er flytta hit frå",
    "tjener nå målene": "tener no måla",
    "følger nå strategiene": "følgjer no strategiane",
    "er endret til": "er endra til",
    "er endret fra": "er endra frå",
    "er endret.": "er endra.",
    "Planen som helhet": "Planen som heilskap",
    "Ny rekkefølge på": "Ny rekkjefølgje på",
    "Samlet kostnadsendring for tiltakene": "Samla kostnadsendring for tiltaka",
    "Planen er ikke endret": "Planen er ikkje endra",
    "navnet": "namnet",
    "beskrivelsen": "skildringa",
    "samarbeidspartnerne": "samarbeidspartnarane",
    "finansieringen": "finansieringa",
    "enheten": "eininga",
    "kilden": "kjelda",
    "datapunktene": "datapunkta",
    "sammendraget": "samandraget",
    "ståstedsbeskrivelsen": "skildringa av ståstaden",
    "kommuneopplysningene": "kommuneopplysningane",
    "opplysningene om forrige plan": "opplysningane om førre plan",
    "ambisjoner": "ambisjonar",
    "strategier": "strategiar",
    "satsingsområder": "satsingsområde",
    "satsingsområdet": "satsingsområdet",
}
_LEVEL_AT_START = {
    "Satsingsområde": "satsingsområde",
    "Mål": "mål",
    "Ambisjon": "ambisjon",
    "Strategi": "strategi",
    "Tiltak": "tiltak",
}


def change_sentence(language: str, levels: dict, text: str) -> str:
    """A generated sentence about a change in the plan's målform and with its level names.
    Only the words outside «quotes» (the plan's own text) are touched."""
    parts = re.split(r"(«[^»]*»)", text)
    out = []
    for i, part in enumerate(parts):
        if part.startswith("«"):
            out.append(part)
            continue
        if i == 0:
            part = _level_at_start(levels, part)
        if "satsingsområde" in levels:
            lower = levels["satsingsområde"]["singular_lower"]
            part = re.sub(r"\bsatsingsområdet\b", lower + "t" if lower.endswith("e") else lower, part)
        if language == "nynorsk":
            part = _phrases("changes").sub(lambda m: CHANGE_NYNORSK[m.group(0)], part)
        out.append(part)
    return "".join(out)


def _level_at_start(levels: dict, text: str) -> str:
    """«Tiltak T1: …», «Nytt mål M1: …», «Satsingsområdet «…»» with the plan's level names."""
    match = re.match(
        r"(Nytt |Ny )?(Satsingsområdet|Satsingsområde|Mål|Ambisjon|Strategi|Tiltak|satsingsområde|mål|ambisjon|strategi|tiltak)\b",
        text,
    )
    if not match or not levels:
        return text
    prefix, word_ = match.groups()
    key = _LEVEL_AT_START.get(
        word_.capitalize().removesuffix("t") if word_.lower() == "satsingsområdet" else word_.capitalize()
    )
    if key is None or key not in levels:
        return text
    name = levels[key]["singular"]
    if word_.lower() == "satsingsområdet":
        name = name + "t" if name.endswith("e") else name
    if prefix or word_[0].islower():
        name = levels[key]["singular_lower"] if not prefix else name[:1].lower() + name[1:]
    return (prefix or "") + name + text[match.end() :]
