"""Gaps a mutation run found in the suite (issue 12 §4): each test here fails for a mutant the
older tests let through."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess

import docx
import pytest
from lxml import etree

from workflow.changes.redline import redline
from workflow.plan.load import load_project
from workflow.plan.source import WorkTree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


# --- ids are unique across focus areas --------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, old, new",
    [
        ("tiltak", "id: T2.1\n", "id: T1.1\n"),
        ("mål", "id: M2.1\n", "id: M1.1\n"),
        ("strategi", "id: S2.1\n", "id: S1.1\n"),
    ],
)
def test_an_id_used_in_two_focus_areas_is_an_error(cli, plan_dir, kind, old, new):
    path = plan_dir / "plan" / "satsingsomrader" / "naeringsvennlig-kommune.yaml"
    text = path.read_text(encoding="utf-8")
    assert old.strip() in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = cli(plan_dir, "check")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if new.strip().split(": ")[1] in line and "feil" in line]
    assert lines, result.output
    assert any("naeringsvennlig-kommune.yaml" in line for line in lines), result.output


# --- two bodies' tags on the same day ---------------------------------------------------------------


def test_two_bodies_on_the_same_day_are_ordered_by_tagger_time_not_by_name(git_repo):
    """prosjektgruppe then formannskap on one day: «formannskap» sorts first by name, so a
    mutant that orders by name (or ignores the tagger date) fails."""
    from workflow.process import git as g

    head = git_repo.git("rev-parse", "HEAD")
    for body, outcome, clock in (("prosjektgruppe", "utkast", "09:00"), ("formannskap", "innstilling", "18:00")):
        message = f"{body} 12.05.2020: {outcome}\n\n---\norgan: {body}\ndato: 2020-05-12\nutfall: {outcome}\n"
        env = dict(os.environ, GIT_COMMITTER_DATE=f"2020-05-12T{clock}:00+02:00")
        subprocess.run(
            ["git", "tag", "-a", "--cleanup=verbatim", "-F", "-", f"{body}/2020-05-12", head],
            cwd=git_repo.path,
            input=message.encode(),
            env=env,
            check=True,
        )
    repo = g.open_repo(git_repo.path)
    try:
        names = [t.name for t in g.stage_tags(repo)]
    finally:
        repo.close()
    assert names == ["prosjektgruppe/2020-05-12", "formannskap/2020-05-12"]


def test_same_day_order_decides_the_next_body(cli, git_repo):
    assert cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-05-12").exit_code == 0
    assert cli(git_repo.path, "advance", "formannskap", "--date", "2020-05-12").exit_code == 0
    status = cli(git_repo.path, "status")
    assert "Siste behandling: Formannskapet 12.05.2020" in status.output
    assert "Neste: Offentlig høring (horing, valgfri) eller Kommunestyret (kommunestyre)" in status.output


# --- the exact boundary day of the hearing deadline -------------------------------------------------


def test_the_hearing_deadline_day_itself_is_too_early_and_the_next_day_is_allowed(cli, git_repo):
    assert cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20").exit_code == 0
    assert cli(git_repo.path, "advance", "formannskap", "--date", "2020-05-12").exit_code == 0
    assert cli(git_repo.path, "advance", "horing", "--date", "2020-05-14", "--frist", "2020-06-05").exit_code == 0
    on_deadline = cli(git_repo.path, "advance", "kommunestyre", "--date", "2020-06-05")
    assert on_deadline.exit_code == 1
    assert "høringsfristen 2020-06-05 er ikke ute" in on_deadline.output
    assert cli(git_repo.path, "advance", "kommunestyre", "--date", "2020-06-06").exit_code == 0


def test_a_deadline_on_the_hearing_day_itself_is_refused_and_the_next_day_is_allowed():
    from workflow.errors import StageError
    from workflow.plan.model import DEFAULT_PROCESS, Process
    from workflow.process import stages

    process = Process.model_validate(DEFAULT_PROCESS)
    hearing = next(b for b in process.bodies if b.role == "høring")
    day = dt.date(2020, 5, 14)
    history = _history_until_recommendation(process)
    with pytest.raises(StageError, match="må være etter datoen"):
        stages.check_advance(process, history, hearing, day, deadline=day)
    stages.check_advance(process, history, hearing, day, deadline=day + dt.timedelta(days=1))


def _history_until_recommendation(process):
    from workflow.process.tags import format_message, read_tag
    from workflow.plan.model import Treatment

    out = []
    for body, outcome, date in (
        ("prosjektgruppe", "utkast", dt.date(2020, 4, 20)),
        ("formannskap", "innstilling", dt.date(2020, 5, 12)),
    ):
        if body not in {b.id for b in process.bodies}:
            continue
        t = Treatment.model_validate({"organ": body, "dato": date, "utfall": outcome})
        out.append(read_tag(f"{body}/{date.isoformat()}", "0" * 40, None, format_message(t)))
    return out


# --- the plan digest depends on the contents -----------------------------------------------------


def test_the_plan_digest_changes_with_one_byte_of_any_plan_file(plan_dir):
    before = load_project(WorkTree(plan_dir))[0].digest
    path = plan_dir / "plan" / "satsingsomrader" / "rammebetingelser.yaml"
    text = path.read_text(encoding="utf-8")
    import re

    match = re.search(r"kostnad: (\d)", text)
    digit = "1" if match[1] != "1" else "2"
    changed = text[: match.start(1)] + digit + text[match.end(1) :]
    assert len(changed) == len(text) and changed != text
    path.write_text(changed, encoding="utf-8")
    after = load_project(WorkTree(plan_dir))[0].digest
    assert after != before
    path.write_text(text, encoding="utf-8")
    assert load_project(WorkTree(plan_dir))[0].digest == before  # contents, not time or order of reading


def test_the_plan_digest_separates_file_names_from_contents(tmp_path, plan_dir):
    """Moving bytes from one file's end to the next file's start keeps the files' bytes, read
    one after the other, the same, and the plan's data too; the digest must still change."""
    from workflow.plan.load import load_project as load

    before, _ = load(WorkTree(plan_dir))
    first, second = (
        plan_dir / "plan" / "prosess.yaml",
        plan_dir / "plan" / "sak.yaml",
    )  # next to each other in name order
    a, b = first.read_bytes(), second.read_bytes()
    assert a.endswith(b"\n")
    first.write_bytes(a[:-1])
    second.write_bytes(b"\n" + b)
    assert first.read_bytes() + second.read_bytes() == a + b
    after, _ = load(WorkTree(plan_dir))
    assert after.case == before.case and after.process == before.process  # the same plan, read again
    assert after.digest != before.digest


# --- accept all / reject all, line for line, empty paragraphs included -------------------------------


def make(paragraphs: list[str]) -> bytes:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def resolve(data: bytes, mode: str) -> list[str]:
    """The paragraphs (texts, empty ones too) after accepting or rejecting every tracked change,
    done on the XML as ECMA-376 describes it (independent of the code under test)."""
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    drop, keep = ("w:del", "w:ins") if mode == "accept" else ("w:ins", "w:del")
    body = root.find("w:body", NS)
    for p in list(body.iter(f"{{{W}}}p")):
        mark = p.find(f"w:pPr/w:rPr/{drop}", NS)
        if mark is not None:  # the paragraph mark goes: the paragraph joins the next one
            following = p.getnext()
            runs = [r for r in p if r.tag != f"{{{W}}}pPr"]
            if following is not None and following.tag == f"{{{W}}}p":
                anchor = following.find("w:pPr", NS)
                at = 0 if anchor is None else list(following).index(anchor) + 1
                for r in reversed(runs):
                    following.insert(at, r)
            p.getparent().remove(p)
    for el in list(root.iter(f"{{{W}}}{drop[2:]}")):
        if el.getparent() is not None and el.getparent().tag != f"{{{W}}}rPr":
            el.getparent().remove(el)
    paragraphs = []
    for p in body.iter(f"{{{W}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t", f"{{{W}}}delText"))
        paragraphs.append(text)
    return paragraphs


def texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


CASES = [
    (["Første.", "", "Andre."], ["Første.", "Andre."]),  # an empty paragraph removed
    (["Første.", "Andre."], ["Første.", "", "Andre."]),  # an empty paragraph added
    (["", "", "Tekst."], ["Tekst.", "", ""]),  # empties moved from the start to the end
    (["A.", "", "", "B."], ["A.", "", "C.", "", "B."]),
    ([""], ["Nytt."]),
    (["Gammelt."], [""]),
]


@pytest.mark.parametrize("old, new", CASES)
def test_accept_all_and_reject_all_line_for_line_with_empty_paragraphs(old, new):
    a, b = make(old), make(new)
    red = redline(a, b, author="Formannskapet", date="2020-05-12T00:00:00Z")
    assert resolve(red, "accept") == texts(b)
    assert resolve(red, "reject") == texts(a)


def test_the_resolver_is_not_the_identity():
    """The oracle itself: a document with one insertion and one deletion resolves differently."""
    a, b = make(["Ett.", "To."]), make(["Ett.", "Tre."])
    red = redline(a, b, author="Formannskapet", date="2020-05-12T00:00:00Z")
    assert resolve(red, "accept") != resolve(red, "reject")
