"""Reading one file of ``plan/`` into one model: the reader, the mapping, the validation
with every problem located as file:line:col, used by the plan loader (``load.py``) for each of
its files; and the political process (``prosess.yaml``) alone, with its checks, for the commands
that need the bodies but not the plan (``plan log``), without building the plan's models.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from workflow.errors import PlanError, Problem
from workflow.plan.processmodel import DEFAULT_PROCESS, NEW_ROUND, Body, Process
from workflow.plan.source import PLAN_DIR, Source
from workflow.plan.sourcemap import ParseFile, SourceMap, problem_from
from workflow.plan.yamlsafe import ParsedFile, Path, parse

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
        parsed = parse(raw)
        problems.extend(Problem(file, line, col, msg) for (line, col), msg in parsed.problems)
        return parsed

    return parse_file


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
    model: type[M], data: object, source_map: SourceMap, problems: list[Problem], skip: Collection[Path] = ()
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
