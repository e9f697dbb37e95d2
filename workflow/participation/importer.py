"""Import submissions from what municipalities have: a CSV or XLSX export of a web form.

* CSV: the encoding is detected (UTF-8 with or without BOM, else Windows-1252, as Norwegian
  Excel writes it) and so is the separator (``;``, ``,`` or tab);
* XLSX: read with openpyxl (imported only here), the first sheet unless one is named;
* a column mapping says which column holds which field (``mottatt=Tidspunkt,avsender=Navn``);
  a column named like the field needs no mapping;
* idempotent: each row gets an ``importnøkkel`` (a hash of date, sender and text); a row whose
  key is already in the register (or earlier in the same file) adds nothing;
* each row that cannot be read is reported with its row number, and the others are imported.

``read_table`` and ``convert`` are pure apart from reading the file; the command writes.
"""

from __future__ import annotations

import csv
import yaml
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workflow.errors import WorkflowError
from workflow.files import read_regular
from workflow.plan.participation import CHANNELS, SENDER_TYPES
from workflow.plan.yamlsafe import describe_char
from workflow.xmlchars import XML_INVALID

FIELDS = (
    "mottatt",
    "avsender",
    "avsendertype",
    "kanal",
    "tekst",
    "sammendrag",
    "gjelder",
    "kan_navngis",
    "versjon",
    "samling",
)
REQUIRED = ("mottatt", "avsender", "tekst")
SENDER_WORDS = {
    "innbygger": "innbygger",
    "privatperson": "innbygger",
    "privat": "innbygger",
    "person": "innbygger",
    "bedrift": "bedrift",
    "næringsliv": "bedrift",
    "næringsdrivende": "bedrift",
    "firma": "bedrift",
    "organisasjon": "organisasjon",
    "lag/forening": "organisasjon",
    "lag og forening": "organisasjon",
    "forening": "organisasjon",
    "lag": "organisasjon",
    "offentlig organ": "offentlig organ",
    "offentlig": "offentlig organ",
    "myndighet": "offentlig organ",
    "politisk parti": "politisk parti",
    "parti": "politisk parti",
}
YES = {"ja", "j", "x", "yes", "true", "1", "sant"}
NO = {"", "nei", "n", "no", "false", "0", "usant"}


READ_LIMIT = 50_000_000  # bytes of the file; a web form's export of 100,000 rows is far smaller
UNPACKED_LIMIT = 200_000_000  # bytes of an XLSX's parts once unpacked (a zip bomb stops here)
EARLIEST = dt.date(1900, 1, 1)  # received dates outside these years are typing errors
LATEST = dt.date(2199, 12, 31)


class ImportProblem(WorkflowError):
    """The file as a whole cannot be imported (unreadable, unknown format, bad mapping)."""


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, column → text)


@dataclass
class Result:
    new: list[dict[str, Any]] = field(default_factory=list)  # submission data (YAML keys), in file order
    known: int = 0  # rows already in the register (or twice in the file)
    bad: list[tuple[int, str]] = field(default_factory=list)  # (row number, why)


# --- reading ----------------------------------------------------------------------------------


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The header and the rows of a CSV or XLSX file."""
    data = read_regular(path, limit=READ_LIMIT)  # a FIFO or device is refused, never waited on
    if data is None:
        raise ImportProblem(f"{path} finnes ikke eller er en mappe, ikke en fil")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, path, sheet)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ImportProblem(f"{path} er ikke en gyldig XLSX-fil")
    if sheet is not None:
        raise ImportProblem("--ark gjelder bare XLSX-filer")
    return _read_csv(decode(data, path), path)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (BOM or not), else Windows-1252; never guess silently wrong on the common cases."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            raise ImportProblem(_bad_bytes(path, data, exc, "UTF-8 (filen begynner med en UTF-8-BOM)")) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportProblem(_bad_bytes(path, data, exc, "UTF-16 (filen begynner med en UTF-16-BOM)")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportProblem(f"{path}: ukjent tegnkoding (verken UTF-8 eller Windows-1252)") from None


def _bad_bytes(path: Path, data: bytes, exc: UnicodeDecodeError, encoding: str) -> str:
    """Where the bytes stop being ``encoding``: the file, its line and the byte."""
    offset = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    line = data.count(b"\n", 0, offset) + 1
    byte = data[offset : offset + 1].hex().upper()
    return f"{path}:{line}: ugyldig tegnkoding: byte 0x{byte} er ikke gyldig {encoding}; lagre filen på nytt som UTF-8"


def _read_csv(text: str, path: Path) -> Table:
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise ImportProblem(f"{path} er tom")
    counts = {d: header_line.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns: list[str] | None = None
    rows = []
    try:
        for record in reader:
            if columns is None:
                if any(cell.strip() for cell in record):
                    columns = [cell.strip() for cell in record]
                continue
            if not any(cell.strip() for cell in record):
                continue
            row = {name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(columns)}
            if len(record) > len(columns) and any(c.strip() for c in record[len(columns) :]):
                row["\0extra"] = "1"
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ImportProblem(f"{path}:{reader.line_num}: kan ikke lese CSV: {exc}") from None
    return Table(columns or [], rows)


def _read_xlsx(data: bytes, path: Path, sheet: str | None) -> Table:
    try:
        from openpyxl import load_workbook  # lazy: openpyxl, only for an XLSX file
    except ModuleNotFoundError:  # pragma: no cover - a dependency of the package
        raise ImportProblem("XLSX-import trenger openpyxl (pip install openpyxl)") from None
    _check_xlsx_parts(data, path)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        # defusedxml's refusals are ValueErrors; an XML error from expat is a SyntaxError
        raise ImportProblem(f"{path} kan ikke leses som XLSX: {exc}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ImportProblem(f"{path} har ikke arket «{sheet}» (arkene er {', '.join(book.sheetnames)})")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        columns: list[str] | None = None
        rows = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else _cell(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if columns is None:
                columns = [c.strip() for c in cells]
                continue
            row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(columns) if name}
            rows.append((number, row))
        return Table([c for c in (columns or []) if c], rows)
    finally:
        book.close()


def _check_xlsx_parts(data: bytes, path: Path) -> None:
    """Before openpyxl reads anything: the parts unpack to at most ``UNPACKED_LIMIT`` bytes (the
    sizes a zip declares are the most it unpacks), and no XML part declares a DTD (entities,
    external or expanding, never occur in a real XLSX: nothing is expanded or fetched)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportProblem(f"{path} kan ikke leses som XLSX: {exc}") from None
    with archive:
        parts = archive.infolist()
        if sum(info.file_size for info in parts) > UNPACKED_LIMIT:
            raise ImportProblem(
                f"{path} er for stor når den pakkes ut (over {UNPACKED_LIMIT // 1_000_000} MB); "
                "så store regneark leses ikke"
            )
        for info in parts:
            if info.filename.endswith((".xml", ".rels")) and _declares_dtd(archive, info):
                raise ImportProblem(
                    f"{path} kan ikke leses som XLSX: delen {info.filename} har en DTD (<!DOCTYPE>) med "
                    "entiteter; slike regneark leses ikke (lagre filen på nytt fra Excel)"
                )


def _declares_dtd(archive: Any, info: Any) -> bool:
    """Whether the part holds ``<!DOCTYPE`` or ``<!ENTITY`` (read in pieces, in UTF-8 or UTF-16)."""
    marks = [m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be")]
    tail = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(1 << 20):
                window = (tail + chunk).upper()
                if any(m.upper() in window for m in marks):
                    return True
                tail = chunk[-32:]
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError):
        return False  # a damaged part: openpyxl's own reading reports it
    return False


def _cell(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "ja" if value else "nei"
    return str(value)


# --- mapping and conversion -------------------------------------------------------------------


def parse_mapping(spec: str | None, columns: list[str]) -> dict[str, str]:
    """field → column. ``spec``: ``felt=Kolonne,felt=Kolonne``; unmapped fields use a column
    with the field's own name (any case)."""
    mapping: dict[str, str] = {}
    lower = {c.casefold(): c for c in columns}
    for name in FIELDS:
        if name.casefold() in lower:
            mapping[name] = lower[name.casefold()]
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ImportProblem(f"--kolonner: «{part.strip()}» mangler «=» (skriv felt=Kolonne)")
        name, column = (x.strip() for x in part.split("=", 1))
        if name not in FIELDS:
            raise ImportProblem(f"--kolonner: ukjent felt «{name}» (feltene er {', '.join(FIELDS)})")
        if column.casefold() not in lower:
            raise ImportProblem(f"--kolonner: filen har ingen kolonne «{column}» (kolonnene er {', '.join(columns)})")
        mapping[name] = lower[column.casefold()]
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        raise ImportProblem(
            "mangler kolonne for "
            + ", ".join(f"«{m}»" for m in missing)
            + f"; oppgi den med --kolonner (kolonnene i filen er {', '.join(columns)})"
        )
    return mapping


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> dt.date:
    text = text.strip()
    if _ISO_DATE.fullmatch(text):  # the common case, without strptime's cost
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"«{text[:30]}» er ingen dato (bruk f.eks. 2020-05-20 eller 20.05.2020)")


def import_key(received: dt.date, sender: str, text: str) -> str:
    norm = "\0".join((received.isoformat(), " ".join(sender.split()).casefold(), " ".join(text.split())))
    return "sha256:" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class _Row:
    """One row's fields, read and checked (before its key and id are known)."""

    received: dt.date
    kind: str
    channel: str
    consent: str
    concerns: list[str]


def convert(
    table: Table,
    mapping: dict[str, str],
    *,
    existing_keys: set[str],
    existing_ids: set[str],
    channel: str | None = None,
    version: str | None = None,
    example: bool = False,
) -> Result:
    """The new submissions of ``table`` (YAML keys), the number already known and the rows that
    could not be read. Ids are the date received and a serial: ``2020-05-20-001``."""
    result = Result()
    keys = set(existing_keys)
    ids = set(existing_ids)
    next_serial: dict[dt.date, int] = {}
    for number, row in table.rows:

        def get(name: str) -> str:
            return row.get(mapping[name], "").strip() if name in mapping else ""  # noqa: B023 - used within this iteration only

        try:
            parsed = _read_row(row, mapping, get, channel)
        except ValueError as exc:
            result.bad.append((number, str(exc)))
            continue
        key = import_key(parsed.received, get("avsender"), get("tekst"))
        if key in keys:
            result.known += 1
            continue
        keys.add(key)
        sid = _new_id(parsed.received, ids, next_serial)
        ids.add(sid)
        result.new.append(_record(sid, key, parsed, get, version=version, example=example))
    return result


def _read_row(row: dict[str, str], mapping: dict[str, str], get: Callable[[str], str], channel: str | None) -> _Row:
    """The row's fields, checked; ValueError says what is wrong with it."""
    if "\0extra" in row:
        raise ValueError("raden har flere celler enn overskriftene")
    for name in REQUIRED:
        if not get(name):
            raise ValueError(f"«{name}» (kolonnen «{mapping[name]}») er tom")
    for name in mapping:
        bad = XML_INVALID.search(get(name))
        if bad:
            raise ValueError(f"«{name}» har tegnet {describe_char(bad.group())}, som ikke kan stå i et dokument")
    received = parse_date(get("mottatt"))
    if not EARLIEST <= received <= LATEST:
        raise ValueError(
            f"mottatt-datoen {received.isoformat()} er utenfor {EARLIEST.year}–{LATEST.year}; sjekk datoen i filen"
        )
    kind_text = get("avsendertype").casefold() or "innbygger"
    kind = SENDER_WORDS.get(kind_text)
    if kind is None:
        raise ValueError(f"ukjent avsendertype «{get('avsendertype')[:30]}» (bruk {', '.join(SENDER_TYPES)})")
    chan = get("kanal").casefold() or channel
    if chan is None:
        raise ValueError("kanalen mangler (oppgi --kanal, eller en kolonne «kanal»)")
    if chan not in CHANNELS:
        raise ValueError(f"ukjent kanal «{chan[:30]}» (bruk {', '.join(CHANNELS)})")
    consent = get("kan_navngis").casefold()
    if consent not in YES | NO:
        raise ValueError(f"«kan_navngis» skal være ja eller nei, ikke «{consent[:20]}»")
    concerns = [x for x in re.split(r"[\s,;]+", get("gjelder")) if x]
    return _Row(received, kind, chan, consent, concerns)


def _new_id(received: dt.date, ids: set[str], next_serial: dict[dt.date, int]) -> str:
    """The date received and the first serial not taken: ``2020-05-20-001``. ``next_serial``
    remembers where the search for each date stopped: ids are only ever added, so no serial
    below it is free again, and each serial is looked at once (linear, not quadratic, in the
    rows of one date)."""
    serial = next_serial.get(received, 1)
    while f"{received.isoformat()}-{serial:03d}" in ids:
        serial += 1
    next_serial[received] = serial + 1
    return f"{received.isoformat()}-{serial:03d}"


def _record(
    sid: str, key: str, row: _Row, get: Callable[[str], str], *, version: str | None, example: bool
) -> dict[str, Any]:
    """The submission's data with its YAML keys, in the order of the register's files."""
    record: dict[str, Any] = {
        "id": sid,
        "mottatt": row.received,
        "kanal": row.channel,
        "avsendertype": row.kind,
        "avsender": get("avsender"),
    }
    if row.consent in YES:
        record["kan_navngis"] = True
    if get("versjon") or version:
        record["versjon"] = get("versjon") or version
    if get("samling"):
        record["samling"] = get("samling")
    record["tekst"] = get("tekst")
    if get("sammendrag"):
        record["sammendrag"] = get("sammendrag")
    if row.concerns:
        record["gjelder"] = row.concerns
    if example:
        record["eksempel"] = True
    record["importnøkkel"] = key
    return record


def to_yaml(record: dict[str, Any]) -> bytes:
    """One submission as a YAML file our loader reads back to the same values."""

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = (
            "|" if "\n" in value and not any(c in value for c in ("\r", "\x85", "\u2028", "\u2029", "\ufeff")) else None
        )
        if style is None and any(c in value for c in ("\r", "\x85", "\u2028", "\u2029", "\ufeff")):
            style = '"'
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    head = "# Innspill importert med «plan innspill importer». Fyll inn vurdering, utfall og endret.\n"
    body = yaml.dump(record, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return (head + body).encode("utf-8")
