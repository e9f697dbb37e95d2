"""Validation of an arkivmelding against KS's Fiks Arkiv v1 schema, shipped in ``schema/``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
MESSAGE_SCHEMA = SCHEMA_DIR / "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"


@cache
def schema() -> Any:
    """The compiled schema (xmlschema, imported here only: about a second to build)."""
    import xmlschema  # lazy: xmlschema, about a second to build the schema

    return xmlschema.XMLSchema(str(MESSAGE_SCHEMA))


def problems(xml: bytes) -> list[str]:
    """What is wrong with ``xml`` by the schema, one line each (empty: valid)."""
    from lxml import etree  # lazy: lxml, only when a message is validated

    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [f"ikke gyldig XML: {exc}"]
    out = []
    for error in schema().iter_errors(document):
        where = error.path or "/"
        out.append(f"{where}: {error.reason or error.message}")
    return out
