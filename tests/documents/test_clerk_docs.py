"""Every document a clerk can file unchanged (issue 21): read as a person reads them — the PDF
text from LibreOffice, or the DOCX text in reading order — for the demo (built once for the
module, its PDFs converted in one LibreOffice run), a nynorsk joint plan and a new plan from
``plan init``."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from support import needs_soffice
from workflow.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
NYNORSK_PLAN = ROOT / "tests" / "data" / "plans" / "felles-nynorsk"

PLAN = "os-naeringsplan-2020-2028.docx"
CASE = "os-naeringsplan-2020-2028-saksframlegg.docx"
INPUT = "os-naeringsplan-2020-2028-innspill.docx"
SITUATION = "os-staastedsanalyse.docx"
INVITATION = "os-invitasjon-samling-1.docx"
ACTION_CASE = "os-naeringsplan-2020-2028-handlingsplan-2022-saksframlegg.docx"


def run(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["-C", str(folder), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def text_in_order(path: Path) -> list[str]:
    """The DOCX body as read: paragraphs and table cells (row by row) in document order."""
    document = docx.Document(io.BytesIO(path.read_bytes()))
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter(docx.oxml.ns.qn("w:t"))))
        elif tag == "tbl":
            for row in block.iter(docx.oxml.ns.qn("w:tr")):
                cells = [
                    "".join(t.text or "" for t in tc.iter(docx.oxml.ns.qn("w:t")))
                    for tc in row.iter(docx.oxml.ns.qn("w:tc"))
                ]
                lines.append(" | ".join(cells))
    return [line.replace("\u00a0", " ") for line in lines if line.strip()]


def pdf_pages(path: Path) -> list[str]:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return done.stdout.replace("\u00a0", " ").split("\f")[:-1]


def body_lines(page: str) -> list[str]:
    """A page's lines without its footer (the line with «Side N»)."""
    return [line.strip() for line in page.splitlines() if line.strip() and not re.search(r"\bSide \d+", line)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo repository with its documents, the case at the draft's, formannskapet's and the
    hearing's tags, the redline of the hearing's changes, and PDFs of the documents at HEAD, the
    redline and formannskapet's case (one LibreOffice run)."""
    from workflow.documents.pdf import to_pdfa

    base = tmp_path_factory.mktemp("clerk")
    target = base / "os"
    run(base, "demo", str(target))
    out = {"head": target / "output"}
    tags = (("draft", "prosjektgruppe/2020-04-20"), ("fsk", "formannskap/2020-05-12"), ("hearing", "horing/2020-05-14"))
    for name, tag in tags:
        run(target, "build", "--rev", tag, "-o", str(base / name))
        out[name] = base / name
    redline = base / "redline" / "endringer.docx"
    redline.parent.mkdir()
    run(target, "diff", "formannskap/2020-05-12", "kommunestyre/2020-06-18", "--format", "docx", "-o", str(redline))
    out["redline"] = redline.parent
    pdfs = base / "pdf"
    pdfs.mkdir()
    fsk_case = shutil.copy(base / "fsk" / CASE, base / "fsk" / "formannskap-saksframlegg.docx")
    if shutil.which("soffice"):
        to_pdfa([*sorted(out["head"].glob("*.docx")), redline, Path(fsk_case)], pdfs)
    out["pdf"] = pdfs
    return out


@pytest.fixture(scope="module")
def nynorsk(tmp_path_factory):
    """The nynorsk joint plan (Re and Tønsberg) built outside git: the case to the first body."""
    target = tmp_path_factory.mktemp("nn") / "plan"
    shutil.copytree(NYNORSK_PLAN, target)
    run(target, "build", "-o", str(target / "output"))
    return target / "output"


@pytest.fixture(scope="module")
def new_plans(tmp_path_factory):
    """New plans from ``plan init`` (bokmål and nynorsk), built: the case to formannskapet."""
    base = tmp_path_factory.mktemp("init")
    built = {}
    for language, name in (("bokmål", "Tolga"), ("nynorsk", "Tynset")):
        folder = base / name.lower()
        args = ["init", str(folder), "--kommune", name, "--nummer", "3426"]
        run(base, *args, *(["--målform", "nynorsk"] if language == "nynorsk" else []))
        run(folder, "build", "-o", str(folder / "output"))
        built[language] = folder
    return built


def case_name(folder: Path) -> Path:
    return next(folder.glob("*-saksframlegg.docx"))


# --- titles and names ---------------------------------------------------------------------------


@needs_soffice
def test_titles_names_addresses_and_phone_numbers_are_never_hyphenated_or_split(demo):
    pdfs = demo["pdf"]
    everything = {p.name: "\f".join(pdf_pages(p)) for p in sorted(pdfs.glob("*.pdf"))}
    assert len(everything) == 11
    for name, text in everything.items():
        lines = text.splitlines()
        for line, following in zip(lines, lines[1:]):
            broken = line.rstrip().endswith("-") and line.rstrip()[-2:-1].isalpha()
            named = " ".join(line.split()[-2:]) if line.rstrip().endswith(" Os kom-") else (line.split() or [""])[-1]
            # the kommune's name, a title word, an e-mail address (body text may hyphenate)
            assert not (
                broken and re.match(r"(Os kom-|slutt-|sluttbehand-|merknadsbehand-|postmot-|merknads-)", named)
            ), (
                name,
                line,
                following,
            )
    case = everything[CASE.replace(".docx", ".pdf")]
    assert "Strategisk næringsplan for Os kommune 2020–2028 – sluttbehandling" in " ".join(case.split())
    letter = everything[INVITATION.replace(".docx", ".pdf")]
    assert "postmottak@os.kommune.no" in letter
    assert "tlf. 62 47 00 00" in letter  # on one line: no-break spaces


@pytest.mark.parametrize("folder", ["templates", "templates/nn"])
def test_every_template_keeps_titles_headings_and_names_whole(folder):
    """Every document kind, bokmål and nynorsk, and what ``plan init`` copies: title, subtitle,
    headings, the kommune's name, table heads and the footer (the document's title) are never
    hyphenated; only body text is."""
    for path in sorted((ROOT / folder).glob("*.docx")):
        document = docx.Document(str(path))
        for style in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Kommunenavn", "Bunntekst"):
            ppr = document.styles[style].element.pPr
            assert ppr is not None and ppr.find(docx.oxml.ns.qn("w:suppressAutoHyphens")) is not None, (path, style)
        normal = document.styles["Normal"].element.pPr
        assert normal is None or normal.find(docx.oxml.ns.qn("w:suppressAutoHyphens")) is None  # body text is


def test_the_situation_analysis_keeps_the_kommunes_capital(demo):
    lines = text_in_order(demo["head"] / SITUATION)
    subtitle = next(line for line in lines if line.startswith("Kunnskapsgrunnlag for"))
    assert subtitle == "Kunnskapsgrunnlag for strategisk næringsplan for Os kommune 2020–2028"


# --- the attachments ----------------------------------------------------------------------------


def attachments(lines: list[str]) -> list[str]:
    start = lines.index("Vedlegg") + 1
    return lines[start : lines.index("Saksopplysninger", start)]


def test_vedlegg_lists_what_is_sent_with_the_case_by_title(demo, tmp_path):
    listed = attachments(text_in_order(demo["head"] / CASE))
    assert listed == [
        "Strategisk næringsplan for Os kommune 2020–2028",
        "Ståstedsanalyse for næringslivet i Os kommune",
        "Innkomne innspill og merknadsbehandling",
    ]
    assert not any(".docx" in line for line in listed)


def test_sak_yaml_adds_attachments_but_cannot_drop_one_that_is_built(tmp_path):
    plan = tmp_path / "os"
    shutil.copytree(ROOT / "plan", plan / "plan")
    sak = plan / "plan" / "sak.yaml"
    text = sak.read_text(encoding="utf-8")
    text = text.replace("  - Ståstedsanalyse for næringslivet i Os kommune\n", "")
    text = text.replace(
        "  - Innkomne innspill og merknadsbehandling\n",
        "  - Innkomne innspill og merknadsbehandling\n  - tittel: Kart over næringsarealer\n    fil: vedlegg/kart.pdf\n",
    )
    sak.write_text(text, encoding="utf-8")
    (plan / "vedlegg").mkdir()
    (plan / "vedlegg" / "kart.pdf").write_bytes(b"%PDF-1.4\n")
    run(plan, "build", "-o", str(plan / "output"))
    assert attachments(text_in_order(plan / "output" / CASE)) == [
        "Strategisk næringsplan for Os kommune 2020–2028",
        "Innkomne innspill og merknadsbehandling",
        "Kart over næringsarealer",
        "Ståstedsanalyse for næringslivet i Os kommune",  # sent with the case: listed all the same
    ]


def test_check_strict_warns_when_the_text_refers_to_an_attachment_not_listed(tmp_path):
    plan = tmp_path / "os"
    shutil.copytree(ROOT / "plan", plan / "plan")
    sak = plan / "plan" / "sak.yaml"
    text = sak.read_text(encoding="utf-8")
    sak.write_text(text.replace("samlet i vedlegg 3", "samlet i vedlegg 5"), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(plan), "check", "--strict"], catch_exceptions=False)
    assert result.exit_code == 1
    assert re.search(
        r"plan/sak\.yaml:\d+:1: advarsel: teksten viser til vedlegg 5, men saken har 3 vedlegg", result.output
    )
    sak.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["-C", str(plan), "check", "--strict"]).exit_code == 0


# --- who proposes what --------------------------------------------------------------------------


def test_the_hearing_case_opens_with_the_decision_to_send_the_plan_on_hearing(demo):
    lines = text_in_order(demo["hearing"] / CASE)
    saksgang = lines[
        lines.index("Utvalg | Møtedato | Utvalgssaksnr.") + 1 : lines.index("Utvalg | Møtedato | Utvalgssaksnr.") + 3
    ]
    assert saksgang == ["Formannskapet | 12.05.2020 | PS 12/20", "Kommunestyret |  | "]
    assert not any(line.startswith("Offentlig høring |") for line in lines)  # the hearing is no meeting
    title = lines.index(
        next(line for line in lines if line.startswith("Strategisk næringsplan for Os kommune 2020–2028 –"))
    )
    assert lines[title + 1 : title + 3] == [
        "Formannskapets vedtak",
        "Planen legges ut til offentlig høring med frist 5. juni 2020.",
    ]
    assert "Rådmannens innstilling" not in lines


def test_the_first_case_to_formannskapet_asks_for_the_hearing(demo, nynorsk, new_plans):
    lines = text_in_order(demo["draft"] / CASE)
    title = next(line for line in lines if line.startswith("Strategisk næringsplan for Os kommune 2020–2028"))
    assert title == "Strategisk næringsplan for Os kommune 2020–2028 – utlegging til offentlig høring"
    assert not any("sluttbehandling" in line for line in lines)
    proposal = lines[lines.index("Rådmannens innstilling") + 1]
    assert "høring" in proposal and "vedtar" not in proposal
    nn = text_in_order(case_name(nynorsk))
    assert "Felles strategisk næringsplan for Re og Tønsberg 2019–2022 – utlegging til offentleg høyring" in nn
    proposal = nn[nn.index("Innstilling frå kommunedirektøren") + 1]
    assert (
        proposal
        == "Forslaget til felles strategisk næringsplan for Re og Tønsberg 2019–2022 blir lagt ut til offentleg høyring."
    )
    for language, folder in new_plans.items():
        new = text_in_order(case_name(folder / "output"))
        assert any(
            line.endswith(("– utlegging til offentlig høring", "– utlegging til offentleg høyring")) for line in new
        )
        assert not any("sluttbehandling" in line for line in new)
        before = "før høyringa" if language == "nynorsk" else "før høringen"
        assert any(before in line for line in new)  # plan init asks for the hearing innstilling, in the plan's language


def test_the_demos_innstillinger_are_proposed_decisions(demo):
    tag = subprocess.run(
        ["git", "tag", "-l", "--format=%(contents)", "handlingsplan-2022/formannskap/2021-11-18"],
        cwd=demo["head"].parent,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "rår kommunestyret" not in tag and "innstilling: Kommunestyret vedtar" in tag
    lines = text_in_order(demo["head"] / CASE)
    assert lines[lines.index("Formannskapets innstilling") + 1].startswith("Kommunestyret vedtar")


# --- Norwegian ----------------------------------------------------------------------------------


def test_counts_are_written_in_norwegian_words(demo):
    from workflow.text.norwegian import count_words

    lines = text_in_order(demo["head"] / CASE)
    assert any(line.startswith("Det er holdt to samlinger: 6. februar 2020") for line in lines)
    assert "Det kom ni høringsuttalelser." in " ".join(lines)
    assert count_words(1, "høringsuttalelse", "høringsuttalelser") == "én høringsuttalelse"
    assert count_words(1, "samling", "samlingar", "f", "nynorsk") == "éi samling"
    action = " ".join(text_in_order(demo["head"] / ACTION_CASE))
    assert re.search(r"\b1 nytt tiltak,", action) and "1 nye" not in action


def test_one_section_on_participation_and_the_hearing(demo):
    lines = text_in_order(demo["head"] / CASE)
    assert [line for line in lines if line.startswith("Medvirkning")] == ["Medvirkning og høring"]
    section = lines[lines.index("Medvirkning og høring") : lines.index("Sammendrag av planen")]
    assert sum("5. juni" in line for line in section) == 1  # the hearing period once


# --- page layout --------------------------------------------------------------------------------


@needs_soffice
def test_no_page_holds_only_a_closing_line_a_table_row_or_a_signature(demo):
    for pdf in sorted(demo["pdf"].glob("*.pdf")):
        for number, page in enumerate(pdf_pages(pdf), start=1):
            assert len(body_lines(page)) > 2, (pdf.name, number, body_lines(page))
    plan = pdf_pages(demo["pdf"] / PLAN.replace(".docx", ".pdf"))
    for page in plan:
        if "Samlet kostnadsoverslag i planperioden" in page:  # the sum line with the measures it sums
            assert re.search(r"\bT\d\.\d+\b", page.split("Samlet kostnadsoverslag")[0]), page
    letter = pdf_pages(demo["pdf"] / INVITATION.replace(".docx", ".pdf"))
    closing = next(page for page in letter if "Med vennlig hilsen" in page)
    assert "Vi håper å se deg!" in closing and "Ordfører" in closing


@needs_soffice
def test_the_redlines_page_numbers_count_the_plans_pages(demo):
    plan = pdf_pages(demo["pdf"] / PLAN.replace(".docx", ".pdf"))
    redline = pdf_pages(demo["pdf"] / "endringer.pdf")
    assert len(redline) >= len(plan) + 1  # the summary page first
    assert not re.search(r"\bSide \d", redline[0])  # the summary is not a page of the plan
    last = re.findall(r"\bSide (\d+)(?: av (\d+))?", redline[-1])
    assert last and int(last[-1][0]) == len(redline) - 1
    assert not any(total for _, total in last)  # no total that counts the summary page
