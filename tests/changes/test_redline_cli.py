"""``plan diff A B --format docx`` end to end, on plan pairs in git: the redline is made from
A's plan document rendered in a second process beside B's, each from its own revision's files
and template. Whatever changed (one measure, whole focus areas, the template), accepting every
tracked change must give the plan document ``plan build --rev B`` builds, rejecting every one
the one of A (pandoc and LibreOffice as the readers); the file passes the OOXML schemas, every change is
authored by the body of B's stage tag, and the same pair gives the same bytes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import GitRepo
from support import libreoffice_resolved, needs_pandoc, text_lines, words
from workflow.changes.summarypage import END_OF_SUMMARY
from workflow.plan.model import Treatment
from workflow.process.tags import format_message
from workflow.resources import default_templates_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate  # noqa: E402

pytestmark = needs_pandoc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A_TAG, B_TAG = "prosjektgruppe/2020-03-19", "formannskap/2020-05-12"
TEMPLATE_TEXT = "Ambisjonene er målbare mål for planperioden."


def _tagged(repo: GitRepo, files: dict, name: str, outcome: str, templates: dict[str, bytes] | None = None) -> None:
    """Commit ``files`` (and ``templates/``, or none) and tag the commit as stage ``name``."""
    generate.write_plan(repo.path, files)
    shutil.rmtree(repo.path / "templates", ignore_errors=True)
    for rel, data in (templates or {}).items():
        (repo.path / "templates").mkdir(exist_ok=True)
        (repo.path / "templates" / rel).write_bytes(data)
    body, date = name.split("/")
    repo.commit(f"Klar for {body}", date=date)
    treatment = Treatment.model_validate({"organ": body, "dato": date, "utfall": outcome})
    repo.git("tag", "-a", name, "-m", format_message(treatment), date=date)


def _pair(tmp_path: Path, first: dict, second: dict, templates_a: dict[str, bytes] | None = None) -> GitRepo:
    (tmp_path / "plan").mkdir()
    repo = GitRepo(tmp_path / "plan")
    (repo.path / ".gitignore").write_text("/output/\n")
    _tagged(repo, first, A_TAG, "utkast", templates_a)
    _tagged(repo, second, B_TAG, "innstilling")
    return repo


def _pandoc(path: Path, mode: str, to: str = "plain") -> str:
    cmd = ["pandoc", f"--track-changes={mode}", "-f", "docx", "-t", to, "--wrap=none", "--columns=10000", str(path)]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120).stdout


def _plan_part(text: str) -> str:
    before, marker, after = words(text).partition(END_OF_SUMMARY)
    assert marker and "Sammendrag" in before
    return after.strip()


def _check_redline(repo: GitRepo, cli, validate_docx, tmp_path: Path) -> bytes:
    target = tmp_path / "endringer.docx"
    result = cli(repo.path, "diff", A_TAG, B_TAG, "--format", "docx", "-o", str(target))
    assert result.exit_code == 0, result.output
    built = {}
    for tag in (A_TAG, B_TAG):
        out = tmp_path / tag.split("/")[0]
        result = cli(repo.path, "build", "--rev", tag, "-o", str(out))
        assert result.exit_code == 0, result.output
        built[tag] = next(p for p in out.glob("*.docx") if not p.stem.endswith("saksframlegg"))
    assert _plan_part(_pandoc(target, "accept")) == words(_pandoc(built[B_TAG], "accept"))
    assert _plan_part(_pandoc(target, "reject")) == words(_pandoc(built[A_TAG], "accept"))
    data = target.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert re.findall(r"<w:(?:ins|del|moveFrom|moveTo) [^>]*w:author=\"([^\"]*)\"", xml)  # there are changes
    assert set(re.findall(r"w:author=\"([^\"]*)\"", xml)) == {"Formannskapet"}
    validate_docx(target)
    _check_relationships(data, built[A_TAG], built[B_TAG])
    _check_with_libreoffice(target, built[A_TAG], built[B_TAG], tmp_path)
    again = tmp_path / "igjen.docx"
    assert cli(repo.path, "diff", A_TAG, B_TAG, "--format", "docx", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == data  # deterministic
    return data


def _pictures(data: bytes) -> set[bytes]:
    """The bytes of every picture the main document of a .docx shows, found through its
    relationships; an id that names no relationship, or a part that is missing, fails."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
        rels = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', zf.read("word/_rels/document.xml.rels").decode()))
        used = set(re.findall(r'r:(?:id|embed|link)="([^"]+)"', xml))
        assert used <= set(rels), sorted(used - set(rels))
        return {zf.read(f"word/{rels[rid]}") for rid in used if rels[rid].startswith("media/")}


def _check_relationships(data: bytes, a: Path, b: Path) -> None:
    """The redline shows A's pictures and B's, each from its own bytes: a picture put back
    from A (deleted with its focus area) never shows one of B's (the schemas do not check this)."""
    assert _pictures(data) == _pictures(a.read_bytes()) | _pictures(b.read_bytes())


def _check_with_libreoffice(red: Path, a: Path, b: Path, tmp_path: Path) -> None:
    """LibreOffice's «accept all» gives B's text, «reject all» A's (after the summary page)."""
    libreoffice_resolved(red, a, b, tmp_path)

    def plan_lines(path: Path) -> list[str]:
        lines = text_lines(path)
        end = next(i for i, line in enumerate(lines) if line.endswith(END_OF_SUMMARY))
        return lines[end + 1 :]

    assert plan_lines(tmp_path / "accepted.txt") == text_lines(tmp_path / "b.txt")
    assert plan_lines(tmp_path / "rejected.txt") == text_lines(tmp_path / "a.txt")


def test_one_measure_changed_in_one_focus_area(tmp_path, cli, validate_docx):
    first = generate.plan_data(12, 3, seed=5)
    second = generate.revise(first, seed=6, share=0.0)  # nothing else changes
    area = second["plan/satsingsomrader/so02.yaml"]
    area["tiltak"][1]["tekst"] = area["tiltak"][1]["tekst"].rstrip(".") + ", også for ungdom."
    repo = _pair(tmp_path, first, second)
    data = _check_redline(repo, cli, validate_docx, tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "også for ungdom" in xml and xml.count("<w:ins ") >= 1


@pytest.mark.parametrize("change", ["added and removed", "moved"])
def test_focus_areas_added_removed_and_moved(change, tmp_path, cli, validate_docx):
    """A focus area moved is inserted whole at its new place (heading, text, tables) right after
    a paragraph that stays: rejecting must not merge that paragraph into the moved area's.
    The removed area shows a chart: put back as deleted, it shows A's picture."""
    first = generate.plan_data(12, 3, seed=7)
    ambition = first["plan/satsingsomrader/so02.yaml"]["ambisjoner"][0]
    ambition["datapunkter"] = [{"verdi": ambition["utgangspunkt"]["verdi"] + 10, "år": 2019}]
    second = dict(first)
    order = ["satsingsomrader/so01.yaml", "satsingsomrader/so02.yaml", "satsingsomrader/so03.yaml"]
    if change == "moved":
        order = [order[2], order[0], order[1]]
    else:
        del second["plan/satsingsomrader/so02.yaml"]
        second["plan/satsingsomrader/so04.yaml"] = generate.plan_data(16, 4, seed=8)["plan/satsingsomrader/so04.yaml"]
        order = [order[0], "satsingsomrader/so04.yaml", order[2]]
    second["plan/plan.yaml"] = {**first["plan/plan.yaml"], "satsingsområder": order}
    repo = _pair(tmp_path, first, second)
    _check_redline(repo, cli, validate_docx, tmp_path)


def test_the_template_differs_between_a_and_b(tmp_path, cli, validate_docx):
    """A was built with a plan template of its own (other fixed text, a heading renamed), B with
    the shipped one: each side is rendered through its own revision's template."""
    shipped = (default_templates_dir() / "plan.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(shipped)) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert xml.count(TEMPLATE_TEXT) == 1 and xml.count(">Visjon<") == 1
    xml = xml.replace(TEMPLATE_TEXT, "Ambisjonene måles hvert år i planperioden.").replace(">Visjon<", ">Vår visjon<")
    parts["word/document.xml"] = xml.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    first = generate.plan_data(12, 3, seed=9)
    second = generate.revise(first, seed=10, share=0.2)
    repo = _pair(tmp_path, first, second, templates_a={"plan.docx": out.getvalue()})
    data = _check_redline(repo, cli, validate_docx, tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = re.sub(r"<[^>]+>", "", zf.read("word/document.xml").decode("utf-8"))
    assert "Vår visjon" in text and "Ambisjonene måles hvert år" in text  # A's fixed text, as deleted


def test_a_nynorsk_plans_redline_has_its_summary_page_in_nynorsk(tmp_path, cli, validate_docx):
    """The summary page speaks the plan's målform, and after it the plan document with tracked
    changes is still B's (accept) and A's (reject)."""
    from workflow.changes.sentences import in_language

    first = generate.plan_data(12, 3, seed=5)
    first["plan/plan.yaml"]["målform"] = "nynorsk"
    second = generate.revise(first, seed=6, share=0.0)
    area = second["plan/satsingsomrader/so02.yaml"]
    area["tiltak"][1]["tekst"] = area["tiltak"][1]["tekst"].rstrip(".") + ", også for ungdom."
    repo = _pair(tmp_path, first, second)
    target = tmp_path / "endringar.docx"
    assert cli(repo.path, "diff", A_TAG, B_TAG, "--format", "docx", "-o", str(target)).exit_code == 0
    summary, marker, plan = words(_pandoc(target, "accept")).partition(in_language("nynorsk", END_OF_SUMMARY))
    assert marker, "the nynorsk end of the summary page"
    import docx

    assert docx.Document(str(target)).paragraphs[0].text == (
        "Endringar i planen frå utkastet frå prosjektgruppen 19. mars 2020 til planen formannskapet handsama 12. mai 2020"
    )
    for nynorsk in ("Samandrag", "Endring Tal Kva", "Fjerna 1 1 tiltak", "Endringane er markerte som spora endringar"):
        assert nynorsk in summary, nynorsk
    for bokmål in ("Sammendrag", "Antall", "Endret", "Endringer", " fra ", "behandlet"):
        assert bokmål not in summary, bokmål
    out = tmp_path / "b"
    assert cli(repo.path, "build", "--rev", B_TAG, "-o", str(out)).exit_code == 0
    built = next(p for p in out.glob("*.docx") if not p.stem.endswith("saksframlegg"))
    assert plan.strip() == words(_pandoc(built, "accept"))
    validate_docx(target)
