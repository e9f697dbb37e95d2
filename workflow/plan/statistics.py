"""Statistics snapshots: SSB tables kept in the plan repository as JSON-stat 2.0.

A snapshot is one file ``plan/statistikk/NAVN.json``::

    {
      "kilde": "SSB",
      "tabell": "07459",
      "tittel": "Folkemengde 1. januar",                 (optional)
      "spørring": {"valueCodes": {"Region": ["3430"], "Tid": ["from(2004)"]}},
      "hentet": "2026-12-01T12:00:00Z",                  (null until fetched)
      "illustrasjon": false,                              (true: not real SSB figures)
      "merknad": "…",                                     (optional)
      "data": { … the JSON-stat2 dataset exactly as SSB's PxWebApi v2 returned it … }
    }

SSB's own «last updated» (``data.updated``) and footnotes (``data.note``) stay inside the
dataset, so nothing is lost or reinterpreted. Pure: parsing and validation only; fetching lives
in ``workflow/evidence``.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workflow.errors import Problem

if TYPE_CHECKING:
    from workflow.plan.checks import Locate
    from workflow.plan.model import Plan
    from workflow.plan.source import Source

STATISTICS_DIR = "plan/statistikk"
SITUATION_FILE = "plan/staastedsanalyse.yaml"  # the situation analysis (model in situation.py)
TABLE_ID = re.compile(r"^[0-9]{5}$")
CITED_TABLE = re.compile(r"\btabell(?:ene)?\s+([0-9]{5})\b", re.IGNORECASE)
HEADER_KEYS = ("kilde", "tabell", "tittel", "spørring", "hentet", "illustrasjon", "merknad", "data")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,60}$")


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    codes: tuple[str, ...]  # in the dataset's order
    labels: dict[str, str]

    def label_of(self, code: str) -> str:
        return self.labels.get(code, code)


@dataclass(frozen=True, eq=False)  # eq=False: compared and hashed by identity (data is a dict)
class Snapshot:
    """One validated snapshot; ``data`` is the dataset as stored."""

    name: str  # file stem, e.g. «befolkning»
    file: str  # repository-relative path
    source: str
    table: str
    title: str
    query: dict[str, Any]
    fetched: str | None
    illustrative: bool
    remark: str | None
    data: dict[str, Any]
    dimensions: tuple[Dimension, ...]
    time: str | None  # the time dimension's id
    geo: str | None  # the region dimension's id

    @property
    def updated(self) -> str | None:
        return self.data.get("updated")

    @property
    def notes(self) -> list[str]:
        notes = self.data.get("note")
        return [n for n in notes if isinstance(n, str)] if isinstance(notes, list) else []

    def dimension(self, dim_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dim_id), None)

    def value(self, coords: dict[str, str]) -> float | None:
        """The value at one cell; ``coords`` names a code for every dimension of size > 1."""
        index = 0
        for dim in self.dimensions:
            code = coords.get(dim.id, dim.codes[0] if len(dim.codes) == 1 else None)
            if code is None or code not in dim.codes:
                raise KeyError(dim.id)
            index = index * len(dim.codes) + dim.codes.index(code)
        values = self.data["value"]
        raw = values.get(str(index)) if isinstance(values, dict) else values[index]
        return None if raw is None else float(raw)

    def along(self, dim_id: str, select: dict[str, str]) -> list[tuple[str, str, float | None]]:
        """(code, label, value) for each category of ``dim_id``, the other dimensions fixed by
        ``select`` (dimensions with one category may be left out)."""
        dim = self.dimension(dim_id)
        if dim is None:
            raise KeyError(dim_id)
        return [(code, dim.label_of(code), self.value({**select, dim_id: code})) for code in dim.codes]

    def values(self) -> dict[tuple[str, ...], float | None]:
        """Every cell by its codes (for comparing two versions of a snapshot)."""
        cells = {}
        for combo in itertools.product(*(d.codes for d in self.dimensions)):
            cells[combo] = self.value(dict(zip((d.id for d in self.dimensions), combo)))
        return cells


# --- parsing ------------------------------------------------------------------------------------


def _where(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the first ``needle`` in ``text``, else (1, 1)."""
    at = text.find(needle)
    if at < 0:
        return (1, 1)
    line = text.count("\n", 0, at) + 1
    return (line, at - (text.rfind("\n", 0, at) + 1) + 1)


def parse_dataset(data: Any) -> tuple[tuple[Dimension, ...], str | None, str | None, list[tuple[str, str]]]:
    """Validate a JSON-stat 2.0 dataset. Returns (dimensions, time id, geo id, problems), each
    problem as (key to locate, Norwegian message)."""
    problems: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        return (), None, None, [("data", "«data» må være et JSON-stat2-datasett (et objekt)")]
    if data.get("version") != "2.0" or data.get("class") != "dataset":
        problems.append(
            (
                '"version"' if "version" in data else "data",
                'ikke gyldig JSON-stat 2.0: forventet "version": "2.0" og "class": "dataset"',
            )
        )
    ids: Any = data.get("id")  # raw JSON until _shape_problem has checked it
    size: Any = data.get("size")
    dims: Any = data.get("dimension")
    shape = _shape_problem(ids, size, dims)
    if shape is not None:
        return (), None, None, problems + [shape]
    dimensions = []
    for dim_id, n in zip(ids, size):
        dimension = _read_dimension(dim_id, n, dims.get(dim_id))
        if dimension is None:
            problems.append(
                (
                    f'"{dim_id}"',
                    f"ikke gyldig JSON-stat: dimensjonen «{dim_id}» har ikke {n} kategorier med indeks 0–{n - 1}",
                )
            )
            continue
        dimensions.append(dimension)
    if len(dimensions) != len(ids):
        return (), None, None, problems
    problems.extend(_value_problems(data, math.prod(size)))
    role = data.get("role") if isinstance(data.get("role"), dict) else {}
    time = _role(role, "time", ids) or ("Tid" if "Tid" in ids else None)
    geo = _role(role, "geo", ids) or ("Region" if "Region" in ids else None)
    return tuple(dimensions), time, geo, problems


def _shape_problem(ids: Any, size: Any, dims: Any) -> tuple[str, str] | None:
    """The first problem with the dataset's «id», «size» and «dimension», if any."""
    if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids) and ids):
        return ('"id"', "ikke gyldig JSON-stat: «id» må være en liste med dimensjonsnavn")
    if not (
        isinstance(size, list)
        and len(size) == len(ids)
        and all(isinstance(s, int) and not isinstance(s, bool) and s >= 1 for s in size)
    ):
        return ('"size"', "ikke gyldig JSON-stat: «size» må ha ett positivt heltall per dimensjon i «id»")
    if not isinstance(dims, dict):
        return ('"dimension"', "ikke gyldig JSON-stat: mangler «dimension»")
    return None


def _read_dimension(dim_id: str, n: int, raw: Any) -> Dimension | None:
    """One dimension with its ``n`` categories, or None when its category index is not valid."""
    category = raw.get("category") if isinstance(raw, dict) else None
    index = category.get("index") if isinstance(category, dict) else None
    codes: tuple[str, ...]
    if isinstance(index, dict):
        ordered = sorted(index.items(), key=lambda kv: kv[1] if isinstance(kv[1], int) else -1)
        codes = tuple(k for k, _ in ordered)
        good = sorted(v for _, v in ordered if isinstance(v, int) and not isinstance(v, bool)) == list(
            range(len(codes))
        )
    elif isinstance(index, list) and all(isinstance(c, str) for c in index):
        codes, good = tuple(index), len(set(index)) == len(index)
    elif (
        index is None
        and isinstance(category, dict)
        and isinstance(category.get("label"), dict)
        and len(category["label"]) == 1
    ):
        codes, good = tuple(category["label"]), True
    else:
        codes, good = (), False
    if not good or len(codes) != n:
        return None
    labels = category.get("label") if isinstance(category.get("label"), dict) else {}
    label = raw.get("label") if isinstance(raw.get("label"), str) else dim_id
    return Dimension(id=dim_id, label=label, codes=codes, labels={str(k): str(v) for k, v in labels.items()})


def _value_problems(data: dict[str, Any], cells: int) -> list[tuple[str, str]]:
    """The dataset's «value»: a list of ``cells`` numbers or nulls, or a sparse dict of them."""
    problems: list[tuple[str, str]] = []
    value = data.get("value")
    if isinstance(value, list):
        if len(value) != cells:
            problems.append(
                ('"value"', f"ikke gyldig JSON-stat: «value» har {len(value)} verdier, men dimensjonene gir {cells}")
            )
        bad = [
            v
            for v in value
            if not (v is None or (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)))
        ]
    elif isinstance(value, dict):
        bad = [k for k in value if not (k.isdigit() and int(k) < cells)]
        bad += [
            v for v in value.values() if not (v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)))
        ]
    else:
        problems.append(('"value"' if "value" in data else "data", "ikke gyldig JSON-stat: mangler «value»"))
        bad = []
    if bad:
        problems.append(
            (
                '"value"',
                f"ikke gyldig JSON-stat: «value» kan bare ha tall og null (fant {json.dumps(bad[0], ensure_ascii=False)[:40]})",
            )
        )
    return problems


def _role(role: dict, key: str, ids: list[str]) -> str | None:
    found = role.get(key)
    if isinstance(found, list) and found and found[0] in ids:
        return found[0]
    return None


def parse_snapshot(file: str, raw: bytes) -> tuple[Snapshot | None, list[Problem]]:
    """A snapshot file → the snapshot, or None and located problems."""
    name = file.rsplit("/", 1)[-1].removesuffix(".json")
    read = _read_json(file, raw)
    if isinstance(read, Problem):
        return None, [read]
    text, doc = read
    if not isinstance(doc, dict):
        return None, [Problem(file, 1, 1, "filen må være et JSON-objekt med «kilde», «tabell», «spørring» og «data»")]
    problems = _header_problems(file, name, text, doc)
    dimensions, time, geo, found = parse_dataset(doc.get("data")) if "data" in doc else ((), None, None, [])
    for needle, message in found:
        problems.append(_at(file, text, needle if needle != "data" else '"data"', message))
    if problems:
        return None, problems
    data = doc["data"]
    table = doc.get("tabell")
    title = doc.get("tittel") or _title(data) or f"Tabell {table}"
    return (
        Snapshot(
            name=name,
            file=file,
            source=doc["kilde"],
            table=table,
            title=title,
            query=doc.get("spørring", {}),
            fetched=doc.get("hentet"),
            illustrative=doc.get("illustrasjon", False),
            remark=doc.get("merknad"),
            data=data,
            dimensions=dimensions,
            time=time,
            geo=geo,
        ),
        [],
    )


def _read_json(file: str, raw: bytes) -> tuple[str, Any] | Problem:
    """(text, document) of a JSON file, or the problem that stops reading it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Problem(file, 1, 1, "filen er ikke UTF-8")
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as exc:
        return Problem(file, exc.lineno, exc.colno, f"ikke gyldig JSON: {exc.msg}")
    except RecursionError:
        return Problem(file, 1, 1, "ikke gyldig JSON: for dypt nøstet")


def _at(file: str, text: str, needle: str, message: str) -> Problem:
    """A problem located at the first ``needle`` in the file's text."""
    line, col = _where(text, needle)
    return Problem(file, line, col, message)


def _header_problems(file: str, name: str, text: str, doc: dict[str, Any]) -> list[Problem]:
    """The file name and the snapshot's header keys (everything but the dataset)."""
    problems = []
    if not NAME.match(name):
        problems.append(Problem(file, 1, 1, "filnavnet kan bare ha små bokstaver a–z, tall, - og _"))
    for key in doc:
        if key not in HEADER_KEYS:
            problems.append(_at(file, text, f'"{key}"', f"ukjent felt «{key}» (tillatt: {', '.join(HEADER_KEYS)})"))
    for key in ("kilde", "tabell", "data"):
        if key not in doc:
            problems.append(Problem(file, 1, 1, f"mangler feltet «{key}»"))
    table = doc.get("tabell")
    if "tabell" in doc and not (isinstance(table, str) and TABLE_ID.match(table)):
        problems.append(_at(file, text, '"tabell"', 'tabell-id skal være fem sifre i anførselstegn, f.eks. "07459"'))
    for key in ("kilde", "tittel", "hentet", "merknad"):
        if key in doc and doc[key] is not None and not (isinstance(doc[key], str) and doc[key].strip()):
            problems.append(_at(file, text, f'"{key}"', f"«{key}» må være tekst"))
    if not _valid_query(doc.get("spørring", {})):
        problems.append(_at(file, text, '"spørring"', '«spørring» må være {"valueCodes": {"Dimensjon": ["kode", …]}}'))
    if not isinstance(doc.get("illustrasjon", False), bool):
        problems.append(_at(file, text, '"illustrasjon"', "«illustrasjon» må være true eller false"))
    return problems


def _valid_query(query: Any) -> bool:
    if not isinstance(query, dict) or set(query) - {"valueCodes", "codelist", "lang"}:
        return False
    codes = query.get("valueCodes", {})
    if not isinstance(codes, dict):
        return False
    return all(
        isinstance(k, str) and isinstance(v, list) and v and all(isinstance(c, str) and c for c in v)
        for k, v in codes.items()
    )


def _title(data: dict) -> str | None:
    """SSB's «07459: Befolkning, etter …» without the id."""
    label = data.get("label")
    if not isinstance(label, str):
        return None
    return re.sub(r"^[0-9]{5}:\s*", "", label).strip() or None


def snapshot_text(header: dict[str, Any], data: dict[str, Any]) -> bytes:
    """The file's bytes: header keys in a fixed order, the dataset as returned, UTF-8."""
    doc = {key: header[key] for key in HEADER_KEYS if key in header and key != "data"}
    doc["data"] = data
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def check_ambitions(plan: Plan, snapshots: tuple[Snapshot, ...], locate: Locate) -> list[Problem]:
    """An ambition whose «kilde» cites an SSB table needs a snapshot of it, once the plan keeps
    statistics at all (a plan without plan/statistikk/ only names its sources)."""
    if not snapshots:
        return []
    tables = {s.table for s in snapshots}
    problems = []
    for i, area in enumerate(plan.focus_areas):
        for j, ambition in enumerate(area.ambitions):
            for table in cited_tables(ambition.source):
                if table not in tables:
                    problems.append(
                        locate(
                            ("satsingsområder", i, "ambisjoner", j, "kilde"),
                            f"ambisjonen «{ambition.id}» viser til SSB-tabell {table}, men plan/statistikk/ har ingen øyeblikksbilde av den "
                            f"(legg den til og hent med «plan data hent»)",
                        )
                    )
    return problems


def load_snapshots(source: Source) -> tuple[tuple[Snapshot, ...], list[Problem], dict[str, bytes]]:
    """Every ``plan/statistikk/*.json`` of a revision: (snapshots by name, problems, bytes read)."""
    snapshots: list[Snapshot] = []
    problems: list[Problem] = []
    read: dict[str, bytes] = {}
    for file in source.list(STATISTICS_DIR):
        if not file.endswith(".json") or "/" in file[len(STATISTICS_DIR) + 1 :]:
            continue
        raw = source.read(file)
        if raw is None:
            continue
        read[file] = raw
        snapshot, found = parse_snapshot(file, raw)
        problems.extend(found)
        if snapshot is not None:
            snapshots.append(snapshot)
    return tuple(snapshots), problems, read


def cited_tables(source_text: str | None) -> list[str]:
    """Table ids an ambition's «kilde» cites from SSB: «SSB, tabell 07459» → ["07459"]."""
    if not source_text or "ssb" not in source_text.lower():
        return []
    return CITED_TABLE.findall(source_text)
