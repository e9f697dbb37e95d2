"""A small indicator chart as PNG, drawn without a plotting library, and put into the report.

The chart shows the measured values (blue line with dots, the baseline first), the straight
line they project to the target year (orange, dashed) and the target (green square), with
the years under the axis and the lowest and highest value on it. Pure Python (zlib for PNG):
the same data always gives the same bytes. The alt text (``descr``) tells the same in words.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Sequence
from typing import Any

RGB = tuple[int, int, int]

W, H = 900, 420
LEFT, RIGHT, TOP, BOTTOM = 110, 30, 30, 70
WHITE, GREY, LIGHT = (255, 255, 255), (110, 110, 110), (225, 225, 225)
BLUE, ORANGE, GREEN = (31, 56, 100), (214, 120, 20), (40, 140, 60)

# 3×5 digits (and minus, comma), one string of 15 bits per glyph, row by row.
GLYPHS = {
    "0": "111101101101111",
    "1": "010110010010111",
    "2": "111001111100111",
    "3": "111001111001111",
    "4": "101101111001001",
    "5": "111100111001111",
    "6": "111100111101111",
    "7": "111001001001001",
    "8": "111101111101111",
    "9": "111101111001111",
    "-": "000000111000000",
    ",": "000000000010100",
    " ": "000000000000000",
}


class Canvas:
    def __init__(self, w: int, h: int) -> None:
        self.w, self.h = w, h
        self.px = bytearray(bytes(WHITE) * (w * h))

    def dot(self, x: int, y: int, c: RGB, r: int = 0) -> None:
        """A filled square of side 2r+1 centred on (x, y), clipped to the canvas."""
        x0, x1 = max(x - r, 0), min(x + r, self.w - 1)
        if x0 > x1:
            return
        row = bytes(c) * (x1 - x0 + 1)
        for yy in range(max(y - r, 0), min(y + r, self.h - 1) + 1):
            i = 3 * (yy * self.w + x0)
            self.px[i : i + len(row)] = row

    def line(self, x0: float, y0: float, x1: float, y1: float, c: RGB, width: int = 1, dash: int = 0) -> None:
        x0, y0, x1, y1 = round(x0), round(y0), round(x1), round(y1)
        if (x0 == x1 or y0 == y1) and not dash:  # axes and grid: one rectangle
            half = width // 2
            self.rect(min(x0, x1) - half, min(y0, y1) - half, max(x0, x1) + half, max(y0, y1) + half, c)
            return
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for s in range(steps + 1):
            if dash and (s // dash) % 2:
                continue
            self.dot(round(x0 + (x1 - x0) * s / steps), round(y0 + (y1 - y0) * s / steps), c, width // 2)

    def rect(self, x0: int, y0: int, x1: int, y1: int, c: RGB) -> None:
        x0, x1 = max(x0, 0), min(x1, self.w - 1)
        if x0 > x1:
            return
        row = bytes(c) * (x1 - x0 + 1)
        for yy in range(max(y0, 0), min(y1, self.h - 1) + 1):
            i = 3 * (yy * self.w + x0)
            self.px[i : i + len(row)] = row

    def text(self, x: int, y: int, text: str, c: RGB, scale: int = 4) -> None:
        for ch in text:
            glyph = GLYPHS.get(ch, GLYPHS[" "])
            for i, bit in enumerate(glyph):
                if bit == "1":
                    for dy in range(scale):
                        for dx in range(scale):
                            self.dot(x + (i % 3) * scale + dx, y + (i // 3) * scale + dy, c)
            x += 4 * scale

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(self.px[3 * y * self.w : 3 * (y + 1) * self.w]) for y in range(self.h))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

        head = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def _label(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".") if abs(value) < 100 else str(round(value))
    return text.replace(".", ",")


def chart_png(
    points: Sequence[tuple[int, float]],
    target_point: tuple[int, float] | None,
    projected: float | None,
    slope: float | None = None,
) -> bytes:
    """``points``: [(year, value)] measured, baseline first (at least one); ``target_point``:
    (year, value), or None when the ambition has no target value."""
    years = [p[0] for p in points] + ([target_point[0]] if target_point else [])
    values = [p[1] for p in points] + ([target_point[1]] if target_point else [])
    values += [projected] if projected is not None else []
    if projected is not None and slope is not None and target_point:
        values.append(projected - slope * (target_point[0] - points[0][0]))
    x_min, x_max = min(years), max(years)
    y_min, y_max = min(values), max(values)
    if y_max - y_min < 1e-9:
        y_min, y_max = y_min - 1, y_max + 1
    pad = (y_max - y_min) * 0.08
    y_lo, y_hi = y_min - pad, y_max + pad
    c = Canvas(W, H)

    def X(year: float) -> float:
        return LEFT + (year - x_min) / max(x_max - x_min, 1) * (W - LEFT - RIGHT)

    def Y(value: float) -> float:
        return TOP + (y_hi - value) / (y_hi - y_lo) * (H - TOP - BOTTOM)

    for year in range(x_min, x_max + 1):
        c.line(X(year), TOP, X(year), H - BOTTOM, LIGHT)
    c.line(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, GREY, 2)
    c.line(LEFT, TOP, LEFT, H - BOTTOM, GREY, 2)
    shown: list[int] = []
    for year in (x_min, x_max, points[-1][0], *(p[0] for p in points)):
        if all(abs(year - other) * (W - LEFT - RIGHT) / max(x_max - x_min, 1) >= 80 for other in shown):
            shown.append(year)
            label = str(year)
            c.text(round(X(year)) - len(label) * 8 + 2, H - BOTTOM + 14, label, GREY)
    for value in (y_min, y_max):
        label = _label(value)
        c.line(LEFT - 8, Y(value), LEFT, Y(value), GREY, 2)
        c.text(LEFT - 14 - len(label) * 16, round(Y(value)) - 10, label, GREY)
    if projected is not None and target_point:
        start = projected - (slope or 0.0) * (target_point[0] - points[0][0])  # the fitted line, not the first point
        c.line(X(points[0][0]), Y(start), X(target_point[0]), Y(projected), ORANGE, 3, dash=9)
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        c.line(X(x0), Y(y0), X(x1), Y(y1), BLUE, 4)
    for x, y in points:
        c.dot(round(X(x)), round(Y(y)), BLUE, 6)
    if target_point:
        c.dot(round(X(target_point[0])), round(Y(target_point[1])), GREEN, 9)
    return c.png()


def alt_text(a: dict[str, Any]) -> str:
    return f"Diagram for {a['indicator']}: utgangspunkt {a['baseline']}, målverdi {a['target']}. {a['words']}"


def insert_charts(docx: bytes, ambitions: dict[str, dict[str, Any]]) -> bytes:
    """Replace each paragraph reading ``[[diagram:ID]]`` with the chart of ambition ID."""
    from docx import Document
    from docx.shared import Cm

    from workflow.documents.docxzip import normalise_zip

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
        target = tuple(a["target_point"]) if a.get("target_point") else None
        png = chart_png([tuple(x) for x in a["points"]], target, a["projected"], a.get("slope"))
        run = p.add_run()
        run.add_picture(io.BytesIO(png), width=Cm(14))
        for doc_pr in run._r.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            doc_pr.set("descr", alt_text(a))
            doc_pr.set("name", f"Diagram {a['id']}")
        changed = True
    if not changed:
        return docx
    out = io.BytesIO()
    doc.save(out)
    return normalise_zip(out.getvalue())
