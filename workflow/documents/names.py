"""The names of the council documents and of their templates: shared by the builders in this
room (``build.py``, ``situation.py``) and by the rooms above, which name their own documents
after the plan document.
"""

from __future__ import annotations

from workflow.plan.model import Plan
from workflow.text.norwegian import slug

PLAN_TEMPLATE = "plan.docx"
CASE_TEMPLATE = "saksframlegg.docx"
MAX_STEM = 80  # file systems allow 255 bytes per name; keep names readable


def document_names(plan: Plan) -> tuple[str, str]:
    """(plan document, saksframlegg) file names, e.g. ``os-naeringsplan-2020-2028.docx``.

    The municipality plus the title's word for the plan («næringsplan»), or the whole title
    when no word ends in «plan»; then the period.
    """
    words = [slug(w) for w in plan.title.split()]
    noun = next((w for w in words if w.endswith("plan")), None)
    municipality = slug(plan.municipality.name)
    stem = (f"{municipality}-{noun}" if noun else slug(plan.title))[:MAX_STEM].strip("-") or "plan"
    stem = f"{stem}-{plan.period.start}-{plan.period.end}"
    return f"{stem}.docx", f"{stem}-saksframlegg.docx"


def template_for(name: str, language: str) -> str:
    """The template for the plan's målform: ``nn/plan.docx`` for nynorsk (issue 11)."""
    return f"nn/{name}" if language == "nynorsk" else name
