"""``plan serve``: the site of the working tree on a local web server, rebuilt when a file under
``plan/`` or ``templates/`` is saved, and reloaded in the browser.

* Watching: the modification times and sizes of the files under ``plan/`` and ``templates/``
  are polled (every 20 ms by default; a few dozen ``stat`` calls), and a change is read once
  the files have held still for 5 ms (not half-way through an editor's save). No extra
  dependency.
* Rebuilding reuses what did not change: the history (versions, documents, comparisons, read
  from git once at start) is built once per language and frame; only the pages that follow the
  working tree are rebuilt, and the templates are checked again only when they changed.
* Live reload: every HTML page served gets a small script that listens on
  ``/__plan/live`` (Server-Sent Events) and reloads the page when the site's generation moves
  on. Without JavaScript the pages work as they are (reload by hand).
* A plan that does not pass ``plan check`` is shown as its problems (file:line:col) instead of
  the plan, and the plan comes back when they are fixed.
* ``/__plan/plan.pdf``: the plan document of the working tree as PDF/A, made by one LibreOffice
  kept warm from the first request until the server stops (the start-up, 1–3 s, is paid once),
  and kept until the next save.
"""

from __future__ import annotations

import http.server
import ipaddress
import os
import socket
import sys
import tempfile
import threading
import time
from html import escape
from io import BufferedIOBase
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from workflow.documents.build import build_plan_document, build_time, template_problems
from workflow.documents.names import document_names
from workflow.documents.pdf import Converter
from workflow.errors import BuildError, PlanError, Problem
from workflow.participation.case import case_part
from workflow.plan.load import load_project
from workflow.plan.source import PLAN_DIR, TEMPLATES_DIR, WorkTree
from workflow.site.build import MANIFEST, Current, History, current_pages, error_page, site_frame, version_pages
from workflow.text.terminal import printable

if TYPE_CHECKING:
    from workflow.plan.model import Project
    from workflow.site.layout import Frame

LIVE_PATH = "/__plan/live"
PDF_PATH = "/__plan/plan.pdf"
SETTLE = 0.005  # seconds a changed file must hold still before it is read
WATCHED = (PLAN_DIR, TEMPLATES_DIR)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
SCRIPT = (
    '<script>(function(){{if(!window.EventSource)return;var g="{gen}";'
    'var s=new EventSource("{path}");s.onmessage=function(e){{if(e.data!==g){{s.close();location.reload();}}}};}})();</script>'
)

Stamp = tuple[tuple[str, int, int], ...]  # (path, mtime_ns, size) of every watched file, sorted


class Preview:
    """The site of the working tree, rebuilt on change. Thread-safe: ``snapshot()`` gives the
    files and their generation together."""

    def __init__(self, root: Path, history: History | None = None) -> None:
        self.root = Path(root)
        self.history = history or History()
        self.generation = 0
        self.files: dict[str, bytes] = {}
        self.current = Current(None)
        self.changed = threading.Condition()
        self.stopped = False
        self._stamp: Stamp | None = None
        self._templates: Stamp | None = None
        self._template_problems: list[Problem] = []
        self._versions: tuple[Frame, dict[str, bytes]] | None = None  # (frame, files)
        self._converter: Converter | None = None  # started by the first PDF request
        self._pdf: tuple[int, bytes] | None = None  # (generation, the plan document as PDF)
        self._pdf_lock = threading.Lock()
        self.last_build_ms = 0.0

    # --- watching -----------------------------------------------------------------------------

    def stamp(self) -> Stamp:
        """(path, mtime_ns, size) of every watched file, sorted."""
        out = []
        for top in WATCHED:
            for folder, dirs, names in os.walk(self.root / top):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    if name.startswith(".") or name.endswith(("~", ".swp", ".tmp")):
                        continue
                    path = os.path.join(folder, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    out.append((path, st.st_mtime_ns, st.st_size))
        return tuple(sorted(out))

    def refresh(self) -> bool:
        """Rebuild when a watched file changed since the last look. True when the site changed."""
        stamp = self.stamp()
        if stamp == self._stamp:
            return False
        for _ in range(20):  # an editor's save in progress: wait until the files hold still
            time.sleep(SETTLE)
            again = self.stamp()
            if again == stamp:
                break
            stamp = again
        self._stamp = stamp
        return self.rebuild(stamp)

    def rebuild(self, stamp: Stamp | None = None) -> bool:
        started = time.perf_counter()
        try:
            project, _ = load_project(WorkTree(self.root))
            problems = self._check_templates(project, stamp)
            current = Current(None, tuple(problems)) if problems else Current(project)
        except PlanError as exc:
            current = Current(None, tuple(exc.problems))
        files = dict(self._version_files(current))
        files.update(current_pages(self.history, current))
        files.pop(MANIFEST, None)
        self.last_build_ms = (time.perf_counter() - started) * 1000
        with self.changed:
            if files == self.files:
                return False
            self.files = files
            self.current = current
            self.generation += 1
            self.changed.notify_all()
        return True

    def _check_templates(self, project: Project, stamp: Stamp | None) -> list[Problem]:
        templates = tuple(s for s in stamp or () if os.sep + TEMPLATES_DIR + os.sep in s[0])
        if stamp is None or templates != self._templates:
            self._templates = templates
            self._template_problems = [
                p for p in template_problems(project, self.root, part=case_part) if not p.warning
            ]
        return self._template_problems

    def _version_files(self, current: Current) -> dict[str, bytes]:
        key = site_frame(current)[0]
        if self._versions is None or self._versions[0] != key:
            self._versions = (key, version_pages(self.history, current))
        return self._versions[1]

    def missing(self, path: str) -> bytes | None:
        """A page the site does not have: while the plan has errors, the errors (so a focus
        area's page shows them too, and comes back when they are fixed)."""
        with self.changed:
            current = self.current
        if current.project is None and current.problems and path.endswith(".html"):
            return error_page(current, path)
        return None

    def snapshot(self) -> tuple[int, dict[str, bytes]]:
        with self.changed:
            return self.generation, self.files

    def wait(self, generation: int, timeout: float) -> int:
        """Block until the generation differs from ``generation`` (or ``timeout``, or stop)."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != generation or self.stopped, timeout)
            return self.generation

    def watch(self, interval: float = 0.02) -> None:
        """Poll until ``stop()``; a failing rebuild is shown, never ends the loop."""
        while not self.stopped:
            try:
                self.refresh()
            except Exception as exc:  # noqa: BLE001 - keep previewing; show what went wrong
                current = Current(None, (Problem("plan", 0, 0, f"forhåndsvisningen feilet: {exc}"),))
                with self.changed:
                    self.files = current_pages(self.history, current)
                    self.current = current
                    self.generation += 1
                    self.changed.notify_all()
            time.sleep(interval)

    def plan_pdf(self) -> bytes | None:
        """The plan document of the working tree as PDF/A (None while the plan has errors),
        converted once per generation by the warm LibreOffice."""
        with self._pdf_lock:
            with self.changed:
                generation, project = self.generation, self.current.project
            if project is None or self.stopped:
                return None
            if self._pdf is None or self._pdf[0] != generation:
                data = build_plan_document(project, self.root, when=build_time(self.root))
                with tempfile.TemporaryDirectory(prefix="plan-serve-") as work:
                    docx = Path(work) / document_names(project.plan)[0]
                    docx.write_bytes(data)
                    self._converter = self._converter or Converter()
                    self._pdf = (generation, self._converter.convert([docx], Path(work))[0].read_bytes())
            return self._pdf[1]

    def stop(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify_all()
        with self._pdf_lock:
            if self._converter is not None:
                self._converter.close()
                self._converter = None


def inject(page: bytes, generation: int) -> bytes:
    """The page with the live reload script before ``</body>``."""
    script = SCRIPT.format(gen=generation, path=LIVE_PATH).encode("utf-8")
    at = page.rfind(b"</body>")
    return page if at < 0 else page[:at] + script + b"\n" + page[at:]


_NOT_FOUND = (
    b'<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Finnes ikke</title></head>'
    b'<body><main><h1>Siden finnes ikke</h1><p><a href="/index.html">Til planen</a></p></main></body></html>'
)


def _lookup(preview: Preview, files: dict[str, bytes], path: str) -> tuple[int, str, bytes]:
    """(HTTP status, site path, body) for a request path: the site's file (a folder is its
    ``index.html``); else the plan's errors while it has them (503); else the 404 page."""
    key = path.lstrip("/")
    if key == "" or key.endswith("/"):
        key += "index.html"
    body = files.get(key)
    status = 200
    if body is None:
        body, status = preview.missing(key), 503
    if body is None:
        status, key = 404, "404.html"
        body = files.get("404.html") or _NOT_FOUND
    return status, key, body


def _pdf(preview: Preview) -> tuple[int, str, bytes]:
    """(HTTP status, name, body) for the PDF preview: the PDF, the plan's errors while it has
    them (503), or a page saying why LibreOffice could not make it (503)."""
    try:
        pdf = preview.plan_pdf()
    except BuildError as exc:
        return 503, "pdf.html", _problem_page(str(exc))
    if pdf is None:  # the plan has errors: show them, as every page does then
        return 503, "index.html", preview.missing("index.html") or _problem_page("planen har feil (se plan check)")
    return 200, "plan.pdf", pdf


def _problem_page(message: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>PDF kunne ikke lages</title></head>'
        f"<body><main><h1>PDF kunne ikke lages</h1><p>{escape(message)}</p></main></body></html>"
    ).encode()


def _stream_generations(out: BufferedIOBase, preview: Preview) -> None:
    """Server-Sent Events: the generation now, then each new one (a comment line every 15
    seconds without a change), until the preview stops or the browser goes away."""
    generation = preview.snapshot()[0]
    try:
        out.write(f"retry: 500\ndata: {generation}\n\n".encode())
        out.flush()
        while not preview.stopped:
            new = preview.wait(generation, 15)
            if preview.stopped:
                break
            out.write(f"data: {new}\n\n".encode() if new != generation else b": -\n\n")
            out.flush()
            generation = new
    except (BrokenPipeError, ConnectionResetError):
        pass


def handler_for(preview: Preview) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "plan-serve"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet by default
            pass

        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def do_GET(self, head: bool = False) -> None:
            bound = getattr(self.server, "bound_name", "127.0.0.1")
            refused = host_refusal(self.headers.get_all("Host") or [], bound)
            if refused is not None:
                self._refuse(*refused)
                return
            path = unquote(urlsplit(self.path).path)
            if path == LIVE_PATH:
                self._live()
                return
            generation, files = preview.snapshot()
            status, key, body = _lookup(preview, files, path) if path != PDF_PATH else _pdf(preview)
            if key.endswith(".html"):
                body = inject(body, generation)
            self.send_response(status)
            self.send_header("Content-Type", TYPES.get(os.path.splitext(key)[1], "application/octet-stream"))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _refuse(self, status: int, words: str) -> None:
            body = words.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            if self.command != "HEAD":
                self.wfile.write(body)

        def _live(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            _stream_generations(self.wfile, preview)

    return Handler


LOOPBACK_NAMES = ("localhost", "localhost.")


def host_refusal(hosts: list[str], bound: str) -> tuple[int, str] | None:
    """(status, words) when a request's Host header is not one this server answers to, else
    None. Answered: the loopback names, an address written as numbers (IPv4, or IPv6 in
    brackets) and the address the server was started on. A web page on another name that
    resolves to this machine (DNS rebinding) gets 421 and never the plan."""
    if len(hosts) != 1:
        return 400, "Forespørselen må ha nøyaktig én Host-linje.\n"
    host = hosts[0].strip().lower()
    name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not name or (port and not port.isdigit()):
        name, port = host, ""
    name = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    try:
        ipaddress.ip_address(name)
    except ValueError:
        if name not in (*LOOPBACK_NAMES, bound.lower()):
            return 421, f"Denne serveren svarer bare på localhost og {bound}, ikke på «{printable(name)[:100]}».\n"
    return None


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    bound_name = "127.0.0.1"  # the host it was started on, as given (``--host``)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that goes away mid-answer is normal: nothing is printed. Anything else
        is one line on stderr, never a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        sys.stderr.write(f"plan serve: svaret til {client_address[0]} feilet: {printable(repr(error))[:300]}\n")


class Server6(Server):
    address_family = socket.AF_INET6


def start(
    preview: Preview, host: str = "127.0.0.1", port: int = 8000, interval: float = 0.02
) -> tuple[Server, threading.Thread]:
    """Build once, start watching in a thread, and return the (not yet serving) server and the
    watcher thread. ``serve_forever()`` the server; ``preview.stop()`` and ``server.shutdown()``
    end both."""
    preview.refresh()
    server = (Server6 if ":" in host else Server)((host, port), handler_for(preview))
    server.bound_name = host
    watcher = threading.Thread(target=preview.watch, args=(interval,), daemon=True, name="plan-watch")
    watcher.start()
    return server, watcher
