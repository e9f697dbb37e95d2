"""Reading one file of ``plan/`` into one model: the reader, the mapping, the validation
with every problem located as file:line:col, used by the plan loader (``load.py``) for each of
its files; and the political process (``prosess.yaml``) alone, with its checks, for the commands
that need the bodies but not the plan (``plan log``), without building the plan's models.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sys
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError

from workflow.cache import Store
from workflow.errors import PlanError, Problem
from workflow.plan.processmodel import DEFAULT_PROCESS, NEW_ROUND, Body, Process
from workflow.plan.source import PLAN_DIR, Source
from workflow.plan.sourcemap import ParseFile, SourceMap, problem_from
from workflow.plan.yamlsafe import ParsedFile, Path as KeyPath, parse, yaml_libyaml_version

if TYPE_CHECKING:
    from workflow.plan.checks import Locate

PROCESS_FILE = f"{PLAN_DIR}/prosess.yaml"
M = TypeVar("M", bound=BaseModel)


def load_process(source: Source) -> Process:
    """Only the political process (``prosess.yaml``, else the default), checked as
    ``load_project`` checks it: for commands that need the bodies but not the plan (``plan log``).

    Raises PlanError carrying the problems of that file."""
    problems: list[Problem] = []
    process_map = SourceMap()
    data = read_mapping(file_reader(source, {}, problems), PROCESS_FILE, process_map, problems, DEFAULT_PROCESS)
    process = validate(Process, data, process_map, problems, skip=process_map.broken)
    if process is not None:
        problems.extend(check_process(process, process_map.problem))
    if process is None or any(not p.warning for p in problems):
        raise PlanError(problems)
    return process


def file_reader(source: Source, read: dict[str, bytes], problems: list[Problem]) -> ParseFile:
    """The reader every part of the loader uses: it keeps each file's bytes in ``read`` and
    adds its parse problems to ``problems``."""

    def parse_file(file: str, required: bool) -> ParsedFile | None:
        raw = source.read(file)
        if raw is None:
            if required:
                problems.append(Problem(file, 1, 1, "filen finnes ikke"))
            return None
        read[file] = raw
        parsed = parse_kept(raw)
        problems.extend(Problem(file, line, col, msg) for (line, col), msg in parsed.problems)
        return parsed

    return parse_file


# The cache of parsed files (``workflow/cache.py``): a file's text is parsed once per machine.
# An entry holds what ``parse`` gave a file without problems (its data and the positions of
# its keys and values), as ``marshal`` writes it; a file with problems is always parsed anew,
# so every message comes from the parser itself.
PARSED = Store("yaml", b"plan-workflow parsed yaml 1\n", "parsed")


def parse_kept(raw: bytes) -> ParsedFile:
    """``yamlsafe.parse(raw)``, from the cache when it holds this text (about a third of the
    time of parsing a large plan's files), else parsed and kept there."""
    key = hashlib.sha256(_parser_key() + b"\0" + raw).hexdigest()
    kept = PARSED.read(key)
    if kept is not None:
        try:
            data, values, keys = marshal.loads(kept)
            return ParsedFile(data, values, keys)
        except (EOFError, ValueError, TypeError):  # verified, yet not this Python's: parsed again
            pass
    parsed = parse(raw)
    if not parsed.problems and not parsed.broken:
        try:
            kept = marshal.dumps(cast(Any, (parsed.data, parsed.values, parsed.keys)))
        except ValueError:  # a value marshal cannot write (never from the parser): not kept
            return parsed
        PARSED.write(key, kept)
    return parsed


@functools.lru_cache(maxsize=1)
def _parser_key() -> bytes:
    """What else decides a parse: the parser's code, PyYAML and libyaml, and the Python."""
    here = Path(__file__).parent
    versions = f"{sys.version}\0{yaml.__version__}\0{yaml_libyaml_version()}".encode()
    code = [here.joinpath(name).read_bytes() for name in ("yamlsafe.py", "../xmlchars.py")]
    return b"\0".join([versions, *code])


def read_mapping(
    parse_file: ParseFile, file: str, source_map: SourceMap, problems: list[Problem], default: object
) -> object:
    parsed = parse_file(file, required=False)
    if parsed is None:
        return default
    source_map.add((), file, parsed)
    if parsed.data is None and not parsed.problems:
        return default
    return parsed.data


def validate(
    model: type[M], data: object, source_map: SourceMap, problems: list[Problem], skip: Collection[KeyPath] = ()
) -> M | None:
    """The validated model, or None with its problems added. Errors under ``skip`` (parts
    already reported as unreadable) are left out."""
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        for error in errors:
            loc = tuple(error["loc"])
            if any(loc[: len(prefix)] == prefix for prefix in skip):
                continue
            # pydantic adds "too short" for a list whose only item failed: noise.
            if error["type"] == "too_short" and any(
                len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == loc for e in errors
            ):
                continue
            problems.append(problem_from(model, error, source_map))
        return None


def check_process(process: Process, locate: Locate) -> list[Problem]:
    problems: list[Problem] = []
    for key, bodies in (
        ("organer", process.bodies),
        ("planprogram", process.programme),
        ("handlingsplan", process.action_plan),
    ):
        if bodies:
            problems.extend(_check_bodies(key, bodies, locate))
    return problems


def _check_bodies(key: str, bodies: tuple[Body, ...], locate: Locate) -> list[Problem]:
    """One list of bodies in plan/prosess.yaml: each step once (a body that treats the plan
    twice says which treatment with ``behandling``), and a deciding body last."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, body in enumerate(bodies):
        if body.id in seen:
            hint = (
                ""
                if body.treatment_no
                else "; behandler organet planen flere ganger, gi hver behandling et nummer med «behandling: 1», «behandling: 2»"
            )
            problems.append(locate((key, i, "id"), f"organet «{body.id}» står to ganger{hint}"))
        if body.id == NEW_ROUND:
            problems.append(locate((key, i, "id"), f"«{NEW_ROUND}» er reservert for nye runder (plan revise)"))
        seen.add(body.id)
    last = len(bodies) - 1
    if bodies[last].role != "vedtar":
        problems.append(locate((key, last, "rolle"), "det siste organet må ha rollen «vedtar»"))
    return problems
