"""Numbers written by people: one rule for every number field of the plan.

The YAML reader (``yamlsafe``) keeps every scalar as the text the person wrote, so the rule
below sees exactly what was written, never a value YAML already guessed at.

The rule (documented in the README):

* digits may be grouped in threes with a space, a no-break space (U+00A0), a narrow no-break
  space (U+202F) or a thin space (U+2009): «35 000», «1 250 000»;
* the decimal sign is a comma (the Norwegian way) or a point: «2,5» and 2.5 are the same number,
  «1,125» is 1.125;
* a point followed by exactly three digits after a whole part that is not 0 («35.000», «1.880»,
  «1.250.000») could be the informal Norwegian thousands separator or a decimal point: it is
  refused with a located error that shows both ways to write what was meant;
* a whole-number field (an amount in kroner) takes no decimal sign at all («35,000» and «35.0»
  are refused, never read as 35), and ``true``/``false`` are never numbers;
* values are limited (at most 15 significant digits, magnitude below 10^15), so nothing is
  rounded away when stored or printed and no sum grows too large to print.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pydantic_core import PydanticCustomError

GROUP_SPACES = " \u00a0\u202f\u2009"
LIMIT = 10**15  # largest magnitude (exclusive) of any value
MAX_DIGITS = 15  # significant digits a float keeps exactly
SUM_LIMIT = 10**18  # largest sum of amounts (exclusive); far below what Babel can print (10^25)
_GROUPED = re.compile(rf"[+-]?[0-9]{{1,3}}(?:[{GROUP_SPACES}][0-9]{{3}})+(?:[.,][0-9]+)?")
_PLAIN = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_AMBIGUOUS = re.compile(r"[+-]?([1-9][0-9]{0,2})(\.)([0-9]{3})((?:\.[0-9]{3})*)")
_GROUP_LIKE = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:[.,][0-9]{3})+")


def _error(message: str, **ctx: object) -> PydanticCustomError:
    return PydanticCustomError("number_written", message, ctx)


def read_decimal(value: object) -> Decimal:
    """The number a person wrote, exactly, or a PydanticCustomError with the fix."""
    if isinstance(value, bool) or value is None:
        raise _error(
            "forventet et tall, ikke true/false (skriv tallet, f.eks. 35000)"
            if value is not None
            else "forventet et tall"
        )
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _error("forventet et tall")
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = _parse_text(value.strip())
    else:
        raise _error("forventet et tall")
    if not number.is_finite():
        raise _error("forventet et tall")
    if abs(number) >= LIMIT:
        raise _error("tallet er for stort (høyst 15 sifre før komma)")
    digits = number.normalize().as_tuple()
    if len(digits.digits) > MAX_DIGITS and number != 0:
        raise _error(
            "tallet har for mange sifre (høyst 15 gjeldende sifre); rund av selv, så blir ingenting rundet bort i stillhet"
        )
    return number


def _parse_text(text: str) -> Decimal:
    match = _AMBIGUOUS.fullmatch(text)
    if match:
        whole, sep, first, rest = match.groups()
        grouped = whole + " " + first + rest.replace(sep, " ")
        decimal = whole + "," + first if not rest else None
        hint = f"«{grouped}» (mellomrom mellom tusener)"
        if decimal:
            hint += f" eller «{decimal}» (komma som desimaltegn)"
        raise _error(
            "tvetydig tall: «{text}» kan være tusenskille eller desimaltegn; skriv {hint}",
            text=text,
            hint=hint,
        )
    if _GROUPED.fullmatch(text):
        text = re.sub(f"[{GROUP_SPACES}]", "", text)
    elif not _PLAIN.fullmatch(text):
        raise _error("forventet et tall (f.eks. 35000, «35 000» eller «2,5»), fikk «{text}»", text=text[:40])
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the patterns only let numbers through
        raise _error("forventet et tall") from None


def read_whole(value: object) -> int:
    """A whole number (kroner): the rule above, and no decimal sign."""
    text = value.strip() if isinstance(value, str) else None
    if text is not None and _GROUP_LIKE.fullmatch(text):
        grouped = re.sub("[.,]", " ", text)
        raise _error(
            "tvetydig beløp: «{text}» kan leses som et desimaltall; skriv «{grouped}» (hele kroner, mellomrom mellom tusener)",
            text=text,
            grouped=grouped,
        )
    number = read_decimal(value)
    if text is not None and ("," in text or "." in text):
        raise _error("forventet et heltall (hele kroner, uten desimaler)")
    if number != number.to_integral_value():
        raise _error("forventet et heltall (hele kroner, uten desimaler)")
    return int(number)


def read_float(value: object) -> float:
    """A decimal value (an indicator's measurement) as a float that prints back exactly."""
    return float(read_decimal(value))
