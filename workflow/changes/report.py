"""Writers for a comparison: text (coloured in a terminal), Markdown, HTML and JSON.

Every format starts with the summary (counts by kind and item type, total cost per year before
and after), then the changes grouped by focus area. All wording is Norwegian bokmål.

JSON schema (stable; new keys may be added, existing keys keep their meaning)::

    {
      "schema_version": 1,
      "from":    {"revision": "formannskap/2020-05-12", "commit": "<40 hex>" | null,
                  "label": "planen formannskapet behandlet 12. mai 2020"},
      "to":      {"revision": "arbeidskopien", "commit": null, "label": "arbeidskopien"},
      "summary": {"total": 3,
                  "by_kind": {"added": 1, ...}, "by_type": {"tiltak": 2, ...},
                  "counts": {"added": {"tiltak": 1}, ...},
                  "cost": {"per_year": [{"year": 2021, "old": 0, "new": 0, "delta": 0}, ...],
                           "old": 0, "new": 0, "delta": 0}},
      "changes": [{"kind": "added|removed|changed|moved|reordered",
                   "type": "plan|satsingsområde|mål|ambisjon|strategi|tiltak",
                   "id": "T1.7" | null, "path": "SO1/tiltak/T1.7", "field": "tekst" | null,
                   "old": …, "new": …}, ...]
    }
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workflow.changes import sentences as w
from workflow.changes.sentences import case_sections  # noqa: F401 - part of this module's API
from workflow.changes.compare import CHANGED, Change, Side, area_of, summarize
from workflow.documents.htmlpage import html_page
from workflow.text.markdown import html_escape, md_escape
from workflow.text.wordiff import DELETE, EQUAL, INSERT

if TYPE_CHECKING:
    from workflow.plan.model import Plan

SCHEMA_VERSION = 1
FORMATS = ("text", "markdown", "html", "json")


@dataclass(frozen=True)
class Report:
    old: Side
    new: Side
    summary: dict
    changes: list[Change]
    areas: dict[str, str]  # focus area id → name (B's name, else A's)
    area_order: list[str]
    # item id → ids of the submissions that caused its change (plan diff --innspill)
    causes: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, str] | None = None  # item id → its text, shortened (B's, else A's)

    def caused_by(self, change: Change) -> str | None:
        """«innspill: 2020-05-20-001, …» for a change a submission explains, else None."""
        ids = self.causes.get(change.id) if change.id and change.kind != "reordered" else None
        return f"innspill: {', '.join(ids)}" if ids else None

    def lines(self, changes: list[Change]) -> Iterator[tuple[Change, bool]]:
        """(change, is_item_line) per line to write: a changed item's line once, then one line per
        changed field; the other kinds one line each."""
        previous = None
        for change in changes:
            if change.kind == CHANGED:
                if previous is None or previous.kind != CHANGED or previous.path != change.path:
                    yield change, True
                yield change, False
            else:
                yield change, True
            previous = change

    def groups(self) -> list[tuple[str, list[Change]]]:
        """(heading, changes) per part of the plan: plan fields first, then each focus area."""
        by_area: dict[str | None, list[Change]] = {}
        for change in self.changes:
            by_area.setdefault(area_of(change), []).append(change)
        out = []
        if None in by_area:
            out.append(("Planen", by_area[None]))
        for area in self.area_order:
            if area in by_area:
                out.append((f"{area} {self.areas.get(area, '')}".strip(), by_area[area]))
        return out


def make_report(changes: list[Change], a: Plan, b: Plan, old: Side, new: Side) -> Report:
    areas = {x.id: x.name for x in a.focus_areas}
    areas.update({x.id: x.name for x in b.focus_areas})
    order = [x.id for x in b.focus_areas] + [x.id for x in a.focus_areas if x.id not in {y.id for y in b.focus_areas}]
    return Report(
        old,
        new,
        summarize(changes, a, b),
        changes,
        areas,
        order,
        labels=w.item_labels(a, b, ids={c.id for c in changes}),
    )


def render(report: Report, fmt: str, color: bool = False) -> str:
    if fmt == "json":
        return to_json(report)
    if fmt == "markdown":
        return to_markdown(report)
    if fmt == "html":
        return to_html(report)
    return to_text(report, color)


# --- JSON -------------------------------------------------------------------------------


def to_json(report: Report) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "from": {"revision": report.old.revision, "commit": report.old.commit, "label": w.side_words(report.old)},
        "to": {"revision": report.new.revision, "commit": report.new.commit, "label": w.side_words(report.new)},
        "summary": report.summary,
        "changes": [c.as_json() for c in report.changes],
    }
    if report.causes:
        data["innspill"] = {item: ids for item, ids in sorted(report.causes.items())}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- text -------------------------------------------------------------------------------

_SIGN = {"added": "+", "removed": "-", "changed": "~", "moved": ">", "reordered": "^"}
_COLOUR = {"added": "green", "removed": "red", "changed": "yellow", "moved": "cyan", "reordered": "cyan"}


_ANSI = {"bold": 1, "strikethrough": 9, "red": 31, "green": 32, "yellow": 33, "cyan": 36}


def ansi(text: str, fg: str | None = None, bold: bool = False, strikethrough: bool = False) -> str:
    """``text`` in a terminal's colours (SGR codes), reset at its end."""
    codes = [_ANSI[name] for name, on in (("bold", bold), ("strikethrough", strikethrough)) if on]
    if fg:
        codes.append(_ANSI[fg])
    return f"\x1b[{';'.join(map(str, codes))}m{text}\x1b[0m" if codes else text


def title(report: Report, language: str = "bokmål") -> str:
    changes = w.in_language(language, "Endringer i planen fra")
    return f"{changes} {w.side_words(report.old)} til {w.side_words(report.new)}"


def small_print(report: Report) -> str | None:
    """The revisions themselves, under the title: «formannskap/2020-05-12 (1a2b3c4) → arbeidskopien»."""
    if report.old.words is None and report.new.words is None:
        return None
    return f"{w.side_label(report.old)} → {w.side_label(report.new)}"


def to_text(report: Report, color: bool = False) -> str:
    def style(text: str, **kw: Any) -> str:
        return ansi(text, **kw) if color else text

    lines = [style(title(report), bold=True)]
    small = small_print(report)
    lines += ([small] if small else []) + [""]
    lines.extend(w.summary_lines(report.summary))
    for heading, changes in report.groups():
        lines += ["", style(heading, bold=True)]
        for change, is_item in report.lines(changes):
            if is_item:
                sign = style(_SIGN[change.kind], fg=_COLOUR[change.kind])
                lines.append(f"  {sign} {w.item_line(change, report.labels)}")
                if report.caused_by(change):
                    lines.append(f"      ({report.caused_by(change)})")
                continue
            lines.append(f"      {w.field_line(change)}")
            if change.words and w.is_text_change(change):
                lines.extend("        " + line for line in _text_words(change.words, color).split("\n"))
    return "\n".join(lines) + "\n"


def _text_words(words: Iterable[tuple[str, str]], color: bool) -> str:
    """The word diff, coloured, or with git's markers [-deleted-] {+inserted+} when plain."""
    out = []
    for op, text in words:
        if op == EQUAL:
            out.append(text)
        elif not color:
            out.append(f"[-{text}-]" if op == DELETE else f"{{+{text}+}}")
        else:
            # Colour each line separately so a paragraph break does not carry the colour.
            fg = "red" if op == DELETE else "green"
            out.append(
                "\n".join(ansi(part, fg=fg, strikethrough=op == DELETE) if part else part for part in text.split("\n"))
            )
    return "".join(out)


# --- Markdown ---------------------------------------------------------------------------


def _md_mark(text: str, mark: str) -> str:
    """Wrap each line of ``text`` in ``mark`` (~~ or **), keeping outer spaces outside."""
    pieces = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            pieces.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        pieces.append(f"{lead}{mark}{md_escape(core)}{mark}{trail}")
    return "\n".join(pieces)


def to_markdown(report: Report) -> str:
    s = report.summary
    small = small_print(report)
    lines = (
        [f"# {md_escape(title(report))}", ""]
        + ([f"<small>{md_escape(small)}</small>", ""] if small else [])
        + ["## Sammendrag", ""]
    )
    if not s["total"]:
        lines.append("Ingen endringer.")
    else:
        lines += ["| Endring | Antall | Hva |", "|---|---:|---|"]
        for kind, n, what in w.count_rows(s):
            lines.append(f"| {kind} | {n} | {md_escape(what)} |")
    lines += ["", "### Kostnad per år", ""]
    cost_rows = w.cost_rows(s)
    if cost_rows is None:
        lines.append(md_escape(w.cost_unchanged(s)))
    else:
        lines += ["| År | Før | Etter | Endring |", "|---|---:|---:|---:|"]
        lines += [f"| {' | '.join(row)} |" for row in cost_rows]
    for heading, changes in report.groups():
        lines += ["", f"## {md_escape(heading)}", ""]
        for change, is_item in report.lines(changes):
            if is_item:
                lines.append(f"- {md_escape(w.item_line(change, report.labels))}")
                caused = report.caused_by(change)
                if caused:
                    lines.append(f"  *({md_escape(caused)})*")
                continue
            lines.append(f"  - {md_escape(w.field_line(change))}")
            if change.words and w.is_text_change(change):
                parts = []
                for op, text in change.words:
                    if op == EQUAL:
                        parts.append(md_escape(text))
                    else:
                        parts.append(_md_mark(text, "~~" if op == DELETE else "**"))
                body = "".join(parts).replace("\n", "  \n    ")
                lines.append(f"    {body}")
    return "\n".join(lines) + "\n"


# --- HTML -------------------------------------------------------------------------------


def _h(text: object) -> str:
    return html_escape(text).replace("\n", "<br>")


def to_html(report: Report) -> str:
    return html_page(title(report), ['<div class="side">', "<main>", *html_parts(report), "</main>", "</div>"])


def html_parts(report: Report, heading: str | None = None, language: str = "bokmål") -> list[str]:
    """The body of the HTML page (from its ``<h1>``), for pages that bring their own frame
    (the web site). ``heading``: instead of «Endringer i planen fra A til B»; ``language``:
    the plan's målform, for the fixed words (the plan's own words are never translated)."""
    out = [f"<h1>{_h(heading or title(report))}</h1>"]
    if small_print(report):
        out.append(f"<p><small>{_h(small_print(report))}</small></p>")
    out += _html_summary(report.summary, language)
    for heading, changes in report.groups():
        out.append(f"<h2>{_h(heading)}</h2><ul>")
        open_fields = False
        for change, is_item in report.lines(changes):
            if is_item:
                if open_fields:
                    out.append("</ul></li>")
                    open_fields = False
                caused = report.caused_by(change)
                if caused is not None:
                    caused = w.in_language(language, "innspill") + caused.removeprefix("innspill")
                cause = f" <em>({_h(caused)})</em>" if caused else ""
                line = _h(w.item_line(change, report.labels, language))
                if change.kind == CHANGED:
                    out.append(f'<li class="{change.kind}">{line}{cause}<ul>')
                    open_fields = True
                else:
                    out.append(f'<li class="{change.kind}">{line}{cause}</li>')
                continue
            item = f"<li>{_h(w.field_line(change, language))}"
            if change.words and w.is_text_change(change):
                parts = []
                for op, text in change.words:
                    tag = {EQUAL: None, DELETE: "del", INSERT: "ins"}[op]
                    parts.append(_h(text) if tag is None else f"<{tag}>{_h(text)}</{tag}>")
                item += f'<div class="words">{"".join(parts)}</div>'
            out.append(item + "</li>")
        if open_fields:
            out.append("</ul></li>")
        out.append("</ul>")
    return out


def _html_summary(s: dict, language: str) -> list[str]:
    """The summary of the HTML page: counts per kind of change, and the cost per year."""

    def word(text: str) -> str:
        return w.in_language(language, text)

    out = [f"<h2>{word('Sammendrag')}</h2>"]
    if not s["total"]:
        out.append(f"<p>{word('Ingen endringer.')}</p>")
    else:
        out.append(f"<table><tr><th>Endring</th><th>{word('Antall')}</th><th>{word('Hva')}</th></tr>")
        for kind, n, what in w.count_rows(s, language):
            out.append(f'<tr><td>{_h(kind)}</td><td class="n">{n}</td><td>{_h(what)}</td></tr>')
        out.append("</table>")
    out.append("<h3>Kostnad per år</h3>")
    cost_rows = w.cost_rows(s)
    if cost_rows is None:
        out.append(f"<p>{_h(w.cost_unchanged(s, language))}</p>")
    else:
        out.append("<table><tr><th>År</th><th>Før</th><th>Etter</th><th>Endring</th></tr>")
        for row in cost_rows:
            cells = "".join(f'<td class="n">{_h(c)}</td>' for c in row)
            out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
    return out
