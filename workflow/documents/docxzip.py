"""Deterministic .docx bytes: the same parts give the same zip on every machine and every run
(fixed entry times, attributes and compression; no clock)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def zip_parts(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, data)`` parts, in the order given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """The same zip with sorted entries, fixed times, attributes and compression level."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        return zip_parts((name, zin.read(name)) for name in sorted(zin.namelist()))
