"""Property-based robustness: whatever is written in the plan files, `plan check` and
`plan build` never crash with a traceback. Either the plan is refused with located errors
(file:line:col, exit 1), or the .docx is produced and python-docx reads back the same text.

Starting from the Os plan, hypothesis puts arbitrary Unicode (XML-invalid characters, lone
surrogates, right-to-left marks, emoji, 100,000-character strings, Markdown and Jinja syntax)
into every text field, mutates the structure (removed keys, wrong types, broken references,
duplicate ids) and inserts raw bytes into the files.

The default run is short, for CI. A longer run:

    HYPOTHESIS_PROFILE=long pytest tests/plan/test_properties.py      # 500 examples each, ~12 minutes
    HYPOTHESIS_PROFILE=long HYPOTHESIS_EXAMPLES=5000 pytest tests/plan/test_properties.py
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from workflow.text import markdown as richtext
from workflow.plan import yamlsafe
from workflow.errors import PlanError
from workflow.plan.load import load_project
from workflow.plan.source import WorkTree
from workflow.participation.case import case_part

ROOT = Path(__file__).resolve().parents[2]
WHEN = dt.datetime(2020, 5, 12, 12, 0, tzinfo=dt.timezone.utc)

_PROFILES = {
    "ci": {"max_examples": 15},
    "long": {"max_examples": int(os.environ.get("HYPOTHESIS_EXAMPLES", "500"))},
}
_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")


def profile(scale: float = 1.0):
    """This module's settings: few examples by default, many with HYPOTHESIS_PROFILE=long.
    No example database by default (CI writes nothing), the default one for long runs."""
    chosen = _PROFILES.get(_PROFILE, _PROFILES["ci"])
    # CI: the same examples every run (no flaky failures), nothing written to disk.
    extra = {} if _PROFILE == "long" else {"database": None, "derandomize": True}
    return settings(
        max_examples=max(1, int(chosen["max_examples"] * scale)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        **extra,
    )


# --- the plan as data -------------------------------------------------------------------------


def _read_base() -> dict[str, object]:
    files = {}
    for path in sorted((ROOT / "plan").rglob("*.yaml")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "plan/staastedsanalyse.yaml":
            continue  # needs the JSON snapshots of plan/statistikk/ (tests/evidence/test_statistics.py)
        files[rel] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return files


BASE = _read_base()

# Fields the documents show, with whether they hold Markdown: (file pattern, key path pattern).
MARKDOWN_KEYS = {
    "visjon",
    "sammendrag",
    "bakgrunn",
    "ståsted",
    "beskrivelse",
    "tekst",
    "organisering",
    "medvirkning",
    "innstilling",
    "vurdering",
    "konsekvenser",
    "tema",
}
SHOWN_PLAIN = re.compile(
    r"^(plan/satsingsomrader/[^/]+\.yaml: (navn|tiltak/\d+/(ansvar|finansiering|samarbeidspartnere/\d+)"
    r"|ambisjoner/\d+/(indikator|kilde|enhet))"
    r"|plan/sak\.yaml: samlinger/\d+/(sted|deltakere)"  # vedlegg: shown only when built or a file
    r"|plan/samlinger\.yaml: samlinger/\d+/program/\d+/tekst)$"
)


def text_fields(files: dict[str, object]) -> list[tuple[str, tuple]]:
    """(file, key path) of every text value in the plan files."""
    found = []

    def walk(file, value, path):
        if isinstance(value, str):
            found.append((file, path))
        elif isinstance(value, dict):
            for key, child in value.items():
                walk(file, child, path + (key,))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                walk(file, child, path + (i,))

    for file, data in files.items():
        walk(file, data, ())
    return found


FIELDS = text_fields(BASE)


def set_at(data, path: tuple, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


class _Dumper(yaml.SafeDumper):
    """PyYAML's dumper, but text holding characters YAML reads as line breaks (NEL, U+2028/9,
    CR) or drops (BOM) is written escaped in double quotes: PyYAML writes them raw, and the
    file would not hold the text the test means."""


def _str(dumper, value: str):
    style = '"' if any(c in value for c in "\r\x85\u2028\u2029\ufeff") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def write(files: dict[str, object], root: Path) -> None:
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
        target.write_bytes(text.encode("utf-8", "surrogatepass"))


_TMP = tempfile.TemporaryDirectory(prefix="plan-prop-")  # removed when the test run ends
_LAST: list[Path] = []


def plan_with(file: str, path: tuple, value) -> Path:
    """A fresh folder holding the base plan with one value replaced."""
    files = copy.deepcopy(BASE)
    set_at(files[file], path, value)
    root = fresh_root()
    write(files, root)
    return root


def fresh_root() -> Path:
    """An empty folder for one example; the previous example's folder is removed."""
    while _LAST:
        shutil.rmtree(_LAST.pop(), ignore_errors=True)
    root = Path(tempfile.mkdtemp(dir=_TMP.name))
    _LAST.append(root)
    return root


def check_located(exc: PlanError, root: Path) -> None:
    """Every error names a plan file and a line and column in it."""
    errors = [p for p in exc.problems if not p.warning]
    assert errors, exc.problems
    for problem in errors:
        assert problem.file.startswith("plan/") and (root / problem.file).is_file(), problem
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.message and "Traceback" not in problem.message


def load_or_located(root: Path):
    """The project, or None after checking that the refusal is located."""
    try:
        return load_project(WorkTree(root))[0]
    except PlanError as exc:
        check_located(exc, root)
        return None


def run_cli(root: Path, *args: str):
    from workflow.cli.main import main

    result = CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert re.search(r"^plan/\S+:\d+:\d+: feil: ", result.output, flags=re.M), result.output
    return result


# --- strategies ---------------------------------------------------------------------------------

HOSTILE = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1f",
    "\x7f",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\u200f",
    "\u202e",
    "\u2066",
    "\u2028",
    "\u2029",
    "\x85",
    "\r",
    "\r\n",
    "\t",
    "\ufeff",
    "😀",
    "👩\u200d👩\u200d👧",
    "æøåÆØÅ",
    "&",
    "&amp;",
    "<",
    "<w:t>",
    "]]>",
    "{{ x }}",
    "{%p if %}",
    "}}",
    "*",
    "**",
    "_",
    "[lenke](https://os.kommune.no)",
    "[x](javascript:alert(1))",
    "\\",
    "|",
    "# ",
    "- ",
    "1. ",
    "\n",
    "\n\n",
    "  ",
    ":",
    ": ",
    "'",
    '"',
    "NO",
    "null",
    "~",
    "true",
    "2020-13-01",
    "&a",
    "*a",
    "!!python/object",
]
characters = st.one_of(st.characters(), st.sampled_from(HOSTILE))
short_text = st.lists(characters, max_size=25).map("".join)
long_text = st.builds(
    lambda piece: (piece * (100_000 // len(piece) + 1))[:100_000],
    st.sampled_from(["æ", "Tiltak 😀 ", "a\u200fb ", "**x** "]),
)
any_text = st.one_of(short_text, short_text, short_text, long_text)
fields = st.sampled_from(FIELDS)


def visible(text: str, markdown: bool) -> list[str]:
    """The pieces of ``text`` a reader sees in the document, whitespace-normalised."""
    if not markdown:
        return [norm(text)]
    return [norm("".join(run.text for run in block.runs)) for block in richtext.parse(text)]


def norm(text: str) -> str:
    return " ".join(text.split())


def document_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    cells(inner)

    for table in document.tables:
        cells(table)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return norm("\n".join(parts))


# --- plan check ---------------------------------------------------------------------------------


@profile(scale=4)
@given(field=fields, text=any_text)
def test_any_text_in_any_field_is_accepted_exactly_or_refused_with_a_place(field, text):
    file, path = field
    root = plan_with(file, path, text)
    project = load_or_located(root)
    if project is not None:  # accepted: the value is exactly what was written
        raw = yamlsafe.parse((root / file).read_bytes()).data
        for part in path:
            raw = raw[part]
        assert raw == text


MUTATIONS = ("remove", "retype", "break_reference", "duplicate_id", "duplicate_key", "year")


def _paths(data, want=lambda path, value: True, path=()):
    found = []
    if want(path, data):
        found.append(path)
    if isinstance(data, dict):
        for key, child in data.items():
            found += _paths(child, want, path + (key,))
    elif isinstance(data, list):
        for i, child in enumerate(data):
            found += _paths(child, want, path + (i,))
    return found


@profile(scale=4)
@given(data=st.data())
def test_structural_mutations_are_refused_with_a_place_or_accepted(data):
    files = copy.deepcopy(BASE)
    root = fresh_root()
    raw_edit = None
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        kind = data.draw(st.sampled_from(MUTATIONS), label="kind")
        file = data.draw(st.sampled_from(sorted(files)), label="file")
        doc = files[file]
        if kind == "remove":
            keys = _paths(doc, lambda p, v: bool(p) and isinstance(p[-1], str))
            if keys:
                path = data.draw(st.sampled_from(keys), label="key")
                parent = doc
                for part in path[:-1]:
                    parent = parent[part]
                del parent[path[-1]]
        elif kind == "retype":
            spots = _paths(doc, lambda p, v: bool(p))
            if spots:
                path = data.draw(st.sampled_from(spots), label="spot")
                new = data.draw(
                    st.sampled_from([None, True, 0, -1, 3.5, 10**30, "", [], {}, ["a"], {"x": 1}, dt.date(2020, 2, 29)])
                )
                set_at(doc, path, copy.deepcopy(new))
        elif kind == "break_reference":
            refs = _paths(doc, lambda p, v: len(p) >= 2 and p[-2] in ("mål", "strategier") and isinstance(v, str))
            if refs:
                set_at(
                    doc,
                    data.draw(st.sampled_from(refs), label="ref"),
                    data.draw(st.sampled_from(["M9.9", "S1.1", "T1.1", "finnes-ikke"])),
                )
        elif kind == "duplicate_id":
            ids = [p for p in _paths(doc, lambda p, v: bool(p) and p[-1] == "id" and isinstance(v, str))]
            all_ids = [v for f in files.values() for v in _values(f, "id")]
            if ids and all_ids:
                set_at(doc, data.draw(st.sampled_from(ids), label="id"), data.draw(st.sampled_from(all_ids)))
        elif kind == "year":
            years = _paths(doc, lambda p, v: bool(p) and p[-1] in ("fra", "til", "år") and isinstance(v, int))
            if years:
                set_at(
                    doc,
                    data.draw(st.sampled_from(years), label="year"),
                    data.draw(st.sampled_from([1899, 1999, 2019, 2029, 2201, 0])),
                )
        else:
            raw_edit = file
    write(files, root)
    if raw_edit is not None:  # a key written twice, at the end of the file
        path = root / raw_edit
        text = path.read_text(encoding="utf-8")
        first = next((line for line in text.splitlines() if re.match(r"^[^\s#-][^:]*:", line)), None)
        if first:
            path.write_text(text + first + "\n", encoding="utf-8")
    load_or_located(root)
    run_cli(root, "check")


def _values(data, key):
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key and isinstance(v, str):
                yield v
            yield from _values(v, key)
    elif isinstance(data, list):
        for v in data:
            yield from _values(v, key)


@profile(scale=2)
@given(file=st.sampled_from(sorted(BASE)), where=st.floats(0, 1), junk=st.binary(min_size=1, max_size=40))
def test_raw_bytes_anywhere_never_crash_check(file, where, junk):
    root = fresh_root()
    write(BASE, root)
    path = root / file
    raw = path.read_bytes()
    at = int(len(raw) * where)
    path.write_bytes(raw[:at] + junk + raw[at:])
    load_or_located(root)


@profile()
@given(field=fields, text=any_text)
def test_plan_check_command_never_shows_a_traceback(field, text):
    file, path = field
    root = plan_with(file, path, text)
    run_cli(root, "check")


# --- plan build ---------------------------------------------------------------------------------


@profile(scale=2)
@given(field=fields, text=any_text)
def test_build_gives_a_readable_docx_with_the_same_text(field, text):
    from workflow.documents.build import build_documents

    file, path = field
    root = plan_with(file, path, text)
    project = load_or_located(root)
    assume(project is not None)
    from workflow.participation.documents import build_attachment, build_invitation
    from workflow.participation.public import may_be_named

    documents = build_documents(project, root, when=WHEN, part=case_part)
    documents.update(build_attachment(project, root, when=WHEN))
    documents.update(build_invitation(project, root, w.id) for w in project.workshops)
    texts = {name: document_text(data) for name, data in documents.items()}  # python-docx reads them
    key = f"{file}: " + "/".join(str(p) for p in path)
    # a workshop's programme item is plain text (the invitation shows it as written)
    markdown = path[-1] in MARKDOWN_KEYS and not (file == "plan/samlinger.yaml" and "program" in path)
    hidden = (
        file.startswith("plan/innspill/")
        and path == ("tekst",)
        and not any(
            may_be_named(s) and s.summary is None for s in project.submissions if file.endswith(f"/{s.id}.yaml")
        )
    )  # a private person's own words are never public: the clerk's summary is
    if (markdown or SHOWN_PLAIN.match(key)) and not hidden:
        everything = " ".join(texts.values())
        for piece in visible(text, markdown):
            assert piece in everything, (key, piece[:200])


# Values that become document properties (title, author): python-docx refuses more than 255
# characters, so render.render_docx shortens them with «…»; file names stay short too.
TITLE_FIELDS = {
    ("plan/plan.yaml", ("tittel",)),
    ("plan/plan.yaml", ("kommune", "navn")),
    ("plan/sak.yaml", ("tittel",)),
}


@pytest.mark.parametrize("field", sorted(TITLE_FIELDS))
def test_long_title_builds(field, cli):
    file, path = field
    root = plan_with(file, path, "Strategisk næringsplan " * 20)
    result = cli(root, "build", "-o", str(root / "ut"))
    assert result.exit_code == 0, result.output
    props = [docx.Document(str(path)).core_properties for path in sorted((root / "ut").glob("*.docx"))]
    values = [value for p in props for value in (p.title, p.author)]
    assert len(props) == 3 and all(len(value) <= 255 for value in values)  # plan, case, attachment
    assert any("Strategisk næringsplan Strategisk" in value and value.endswith("…") for value in values)


@profile(scale=0.5)
@given(field=fields, text=any_text)
def test_plan_build_command_never_shows_a_traceback(field, text):
    file, path = field
    root = plan_with(file, path, text)
    result = run_cli(root, "build", "-o", str(root / "ut"))
    if result.exit_code == 0:
        for produced in (root / "ut").glob("*.docx"):
            docx.Document(str(produced))


# --- the YAML reader's fast path agrees with the reference -----------------------------------

YAML_PIECES = st.sampled_from(
    list("ab- :\n\t#?'\"[]{},|>&*!%@`.\\0æ\u200f😀 \r\x85\u2028\ufeff\x00")
    + [
        "  ",
        "- ",
        ": ",
        "\n  ",
        "---",
        "...",
        "key: ",
        "!!str ",
        "!!int ",
        "&a ",
        "*a",
        "%YAML 1.1\n",
        "|-\n",
        ">+\n  ",
        '"\\u00e6"',
        "null",
        "~",
        "true",
        "\n- ",
        "\r\n",
        "k2: ",
    ]
)


def _reference(text: str) -> yamlsafe.ParsedFile:
    fast = yamlsafe._fast_parse
    yamlsafe._fast_parse = lambda t: None
    try:
        return yamlsafe.parse(text)
    finally:
        yamlsafe._fast_parse = fast


@profile(scale=20)
@given(
    st.one_of(
        st.lists(YAML_PIECES, max_size=40).map("".join),
        st.tuples(st.sampled_from(sorted(BASE)), st.lists(st.tuples(st.floats(0, 1), YAML_PIECES), max_size=4)),
    )
)
def test_yaml_fast_path_gives_exactly_the_reference_result(case):
    if isinstance(case, str):
        text = case
    else:
        file, edits = case
        text = (ROOT / file).read_text(encoding="utf-8")
        for where, piece in edits:
            at = int(len(text) * where)
            text = text[:at] + piece + text[at:]
    fast = yamlsafe._fast_parse(text)
    if fast is not None:
        reference = _reference(text)
        assert (fast.data, fast.values, fast.keys, fast.problems) == (
            reference.data,
            reference.values,
            reference.keys,
            reference.problems,
        )


def test_the_plan_files_take_the_fast_path():
    for path in (ROOT / "plan").rglob("*.yaml"):
        assert yamlsafe._fast_parse(path.read_text(encoding="utf-8")) is not None, path


@pytest.mark.parametrize(
    "text", ["a:\tb\n", "- a\t\n", "a: |#\n", "[a?]\n", "x: !:! y\n", "i\ufeffn: a\n", "a: &x 1\nb: *x\n", "a:\n"]
)
def test_text_where_libyaml_differs_goes_to_the_reference(text):
    assert yamlsafe._fast_parse(text) is None


# --- the benchmark's generator makes what it promises -------------------------------------------


def _generator():
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    import generate

    return generate


@pytest.mark.parametrize(("measures", "areas"), [(100, 5), (7, 3), (0, 2)])
def test_generated_plans_and_revisions_are_valid_without_warnings(measures, areas, tmp_path):
    from workflow.changes.compare import compare

    generate = _generator()
    first = generate.plan_data(measures, areas, seed=3)
    second = generate.revise(first, seed=4)
    plans = []
    for name, files in (("a", first), ("b", second)):
        generate.write_plan(tmp_path / name, files)
        project, warnings = load_project(WorkTree(tmp_path / name))
        assert warnings == []
        plans.append(project.plan)
    assert sum(1 for _ in plans[0].all_measures()) == measures
    text = (tmp_path / "a" / "plan" / "satsingsomrader" / "so01.yaml").read_text(encoding="utf-8")
    assert re.search("[æøå]", text)
    if measures >= 100:
        kinds = {(c.kind, c.type, c.field) for c in compare(*plans)}
        for expected in [
            ("added", "tiltak", None),
            ("removed", "tiltak", None),
            ("changed", "tiltak", "tekst"),
            ("changed", "tiltak", "kostnad"),
            ("moved", "tiltak", "satsingsområde"),
        ]:
            assert expected in kinds, expected


def test_generated_repository_has_stage_tags_plan_reads(tmp_path, cli):
    generate = _generator()
    root = tmp_path / "repo"
    names = generate.make_repository(root, measures=20, focus_areas=2, tags=6)
    assert names["a"] == "prosjektgruppe/2020-03-19" and names["b"] == "formannskap/2020-05-12"
    log = cli(root, "log", "--format", "json")
    assert log.exit_code == 0, log.output
    entries = json.loads(log.output)
    assert [e["tag"] for e in entries][:3] == [
        "prosjektgruppe/2020-03-19",
        "formannskap/2020-05-12",
        "kommunestyre/2020-05-26",
    ]
    assert len(entries) == 6 and entries[3]["tag"].startswith("revisjon/")
    diff = cli(root, "diff", names["a"], names["b"], "--format", "json", "-o", str(tmp_path / "d.json"))
    assert diff.exit_code == 0, diff.output
