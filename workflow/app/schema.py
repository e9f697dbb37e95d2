"""``plan schema`` as a use case: the JSON Schema of one of the plan files, for an editor."""

from __future__ import annotations

from typing import Any

from workflow.archive.config import ArchiveConfig
from workflow.errors import WorkflowError
from workflow.plan.schema import json_schema

ARCHIVE = "arkiv"  # plan/arkiv.yaml: the kommune's settings for plan arkiv, modelled in the archive room


def schema(part: str = "plan") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``part``: plan, satsingsomrade, sak, prosess,
    samlinger, innspill, staastedsanalyse, forslag, handlingsplan, status, malinger or arkiv."""
    if part == ARCHIVE:
        found = ArchiveConfig.model_json_schema(by_alias=True)
        found["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        return found
    try:
        return json_schema(part)
    except KeyError:
        raise WorkflowError(f"ukjent planfil «{part}» for plan schema") from None
