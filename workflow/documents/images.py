"""Charts in Word documents: a ``Chart`` anywhere in a template context becomes an inline
PNG picture (200 dpi, the text width) whose alt text (``wp:docPr/@descr``) is the chart's
description, so screen readers and Word's accessibility checker find it."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from workflow.evidence.charts import WIDTH_CM, Chart, render_png

if TYPE_CHECKING:
    from docxtpl import DocxTemplate


class DescribedImage:
    """docxtpl's InlineImage with alt text and a stable name. Markup-safe (``__html__``)."""

    def __init__(self, tpl: DocxTemplate, chart: Chart) -> None:
        self.tpl = tpl
        self.chart = chart

    def _xml(self) -> str:
        from docx.shared import Cm  # lazy: python-docx, only to render

        part = self.tpl.current_rendering_part
        inline = part.new_pic_inline(io.BytesIO(render_png(self.chart)), Cm(WIDTH_CM), None)
        doc_pr = inline.docPr
        doc_pr.set("name", f"Figur {doc_pr.get('id')}")
        doc_pr.set("descr", self.chart.alt)
        return f'</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'

    def __html__(self) -> str:
        return self._xml()

    __str__ = __html__


def prepare(tpl: DocxTemplate, value: Any) -> Any:
    """A copy of ``value`` with every Chart replaced by a DescribedImage (lists and dicts)."""
    if isinstance(value, Chart):
        return DescribedImage(tpl, value)
    if isinstance(value, dict):
        return {k: prepare(tpl, v) for k, v in value.items()}
    if isinstance(value, list):
        return [prepare(tpl, v) for v in value]
    return value


def contains_chart(value: object) -> bool:
    if isinstance(value, Chart):
        return True
    if isinstance(value, dict):
        return any(contains_chart(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_chart(v) for v in value)
    return False
