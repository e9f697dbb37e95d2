"""JSON Schema of the plan files, for editors (yaml-language-server)."""

from __future__ import annotations

from pydantic import BaseModel, TypeAdapter

from workflow.plan.followup import ActionPlan, IndicatorValue, StatusEntry
from workflow.plan.model import FOCUS_KEY, Case, FocusArea, Plan, Process, Proposal
from workflow.plan.participation import Submission, Workshops
from workflow.plan.situation import Situation

_MODELS: dict[str, type[BaseModel]] = {
    "plan": Plan,
    "satsingsomrade": FocusArea,
    "sak": Case,
    "prosess": Process,
    "samlinger": Workshops,
    "innspill": Submission,  # plan/samlinger.yaml, plan/innspill/*.yaml
    "staastedsanalyse": Situation,  # plan/staastedsanalyse.yaml
    "forslag": Proposal,  # a proposal made in a meeting (plan forslag vis, plan advance --forslag-fil)
    "handlingsplan": ActionPlan,
}
# parts whose file is a YAML list of items
_LISTS: dict[str, type] = {"status": StatusEntry, "malinger": IndicatorValue}


def json_schema(part: str) -> dict:
    if part in _LISTS:
        item: type = _LISTS[part]
        schema = TypeAdapter(list[item]).json_schema(by_alias=True)  # type: ignore[valid-type]
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        return schema
    schema = _MODELS[part].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    if part == "plan":
        # An entry of satsingsområder may also be the path of a file holding one focus area.
        prop = schema["properties"][FOCUS_KEY]
        prop["items"] = {"anyOf": [prop["items"], {"type": "string", "pattern": r"\.ya?ml$"}]}
    return schema
