"""Plan files → one validated ``Project``, with every problem located as file:line:col.

Layout under ``plan/``:

* ``plan.yaml``: the plan. Each entry of ``satsingsområder`` is either a focus area written
  in place, or the path (relative to ``plan/``) of a file that holds one focus area;
* ``sak.yaml`` (optional): the case metadata for the saksframlegg;
* ``prosess.yaml`` (optional): the bodies of the political process, in order.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import typing
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from workflow.plan import checks
from workflow.plan.checks import Locate
from workflow.errors import PlanError, Problem
from workflow.plan.model import DEFAULT_PROCESS, FOCUS_KEY, Ambition, Case, FocusArea, Plan, Process, Project
from workflow.plan.followup import (
    FOLLOWUP_DIRS,
    ActionPlan,
    FollowUp,
    IndicatorValue,
    StatusEntry,
    action_plan_problems,
    entry_problems,
    find_ambition,
    find_measure,
    unknown_id,
    value_years,
)
from workflow.plan.processfile import PROCESS_FILE, check_process, file_reader, read_mapping, validate
from workflow.plan.source import PLAN_DIR, Source
from workflow.plan.sourcemap import PLAN_FILE, ParseFile, SourceMap, problem_from
from workflow.plan.statistics import SITUATION_FILE, Snapshot, check_ambitions, load_snapshots
from workflow.plan.yamlsafe import Path

from workflow.plan.participation import (
    SUBMISSIONS_DIR,
    WORKSHOPS_FILE,
    Gathering,
    Submission,
    Workshops,
    check_participation,
)

if TYPE_CHECKING:
    from workflow.plan.situation import Situation

CASE_FILE = f"{PLAN_DIR}/sak.yaml"
ARCHIVE_FILE = f"{PLAN_DIR}/arkiv.yaml"  # the kommune's archive settings for plan arkiv (archive/config.py)
_M = TypeVar("_M", bound=BaseModel)
_ACTION_FILE = re.compile(r"^plan/handlingsplan/(\d{4})\.ya?ml$")
_FOLLOWUP_FILE = re.compile(r"^plan/oppfolging/([^/]+)\.ya?ml$")


def load_project(source: Source) -> tuple[Project, list[Problem]]:
    """Read and validate everything under ``plan/``. Returns the project and its warnings.

    Raises PlanError carrying every error found (and the warnings found so far).
    """
    read: dict[str, bytes] = {}
    problems: list[Problem] = []
    parse_file = file_reader(source, read, problems)

    plan_map = SourceMap()
    plan_data, unreadable = _read_plan(parse_file, plan_map, problems)
    plan = validate(Plan, plan_data, plan_map, problems, skip=[*unreadable, *plan_map.broken])

    case_map, process_map = SourceMap(), SourceMap()
    case_data = read_mapping(parse_file, CASE_FILE, case_map, problems, {})
    case = validate(Case, case_data, case_map, problems, skip=case_map.broken)
    process_data = read_mapping(parse_file, PROCESS_FILE, process_map, problems, DEFAULT_PROCESS)
    process = validate(Process, process_data, process_map, problems, skip=process_map.broken)

    # Statistics snapshots and the situation analysis (workflow/plan/statistics.py, situation.py).
    snapshots, found, snapshot_bytes = load_snapshots(source)
    problems.extend(found)
    read.update(snapshot_bytes)
    situation = _read_situation(parse_file, snapshots, problems)

    workshops, submissions = read_participation(source, parse_file, problems, plan)
    if plan is not None:
        problems.extend(check_ambitions(plan, snapshots, plan_map.problem))
        problems.extend(checks.check_plan(plan, plan_map.problem))
        problems.extend(_unused_files(source, read))
    elif isinstance(plan_data, dict):
        problems.extend(_partial_checks(plan_data, plan_map))
    if process is not None:
        problems.extend(check_process(process, process_map.problem))
        if plan is not None:
            problems.extend(checks.check_joint_process(plan, process, process_map.problem))
    problems.extend(_keys_in_text(plan_map) + _keys_in_text(case_map))

    followup = load_followup(source, parse_file, plan, problems)

    errors = [p for p in problems if not p.warning]
    if errors or plan is None or case is None or process is None:
        raise PlanError(problems)
    project = Project(
        plan=plan,
        case=case,
        process=process,
        revision=source.revision,
        digest=_digest(read),
        statistics=snapshots,
        situation=situation,
        workshops=workshops,
        submissions=submissions,
        followup=followup,
    )
    return project, problems


def _read_situation(
    parse_file: ParseFile, snapshots: tuple[Snapshot, ...], problems: list[Problem]
) -> Situation | None:
    """The situation analysis (plan/staastedsanalyse.yaml), validated and checked against the
    snapshots; None when the plan has none or it is not valid."""
    situation_map = SourceMap()
    situation_data = read_mapping(parse_file, SITUATION_FILE, situation_map, problems, None)
    if situation_data is None:
        return None
    from workflow.plan.situation import Situation, check_situation  # lazy: its models, about 5 ms, only with the file

    situation = validate(Situation, situation_data, situation_map, problems, skip=situation_map.broken)
    if situation is not None:
        problems.extend(check_situation(situation, snapshots, situation_map.problem))
    return situation


def _digest(read: dict[str, bytes]) -> str:
    """sha256 over the plan files as read, with their names and sizes.

    The digest identifies the plan and its case: status entries and action plans (follow-up
    after adoption) do not change the strategy, so a site or status comparing it with the
    adopted version still sees the adopted plan.
    """
    digest = hashlib.sha256()
    for name in sorted(n for n in read if not n.startswith(tuple(d + "/" for d in FOLLOWUP_DIRS))):
        digest.update(f"{name}\0{len(read[name])}\0".encode())
        digest.update(read[name])
    return digest.hexdigest()


_KEY_LINE = re.compile(r"^[ \t]*([a-zæøå_]+):(?:[ \t]|$)", re.MULTILINE)
# A folded block (``>``) joins the lines with spaces: «Næringsforum. ansvar: Rådmannen».
_KEY_FOLDED = re.compile(r"(?<=[.!?] )([a-zæøå_]+):(?:[ \t]|$)")


@functools.lru_cache(maxsize=1)
def _model_keys() -> frozenset[str]:
    keys: set[str] = set()
    for model in (Plan, Case, Process):
        stack: list[type[BaseModel]] = [model]
        seen: set = set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for name, info in current.model_fields.items():
                keys.add(info.alias or name)
                for tp in _types_in(info.annotation):
                    if isinstance(tp, type) and issubclass(tp, BaseModel):
                        stack.append(tp)
    return frozenset(keys)


def _types_in(tp: object) -> list[object]:
    args = typing.get_args(tp)
    return [tp] if not args else [t for a in args for t in _types_in(a)]


def _keys_in_text(source_map: SourceMap) -> list[Problem]:
    """A line that looks like a field (``ansvar: Rådmannen``) inside a text block: most often
    a wrong indentation that YAML silently made part of the text."""
    keys = _model_keys()
    found = []
    for _prefix, file, parsed in source_map.texts:
        stack: list[tuple[tuple, object]] = [((), parsed.data)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, dict):
                stack.extend((path + (k,), v) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend((path + (i,), v) for i, v in enumerate(value))
            elif isinstance(value, str) and ("\n" in value or ": " in value):
                lines = "\n" in value.rstrip("\n")
                matches = [*_KEY_LINE.finditer(value)] if lines else [*_KEY_FOLDED.finditer(value)]
                for match in matches:
                    if match.group(1) not in keys:
                        continue
                    line, col = parsed.values.get(path, (1, 1))
                    # a block scalar starts on the line after its indicator; a folded one is one line here
                    offset = value.count("\n", 0, match.start()) + 1 if lines else 0
                    found.append(
                        Problem(
                            file,
                            line + offset,
                            1 if offset else col,
                            f"linjen «{match.group(0).strip()} …» står inne i teksten; "
                            f"er «{match.group(1)}» ment som et eget felt? Sjekk innrykket",
                            warning=True,
                        )
                    )
    return found


def _partial_checks(data: dict, source_map: SourceMap) -> list[Problem]:
    """The errors across items (ids, references, years, period) in the parts of a plan that
    did validate, so one run reports them together with the structural errors elsewhere."""
    listed = data.get(FOCUS_KEY)
    areas = listed if isinstance(listed, list) else []
    if not all(isinstance(area, dict) for area in areas):
        return []  # a part could not be read at all: its ids are unknown, references unsure
    try:
        head = Plan.model_validate({**data, FOCUS_KEY: []})
    except ValidationError:
        return []
    valid, index, elsewhere = [], [], set()
    for i, raw in enumerate(areas):
        try:
            valid.append(FocusArea.model_validate(raw))
            index.append(i)
        except ValidationError:
            elsewhere.update(_ids_in(raw))

    def locate(path: Path, message: str, **kwargs: bool) -> Problem:
        if len(path) > 1 and path[0] == FOCUS_KEY and isinstance(path[1], int):
            path = (FOCUS_KEY, index[path[1]], *path[2:])
        return source_map.problem(path, message, **kwargs)

    partial = head.model_copy(update={"focus_areas": tuple(valid)})
    return [p for p in checks.check_plan(partial, locate, frozenset(elsewhere)) if not p.warning]


def _ids_in(raw: object) -> set[str]:
    """Every ``id`` value anywhere in raw data."""
    if isinstance(raw, dict):
        found = {raw["id"]} if isinstance(raw.get("id"), str) else set()
        return found.union(*(_ids_in(v) for v in raw.values()))
    if isinstance(raw, list):
        return set().union(*(_ids_in(v) for v in raw))
    return set()


def _read_plan(
    parse_file: ParseFile, source_map: SourceMap, problems: list[Problem]
) -> tuple[dict[str, Any] | None, list[Path]]:
    """The combined plan data with included files in place, and the paths of unreadable parts.

    Files with problems are still used as far as they go, so one run reports everything.
    """
    parsed = parse_file(PLAN_FILE, required=True)
    if parsed is None:
        return None, []
    source_map.add((), PLAN_FILE, parsed)
    data = parsed.data
    if data is None and parsed.problems:
        return None, []
    if data is None:
        problems.append(
            Problem(PLAN_FILE, 1, 1, "filen er tom; den skal inneholde planen (kommune, tittel, periode, …)")
        )
        return None, []
    if not isinstance(data, dict):
        problems.append(
            Problem(PLAN_FILE, 1, 1, "filen må inneholde felter (nøkkel: verdi), ikke en liste eller tekst")
        )
        return None, []
    areas = data.get(FOCUS_KEY)
    if not isinstance(areas, list):
        return data, []
    resolved = []
    unreadable: list[Path] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(areas):
        if not isinstance(entry, str):
            resolved.append(entry)
            continue
        path = (FOCUS_KEY, i)
        file = _include_path(entry)
        if file is None:
            problems.append(source_map.problem(path, f"«{entry}» må være en .yaml-fil under {PLAN_DIR}/"))
        elif file in seen:
            problems.append(source_map.problem(path, f"filen {file} er tatt med to ganger"))
        else:
            seen[file] = i
            included = parse_file(file, required=False)
            if included is None:
                problems.append(source_map.problem(path, f"fant ikke filen {file}"))
            else:
                source_map.add(path, file, included)
                if included.data is not None:
                    resolved.append(included.data)
                    continue
                if not included.problems:
                    problems.append(
                        Problem(file, 1, 1, "filen er tom; den skal inneholde ett satsingsområde (id, navn, mål, …)")
                    )
        resolved.append(None)
        unreadable.append(path)
    return {**data, FOCUS_KEY: resolved}, unreadable


def _include_path(entry: str) -> str | None:
    if not entry.endswith((".yaml", ".yml")) or entry.startswith("/") or "\\" in entry:
        return None
    joined = posixpath.normpath(posixpath.join(PLAN_DIR, entry))
    if not joined.startswith(PLAN_DIR + "/"):
        return None
    return joined


def _unused_files(source: Source, read: dict[str, bytes]) -> list[Problem]:
    return [
        Problem(name, 1, 1, "filen er ikke en del av planen (ikke nevnt under satsingsområder)", warning=True)
        for name in source.list(PLAN_DIR)
        if name.endswith((".yaml", ".yml"))
        and name not in read
        and name not in (CASE_FILE, PROCESS_FILE, SITUATION_FILE, ARCHIVE_FILE)
        and not name.startswith(tuple(d + "/" for d in FOLLOWUP_DIRS))
    ]


# --- participation: plan/samlinger.yaml and plan/innspill/*.yaml (see plan/participation.py) ---


def read_participation(
    source: Source, parse_file: ParseFile, problems: list[Problem], plan: Plan | None
) -> tuple[tuple[Gathering, ...], tuple[Submission, ...]]:
    """The workshops and the submissions (sorted by id), validated and checked against the
    plan; their problems are added to ``problems``."""
    w_map = SourceMap()
    data = read_mapping(parse_file, WORKSHOPS_FILE, w_map, problems, {})
    found = validate(Workshops, data, w_map, problems, skip=w_map.broken)
    workshops = found.workshops if found is not None else ()
    checked: list[tuple[str, Submission, Locate]] = []
    for file in source.list(SUBMISSIONS_DIR):
        if not file.endswith((".yaml", ".yml")):
            continue
        s_map = SourceMap()
        parsed = parse_file(file, required=True)
        if parsed is None:
            continue
        s_map.add((), file, parsed)
        if parsed.data is None:
            if not parsed.problems:
                problems.append(
                    Problem(file, 1, 1, "filen er tom; den skal inneholde ett innspill (id, mottatt, kanal, …)")
                )
            continue
        submission = validate(Submission, parsed.data, s_map, problems, skip=s_map.broken)
        if submission is not None:
            checked.append((file, submission, s_map.problem))
    problems.extend(check_participation(plan, workshops, checked, w_map.problem))
    submissions = tuple(sorted((s for _, s, _ in checked), key=lambda s: (s.received, s.id)))
    return workshops, submissions


# --- follow-up: plan/oppfolging/ and plan/handlingsplan/ (see plan/followup.py) ------------------


def load_followup(source: Source, parse_file: ParseFile, plan: Plan | None, problems: list[Problem]) -> FollowUp:
    """Read ``plan/oppfolging/`` and ``plan/handlingsplan/`` from ``source``.

    ``parse_file(file, required)`` is the loader's reader (it records the bytes for the plan
    digest). Checks against the plan (ids, the entry rules) run only when the plan itself is valid.
    """
    status: dict[str, tuple[StatusEntry, ...]] = {}
    indicators: dict[str, tuple[IndicatorValue, ...]] = {}
    action_plans: dict[int, ActionPlan] = {}
    files = [f for d in FOLLOWUP_DIRS for f in source.list(d) if f.endswith((".yaml", ".yml"))]
    for file in files:
        parsed = parse_file(file, required=False)
        if parsed is None or parsed.problems:
            continue
        smap = SourceMap()
        smap.add((), file, parsed)
        action = _ACTION_FILE.match(file)
        item = _FOLLOWUP_FILE.match(file)
        if action:
            ap = _read_action_plan(file, int(action.group(1)), parsed.data, smap, plan, problems)
            if ap is not None:
                action_plans[ap.year] = ap
        elif item:
            item_id = item.group(1)
            data = parsed.data if parsed.data is not None else []
            if not isinstance(data, list):
                problems.append(Problem(file, 1, 1, "filen må være en liste (linjer som starter med «- »)"))
                continue
            if plan is None:
                continue
            if find_measure(plan, item_id, action_plans) is not None:
                entries = _read_status(item_id, data, plan, smap, problems)
                if entries is not None:
                    status[item_id] = entries
            elif (ambition := find_ambition(plan, item_id)) is not None:
                values = _read_values(ambition, data, plan, smap, problems)
                if values is not None:
                    indicators[item_id] = values
            else:
                problems.append(Problem(file, 1, 1, "filnavnet er " + unknown_id(plan, item_id)))
        else:
            problems.append(
                Problem(
                    file,
                    1,
                    1,
                    "ukjent fil: oppfølging ligger i oppfolging/TILTAK-ID.yaml og handlingsplan/ÅÅÅÅ.yaml",
                    warning=True,
                )
            )
    return FollowUp(status=status, indicators=indicators, action_plans=action_plans)


def _validated(model: type[_M], data: Any, loc: Path, smap: SourceMap, problems: list[Problem]) -> _M | None:
    """``data`` validated as ``model``, or None with its problems (located under ``loc``, an
    item of a list file) added; unlike ``_validate`` every error is kept."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            full = dict(error)
            full["loc"] = (*loc, *error["loc"])
            problems.append(problem_from(model, full, smap))
        return None


def _read_action_plan(
    file: str, year: int, data: Any, smap: SourceMap, plan: Plan | None, problems: list[Problem]
) -> ActionPlan | None:
    """The action plan of ``handlingsplan/ÅÅÅÅ.yaml`` (``year`` from the file name), or None
    when it is not valid; checked against the plan when there is one."""
    if not isinstance(data, dict):
        problems.append(Problem(file, 1, 1, "filen må inneholde en handlingsplan (år, tiltak, …)"))
        return None
    ap = _validated(ActionPlan, data, (), smap, problems)
    if ap is None:
        return None
    if ap.year != year:
        problems.append(smap.problem(("år",), f"året {ap.year} stemmer ikke med filnavnet {file}"))
        return None
    if plan is not None:
        problems.extend(action_plan_problems(plan, ap, smap.problem))
    return ap


def _read_status(
    item_id: str, data: list[Any], plan: Plan, smap: SourceMap, problems: list[Problem]
) -> tuple[StatusEntry, ...] | None:
    """A measure's status entries sorted by date (each checked against the ones before it), or
    None when one of them is not valid."""
    entries = [_validated(StatusEntry, raw, (i,), smap, problems) for i, raw in enumerate(data)]
    valid = [entry for entry in entries if entry is not None]
    if len(valid) != len(entries):
        return None
    ordered: list[StatusEntry] = []
    for i, entry in sorted(enumerate(valid), key=lambda pair: (pair[1].date, pair[0])):
        for field, message in entry_problems(plan, entry, tuple(ordered)):
            problems.append(smap.problem((i, field), f"tiltak {item_id}: {message}"))
        ordered.append(entry)
    return tuple(ordered)


def _read_values(
    ambition: Ambition, data: list[Any], plan: Plan, smap: SourceMap, problems: list[Problem]
) -> tuple[IndicatorValue, ...] | None:
    """An ambition's measured values sorted by year, or None when one of them is not valid."""
    found = [_validated(IndicatorValue, raw, (i,), smap, problems) for i, raw in enumerate(data)]
    values = [value for value in found if value is not None]
    if len(values) != len(found):
        return None
    years = value_years(plan, ambition)
    first = years.start
    for i, value in enumerate(values):
        if value.year not in years:
            problems.append(
                smap.problem(
                    (i, "år"),
                    f"året {value.year} ligger utenfor {first}–{plan.period.end} (utgangsåret til slutten av planperioden)",
                )
            )
    return tuple(sorted(values, key=lambda v: v.year))
