"""A .docx package opened for editing its main document: parts, relationships, ids.

Used by ``redline.py`` to put content from another document (A) into this one (B): the
relationships the copied XML uses (links, images) are added to B, image parts copied, drawing
ids renumbered. ``save()`` writes a deterministic zip (fixed timestamps, B's entry order).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from workflow.documents.docxzip import Deflated, deflate_all, zip_parts
from workflow.errors import BuildError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
DOCUMENT = "word/document.xml"
RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"
Element = Any  # an lxml element (lxml ships no type information)


# As a function, not the element's own xpath(): python-docx's elements (a rendered tree) have another.
_IDS = etree.XPath("//@w:id", namespaces={"w": W})


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


SECTPR = q("sectPr")


@dataclass(frozen=True)
class Serialised:
    """A document as a redline compares A (``render.render_serialised``): its parts but the
    main document, and the XML of each block of the main document's body (its children but
    the section properties), as ``etree.tostring`` gives it (every namespace in scope
    declared). Made where A is rendered (a forked child), it spares the process making the
    redline parsing all of A: only the blocks that differ from B's are parsed."""

    parts: dict[str, bytes]
    blocks: list[bytes]


class Package:
    def __init__(self, data: bytes | dict[str, bytes], *, main: bool = True):
        """``data``: the .docx, or its parts (zip member name → bytes; zipped in name order).
        Without ``main``, the main document is not read (nor needed): a package whose other
        parts only are used (relationships, pictures), as a redline uses A's."""
        try:
            if isinstance(data, dict):
                self.names, self.parts = sorted(data), dict(data)
            else:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    self.names = [i.filename for i in zf.infolist()]
                    self.parts = {name: zf.read(name) for name in self.names}
            self.document: Element = etree.fromstring(self.parts[DOCUMENT]) if main else None
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
            why = {
                zipfile.BadZipFile: "filen er ikke en zip-pakke",
                KeyError: f"delen {DOCUMENT} mangler",
            }.get(type(exc), "dokumentets XML er ugyldig")
            raise BuildError(f"kan ikke lese Word-dokumentet: {why}") from None
        self._rels = None
        self._types = None
        self._deflated: Deflated = {}
        self._new_rel = 0
        self._docpr: int | None = None

    @classmethod
    def with_document(cls, parts: dict[str, bytes], document: Element) -> Package:
        """The package of ``parts`` (the main document left out) with ``document`` as its
        main document, already parsed (a rendered tree)."""
        pkg = cls(parts, main=False)
        pkg.names = sorted([*pkg.names, DOCUMENT])
        pkg.document = document
        return pkg

    def body(self) -> Element:
        return self.document.find(q("body"))

    def max_id(self) -> int:
        ids = [int(v) for v in _IDS(self.document) if v.lstrip("-").isdigit()]
        return max(ids, default=0)

    # --- relationships ---------------------------------------------------------------

    @property
    def rels(self) -> Element:
        if self._rels is None:
            raw = self.parts.get(RELS)
            self._rels = (
                etree.fromstring(raw) if raw else etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
            )
        return self._rels

    @property
    def types(self) -> Element:
        if self._types is None:
            self._types = etree.fromstring(self.parts[TYPES])
        return self._types

    def rel(self, rid: str) -> Element | None:
        for el in self.rels:
            if el.get("Id") == rid:
                return el
        return None

    def adopt(self, el: Element, source: Package) -> None:
        """Make relationship ids and drawing ids in ``el`` (copied from ``source``) valid here."""
        mapping: dict[str, str] = {}
        for node in el.iter():
            for attr, value in list(node.attrib.items()):
                if attr.startswith(f"{{{R_NS}}}"):
                    if value not in mapping:
                        mapping[value] = self._import_rel(value, source)
                    node.set(attr, mapping[value])
        for node in el.iter(WP_DOCPR):
            node.set("id", str(self._next_docpr()))

    def _import_rel(self, rid: str, source: Package) -> str:
        old = source.rel(rid)
        if old is None:
            return rid
        kind, target, mode = old.get("Type"), old.get("Target"), old.get("TargetMode")
        if mode != "External":
            target = self._copy_part(source, target)
        for el in self.rels:
            if (el.get("Type"), el.get("Target"), el.get("TargetMode")) == (kind, target, mode):
                return el.get("Id")
        existing = {el.get("Id") for el in self.rels}
        while True:
            self._new_rel += 1
            new_id = f"rIdRedline{self._new_rel}"
            if new_id not in existing:
                break
        rel = etree.SubElement(self.rels, f"{{{REL_NS}}}Relationship")
        rel.set("Id", new_id)
        rel.set("Type", kind)
        rel.set("Target", target)
        if mode:
            rel.set("TargetMode", mode)
        return new_id

    def _copy_part(self, source: Package, target: str) -> str:
        """Copy the part ``target`` (relative to word/) from ``source``; returns the target
        to use here (the same name when this package holds identical bytes there)."""
        name = posixpath.normpath(posixpath.join("word", target))
        data = source.parts.get(name)
        if data is None or self.parts.get(name) == data:
            return target
        folder, base = posixpath.split(name)
        n = 1
        while True:
            new_name = f"{folder}/redline{n}-{base}"
            if new_name not in self.parts or self.parts[new_name] == data:
                break
            n += 1
        if new_name not in self.parts:
            self.parts[new_name] = data
            self.names.append(new_name)
            self._ensure_type(new_name, source, name)
        return posixpath.relpath(new_name, "word")

    def _ensure_type(self, name: str, source: Package, original: str) -> None:
        ext = name.rsplit(".", 1)[-1].lower()
        for el in self.types:
            if el.get("Extension", "").lower() == ext:
                return
        for el in source.types:
            if el.get("Extension", "").lower() == ext:
                self.types.append(etree.fromstring(etree.tostring(el)))
                return
        for el in source.types:
            if el.get("PartName") == "/" + original:
                override = etree.SubElement(self.types, f"{{{CT_NS}}}Override")
                override.set("PartName", "/" + name)
                override.set("ContentType", el.get("ContentType"))
                return

    def _next_docpr(self) -> int:
        if self._docpr is None:
            ids = [int(v) for v in (n.get("id") for n in self.document.iter(WP_DOCPR)) if v and v.isdigit()]
            self._docpr = max(ids, default=0)
        self._docpr += 1
        return self._docpr

    # --- writing ---------------------------------------------------------------------

    def deflate_ahead(self) -> None:
        """Deflate the parts but the main document now, for ``save``: a part changed before
        then is deflated again there. (The redline does this while another process is still
        making A.)"""
        names = [name for name in self.names if name != DOCUMENT and name in self.parts]
        datas = [self.parts[name] for name in names]
        self._deflated.update(zip(names, zip(datas, deflate_all(datas))))

    def save(self) -> bytes:
        self.parts[DOCUMENT] = _xml(self.document)
        if self._rels is not None:
            if RELS not in self.parts:
                self.names.append(RELS)
            self.parts[RELS] = _xml(self._rels)
        if self._types is not None:
            self.parts[TYPES] = _xml(self._types)
        return zip_parts(((name, self.parts[name]) for name in self.names), self._deflated)


def _xml(root: Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
