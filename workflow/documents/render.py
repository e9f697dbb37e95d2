"""Word templates → DOCX bytes: found on a search path, rendered in a Jinja sandbox, reproducible.

* Search path: the plan repository's ``templates/`` (or, for a git revision, that revision's
  ``templates/``), then the templates shipped with the tool. A missing template names every
  place searched.
* docxtpl renders with our own ``SandboxedEnvironment``: autoescape on (``&``, ``<`` stay text),
  ``StrictUndefined`` (a misspelt name is an error naming the template and the name), and a
  ``finalize`` hook that prints ``None`` as «–» and replaces XML-invalid characters.
* Filters for the plan's Markdown text: ``{{p x|markdown }}`` (paragraphs, bullets; optional
  paragraph and bullet style names: ``{{p x|markdown("Tabelltekst", "Tabellpunkt") }}``) and
  ``{{r x|inline }}`` (runs inside a paragraph). A Markdown value printed with plain
  ``{{ x }}`` shows its text without markup.
* Deterministic bytes: core properties come from the ``when`` given (never the clock), and the
  zip is rewritten with sorted entries, fixed times, attributes and compression.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.documents import images
from workflow.evidence.charts import Chart
from workflow.documents.budget import RenderBudget
from workflow.text import markdown as richtext
from workflow.documents.context import Markdown
from workflow.text.norwegian import DASH, format_date, format_number
from workflow.errors import TemplateError, WorkflowError
from workflow.files import explain, read_regular
from workflow.documents.contents import fill_contents
from workflow.documents.docxzip import zip_parts
from workflow.plan.source import TEMPLATES_DIR
from workflow.resources import default_templates_dir

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

    from workflow.documents.docxpackage import Package, Serialised
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    from workflow.plan.source import Source

Reader = Callable[[str], "bytes | None"]


@dataclass(frozen=True)
class Template:
    """A template's bytes and where they came from (shown in messages)."""

    name: str  # e.g. plan.docx
    where: str
    data: bytes


# --- finding templates ------------------------------------------------------------------------


def search_path(root: Path | None, source: Source | None = None) -> list[tuple[str, Reader]]:
    """The places searched, in order, as (description, reader). ``source`` is a git revision
    (see ``git.GitSource``): its ``templates/`` replaces the working tree's."""
    places: list[tuple[str, Reader]] = []
    if source is not None and source.commit is not None:
        short = source.revision[:10]
        places.append((f"{TEMPLATES_DIR}/ i revisjon {short}", lambda name: source.read(f"{TEMPLATES_DIR}/{name}")))
    elif root is not None:
        places.append((str(root / TEMPLATES_DIR), _dir_reader(root / TEMPLATES_DIR)))
    default = default_templates_dir()
    if root is None or source is not None or default.resolve() != (root / TEMPLATES_DIR).resolve():
        places.append((str(default), _dir_reader(default)))
    return places


def _dir_reader(folder: Path) -> Reader:
    def read(name: str) -> bytes | None:
        # A plan repository's templates/ stays inside it; the shipped folder is its own root.
        inside = folder.parent if folder.name == TEMPLATES_DIR and folder != default_templates_dir() else folder
        try:
            return read_regular(folder / name, inside=inside)
        except WorkflowError as exc:
            raise TemplateError(f"malen {name}: {exc.message}") from None

    return read


def find_template(name: str, root: Path | None, source: Source | None = None) -> Template:
    """The first template called ``name`` on the search path."""
    places = search_path(root, source)
    for where, read in places:
        data = read(name)
        if data is not None:
            return Template(name, f"{where}/{name}" if not where.endswith("/") else f"{where}{name}", data)
    searched = "\n".join(f"  {where}" for where, _ in places)
    raise TemplateError(f"fant ikke malen {name}. Lette i:\n{searched}")


# --- rendering ----------------------------------------------------------------------------------


def _finalize(value: object) -> object:
    """Every ``{{ }}`` value passes here before escaping."""
    if value is None:
        return DASH
    if hasattr(value, "__html__"):
        return value  # our XML (filters) or docxtpl's RichText: already safe
    if isinstance(value, Markdown):
        return richtext.clean(richtext.plain(value))
    if isinstance(value, bool):
        return "ja" if value else "nei"
    return richtext.clean(value if isinstance(value, str) else str(value))


def environment(tpl: DocxTemplate, template_name: str) -> SandboxedEnvironment:
    """The sandboxed Jinja environment for one template (filters need its parts and styles)."""
    from docx.opc.constants import RELATIONSHIP_TYPE  # lazy: python-docx, only to render
    from jinja2 import StrictUndefined  # lazy: jinja2, only to render

    from workflow.documents.templaterun import BudgetedSandbox, check_markup, spend  # lazy: templaterun loads jinja2

    built: list[object] = [None]  # what markdown or inline returned last: XML made well-formed, not checked again

    def finalize(value: object) -> object:
        if isinstance(value, Chart):  # printed where the template puts it: an inline picture with alt text
            return images.DescribedImage(tpl, value)
        value = _finalize(value)
        if isinstance(value, str):
            if hasattr(value, "__html__") and value is not built[0]:
                check_markup(value)
            spend(value)
        return value

    env = BudgetedSandbox(autoescape=True, undefined=StrictUndefined, finalize=finalize)

    def link(url: str) -> str:
        return tpl.current_rendering_part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)

    # Style name or id → id, read once: looking styles up per call dominated big builds.
    ids: dict[str, str] = {}
    for style in tpl.docx.styles:
        ids.setdefault(style.name, style.style_id)
        ids[style.style_id] = style.style_id
    default_bullets = tuple(s for s in ("ListBullet", "ListBullet2", "ListBullet3") if s in ids)

    def style_id(name: str) -> str:
        if name not in ids:
            raise TemplateError(f"malen {template_name} bruker stilen «{name}», som ikke finnes i malen")
        return ids[name]

    def markdown(value: object, style: str | None = None, bullet: str | None = None) -> Markup:
        if value is None:
            value = DASH
        bullets = (style_id(bullet),) if bullet is not None else default_bullets
        xml = richtext.paragraphs_xml(
            str(value),
            style=style_id(style) if style else None,
            bullet_styles=bullets,
            link=link,
        )
        built[0] = xml  # printed as it is ({{p x|markdown }}): escaped text in fixed tags
        return xml

    def inline(value: object) -> Markup:
        xml = richtext.runs_xml(None if value is None else str(value), link=link)
        built[0] = xml
        return xml

    env.filters["markdown"] = markdown
    env.filters["inline"] = inline
    return env


_LISTING_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")
_EMPTY_TEXT = re.compile(r"<w:t [^>]*/>")


@lru_cache(maxsize=1)
def _template_class() -> type[DocxTemplate]:
    """docxtpl's DocxTemplate, skipping its listing pass where it has nothing to do."""
    from docxtpl import DocxTemplate  # lazy: docxtpl, only to render

    class PlanTemplate(DocxTemplate):
        def resolve_listing(self, xml: str) -> str:
            # docxtpl turns \t, \a, \n and \f inside <w:t> into tabs, paragraphs, breaks and
            # pages with regular expressions over every paragraph and run: a third of a large
            # render. Where no <w:t> holds one (and none is an empty <w:t …/>, which its
            # pattern reads on to the next </w:t>), its result is the input.
            if _LISTING_TEXT.search(xml) or _EMPTY_TEXT.search(xml):
                return str(super().resolve_listing(xml))
            return xml

        def fix_tables(self, xml: str) -> Any:
            # docxtpl widens or narrows a table's grid when a loop over cells left rows with
            # more or fewer cells than grid columns, counting every cell's span in Python: a
            # tenth of a large render. Where every table has a row with exactly as many cells
            # as grid columns (spans only add), it changes nothing: the parsed tree is its result.
            from lxml import etree  # lazy: lxml comes with docxtpl, only when rendering

            tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
            if all(_grid_fits(table) for table in tree.iter(_W_TBL)):
                return tree
            return super().fix_tables(xml)

    return PlanTemplate


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_TBL, _W_TR, _W_TC = f"{_W}tbl", f"{_W}tr", f"{_W}tc"


def _grid_fits(table: Any) -> bool:
    """Whether docxtpl's ``fix_tables`` leaves ``table`` as it is: it has a grid, no row has
    more cells than the grid has columns, and some row has exactly as many (with spans it
    has at least as many, so no column is removed)."""
    grid = table.find(f"{_W}tblGrid")
    if grid is None:
        return False
    columns = len(grid.findall(f"{_W}gridCol"))
    most = max((len(row.findall(_W_TC)) for row in table.iter(_W_TR)), default=0)
    return most == columns


def warm_up() -> None:
    """Load now what every rendering loads on first use: docxtpl with python-docx, the
    Norwegian locale data. Before a fork (the redline renders A in a child), so both processes
    share it instead of each loading it. Not the Markdown parser: most plans' texts never need
    it (``text/markdown.py`` reads plain paragraphs and lists itself), and where one does, each
    process loads it side by side."""
    _template_class()
    format_date(dt.date(2000, 1, 1))
    format_number(1.5)


def _open(template: Template) -> DocxTemplate:
    from workflow.documents.templaterun import refuse_entities, refuse_macros  # lazy: templaterun loads jinja2

    refuse_macros(template.data, template.where)
    refuse_entities(template.data, template.where)
    tpl = _template_class()(io.BytesIO(template.data))
    try:
        tpl.init_docx()
    except Exception:  # python-docx raises several kinds for a file that is not a .docx
        raise TemplateError(
            f"malen {template.where} er ikke en gyldig Word-fil (.docx): filen kan ikke åpnes som et Word-dokument "
            "(lagre den på nytt som .docx i Word eller LibreOffice)"
        ) from None
    return tpl


def _as_template(template_path: Template | str | Path) -> Template:
    if isinstance(template_path, Template):
        return template_path
    path = Path(template_path)
    try:
        return Template(path.name, str(path), path.read_bytes())
    except OSError as exc:
        raise TemplateError(f"kan ikke lese malen {path}: {explain(exc)}") from None


PROPERTY_LIMIT = 255  # python-docx (and Word) refuse longer core properties


def _property(text: str) -> str:
    """A document property: XML-safe, shortened with «…» to the length Word accepts."""
    text = richtext.clean(text)
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"


def render_docx(
    template_path: Template | str | Path, context: dict, *, title: str, when: dt.datetime | dt.date
) -> bytes:
    """The rendered document as deterministic .docx bytes.

    ``template_path`` is a path or a ``Template``; ``title`` and ``when`` become the document
    properties (title, created, modified).
    """
    return docx_bytes(render_parts(template_path, context, title=title, when=when))


def docx_bytes(parts: dict[str, bytes]) -> bytes:
    """The .docx of ``parts`` (zip member name → bytes): sorted entries, fixed times."""
    return zip_parts((name, parts[name]) for name in sorted(parts))


def render_parts(
    template_path: Template | str | Path, context: dict, *, title: str, when: dt.datetime | dt.date
) -> dict[str, bytes]:
    """``render_docx`` before zipping: the package's parts (zip member name → bytes), for a
    caller that works on the parts (the redline) without a zip round trip."""
    return _package_parts(_rendered(template_path, context, title=title, when=when))


def render_serialised(
    template_path: Template | str | Path, context: dict, *, title: str, when: dt.datetime | dt.date
) -> Serialised:
    """``render_parts`` for a document compared in another process (the redline's A): the
    main document's body as the XML of each of its blocks, serialised from the rendered tree,
    so neither process parses the whole document again (``changes/redline.py``)."""
    from lxml import etree  # lazy: lxml comes with docxtpl, only when rendering

    from workflow.documents.docxpackage import DOCUMENT, SECTPR, Serialised  # lazy: as above (lxml)

    tpl = _rendered(template_path, context, title=title, when=when)
    blocks = [etree.tostring(c) for c in tpl.docx.element.body if c.tag != SECTPR]
    return Serialised(_package_parts(tpl, without=DOCUMENT), blocks)


def render_package(
    template_path: Template | str | Path, context: dict, *, title: str, when: dt.datetime | dt.date
) -> Package:
    """``render_parts`` as an opened package (the redline's B): its main document is the
    rendered tree itself, not serialised and parsed again."""
    from workflow.documents.docxpackage import DOCUMENT, Package  # lazy: lxml, as above

    tpl = _rendered(template_path, context, title=title, when=when)
    return Package.with_document(_package_parts(tpl, without=DOCUMENT), tpl.docx.element)


def _rendered(
    template_path: Template | str | Path, context: dict, *, title: str, when: dt.datetime | dt.date
) -> DocxTemplate:
    """The template rendered with ``context``, its properties set and contents filled."""
    template = _as_template(template_path)
    tpl = _open(template)

    _render(tpl, template, context)
    props = tpl.docx.core_properties
    stamp = _utc(when)
    props.title = _property(title)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    author = context.get("municipality", {}).get("full_name") if isinstance(context.get("municipality"), dict) else None
    props.author = _property(author or "")
    props.last_modified_by = _property(author or "")
    stage = context.get("stage") if isinstance(context.get("stage"), dict) else None
    if stage:  # «Utkast», «Høringsutkast», «Vedtatt» and the stamp, e.g. «Vedtatt i kommunestyret …»
        props.content_status = _property(stage.get("status") or "")
        props.subject = _property(stage.get("text") or "")
    fill_contents(tpl.docx)
    return tpl


class _PartsWriter:
    """python-docx's zip writer, keeping the parts in memory instead (but ``without``)."""

    def __init__(self, without: str | None) -> None:
        self.parts: dict[str, bytes] = {}
        self.without = without

    def write(self, uri: object, blob: bytes) -> None:
        name = uri.membername  # type: ignore[attr-defined]  # a docx PackURI
        if name != self.without:
            self.parts[name] = blob


class _RelationshipsOnly:
    """A part as python-docx writes it, without its content (never serialised): only its
    relationships are written."""

    def __init__(self, part: Any) -> None:
        self.partname, self.rels, self.blob = part.partname, part.rels, b""


def _package_parts(tpl: DocxTemplate, without: str | None = None) -> dict[str, bytes]:
    """The parts ``tpl.save`` would zip (the same bytes), as python-docx 1.x's PackageWriter writes
    them (through its three steps; a python-docx without them: saved and unzipped); docxtpl's
    media replacement before and after saving is not used here. ``without``: a part left out
    (not even serialised)."""
    from docx.opc.pkgwriter import PackageWriter  # lazy: python-docx, only to render

    steps = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
    if not all(hasattr(PackageWriter, step) for step in steps):  # another python-docx: save and unzip
        buffer = io.BytesIO()
        tpl.save(buffer)
        with zipfile.ZipFile(buffer) as zf:
            return {name: zf.read(name) for name in zf.namelist() if name != without}
    package = tpl.docx.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    writer = _PartsWriter(without)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    kept = [_RelationshipsOnly(part) if part.partname.membername == without else part for part in parts]
    PackageWriter._write_parts(writer, kept)  # type: ignore[arg-type]  # any writer with write()
    return writer.parts


def _utc(when: dt.datetime | dt.date) -> dt.datetime:
    """python-docx writes the value as is with a «Z»: give it UTC without tzinfo."""
    if isinstance(when, dt.datetime):
        if when.tzinfo is not None:
            when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return when.replace(microsecond=0)
    return dt.datetime(when.year, when.month, when.day)


def _render(tpl: DocxTemplate, template: Template, context: dict) -> None:
    from workflow.documents.templaterun import capture_sources, runtime_error  # lazy: templaterun loads jinja2

    sources = capture_sources(tpl)
    try:
        with RenderBudget.running():
            _render_checked(tpl, template, context)
    except TemplateError:
        raise
    except Exception as exc:  # anything a template can cause at run time: named, located
        raise runtime_error(exc, template.where, sources) from None


def _render_checked(tpl: DocxTemplate, template: Template, context: dict) -> None:
    import jinja2  # lazy: jinja2, only to render
    from jinja2.sandbox import SecurityError  # lazy: jinja2, only to render

    try:
        tpl.render(context, environment(tpl, template.name))
    except jinja2.UndefinedError as exc:
        name = _undefined_name(str(exc))
        tag = _tag_using(tpl, name) if name else None
        where = f" i {tag}" if tag else ""
        raise TemplateError(f"malen {template.where} bruker et navn som ikke finnes: «{name or exc}»{where}") from None
    except SecurityError as exc:
        found = re.search(r"attribute '([^']+)'", str(exc))
        what = (
            f"«{found.group(1)}» er ikke tilgjengelig i malene"
            if found
            else "malene kjøres i en sandkasse uten tilgang til Python"
        )
        tag = _tag_using(tpl, found.group(1)) if found else None
        where = f" i {' '.join(tag.split())[:200]}" if tag else ""
        raise TemplateError(f"malen {template.where} prøver å bruke noe som ikke er tillatt{where}: {what}") from None
    except jinja2.TemplateSyntaxError as exc:
        message, name = _syntax_message(exc.message or "")
        tag = _tag_using(tpl, name) if name else None
        if tag:
            near = f" i {tag}"
        else:
            near = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())
            near = f" nær «{near[:200]}»" if near else ""
        raise TemplateError(f"malen {template.where} har en feil i malkoden: {message}{near}") from None
    except (jinja2.TemplateNotFound, jinja2.TemplatesNotFound):
        raise  # include/import/extends: explained with the tag by runtime_error
    except jinja2.TemplateError:
        raise  # explained with the failing tag by runtime_error


def _tags(listed: str) -> str:
    """«'elif' or 'else' or 'endif'» → «{% elif %}, {% else %} eller {% endif %}»."""
    names = [f"{{% {n} %}}" for n in re.findall(r"'(\w+)'", listed)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " eller " + names[-1]


def _syntax_message(message: str) -> tuple[str, str | None]:
    """Jinja's syntax message in Norwegian, and the name to look for in the template's tags
    (an unknown filter or test). Messages not listed keep Jinja's words."""
    waiting = re.search(
        r"Jinja was looking for the following tags: (.*)\. The innermost block that needs to be closed is '(\w+)'",
        message,
    )
    block = f"«{{% {waiting.group(2)} %}}» er ikke avsluttet" if waiting else ""
    expected = f" (forventet {_tags(waiting.group(1))})" if waiting else ""
    if match := re.match(r"Encountered unknown tag '(\w+)'", message):
        return f"ukjent eller malplassert tagg «{{% {match.group(1)} %}}»" + (
            f"; {block}{expected}" if block else ""
        ), None
    if message.startswith("Unexpected end of template") and block:
        return f"{block} før malen slutter{expected}", None
    for pattern, text in (
        (r"No filter named '(.*)'", "ukjent filter «{0}»"),
        (r"No test named '(.*)'", "ukjent test «{0}»"),
    ):
        if match := re.match(pattern, message):
            return text.format(match.group(1)), match.group(1)
    for pattern, text in (
        (r"unexpected char (.*) at \d+", "uventet tegn {0}"),
        (r"unexpected '(.*)'", "uventet «{0}»"),
        (r"expected token '(.*)', got '(.*)'", "forventet «{0}», fant «{1}»"),
        (r"Expected an expression, got '(.*)'", "mangler et uttrykk før «{0}»"),
    ):
        if match := re.match(pattern, message):
            return text.format(*match.groups()), None
    return message, None


def _undefined_name(message: str) -> str | None:
    for pattern in (r"^'([^']+)' is undefined", r"has no attribute '([^']+)'", r"has no element '?([^']+?)'?$"):
        match = re.search(pattern, message)
        if match:
            return match.group(1)
    return None


def template_tags(tpl: DocxTemplate) -> list[str]:
    """The Jinja tags of the body, headers and footers, as docxtpl sees them (XML removed)."""
    from docx.opc.oxml import parse_xml  # lazy: python-docx, only to render

    xml = tpl.patch_xml(tpl.get_xml())
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            xml += tpl.patch_xml(tpl.xml_to_string(parse_xml(part.blob)))
    tags = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", xml, flags=re.DOTALL)
    return [re.sub(r"<[^>]+>", "", tag) for tag in tags]


def _tag_using(tpl: DocxTemplate, name: str) -> str | None:
    """The first template tag that mentions ``name`` (a hint for the message)."""
    from docxtpl import DocxTemplate  # lazy: docxtpl, only to render

    source = tpl.template_file
    if hasattr(source, "seek"):
        source.seek(0)
    fresh = DocxTemplate(source)
    fresh.init_docx()
    for tag in template_tags(fresh):
        if re.search(rf"\b{re.escape(name)}\b", tag):
            return tag
    return None


def undeclared_names(template: Template) -> list[str]:
    """Top-level names the template uses (sorted), found without rendering, so names in
    branches a render does not take are checked too."""
    from jinja2 import TemplateSyntaxError, meta  # lazy: jinja2, only to render

    from workflow.documents.templaterun import BudgetedSandbox  # lazy: templaterun loads jinja2

    tpl = _open(template)
    env = BudgetedSandbox()  # finding names compiles the template: constants must not be folded
    env.filters["markdown"] = env.filters["inline"] = lambda value, *args: value
    try:
        return sorted(meta.find_undeclared_variables(env.parse("".join(template_tags(tpl)))))
    except TemplateSyntaxError:
        return []  # reported with its place when the template is rendered
