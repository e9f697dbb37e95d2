"""One LibreOffice kept warm (issue 25, «shorter waits»): a build converts all its documents in
one run, and ``plan serve`` keeps one converter from the first PDF request until it stops, so a
PDF preview after a save pays LibreOffice's start-up only once. Real LibreOffice, real server."""

from __future__ import annotations

import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from workflow.documents.pdf import Converter


def soffice_processes(marker: str) -> list[str]:
    """Command lines of running soffice processes whose profile lies under ``marker``."""
    done = subprocess.run(["ps", "-eww", "-o", "args="], capture_output=True, text=True, check=True)
    return [line for line in done.stdout.splitlines() if "soffice" in line and marker in line]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "preview.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_one_converter_serves_many_batches_and_leaves_nothing_behind(plan_dir, cli, tmp_path):
    assert cli(plan_dir, "build", "-o", str(tmp_path / "docs")).exit_code == 0
    docs = sorted((tmp_path / "docs").glob("*.docx"))
    work = tmp_path / "work"
    work.mkdir()
    with Converter(work_in=work) as converter:
        first = converter.convert(docs[:1], tmp_path / "a")
        running = soffice_processes(str(work))
        second = converter.convert(docs[1:], tmp_path / "b")
        assert soffice_processes(str(work)) == running and len(running) == 1  # the same LibreOffice, still warm
    assert [p.name for p in first + second] == [d.stem + ".pdf" for d in docs]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in first + second)
    assert "Os kommune" in pdf_text(first[0].read_bytes(), tmp_path)
    for _ in range(50):  # closed: LibreOffice ends and its profile is removed
        if not soffice_processes(str(work)):
            break
        time.sleep(0.1)
    assert soffice_processes(str(work)) == [] and list(work.iterdir()) == []


def test_a_broken_document_is_a_message_and_the_converter_goes_on(plan_dir, cli, tmp_path):
    from workflow.errors import BuildError

    assert cli(plan_dir, "build", "-o", str(tmp_path / "docs")).exit_code == 0
    good = sorted((tmp_path / "docs").glob("*.docx"))[0]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a document")
    with Converter() as converter:
        with pytest.raises(BuildError) as failed:
            converter.convert([broken], tmp_path / "out")
        assert "PDF" in str(failed.value) and not (tmp_path / "out" / "broken.pdf").exists()
        assert converter.convert([good], tmp_path / "out")[0].read_bytes().startswith(b"%PDF-")


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_previews_the_plan_as_pdf_after_each_save(git_repo, tmp_path):
    from workflow.site.serve import PDF_PATH, Preview, start

    root = git_repo.path
    preview = Preview(root)
    server, _ = start(preview, "127.0.0.1", 0, interval=0.02)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}{PDF_PATH}"
    try:
        status, body = get(url)
        assert len(own_soffice()) == 1  # started by the first request, and kept
        assert status == 200 and body.startswith(b"%PDF-")
        assert "Strategisk næringsplan" in pdf_text(body, tmp_path)
        generation = preview.snapshot()[0]
        plan_yaml = root / "plan" / "plan.yaml"
        plan_yaml.write_text(
            plan_yaml.read_text(encoding="utf-8").replace("visjon: >", "visjon: >\n  Forhåndsvist i PDF."),
            encoding="utf-8",
        )
        preview.wait(generation, 30)
        status, body = get(url)
        assert status == 200 and "Forhåndsvist i PDF." in " ".join(pdf_text(body, tmp_path).split())
        # a plan with errors: the errors, not an old PDF
        plan_yaml.write_text("tittel: [\n", encoding="utf-8")
        preview.wait(preview.snapshot()[0], 30)
        status, body = get(url)
        assert status == 503 and b"plan/plan.yaml" in body
    finally:
        preview.stop()
        server.shutdown()
        server.server_close()
    assert own_soffice() == []  # the warm LibreOffice ended with the server


def own_soffice() -> list[str]:
    """LibreOffice processes this test process started (their pipe is named after our pid)."""
    import os

    return [line for line in soffice_processes(f"name=plan-{os.getpid()}-") if "--accept" in line]
