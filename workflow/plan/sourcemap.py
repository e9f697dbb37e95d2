"""Where each part of the plan's data came from, and pydantic's errors as Norwegian problems
located there (file:line:col).

The loader (``load.py``) and the follow-up reader (``followup.py``) both locate problems with
these; keeping them here lets ``load.py`` import ``followup.py`` and not the other way round.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import BaseModel

from workflow.errors import Problem
from workflow.plan.parts import NOT_BLANK
from workflow.plan.source import PLAN_DIR
from workflow.plan.yamlsafe import ParsedFile, Path

PLAN_FILE = f"{PLAN_DIR}/plan.yaml"


class SourceMap:
    """Where each part of the combined data came from: path → (file, line, column)."""

    def __init__(self) -> None:
        self.values: dict[Path, tuple[str, int, int]] = {}
        self.keys: dict[Path, tuple[str, int, int]] = {}
        self.broken: set[Path] = set()  # values the parser dropped (and reported)
        self.texts: list[tuple[Path, str, ParsedFile]] = []  # (prefix, file, parsed) of every file added

    def add(self, prefix: Path, file: str, parsed: ParsedFile) -> None:
        self.texts.append((prefix, file, parsed))
        self.broken.update(prefix + path for path in parsed.broken)
        for path, (line, col) in parsed.values.items():
            self.values[prefix + path] = (file, line, col)
        for path, (line, col) in parsed.keys.items():
            self.keys[prefix + path] = (file, line, col)

    def locate(self, path: Path, key: bool = False) -> tuple[str, int, int]:
        table = self.keys if key else self.values
        if key and path in table:
            return table[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (PLAN_FILE, 0, 0)

    def problem(self, path: Path, message: str, *, key: bool = False, warning: bool = False) -> Problem:
        file, line, col = self.locate(path, key)
        return Problem(file, line, col, message, warning)


class ParseFile(Protocol):
    """The loader's reader of one plan file: parses it, records its bytes for the digest and its
    problems; None when the file does not exist (a problem too when it is ``required``)."""

    def __call__(self, file: str, required: bool) -> ParsedFile | None: ...


_MESSAGES = {
    "string_type": "forventet tekst",
    "int_parsing": "forventet et heltall",
    "int_type": "forventet et heltall",
    "int_from_float": "forventet et heltall",
    "float_parsing": "forventet et tall",
    "float_type": "forventet et tall",
    "bool_type": "forventet true eller false",
    "bool_parsing": "forventet true eller false",
    "list_type": "forventet en liste (linjer som starter med «- »)",
    "tuple_type": "forventet en liste (linjer som starter med «- »)",
    "model_type": "forventet felter (nøkkel: verdi)",
    "model_attributes_type": "forventet felter (nøkkel: verdi)",
    "dict_type": "forventet felter (nøkkel: verdi)",
    "date_from_datetime_parsing": "forventet en dato på formen ÅÅÅÅ-MM-DD",
    "date_parsing": "forventet en dato på formen ÅÅÅÅ-MM-DD",
    "date_type": "forventet en dato på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "forventet en dato på formen ÅÅÅÅ-MM-DD",
    "finite_number": "forventet et tall",
    "string_too_short": "kan ikke være tom",
    "too_short": "kan ikke være tom",
}


def problem_from(model: type[BaseModel], error: Mapping[str, Any], source_map: SourceMap) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return source_map.problem(loc[:-1], f"mangler feltet «{loc[-1]}»")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        message = f"ukjent felt «{loc[-1]}»"
        if hint:
            message += f" – mente du «{hint[0]}»?"
        elif allowed:
            message += " (tillatt: " + ", ".join(allowed) + ")"
        return source_map.problem(loc, message, key=True)
    if kind in ("greater_than_equal", "greater_than"):
        message = f"må være minst {ctx.get('ge', ctx.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        message = f"kan være høyst {ctx.get('le', ctx.get('lt'))}"
    elif kind in ("literal_error", "enum"):
        choices = re.sub(r"'\s+or\s+'", "', '", str(ctx.get("expected", "")))
        message = "må være en av: " + choices.replace("'", "")
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == NOT_BLANK:
        message = "kan ikke være tom"
        value = None
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(loc)
    else:
        message = _MESSAGES.get(kind) or _fallback_message(kind, error)
    if isinstance(value, bool) and kind == "string_type":
        message += " (sett verdien i anførselstegn)"
    elif isinstance(value, str) and kind not in ("string_too_short", "number_written"):
        shown = value if len(value) <= 40 else value[:37] + "…"
        message += f", fikk «{shown}»"
        if kind == "float_parsing" and "," in value:
            message += " (bruk punktum som desimaltegn)"
    elif value is None and kind in _MESSAGES:
        message = "mangler verdi, " + message
    return source_map.problem(loc, message)


# The error types the plan's own validators raise with a Norwegian text (PydanticCustomError in
# plan/model.py and plan/numbers.py); any other unknown type may carry pydantic's English.
OWN_ERROR_TYPES = frozenset({"number_written", "value_rule"})


def _fallback_message(kind: str, error: Mapping[str, Any]) -> str:
    """Norwegian for the pydantic errors not listed: a validator's own (Norwegian) text without
    pydantic's English prefix, else a plain description; never pydantic's English."""
    msg = str(error.get("msg", ""))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    if kind in OWN_ERROR_TYPES:  # the model's own PydanticCustomError: Norwegian text
        return msg
    ctx = error.get("ctx") or {}
    if kind in ("string_too_long", "too_long"):
        return (
            f"er for lang (høyst {ctx.get('max_length', '?')} {'tegn' if kind == 'string_too_long' else 'elementer'})"
        )
    if kind in ("literal_error", "enum"):
        return "må være en av: " + str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
    if kind.startswith(("int_", "float_", "decimal_")):
        return "forventet et tall"
    if kind.startswith("date"):
        return "forventet en dato på formen ÅÅÅÅ-MM-DD"
    return "ugyldig verdi"


def _pattern_message(loc: Path) -> str:
    if "nummer" in loc:
        return 'kommunenummer skal være fire sifre i anførselstegn, f.eks. "3430"'
    if "organer" in loc:
        return "id for et organ kan bare ha små bokstaver a–z, tall og bindestrek"
    return "en id må starte med en bokstav og kan bare ha bokstaver, tall, punktum, bindestrek og understrek"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The YAML keys allowed at ``loc`` inside ``model``."""
    current: object = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        match = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        if match is None:
            return []
        current = match.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(tp: object) -> object:
    """tuple[X, ...], X | None, Annotated[X, ...] → X."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (tuple, list):
            tp = typing.get_args(tp)[0]
        elif origin is not None and type(None) in typing.get_args(tp):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        else:
            return tp
