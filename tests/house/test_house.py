"""The house rules of issue 9 that no linter checks for us, read from the source tree: short
functions, no private name imported across modules, GitPython only in the git module. (Which
libraries each command loads is checked in tests/house/test_startup.py.)"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "workflow").rglob("*.py"), *(ROOT / "tools").glob("*.py")])
LONGEST = 60  # lines from «def» to the function's last line, decorators not counted


@cache  # parsed once for all the tests below
def trees() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(ROOT)), ast.parse(p.read_text(encoding="utf-8"))) for p in SOURCES]


def test_no_function_is_longer_than_sixty_lines():
    long = [
        f"{name}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for name, tree in trees()
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > LONGEST
    ]
    assert not long, "split these functions:\n" + "\n".join(long)


def test_no_private_name_is_imported_from_another_module():
    found = [
        f"{name}:{node.lineno} from {node.module} import {alias.name}"
        for name, tree in trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("workflow")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert not found, "\n".join(found)


def imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module.split(".")[0]]
    return []


def modules_named(node: ast.AST) -> list[str]:
    """The whole dotted names an import statement names (``tests.test_load``, not ``tests``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


def test_gitpython_is_used_by_the_git_module_alone():
    users = sorted(
        {name for name, tree in trees() for node in ast.walk(tree) if "git" in imported(node)}
        - {"workflow/process/git.py"}
    )
    assert users == []


# An import inside a function hides an import cycle or costs a reader a search; it stays only
# where it saves start-up time (a heavy library, or a module that pulls one in) and says so on
# its line: ``# lazy: <why>``. Every room is checked (issue 25).
LAZY_MARKED = ("workflow/",)


def test_every_import_inside_a_function_says_why_it_is_lazy():
    unmarked = []
    for name, tree in trees():
        if not name.startswith(LAZY_MARKED):
            continue
        lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and "# lazy: " not in lines[node.lineno - 1]:
                    unmarked.append(f"{name}:{node.lineno} {lines[node.lineno - 1].strip()}")
    assert not unmarked, (
        "move these imports to the module's top, or say on the line why they wait (# lazy: …):\n"
        + "\n".join(sorted(set(unmarked)))
    )


def test_no_command_module_imports_another():
    """What several commands share lives in cli/common.py (and cli/texts.py), not in a command."""
    shared = {"workflow.cli.common", "workflow.cli.texts"}
    found = [
        f"{name}:{node.lineno} {node.module}"
        for name, tree in trees()
        if name.startswith("workflow/cli/") and name != "workflow/cli/main.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("workflow.cli.")
        and node.module not in shared
    ]
    assert not found, "\n".join(found)


def test_no_test_file_imports_another():
    """What several test files share lives in conftest.py (fixtures) and support.py (helpers)."""
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if any(part.startswith("test_") for name in modules_named(node) for part in name.split("."))
    ]
    assert not found, "\n".join(found)


def test_the_tests_mirror_the_rooms():
    """Each test file is in the folder of the room it tests (``tests/plan/`` for ``workflow/plan/``),
    or in ``tests/cli/`` (the commands from outside) or ``tests/house/`` (the house's rules)."""
    rooms = {p.parent.name for p in (ROOT / "workflow").glob("*/__init__.py")} | {"cli", "house"}
    tests = sorted((ROOT / "tests").rglob("test_*.py"))
    misplaced = [
        str(p.relative_to(ROOT)) for p in tests if p.parent.parent != ROOT / "tests" or p.parent.name not in rooms
    ]
    misplaced = [m for m in misplaced if not m.startswith("tests/benchmarks/")]
    assert tests and not misplaced, "test files outside a room's folder:\n" + "\n".join(misplaced)


# Import cycles inside a room (issue 25): two modules of one sub-package of ``workflow`` that
# each import the other, directly or through other modules (function-level imports and
# ``TYPE_CHECKING`` imports count: they hide a cycle, they do not break it). The cycles left,
# each a group of modules that all reach each other, with the reason it is still there. The
# list only shrinks: a new cycle fails, and so does an allowed one that is gone (remove it).
ALLOWED_CYCLES: dict[frozenset[str], str] = {}


def cycles_inside_rooms() -> set[frozenset[str]]:
    """Every group of modules of one room that all import each other (a room: a sub-package of
    ``workflow``), from one import graph of the source tree."""
    import grimp

    graph = grimp.build_graph("workflow", cache_dir=None)
    rooms = sorted(m for m in graph.find_children("workflow") if graph.find_children(m))
    groups: set[frozenset[str]] = set()
    for room in rooms:
        modules = sorted(graph.find_descendants(room))
        reach = {a: {b for b in modules if b != a and graph.chain_exists(importer=a, imported=b)} for a in modules}
        for a in modules:
            group = {a} | {b for b in reach[a] if a in reach[b]}
            if len(group) > 1:
                groups.add(frozenset(group))
    return groups


def test_no_import_cycle_inside_a_room_but_the_allowed_ones():
    found = cycles_inside_rooms()
    new = ["{" + ", ".join(sorted(group)) + "}" for group in found - ALLOWED_CYCLES.keys()]
    gone = ["{" + ", ".join(sorted(group)) + "}" for group in ALLOWED_CYCLES.keys() - found]
    assert not new, "import cycles inside a room (move what both need into the lower module):\n" + "\n".join(new)
    assert not gone, "these cycles are broken: remove them from ALLOWED_CYCLES\n" + "\n".join(gone)
