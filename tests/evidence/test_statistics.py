"""Statistics snapshots, the SSB client against a real HTTP server on 127.0.0.1, the charts and
the situation analysis.

``data/ssb-07459-data.json`` is a PxWebApi v2 data response for table 07459 in SSB's JSON-stat2
shape (version, class, label, source, updated, note, role, id, size, dimension with category
index/label/unit and extension, root extension.px, value), modelled on the examples in SSB's v2
user guide; SSB itself is not reachable from the test machines. Error bodies follow the API's
problem+json (type, title, status, detail)."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx
import pytest

from workflow.errors import PlanError
from workflow.plan.load import load_project
from workflow.plan.source import WorkTree
from workflow.participation.case import case_part

RECORDED = Path(__file__).parents[1] / "data" / "ssb-07459-data.json"
SNAPSHOT = "plan/statistikk/befolkning.json"


class Server:
    """A PxWebApi v2 stand-in: each path prefix answers as told (status, body, delay)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, float]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                status, body, delay = server.routes.get(
                    self.path.split("?")[0], (404, b'{"title":"Not Found","status":404}', 0)
                )
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=UTF-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (timeout)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/pxwebapi/v2"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def ssb():
    server = Server()
    yield server
    server.close()


DATA_PATH = "/api/pxwebapi/v2/tables/07459/data"


def test_fetch_rewrites_a_changed_snapshot_and_prints_the_differences(plan_dir, cli, ssb):
    ssb.routes[DATA_PATH] = (200, RECORDED.read_bytes(), 0)
    result = cli(plan_dir, "data", "hent", "befolkning", "--url", ssb.url)
    assert result.exit_code == 0, result.output
    assert "skrev plan/statistikk/befolkning.json (1 endrede verdier)" in result.output
    assert "Region=3430, ContentsCode=Personer1, Tid=2024: 1\u00a0870 → 1\u00a0861" in result.output
    (request,) = ssb.requests
    assert request.startswith(
        "/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2&valueCodes[Region]=3430"
    )
    assert "valueCodes[Tid]=from(2004)" in request
    stored = json.loads((plan_dir / SNAPSHOT).read_text(encoding="utf-8"))
    assert stored["illustrasjon"] is False and stored["hentet"].endswith("Z")
    assert stored["data"] == json.loads(RECORDED.read_text(encoding="utf-8"))  # kept exactly as returned
    project, _ = load_project(WorkTree(plan_dir))
    (snapshot,) = [s for s in project.statistics if s.name == "befolkning"]
    assert snapshot.updated == "2025-02-21T07:00:00Z" and snapshot.notes and not snapshot.illustrative
    # The same answer again: nothing to write.
    before = (plan_dir / SNAPSHOT).read_bytes()
    again = cli(plan_dir, "data", "hent", "befolkning", "--url", ssb.url)
    assert again.exit_code == 0 and "uendret: plan/statistikk/befolkning.json" in again.output
    assert (plan_dir / SNAPSHOT).read_bytes() == before


@pytest.mark.parametrize(
    "status, body, delay, words",
    [
        (
            400,
            b'{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"Bad Request","status":400,'
            b'"detail":"Non-existent variable: Regionx"}',
            0,
            "SSB svarte 400",
        ),
        (503, b"<html>Service Unavailable</html>", 0, "SSB svarte 503"),
        (200, b'{"version": "2.0", "class": "dataset", "value": [1, 2', 0, "ikke gyldig JSON"),
        (
            200,
            b'{"version": "2.0", "class": "dataset", "id": ["Tid"], "size": [2], "value": [1]}',
            0,
            "ikke et gyldig JSON-stat2",
        ),
        (200, RECORDED.read_bytes(), 3, "fikk ikke hele svaret fra SSB innen 0,5 sekunder"),
    ],
    ids=["problem-json", "html-error", "malformed", "not-json-stat", "timeout"],
)
def test_failures_are_messages_and_leave_the_snapshot_alone(plan_dir, cli, ssb, status, body, delay, words):
    ssb.routes[DATA_PATH] = (status, body, delay)
    before = (plan_dir / SNAPSHOT).read_bytes()
    result = cli(plan_dir, "data", "hent", "befolkning", "--url", ssb.url, "--tidsavbrudd", "0.5")
    assert result.exit_code == 1
    assert words in result.output and "Traceback" not in result.output
    assert "1 av 1 tabeller kunne ikke hentes" in result.output
    if status == 400:
        assert "Bad Request – Non-existent variable: Regionx" in result.output
    assert (plan_dir / SNAPSHOT).read_bytes() == before
    assert load_project(WorkTree(plan_dir))[0].statistics  # the committed snapshots still work


def test_no_network_fails_cleanly(plan_dir, cli):
    result = cli(
        plan_dir, "data", "hent", "befolkning", "--url", "http://127.0.0.1:9/api/pxwebapi/v2", "--tidsavbrudd", "2"
    )
    assert result.exit_code == 1 and "kunne ikke nå SSB" in result.output


def test_unknown_name_is_a_usage_error(plan_dir, cli):
    result = cli(plan_dir, "data", "hent", "folketall")
    assert result.exit_code == 2 and "ukjent statistikk: folketall" in result.output


class RawServer:
    """A misbehaving HTTP server on 127.0.0.1: each connection's request head is read, then
    ``reply(connection, stopped)`` sends whatever it likes. Stops by itself when closed."""

    def __init__(self, reply, tls=None):
        self.reply = reply
        self.tls = tls  # an ssl.SSLContext: the same over HTTPS
        self.stopped = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/api/pxwebapi/v2"
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopped.is_set():
            try:
                connection, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self.answer, args=(connection,), daemon=True).start()

    def answer(self, connection):
        connection.settimeout(5)
        if self.tls is not None:
            try:
                connection = self.tls.wrap_socket(connection, server_side=True)
            except OSError:
                connection.close()
                return
        with connection:
            head = b""
            try:
                while b"\r\n\r\n" not in head and len(head) < 65536:
                    chunk = connection.recv(4096)
                    if not chunk:
                        return
                    head += chunk
                self.reply(connection, self.stopped)
            except OSError:
                pass  # the client gave up

    def close(self):
        self.stopped.set()
        self.thread.join(5)
        self.sock.close()


def trickle_body(connection, stopped):
    """The head at once, then one byte of the body every half second (40 bytes: 20 s)."""
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n")
    for _ in range(40):
        if stopped.wait(0.5):
            return
        connection.sendall(b" ")


def trickle_head(connection, stopped):
    """The head itself one byte every half second."""
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 40:
        if stopped.wait(0.5):
            return
        connection.sendall(bytes([byte]))


def sends(data: bytes):
    def reply(connection, stopped):
        connection.sendall(data)

    return reply


OK_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
DEEP = b"[" * 1_000_000 + b"]" * 1_000_000


@pytest.mark.parametrize(
    "reply, words",
    [
        (trickle_body, "fikk ikke hele svaret fra SSB innen 2 sekunder, og hentingen ble avbrutt"),
        (trickle_head, "fikk ikke hele svaret fra SSB innen 2 sekunder, og hentingen ble avbrutt"),
        (sends(b"SSH-2.0-OpenSSH_9.2p1 Debian\r\n"), "svaret er ikke HTTP"),
        (sends(OK_HEAD + b"".join(b"X-%d: a\r\n" % i for i in range(101)) + b"\r\n"), "for mange linjer i hodet"),
        (sends(OK_HEAD + b"X-Big: " + b"a" * 65536 + b"\r\n\r\n"), "en linje i svaret er for lang"),
        (sends(OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\n10\r\n{}\r\nzz\r\n"), "svaret ble brutt"),
        (sends(OK_HEAD + b"Content-Length: 60000000\r\n\r\n{}"), "større enn 50 MB"),
        (sends(OK_HEAD + b"Content-Length: %d\r\n\r\n" % len(DEEP) + DEEP), "nestet dypere enn 64 nivåer"),
        (sends(b"HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1:1/t\r\nContent-Length: 0\r\n\r\n"), "SSB svarte 302"),
    ],
    ids=[
        "trickled-body",
        "trickled-head",
        "not-http",
        "101-headers",
        "64kb-header",
        "broken-chunk",
        "too-large",
        "deep-json",
        "redirect-to-ftp",
    ],
)
def test_a_misbehaving_server_is_a_message_within_the_deadline(plan_dir, cli, reply, words):
    server = RawServer(reply)
    before = (plan_dir / SNAPSHOT).read_bytes()
    try:
        started = time.monotonic()
        result = cli(plan_dir, "data", "hent", "befolkning", "--url", server.url, "--tidsavbrudd", "2")
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert result.exit_code == 1, result.output
    assert words in result.output and "Traceback" not in result.output, result.output
    assert elapsed < 8, elapsed  # the deadline is 2 s for the whole fetch (a loaded machine may be slow)
    assert (plan_dir / SNAPSHOT).read_bytes() == before


def test_https_answers_and_its_deadline(plan_dir, cli, tmp_path, monkeypatch):
    """SSB is HTTPS: a real TLS server on 127.0.0.1 (a certificate made here with openssl and
    trusted through SSL_CERT_FILE) answers, and one that trickles is cut off at the deadline."""
    import ssl
    import subprocess

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    recorded = RECORDED.read_bytes()

    def reply(connection, stopped):
        connection.sendall(OK_HEAD + b"Content-Length: %d\r\n\r\n" % len(recorded) + recorded)

    for answer, code, words in (
        (reply, 0, "skrev plan/statistikk/befolkning.json"),
        (trickle_body, 1, "innen 2 sekunder"),
    ):
        server = RawServer(answer, context)
        try:
            started = time.monotonic()
            result = cli(
                plan_dir,
                "data",
                "hent",
                "befolkning",
                "--url",
                server.url.replace("http:", "https:"),
                "--tidsavbrudd",
                "2",
            )
            elapsed = time.monotonic() - started
        finally:
            server.close()
        assert result.exit_code == code and words in result.output, result.output
        assert elapsed < 8, elapsed


@pytest.mark.parametrize(
    "args, words",
    [
        (["--url", "http://ex ample/"], "«http://ex ample/» er ikke en gyldig http- eller https-adresse"),
        (["--url", "ftp://ssb.no/"], "er ikke en gyldig http- eller https-adresse"),
        (["--url", "http://127.0.0.1:99999/"], "har et ugyldig portnummer"),
        (["--tidsavbrudd", "inf"], "--tidsavbrudd: forventet et tall (f.eks. 35000, «35 000» eller «2,5»), fikk «inf»"),
        (["--tidsavbrudd", "nan"], "--tidsavbrudd: forventet et tall"),
        (["--tidsavbrudd", "0"], "fra 0,1 til 3\u00a0600, ikke 0"),
        (["--tidsavbrudd", "-1"], "fra 0,1 til 3\u00a0600, ikke \u22121"),
        (["--tidsavbrudd", "0,05"], "fra 0,1 til 3\u00a0600, ikke 0,05"),  # the number as Norwegians write it
    ],
    ids=["space-in-host", "ftp", "port", "inf", "nan", "zero", "negative", "comma"],
)
def test_a_bad_address_or_time_limit_is_a_usage_error(plan_dir, cli, args, words):
    result = cli(plan_dir, "data", "hent", "befolkning", *args)
    assert result.exit_code == 2 and words in result.output, result.output
    assert "Traceback" not in result.output and "henter tabell" not in result.output


def _recorded_with(change) -> bytes:
    data = json.loads(RECORDED.read_text(encoding="utf-8"))
    change(data)
    return json.dumps(data).encode()


def _other_table(data):
    data["extension"]["px"]["tableid"] = "11342"


def _other_region(data):
    data["dimension"]["Region"]["category"] = {"index": {"0301": 0}, "label": {"0301": "Oslo"}}


@pytest.mark.parametrize(
    "change, words",
    [
        (_other_table, "svaret gjelder tabell 11342, ikke tabell 07459 som ble spurt om"),
        (_other_region, "svaret gjelder Region 0301, ikke det som ble spurt om (3430)"),
    ],
    ids=["table", "region"],
)
def test_an_answer_for_another_table_or_region_is_refused(plan_dir, cli, ssb, change, words):
    ssb.routes[DATA_PATH] = (200, _recorded_with(change), 0)
    before = (plan_dir / SNAPSHOT).read_bytes()
    result = cli(plan_dir, "data", "hent", "befolkning", "--url", ssb.url)
    assert result.exit_code == 1 and words in result.output, result.output
    assert "plan/statistikk/befolkning.json er ikke endret" in result.output
    assert (plan_dir / SNAPSHOT).read_bytes() == before


def test_a_servers_problem_text_reaches_the_terminal_without_escape_sequences(plan_dir, cli, ssb):
    problem = {
        "title": "Bad \x1b[2J\x1b[31mRequest\x07",
        "detail": "Non-existent \x1b]0;eid\x07variable\r\nRegionx\u202e",
        "status": 400,
    }
    ssb.routes[DATA_PATH] = (400, json.dumps(problem).encode(), 0)
    result = cli(plan_dir, "data", "hent", "befolkning", "--url", ssb.url)
    assert result.exit_code == 1
    assert (
        "SSB svarte 400" in result.output
        and "Bad [2J[31mRequest – Non-existent ]0;eidvariable Regionx" in result.output
    )
    assert not [c for c in result.output if c in "\x1b\x07\r\u202e"]


def test_control_characters_in_a_plan_file_never_reach_the_terminal(plan_dir):
    """A repository is foreign text too: ``plan check`` quotes a wrong value without its escape
    sequences, on stderr as a real terminal would get it."""
    import subprocess
    import sys

    register = plan_dir / "plan" / "innspill" / "2020-02-10-001.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace("avsender: Innbygger 1", 'avsender: Innbygger 1\nkan_navngis: "\\e[2J\\e]0;tittel\\aja\\u202e"'),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "workflow", "-C", str(plan_dir), "check"], capture_output=True, text=True
    )
    assert done.returncode == 1 and "2020-02-10-001.yaml:7:14: feil: " in done.stderr, done.stderr
    assert "[2J]0;tittelja" in done.stderr and "Traceback" not in done.stderr
    assert not [c for c in done.stderr if c in "\x1b\x07\u202e"], done.stderr


# --- bad data: located errors from plan check ---------------------------------------------------


def _errors(plan_dir) -> list[str]:
    with pytest.raises(PlanError) as caught:
        load_project(WorkTree(plan_dir))
    return [str(p) for p in caught.value.problems if not p.warning]


def test_snapshot_that_is_not_json_stat(plan_dir, cli):
    path = plan_dir / SNAPSHOT
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["data"]["size"] = [1, 1, 3]
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    result = cli(plan_dir, "check")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert any(
        e.startswith("plan/statistikk/befolkning.json:") and "dimensjonen «Tid» har ikke 3 kategorier" in e
        for e in _errors(plan_dir)
    )
    path.write_text('{"kilde": "SSB", "tabell": "07459",\n "data": {', encoding="utf-8")
    assert any(
        e.startswith("plan/statistikk/befolkning.json:2:") and "ikke gyldig JSON" in e for e in _errors(plan_dir)
    )


def test_figure_naming_a_missing_series_or_region(plan_dir):
    path = plan_dir / "plan/staastedsanalyse.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("                ContentsCode: LLML", "                ContentsCode: LAV", 1)
    text = text.replace(
        '          statistikk: befolkning\n          serier:\n            - navn: Os\n              utvalg:\n                Region: "3430"',
        '          statistikk: befolkning\n          serier:\n            - navn: Os\n              utvalg:\n                Region: "3431"',
    )
    text = text.replace("          statistikk: virksomheter", "          statistikk: foretak")
    text = text.replace("          langs: ArbstedKomm", "          langs: Arbeidssted")
    path.write_text(text, encoding="utf-8")
    errors = _errors(plan_dir)

    def line_of(needle):
        return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)

    region_line = line_of('Region: "3431"')
    assert (
        f"plan/staastedsanalyse.yaml:{region_line}:25: feil: regionkoden «3431» finnes ikke i «befolkning» for Region (finnes: 3430)"
        in errors
    )
    assert any("koden «LAV» finnes ikke i «framskriving» for ContentsCode" in e for e in errors)
    assert any(
        e.startswith(f"plan/staastedsanalyse.yaml:{line_of('statistikk: foretak')}:")
        and "finner ikke statistikken «foretak»" in e
        for e in errors
    )
    assert any("har ingen dimensjon «Arbeidssted»" in e for e in errors)


def test_ambition_citing_a_table_without_snapshot(plan_dir, cli):
    path = plan_dir / "plan/satsingsomrader/innovativt-naeringsliv.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("kilde: SSB, tabell 13470", "kilde: SSB, tabell 07979"),
        encoding="utf-8",
    )
    result = cli(plan_dir, "check")
    assert result.exit_code == 1
    assert (
        "plan/satsingsomrader/innovativt-naeringsliv.yaml:56:12: feil: ambisjonen «A1.2» viser til SSB-tabell 07979"
        in result.output
    )


# --- charts and documents ----------------------------------------------------------------------


def _pictures(data: bytes) -> list[tuple[str, bytes]]:
    document = docx.Document(io.BytesIO(data))
    out = []
    for shape in document.inline_shapes:
        rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        out.append((shape._inline.docPr.get("descr"), document.part.related_parts[rid].blob))
    return out


def test_build_writes_the_situation_analysis_and_indicator_charts(plan_dir, cli, tmp_path):
    for out in ("a", "b"):
        result = cli(plan_dir, "build", "-o", str(tmp_path / out))
        assert result.exit_code == 0, result.output
    for name in (
        "os-staastedsanalyse.docx",
        "os-naeringsplan-2020-2028.docx",
        "os-naeringsplan-2020-2028-saksframlegg.docx",
    ):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    situation = (tmp_path / "a" / "os-staastedsanalyse.docx").read_bytes()
    pictures = _pictures(situation)
    assert len(pictures) >= 4
    assert all(descr and len(descr) > 40 for descr, _ in pictures)
    assert all(blob.startswith(b"\x89PNG") for _, blob in pictures)
    assert (
        "Linjediagram: Folketallet i Os 1. januar (personer). Os: 2\u00a0131 i 2004 og 1\u00a0895 i 2025."
        in pictures[0][0]
    )
    assert "illustrasjon" in pictures[0][0]
    document = docx.Document(io.BytesIO(situation))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Ståstedsanalyse for næringslivet i Os kommune" in text
    assert "Figur 1: Folketallet i Os 1. januar. Kilde: SSB, tabell 07459" in text
    assert "Illustrasjon – oppdater med plan data hent" in text
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][1:6] == [
        "Befolkning",
        "Næringsstruktur",
        "Landbruket",
        "Pendling",
        "Styrker og utfordringer",
    ]
    assert any("Røros" in c.text for t in document.tables for c in t._cells)
    # The plan document: one indicator chart per ambition with data (A1.1, A1.2, A2.1, A3.1).
    plan = _pictures((tmp_path / "a" / "os-naeringsplan-2020-2028.docx").read_bytes())
    assert [d.split(",")[0] for d, _ in plan] == [
        f"Indikatordiagram for ambisjonen {a}" for a in ("A1.1", "A1.2", "A2.1", "A3.1")
    ]
    assert "Målet er 880 i 2028." in plan[1][0]
    case = docx.Document(str(tmp_path / "a" / "os-naeringsplan-2020-2028-saksframlegg.docx"))
    assert any(
        p.text == "Ståstedsanalyse for næringslivet i Os kommune"
        for p in case.paragraphs  # by title (issue 21)
    )
    with zipfile.ZipFile(tmp_path / "a" / "os-staastedsanalyse.docx") as z:
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())


def test_png_is_byte_stable_and_carries_no_software_stamp():
    from workflow.evidence.charts import Chart, draw_png

    chart = Chart(
        kind="bar",
        title="Æ & <ø> «å» 😀",
        categories=("Jordbruk", "Industri"),
        series=(("2019", (215.0, None)),),
        source="Kilde: SSB",
        description="Søyler",
        illustrative=True,
    )
    first, second = draw_png(chart), draw_png(chart)  # drawn twice: not the cache's copy
    assert first == second and first.startswith(b"\x89PNG") and b"matplotlib" not in first.lower()


def test_target_in_words_shows_the_measured_values():
    from types import SimpleNamespace

    from workflow.evidence.figures import indicator_chart

    point = SimpleNamespace
    ambition = SimpleNamespace(
        id="A9",
        indicator="Sysselsettingsvekst",
        unit="prosent",
        source="Kommunen",
        baseline=point(value=None, year=2020),
        target=point(value="bedre enn snittet i KOSTRA-gruppe 11", year=2028),
        data_points=(point(value=1.5, year=2021), point(value=2.0, year=2022)),
    )
    chart = indicator_chart(ambition)
    assert chart.target is None and chart.target_text == "bedre enn snittet i KOSTRA-gruppe 11"
    assert "Målet: bedre enn snittet i KOSTRA-gruppe 11." in chart.description
    from workflow.evidence.charts import render_png

    assert render_png(chart).startswith(b"\x89PNG")


def test_check_imports_no_chart_library(plan_dir):
    import subprocess
    import sys

    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom workflow.cli.main import main\n"
        f"r = CliRunner().invoke(main, ['-C', {str(plan_dir)!r}, 'check'])\n"
        "assert r.exit_code == 0, r.output\nprint('matplotlib' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_markdown_and_html_exports_carry_the_indicator_charts(plan_dir, cli, tmp_path):
    import base64
    import re

    for fmt in ("markdown", "html"):
        result = cli(plan_dir, "build", "--format", fmt, "-o", str(tmp_path))
        assert result.exit_code == 0, result.output
    html = (tmp_path / "os-naeringsplan-2020-2028.html").read_text(encoding="utf-8")
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"', html)
    assert len(images) == 4 and all(base64.b64decode(data).startswith(b"\x89PNG") for data, _ in images)
    assert images[0][1].startswith("Indikatordiagram for ambisjonen A1.1")
    md = (tmp_path / "os-naeringsplan-2020-2028.md").read_text(encoding="utf-8")
    assert len(re.findall(r"!\[Indikatordiagram[^\]]*\]\(data:image/png;base64,", md)) == 4


def test_check_finds_a_misspelt_name_in_the_situation_template(plan_dir, cli):
    path = plan_dir / "templates" / "staastedsanalyse.docx"
    document = docx.Document(str(path))
    document.add_paragraph("{{ situation.titel }}")
    document.save(str(path))
    result = cli(plan_dir, "check")
    assert result.exit_code == 1
    assert "templates/staastedsanalyse.docx" in result.output and "titel" in result.output


def test_shipped_templates_pass_the_check(plan_dir):
    from workflow.documents.build import template_problems

    project, _ = load_project(WorkTree(plan_dir))
    assert template_problems(project, plan_dir, skip_shipped=False, part=case_part) == []


def test_documents_with_pictures_pass_the_ooxml_schemas(plan_dir, cli, tmp_path, validate_docx):
    assert cli(plan_dir, "build", "-o", str(tmp_path)).exit_code == 0
    validate_docx(tmp_path / "os-staastedsanalyse.docx", tmp_path / "os-naeringsplan-2020-2028.docx")


def test_site_shows_the_indicator_charts_and_the_situation_analysis(plan_dir):
    """Issue 14 on the web site (i16's hooks): each focus area's page has its ambitions'
    charts as PNG files with alt text and caption, and the situation analysis is a page of
    its own (menu entry) with its figures, tables and sources."""
    import re

    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree
    from workflow.site.build import Current, History, build_site

    project, _ = load_project(WorkTree(plan_dir))
    files = build_site(History(), Current(project))
    so1 = files["satsingsomrader/so1.html"].decode()
    assert '<section id="_indikatordiagram"><h2>Utviklingen for ambisjonene</h2>' in so1
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', so1)
    assert images and all(src.startswith("../diagrammer/") and src.endswith(".png") for src, _ in images)
    for src, alt in images:
        assert files[src.removeprefix("../")].startswith(b"\x89PNG") and "Indikatordiagram for ambisjonen" in alt
    assert "<figcaption>Figur: utviklingen for" in so1
    page = files["staastedsanalyse.html"].decode()
    assert "<h1>Ståstedsanalyse</h1>" in page and "Ståstedsanalyse for næringslivet i Os kommune" in page
    figures = re.findall(r'<img src="(staastedsanalyse/figur-\d+\.png)" alt="([^"]+)"', page)
    assert len(figures) >= 4 and all(files[src].startswith(b"\x89PNG") and alt for src, alt in figures)
    assert "<caption>Tabell " in page and '<th scope="col">' in page and "<h2>Kilder</h2>" in page
    assert 'href="staastedsanalyse.html"' in files["tidslinje.html"].decode()  # in the menu of every page


def test_indicator_chart_of_a_target_in_words_only(plan_dir):
    """Issue 11's ambitions: no baseline, no target value, a relative target and a direction:
    the chart shows the measured values and says the target in words."""
    from workflow.evidence.charts import render_png
    from workflow.evidence.figures import indicator_chart
    from workflow.plan.model import Ambition

    ambition = Ambition.model_validate(
        {
            "id": "A9",
            "indikator": "Sysselsatte i regionen",
            "enhet": "personer",
            "kilde": "SSB",
            "relativt_mål": "+0,8 % per år",
            "retning": "økende",
            "datapunkter": [{"verdi": 7811, "år": 2024}, {"verdi": 7902, "år": 2025}],
        }
    )
    chart = indicator_chart(ambition)
    assert chart.baseline is None and chart.target is None and chart.target_text == "+0,8 % per år; økende"
    assert "Målet: +0,8 % per år; økende." in chart.alt and "Utgangspunkt" not in chart.alt
    assert render_png(chart).startswith(b"\x89PNG")
    nynorsk = indicator_chart(
        ambition.model_copy(update={"relative_target": None, "direction": "synkende"}), language="nynorsk"
    )
    assert nynorsk.target_text == "minkande"
    both = indicator_chart(
        ambition.model_copy(
            update={"target": ambition.data_points[0].model_copy(update={"value": 8500.0, "year": 2035})}
        )
    )
    assert (
        both.target == ("2035", 8500.0) and "Målet er 8\u00a0500 i 2035. Målet også: +0,8 % per år; økende." in both.alt
    )
    assert render_png(both).startswith(b"\x89PNG")


def test_a_dataset_with_two_dimensions_larger_than_one_is_read_row_major():
    """JSON-stat's «value» lists the cells with the last dimension varying fastest: with two
    regions and three years, the second region's 2021 is cell 1 * 3 + 1 = 4, not 1 * 1 + 1 * 2."""
    from workflow.plan.statistics import parse_snapshot

    data = {
        "version": "2.0",
        "class": "dataset",
        "label": "07459: Befolkning",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [2, 1, 3],
        "role": {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]},
        "dimension": {
            "Region": {
                "label": "region",
                "category": {"index": {"3430": 0, "3001": 1}, "label": {"3430": "Os", "3001": "Halden"}},
            },
            "ContentsCode": {
                "label": "statistikkvariabel",
                "category": {"index": {"Personer1": 0}, "label": {"Personer1": "Personer"}},
            },
            "Tid": {
                "label": "år",
                "category": {
                    "index": {"2020": 0, "2021": 1, "2022": 2},
                    "label": {"2020": "2020", "2021": "2021", "2022": "2022"},
                },
            },
        },
        "value": [1900, 1880, 1860, 31000, 31200, 31400],
    }
    doc = {
        "kilde": "SSB",
        "tabell": "07459",
        "tittel": "Folkemengde",
        "spørring": {"valueCodes": {"Region": ["3430", "3001"]}},
        "data": data,
    }
    snapshot, problems = parse_snapshot("plan/statistikk/befolkning.json", json.dumps(doc).encode())
    assert problems == [] and snapshot is not None
    assert snapshot.value({"Region": "3001", "Tid": "2021"}) == 31200
    assert snapshot.value({"Region": "3430", "Tid": "2022"}) == 1860
    assert [v for _, _, v in snapshot.along("Tid", {"Region": "3001"})] == [31000, 31200, 31400]
    assert [v for _, _, v in snapshot.along("Region", {"Tid": "2020"})] == [1900, 31000]
