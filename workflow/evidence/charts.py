"""Charts as data (``Chart``) and as PNG bytes (``render_png``), drawn with matplotlib.

* matplotlib is imported only inside ``draw_png`` (≈ 0.3 s): commands that draw no chart
  never pay for it. The Agg backend is used, never a GUI.
* Drawn once per machine: ``render_png`` keeps every PNG in the chart cache
  (``$XDG_CACHE_HOME/plan-workflow/charts``, else ``~/.cache/plan-workflow/charts``) under a key
  of the chart itself, the drawing code and the installed drawing libraries. A later build with
  the same chart reads the PNG back without importing matplotlib: the same bytes it would draw.
  The cache is only ever a shortcut: each entry carries a digest of its PNG and its key, checked
  on every read (an entry that does not verify is drawn again and replaced); a cache that is a
  symlink or cannot be read or written is passed by; charts unused for 90 days are removed
  when a new one is drawn.
* Reproducible: the same chart gives byte-identical PNGs — no «Software» metadata, a fixed
  font (DejaVu Sans, shipped with matplotlib), a fixed ``svg.hashsalt``, a fixed size and dpi.
* Readable in black and white: each series has its own marker and line style (bars their own
  hatch), not only its own colour. Numbers are Norwegian (1 900, 2,5).
* Values that are not real statistics carry the words «Illustrasjon – oppdater med plan data
  hent» on the chart itself.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import sys
import textwrap
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from workflow import cache
from workflow.cache import Store
from workflow.text import norwegian
from workflow.text.norwegian import format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import MultipleLocator

# The colours of the shipped Word templates (tools/make_templates.py): dark blue, mid blue, grey.
COLOURS = ("#1F3864", "#2E5395", "#7F7F7F", "#8EA9DB", "#404040")
MARKERS = ("o", "s", "^", "D", "v")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)))
HATCHES = ("", "//", "..", "xx", "\\\\")
TARGET_COLOUR = "#C55A11"
ILLUSTRATION = "Illustrasjon – oppdater med plan data hent"
DPI = 200
WIDTH_CM = 16.0


@dataclass(frozen=True)
class Chart:
    """What to draw. ``kind``: «line», «bar» (vertical), «barh» (horizontal bars, for long
    category names) or «indicator» (an ambition: baseline, measured values, target)."""

    kind: str
    title: str
    categories: tuple[str, ...]  # x values: years or category labels
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # (name, one value per category)
    source: str  # «Kilde: SSB, tabell 07459»
    description: str  # alt text: what the chart shows, in words
    unit: str | None = None
    illustrative: bool = False
    baseline: tuple[str, float] | None = None  # indicator: (year, value)
    target: tuple[str, float] | None = None  # indicator: (year, value)
    target_text: str | None = None  # indicator: a target in words (not a number)
    height_cm: float = 8.0
    caption: str = field(default="", compare=True)

    @property
    def alt(self) -> str:
        return self.description + (
            " Tallene er en illustrasjon, ikke offisiell statistikk." if self.illustrative else ""
        )


def _number(value: float, _pos: object = None) -> str:
    return format_number(round(value, 2) if value != int(value) else int(value))


@lru_cache(maxsize=128)  # a redline draws the same charts for both revisions
def render_png(chart: Chart) -> bytes:
    """The chart as PNG bytes (200 dpi, 16 cm wide): from the chart cache when it holds this
    chart and the entry verifies, else drawn (``draw_png``) and kept there."""
    key = _cache_key(chart)
    if key is not None and _TRUST_CACHE[0]:
        kept = STORE.read(key)
        if kept is not None and kept.startswith(PNG_START) and kept.endswith(PNG_END):
            return kept
    png = draw_png(chart)
    if key is not None:
        STORE.write(key, png)
    return png


# Whether ``render_png`` reads the cache: ``drawn_afresh`` turns it off (``plan verify``
# checks a difference again with every chart drawn, so no cache can make it report one).
_TRUST_CACHE = [True]


@contextmanager
def drawn_afresh() -> Iterator[None]:
    """Inside: every chart is drawn again, never read from the cache or this process's memo
    (what is drawn still repairs the cache)."""
    render_png.cache_clear()
    _TRUST_CACHE[0] = False
    try:
        yield
    finally:
        _TRUST_CACHE[0] = True
        render_png.cache_clear()


# The chart cache (``workflow/cache.py``): entries ``charts/<2 hex>/<64 hex>.chart``
# (``.png``: entries before digests, only ever removed).
ENTRY_MAGIC = b"plan-workflow chart 2\n"
STORE = Store("charts", ENTRY_MAGIC, "chart", old_suffixes=("png",))


def forget_unused(folder: Path, now: float) -> None:
    """Remove the charts in the cache ``folder`` that no build has used for ``cache.KEEP_DAYS``
    days (every edit of a plan's numbers makes a new chart, so an old cache would only grow)."""
    cache.forget_unused(folder, now, STORE.names())


# A whole PNG: its signature, and its last chunk (IEND, with its length and CRC).
PNG_START = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
# What else decides the pixels: the installed drawing libraries (each identified by its
# package's location and its __init__.py's size and time, so an upgrade is a new key) and the
# Python (zlib) that runs them.
DRAWING_PACKAGES = ("matplotlib", "PIL", "numpy", "babel")


@lru_cache(maxsize=1)
def _drawing_key() -> bytes:
    """The drawing code and libraries, as bytes of the cache key (computed once a process)."""
    parts = [sys.version.encode(), Path(__file__).read_bytes(), Path(norwegian.__file__).read_bytes()]
    for name in DRAWING_PACKAGES:
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is None:
            return b""  # not installed: nothing to key on; draw_png will say what is missing
        info = os.stat(origin)
        parts.append(f"{name} {origin} {info.st_size} {info.st_mtime_ns}".encode())
    return b"\0".join(parts)


def _cache_key(chart: Chart) -> str | None:
    """The chart's key in the chart cache: the chart, the drawing code and libraries."""
    try:
        drawing = _drawing_key()
    except OSError:
        return None
    if not drawing:
        return None
    return hashlib.sha256(drawing + b"\0" + repr(chart).encode("utf-8", "surrogatepass")).hexdigest()


def draw_png(chart: Chart) -> bytes:
    """Draw the chart with matplotlib: PNG bytes, the same for the same chart on any run."""
    import matplotlib  # lazy: matplotlib (about 0.3 s) only when a chart is drawn
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # lazy: matplotlib
    from matplotlib.figure import Figure  # lazy: matplotlib

    with (
        collecting(),
        matplotlib.rc_context(STYLE),
        warnings.catch_warnings(),
    ):  # no pyplot: no GUI backend, no global figures
        warnings.simplefilter("ignore")  # e.g. «Glyph … missing from font»: the user can do nothing about it
        fig = Figure(figsize=(WIDTH_CM / 2.54, chart.height_cm / 2.54), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        try:
            _draw(fig, ax, chart)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 3})
        finally:
            fig.clear()
    return buffer.getvalue()


@contextmanager
def collecting() -> Iterator[None]:
    """The cycle collector on while a chart is drawn, also where a command turned it off for its
    long-lived plan (``cli/common.without_cycle_collection``): a matplotlib figure is a web of
    cycles, and a cold build of a large plan would otherwise keep every drawn one (+50 MB)."""
    was_on = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_on:
            gc.disable()


STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "svg.hashsalt": "plan-workflow",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#595959",
    "axes.titleweight": "bold",
    "axes.titlesize": 10,
    "axes.titlelocation": "left",
    "legend.frameon": False,
    "path.simplify": False,
}


def _draw(fig: Figure, ax: Axes, chart: Chart) -> None:
    """The chart's data, axes, title, unit, grid, stamp and source line on ``fig``."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator  # lazy: matplotlib

    if chart.kind in ("line", "indicator"):
        _lines(ax, chart)
    else:
        _bars(ax, chart, horizontal=chart.kind == "barh")
    axis = ax.xaxis if chart.kind == "barh" else ax.yaxis
    axis.set_major_formatter(FuncFormatter(_number))
    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))  # round values: 1 800, 1 850, 1 900
    fig.text(0.01, 1 - 0.08 / (chart.height_cm / 2.54), chart.title, ha="left", va="top", fontsize=10, weight="bold")
    if chart.unit:
        (ax.set_xlabel if chart.kind == "barh" else ax.set_ylabel)(chart.unit)
    ax.grid(axis="x" if chart.kind == "barh" else "y", color="#D9D9D9", linewidth=0.6)
    ax.set_axisbelow(True)
    if chart.illustrative:  # on the source line, outside the data
        fig.text(
            0.99,
            0.012,
            ILLUSTRATION,
            ha="right",
            va="bottom",
            fontsize=7.5,
            style="italic",
            color="#404040",
            bbox={"boxstyle": "square,pad=0.25", "facecolor": "white", "edgecolor": "#7F7F7F", "linewidth": 0.6},
        )
    fig.text(0.01, 0.015, chart.source, fontsize=7, color="#595959", ha="left", va="bottom")
    legend = ax.get_legend()
    texts = [] if legend is None else [t.get_text() for t in legend.get_texts()]
    rows = -(-len(texts) // _legend_columns(texts)) + max((t.count("\n") for t in texts), default=0)
    _margins(fig, chart, rows)  # fixed margins: tight_layout would draw the figure twice


LEGEND_COLUMNS = 3


def _legend_columns(labels: Sequence[str]) -> int:
    """Three entries a row, two when one is long (a target in words): it stays inside the width."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    return max(1, min(len(labels), LEGEND_COLUMNS if longest <= 28 else 2))


def _legend(ax: Axes) -> None:
    """The legend in a row above the plot, under the title: it never hides a line."""
    labels = ax.get_legend_handles_labels()[1]
    ax.legend(
        fontsize=7.5,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncol=_legend_columns(labels),
        borderaxespad=0,
        handlelength=2.6,
        columnspacing=1.2,
    )


def _margins(fig: Figure, chart: Chart, legend_rows: int = 0) -> None:
    """Room for tick labels, axis label, title, legend and the source line, in inches."""
    width, height = fig.get_size_inches()
    if chart.kind == "barh":
        longest = max((len(line) for c in chart.categories for line in _wrap(c).split("\n")), default=4)
        left = min(width * 0.5, 0.25 + 0.07 * longest)
    else:
        left = 0.8 if chart.unit else 0.6
    top = 0.42 + 0.2 * legend_rows
    bottom = 0.62 if chart.kind == "barh" and chart.unit else 0.5
    fig.subplots_adjust(left=left / width, right=1 - 0.2 / width, top=1 - top / height, bottom=bottom / height)


def label_lines(categories: Sequence[str]) -> int:
    """Lines the category labels of a horizontal bar chart take (for its height)."""
    return sum(_wrap(c).count("\n") + 1 for c in categories)


def _wrap(label: str, width: int = 40) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _lines(ax: Axes, chart: Chart) -> None:
    numeric = all(c.isdigit() for c in chart.categories) and chart.categories
    xs_all = (
        [int(c) if numeric else i for i, c in enumerate(chart.categories)]
        if not numeric
        else [int(c) for c in chart.categories]
    )
    for i, (name, values) in enumerate(chart.series):
        points = [(x, v) for x, v in zip(xs_all, values) if v is not None]
        if not points:
            continue
        xs, ys = zip(*points)
        ax.plot(
            xs,
            ys,
            label=name,
            color=COLOURS[i % len(COLOURS)],
            marker=MARKERS[i % len(MARKERS)],
            linestyle=LINESTYLES[i % len(LINESTYLES)],
            linewidth=1.6,
            markersize=3.5 if len(xs) > 12 else 5,
        )
        if chart.kind != "indicator" and len(chart.series) == 1:
            ax.annotate(
                _number(ys[-1]), (xs[-1], ys[-1]), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8
            )
    if chart.kind == "indicator":
        _indicator_marks(ax, chart)
    if numeric:
        years = [int(c) for c in chart.categories]
        extra = [int(chart.target[0])] if chart.target else []
        low, high = min(years + extra), max(years + extra)
        ax.set_xlim(low - 0.5, high + 0.5)
        ax.xaxis.set_major_locator(_year_locator(low, high))
        ax.xaxis.set_major_formatter(lambda x, _pos: str(int(x)))
    else:
        ax.set_xticks(range(len(chart.categories)), chart.categories)
    if len(chart.series) > 1 or chart.kind == "indicator":
        _legend(ax)


def _indicator_marks(ax: Axes, chart: Chart) -> None:
    """An ambition's baseline (open circle), target (star and dotted line) and a target in
    words (in the legend)."""
    if chart.baseline is not None:
        year, value = chart.baseline
        ax.plot(
            [int(year)],
            [value],
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=COLOURS[0],
            markeredgewidth=1.5,
            linestyle="none",
            label=f"Utgangspunkt {year}: {_number(value)}",
        )
    if chart.target is not None:
        year, value = chart.target
        ax.plot(
            [int(year)],
            [value],
            marker="*",
            markersize=12,
            color=TARGET_COLOUR,
            linestyle="none",
            label=f"Mål {year}: {_number(value)}",
        )
        ax.axhline(value, color=TARGET_COLOUR, linestyle=":", linewidth=1)
    if chart.target_text:  # a target in words: in the legend row above the plot, never over a line
        words = _wrap(f"{'Mål også' if chart.target is not None else 'Mål'}: {chart.target_text}", 40)
        ax.plot(
            [],
            [],
            marker="*",
            markersize=10,
            markerfacecolor="white",
            markeredgecolor=TARGET_COLOUR,
            linestyle="none",
            label=words,
        )


def _year_locator(low: int, high: int) -> MultipleLocator:
    from matplotlib.ticker import MultipleLocator  # lazy: matplotlib

    span = high - low
    step = 1 if span <= 6 else 2 if span <= 14 else 5
    return MultipleLocator(step)


def _bars(ax: Axes, chart: Chart, *, horizontal: bool) -> None:
    n = len(chart.series)
    width = 0.8 / n
    positions = range(len(chart.categories))
    for i, (name, values) in enumerate(chart.series):
        offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
        heights = [0 if v is None else v for v in values]
        draw = ax.barh if horizontal else ax.bar
        bars = draw(
            offsets,
            heights,
            width * 0.9,
            label=name,
            color=COLOURS[i % len(COLOURS)],
            hatch=HATCHES[i % len(HATCHES)],
            edgecolor="white" if i == 0 else "black",
            linewidth=0.4,
        )
        if n == 1:
            labels = ["–" if v is None else _number(v) for v in values]
            ax.bar_label(bars, labels=labels, padding=2, fontsize=7.5)
    if horizontal:
        ax.set_yticks(list(positions), [_wrap(c) for c in chart.categories], fontsize=8)
        ax.invert_yaxis()
        ax.margins(x=0.12)
    else:
        ax.set_xticks(list(positions), chart.categories)
        ax.margins(y=0.12)
    if n > 1:
        _legend(ax)
