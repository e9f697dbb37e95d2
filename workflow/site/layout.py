"""The frame every page of the site shares: head, skip link, header with the main menu, an
optional banner, ``<main>``, footer; relative links (the folder works from any web host, a
subfolder or straight from disk). The page shell and the stylesheet (with its print rules) are
the ones every HTML output shares (``documents/htmlpage.py``). Pure: strings in, bytes out.

Escaping is the HTML export's (``documents/export/html.h``); ids the site itself uses start with
``_``, which a plan id never does, so they never collide with an item's anchor (``#T2.3``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

from workflow.documents.export.html import h
from workflow.documents.htmlpage import STYLESHEET, html_page
from workflow.site.words import WORDS

MAIN_ID = "_innhold"


def rel(here: str, target: str) -> str:
    """The relative link from the page ``here`` to ``target`` (site paths, POSIX)."""
    base = posixpath.dirname(here) or "."
    link = posixpath.relpath(target.split("#")[0], base)
    fragment = "#" + target.split("#", 1)[1] if "#" in target else ""
    return quote(link) + fragment


@dataclass(frozen=True)
class Frame:
    """What every page of one site shares."""

    lang: str
    municipality: str  # «Os kommune»
    title: str  # the plan's full title
    menu: tuple[tuple[str, str], ...]  # (label, site path)
    footer: str  # HTML


def page(
    frame: Frame, path: str, title: str, body: list[str], *, banner: str | None = None, home: str = "index.html"
) -> bytes:
    """One complete page at site path ``path``."""
    items = []
    for label, target in frame.menu:
        current = ' aria-current="page"' if target == path else ""
        items.append(f'<li><a href="{rel(path, target)}"{current}>{h(label)}</a></li>')
    w = WORDS[frame.lang]
    out = [
        f'<a class="hopp" href="#{MAIN_ID}">{h(w["skip"])}</a>',
        '<header class="topp">',
        f'<p class="kommune">{h(frame.municipality)}</p>',
        f'<p class="plantittel"><a href="{rel(path, home)}">{h(frame.title)}</a></p>',
        f'<nav aria-label="{h(w["menu"])}"><ul>{"".join(items)}</ul></nav>',
        "</header>",
        '<div class="side">',
    ]
    out.append(f'<main id="{MAIN_ID}">')
    if banner:
        out.append(f'<div class="banner" role="note">{banner}</div>')
    out += [*body, "</main>", "</div>", f"<footer>{frame.footer}</footer>"]
    full_title = f"{title} – {frame.title}" if title != frame.title else title
    return html_page(full_title, out, lang=frame.lang, stylesheet=rel(path, STYLESHEET)).encode("utf-8")
