"""PDF/A-2b with real LibreOffice: the text, the filled table of contents, the PDF/A
declaration, parallel conversions, and the message when LibreOffice is missing.

These tests run wherever ``soffice`` is installed; in CI (CI=true) a missing LibreOffice is a
failure, not a skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from support import needs_soffice, pdftotext
from workflow.plan.load import load_project
from workflow.documents.pdf import to_pdfa
from workflow.plan.source import WorkTree

PLAN_PDF = "os-naeringsplan-2020-2028.pdf"
CASE_PDF = "os-naeringsplan-2020-2028-saksframlegg.pdf"


def declares_pdfa_2b(path: Path) -> bool:
    data = path.read_bytes()
    part = re.search(rb"pdfaid:part(?:>|=\")2", data)
    conformance = re.search(rb"pdfaid:conformance(?:>|=\")B", data)
    return bool(part and conformance)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """`plan build --pdf` once, on a copy of the Os plan outside git."""
    from click.testing import CliRunner

    from workflow.cli.main import main

    root = Path(__file__).resolve().parents[2]
    target = tmp_path_factory.mktemp("pdf") / "os"
    shutil.copytree(root / "plan", target / "plan")
    result = CliRunner().invoke(main, ["-C", str(target), "build", "--pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target


@needs_soffice
def test_pdf_holds_the_plan_and_declares_pdfa(built):
    project, _ = load_project(WorkTree(built))
    out = built / "output"
    text = " ".join(pdftotext(out / PLAN_PDF).split())
    assert "Strategisk næringsplan for Os kommune 2020–2028" in text
    for area in project.plan.focus_areas:
        assert area.name in text
    for measure in project.plan.all_measures():
        assert re.search(rf"(?<![\w.]){re.escape(measure.id)}(?![\w.])", text), measure.id
    assert "75 000 kr" in text
    for name in (PLAN_PDF, CASE_PDF):
        assert declares_pdfa_2b(out / name), name
    case = " ".join(pdftotext(out / CASE_PDF).split())
    assert "Saksframlegg" in case and "Rådmannens innstilling" in case
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"][PLAN_PDF]["derived_from"] == "os-naeringsplan-2020-2028.docx"


@needs_soffice
def test_table_of_contents_lists_the_focus_areas_with_pages(built):
    project, _ = load_project(WorkTree(built))
    contents = pdftotext(built / "output" / PLAN_PDF, 2)
    assert "Innhold" in contents
    for number, area in enumerate(project.plan.focus_areas, start=1):
        assert re.search(rf"Satsingsområde {number}: {re.escape(area.name)}\s*\.*\s*\d+", contents), area.name


@needs_soffice
def test_parallel_conversions_do_not_clash(built, tmp_path):
    docs = []
    for i in (1, 2):
        folder = tmp_path / f"job{i}"
        folder.mkdir()
        copy = folder / f"sak{i}.docx"
        shutil.copy(built / "output" / "os-naeringsplan-2020-2028-saksframlegg.docx", copy)
        docs.append(copy)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda doc: to_pdfa([doc], doc.parent), docs))
    for doc, (pdf,) in zip(docs, results):
        assert pdf == doc.with_suffix(".pdf") and declares_pdfa_2b(pdf)
        assert not [p for p in doc.parent.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_without_libreoffice_the_message_says_how_to_install(plan_dir, cli, monkeypatch, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    git = shutil.which("git")
    if git:
        (bin_dir / "git").symlink_to(git)
    monkeypatch.setenv("PATH", str(bin_dir))
    result = cli(plan_dir, "build", "--pdf")
    assert result.exit_code == 1
    assert "libreoffice-writer-nogui" in result.output and "soffice" in result.output
    assert not (plan_dir / "output").exists()  # refused before writing anything


@needs_soffice
def test_situation_analysis_pdf_has_its_charts(built):
    """Issue 14: the third document as PDF/A, with the charts as pictures and the TOC filled."""
    out = built / "output"
    text = " ".join(pdftotext(out / "os-staastedsanalyse.pdf").split())
    assert "Ståstedsanalyse for næringslivet i Os kommune" in text
    assert "Figur 1: Folketallet i Os 1. januar" in text and "Pendling" in text
    listed = subprocess.run(
        ["pdfimages", "-list", str(out / "os-staastedsanalyse.pdf")], check=True, capture_output=True, text=True
    )
    assert len([line for line in listed.stdout.splitlines()[2:] if " image " in line]) >= 4
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["os-staastedsanalyse.pdf"]["derived_from"] == "os-staastedsanalyse.docx"


@needs_soffice
def test_pdf_with_lang_c_and_a_path_with_norwegian_letters_and_spaces(tmp_path):
    """LANG=C/LC_ALL=C and a folder «Næringsplan for Ås/ø» with spaces: LibreOffice still finds
    the files (it is given a UTF-8 locale of its own)."""
    import sys

    root = Path(__file__).resolve().parents[2]
    target = tmp_path / "Næringsplan for Ås" / "mappe ø"
    shutil.copytree(root / "plan", target / "plan")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE")}
    env.update(LANG="C", LC_ALL="C", PYTHONUTF8="0")
    done = subprocess.run(
        [sys.executable, "-m", "workflow", "build", "--pdf", "-o", str(target / "utdata æøå")],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = target / "utdata æøå" / CASE_PDF
    assert declares_pdfa_2b(pdf) and "Saksframlegg" in pdftotext(pdf, 1)
