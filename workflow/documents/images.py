"""Charts in Word documents: a ``Chart`` a template prints (``{{ ambition.chart }}``, anywhere
in its context) becomes an inline PNG picture (200 dpi, the text width) whose alt text
(``wp:docPr/@descr``) is the chart's description, so screen readers and Word's accessibility
checker find it. The environment's ``finalize`` (``render.py``) makes the picture."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

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
