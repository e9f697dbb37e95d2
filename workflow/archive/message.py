"""Fiks Arkiv ``arkivmelding`` (no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett) from the
records of one stage (``journal.py``). Pure: values in, XML bytes out.

The schema lets one message carry one mappe and one registrering, so a stage is a short series
of messages, sent in order: the first creates (or, by its external key, finds) the saksmappe
with the saksframlegg's journalpost; each further message holds one registrering — the
møtesak, each incoming submission — placed in the saksmappe by ``referanseForelderMappe``.

Every registrering carries ``referanseEksternNoekkel`` with this tool as ``fagsystem`` and the
tag name as ``noekkel``, so the same treatment sent twice is recognised. No value is made up:
what the plan, the tags and ``plan/sak.yaml`` do not hold comes from ``plan/arkiv.yaml``.
Dates are the tag's dates; times are noon UTC of those dates (the schema's dateTime fields),
never the clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lxml import etree

from workflow.archive.config import FAGSYSTEM, ArchiveConfig
from workflow.archive.journal import Entry

NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {None: NS, "n5mdk": MDK, "xsi": XSI}
MESSAGE_TYPE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett"

PDF_FORMAT = ("fmt/477", "PDF/A-2b", "application/pdf")  # PRONOM id, description, MIME type
DOCX_FORMAT = (
    "fmt/412",
    "Microsoft Word (OOXML)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
_ARCHIVE_CASE = re.compile(r"^\s*(\d{2}|\d{4})\s*/\s*(\d{1,9})\s*$")  # «20/123», «2020/123»
_MEETING_CASE = re.compile(r"^\s*([A-Za-zÆØÅæøå]{1,10})?\s*(\d{1,9})\s*/\s*(\d{2}|\d{4})\s*$")  # «PS 12/20»


@dataclass(frozen=True)
class File:
    name: str  # the file name in the message (referanseDokumentfil)
    data: bytes
    sha256: str


@dataclass(frozen=True)
class CaseFacts:
    """The saksmappe: from the plan, ``plan/sak.yaml``, the treatment and ``plan/arkiv.yaml``."""

    key: str  # the saksmappe's external key
    title: str
    archive_case: str | None  # «20/123»
    class_id: str
    date: dt.date  # saksdato: the first stage's date
    config: ArchiveConfig


@dataclass(frozen=True)
class Message:
    folder: str  # «01-saksframlegg»
    xml: bytes
    files: tuple[File, ...]


def year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def split_archive_case(text: str | None) -> tuple[int, int] | None:
    """«20/123» → (2020, 123); None for anything else."""
    m = _ARCHIVE_CASE.match(text or "")
    return (year(m[1]), int(m[2])) if m else None


def split_meeting_case(text: str | None) -> tuple[str, int, int] | None:
    """«PS 12/20» → ("PS", 2020, 12); None for anything else."""
    m = _MEETING_CASE.match(text or "")
    return ((m[1] or "PS").upper(), year(m[3]), int(m[2])) if m else None


def noon(day: dt.date) -> str:
    return f"{day.isoformat()}T12:00:00Z"


# --- element helpers ---------------------------------------------------------------------------


def _el(parent: etree._Element, name: str, text: str | None = None, ns: str = NS) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        child.text = text
    return child


def _code(parent: etree._Element, name: str, code: str, description: str | None = None) -> None:
    """A Noark code list value: ``<name><n5mdk:kode/><n5mdk:beskrivelse/></name>``."""
    el = _el(parent, name)
    _el(el, "kode", code, MDK)
    if description:
        _el(el, "beskrivelse", description, MDK)


def _key(parent: etree._Element, name: str, key: str, ns: str = NS) -> None:
    el = _el(parent, name, ns=ns)
    _el(el, "fagsystem", FAGSYSTEM, MDK)
    _el(el, "noekkel", key, MDK)


def _names(parent: etree._Element, name: str, value: str) -> None:
    _el(_el(parent, name), "navn", value, MDK)


def _text(parent: etree._Element, name: str, value: str) -> None:
    el = _el(parent, name)
    _el(el, "tekstInnhold", value, MDK)
    el2 = _el(el, "tekstFormat", ns=MDK)
    _el(el2, "kode", "text/markdown", MDK)


def _root(files: int) -> etree._Element:
    root = etree.Element(f"{{{NS}}}arkivmelding", nsmap=NSMAP)
    _el(root, "system", FAGSYSTEM)
    _el(root, "antallFiler", str(files))
    return root


def _typed(parent: etree._Element, name: str, xsi_type: str) -> etree._Element:
    el = _el(parent, name)
    el.set(f"{{{XSI}}}type", xsi_type)
    return el


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- the parts ---------------------------------------------------------------------------------


def saksmappe(root: etree._Element, case: CaseFacts) -> None:
    cfg = case.config
    m = _typed(root, "mappe", "saksmappe")
    _el(m, "tittel", case.title)
    _el(m, "offentligTittel", case.title)
    _code(m, "arkivdel", cfg.archive_part)
    k = _el(m, "klassifikasjon")
    _el(k, "klassifikasjonssystemID", cfg.classification_system)
    _el(k, "klasseID", case.class_id)
    _key(m, "referanseEksternNoekkel", case.key)
    numbers = split_archive_case(case.archive_case)
    if numbers is not None:
        _el(m, "saksaar", str(numbers[0]))
        _el(m, "sakssekvensnummer", str(numbers[1]))
    _el(m, "saksdato", case.date.isoformat())
    _names(m, "administrativEnhet", cfg.unit)
    _names(m, "saksansvarlig", cfg.officer)
    _el(m, "journalenhet", cfg.registry_unit)


def _parent(reg: etree._Element, case: CaseFacts) -> None:
    ref = _el(reg, "referanseForelderMappe")
    _key(ref, "referanseEksternNoekkel", case.key, MDK)


def _document(reg: etree._Element, number: int, title: str, main: bool, pdf: File, docx: File) -> None:
    d = _el(reg, "dokumentbeskrivelse")
    _code(d, "dokumentstatus", "F", "Dokumentet er ferdigstilt")
    _el(d, "tittel", title)
    _code(d, "tilknyttetRegistreringSom", "H" if main else "V", "Hoveddokument" if main else "Vedlegg")
    _el(d, "dokumentnummer", str(number))
    for variant, fmt, file in (("A", PDF_FORMAT, pdf), ("P", DOCX_FORMAT, docx)):
        o = _el(d, "dokumentobjekt")
        _el(o, "versjonsnummer", "1")
        _code(o, "variantformat", variant, "Arkivformat" if variant == "A" else "Produksjonsformat")
        _code(o, "format", fmt[0], fmt[1])
        _el(o, "mimeType", fmt[2])
        _el(o, "filnavn", file.name)
        _el(o, "referanseDokumentfil", file.name)
        _el(o, "sjekksum", file.sha256)
        _el(o, "sjekksumAlgoritme", "SHA256")
        _el(o, "filstoerrelse", str(len(file.data)))


def case_message(case: CaseFacts, entry: Entry | None, documents: list[tuple[str, bool, File, File]]) -> bytes:
    """The first message: the saksmappe, and the stage's main journalpost with its documents
    (``documents``: title, main, PDF/A, DOCX)."""
    root = _root(2 * len(documents))
    saksmappe(root, case)
    if entry is not None:
        reg = _typed(root, "registrering", "journalpost")
        _parent(reg, case)
        for n, (title, main, pdf, docx) in enumerate(documents, start=1):
            _document(reg, n, title, main, pdf, docx)
        _el(reg, "tittel", entry.title)
        _el(reg, "offentligTittel", entry.public_title)
        _key(reg, "referanseEksternNoekkel", entry.key)
        _code(reg, "journalposttype", entry.kind)
        _el(reg, "journaldato", entry.date.isoformat())
        _el(reg, "dokumentetsDato", entry.date.isoformat())
        if entry.kind == "U":
            _el(reg, "sendtDato", noon(entry.date))
        _el(reg, "antallVedlegg", str(max(0, len(documents) - 1)))
        _el(reg, "journalenhet", case.config.registry_unit)
    return serialise(root)


def meeting_message(
    case: CaseFacts, entry: Entry, case_number: str, recommendation: str | None, decision: str | None, votes: str | None
) -> bytes | None:
    """The treatment as a møtesak in the saksmappe; None when the case number is not of the
    form «PS 12/20» (the schema needs its year and number)."""
    numbers = split_meeting_case(case_number)
    if numbers is None:
        return None
    root = _root(0)
    reg = _typed(root, "registrering", "moetesak")
    _parent(reg, case)
    _el(reg, "tittel", entry.title)
    _el(reg, "offentligTittel", entry.public_title)
    _key(reg, "referanseEksternNoekkel", entry.key)
    _code(reg, "moetesakstype", numbers[0])
    _el(reg, "moetesaksaar", str(numbers[1]))
    _el(reg, "moetesakssekvensnummer", str(numbers[2]))
    _names(reg, "administrativEnhet", case.config.unit)
    if recommendation:
        _text(reg, "innstilling", recommendation)
    if decision or votes:
        v = _el(reg, "vedtak")
        _text(v, "vedtakstekst", decision or recommendation or "")
        if votes:
            _text(v, "behandlingsprotokoll", votes)
        _el(v, "dato", noon(entry.date))
    return serialise(root)


def submission_message(case: CaseFacts, entry: Entry) -> bytes:
    """An incoming submission: a journalpost I with its sender as korrespondansepart; a private
    person's record is screened and its public title never names them."""
    cfg = case.config
    root = _root(0)
    reg = _typed(root, "registrering", "journalpost")
    _parent(reg, case)
    if entry.screened:
        s = _el(reg, "skjerming")
        _code(s, "tilgangsrestriksjon", cfg.screening.restriction)
        _el(s, "skjermingshjemmel", cfg.screening.basis)
    _el(reg, "tittel", entry.title)
    _el(reg, "offentligTittel", entry.public_title)
    if entry.summary and not entry.screened:
        _el(reg, "beskrivelse", entry.summary)
    part = _el(reg, "korrespondansepart")
    _code(part, "korrespondanseparttype", "EA", "Avsender")
    _el(part, "korrespondansepartNavn", entry.sender or "Ukjent avsender")
    if entry.screened:
        _el(part, "erSkjermet", "true")
    if entry.sender_is_person:
        _el(part, "erPersonnavn", "true")
    _key(reg, "referanseEksternNoekkel", entry.key)
    _code(reg, "journalposttype", "I")
    _el(reg, "journaldato", entry.date.isoformat())
    _el(reg, "mottattDato", noon(entry.date))
    _el(reg, "journalenhet", cfg.registry_unit)
    return serialise(root)
