"""The plan in other formats than Word, from the same context as the Word document
(``context.plan_context``): ``plan build --format markdown|html``. One module per format
(``markdown.py``, ``html.py``), each with its ``EXTENSION`` and ``render(context) -> str``;
``common.py`` holds what they share. ``export_plan`` names the file like the Word document."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING

from workflow.documents.context import plan_context
from workflow.documents.names import document_names
from workflow.documents.situation import add_indicator_charts

if TYPE_CHECKING:
    from workflow.plan.model import Project

FORMATS = ("markdown", "html")  # the module of each format in this package


def export_plan(project: Project, fmt: str, *, when: dt.datetime | dt.date | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of the plan in ``fmt`` («markdown» or «html»)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    writer = importlib.import_module(f"workflow.documents.export.{fmt}")
    context = add_indicator_charts(plan_context(project, when=when), project)
    stem = document_names(project.plan)[0].removesuffix(".docx")
    return stem + writer.EXTENSION, writer.render(context).encode("utf-8")
