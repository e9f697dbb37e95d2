"""The first page of a Word redline: the same summary as every other diff format (counts of
changed items, cost per year before and after), then a page break and the plan document with
tracked changes.

The page is plain text, not a tracked change: accepting every tracked change gives the summary
page and B's document, rejecting every one the summary page and A's. It uses only the template's
«Title», «Subtitle» and «Tabelltekst» styles when they exist, and no heading style, so the
table of contents does not list it.
"""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

from lxml import etree

from workflow.changes import sentences as w
from workflow.changes.report import small_print, title
from workflow.documents.docxpackage import W, Package, q
from workflow.text.markdown import clean, escape

if TYPE_CHECKING:
    from workflow.changes.report import Report

END_OF_SUMMARY = "Denne siden er ikke en del av planen."
MARKED = "Endringene er markert som sporede endringer i planen som følger, og kan godtas eller forkastes i Word eller LibreOffice."
STYLES = "word/styles.xml"


def with_summary(docx: bytes | Package, report: Report, language: str = "bokmål") -> bytes:
    """``docx`` (a redline) with the summary page of ``report`` first, in ``language`` (the
    plan's målform)."""
    pkg = docx if isinstance(docx, Package) else Package(docx)
    styles = pkg.parts.get(STYLES, b"")
    has = {
        name for name in ("Title", "Subtitle", "Tabelltekst", "Tabellhode") if f'w:styleId="{name}"'.encode() in styles
    }
    body = pkg.body()
    blocks = _blocks(report, has, language)
    for i, xml in enumerate(blocks):
        body.insert(i, etree.fromstring(xml))
    _own_section(pkg, body[len(blocks) - 1])
    return pkg.save()


SECTION_AFTER_PGNUM = (  # what follows w:pgNumType in a w:sectPr (schema order)
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def _own_section(pkg: Package, page_break: etree._Element) -> None:
    """The summary page is a section of its own, without the plan's footer, and the plan's
    pages are numbered from 1 after it: «Side 6» in the redline is page 6 of the plan. The
    footer's total («av 15») would count the summary page too (LibreOffice has no count of a
    section's pages), so the redline's footers give the page number alone. ``page_break``:
    the summary's last paragraph, which becomes the section break."""
    last = pkg.body().find(q("sectPr"))
    if last is None:
        return
    first = etree.fromstring(etree.tostring(last))
    for el in [*first.iterchildren(q("headerReference"), q("footerReference"), q("titlePg"))]:
        first.remove(el)
    for r in [*page_break.iterchildren(q("r"))]:
        page_break.remove(r)
    ppr = etree.SubElement(page_break, q("pPr"))
    ppr.append(first)
    numbering = last.find(q("pgNumType")) if last.find(q("pgNumType")) is not None else etree.Element(q("pgNumType"))
    numbering.set(q("start"), "1")
    if numbering.getparent() is None:
        later = next((c for c in last if etree.QName(c).localname in SECTION_AFTER_PGNUM), None)
        last.insert(last.index(later) if later is not None else len(last), numbering)
    for name in [n for n in pkg.parts if n.startswith("word/footer") and n.endswith(".xml")]:
        pkg.parts[name] = _without_total(pkg.parts[name])


def _without_total(footer: bytes) -> bytes:
    """A footer without « av {NUMPAGES}»: the run before the field and the field's runs."""
    root = etree.fromstring(footer)
    for instr in root.iter(q("instrText")):
        if (instr.text or "").split() != ["NUMPAGES"]:
            continue
        run = instr.getparent()
        runs = [*run.getparent().iterchildren(q("r"))]
        at = runs.index(run)
        kinds = [{f.get(q("fldCharType")) for f in r.iter(q("fldChar"))} for r in runs]
        begins = [i for i in range(at + 1) if "begin" in kinds[i]]
        ends = [i for i in range(at, len(runs)) if "end" in kinds[i]]
        if not begins or not ends:
            break
        begin, end = begins[-1], ends[0]
        before = runs[begin - 1] if begin > 0 else None
        doomed = runs[begin : end + 1]
        if before is not None and "".join(t.text or "" for t in before.iter(q("t"))).strip() == "av":
            doomed.insert(0, before)
        for r in doomed:
            r.getparent().remove(r)
        break
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(clean(text))}</w:t>'


def _p(text: str, style: str | None = None, has: Container[str] = (), bold: bool = False, right: bool = False) -> str:
    props = ""
    if style in has:
        props += f'<w:pStyle w:val="{style}"/>'
    if right:
        props += '<w:jc w:val="right"/>'
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (
        f'<w:p xmlns:w="{W}">'
        + (f"<w:pPr>{props}</w:pPr>" if props else "")
        + f"<w:r>{run_props}{_t(text)}</w:r></w:p>"
    )


def _table(head: list[str], rows: list[list[str]], widths: list[int], right: set[int], has: Container[str]) -> str:
    edge = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
    borders = "".join(edge.format(e) for e in ("top", "bottom", "insideH"))
    grid = "".join(f'<w:gridCol w:w="{wd}"/>' for wd in widths)
    out = [
        f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    for n, row in enumerate([head, *rows]):
        cells = []
        for i, (text, wd) in enumerate(zip(row, widths)):
            style = "Tabellhode" if n == 0 and "Tabellhode" in has else "Tabelltekst"
            p = _p(text, style, has, bold=n == 0 or row[0] == "Sum", right=i in right)
            p = p.replace(f' xmlns:w="{W}"', "")
            fill = '<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>' if n == 0 and "Tabellhode" in has else ""
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{wd}" w:type="dxa"/>{fill}</w:tcPr>{p}</w:tc>')
        header = "<w:trPr><w:tblHeader/></w:trPr>" if n == 0 else ""
        out.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _space() -> str:
    return f'<w:p xmlns:w="{W}"/>'


def _blocks(report: Report, has: Container[str], language: str = "bokmål") -> list[str]:
    def word(text: str) -> str:
        return w.in_language(language, text)

    summary = report.summary
    blocks = [_p(title(report, language), "Title", has)]
    small = small_print(report)
    if small:
        blocks.append(_p(small, "Subtitle", has))
    blocks.append(_p(word("Sammendrag"), bold=True))
    if not summary["total"]:
        blocks.append(_p(word("Ingen endringer.")))
    else:
        rows = [[kind, str(n), what] for kind, n, what in w.count_rows(summary, language)]
        blocks += [_table(["Endring", word("Antall"), word("Hva")], rows, [2400, 1200, 5400], {1}, has), _space()]
    blocks.append(_p("Kostnad per år", bold=True))
    cost_rows = w.cost_rows(summary)
    if cost_rows is None:
        blocks.append(_p(w.cost_unchanged(summary, language)))
    else:
        blocks += [
            _table(["År", "Før (kr)", "Etter (kr)", "Endring"], cost_rows, [1800, 2400, 2400, 2400], {1, 2, 3}, has),
            _space(),
        ]
    blocks.append(_p(f"{word(MARKED)} {word(END_OF_SUMMARY)}"))
    blocks.append(f'<w:p xmlns:w="{W}"><w:r><w:br w:type="page"/></w:r></w:p>')
    return blocks
