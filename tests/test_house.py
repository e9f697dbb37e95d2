"""The house rules of issue 9 that no linter checks for us, read from the source tree: short
functions, no private name imported across modules, GitPython only in the git module. (Which
libraries each command loads is checked in tests/test_startup.py.)"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def test_gitpython_is_used_by_the_git_module_alone():
    users = sorted(
        {name for name, tree in trees() for node in ast.walk(tree) if "git" in imported(node)}
        - {"workflow/process/git.py"}
    )
    assert users == []


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
        if any(name.startswith("test_") for name in imported(node))
    ]
    assert not found, "\n".join(found)
