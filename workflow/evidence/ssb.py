"""SSB's PxWebApi v2: fetch a table as JSON-stat2 and refresh the snapshots in plan/statistikk.

GET ``{base}/tables/{id}/data?lang=no&outputFormat=json-stat2&valueCodes[Dim]=a,b`` with the
standard library's HTTP client, a real timeout and one request per snapshot. A snapshot file is
rewritten only when its values changed; the differences are returned for printing. Without
network every error is a ``FetchError`` (a message, never a traceback) and the committed
snapshots stay as they were.
"""

from __future__ import annotations

import dataclasses
import http.client
import io
import json
import math
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow.errors import WorkflowError
from workflow.files import write_atomic
from workflow.plan.statistics import Snapshot, parse_dataset, snapshot_text
from workflow.text.norwegian import format_number
from workflow.text.terminal import printable

BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
MAX_URL = 2000  # longer GET URLs fail at SSB
MAX_BYTES = 50_000_000


class FetchError(WorkflowError):
    """A snapshot could not be fetched; nothing was written."""


def data_url(base: str, table: str, query: dict) -> str:
    params = [("lang", query.get("lang", "no")), ("outputFormat", "json-stat2")]
    for dim, codes in query.get("valueCodes", {}).items():
        params.append((f"valueCodes[{dim}]", ",".join(codes)))
    for dim, codelist in query.get("codelist", {}).items() if isinstance(query.get("codelist"), dict) else ():
        params.append((f"codelist[{dim}]", codelist))
    url = f"{base.rstrip('/')}/tables/{urllib.parse.quote(table)}/data?" + urllib.parse.urlencode(params, safe="[](),*")
    if len(url) > MAX_URL:
        raise FetchError(
            f"spørringen for tabell {table} gir en URL på {len(url)} tegn; SSB godtar rundt {MAX_URL} (velg færre koder)"
        )
    return url


def check_base(base: str) -> str | None:
    """What is wrong with a PxWebApi address given by the user (``--url``), or None."""
    parts = urllib.parse.urlsplit(base) if base.isprintable() and " " not in base else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return f"«{printable(base)}» er ikke en gyldig http- eller https-adresse"
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        return f"«{printable(base)}» har et ugyldig portnummer"
    return None


def check_timeout(timeout: float) -> str | None:
    """What is wrong with a time limit in seconds, or None (a finite number, 0.1 to 3 600)."""
    if not math.isfinite(timeout) or not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
        return (
            f"tidsavbruddet må være et tall sekunder fra {format_number(MIN_TIMEOUT)} til "
            f"{format_number(MAX_TIMEOUT)}, ikke {format_number(timeout)}"
        )
    return None


def fetch(url: str, *, timeout: float) -> dict:
    """The JSON-stat2 dataset at ``url``, fetched within ``timeout`` seconds in all (connecting,
    the answer's head and its body: a server that trickles its answer is cut off at the
    deadline) and at most ``MAX_BYTES``. Raises FetchError for network errors, HTTP errors
    (with SSB's message when it sent one), answers that are not HTTP, the deadline, and bodies
    that are not JSON-stat2."""
    problem = check_timeout(timeout) or check_base(url)
    if problem:
        raise FetchError(problem)
    body = _download(url, timeout)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"svaret fra SSB er ikke gyldig JSON ({url}): {printable(str(exc))}") from None
    except RecursionError:
        data = None
    if data is None or _too_deep(data):
        raise FetchError(f"svaret fra SSB er JSON nestet dypere enn {MAX_DEPTH} nivåer ({url}); det brukes ikke")
    _, _, _, problems = parse_dataset(data)
    if problems:
        raise FetchError(f"svaret fra SSB er ikke et gyldig JSON-stat2-datasett ({url}): {printable(problems[0][1])}")
    return data


MIN_TIMEOUT, MAX_TIMEOUT = 0.1, 3600.0
MAX_DEPTH = 64  # JSON-stat2 nests five or six levels; deeper is not an answer to use


def _download(url: str, timeout: float) -> bytes:
    """The body at ``url`` within the deadline, or FetchError in Norwegian."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "plan-workflow"})
    opener = urllib.request.build_opener(
        _DeadlineHTTPHandler(deadline), _DeadlineHTTPSHandler(deadline), _WebRedirectHandler()
    )
    late = f"fikk ikke hele svaret fra SSB innen {format_number(timeout)} sekunder, og hentingen ble avbrutt ({url})"
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > MAX_BYTES:
                raise FetchError(_too_large(url))
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"SSB svarte {exc.code} for {url}: {_problem(exc)}") from None
    except TimeoutError:
        raise FetchError(late) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(late) from None
        if isinstance(exc.reason, http.client.HTTPException):
            raise FetchError(_not_http(url, exc.reason)) from None
        raise FetchError(
            f"kunne ikke nå SSB ({url}): {printable(str(exc.reason))}. "
            "Uten nett brukes øyeblikksbildene som ligger i plan/statistikk/."
        ) from None
    except http.client.HTTPException as exc:
        raise FetchError(_not_http(url, exc)) from None
    except (OSError, ValueError) as exc:
        raise FetchError(f"kunne ikke hente {url}: {printable(str(exc))}") from None
    if len(body) > MAX_BYTES:
        raise FetchError(_too_large(url))
    return body


def _too_large(url: str) -> str:
    return f"svaret fra {url} er større enn {MAX_BYTES // 1_000_000} MB; det brukes ikke"


def _not_http(url: str, exc: http.client.HTTPException) -> str:
    """A broken HTTP answer, in words."""
    if isinstance(exc, http.client.IncompleteRead):
        what = "svaret ble brutt før det var mottatt helt (en ødelagt eller avkortet del)"
    elif isinstance(exc, http.client.LineTooLong):
        what = "en linje i svaret er for lang"
    elif isinstance(exc, http.client.BadStatusLine):
        what = "svaret er ikke HTTP"
    elif "headers" in str(exc):
        what = "svaret har for mange linjer i hodet"
    else:
        what = "svaret er ikke gyldig HTTP"
    return f"{what} ({url})"


def _too_deep(data: object) -> bool:
    """Whether JSON ``data`` nests deeper than ``MAX_DEPTH`` (walked without recursion)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


class _DeadlineReader(io.RawIOBase):
    """Reads a socket until a deadline: each read waits at most the time that is left."""

    def __init__(self, owner: _DeadlineSocket) -> None:
        self.owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self.owner.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline")
        self.owner.sock.settimeout(left)
        return self.owner.sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self.owner.reader_closed()
        super().close()


class _DeadlineSocket:
    """A connected socket whose reads (through ``makefile``, as http.client reads) end at the
    deadline. Like a socket's own files, an open reader keeps it open after ``close()``."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock, self.deadline = sock, deadline
        self.readers = 0
        self.closed = False

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        self.readers += 1
        return io.BufferedReader(_DeadlineReader(self))

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(max(0.01, self.deadline - time.monotonic()))
        self.sock.sendall(data)

    def close(self) -> None:
        self.closed = True
        self.reader_closed(0)

    def reader_closed(self, count: int = 1) -> None:
        self.readers -= count
        if self.closed and self.readers <= 0:
            self.sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


def _deadline_connection(base: type[http.client.HTTPConnection], deadline: float) -> Any:
    class Connection(base):  # type: ignore[valid-type, misc]
        def connect(self) -> None:
            this: Any = self  # connecting (and TLS) within the time left, then reads to the deadline
            this.timeout = max(0.01, min(this.timeout or MAX_TIMEOUT, deadline - time.monotonic()))
            super().connect()
            this.sock = _DeadlineSocket(this.sock, deadline)

    return Connection


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_deadline_connection(http.client.HTTPConnection, self.deadline), req)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_deadline_connection(http.client.HTTPSConnection, self.deadline), req)


class _WebRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Redirects only to http(s), which the deadline covers (never to ftp: or file:)."""

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            return None  # the redirect itself becomes the HTTP error
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _problem(exc: urllib.error.HTTPError) -> str:
    """SSB's error body (problem+json: title, detail) or the HTTP reason, without control
    characters (a server's words never reach the terminal as escape sequences)."""
    try:
        body = json.loads(exc.read(100_000).decode("utf-8"))
    except Exception:  # the body is optional and may be anything
        return printable(str(exc.reason))
    if isinstance(body, dict):
        parts = [printable(body[k]) for k in ("title", "detail") if isinstance(body.get(k), str)]
        if parts:
            return " – ".join(parts)[:500]
    return printable(str(exc.reason))


PLAIN_CODE = re.compile(r"[^()*?,]+")  # a code as such, not a filter such as from(2004), top(5) or *


def answer_problem(snapshot: Snapshot, data: dict) -> str | None:
    """Why an answer is not the one asked for (another table, another region or other codes
    than the query names), or None. Such an answer is never written over the snapshot."""
    extension = data.get("extension")
    px = extension.get("px") if isinstance(extension, dict) else None
    table = px.get("tableid") if isinstance(px, dict) else None
    if isinstance(table, str) and table != snapshot.table:
        return f"svaret gjelder tabell {printable(table)[:20]}, ikke tabell {snapshot.table} som ble spurt om"
    dimensions = {d.id: d for d in parse_dataset(data)[0]}
    codelists = snapshot.query.get("codelist")
    for dim, codes in snapshot.query.get("valueCodes", {}).items():
        if dim not in dimensions:
            return f"svaret mangler dimensjonen «{dim}» som ble spurt om"
        if isinstance(codelists, dict) and dim in codelists or not all(PLAIN_CODE.fullmatch(c) for c in codes):
            continue  # a code list or a filter: the codes in the answer are SSB's to choose
        other = [c for c in dimensions[dim].codes if c not in codes]
        if other:
            shown = printable(", ".join(other[:5]))[:200] + (" …" if len(other) > 5 else "")
            return f"svaret gjelder {dim} {shown}, ikke det som ble spurt om ({', '.join(codes)})"
    return None


@dataclass(frozen=True)
class Refreshed:
    snapshot: Snapshot
    changed: bool
    differences: list[str]


def differences(old: Snapshot, new_data: dict) -> list[str]:
    """Value differences, as lines «Region=3430, Tid=2024: 1 850 → 1 861»."""
    dims, _, _, _ = parse_dataset(new_data)
    fresh = dataclasses.replace(old, data=new_data, dimensions=dims)
    before, after = old.values(), fresh.values()
    names_old = [d.id for d in old.dimensions]
    names_new = [d.id for d in fresh.dimensions]
    if names_old != names_new:
        return [f"dimensjonene er endret: {', '.join(names_old)} → {', '.join(names_new)}"]
    lines = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key, "mangler"), after.get(key, "mangler")
        if a != b:
            where = ", ".join(f"{n}={c}" for n, c in zip(names_new, key))
            lines.append(f"{where}: {_show(a)} → {_show(b)}")
    return lines


def _show(value: float | str | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return format_number(value)


def refresh(root: Path, snapshot: Snapshot, *, base: str, timeout: float, fetched_at: str) -> Refreshed:
    """Fetch one snapshot's table; write the file (atomically) only when the values or
    SSB's metadata changed."""
    url = data_url(base, snapshot.table, snapshot.query)
    data = fetch(url, timeout=timeout)
    wrong = answer_problem(snapshot, data)
    if wrong:
        raise FetchError(f"{wrong} ({url}); {snapshot.file} er ikke endret")
    lines = differences(snapshot, data)
    same_meta = {k: v for k, v in data.items() if k != "value"} == {
        k: v for k, v in snapshot.data.items() if k != "value"
    }
    if not lines and same_meta and not snapshot.illustrative:
        return Refreshed(snapshot, False, [])
    header = {
        "kilde": snapshot.source,
        "tabell": snapshot.table,
        "spørring": snapshot.query,
        "hentet": fetched_at,
        "illustrasjon": False,
    }
    if snapshot.title and snapshot.title != (data.get("label") or ""):
        header["tittel"] = snapshot.title
    if snapshot.remark and not snapshot.illustrative:  # a note about the illustration no longer holds
        header["merknad"] = snapshot.remark
    write_atomic(root / snapshot.file, snapshot_text(header, data))
    return Refreshed(snapshot, True, lines)
