"""Norwegian (bokmål) formatting of dates, numbers and names, through Babel's ``nb`` locale.

Used by every writer: the Word documents, the change descriptions and the stage history.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import overload

LOCALE = "nb"
DASH = "–"  # en dash: periods (2020–2028) and «no value»
NBSP = "\u00a0"
MINUS = "\u2212"


LOCALES = {"bokmål": "nb", "nynorsk": "nn"}  # målform → Babel locale


@overload
def format_date(day: dt.date, locale: str = ...) -> str: ...
@overload
def format_date(day: None, locale: str = ...) -> None: ...
def format_date(day: dt.date | None, locale: str = LOCALE) -> str | None:
    """6. februar 2020."""
    from babel.dates import format_date as babel_date  # lazy: Babel and its locale data

    return None if day is None else babel_date(day, "long", locale=locale)


def format_weekday_date(day: dt.date, locale: str = LOCALE) -> str:
    """torsdag 6. februar 2020 (nynorsk: torsdag; tysdag for tirsdag)."""
    from babel.dates import format_date as babel_date  # lazy: Babel and its locale data

    return babel_date(day, "EEEE d. MMMM y", locale=locale)


@overload
def format_short_date(day: dt.date) -> str: ...
@overload
def format_short_date(day: None) -> None: ...
def format_short_date(day: dt.date | None) -> str | None:
    """12.05.2020 (dd.MM.yyyy), as in «Behandling i Formannskapet 12.05.2020» and the stage
    history. Plain digits: no locale needed."""
    return None if day is None else f"{day.day:02d}.{day.month:02d}.{day.year}"


@lru_cache(maxsize=4096, typed=True)  # Babel is slow; plans repeat their numbers
def format_number(value: float, locale: str = LOCALE) -> str:
    """1 250 000 (no-break space between groups), 1,5, 0,0004 (every decimal written, none
    rounded away), −300 (a real minus sign)."""
    from babel.numbers import format_decimal  # lazy: Babel and its locale data

    # float(): a float subclass (numpy's float64, from chart tick labels) has its own repr.
    exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    if not exact.is_finite() or abs(exact) >= 10**24:  # Babel's 28-digit context would fail
        return str(value).replace("-", MINUS)  # plan check refuses such values; never crash here
    return format_decimal(exact, locale=locale, decimal_quantization=False).replace("-", MINUS)


def format_money(amount: int, locale: str = LOCALE) -> str:
    """1 250 000 kr."""
    return f"{format_number(amount, locale)}{NBSP}kr"


def format_period(start: int, end: int) -> str:
    """2020–2028, or 2021 when the period is one year."""
    return str(start) if start == end else f"{start}{DASH}{end}"


NUMBER_WORDS = ("ingen", "", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve", "tolv")
ONE = {("bokmål", "m"): "én", ("bokmål", "f"): "én", ("bokmål", "n"): "ett"}
ONE |= {("nynorsk", "m"): "éin", ("nynorsk", "f"): "éi", ("nynorsk", "n"): "eitt"}


def count_words(n: int, singular: str, plural: str, gender: str = "m", language: str = "bokmål") -> str:
    """A count in running text, small numbers in words: «ingen samlinger», «én høringsuttalelse»,
    «to samlinger», «ett nytt tiltak» (gender «n»), «éi samling» in nynorsk (gender «f»), «14
    innspill»."""
    if n == 1:
        return f"{ONE[(language if language == 'nynorsk' else 'bokmål', gender)]} {singular}"
    if 0 <= n < len(NUMBER_WORDS):
        return f"{NUMBER_WORDS[n]} {plural}"
    return f"{format_number(n)} {plural}"


def join_words(words: Sequence[str], conjunction: str = "og") -> str:
    """«A», «A og B», «A, B og C»."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def genitive(name: str) -> str:
    """Formannskapet → Formannskapets; a name ending in s, x or z gets an apostrophe."""
    return name + ("'" if name[-1:].lower() in ("s", "x", "z") else "s")


def slug(text: str) -> str:
    """ASCII file-name form: «Næringsplan for Ås» → «naeringsplan-for-as»."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
