"""plan site: the static site of the Os demo (timeline of 2020, versions, documents from each
tag, comparisons), byte-identical rebuilds, safe writing; the preview's rebuilds and errors."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from docx import Document

STAGES = ["prosjektgruppe/2020-04-20", "formannskap/2020-05-12", "horing/2020-05-14", "kommunestyre/2020-06-18"]


@pytest.fixture(scope="module")
def demo(os_demo):
    return os_demo.repo, os_demo.site


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_timeline_of_2020_has_every_stage_with_decision_proposals_votes_and_documents(demo):
    _, site = demo
    page = read(site, "tidslinje.html")
    assert '<html lang="nb">' in page
    assert '<section id="_ar-2020"><h2>2020</h2>' in page
    order = [page.index(f'id="_{tag.replace("/", "-")}"') for tag in STAGES]
    assert order == sorted(order)
    assert page.index("6. februar 2020") < page.index("19. mars 2020") < order[0]  # the workshops first
    assert "Mål M1.3 tar også med naturbasert reiseliv." in page
    assert "fremmet av Senterpartiet, Vedtatt 4–1 (for: Sp, Ap, H; mot: FrP)" in page
    assert "fremmet av Høyre, Falt 2–3 (for: H, FrP; mot: Sp, Ap)" in page
    assert "Innstillingen med endringen i mål M1.3 ble enstemmig vedtatt." in page
    assert "Høringsfrist: 5. juni 2020." in page and "(PS 30/20)" in page
    for tag in STAGES:
        assert f'href="versjoner/{tag}/index.html"' in page
        assert f'href="versjoner/{tag}/os-naeringsplan-2020-2028.docx"' in page


def test_each_stage_has_the_documents_recorded_in_its_tag(demo):
    repo, site = demo
    for tag in STAGES:
        message = subprocess.run(
            ["git", "tag", "-l", "--format=%(contents)", tag], cwd=repo, capture_output=True, text=True, check=True
        ).stdout
        recorded = dict(re.findall(r"^  (\S+\.docx): ([0-9a-f]{64})$", message, re.M))
        assert {n for n in recorded if "saksframlegg" in n} and {n for n in recorded if n.endswith("2028.docx")}
        for name, digest in recorded.items():
            data = (site / "versjoner" / tag / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest
            assert Document(io.BytesIO(data)).paragraphs  # python-docx reads it back


def test_versions_have_a_banner_and_a_link_to_the_current_plan(demo):
    _, site = demo
    page = read(site, "versjoner/formannskap/2020-05-12/satsingsomrader/so1.html")
    assert "Du leser planen slik den var da Formannskapet behandlet den 12. mai 2020" in page
    assert '<a href="../../../../index.html">Gå til gjeldende versjon av planen</a>' in page
    draft = read(site, "versjoner/prosjektgruppe/2020-04-20/satsingsomrader/so1.html")
    assert "naturbasert" in page and "naturbasert" not in draft  # each version as it stood
    assert "Du leser" not in read(site, "index.html")


def test_comparisons_between_consecutive_stages_come_from_the_comparison_by_meaning(demo):
    _, site = demo
    assert not (site / "versjoner/prosjektgruppe/2020-04-20/endringer.html").exists()  # nothing before it
    page = read(site, "versjoner/formannskap/2020-05-12/endringer.html")
    assert "<h1>Endringer fra Prosjektgruppen 20. april 2020: utkast til Formannskapet 12. mai 2020" in page
    # i10's readable comparison: the item by id and words, its changed field beneath
    assert (
        re.search(r"Endret mål M1\.3 «[^<]*»<ul>\n<li>tekst:", page) and "<ins> og naturbasert reiseliv</ins>" in page
    )
    assert "Ingen endringer." in read(site, "versjoner/horing/2020-05-14/endringer.html")


def test_one_page_per_focus_area_with_stable_anchors_and_permalinks(demo):
    _, site = demo
    index = read(site, "index.html")
    for n, page in enumerate(["so1", "so2", "so3"], start=1):
        assert f'href="satsingsomrader/{page}.html"' in index
        assert f"<h1>Satsingsområde {n}:" in read(site, f"satsingsomrader/{page}.html")
    page = read(site, "satsingsomrader/so2.html")
    assert '<tr id="T2.3"><td><a class="id" href="#T2.3">T2.3</a></td>' in page
    assert '<dt id="M2.1"><a class="id" href="#M2.1">M2.1</a></dt>' in page
    assert "Sist behandlet: Kommunestyret 18. juni 2020: vedtatt (PS 30/20)." in index
    assert not (site / "endringer.html").exists()  # HEAD is the adopted plan


def test_same_revision_gives_the_same_bytes_and_the_folder_is_replaced_whole(demo, cli, tmp_path):
    repo, site = demo
    again = tmp_path / "again"
    assert cli(repo, "site", "-o", str(again)).exit_code == 0
    ours = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert ours == theirs and len(ours) >= 36
    (again / "stale.html").write_text("old")
    assert cli(repo, "site", "-o", str(again)).exit_code == 0
    assert not (again / "stale.html").exists()  # the old site is replaced as a whole
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folders left


def test_a_folder_that_is_not_a_site_is_never_replaced(demo, cli, tmp_path):
    repo, _ = demo
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    result = cli(repo, "site", "-o", str(mine))
    assert result.exit_code == 1 and "er ikke et nettsted laget av plan" in result.output
    assert (mine / "notes.txt").read_text() == "keep me" and len(list(mine.iterdir())) == 1


def test_site_at_an_earlier_stage_and_a_working_change_since(demo, cli, tmp_path):
    repo, _ = demo
    out = tmp_path / "fsk"
    result = cli(repo, "site", "--rev", "formannskap/2020-05-12", "-o", str(out))
    assert result.exit_code == 0
    assert sorted(p.name for p in (out / "versjoner").glob("*/*")) == ["2020-04-20", "2020-05-12"]
    assert result.stderr.splitlines() == [  # progress: each version as its documents are built
        "  versjon 1 av 2: prosjektgruppe/2020-04-20",
        "  versjon 2 av 2: formannskap/2020-05-12",
        "  lager sidene",
    ]
    assert result.stdout.startswith(f"Skrev nettstedet til {out}: ")
    assert "Formannskapet 12. mai 2020: innstilling (PS 12/20)" in read(out, "index.html")


def test_text_is_escaped_everywhere(tmp_path, git_repo, cli):
    plan = git_repo.path / "plan" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("tittel: Strategisk næringsplan for Os kommune", 'tittel: "Plan <b>&amp; \\"x\\" 🚜"', 1),
        encoding="utf-8",
    )
    git_repo.commit("tittel")
    out = tmp_path / "site"
    result = cli(git_repo.path, "site", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = read(out, "index.html")
    assert "<b>" not in page and "Plan &lt;b&gt;&amp;amp; &quot;x&quot; 🚜" in page
    assert "Planen er ikke behandlet politisk ennå." in page
    plan.write_text(text, encoding="utf-8")  # an uncommitted change is left out, and said so
    result = cli(git_repo.path, "site", "-o", str(out))
    assert (
        result.exit_code == 0 and "siste commit; 1 endret fil under plan/ eller templates/ er ikke med" in result.output
    )
    assert "Plan &lt;b&gt;" in read(out, "index.html")


def test_nynorsk_when_the_plan_says_so():
    from pydantic import BaseModel, Field

    from workflow.site.words import WORDS, language

    class WithForm(BaseModel):
        form: str | None = Field(None, alias="målform")

    assert language(WithForm(målform="nynorsk")) == "nn" and language(WithForm(målform="nn")) == "nn"
    assert language(WithForm(målform="bokmål")) == "nb" and language(WithForm()) == "nb"
    assert WORDS["nn"].keys() == WORDS["nb"].keys()


def test_sections_plug_in_where_their_data_exists(monkeypatch, plan_dir):
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree
    from workflow.site import sections
    from workflow.site.build import Current, History, build_site

    project, _ = load_project(WorkTree(plan_dir))

    def charts(p, area, lang, link):
        if area.id != "SO1":
            return None
        image = f'<img src="{link("diagrammer/so1.svg")}" alt="Folketallet i Os">'
        return sections.Section("_diagram", "Indikatorer", (image,), {"diagrammer/so1.svg": b"<svg/>"})

    page = lambda p, lang: sections.ExtraPage("innspill.html", "Innspill", ("<p>anonymisert</p>",))  # noqa: E731
    monkeypatch.setattr(sections, "AREA_SECTIONS", [charts])
    monkeypatch.setattr(sections, "PAGES", [page])
    import datetime as dt

    from workflow.plan.model import Treatment
    from workflow.process.tags import StageTag
    from workflow.site.build import Version

    treatment = Treatment(organ="formannskap", dato=dt.date(2020, 5, 12), utfall="innstilling")
    tag = StageTag("formannskap/2020-05-12", "formannskap", dt.date(2020, 5, 12), 1, "0" * 40, None, "", treatment)
    files = build_site(History((tag,), (Version(tag, project),)), Current(project))
    assert '<section id="_diagram"><h2>Indikatorer</h2>' in files["satsingsomrader/so1.html"].decode()
    assert (
        '<section id="_diagram"><h2>Indikatorer</h2>'
        in files["versjoner/formannskap/2020-05-12/satsingsomrader/so1.html"].decode()
    )
    assert 'href="../../../innspill.html"' in files["versjoner/formannskap/2020-05-12/index.html"].decode()
    assert '<img src="../diagrammer/so1.svg"' in files["satsingsomrader/so1.html"].decode()
    assert files["diagrammer/so1.svg"] == files["versjoner/formannskap/2020-05-12/diagrammer/so1.svg"] == b"<svg/>"
    assert "_diagram" not in files["satsingsomrader/so2.html"].decode()
    assert "<p>anonymisert</p>" in files["innspill.html"].decode()
    assert 'href="innspill.html"' in files["tidslinje.html"].decode()  # in the menu of every page


def test_preview_rebuilds_on_save_and_shows_plan_errors_at_their_place(plan_dir):
    from workflow.site.serve import Preview

    preview = Preview(plan_dir)
    assert preview.refresh() and not preview.refresh()  # nothing saved: nothing rebuilt
    generation, files = preview.snapshot()
    plan = plan_dir / "plan" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("Os skal være en levende fjellbygd", "Os skal være en lysende fjellbygd"), encoding="utf-8"
    )
    assert preview.refresh()
    assert b"lysende fjellbygd" in preview.snapshot()[1]["index.html"]
    plan.write_text(text.replace("periode:", "periode: [\n"), encoding="utf-8")
    assert preview.refresh()
    page = preview.snapshot()[1]["index.html"].decode()
    assert "<h1>Planen har feil</h1>" in page and re.search(r"<code>plan/plan\.yaml:\d+:\d+: feil: ", page)
    assert "fjellbygd" not in page
    plan.write_text(text, encoding="utf-8")
    assert preview.refresh() and b"levende fjellbygd" in preview.snapshot()[1]["index.html"]
    assert preview.snapshot()[0] == generation + 3


def test_pdf_copies_of_each_stage_documents(demo, cli, tmp_path):
    repo, _ = demo
    out = tmp_path / "pdf"
    result = cli(repo, "site", "--pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    for tag in STAGES:
        pdf = out / "versjoner" / tag / "os-naeringsplan-2020-2028.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Strategisk næringsplan for Os kommune" in text
        assert (out / "versjoner" / tag / "os-naeringsplan-2020-2028-saksframlegg.pdf").read_bytes()[:5] == b"%PDF-"
    assert "Plandokumentet (PDF/A," in read(out, "tidslinje.html")


def test_revision_rounds_and_unreadable_tags_are_in_the_timeline(demo, cli, tmp_path):
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(demo[0], repo, symlinks=True)
    assert cli(repo, "revise", "--date", "2021-03-01", "--begrunnelse", "Rullering av tiltakene").exit_code == 0
    subprocess.run(["git", "tag", "-a", "formannskap/2021-04-01", "-m", "x\n\n---\norgan: ["], cwd=repo, check=True)
    out = tmp_path / "site"
    assert cli(repo, "site", "-o", str(out)).exit_code == 0
    page = read(out, "tidslinje.html")
    assert '<section id="_ar-2021"><h2>2021</h2>' in page
    assert (
        '<time datetime="2021-03-01">1. mars 2021</time>: Ny behandlingsrunde</h3>\n<p>Rullering av tiltakene</p>'
        in page
    )
    assert "Meldingen i taggen kan ikke leses: " in page
    assert len(list((out / "versjoner").glob("*/*"))) == 4


def announced_url(child: subprocess.Popen, seconds: float) -> str:
    """The address ``plan serve`` prints once it serves (read in a thread: never blocks the test
    past ``seconds``, however loaded the machine)."""
    import queue
    import threading

    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(child.stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=seconds)
    except queue.Empty:
        raise AssertionError(f"plan serve printed no address within {seconds} s") from None
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert found, line + (child.stderr.read() if child.poll() is not None else "")
    return found.group()


def get_when_ready(url: str, seconds: float) -> str:
    """The page at ``url``, asked again until the server answers (polling, no fixed sleep)."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=max(1.0, deadline - time.monotonic())) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def stop_group(child: subprocess.Popen, seconds: float = 60) -> tuple[str, str]:
    """Ctrl+C to ``plan serve``, its output once it has stopped; whatever is left of its
    process group is killed in the end, and the test fails if anything was left."""
    import os
    import signal
    import time

    try:
        child.send_signal(signal.SIGINT)
        try:
            out, err = child.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            out, err = child.communicate()
            raise AssertionError(f"plan serve did not stop on Ctrl+C within {seconds} s: {err[-2000:]}") from None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # its children (git) end with it
            try:
                os.killpg(child.pid, 0)
            except ProcessLookupError:
                return out, err
            time.sleep(0.05)
        raise AssertionError("plan serve left processes behind")
    finally:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if child.poll() is None:
            child.kill()
            child.wait()


def test_plan_serve_command_serves_until_interrupted(demo):
    """On a loaded machine too: it waits for the address and for answers by polling, and leaves
    no process behind (the server runs in its own process group, killed in the end)."""
    import os
    import sys
    import urllib.error
    import urllib.request

    repo, _ = demo
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    child = subprocess.Popen(
        [sys.executable, "-m", "workflow", "-C", str(repo), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        url = announced_url(child, 300)
        page = get_when_ready(url + "tidslinje.html", 120)
        assert "Formannskapet" in page and "/__plan/live" in page
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + "finnes-ikke.html", timeout=60)
        assert missing.value.code == 404
        disconnect_early(
            int(url.rsplit(":", 1)[1].strip("/")), "/versjoner/kommunestyre/2020-06-18/os-naeringsplan-2020-2028.docx"
        )
        assert "Formannskapet" in get_when_ready(url + "tidslinje.html", 60)
    finally:
        out, err = stop_group(child)
    assert child.returncode == 0 and "Stoppet." in out, err
    assert "Traceback" not in err and "BrokenPipeError" not in err and "ConnectionResetError" not in err, err


def disconnect_early(port: int, path: str, count: int = 30, host: str = "127.0.0.1") -> None:
    """``count`` clients that ask for ``path`` and reset the connection before the answer."""
    import socket
    import struct

    for _ in range(count):
        with socket.create_connection((host, port), timeout=10) as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())


def ask(port: int, host_header: str | None, address: str = "127.0.0.1", path: str = "/index.html") -> tuple[int, str]:
    """(status, body) of a GET with exactly this Host header (None: none at all)."""
    import http.client

    connection = http.client.HTTPConnection(address, port, timeout=60)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host_header is not None:
            connection.putheader("Host", host_header)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@contextmanager
def serving(plan_dir: Path, host: str = "127.0.0.1") -> Iterator[int]:
    """``plan serve``'s server for ``plan_dir`` in this process: its port."""
    import threading

    from workflow.site.serve import Preview, start

    preview = Preview(plan_dir)
    server, watcher = start(preview, host, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        preview.stop()
        server.shutdown()
        server.server_close()
        watcher.join(10)


def test_serve_answers_only_loopback_names_and_addresses(plan_dir):
    """DNS rebinding: a page on another name that resolves to 127.0.0.1 never gets the plan."""
    with serving(plan_dir) as port:
        for good in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}", "127.0.0.1"):
            status, body = ask(port, good)
            assert status == 200 and "fjellbygd" in body, good
        for evil in (f"rebind.example:{port}", "rebind.example", f"127.0.0.1.nip.io:{port}", "localhost.evil:80"):
            status, body = ask(port, evil)
            assert status == 421 and "fjellbygd" not in body and "svarer bare på localhost" in body, evil
        status, body = ask(port, None)
        assert status == 400 and "fjellbygd" not in body
        status, body = ask(port, "rebind.example", path="/__plan/live")
        assert status == 421


def test_serve_prints_nothing_when_clients_disconnect_early(plan_dir, capfd):
    with serving(plan_dir) as port:
        capfd.readouterr()
        disconnect_early(port, "/index.html", count=40)
        assert ask(port, f"127.0.0.1:{port}")[0] == 200  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipeError" not in err and "ConnectionResetError" not in err, err


def test_serve_on_ipv6_loopback(plan_dir):
    with serving(plan_dir, "::1") as port:
        status, body = ask(port, f"[::1]:{port}", address="::1")
        assert status == 200 and "fjellbygd" in body
        assert ask(port, "rebind.example", address="::1")[0] == 421


def test_error_page_names_no_private_sender(plan_dir):
    """A mistake in a private person's input shows where it is, not the words around it."""
    from workflow.site.serve import Preview

    register = plan_dir / "plan" / "innspill" / "2020-02-10-001.yaml"  # avsendertype: innbygger
    text = register.read_text(encoding="utf-8")
    assert "avsendertype: innbygger" in text and "kan_navngis" not in text
    register.write_text(
        text.replace("avsender: Innbygger 1", "avsender: Kari Nordmann\nkan_navngis: Kari Nordmann"), encoding="utf-8"
    )
    preview = Preview(plan_dir)
    preview.refresh()
    page = preview.snapshot()[1]["index.html"].decode()
    assert "<h1>Planen har feil</h1>" in page and "plan/innspill/2020-02-10-001.yaml:7:14: feil:" in page
    assert "Nordmann" not in page and "personopplysninger" in page


def test_preview_shows_template_problems_and_checks_templates_only_when_they_change(plan_dir):
    from workflow.site.serve import Preview

    preview = Preview(plan_dir)
    preview.refresh()
    template = plan_dir / "templates" / "plan.docx"
    good = template.read_bytes()
    template.write_bytes(b"not a zip")
    assert preview.refresh()
    page = preview.snapshot()[1]["index.html"].decode()
    assert "<code>templates/plan.docx: feil: " in page
    template.write_bytes(good)
    assert preview.refresh() and b'class="visjon"' in preview.snapshot()[1]["index.html"]


def test_input_register_page_answers_every_submission_and_names_no_private_person(demo):
    repo, site = demo
    from workflow.participation.public import may_be_named
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    project, _ = load_project(WorkTree(repo))
    page = read(site, "innspill.html")
    private = [s.sender for s in project.submissions if not may_be_named(s)]
    assert private
    for submission in project.submissions:
        assert f'id="{submission.id}"' in page
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not [name for name in private if f"{name}<" in text or f"{name} " in text], path
    assert "Privatperson" in page
    assert "Verkstedbedrift AS" in page  # a business is named
    assert 'href="innspill.html"' in read(site, "index.html")


def test_a_hostile_sender_name_is_escaped_when_named_and_absent_when_private(plan_dir):
    """The input register page names an organisation with its text escaped, and leaves out a
    private person's name in every form (raw, HTML-escaped, or any part of it) on every page."""
    import html

    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree
    from workflow.site.build import Current, History, build_site

    folder = plan_dir / "plan" / "innspill"
    organisation = 'Bygdelag <script>alert("x")</script> & Venner'
    private = 'Øyvind "Ola" <Nordmann> & Kvitbrekke'
    for number, (kind, sender) in enumerate((("organisasjon", organisation), ("innbygger", private)), start=1):
        (folder / f"2020-05-28-00{number}.yaml").write_text(
            f"id: 2020-05-28-00{number}\nmottatt: 2020-05-28\nkanal: e-post\navsendertype: {kind}\n"
            f"avsender: '{sender}'\ntekst: Et innspill.\n",
            encoding="utf-8",
        )
    project, _ = load_project(WorkTree(plan_dir))
    files = build_site(History(), Current(project))
    page = files["innspill.html"].decode("utf-8")
    assert html.escape(organisation) in page and "<script>" not in page
    for name, data in files.items():
        if name.endswith(".html"):
            text = data.decode("utf-8")
            for part in ("Øyvind", "Ola", "Nordmann", "Kvitbrekke"):
                assert not re.search(rf"\b{part}\b", text), (name, part)
            assert html.escape(private) not in text and html.escape(private, quote=False) not in text
