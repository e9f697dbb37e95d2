"""One HTML page shell and one stylesheet for everything the tool writes as HTML: the pages of
the web site (which link the stylesheet as ``stil.css``), the plan's HTML export and the change
report (which carry it inline, so each file stands alone). Pure: strings in, text out."""

from __future__ import annotations

from workflow import __version__
from workflow.text.markdown import html_escape

STYLESHEET = "stil.css"  # the stylesheet's file name on the web site

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
.undertittel{margin:.1rem 0}
.merknad{font-size:.9rem}
header.forside{border-bottom:3px solid var(--bla);margin-bottom:1.5rem}
nav.innhold ol{padding-left:1.25rem}
figure.indikator{margin:1.25rem 0}figure.indikator img{max-width:100%;height:auto}
@media print{
 .hopp,.topp nav,main nav,nav.innhold,footer .lenker{display:none}
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


def html_page(title: str, body: list[str], *, lang: str = "nb", stylesheet: str | None = None) -> str:
    """A complete page: ``body`` (lines of HTML, already escaped) inside the shared head, with
    the stylesheet linked at the relative address ``stylesheet`` or, without one, inline."""
    style = f'<link rel="stylesheet" href="{html_escape(stylesheet)}">' if stylesheet else f"<style>\n{CSS}</style>"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{html_escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="plan-workflow {html_escape(__version__)}">',
        f"<title>{html_escape(title)}</title>",
        style,
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
