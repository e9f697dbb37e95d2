"""What a template can do wrong while it runs, reported as the template's name and the tag
that failed; and the budget a render gets (time, output size, sizes of computed values), so
nested loops or ``'x' * 10**10`` cannot hang or exhaust the machine.

docxtpl renders each XML part as one Jinja template, one paragraph per line; the traceback's
line in the template therefore names the paragraph, and the tags in it are shown.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import re
import sys
import threading
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from workflow.cache import Store
from workflow.documents.budget import VALUE_LIMIT, BudgetExceeded, RenderBudget
from workflow.errors import TemplateError

if TYPE_CHECKING:
    from docxtpl import DocxTemplate
    from jinja2.runtime import Context


class BudgetedSandbox(SandboxedEnvironment):
    """The strict sandbox, with ``*``, ``**`` and ``+`` checked before they build a huge value."""

    intercepted_binops = frozenset(["*", "**", "+"])
    compiled: dict[str, Any] = {}  # key (settings and source) → code, shared by every sandbox

    def compile(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Jinja's compile, reusing the code of a source compiled before: in this process (the
        same template rendered twice, as the redline does for A and B), else from the cache of
        compiled templates (``CODE``; compiling a plan template is a sixth of its rendering).
        The code depends only on the source and the environment's settings (``_settings``),
        which are part of the key."""
        if not isinstance(source, str) or name or filename or raw or defer_init:
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]
        key = _code_key(_settings(self), source)
        code = self.compiled.get(key)
        if code is None:
            code = _cached_code(key)
            if code is None:
                code = super().compile(source)
                CODE.write(key, marshal.dumps(code))
            if len(self.compiled) >= 8:
                self.compiled.clear()
            self.compiled[key] = code
        return code

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_size(operator, left, right)
        return super().call_binop(context, operator, left, right)


# The cache of compiled templates (``workflow/cache.py``): Python code, as ``marshal`` writes it.
CODE = Store("templates", b"plan-workflow template code 1\n", "code")


@lru_cache(maxsize=1)
def _compiler() -> bytes:
    """What else decides the code: the Python and Jinja that compile it, and the code that sets
    up the sandbox (this module, and ``render.py`` where its options are chosen)."""
    here = Path(__file__)
    versions = f"{sys.version}\0{jinja2.__version__}".encode()
    return b"\0".join([versions, here.read_bytes(), here.with_name("render.py").read_bytes()])


def _settings(env: SandboxedEnvironment) -> bytes:
    """What of an environment Jinja's code generator reads (a sandbox with ``finalize`` and
    autoescape compiles a template to other code than one without)."""
    finalize = env.finalize
    return repr(
        (
            type(env).__qualname__,
            env.autoescape if isinstance(env.autoescape, bool) else "a function",
            None if finalize is None else getattr(finalize, "jinja_pass_arg", "plain"),
            env.optimized,
            env.is_async,
            sorted(env.intercepted_binops),
            sorted(env.intercepted_unops),
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            sorted(env.extensions),
        )
    ).encode()


def _code_key(settings: bytes, source: str) -> str:
    try:
        compiler = _compiler()
    except OSError:
        compiler = b""
    parts = [compiler, settings, source.encode("utf-8", "surrogatepass")]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _cached_code(key: str) -> Any:
    kept = CODE.read(key)
    if kept is None:
        return None
    try:
        return marshal.loads(kept)
    except (EOFError, ValueError, TypeError):  # verified, yet not this Python's code: compiled again
        return None


def _check_size(operator: str, left: object, right: object) -> None:
    def size(value: object) -> int:
        return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0

    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if (
                size(seq)
                and isinstance(count, int)
                and not isinstance(count, bool)
                and size(seq) * max(count, 0) > VALUE_LIMIT
            ):
                raise BudgetExceeded(f"«*» ville laget en verdi på over {VALUE_LIMIT:,} tegn".replace(",", " "))
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            if right * max(abs(left), 2).bit_length() > VALUE_LIMIT * 3.33:
                raise BudgetExceeded("«**» ville laget et tall med over en million sifre")
    elif operator == "+" and size(left) + size(right) > VALUE_LIMIT:
        raise BudgetExceeded(f"«+» ville laget en verdi på over {VALUE_LIMIT:,} tegn".replace(",", " "))


def spend(text: str) -> None:
    budget = RenderBudget.current()
    if budget is not None:
        budget.spend(text)


def capture_sources(tpl: DocxTemplate) -> list[str]:
    """Record the XML of each part docxtpl renders (as it feeds it to Jinja, one paragraph
    per line), so an error's line can be turned into the tags of that paragraph."""
    sources: list[str] = []
    original = tpl.render_xml_part

    def render_xml_part(
        src_xml: str, part: Any, context: dict[str, Any], jinja_env: SandboxedEnvironment | None = None
    ) -> Any:
        sources.append(re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml))
        return original(src_xml, part, context, jinja_env)

    tpl.render_xml_part = render_xml_part
    return sources


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _failing_tags(exc: BaseException, sources: list[str]) -> list[str]:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None and getattr(exc, "lineno", None):
        line = exc.lineno  # type: ignore[attr-defined]  # a Jinja TemplateSyntaxError
    if line is None or not sources:
        return []
    lines = sources[-1].splitlines()
    if not 1 <= line <= len(lines):
        return []
    text = re.sub(r"<[^>]+>", "", lines[line - 1])
    return [" ".join(t.split()) for t in _TAG.findall(text)]


def _tags_with(sources: list[str], pattern: str) -> list[str]:
    found = []
    for source in sources:
        text = re.sub(r"<[^>]+>", "", source)
        found += [" ".join(t.split()) for t in _TAG.findall(text) if re.search(pattern, t)]
    return found


def explain_runtime(exc: BaseException) -> tuple[str, str | None]:
    """(Norwegian explanation, a pattern for the tag to look for when the line is unknown)."""
    try:
        from lxml.etree import XMLSyntaxError  # lazy: lxml is loaded only to explain a broken template
    except ImportError:  # pragma: no cover - python-docx needs lxml
        XMLSyntaxError = ()  # noqa: N806
    if isinstance(exc, BudgetExceeded):
        return exc.what + " (grensen er satt så en feil i malen ikke kan henge verktøyet)", None
    if isinstance(exc, (jinja2.TemplateNotFound, jinja2.TemplatesNotFound)) or (
        isinstance(exc, TypeError) and "no loader" in str(exc)
    ):
        return (
            "include, import og extends er ikke tillatt i Word-maler (alt må stå i malen selv)",
            r"\{%-?\s*(include|import|extends|from)\b",
        )
    if isinstance(exc, InvalidMarkup) or (XMLSyntaxError and isinstance(exc, XMLSyntaxError)):
        return (
            "malen lager ugyldig XML, f.eks. med «|safe» eller en HTML-entitet som &nbsp; (skriv teksten uten |safe)",
            r"\|\s*safe\b|&\w+;",
        )
    words = {
        ZeroDivisionError: "deling på null",
        RecursionError: "uendelig rekursjon (en makro som kaller seg selv)",
        OverflowError: "et tall som er for stort",
        MemoryError: "for lite minne",
        TypeError: "feil type verdi (f.eks. tekst og tall blandet i en regneoperasjon)",
        ValueError: "ugyldig verdi",
        KeyError: "en nøkkel som ikke finnes",
        IndexError: "et element som ikke finnes i listen",
        AttributeError: "et felt som ikke finnes",
    }
    for kind, text in words.items():
        if isinstance(exc, kind):
            return text, None
    return "en feil da malen ble fylt ut", None


def runtime_error(exc: BaseException, where: str, sources: list[str]) -> TemplateError:
    message, pattern = explain_runtime(exc)
    tags = _failing_tags(exc, sources)
    if not tags and pattern:
        tags = _tags_with(sources, pattern)
    shown = f" i {tags[0][:200]}" if tags else ""
    return TemplateError(f"malen {where} kunne ikke fylles ut{shown}: {message}")


_PREFIXES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
_WRAP = "<plan-fragment " + " ".join(f'xmlns:{k}="{v}"' for k, v in _PREFIXES.items()) + ">{}</plan-fragment>"


class InvalidMarkup(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def check_markup(value: str) -> None:
    """Markup printed as is (``|safe``, our filters) must be well-formed XML: docxtpl would
    otherwise silently cut the document, or fail in a header."""
    if "<" not in value and "&" not in value:
        return
    _check_xml(str(value))


@lru_cache(maxsize=16384)  # the same markup recurs between the two renders of a redline
def _check_xml(value: str) -> None:
    from lxml import etree  # lazy: lxml is loaded only to check a template’s XML

    try:
        etree.fromstring(_WRAP.format(value).encode("utf-8"), _checking_parser())
    except etree.XMLSyntaxError as exc:
        raise InvalidMarkup(str(exc.msg or exc)) from None


_PARSERS = threading.local()  # an lxml parser may not be shared between threads (the site preview)


def _checking_parser() -> Any:
    """This thread's parser for ``_check_xml``: made once, not per fragment (a tenth of the
    check's time)."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        from lxml import etree  # lazy: as in _check_xml

        parser = _PARSERS.parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return parser


def refuse_macros(data: bytes, where: str) -> None:
    """A template holding a macro part (``vbaProject.bin``, ActiveX) is refused: its macros
    would otherwise be copied into every document built from it."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # reported as «not a Word file» when opened
    macros = [n for n in names if n.lower().endswith(("vbaproject.bin", "vbadata.xml")) or "/activex/" in n.lower()]
    if macros:
        raise TemplateError(
            f"malen {where} inneholder makroer ({macros[0]}), som ikke tas med i dokumenter: "
            "lagre malen på nytt som Word-dokument (.docx) uten makroer"
        )


_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def refuse_entities(data: bytes, where: str) -> None:
    """A template whose XML parts declare a DTD (``<!DOCTYPE``, ``<!ENTITY``: an entity that
    expands or reads another file, in a header, footer or anywhere) is refused before any
    part is parsed: Word never writes one, and nothing may be expanded or read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # reported as «not a Word file» when opened
    with archive:
        for info in archive.infolist():
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            try:
                text = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
                return  # a damaged part: reported when the template is opened
            if _DTD.search(text) or _DTD.search(text.replace(b"\x00", b"")):  # UTF-8 or UTF-16
                raise TemplateError(
                    f"malen {where} har en DTD med entiteter i {info.filename} (<!DOCTYPE>/<!ENTITY>), som Word "
                    "aldri skriver; malen brukes ikke (lagre den på nytt som .docx i Word eller LibreOffice)"
                )
