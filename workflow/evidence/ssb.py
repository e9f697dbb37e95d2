"""SSB's PxWebApi v2: fetch a table as JSON-stat2 and refresh the snapshots in plan/statistikk.

GET ``{base}/tables/{id}/data?lang=no&outputFormat=json-stat2&valueCodes[Dim]=a,b`` with the
standard library's HTTP client, a real timeout and one request per snapshot. A snapshot file is
rewritten only when its values changed; the differences are returned for printing. Without
network every error is a ``FetchError`` (a message, never a traceback) and the committed
snapshots stay as they were.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from workflow.errors import WorkflowError
from workflow.files import write_atomic
from workflow.plan.statistics import Snapshot, parse_dataset, snapshot_text
from workflow.text.norwegian import format_number

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


def fetch(url: str, *, timeout: float) -> dict:
    """The JSON-stat2 dataset at ``url``. Raises FetchError for network errors, HTTP errors
    (with SSB's message when it sent one), timeouts and bodies that are not JSON-stat2."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "plan-workflow"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"SSB svarte {exc.code} for {url}: {_problem(exc)}") from None
    except TimeoutError:
        raise FetchError(f"fikk ikke svar fra SSB innen {format_number(timeout)} sekunder ({url})") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise FetchError(f"fikk ikke svar fra SSB innen {format_number(timeout)} sekunder ({url})") from None
        raise FetchError(
            f"kunne ikke nå SSB ({url}): {reason}. Uten nett brukes øyeblikksbildene som ligger i plan/statistikk/."
        ) from None
    except (OSError, ValueError) as exc:
        raise FetchError(f"kunne ikke hente {url}: {exc}") from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"svaret fra {url} er større enn {MAX_BYTES // 1_000_000} MB")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"svaret fra SSB er ikke gyldig JSON ({url}): {exc}") from None
    _, _, _, problems = parse_dataset(data)
    if problems:
        raise FetchError(f"svaret fra SSB er ikke et gyldig JSON-stat2-datasett ({url}): {problems[0][1]}")
    return data


def _problem(exc: urllib.error.HTTPError) -> str:
    """SSB's error body (problem+json: title, detail) or the HTTP reason."""
    try:
        body = json.loads(exc.read(100_000).decode("utf-8"))
    except Exception:  # the body is optional and may be anything
        return str(exc.reason)
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("title", "detail") if isinstance(body.get(k), str)]
        if parts:
            return " – ".join(parts)
    return str(exc.reason)


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
