"""The frame every page of the site shares: head, skip link, header with the main menu, an
optional banner, ``<main>``, footer; relative links (the folder works from any web host, a
subfolder or straight from disk); one stylesheet with print rules. Pure: strings in, bytes out.

Escaping is the HTML export's (``documents/export.h``); ids the site itself uses start with
``_``, which a plan id never does, so they never collide with an item's anchor (``#T2.3``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from workflow.documents.export import h

STYLESHEET = "stil.css"
MAIN_ID = "_innhold"

CSS = (
    """
:root{--bla:#1f4e79;--bla2:#245f91;--lys:#f3f6fa;--kant:#c8d3e0;--tekst:#1b1b1b;--grå:#4a4a4a}
*{box-sizing:border-box}
body{font-family:Calibri,Carlito,"Segoe UI",Arial,sans-serif;line-height:1.5;color:var(--tekst);background:#fff;margin:0}
.hopp{position:absolute;left:-999rem;top:0;background:#fff;color:var(--bla);padding:.5rem 1rem;z-index:10}
.hopp:focus{left:1rem;outline:3px solid #b35900}
a{color:var(--bla2)}a:hover{color:#0b2a45}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.topp{background:var(--bla);color:#fff;padding:.75rem 1.5rem}
.topp a{color:#fff}
.topp .kommune{margin:0;font-size:.95rem;letter-spacing:.04em;text-transform:uppercase}
.topp .plantittel{margin:.1rem 0 .5rem;font-size:1.25rem;font-weight:bold}
.topp ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.topp a[aria-current=page]{font-weight:bold;text-decoration-thickness:3px}
.side{max-width:62rem;margin:0 auto;padding:1rem 1.5rem 3rem}
.banner{border:2px solid #b35900;background:#fff4e5;padding:.75rem 1rem;margin:1rem 0}
.banner p{margin:.25rem 0}
.merknad,.undertittel{color:var(--grå)}
h1{color:var(--bla);font-size:2rem;margin:.5rem 0 1rem;line-height:1.2}
h2{color:var(--bla);margin-top:2.25rem;border-bottom:1px solid var(--kant)}
h3{color:var(--bla2);margin-top:1.75rem}
.visjon{font-size:1.2rem;font-style:italic;border-left:4px solid var(--bla2);padding-left:1rem}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.95rem}
th,td{border:1px solid var(--kant);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:var(--bla);color:#fff}
tbody tr:nth-child(even){background:var(--lys)}
td.tall,td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td p,li p{margin:.2rem 0}
.id{font-weight:bold;color:var(--bla);white-space:nowrap}
a.id{color:var(--bla2)}
:target{background:#fff4e5;outline:2px solid #b35900}
dl.punkter dt{font-weight:bold;float:left;clear:left;width:5rem}
dl.punkter dd{margin:0 0 .6rem 5.5rem}
ins{background:#dff5d8;color:#14501a;text-decoration:underline}
del{background:#fbe0e0;color:#7a1010;text-decoration:line-through}
.words{margin:.2rem 0 .4rem 1rem;padding-left:.6rem;border-left:3px solid #ddd}
.added{color:#14501a}.removed{color:#7a1010}
ol.hendelser{list-style:none;padding:0;margin:0}
ol.hendelser>li{border-left:4px solid var(--kant);padding:.25rem 0 .75rem 1rem;margin:0 0 1rem}
ol.hendelser h3{margin:.25rem 0}
.dokumenter{padding-left:1.25rem}
figure.diagram{margin:1.25rem 0}figure.diagram img{max-width:100%;height:auto;border:1px solid var(--kant)}
figure.diagram figcaption,table caption{color:var(--grå);font-size:.9rem;text-align:left;margin:.3rem 0}
footer{border-top:1px solid var(--kant);margin-top:3rem;padding:1rem 1.5rem;color:var(--grå);font-size:.9rem;text-align:center}
.feil{border:2px solid #a4161a;background:#fdecea;padding:1rem}
.feil code{display:block;white-space:pre-wrap;font-size:1rem;margin:.25rem 0}
@media print{
 .hopp,.topp nav,main nav,footer .lenker{display:none}
 .topp{background:none;color:#000;padding:0}.topp a{color:#000;text-decoration:none}
 .side{max-width:none;padding:0}
 body{font-size:11pt}
 h1,h2,h3{color:#000;break-after:avoid}
 tr,dl.punkter dd,ol.hendelser>li{break-inside:avoid}
 th{background:#eee;color:#000}
 main a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}
 .banner{border:1px solid #000;background:none}
}
""".strip()
    + "\n"
)


def rel(here: str, target: str) -> str:
    """The relative link from the page ``here`` to ``target`` (site paths, POSIX)."""
    from urllib.parse import quote

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
    from workflow import __version__

    items = []
    for label, target in frame.menu:
        current = ' aria-current="page"' if target == path else ""
        items.append(f'<li><a href="{rel(path, target)}"{current}>{h(label)}</a></li>')
    from workflow.site.words import WORDS

    w = WORDS[frame.lang]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{frame.lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="plan-workflow {h(__version__)}">',
        f"<title>{h(title)} – {h(frame.title)}</title>" if title != frame.title else f"<title>{h(title)}</title>",
        f'<link rel="stylesheet" href="{rel(path, STYLESHEET)}">',
        "</head>",
        "<body>",
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
    out += ["</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")
