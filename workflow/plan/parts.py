"""The base of every part of the plan's models, and the field types they share (ids, texts,
Markdown, dates): in a module of its own so that the process's models (``processmodel.py``)
need not build the plan's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå0-9._-]{0,39}$",
        description="Stabil id, unik i hele planen, f.eks. T1.3. Endres aldri når teksten endres.",
    ),
]
NOT_BLANK = r"\S"  # at least one character that is not white space
Text = Annotated[str, Field(min_length=1, pattern=NOT_BLANK, description="Kort tekst")]
Markdown = Annotated[
    str,
    Field(
        min_length=1,
        pattern=NOT_BLANK,
        description="Tekst med enkel Markdown: avsnitt, punktlister, **fet**, *kursiv*, [lenke](url)",
    ),
]
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: object) -> dt.date | str:
    """Only ÅÅÅÅ-MM-DD (or a date): pydantic would read a number as seconds since 1970."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # pydantic checks that the day exists
    raise PydanticCustomError("date_parsing", "expected a date YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]


class Part(BaseModel):
    """Base of every part: immutable, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)
