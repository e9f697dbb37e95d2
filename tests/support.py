"""Helpers several test files share (test files never import each other): editing the plan
files of a copied plan, reading a stage tag, walking the Os plan through its stages, and the
words of a document as pandoc reads it."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document

from workflow.errors import PlanError

from workflow.plan.load import load_project
from workflow.plan.source import WorkTree
from workflow.plan.yamlsafe import parse

# --- the plan files ------------------------------------------------------------------------------

SO1 = "plan/satsingsomrader/innovativt-naeringsliv.yaml"
SO2 = "plan/satsingsomrader/naeringsvennlig-kommune.yaml"
SO3 = "plan/satsingsomrader/rammebetingelser.yaml"
PLAN = "plan/plan.yaml"


def plan_of(folder: Path):
    project, _ = load_project(WorkTree(folder))
    return project.plan


def read(folder: Path, rel: str):
    return parse((folder / rel).read_bytes()).data


def write(folder: Path, rel: str, data, **dump) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, **dump), encoding="utf-8")


def edit(folder: Path, rel: str, change) -> None:
    data = read(folder, rel)
    change(data)
    write(folder, rel, data)


def item(data: dict, key: str, id_: str) -> dict:
    return next(x for x in data[key] if x["id"] == id_)


# --- stage tags ----------------------------------------------------------------------------------


def formannskapets_changes(d: dict) -> None:
    """What formannskapet changed in the first focus area (golden files, diff writers): T1.3
    reworded and dearer, T1.6 gone, a new T1.7 with '<' and '&', M1.2 reworded."""
    measure = item(d, "tiltak", "T1.3")
    measure["tekst"] = measure["tekst"].replace("**næringsforum** med fire", "**næringsråd** med seks")
    measure["kostnad"] = 80000
    d["tiltak"] = [x for x in d["tiltak"] if x["id"] != "T1.6"]
    d["tiltak"].append(
        {
            "id": "T1.7",
            "tekst": "Møteplass for gründere <i Os> & omegn.",
            "ansvar": "Os kommune",
            "fra": 2022,
            "til": 2024,
            "kostnad": 30000,
            "strategier": ["S1.4"],
        }
    )
    item(d, "mål", "M1.2")["tekst"] = "Bedriftene i Os fornyer seg og samarbeider."


def tags(repo) -> list[str]:
    out = repo.git("for-each-ref", "--format=%(refname:strip=2)", "refs/tags/")
    return sorted(out.split()) if out else []


def message(repo, tag: str) -> str:
    return repo.git("for-each-ref", "--format=%(contents)", f"refs/tags/{tag}")


def advance(cli, repo, *args):
    return cli(repo.path, "advance", *args)


def walk(cli, repo, until: str = "kommunestyre"):
    steps = [
        ("prosjektgruppe", "--date", "2020-04-20"),
        ("formannskap", "--date", "2020-05-12", "--sak", "PS 12/20"),
        ("høring", "--date", "2020-05-14", "--frist", "2020-06-05"),
        ("kommunestyre", "--date", "2020-06-18", "--sak", "PS 30/20"),
    ]
    for step in steps:
        result = cli(repo.path, "advance", *step)
        assert result.exit_code == 0, result.output
        if step[0] == until:
            return


# --- documents -----------------------------------------------------------------------------------


def words(text: str) -> str:
    """Plain text without table rules and cell borders, whitespace collapsed (empty table rows
    vanish; pandoc draws a grid table when a cell holds several paragraphs, else a simple one)."""
    lines = [line for line in text.splitlines() if not re.fullmatch(r"[\s\-=+|:]*", line)]
    return " ".join(w for w in " ".join(lines).split() if w != "|")


# --- a plan written from text (tests/plan) -------------------------------------------------------

MINIMAL = """\
kommune:
  navn: Os
  nummer: "3430"
tittel: Strategisk næringsplan
periode:
  fra: 2020
  til: 2028
visjon: Os skal vokse.
satsingsområder:
  - id: SO1
    navn: Næringsliv
    mål:
      - id: M1
        tekst: Flere jobber.
    ambisjoner:
      - id: A1
        indikator: Sysselsatte
        enhet: personer
        utgangspunkt: {verdi: 860, år: 2019}
        målverdi: {verdi: 880, år: 2028}
        kilde: SSB
    strategier:
      - id: S1
        tekst: Samarbeid.
        mål: [M1]
    tiltak:
      - id: T1
        tekst: Næringsforum.
        ansvar: Rådmannen
        fra: 2020
        til: 2021
        kostnad: 50000
        strategier: [S1]
"""


def write_plan(folder: Path, files: dict[str, str]) -> WorkTree:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return WorkTree(folder)


def problems_of(folder: Path, files: dict[str, str]) -> list[str]:
    with pytest.raises(PlanError) as caught:
        load_project(write_plan(folder, files))
    return [str(p) for p in caught.value.problems]


# --- the example plans of tests/data/plans, and a document's text -----------------------------

PLANS = Path(__file__).resolve().parent / "data" / "plans"


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# --- LibreOffice and the text of a PDF ---------------------------------------------------------


def needs(tool: str, name: str) -> pytest.MarkDecorator:
    """Skip where ``tool`` is not installed, but never in CI (CI=true): .ci/run installs every
    tool the tests use, so there a missing one fails the run instead of skipping tests."""
    have = shutil.which(tool) is not None
    if not have and os.environ.get("CI"):
        raise RuntimeError(f"CI must have {name} ({tool}); .ci/run installs it")
    return pytest.mark.skipif(not have, reason=f"{name} ({tool}) is not installed")


needs_soffice = needs("soffice", "LibreOffice")
needs_pandoc = needs("pandoc", "pandoc")


def pdftotext(path: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    done = subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True)
    return done.stdout.replace("\u00a0", " ")


# --- LibreOffice as a reader of tracked changes ---------------------------------------------------

UNO_SCRIPT = r"""
import json, os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

jobs, profile, pipe = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
proc = subprocess.Popen(["soffice", "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--headless",
                         "--invisible", "--norestore", "--accept=pipe,name=%s;urp;" % pipe],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.1)
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    counts = []
    for src, mode, out in jobs:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
        counts.append(doc.getRedlines().getCount())
        if mode != "none":
            cmd = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(doc.getCurrentController().getFrame(), cmd, "", 0, ())
        doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")))
        doc.close(True)
    print(json.dumps(counts))
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    try:
        proc.wait(timeout=30)
    except Exception:
        proc.kill()
"""


def uno_python() -> str | None:
    """A Python that can import LibreOffice's bridge (uno), or None."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    if os.environ.get("CI"):  # .ci/run installs python3-uno: there a missing bridge fails
        raise RuntimeError("CI must have LibreOffice's Python bridge (python3-uno)")
    return None


def libreoffice_resolved(red: Path, a: Path, b: Path, work: Path) -> list[int]:
    """LibreOffice, through its Python bridge, accepts every tracked change of ``red`` and
    rejects every one, and reads ``a`` and ``b``: their texts in ``work``/accepted.txt,
    rejected.txt, a.txt and b.txt. Returns the number of tracked changes each held."""
    python = uno_python()
    if python is None:  # never in CI: uno_python fails there instead
        pytest.skip("LibreOffice's Python bridge (uno) is not installed")
    jobs = [
        (str(red), "accept", str(work / "accepted.txt")),
        (str(red), "reject", str(work / "rejected.txt")),
        (str(a), "none", str(work / "a.txt")),
        (str(b), "none", str(work / "b.txt")),
    ]
    script = work / "uno_job.py"
    script.write_text(UNO_SCRIPT, encoding="utf-8")
    pipe = f"plantest{abs(hash(str(work)))}"
    done = subprocess.run(
        [python, str(script), json.dumps(jobs), str(work / "profile"), pipe],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def text_lines(path: Path) -> list[str]:
    """The non-empty lines of a text file LibreOffice wrote, stripped."""
    return [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
