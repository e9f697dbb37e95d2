"""JSON Schema of the plan files, for editors (yaml-language-server)."""

from __future__ import annotations

from workflow.plan.model import Case, FocusArea, Plan, Process
from workflow.plan.participation import Submission, Workshops
from workflow.plan.situation import Situation

_MODELS = {
    "plan": Plan, "satsingsomrade": FocusArea, "sak": Case, "prosess": Process,
    "samlinger": Workshops, "innspill": Submission,  # plan/samlinger.yaml, plan/innspill/*.yaml
    "staastedsanalyse": Situation,  # plan/staastedsanalyse.yaml
}


def json_schema(part: str) -> dict:
    schema = _MODELS[part].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    if part == "plan":
        # An entry of satsingsområder may also be the path of a file holding one focus area.
        prop = schema["properties"]["satsingsområder"]
        prop["items"] = {"anyOf": [prop["items"], {"type": "string", "pattern": r"\.ya?ml$"}]}
    return schema
