"""Deterministic .docx bytes: the same parts give the same zip on every machine and every run
(fixed entry times, attributes and compression; no clock).

``zip_parts`` writes exactly the bytes Python's ``zipfile`` writes for these settings (deflate
level 6, 1 January 1980, Unix mode 644, no extra fields; ``tests/documents/test_docxzip.py``
compares the two), but deflates the parts on two threads: zlib works without the GIL, and a
large plan's pictures and its main document then compress side by side.
"""

from __future__ import annotations

import io
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterable

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_DOS_TIME, _DOS_DATE = 0, (1980 - 1980) << 9 | 1 << 5 | 1  # FIXED_TIME as a zip stores it
_VERSION = 20  # the zip version a deflated entry needs (and zipfile says it was made by)
_UNIX, _MODE = 3, 0o100644 << 16
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8_NAME = 0x800
_LIMIT = (1 << 31) - 1  # zipfile's ZIP64_LIMIT: near it, an entry or offset needs ZIP64


Deflated = dict[str, tuple[bytes, bytes]]  # part name → (its data, that data deflated)


def zip_parts(parts: Iterable[tuple[str, bytes]], ready: Deflated | None = None) -> bytes:
    """A zip of ``(name, data)`` parts, in the order given. ``ready``: parts deflated before
    (``deflate``), used where a part's data is still the very same bytes object."""
    entries = list(parts)
    if len(entries) >= 0xFFFF or sum(len(data) for _, data in entries) * 1.05 >= _LIMIT:
        return _zipfile_parts(entries)  # ZIP64 records: never for a document, but written right
    ready = ready or {}
    todo = [data for name, data in entries if ready.get(name, (None,))[0] is not data]
    done = iter(deflate_all(todo))
    deflated = [ready[name][1] if ready.get(name, (None,))[0] is data else next(done) for name, data in entries]
    out, central = bytearray(), bytearray()
    for (name, data), packed in zip(entries, deflated, strict=True):
        raw, flags = _name(name)
        sizes = (zlib.crc32(data), len(packed), len(data), len(raw), 0)  # crc, sizes, name, no extra field
        head = (flags, 8, _DOS_TIME, _DOS_DATE, *sizes)  # 8: deflated
        central += _CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, *head, 0, 0, 0, _MODE, len(out)) + raw
        out += _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *head) + raw + packed
    end = _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


def _name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME


def deflate(data: bytes) -> bytes:
    """``data`` as zipfile deflates it (level 6, raw deflate, one call then a flush)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def deflate_all(datas: list[bytes]) -> list[bytes]:
    """Each of ``datas`` deflated: the larger half (by size, taken in turns) on a second thread."""
    order = sorted(range(len(datas)), key=lambda i: -len(datas[i]))
    there = set(order[0::2]) if sum(len(d) for d in datas) > 1 << 18 else set()
    done: dict[int, bytes] = {}

    def work() -> None:
        for i in there:
            done[i] = deflate(datas[i])

    helper = threading.Thread(target=work, daemon=True) if there else None
    if helper is not None:
        helper.start()
    here = {i: deflate(data) for i, data in enumerate(datas) if i not in there}
    if helper is not None:
        helper.join()
    return [here[i] if i in here else done[i] for i in range(len(datas))]


def _zipfile_parts(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """``zip_parts`` by zipfile itself (ZIP64 where an entry needs it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = _MODE
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """The same zip with sorted entries, fixed times, attributes and compression level."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        return zip_parts((name, zin.read(name)) for name in sorted(zin.namelist()))
