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
    words = {"documents": NYNORSK, "followup": FOLLOWUP_NYNORSK}.get(table, CHANGE_NYNORSK)
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
        "case_final": "sluttbehandling",
        "case_hearing": "utlegging til offentlig høring",
        "hearing_proposal": "Forslag til {title} legges ut til offentlig høring.",
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
        "case_final": "sluttbehandling",
        "case_hearing": "utlegging til offentleg høyring",
        "hearing_proposal": "Forslaget til {title} blir lagt ut til offentleg høyring.",
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
    "Planen er ikke endret sammenlignet med ": "Planen er ikkje endra samanlikna med ",
    "Planen er sammenlignet med ": "Planen er samanlikna med ",
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
    # the saksframlegg's «Medvirkning og høring» (tools/templates_participation.py)
    "Medvirkning og høring": "Medverknad og høyring",
    "Det er holdt ": "Det er halde ",
    "Planen var på offentlig høring": "Planen var på offentleg høyring",
    " innspill registrert": " innspel registrerte",
    " venter på vurdering": " ventar på vurdering",
    " og vurdert": " og vurderte",
    " (se vedlegget «": " (sjå vedlegget «",
    " Innspillene er illustrerende eksempler.": " Innspela er illustrerande døme.",
    "Disse punktene i planen er endret etter innspill:": "Desse punkta i planen er endra etter innspel:",
    " innspill)": " innspel)",
    "Antall": "Tal",
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


# The follow-up documents (the action plan, the annual report, their saksframlegg): their
# templates' fixed words (with NYNORSK, by tools/templates_nn.py) and the sentences
# workflow/followup/ writes, bokmål → nynorsk.
FOLLOWUP_NYNORSK: dict[str, str] = {
    # templates
    "Sammendrag": "Samandrag",
    "Rapporten viser status per 31. desember ": "Rapporten viser status per 31. desember ",
    " for hvert tiltak, pengene som var satt av og som er brukt, og om ambisjonene er i rute etter en enkel framskriving av målingene.": " for kvart tiltak, pengane som var sette av og som er brukte, og om ambisjonane er i rute etter ei enkel framskriving av målingane.",
    "Antall tiltak": "Tal på tiltak",
    "Andel": "Del",
    "Satt av er kostnaden per år for tiltakene i handlingsplanen for året (eller i strategien). Brukt er det tiltakene har rapportert brukt i kalenderåret.": "Sett av er kostnaden per år for tiltaka i handlingsplanen for året (eller i strategien). Brukt er det tiltaka har rapportert brukt i kalenderåret.",
    "Satt av": "Sett av",
    "Ambisjoner": "Ambisjonar",
    "). Kilde: ": "). Kjelde: ",
    "Endringer i strategien": "Endringar i strategien",
    "Strategien er ikke endret i ": "Strategien er ikkje endra i ",
    " tiltak. Kostnaden er et overslag per år tiltaket varer; den innarbeides i budsjettet og økonomiplanen ": " tiltak. Kostnaden er eit overslag per år tiltaket varer; han blir innarbeidd i budsjettet og økonomiplanen ",
    "Saksbehandler:": "Saksbehandlar:",
    "Utvalgssaksnr.": "Utvalssaksnr.",
    "Utvalg": "Utval",
    "Saksdokumenter vedlagt": "Saksdokument vedlagde",
    "Øvrige saksdokumenter (ikke vedlagt)": "Andre saksdokument (ikkje vedlagde)",
    "Saksopplysninger": "Saksopplysningar",
    "Økonomiske konsekvenser": "Økonomiske konsekvensar",
    "Vurdering": "Vurdering",
    "Forslag": "Forslag",
    # the annual report's sentences
    "Ikke startet": "Ikkje starta",
    "Ingen statusrapport ennå": "Ingen statusrapport enno",
    "ikke rapportert": "ikkje rapportert",
    "tiltak er i gang eller fullført": "tiltak er i gang eller fullførte",
    "ingen av ambisjonene er målt ennå": "ingen av ambisjonane er målte enno",
    "ambisjonen er ikke målt ennå": "ambisjonen er ikkje målt enno",
    "ambisjoner er i rute": "ambisjonar er i rute",
    "har for få målinger til å vurderes": "har for få målingar til å bli vurderte",
    "er ikke målt ennå": "er ikkje målte enno",
    "ikke målt ennå": "ikkje målt enno",
    "for få målinger": "for få målingar",
    "ikke i rute": "ikkje i rute",
    " var det satt av ": " var det sett av ",
    " til tiltakene, og det er brukt ": " til tiltaka, og det er brukt ",
    " til tiltakene; bruken er ikke rapportert.": " til tiltaka; bruken er ikkje rapportert.",
    "mangler": "manglar",
    "Det finnes ingen målinger ennå.": "Det finst ingen målingar enno.",
    "Det er ikke målt noen verdi etter utgangspunktet": "Det er ikkje målt nokon verdi etter utgangspunktet",
    "To målinger er for få til å si hvor utviklingen går, så verdien i ": "To målingar er for få til å seie kvar utviklinga går, så verdien i ",
    " framskrives ikke ennå.": " blir ikkje framskriven enno.",
    "Fortsetter utviklingen i samme takt,": "Held utviklinga fram i same takt,",
    ", og lenger kan den ikke gå; en rett linje gir derfor ikke noe tall for målåret.": ", og lenger kan han ikkje gå; ei rett linje gir difor ikkje noko tal for målåret.",
    "Målet er høyst": "Målet er høgst",
    "Fra ": "Frå ",
    "har verdien økt med": "har verdien auka med",
    "har verdien sunket med": "har verdien søkk med",
    "Målet er at verdien skal øke.": "Målet er at verdien skal auke.",
    "Målet er at verdien skal synke.": "Målet er at verdien skal søkke.",
    "Målet er at verdien skal holde seg stabil.": "Målet er at verdien skal halde seg stabil.",
    "For få målinger eller ingen målverdi å framskrive mot.": "For få målingar eller ingen målverdi å framskrive mot.",
    "det vurderes ikke med en framskriving": "det blir ikkje vurdert med ei framskriving",
    # the follow-up cases
    " gjennomfører ": " gjennomfører ",
    ". Den behandles sammen med budsjettet for ": ". Han blir handsama saman med budsjettet for ",
    " vedtar handlingsplan ": " vedtek handlingsplan ",
    " slik den foreligger i vedlegg 1.": " slik han ligg føre i vedlegg 1.",
    "Tiltakene innarbeides i budsjettet for ": "Tiltaka blir innarbeidde i budsjettet for ",
    " innenfor de rammene som vedtas der.": " innanfor dei rammene som blir vedtekne der.",
    " er kommunens strategi for perioden.": " er strategien til kommunen for perioden.",
    " Planen ble vedtatt av ": " Planen vart vedteken av ",
    " Tiltakene følges opp i en handlingsplan som rulleres hvert år og behandles sammen med budsjettet. Denne saken legger fram handlingsplanen for ": " Tiltaka blir følgde opp i ein handlingsplan som blir rullert kvart år og handsama saman med budsjettet. Denne saka legg fram handlingsplanen for ",
    ", rullert fra strategiens tiltak.": ", rullert frå tiltaka i strategien.",
    ", rullert fra ": ", rullert frå ",
    " har endret kostnad og ": " har endra kostnad og ",
    " er forskjøvet.": " er forskotne.",
    "Endringer fra ": "Endringar frå ",
    "Ingen endringer": "Ingen endringar",
    "Tiltakene er de samme som året før.": "Tiltaka er dei same som året før.",
    "Tiltakene er de samme som før.": "Tiltaka er dei same som før.",
    " mener handlingsplanen følger opp strategien, og at tiltakene bør prioriteres i budsjettet.": " meiner handlingsplanen følgjer opp strategien, og at tiltaka bør prioriterast i budsjettet.",
    " (vedtatt plan)": " (vedteken plan)",
    " tas til orientering.": " blir teken til orientering.",
    "Planen følges opp med en årsrapport til formannskapet. Rapporten viser status for hvert tiltak per 31. desember ": "Planen blir følgd opp med ein årsrapport til formannskapet. Rapporten viser status for kvart tiltak per 31. desember ",
    ", pengene som var satt av og som er brukt, og om ambisjonene er i rute.": ", pengane som var sette av og som er brukte, og om ambisjonane er i rute.",
    "Satt av og brukt per år ": "Sett av og brukt per år ",
    " etter en enkel framskriving av utviklingen så langt (en rett linje gjennom målingene, når det er minst tre). Framskrivingen er usikker når det er få målinger.": " etter ei enkel framskriving av utviklinga så langt (ei rett linje gjennom målingane, når det er minst tre). Framskrivinga er usikker når det er få målingar.",
    "kostnaden er endret fra ": "kostnaden er endra frå ",
    "start er flyttet fra ": "start er flytta frå ",
    "Ikke avklart": "Ikkje avklart",
    "Behandling i ": "Handsaming i ",
    "Rapportert ": "Rapportert ",
    # chart labels and sources
    "Målte verdier": "Målte verdiar",
    "Kilde: ": "Kjelde: ",
    "Figur: utviklingen for ": "Figur: utviklinga for ",
    "Kilde: ikke oppgitt": "Kjelde: ikkje oppgitt",
    # the attachments: the input attachment, the situation analysis, the invitation letter
    "Vedlegg til saken om ": "Vedlegg til saka om ",
    "Innspillene i dette vedlegget er illustrerende eksempler laget for å vise verktøyet; de er ikke ekte innspill til kommunen.": "Innspela i dette vedlegget er illustrerande døme laga for å vise verktøyet; dei er ikkje ekte innspel til kommunen.",
    "Private personer er ikke navngitt; de står som «Privatperson» med mindre de har samtykket til å bli navngitt. Organisasjoner, bedrifter, offentlige organer og politiske partier er navngitt.": "Private personar er ikkje namngitte; dei står som «Privatperson» med mindre dei har samtykt til å bli namngitte. Organisasjonar, bedrifter, offentlege organ og politiske parti er namngitte.",
    "Oversikt": "Oversikt",
    "Antall innspill": "Tal på innspel",
    "Avsender": "Avsendar",
    "Innspill": "Innspel",
    "innspill": "innspel",
    "Gjelder: ": "Gjeld: ",
    "Endret: ": "Endra: ",
    "Vår dato:": "Vår dato:",
    "Invitasjon til samling om ny ": "Invitasjon til samling om ny ",
    "Formålet med samlingen": "Føremålet med samlinga",
    "Innhold": "Innhald",
    "Praktisk informasjon": "Praktisk informasjon",
    "Påmelding innen ": "Påmelding innan ",
    "Sted: ": "Stad: ",
    "Vi håper å se deg!": "Vi håper å sjå deg!",
    "Med vennlig hilsen": "Med venleg helsing",
    "Kunnskapsgrunnlag for ": "Kunnskapsgrunnlag for ",
    "Merk: Noen av tallene i figurene er en illustrasjon og ikke hentet fra SSB ennå. Figurene er merket «Illustrasjon – oppdater med plan data hent».": "Merk: Nokre av tala i figurane er ein illustrasjon og ikkje henta frå SSB enno. Figurane er merkte «Illustrasjon – oppdater med plan data hent».",
    "Innledning": "Innleiing",
    "Kilder og merknader": "Kjelder og merknader",
    "Illustrasjon: tallene er ikke hentet fra SSB ennå (oppdater med plan data hent).": "Illustrasjon: tala er ikkje henta frå SSB enno (oppdater med plan data hent).",
    "Sist oppdatert av SSB: ": "Sist oppdatert av SSB: ",
    ". Hentet: ": ". Henta: ",
    "Analysen er datert ": "Analysen er datert ",
    ", men tallene er oppdatert senere: statistikken i figurene og tabellene er publisert til og med ": ", men tala er oppdaterte seinare: statistikken i figurane og tabellane er publisert til og med ",
    ". Datoen for hver tabell står ved figuren og under «Kilder og merknader».": ". Datoen for kvar tabell står ved figuren og under «Kjelder og merknader».",
    "Innkomne innspill og merknadsbehandling": "Innkomne innspel og merknadshandsaming",
    "Innspill fra samlingene": "Innspel frå samlingane",
    "Innspill fra nettskjemaet": "Innspel frå nettskjemaet",
    "Innspill på e-post": "Innspel på e-post",
    "Innspill i brev": "Innspel i brev",
    "Innspill i sosiale medier": "Innspel i sosiale medium",
    "Høringsuttalelser": "Høyringsfråsegner",
    "Samlinger": "Samlingar",
    "Sosiale medier": "Sosiale medium",
    "Delvis tatt til følge": "Delvis teke til følgje",
    "Ikke tatt til følge": "Ikkje teke til følgje",
    "Tatt til følge": "Teke til følgje",
    "Tatt til orientering": "Teke til orientering",
    "Ikke behandlet ennå": "Ikkje handsama enno",
    "Ikke vurdert ennå.": "Ikkje vurdert enno.",
    "Vedlegget viser alle ": "Vedlegget viser alle ",
    " innspill som er kommet inn i arbeidet med planen – fra samlinger, nettskjema, e-post, sosiale medier og den offentlige høringen – med administrasjonens vurdering og utfallet for hvert av dem.": " innspel som har kome inn i arbeidet med planen – frå samlingar, nettskjema, e-post, sosiale medium og den offentlege høyringa – med vurderinga til administrasjonen og utfallet for kvart av dei.",
}


def in_målform(value: object, language: str, keep: frozenset[str] = frozenset(), key: str = "") -> object:
    """The generated sentences of a document's data (dicts, lists, strings) in the plan's
    målform (``followup_text``); under the keys in ``keep`` (what the plan's own files say:
    texts, names, comments) nothing is changed. A ``str`` subclass (the documents' Markdown) is
    kept as that type."""
    if language != "nynorsk" or key in keep:
        return value
    if isinstance(value, dict):
        return {k: in_målform(v, language, keep, k) for k, v in value.items()}
    if isinstance(value, list):
        return [in_målform(v, language, keep, key) for v in value]
    if isinstance(value, str):
        return type(value)(followup_text(language, value))
    return value


def followup_text(language: str, text: str) -> str:
    """A sentence of the follow-up documents in the plan's målform."""
    if language != "nynorsk":
        return text
    return _phrases("followup").sub(lambda m: FOLLOWUP_NYNORSK[m.group(0)], text)


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
