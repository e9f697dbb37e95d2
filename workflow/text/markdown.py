"""The plan's Markdown subset → Word formatting (WordprocessingML runs and paragraphs).

The subset: paragraphs (separated by a blank line), bullet lists (``- ``, nested by
indenting), ``**bold**``, ``*italic*``, links ``[text](https://…)`` and backslash escapes.
markdown-it-py parses it with every other rule switched off, so anything outside the subset
(``# heading``, ``> quote``, ``<b>``, ``&amp;``, tables, code) stays as the literal text the
author wrote: never lost, never interpreted. Ordered lists («1. …») keep their numbers as text.

``parse`` is pure and gives ``Block``s; ``paragraphs_xml`` / ``runs_xml`` turn them into XML
for docxtpl (``{{p x|markdown }}`` and ``{{r x|inline }}``); ``plain`` gives the text without
markup. Characters that cannot exist in XML are replaced by U+FFFD, so the XML is always valid.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from workflow.xmlchars import XML_INVALID

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """``xml.sax.saxutils.escape`` (&, <, > and the ``entities`` given), without the import of
    urllib, http and ssl that module brings."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char, entity in (entities or {}).items():
        text = text.replace(char, entity)
    return text


REPLACEMENT = "\ufffd"
BULLET = "\u2022"
Linker = Callable[[str], str]  # URL → relationship id of the part being rendered


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None
    line_break: bool = False  # a hard line break, not text


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "bullet" or "numbered"
    runs: tuple[Run, ...]
    level: int = 0  # list nesting depth, 0 for the outermost list
    label: str = ""  # the number of a numbered item, e.g. "1."


def clean(text: str) -> str:
    """``text`` with XML-invalid characters replaced by U+FFFD."""
    return XML_INVALID.sub(REPLACEMENT, text)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # lazy: markdown-it only for texts with Markdown marks

    return MarkdownIt("zero").enable(["list", "emphasis", "link", "newline", "escape"])


def parse(text: str | None) -> list[Block]:
    """The blocks of a Markdown-subset text, in order."""
    if not text:
        return []
    return list(_parse(text))


# Text no rule of the subset reacts to: one line, none of its marks, no list marker first, no
# space at either end (a paragraph is trimmed). markdown-it gives one paragraph of one run.
_PLAIN = re.compile(
    r"(?![-*+](?:\s|$)|\d{1,9}[.)](?:\s|$))[^\s\\*_\[\]\n\r\x00](?:[^\\*_\[\]\n\r\x00]*[^\s\\*_\[\]\n\r\x00])?"
)


# Bold plain words (``**word word**``) after a space or the start and before a space, the end or
# a sentence mark: markdown-it makes them one strong run. Around them only plain characters.
_BOLD = re.compile(r"(?<![^ ])\*\*([^\W_]+(?: [^\W_]+)*)\*\*(?=[ .,;:!?]|$)")
_PLAIN_PART = re.compile(r"[^\\*_\[\]\n\r\x00]*")


def _simple_runs(line: str) -> tuple[Run, ...] | None:
    """The runs of one paragraph line of plain text and bold plain words (``_BOLD``), as
    markdown-it gives them; None for any other line."""
    if _PLAIN.fullmatch(line):
        return (Run(line),)
    parts = _BOLD.split(line)
    if len(parts) == 1 or not _PLAIN.match(line) or line[-1].isspace():  # no bold; a list marker or space first or last
        return None
    runs = []
    for i, part in enumerate(parts):
        if i % 2:
            runs.append(Run(part, bold=True))
        elif not _PLAIN_PART.fullmatch(part):
            return None
        elif part:
            runs.append(Run(part))
    return tuple(runs)


def _simple_blocks(text: str) -> tuple[Block, ...] | None:
    """The blocks of a text of one-line paragraphs and ``- `` lists of one-line items, each
    line plain text or bold plain words (``_simple_runs``), separated by one empty line, as
    markdown-it gives them; None for any other text."""
    blocks = []
    for chunk in text.rstrip("\n").split("\n\n"):
        lines = chunk.split("\n")
        if all(line.startswith("- ") for line in lines):
            for line in lines:
                runs = _simple_runs(line[2:])
                if runs is None:
                    return None
                blocks.append(Block("bullet", runs))
        elif len(lines) == 1 and (runs := _simple_runs(chunk)) is not None:
            blocks.append(Block("paragraph", runs))
        else:
            return None
    return tuple(blocks)


@lru_cache(maxsize=16384)  # a redline parses the same texts for A and B, compare and the documents again
def _parse(text: str) -> tuple[Block, ...]:
    """``parse`` of a non-empty text; Blocks and Runs are frozen, so the result is shared."""
    if _PLAIN.fullmatch(text):
        return (Block("paragraph", (Run(text),)),)
    simple = _simple_blocks(text)
    return simple if simple is not None else markdown_it_blocks(text)


def markdown_it_blocks(text: str) -> tuple[Block, ...]:
    """The blocks of a text as markdown-it reads it, without the shortcuts ``parse`` takes
    for plain text (the same blocks, faster)."""
    blocks: list[Block] = []
    lists: list[list] = []  # stack of [kind, next number]
    first_in_item = False
    for token in parser().parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            lists.append(["bullet" if kind == "bullet_list_open" else "numbered", start, token.markup])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            first_in_item = True
        elif kind == "inline":
            runs = tuple(_runs(token.children or []))
            if lists and first_in_item:
                list_kind, number, delimiter = lists[-1]
                label = f"{number}{delimiter}" if list_kind == "numbered" else ""
                if list_kind == "numbered":
                    lists[-1][1] += 1
                blocks.append(Block(list_kind, runs, len(lists) - 1, label))
            else:
                blocks.append(Block("paragraph", runs, max(len(lists) - 1, 0)))
            first_in_item = False
    return tuple(blocks)


def _runs(children: Sequence[Token]) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    url: str | None = None
    link_start = 0
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            url = str(child.attrGet("href") or "") or None
            link_start = len(runs)
        elif kind == "link_close":
            if url and len(runs) == link_start:  # [](url): show the address, never drop it
                runs.append(Run(url, bold > 0, italic > 0, url))
            url = None
        elif kind == "softbreak":
            runs.append(Run(" ", bold > 0, italic > 0, url))
        elif kind == "hardbreak":
            runs.append(Run("", line_break=True))
        else:  # text, and anything else as the literal text written
            text = child.content if kind == "text" else (child.markup + child.content + child.markup)
            if text:
                runs.append(Run(text, bold > 0, italic > 0, url))
    return runs


def plain(text: str | None, *, one_line: bool = False) -> str:
    """The text without markup, as the reader sees it: one line per paragraph, «• » before
    bullets, numbers kept, links as «text (url)»; escapes and lone marks stay what they say
    (``5 * 3 * 2`` stays, ``\\*x\\*`` is ``*x*``). ``one_line``: everything on one line, each
    bullet still marked «• » (so a list never reads as one sentence)."""
    lines = []
    for block in parse(text):
        prefix = "  " * block.level + (
            f"{BULLET} " if block.kind == "bullet" else f"{block.label} " if block.label else ""
        )
        lines.append(prefix + _plain_runs(block.runs))
    if one_line:
        return " ".join(" ".join(line.split()) for line in lines if line.strip())
    return "\n".join(lines)


# --- escaping for the other output formats -------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&#!~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))", re.M)


def md_escape(text: str) -> str:
    """Plain text that stays literal in Markdown: every mark character backslash-escaped, and
    what would start a list or heading at the start of a line (``- ``, ``1.``)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _MD_LINE_START.sub(lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else "\\" + m[2]), escaped)


def html_escape(text: object) -> str:
    """Plain text in HTML: ``& < > " '`` escaped, XML-invalid characters replaced."""
    return html.escape(clean(str(text)), quote=True)


def _plain_runs(runs: Sequence[Run]) -> str:
    out: list[str] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        if run.url:
            j = i
            while j < len(runs) and runs[j].url == run.url:
                j += 1
            label = "".join(r.text for r in runs[i:j])
            out.append(label if label == run.url else f"{label} ({run.url})")
            i = j
            continue
        out.append("\n" if run.line_break else run.text)
        i += 1
    return "".join(out)


# --- WordprocessingML -----------------------------------------------------------------------


def _text_xml(text: str) -> str:
    """Run content for text that may hold tabs and newlines."""
    parts = []
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(parts)


def _run_xml(run: Run) -> str:
    if run.line_break:
        return "<w:r><w:br/></w:r>"
    props = ""
    if run.url:
        props += '<w:rStyle w:val="Hyperlink"/>'
    if run.bold:
        props += "<w:b/><w:bCs/>"
    if run.italic:
        props += "<w:i/><w:iCs/>"
    if run.url:
        props += '<w:color w:val="0563C1"/><w:u w:val="single"/>'
    return "<w:r>" + (f"<w:rPr>{props}</w:rPr>" if props else "") + _text_xml(run.text) + "</w:r>"


_LINKABLE = re.compile(r"(?i)(https?:|mailto:)")


def linkable(url: str) -> bool:
    """Whether a link may become a hyperlink in a document: http(s) and mailto only. Any other
    address (a UNC path ``\\\\server\\share``, ``file:``, a relative path) is shown as its text."""
    return _LINKABLE.match(url.strip()) is not None


def _runs_xml(runs: Sequence[Run], link: Linker | None) -> str:
    runs = [replace(r, url=None) if r.url and not linkable(r.url) else r for r in runs]
    out: list[str] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        if run.url and link is not None:
            j = i
            while j < len(runs) and runs[j].url == run.url:
                j += 1
            inner = "".join(_run_xml(r) for r in runs[i:j])
            out.append(
                f'<w:hyperlink r:id="{escape(link(run.url), {chr(34): "&quot;"})}" w:history="1">{inner}</w:hyperlink>'
            )
            i = j
            continue
        out.append(_run_xml(run))
        i += 1
    return "".join(out)


def _paragraph_xml(style: str | None, body: str) -> str:
    props = f'<w:pPr><w:pStyle w:val="{escape(style, {chr(34): "&quot;"})}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{body}</w:p>"


def paragraphs_xml(
    text: str | None,
    *,
    style: str | None = None,
    bullet_styles: Sequence[str] = ("ListBullet", "ListBullet2", "ListBullet3"),
    link: Linker | None = None,
) -> Markup:
    """Whole paragraphs (``<w:p>``), for a ``{{p … }}`` tag. ``style`` and ``bullet_styles`` are
    style ids; bullets nested deeper than the styles given use the last one. Always at least one
    paragraph, so a table cell stays valid."""
    if link is None or not _has_link(text):  # the XML depends on the text and styles alone
        return _paragraphs_xml(text, style, tuple(bullet_styles), None)
    return _paragraphs_xml.__wrapped__(text, style, tuple(bullet_styles), link)


def _has_link(text: str | None) -> bool:
    return any(run.url for block in parse(text) for run in block.runs)


@lru_cache(maxsize=16384)  # a redline renders the same texts for A and B
def _paragraphs_xml(text: str | None, style: str | None, bullet_styles: tuple[str, ...], link: Linker | None) -> Markup:
    out = []
    for block in parse(text):
        if block.kind == "bullet":
            paragraph_style = bullet_styles[min(block.level, len(bullet_styles) - 1)] if bullet_styles else style
            runs = block.runs
        else:
            paragraph_style = style
            runs = ((Run(block.label + " "),) if block.label else ()) + block.runs
        out.append(_paragraph_xml(paragraph_style, _runs_xml(runs, link)))
    if not out:
        out.append(_paragraph_xml(style, ""))
    return Markup("".join(out))


def runs_xml(text: str | None, *, link: Linker | None = None) -> Markup:
    """Runs (``<w:r>``) inside one paragraph, for a ``{{r … }}`` tag: paragraphs and list items
    become line breaks, bullets get «• »."""
    if link is None or not _has_link(text):
        return _runs_only_xml(text, None)
    return _runs_only_xml.__wrapped__(text, link)


@lru_cache(maxsize=16384)
def _runs_only_xml(text: str | None, link: Linker | None) -> Markup:
    out = []
    for i, block in enumerate(parse(text)):
        prefix = "  " * block.level + (
            f"{BULLET} " if block.kind == "bullet" else f"{block.label} " if block.label else ""
        )
        if i:
            out.append("<w:r><w:br/></w:r>")
        runs = ((Run(prefix),) if prefix else ()) + block.runs
        out.append(_runs_xml(runs, link))
    return Markup("".join(out))
