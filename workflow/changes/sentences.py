"""Norwegian sentences for changes: shared by the diff writers and the case document.

``case_sections(changes, a, b)`` gives the section «Endringer siden forrige behandling» of the
saksframlegg: ``[{"område": name, "linjer": [sentence, …]}, …]``, plan-wide changes first,
then one entry per focus area with its cost consequences.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from workflow.text.markdown import plain
from workflow.text.norwegian import format_money, format_number
from workflow.changes.compare import (
    ADDED,
    AREA,
    CHANGED,
    MOVED,
    PLAN,
    REMOVED,
    REORDERED,
    TYPES,
    Change,
    Side,
    area_of,
)

if TYPE_CHECKING:
    from workflow.plan.model import Plan

KIND_LABEL = {ADDED: "Lagt til", REMOVED: "Fjernet", CHANGED: "Endret", MOVED: "Flyttet", REORDERED: "Ny rekkefølge"}
PLURAL = {
    PLAN: "planfelt",
    AREA: "satsingsområder",
    "mål": "mål",
    "ambisjon": "ambisjoner",
    "strategi": "strategier",
    "tiltak": "tiltak",
}
# The field, as a noun in definite form, for sentences: «kostnaden er endret …».
FIELD_NOUN = {
    "tekst": "teksten",
    "navn": "navnet",
    "beskrivelse": "beskrivelsen",
    "ansvar": "ansvaret",
    "samarbeidspartnere": "samarbeidspartnerne",
    "fra": "startåret",
    "til": "sluttåret",
    "kostnad": "kostnaden",
    "finansiering": "finansieringen",
    "status": "statusen",
    "indikator": "indikatoren",
    "enhet": "enheten",
    "utgangspunkt": "utgangspunktet",
    "målverdi": "målverdien",
    "kilde": "kilden",
    "datapunkter": "datapunktene",
    "tittel": "tittelen",
    "visjon": "visjonen",
    "sammendrag": "sammendraget",
    "bakgrunn": "bakgrunnen",
    "ståsted": "ståstedsbeskrivelsen",
    "periode": "planperioden",
    "kommune": "kommuneopplysningene",
    "plantype": "plantypen",
    "forrige_plan": "opplysningene om forrige plan",
}
# The field, as a committee member reads its name in a list («kostnad per år: 60 000 kr → …»).
FIELD_LABEL = {
    "fra": "startår",
    "til": "sluttår",
    "kostnad": "kostnad per år",
    "forrige_plan": "forrige plan",
    "ståsted": "ståsted",
    "datapunkter": "datapunkter",
    "plantype": "plantype",
    "periode": "planperiode",
    "kommune": "kommuneopplysninger",
    "samarbeidspartnere": "samarbeidspartnere",
    "strategier": "strategier",
}
NEW = {AREA: "Nytt", "mål": "Nytt", "ambisjon": "Ny", "strategi": "Ny", "tiltak": "Nytt"}
MAX_QUOTE = 300
# The fixed words above (and of the diff's summary and the redline's summary page) in nynorsk,
# looked up whole, never substituted inside a text: the web site's «Endringar» pages and the
# Word redline of a nynorsk plan.
NYNORSK_WORDS = {
    "Endringer i planen fra": "Endringar i planen frå",
    "Endringene er markert som sporede endringer i planen som følger, og kan godtas eller forkastes i Word "
    "eller LibreOffice.": "Endringane er markerte som spora endringar i planen som følgjer, og kan godtakast "
    "eller forkastast i Word eller LibreOffice.",
    "Denne siden er ikke en del av planen.": "Denne sida er ikkje ein del av planen.",
    "Fjernet": "Fjerna",
    "Endret": "Endra",
    "Flyttet": "Flytta",
    "Ny rekkefølge": "Ny rekkjefølgje",
    "satsingsområder": "satsingsområde",
    "ambisjoner": "ambisjonar",
    "strategier": "strategiar",
    "forrige plan": "førre plan",
    "ståsted": "ståstad",
    "datapunkter": "datapunkt",
    "kommuneopplysninger": "kommuneopplysningar",
    "samarbeidspartnere": "samarbeidspartnarar",
    "navn": "namn",
    "beskrivelse": "skildring",
    "enhet": "eining",
    "kilde": "kjelde",
    "sammendrag": "samandrag",
    "fra": "frå",
    "Sammendrag": "Samandrag",
    "Ingen endringer.": "Ingen endringar.",
    "Antall": "Tal",
    "Hva": "Kva",
    "innspill": "innspel",
}


def in_language(language: str, word: str) -> str:
    """One fixed word of the diff in the plan's målform."""
    return NYNORSK_WORDS.get(word, word) if language == "nynorsk" else word


# --- numbers and values -----------------------------------------------------------------


def signed(n: int) -> str:
    return ("+" if n > 0 else "") + format_number(n)


def show(field: str | None, value: object) -> str:
    """A field value as a committee member reads it."""
    if value is None or value == [] or value == "":
        return "(tomt)"
    if field == "kostnad" and isinstance(value, int):
        return format_money(value)
    if isinstance(value, dict):
        if set(value) >= {"verdi", "år"}:
            return f"{format_number(value['verdi'])} ({value['år']})"
        if set(value) >= {"fra", "til"} and len(value) == 2:
            return f"{value['fra']}–{value['til']}"
        return ", ".join(show(k, v) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return ", ".join(show(field, v) for v in value)
    return str(value)


def side_words(side: Side) -> str:
    """A side of a comparison in words, or its revision when no words are known."""
    return side.words or side_label(side)


def side_label(side: Side) -> str:
    if side.commit is None:
        return side.revision
    if side.revision == side.commit:
        return side.commit[:10]
    return f"{side.revision} ({side.commit[:7]})"


# --- one change, one line -----------------------------------------------------------------


def _what(change: Change, labels: dict[str, str] | None = None) -> str:
    if change.type == PLAN:
        return "planen"
    label = (labels or {}).get(change.id or "")
    return f"{change.type} {change.id}" + (f" «{label}»" if label else "")


def field_label(field: str | None, language: str = "bokmål") -> str:
    """A field's name in Norwegian words: «startår», not the YAML key «fra»."""
    return in_language(language, FIELD_LABEL.get(field or "", field or ""))


def item_labels(*plans: Plan, ids: Collection[str | None] | None = None, limit: int = 60) -> dict[str, str]:
    """id → the item's text (or name), as reading text shortened at a word boundary: each
    changed item is named by its id and its words. Later plans win. ``ids``: only these (the
    changed items; reading every item's Markdown costs time in a large plan)."""
    labels: dict[str, str] = {}
    for plan in plans:
        for _, item, _ in plan.items():
            if ids is not None and item.id not in ids:
                continue
            text = getattr(item, "text", None) or getattr(item, "name", None) or getattr(item, "indicator", None)
            if text:
                labels[item.id] = quote(text, limit)
    return labels


def item_line(change: Change, labels: dict[str, str] | None = None, language: str = "bokmål") -> str:
    """The line naming an item: «Endret tiltak T1.3 «Etablere et næringsforum …»» for changed
    fields (each field follows on its own line, ``field_line``), else the whole description."""
    if change.kind == CHANGED:
        return f"{in_language(language, 'Endret')} {_what(change, labels)}"
    if change.kind in (ADDED, REMOVED):
        return describe(change, language=language) + value_suffix(change)
    return describe(change, labels, language) + value_suffix(change)


def field_line(change: Change, language: str = "bokmål") -> str:
    """One changed field under its item: «kostnad per år: 60 000 kr → 80 000 kr», «tekst:»."""
    if is_text_change(change):
        return f"{field_label(change.field, language)}:"
    return f"{field_label(change.field, language)}:{value_suffix(change)}"


def describe(change: Change, labels: dict[str, str] | None = None, language: str = "bokmål") -> str:
    """«Lagt til tiltak T1.7», «Endret mål M2.1: tekst», «Flyttet tiltak T1.3 fra SO1 til SO2»
    (``language`` «nynorsk»: «Endra mål M2.1: tekst», «Flytta tiltak T1.3 frå SO1 til SO2»)."""
    what = _what(change, labels)

    def word(text: str) -> str:
        return in_language(language, text)

    if change.kind == CHANGED:
        return f"{word('Endret')} {what}: {field_label(change.field, language)}"
    if change.kind == MOVED:
        if change.field == AREA:
            return f"{word('Flyttet')} {what} {word('fra')} {change.old} til {change.new}"
        field = word(change.field or "")
        return f"{word('Flyttet')} {what} til andre {field}: {show(None, change.old)} → {show(None, change.new)}"
    if change.kind == REORDERED:
        if change.field:
            field = word(change.field)
            return f"{word('Ny rekkefølge')} på {field} for {what}: {show(None, change.old)} → {show(None, change.new)}"
        return f"Ny plass for {what}: nr. {change.old} → nr. {change.new}"
    return f"{word(KIND_LABEL[change.kind])} {what}"


def is_text_change(change: Change) -> bool:
    """True when the change is best shown as a word diff under its line."""
    if change.kind != CHANGED or change.words is None:
        return False
    old, new = change.old or "", change.new or ""
    return len(old) + len(new) > 80 or "\n" in old + new


def item_text(data: dict | None) -> str:
    if not data:
        return ""
    for key in ("tekst", "navn", "indikator"):
        if data.get(key):
            return quote(data[key], 120)
    return ""


def value_suffix(change: Change) -> str:
    """What follows the description on the same line."""
    if change.kind in (ADDED, REMOVED):
        data = change.new if change.kind == ADDED else change.old
        text = item_text(data)
        extra = measure_cost(data) if change.type == "tiltak" else ""
        return (f": {text}" if text else "") + (f" ({extra})" if extra else "")
    if change.kind == CHANGED and not is_text_change(change):
        return f" {_quoted(change.field, change.old)} → {_quoted(change.field, change.new)}"
    return ""


def _quoted(field: str | None, value: object) -> str:
    return f"«{quote(value)}»" if isinstance(value, str) and value else show(field, value)


def measure_cost(data: dict) -> str:
    cost = data.get("kostnad") or 0
    if not cost:
        return ""
    return f"{format_money(cost)} per år i {data.get('fra')}–{data.get('til')}"


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """Markdown as one line of reading text (``text.markdown.plain``), shortened at a word
    boundary with «…» when longer than ``limit``."""
    text = plain(str(text), one_line=True)
    return shorten(text, limit)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with «…»; never in
    the middle of a word (a single word longer than the limit is cut)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + "…"


# --- the summary --------------------------------------------------------------------------


def count_rows(summary: dict, language: str = "bokmål") -> list[tuple[str, int, str]]:
    rows = []
    for kind, per_type in summary["counts"].items():
        what = ", ".join(f"{n} {t if n == 1 else in_language(language, PLURAL[t])}" for t, n in per_type.items())
        rows.append((in_language(language, KIND_LABEL[kind]), sum(per_type.values()), what))
    return rows


def cost_rows(summary: dict) -> list[list[str]] | None:
    """[år, før, etter, endring] per year and a sum row; None when no year changed."""
    cost = summary["cost"]
    if not any(r["delta"] for r in cost["per_year"]):
        return None
    rows = [
        [str(r["year"]), format_number(r["old"]), format_number(r["new"]), signed(r["delta"])] for r in cost["per_year"]
    ]
    rows.append(["Sum", format_number(cost["old"]), format_number(cost["new"]), signed(cost["delta"])])
    return rows


def cost_unchanged(summary: dict, language: str = "bokmål") -> str:
    if language == "nynorsk":
        return f"Uendra ({format_money(summary['cost']['new'])} i alt for tiltaka)."
    return f"Uendret ({format_money(summary['cost']['new'])} i alt for tiltakene)."


def summary_lines(summary: dict) -> list[str]:
    n = summary["total"]
    if not n:
        lines = ["Sammendrag: ingen endringer."]
    else:
        lines = [f"Sammendrag: {n} {'endring' if n == 1 else 'endringer'}"]
        for kind, count, what in count_rows(summary):
            lines.append(f"  {kind + ':':<15}{count:>4}   {what}")
    rows = cost_rows(summary)
    if rows is None:
        lines.append(f"Kostnad per år: {cost_unchanged(summary).lower()}")
        return lines
    lines.append("Kostnad per år (kr):")
    table = [["År", "Før", "Etter", "Endring"], *rows]
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    for row in table:
        lines.append(
            "  " + row[0].ljust(widths[0]) + "".join("   " + c.rjust(wd) for c, wd in zip(row[1:], widths[1:]))
        )
    return lines


# --- the case document --------------------------------------------------------------------


def _year_spans(deltas: dict[int, int]) -> str:
    """{2021: 5, 2022: 5, 2023: -2} → «+5 kr per år i 2021–2022, −2 kr i 2023»."""
    spans: list[list] = []
    for year in sorted(deltas):
        d = deltas[year]
        if spans and spans[-1][1] == year - 1 and spans[-1][2] == d:
            spans[-1][1] = year
        else:
            spans.append([year, year, d])
    parts = []
    for start, end, d in spans:
        if not d:
            continue
        when = f"i {start}" if start == end else f"per år i {start}–{end}"
        parts.append(f"{signed(d)} kr {when}")
    return ", ".join(parts)


def _area_costs(plan: Plan, area_id: str) -> dict[int, int]:
    return plan.costs_per_year(area_id)


def _cost_line(old: dict[int, int], new: dict[int, int], label: str) -> str | None:
    deltas = {y: new.get(y, 0) - old.get(y, 0) for y in set(old) | set(new)}
    if not any(deltas.values()):
        return None
    total = sum(deltas.values())
    return f"{label}: {_year_spans(deltas)}; {signed(total)} kr i alt."


def _sentence(text: str) -> str:
    """End with a full stop unless the text (or the quote it ends with) already does."""
    core = text.rstrip("»")
    return text if core.endswith((".", "!", "?", "…")) else text + "."


def case_line(
    change: Change, names: dict[str, str], labels: dict[str, str] | None = None, *, unquoted: bool = False
) -> str | None:
    """One readable sentence for the case document (None for changes said elsewhere). A changed
    or moved item is named by its id and its words («Tiltak T3.9 «Bredbånd til …»»).
    ``unquoted``: a short value as versions before 2026-12-07 wrote it, without quotes (the
    sentences a tag recorded then, see ``app/amendments.verify_amendments``)."""
    what = "Planen" if change.type == PLAN else f"{change.type.capitalize()} {change.id}"
    label = (labels or {}).get(change.id or "") if change.kind in (CHANGED, MOVED) else None
    if label:
        what += f" «{label}»"
    if change.kind == ADDED:
        if change.type == AREA:
            return f"Nytt satsingsområde: «{quote(change.new.get('navn', ''))}»."
        cost = measure_cost(change.new) if change.type == "tiltak" else ""
        return _sentence(f"{NEW[change.type]} {change.type} {change.id}: {item_text(change.new)}") + (
            f" Kostnad {cost}." if cost else ""
        )
    if change.kind == REMOVED:
        if change.type == AREA:
            return f"Satsingsområdet «{quote(change.old.get('navn', ''))}» er tatt ut av planen."
        cost = measure_cost(change.old) if change.type == "tiltak" else ""
        return _sentence(f"{what} er tatt ut: {item_text(change.old)}") + (f" Kostnaden var {cost}." if cost else "")
    if change.kind == MOVED:
        if change.field == AREA:
            return f"{what} er flyttet hit fra satsingsområdet «{names.get(change.old, change.old)}»."
        verb = "tjener nå målene" if change.field == "mål" else "følger nå strategiene"
        return f"{what} {verb} {show(None, change.new)} (før: {show(None, change.old)})."
    if change.kind == REORDERED:
        return None
    noun = FIELD_NOUN.get(change.field, change.field)  # type: ignore[arg-type]
    if isinstance(change.new, str) and len(change.new) > 60:
        if len(change.new) > MAX_QUOTE:
            return f"{what}: {noun} er endret."
        return _sentence(f"{what}: {noun} er endret til «{quote(change.new)}»")
    if unquoted:
        old, new = quote(show(change.field, change.old), 80), quote(show(change.field, change.new), 80)
        return f"{what}: {noun} er endret fra {old} til {new}."
    old, new = _case_value(change.field, change.old), _case_value(change.field, change.new)
    return _sentence(f"{what}: {noun} er endret fra {old} til {new}")


# The fields that hold the plan's sentences and names: a short one is quoted in a case
# sentence as a long one is («… er endret til «…»»).
PROSE_FIELDS = frozenset(
    ("tekst", "navn", "beskrivelse", "indikator", "tittel", "visjon", "sammendrag", "bakgrunn", "ståsted")
)


def _case_value(field: str | None, value: object) -> str:
    """A short value in a case sentence: a sentence or name of the plan («Etablere et
    næringsforum.») in quotes, so it reads apart from the sentence and is never taken for its
    words; any other value (a responsible unit, a status, an amount, a list) as it reads."""
    if field in PROSE_FIELDS and isinstance(value, str) and value:
        return f"«{quote(value, 80)}»"
    return quote(show(field, value), 80)


def case_sections(changes: list[Change], a: Plan, b: Plan, *, unquoted: bool = False) -> list[dict]:
    """The changes as a readable list per focus area, with cost consequences (``unquoted``: see
    ``case_line``)."""
    names = {x.id: x.name for x in a.focus_areas}
    names.update({x.id: x.name for x in b.focus_areas})
    order = [x.id for x in b.focus_areas] + [x.id for x in a.focus_areas if x.id not in {y.id for y in b.focus_areas}]
    grouped: dict[str | None, list[Change]] = {}
    for change in changes:
        grouped.setdefault(area_of(change), []).append(change)
    sections = []
    labels = item_labels(a, b, ids={c.id for c in changes if c.kind in (CHANGED, MOVED)})
    general = [line for c in grouped.get(None, []) if (line := case_line(c, names, labels, unquoted=unquoted))]
    costs = {i: (_area_costs(a, i), _area_costs(b, i)) for i in order}
    changed_areas = [i for i in order if costs[i][0] != costs[i][1]]
    if len(changed_areas) > 1:
        total = _cost_line(a.costs_per_year(), b.costs_per_year(), "Samlet kostnadsendring for tiltakene")
        if total:
            general.append(total)
    if general:
        sections.append({"område": "Planen som helhet", "linjer": general})
    for area_id in order:
        mine = grouped.get(area_id, [])
        lines = [line for c in mine if (line := case_line(c, names, labels, unquoted=unquoted))]
        for type_ in TYPES:
            moved = [c.id for c in mine if c.kind == REORDERED and c.type == type_ and not c.field]
            if moved:
                lines.append(f"Ny rekkefølge på {PLURAL[type_]}: {', '.join(moved)}.")  # type: ignore[arg-type]
        cost = _cost_line(*costs[area_id], "Kostnadsendring")
        if cost:
            lines.append(cost)
        if lines:
            sections.append({"område": names.get(area_id, area_id), "linjer": lines})
    return sections
