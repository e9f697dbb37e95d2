"""An ambition's chart in the annual report, drawn like the plan document's charts.

The measured values (the baseline first), the straight line they project to the target year
(held within what the indicator can reach), the baseline and the target, with a legend in
words, ticks at round values with Norwegian numbers and the same font and colours as every
other chart (``evidence/charts.py``, which also keeps drawn charts in its cache). The alt text
(``descr``) tells the same in words.
"""

from __future__ import annotations

import io
from typing import Any

from workflow.documents.docxzip import normalise_zip
from workflow.evidence.charts import Chart, render_png
from workflow.text.words import followup_text

MEASURED, PROJECTED = "Målte verdier", "Framskriving (rett linje)"


def _corners(line: dict[int, float]) -> dict[int, float]:
    """The projection's first and last year and where it meets a bound: a straight dashed line
    with a mark only where it bends, not one a year."""
    years = sorted(line)
    keep = {
        y
        for i, y in enumerate(years)
        if i in (0, len(years) - 1)
        or abs((line[y] - line[years[i - 1]]) - (line[years[i + 1]] - line[y])) > 1e-9 * max(1.0, abs(line[y]))
    }
    return {y: line[y] for y in years if y in keep}


def indicator_chart(a: dict[str, Any], language: str = "bokmål") -> Chart:
    """The chart of one ambition row of the report (``report._ambition_row``), its labels in
    the plan's målform."""
    points = {int(y): float(v) for y, v in a["points"]}
    line = _corners({int(y): float(v) for y, v in a.get("line") or ()})
    target = a.get("target_point")
    years = sorted({*points, *line, *([int(target[0])] if target else [])})
    series: list[tuple[str, tuple[float | None, ...]]] = [
        (followup_text(language, MEASURED), tuple(points.get(y) for y in years))
    ]
    if line:
        series.append((followup_text(language, PROJECTED), tuple(line.get(y) for y in years)))
    first = min(points)
    source = a.get("source")
    return Chart(
        kind="indicator",
        title=f"{a['id']} {a['indicator']}",
        categories=tuple(str(y) for y in years),
        series=tuple(series),
        source=followup_text(language, f"Kilde: {source}") if source else "",
        description=alt_text(a),
        unit=a.get("unit") or None,
        baseline=(str(first), points[first]),
        target=(str(int(target[0])), float(target[1])) if target else None,
    )


def alt_text(a: dict[str, Any]) -> str:
    return f"Diagram for {a['indicator']}: utgangspunkt {a['baseline']}, målverdi {a['target']}. {a['words']}"


def insert_charts(docx: bytes, ambitions: dict[str, dict[str, Any]], language: str = "bokmål") -> bytes:
    """Replace each paragraph reading ``[[diagram:ID]]`` with the chart of ambition ID."""
    from docx import Document  # lazy: python-docx, only to put charts in a report
    from docx.shared import Cm  # lazy: python-docx, only to put charts in a report

    doc = Document(io.BytesIO(docx))
    changed = False
    for p in doc.paragraphs:  # the charts stand in paragraphs of their own in the body
        if "[[diagram:" not in p.text:
            continue
        text = p.text.strip()
        if not (text.startswith("[[diagram:") and text.endswith("]]")):
            continue
        a = ambitions.get(text[len("[[diagram:") : -2])
        for run in list(p.runs):
            run._r.getparent().remove(run._r)
        if a is None or not a["points"]:
            continue
        png = render_png(indicator_chart(a, language))
        run = p.add_run()
        run.add_picture(io.BytesIO(png), width=Cm(15))
        for doc_pr in run._r.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            doc_pr.set("descr", alt_text(a))
            doc_pr.set("name", f"Diagram {a['id']}")
        changed = True
    if not changed:
        return docx
    out = io.BytesIO()
    doc.save(out)
    return normalise_zip(out.getvalue())
