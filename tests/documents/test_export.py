"""`plan build --format markdown|html`: the plan as Markdown (read back by pandoc and
markdown-it) and as one self-contained, escaped HTML page, with the same content as the Word
document."""

from __future__ import annotations

import html.parser
import subprocess
from pathlib import Path

import docx
import yaml
from markdown_it import MarkdownIt

from support import needs_pandoc
from workflow.documents.context import Markdown
from workflow.documents.export import export_plan
from workflow.documents.export.html import to_html
from workflow.documents.export.markdown import md_cell, md_line, to_markdown
from workflow.plan.load import load_project
from workflow.text.markdown import plain
from workflow.plan.source import WorkTree

STEM = "os-naeringsplan-2020-2028"
AREA_FILE = "plan/satsingsomrader/innovativt-naeringsliv.yaml"
HOSTILE = "Samarbeid A|B <script>alert('x')</script> & «Røros» 😀 \u200f"


def edit_yaml(root: Path, rel: str, change) -> None:
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8")


def hostile_plan(plan_dir: Path) -> Path:
    def change(area):
        area["navn"] = "Næring | industri <b>"
        area["tiltak"][0]["tekst"] = (
            "Kurs med **fet** tekst, A|B og [lenke](javascript:alert(1)) <i>rå</i>\n\n- punkt én\n- punkt to\n"
        )
        area["tiltak"][0]["ansvar"] = HOSTILE
        area["tiltak"][1]["tekst"] = "Se [nettsiden](https://os.kommune.no/?a=1&b=2) *nå*"

    edit_yaml(plan_dir, AREA_FILE, change)
    return plan_dir


def project_of(root: Path):
    return load_project(WorkTree(root))[0]


class Tree(html.parser.HTMLParser):
    """Checks that tags nest and close; collects text, links and external references."""

    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.text, self.hrefs, self.external, self.tags = [], [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        attrs = dict(attrs)
        if tag == "a":
            self.hrefs.append(attrs.get("href"))
        if ("src" in attrs and not attrs["src"].startswith("data:")) or (
            tag == "link" and attrs.get("rel") == "stylesheet"
        ):
            self.external.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text: str) -> Tree:
    tree = Tree()
    tree.feed(text)
    tree.close()
    assert not tree.errors and not tree.stack, (tree.errors, tree.stack)
    return tree


def gfm_rows(markdown: str) -> list[list[str]]:
    """Table rows as a GFM renderer sees them: the text of each cell."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows, row, inside = [], None, False
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type in ("td_open", "th_open"):
            inside = True
        elif token.type == "inline" and inside:
            row.append("".join(c.content for c in token.children if c.type in ("text", "code_inline")))
        elif token.type in ("td_close", "th_close"):
            inside = False
        elif token.type == "tr_close":
            rows.append(row)
    return rows


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_has_the_plan_structure_and_passes_text_through(plan_dir):
    project = project_of(plan_dir)
    name, data = export_plan(project, "markdown")
    text = data.decode("utf-8")
    assert name == f"{STEM}.md"
    assert text.startswith("# Strategisk næringsplan for Os kommune 2020–2028\n")
    for heading in (
        "## Visjon",
        "## Sammendrag",
        "## Bakgrunn",
        "### Forrige plan",
        "## Ståsted",
        "## Satsingsområde 1: Et innovativt næringsliv",
        "### Mål",
        "### Ambisjoner",
        "### Strategier",
        "### Tiltak",
        "## Kostnader",
        "### Kostnader per år",
    ):
        assert f"\n{heading}\n" in text, heading
    # Markdown fields as the project group wrote them (lines re-flowed: a soft break is a space)
    assert " ".join(project.plan.summary.split()) in " ".join(text.split())
    assert "- **M1.1** Landbruket i Os er livskraftig" in text
    # one table row per measure, six columns each
    rows = gfm_rows(text)
    measure_rows = [r for r in rows if r and r[0].startswith("T")]
    assert len(measure_rows) == sum(1 for _ in project.plan.all_measures())
    assert all(len(r) == 6 for r in measure_rows)
    first = measure_rows[0]
    assert first[0] == "T1.1" and first[2] == "Landbruksforvaltningen i Os kommune" and first[3] == "2021–2028"
    assert "• årlig kurs om overdragelse" in first[1] and "Finansiering: Kommunalt næringsfond" in first[1]


def test_markdown_escapes_pipes_and_keeps_plain_text_literal(plan_dir):
    project = project_of(hostile_plan(plan_dir))
    text = to_markdown_of(project)
    rows = gfm_rows(text)
    measure = next(r for r in rows if r and r[0] == "T1.1")
    assert len(measure) == 6
    assert "A|B" in measure[1]
    assert measure[2] == " ".join(HOSTILE.split())  # plain text: literal, not HTML, not split
    assert "## Satsingsområde 1: Næring \\| industri \\<b\\>" in text


def to_markdown_of(project) -> str:
    return export_plan(project, "markdown")[1].decode("utf-8")


def test_markdown_helpers():
    assert md_line("**ikke fet** [x](y) 1. <b>") == r"\*\*ikke fet\*\* \[x\](y) 1. \<b\>"
    assert md_line("1. først") == r"1\. først"
    assert md_line("- strek") == r"\- strek"
    assert md_line("to\n\n- linjer  her") == "to - linjer her"  # one line: the dash no longer starts a list
    assert md_cell(Markdown("a | b\n\n- x\n- y\n")) == r"a \| b • x • y"
    assert md_cell(Markdown(r"allerede \| escaped")) == r"allerede \| escaped"
    assert md_cell(None) == "–"


@needs_pandoc
def test_pandoc_reads_the_markdown_into_the_same_text_as_our_docx(plan_dir, cli, tmp_path):
    assert cli(plan_dir, "build").exit_code == 0
    assert cli(plan_dir, "build", "--format", "markdown").exit_code == 0
    md = plan_dir / "output" / f"{STEM}.md"
    out = tmp_path / "pandoc.docx"
    subprocess.run(
        [
            "pandoc",
            "-f",
            "markdown",
            "-t",
            "docx",
            "--reference-doc",
            str(plan_dir / "output" / f"{STEM}.docx"),
            "-o",
            str(out),
            str(md),
        ],
        check=True,
        timeout=120,
    )
    ours = docx.Document(str(plan_dir / "output" / f"{STEM}.docx"))
    theirs = docx.Document(str(out))
    ours_text = "\n".join(p.text for p in ours.paragraphs)
    theirs_text = "\n".join(p.text for p in theirs.paragraphs)
    for area in project_of(plan_dir).plan.focus_areas:
        for goal in area.goals:
            assert " ".join(plain(goal.text).split()) in " ".join(theirs_text.split())
            assert " ".join(plain(goal.text).split()) in " ".join(ours_text.split())
    cells = {c.text for t in theirs.tables for row in t.rows for c in row.cells}
    ids = {m.id for m in project_of(plan_dir).plan.all_measures()}
    assert ids <= cells
    assert [s.name for s in theirs.styles if s.name == "Heading 1"]  # styles from our document


# --- HTML -----------------------------------------------------------------------------------------


def test_html_is_one_self_contained_norwegian_page(plan_dir):
    project = project_of(plan_dir)
    name, data = export_plan(project, "html")
    text = data.decode("utf-8")
    assert name == f"{STEM}.html"
    assert text.startswith('<!DOCTYPE html>\n<html lang="nb">')
    tree = parse_html(text)
    assert ("meta", {"charset": "utf-8"}) in tree.tags
    assert "<style>" in text and not tree.external
    page = " ".join("".join(tree.text).split())
    assert "Strategisk næringsplan for Os kommune 2020–2028" in page
    for measure in project.plan.all_measures():
        assert measure.id in page
        assert " ".join(plain(measure.text).replace("• ", "").split()) in page
    # the contents list points at sections that exist
    anchors = [h[1:] for h in tree.hrefs if h and h.startswith("#")]
    ids = {attrs.get("id") for _, attrs in tree.tags}
    assert anchors and set(anchors) <= ids


def test_html_escapes_everything_and_links_only_safe_urls(plan_dir):
    project = project_of(hostile_plan(plan_dir))
    text = export_plan(project, "html")[1].decode("utf-8")
    tree = parse_html(text)
    assert "<script>" not in text and "<i>rå</i>" not in text
    tags = [t for t, _ in tree.tags]
    assert "script" not in tags and "i" not in tags and "b" not in tags
    page = "".join(tree.text)
    assert "<script>alert('x')</script>" in page  # shown as text
    assert "Næring | industri <b>" in page
    assert "https://os.kommune.no/?a=1&b=2" in tree.hrefs
    assert not [h for h in tree.hrefs if h and h.lower().startswith("javascript")]
    assert "[lenke](javascript:alert(1))" in page  # refused link stays literal text
    assert ("strong", {}) in tree.tags and ("em", {}) in tree.tags


def test_html_and_markdown_come_from_the_same_context_as_the_docx(plan_dir):
    from workflow.documents.context import plan_context
    from workflow.documents.situation import add_indicator_charts

    context = add_indicator_charts(plan_context(project_of(plan_dir)), project_of(plan_dir))
    assert to_markdown(context) == export_plan(project_of(plan_dir), "markdown")[1].decode("utf-8")
    assert to_html(context) == export_plan(project_of(plan_dir), "html")[1].decode("utf-8")


# --- the command ----------------------------------------------------------------------------------


def test_build_format_writes_markdown_and_html(plan_dir, cli, tmp_path):
    result = cli(plan_dir, "build", "--format", "html")
    assert result.exit_code == 0, result.output
    assert (plan_dir / "output" / f"{STEM}.html").is_file()
    result = cli(plan_dir, "build", "--format", "markdown", "-o", str(tmp_path / "web"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "web" / f"{STEM}.md").read_text(encoding="utf-8").startswith("# Strategisk")
    assert not (plan_dir / "output" / f"{STEM}.docx").exists()  # only what was asked for


def test_build_format_refuses_pdf_and_unknown_formats(plan_dir, cli):
    assert cli(plan_dir, "build", "--format", "markdown", "--pdf").exit_code == 2
    assert cli(plan_dir, "build", "--format", "odt").exit_code == 2


def test_build_format_reads_a_git_revision(git_repo, cli):
    first = git_repo.git("rev-parse", "HEAD")
    edit_yaml(git_repo.path, AREA_FILE, lambda area: area.update(navn="Nytt navn i arbeidskopien"))
    result = cli(git_repo.path, "build", "--format", "markdown", "--rev", first)
    assert result.exit_code == 0, result.output
    text = (git_repo.path / "output" / f"{STEM}.md").read_text(encoding="utf-8")
    assert "Et innovativt næringsliv" in text and "Nytt navn" not in text


def test_build_format_with_an_invalid_plan_is_a_located_error(plan_dir, cli):
    edit_yaml(plan_dir, AREA_FILE, lambda area: area["tiltak"][0].update(fra=1800))
    result = cli(plan_dir, "build", "--format", "html")
    assert result.exit_code == 1
    assert "plan/satsingsomrader/innovativt-naeringsliv.yaml:" in result.output
    assert not (plan_dir / "output").exists()
