"""One stage's archive package: its messages (``message.py``) as files, and as one zip.

The folder ``formannskap-2020-05-12/`` holds one numbered subfolder per message
(``01-saksframlegg/arkivmelding.xml`` with its documents, ``02-motesak/…``,
``03-innspill-2020-05-20-001/…``), in the order they are sent; the zip holds the same files.
The zip is byte-reproducible: entries sorted, dates fixed at 1980-01-01, fixed attributes and
compression. ``arkivpakke.json`` (only in the folder) records the tag and each file's sha256,
and marks the folder as written by ``plan arkiv``.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from workflow import __version__
from workflow.archive.message import Message

MARKER = "arkivpakke.json"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Package:
    name: str  # «formannskap-2020-05-12»: the folder and the zip's stem
    tag: str
    commit: str
    messages: tuple[Message, ...]

    def files(self) -> dict[str, bytes]:
        """Path inside the package → bytes, for every message's XML and documents."""
        out: dict[str, bytes] = {}
        for m in self.messages:
            out[f"{m.folder}/arkivmelding.xml"] = m.xml
            for f in m.files:
                out[f"{m.folder}/{f.name}"] = f.data
        return out

    def marker(self) -> bytes:
        data = {
            "arkivpakke": True,
            "tag": self.tag,
            "commit": self.commit,
            "meldingstype": "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett",
            "filer": {p: hashlib.sha256(d).hexdigest() for p, d in sorted(self.files().items())},
            "tool": {"name": "plan-workflow", "version": __version__},
        }
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` whose bytes depend on the files alone."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            z.writestr(info, files[path], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()
