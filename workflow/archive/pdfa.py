"""PDF/A files with the same bytes for the same document and date.

LibreOffice stamps every PDF it writes with the clock: the document information's
``CreationDate``, the XMP ``xmp:CreateDate``, the creation date in the header of the sRGB ICC
profile it embeds as output intent, and a random file ``/ID``. Measured: two conversions of the
same .docx differ in exactly these places and in the trailer's ``/DocChecksum``. ``normalise`` sets the three dates to ``when``
and derives the ``/ID`` from the content (qpdf's deterministic id), so a package built again
from the same tag has the same bytes. pikepdf is imported here only.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct

_XMP_DATE = re.compile(rb"<xmp:CreateDate>[^<]*</xmp:CreateDate>")


def normalise(data: bytes, when: dt.datetime) -> bytes:
    """``data`` (a PDF from LibreOffice) with its clock stamps replaced by ``when`` (UTC)."""
    import pikepdf  # lazy: pikepdf, only when a PDF is made

    stamp = when.strftime("%Y%m%d%H%M%S")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/CreationDate" in pdf.docinfo:
            pdf.docinfo["/CreationDate"] = pikepdf.String(f"D:{stamp}Z")
        if "/ModDate" in pdf.docinfo:
            pdf.docinfo["/ModDate"] = pikepdf.String(f"D:{stamp}Z")
        metadata = pdf.Root.get("/Metadata")
        if metadata is not None:
            xmp = metadata.read_bytes()
            iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
            metadata.write(_XMP_DATE.sub(b"<xmp:CreateDate>" + iso + b"</xmp:CreateDate>", xmp))
        for intent in pdf.Root.get("/OutputIntents", []):
            profile = intent.get("/DestOutputProfile")
            if profile is None:
                continue
            icc = bytearray(profile.read_bytes())
            if len(icc) >= 36:  # ICC header bytes 24–35: the profile's creation date and time
                icc[24:36] = struct.pack(">6H", when.year, when.month, when.day, when.hour, when.minute, when.second)
                profile.write(bytes(icc))
        for key in ("/ID", "/DocChecksum"):  # random, or a checksum over the stamped file
            if key in pdf.trailer:
                del pdf.trailer[key]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
