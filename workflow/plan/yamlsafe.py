"""Safe YAML: text in, plain data plus the source position of every key and value out.

PyYAML's ``safe_load`` implements YAML 1.1, which quietly turns ``NO`` into False, ``12:30``
into 750, ``0012`` into 10 and keeps the last of two duplicate keys. This module composes the
node tree itself and builds the data with a deliberately small resolver:

* a plain ``null``, ``~`` or empty value is None; a plain ``true``/``false`` is a bool;
* every other scalar is kept as the **string the user wrote** (the schema decides whether a
  field wants a number, a year or a date, and reports a located error if it does not parse);
* aliases (``*ref``) are refused, so "billion laughs" files cannot expand;
* explicit tags other than the standard ones (``!!python/object`` ...) are refused;
* duplicate keys, characters Word cannot hold, and nesting deeper than a sane limit are
  located errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from workflow.xmlchars import XML_INVALID

Path = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line, column

MAX_BYTES = 5_000_000
MAX_DEPTH = 64

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML_TAG = "tag:yaml.org,2002:"
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
# Characters XML 1.0 (and so a .docx) cannot contain.


@dataclass
class ParsedFile:
    """The data of one YAML file and where each part of it stands."""

    data: object = None
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    problems: list[tuple[Mark, str]] = field(default_factory=list)
    broken: set[Path] = field(default_factory=set)  # values dropped for a problem reported here


class _NoAliases:
    """Composer step shared by both loaders: refuse aliases where they stand."""

    yaml_implicit_resolvers: dict[str, Any] = {}

    def compose_node(self, parent: Node | None, index: object) -> Node | None:  # noqa: D102
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            raise yaml.MarkedYAMLError(
                problem="YAML-alias (*navn) er ikke tillatt; skriv verdien ut",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)  # type: ignore[misc]


class _Loader(_NoAliases, yaml.SafeLoader):
    """The reference: PyYAML's pure-Python scanner and parser; composer only, no implicit
    typing, no aliases. Every error message and position comes from this loader."""


try:  # libyaml's scanner and parser: events about 10× faster than PyYAML's own
    from yaml._yaml import CParser, get_version_string
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None  # type: ignore[misc,assignment]
    get_version_string = None  # type: ignore[assignment]


def yaml_libyaml_version() -> str:
    """The libyaml the fast path reads with ('' without it)."""
    return get_version_string() if get_version_string is not None else ""


# Where libyaml and PyYAML disagree (found by comparing both on generated text, see
# tests/plan/test_properties.py): PyYAML refuses a tab after a plain scalar, a comment glued to
# a block scalar indicator (``|#``), some odd tags (``!:!``) and ``?`` in a plain scalar
# inside a flow collection (``[a?]``); libyaml accepts them. An explicit key (``? ``), an
# empty value or text after a byte order mark may get another position. Such text, and
# Unicode line breaks (NEL, U+2028/9), go to the reference.
_BREAKS_AND_TABS = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")
_EXPLICIT_KEY = re.compile(r"\?(?!\S)")
_BLOCK_COMMENT = re.compile(r"[|>][-+0-9]*#")
_TAG = re.compile(r"(?<![^\s\[\]{},])!")


def _fast_safe(text: str) -> bool:
    if any(c in text for c in _BREAKS_AND_TABS):
        return False
    if "?" in text and ("[" in text or "{" in text or _EXPLICIT_KEY.search(text)):
        return False
    if "#" in text and _BLOCK_COMMENT.search(text):
        return False
    return "!" not in text or not _TAG.search(text)


class _Fallback(Exception):
    """The text is not the plain case: let the reference parse it."""


def _fast_parse(text: str) -> ParsedFile | None:
    """The result for a file without any problem, built straight from libyaml's events (no
    node tree); None when anything is unusual (an error, an alias or anchor, a tag other than
    the standard ones, an empty value, a duplicate key, deep nesting...): then the reference
    parser gives the result, so messages and positions never depend on libyaml."""
    if CParser is None or not _fast_safe(text):
        return None
    parser = CParser(text)
    try:
        return _from_events(parser.get_event)
    except Exception:  # noqa: BLE001 - _Fallback, or any trouble in libyaml
        return None
    finally:
        parser.dispose()


def _document_starts(get: Callable[[], Any]) -> bool:
    """Read the stream's opening events: True at the start of its one document, False for an
    empty stream. Anything else is left to the reference loader."""
    if not isinstance(get(), yaml.StreamStartEvent):
        raise _Fallback
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        return False
    if not isinstance(event, yaml.DocumentStartEvent):
        raise _Fallback
    return True


def _scalar_value(text: str, plain: bool) -> object:
    """A scalar as the plan reads it: plain null and true/false typed, all else text."""
    if plain and text in _NULL:
        return None
    if plain and text in _BOOL:
        return _BOOL[text]
    if XML_INVALID.search(text):
        raise _Fallback
    return text


def _from_events(get: Callable[[], Any]) -> ParsedFile:
    """The parsed file from libyaml's events (``get`` returns the next one); raises _Fallback
    for anything but the plain case."""
    out = ParsedFile()
    values, keys = out.values, out.keys
    if not _document_starts(get):
        return out
    # Open collections: [container, path, is_mapping, pending key or None]
    stack: list[list[Any]] = []
    root: object = None
    while True:
        event = get()
        kind = event.__class__
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            if not stack:
                break
            continue
        if kind is yaml.AliasEvent or event.anchor is not None:
            raise _Fallback
        if event.tag not in (None, "!") and event.tag not in _STANDARD_TAGS:
            raise _Fallback
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        top = stack[-1] if stack else None
        if kind is yaml.ScalarEvent:
            text = event.value
            plain = not event.style
            if plain and not text:
                raise _Fallback
            if top is not None and top[2] and top[3] is None:  # a key
                path = top[1] + (text,)
                if path in keys or XML_INVALID.search(text):
                    raise _Fallback
                keys[path] = mark
                top[3] = text
                continue
            value = _scalar_value(text, plain)
            if top is None:  # a bare scalar document: the reference places it
                raise _Fallback
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if top is not None and top[2] and top[3] is None:  # a key that is not text
                raise _Fallback
            value = {} if kind is yaml.MappingStartEvent else []
        else:
            raise _Fallback
        if top is None:
            path = ()
            root = value
        else:
            path = _place(top, value)
        values[path] = mark
        if kind is not yaml.ScalarEvent:
            if len(stack) >= MAX_DEPTH:
                raise _Fallback
            stack.append([value, path, kind is yaml.MappingStartEvent, None])
    if not isinstance(get(), yaml.DocumentEndEvent) or not isinstance(get(), yaml.StreamEndEvent):
        raise _Fallback
    out.data = root
    return out


def _place(top: list[Any], value: object) -> Path:
    """Put ``value`` into the open collection ``top`` (under its pending key, or at the end of
    the list) and return its path."""
    container, path, is_mapping, key = top
    if is_mapping:
        container[key] = value
        top[3] = None
        return path + (key,)
    container.append(value)
    return path + (len(container) - 1,)


def _mark(node: Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


def describe_char(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def parse(raw: bytes | str) -> ParsedFile:
    """Parse one YAML document. Problems are collected, never raised."""
    out = ParsedFile()
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            out.problems.append(((1, 1), f"filen er større enn {MAX_BYTES // 1_000_000} MB"))
            return out
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            out.problems.append(((line, col), "filen er ikke gyldig UTF-8"))
            return out
    else:
        text = raw
    fast = _fast_parse(text)
    if fast is not None:
        return fast
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and (exc.problem or "").startswith("could not find expected ':'"):
            mark = exc.context_mark  # the line that lacks its colon, not the one after it
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        out.problems.append((where, _yaml_message(exc)))
        return out
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        out.problems.append(((line, col), f"tegnet {describe_char(chr(exc.character))} er ikke tillatt i YAML"))
        return out
    except RecursionError:
        out.problems.append(((1, 1), f"strukturen er nestet dypere enn {MAX_DEPTH} nivåer"))
        return out
    if root is not None:
        out.data = _build(root, (), out, 0)
    return out


# PyYAML's problems (and the context some need) → what to tell the project group. First match
# wins; {0} is the pattern's group (only messages with a group are formatted). Anything not listed keeps the parser's own words.
_TAB = "tabulator kan ikke brukes til innrykk; bruk mellomrom"
_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"found character '\\t'|tab character", _TAB),
    (
        r"expected <block end>, but found '-'",
        "listepunkt («- ») på feil innrykk, eller en liste og felter blandet på samme nivå",
    ),
    (
        r"expected <block end>, but found '\?'",
        "felter (nøkkel: verdi) og en liste blandet på samme nivå, eller feil innrykk",
    ),
    (
        r"expected <block end>, but found '<block mapping start>'",
        "feil innrykk: linjen er rykket inn ulikt feltene over",
    ),
    (
        r"expected <block end>, but found '<scalar>'",
        "uventet tekst: feil innrykk, eller tekst etter en verdi som er avsluttet (sett hele verdien i anførselstegn?)",
    ),
    (r"expected <block end>", "feil innrykk eller et uventet tegn her"),
    (r"expected ',' or '\]'", "listen i [ ] er ikke lukket med ] (eller det mangler et komma)"),
    (r"expected ',' or '\}'", "feltene i { } er ikke lukket med } (eller det mangler et komma)"),
    (
        r"expected '<document start>'",
        "uventet innhold: feil innrykk (er første linje rykket inn?), eller en ] eller } for mye",
    ),
    (r"found unexpected end of stream", "filen slutter midt i en verdi (mangler et avsluttende anførselstegn?)"),
    (
        r"found unknown escape character '(.*)'",
        "ukjent escape-sekvens «\\{0}» i tekst i doble anførselstegn (skriv \\\\ for \\, eller bruk enkle anførselstegn)",
    ),
    (
        r"expected escape sequence of (\d+) hexadecimal",
        "ugyldig escape-sekvens (\\x, \\u eller \\U): forventet {0} heksadesimale sifre",
    ),
    (
        r"expected chomping or indentation indicators, but found '(.*)'",
        "etter | eller > kan bare stå -, + eller et tall, ikke «{0}»",
    ),
    (r"expected a comment or a line break", "etter | eller > kan bare stå -, + eller et tall før linjeskiftet"),
    (
        r"found character '(.*)' that cannot start any token",
        "tegnet «{0}» kan ikke starte en verdi (sett teksten i anførselstegn)",
    ),
    (r"found duplicate YAML directive", "%YAML står to ganger"),
    (r"found incompatible YAML document", "bare YAML 1.x støttes"),
    (r"but found another document", "filen kan bare inneholde ett YAML-dokument (fjern «---» midt i filen)"),
    (r"expected a single document", "filen kan bare inneholde ett YAML-dokument (fjern «---» midt i filen)"),
    (r"expected alphabetic or numeric character", "etter * eller & må det stå et navn (sett teksten i anførselstegn)"),
    (
        r"could not find expected ':'",
        "fant ikke kolon (:) etter nøkkelen; skriv «nøkkel: verdi», eller rykk inn tekst som fortsetter",
    ),
    (r"mapping values are not allowed here", "kolon på feil sted (sett teksten i anførselstegn?)"),
    (r"mapping keys are not allowed here", "kolon på feil sted (sett teksten i anførselstegn?)"),
    (
        r"sequence entries are not allowed here",
        "listepunkt («- ») er ikke tillatt her (feil innrykk, eller sett teksten i anførselstegn)",
    ),
    (r"expected the node content, but found '(.*)'", "mangler en verdi før «{0}»"),
    (r"found undefined tag handle '(.*)'", "ukjent YAML-tagg «{0}»"),
    (r"expected '>'|expected URI|expected tag handle", "ugyldig YAML-tagg (sett teksten i anførselstegn)"),
    (r"expected ' ', but found", "det mangler et mellomrom her (sett teksten i anførselstegn?)"),
    (r"found unexpected ':'", "kolon på feil sted (sett teksten i anførselstegn?)"),
)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if problem.startswith("YAML-alias"):
        return problem
    if problem == "second occurrence":  # context: "found duplicate anchor 'x'; first occurrence"
        anchor = re.search(r"anchor '(.*)'", exc.context or "")
        return f"ankeret «&{anchor.group(1) if anchor else ''}» står to ganger"
    for pattern, message in _PROBLEMS:
        match = re.search(pattern, problem)
        if match:
            return message.format(*match.groups()) if match.groups() else message
    return f"ugyldig YAML ({problem or exc.context or 'ukjent feil'})"


def _build(node: Node, path: Path, out: ParsedFile, depth: int) -> object:
    out.values[path] = _mark(node)
    if depth > MAX_DEPTH:
        out.problems.append((_mark(node), f"strukturen er nestet dypere enn {MAX_DEPTH} nivåer"))
        out.broken.add(path)
        return None
    if isinstance(node, ScalarNode):
        return _scalar(node, path, out)
    if node.tag not in _STANDARD_TAGS:
        _refused(node, path, out)
        return None
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), out, depth + 1) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, object] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            out.problems.append((_mark(key_node), "en nøkkel må være enkel tekst"))
            continue
        key = key_node.value
        if key in result:
            first = out.keys[path + (key,)]
            out.problems.append((_mark(key_node), f"nøkkelen «{key}» står to ganger (første gang på linje {first[0]})"))
            continue
        _check_text(key, key_node, out)
        out.keys[path + (key,)] = _mark(key_node)
        result[key] = _build(value_node, path + (key,), out, depth + 1)
    return result


def _refused(node: Node, path: Path, out: ParsedFile) -> None:
    tag = node.tag
    shown = "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag  # as written
    out.problems.append((_mark(node), f"YAML-taggen {shown} er ikke tillatt"))
    out.broken.add(path)


def _scalar(node: ScalarNode, path: Path, out: ParsedFile) -> object:
    if node.tag not in _STANDARD_TAGS:
        _refused(node, path, out)
        return None
    value = node.value
    if not node.style:  # plain, unquoted (libyaml's events say '', PyYAML's None)
        if value in _NULL:
            return None
        if value in _BOOL:
            return _BOOL[value]
    _check_text(value, node, out)
    return value


def _check_text(value: str, node: Node, out: ParsedFile) -> None:
    bad = XML_INVALID.search(value)
    if bad:
        out.problems.append((_mark(node), f"tegnet {describe_char(bad.group())} kan ikke stå i et Word-dokument"))
