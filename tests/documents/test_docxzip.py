"""``zip_parts`` writes the bytes Python's zipfile writes for the same parts and settings, with
the parts deflated on two threads: the plan documents' zips are as they always were."""

from __future__ import annotations

import io
import os
import random
import zipfile

from workflow.documents.docxzip import _zipfile_parts, zip_parts
from workflow.documents.render import render_parts
from workflow.documents.context import plan_context
from workflow.plan.load import load_project
from workflow.plan.source import WorkTree
from pathlib import Path
import datetime as dt

ROOT = Path(__file__).resolve().parents[2]


def test_the_plan_documents_parts_zip_as_zipfile_zips_them():
    project = load_project(WorkTree(ROOT))[0]
    when = dt.datetime(2020, 5, 12, tzinfo=dt.timezone.utc)
    parts = render_parts(ROOT / "templates" / "plan.docx", plan_context(project, when=when), title="T", when=when)
    entries = [(name, parts[name]) for name in sorted(parts)]
    data = zip_parts(entries)
    assert data == _zipfile_parts(entries)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert {name: zf.read(name) for name in zf.namelist()} == parts


def test_any_parts_zip_as_zipfile_zips_them():
    rng = random.Random(7)
    for round_ in range(30):
        entries = []
        for n in range(rng.randint(0, 12)):
            size = rng.choice([0, 1, 100, 5000, 200_000])
            data = os.urandom(size) if rng.random() < 0.3 else bytes(rng.choice(b"ab<>&\n ") for _ in range(size))
            name = rng.choice(["word/document.xml", "word/media/image1.png", "ord/ærø.xml", "[Content_Types].xml"])
            entries.append((f"{n}/{name}", data))
        assert zip_parts(entries) == _zipfile_parts(entries), round_


def test_parts_deflated_ahead_are_used_only_while_unchanged():
    """``Package.deflate_ahead`` (the redline deflates B's parts while A is still being made):
    a part changed afterwards is deflated again, so the zip is the one of the parts as saved."""
    from workflow.documents.docxpackage import Package

    project = load_project(WorkTree(ROOT))[0]
    when = dt.datetime(2020, 5, 12, tzinfo=dt.timezone.utc)
    parts = render_parts(ROOT / "templates" / "plan.docx", plan_context(project, when=when), title="T", when=when)
    package = Package(parts)
    package.deflate_ahead()
    footer = next(name for name in parts if name.startswith("word/footer"))
    package.parts[footer] = parts[footer].replace(b"</w:ftr>", b"<w:p/></w:ftr>")
    saved = package.save()
    assert saved == _zipfile_parts([(name, package.parts[name]) for name in package.names])
    with zipfile.ZipFile(io.BytesIO(saved)) as zf:
        assert zf.read(footer).endswith(b"<w:p/></w:ftr>")
