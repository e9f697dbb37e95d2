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
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

Path = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line, column

MAX_BYTES = 5_000_000
MAX_DEPTH = 64

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
# Characters XML 1.0 (and so a .docx) cannot contain.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class ParsedFile:
    """The data of one YAML file and where each part of it stands."""

    data: object = None
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    problems: list[tuple[Mark, str]] = field(default_factory=list)


class _NoAliases:
    """Composer step shared by both loaders: refuse aliases where they stand."""

    yaml_implicit_resolvers: dict = {}

    def compose_node(self, parent, index):  # noqa: D102
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="YAML-alias (*navn) er ikke tillatt; skriv verdien ut",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


class _Loader(_NoAliases, yaml.SafeLoader):
    """The reference: PyYAML's pure-Python scanner and parser; composer only, no implicit
    typing, no aliases. Every error message and position comes from this loader."""


try:  # libyaml's scanner and parser (about 8× faster), feeding the same Python composer
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = None
else:

    class _FastLoader(_NoAliases, yaml.composer.Composer, CParser, yaml.resolver.BaseResolver):
        """Events from libyaml, nodes from PyYAML's composer. Used only for files that
        parse without any problem; anything else is parsed again by ``_Loader``."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)
            self.saw_empty = False

        def compose_scalar_node(self, anchor):  # noqa: D102
            node = super().compose_scalar_node(anchor)
            if not node.value and not node.style:  # libyaml may place an empty value elsewhere
                self.saw_empty = True
            return node


# Where libyaml and PyYAML disagree (found by comparing both on generated text, see
# tests/test_properties.py): PyYAML refuses a tab after a plain scalar, a comment glued to
# a block scalar indicator (``|#``) and some odd tags (``!:!``), libyaml accepts them; an
# explicit key (``? ``), an empty value or text after a byte order mark may get another
# position. Text with a tab, an explicit key, ``|#``, a tag, a Unicode line break (NEL,
# U+2028/9) or a byte order mark goes to the reference.
_FAST_UNSAFE = re.compile("[\t\x85\u2028\u2029\ufeff]|\\?(?!\\S)|[|>][-+0-9]*#|(?<![^\\s\\[\\]{},])!")


def _fast_safe(text: str) -> bool:
    # PyYAML also refuses ``?`` inside a plain scalar in a flow collection (``[a?]``).
    return not _FAST_UNSAFE.search(text) and not ("?" in text and ("[" in text or "{" in text))


def _compose(text: str):
    """The node tree of ``text``: fast when it parses cleanly, else the reference's result
    (and exception), so messages and positions never depend on libyaml."""
    if _FastLoader is not None and _fast_safe(text):
        loader = None
        try:
            loader = _FastLoader(text)
            root = loader.get_single_node()
        except Exception:  # noqa: BLE001 - any trouble: let the reference loader decide
            pass
        else:
            # Empty values and bare scalar documents (``--- a``) may be placed differently
            # by libyaml; they are rare in a plan file, so the reference may take its time.
            if not loader.saw_empty and not isinstance(root, ScalarNode):
                return root
        finally:
            if loader is not None:
                loader.dispose()
    return yaml.compose(text, Loader=_Loader)


def _mark(node) -> Mark:
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
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
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


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "ugyldig YAML"
    known = {
        "expected a single document in the stream": "filen kan bare inneholde ett YAML-dokument",
        "mapping values are not allowed here": "kolon på feil sted (sett teksten i anførselstegn?)",
        "found character '\\t' that cannot start any token": "tabulator kan ikke brukes til innrykk",
    }
    for english, norwegian in known.items():
        if problem.startswith(english):
            return norwegian
    if problem.startswith("YAML-alias"):
        return problem
    return f"ugyldig YAML: {problem}"


def _build(node, path: Path, out: ParsedFile, depth: int):
    out.values[path] = _mark(node)
    if depth > MAX_DEPTH:
        out.problems.append((_mark(node), f"strukturen er nestet dypere enn {MAX_DEPTH} nivåer"))
        return None
    if isinstance(node, ScalarNode):
        return _scalar(node, out)
    if node.tag not in _STANDARD_TAGS:
        out.problems.append((_mark(node), f"YAML-taggen {node.tag} er ikke tillatt"))
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
            out.problems.append(
                (_mark(key_node), f"nøkkelen «{key}» står to ganger (første gang på linje {first[0]})")
            )
            continue
        _check_text(key, key_node, out)
        out.keys[path + (key,)] = _mark(key_node)
        result[key] = _build(value_node, path + (key,), out, depth + 1)
    return result


def _scalar(node: ScalarNode, out: ParsedFile):
    if node.tag not in _STANDARD_TAGS:
        out.problems.append((_mark(node), f"YAML-taggen {node.tag} er ikke tillatt"))
        return None
    value = node.value
    if not node.style:  # plain, unquoted (libyaml's events say '', PyYAML's None)
        if value in _NULL:
            return None
        if value in _BOOL:
            return _BOOL[value]
    _check_text(value, node, out)
    return value


def _check_text(value: str, node, out: ParsedFile) -> None:
    bad = XML_INVALID.search(value)
    if bad:
        out.problems.append(
            (_mark(node), f"tegnet {describe_char(bad.group())} kan ikke stå i et Word-dokument")
        )
