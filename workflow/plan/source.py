"""Where plan files are read from: the working tree, or a git revision (see ``git.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from workflow.errors import WorkflowError
from workflow.files import read_regular

PLAN_DIR = "plan"
TEMPLATES_DIR = "templates"
WORKING_TREE = "working tree"


class Source(Protocol):
    """Read-only access to the files of one revision of a plan repository."""

    revision: str  # a full commit id, or WORKING_TREE
    commit: str | None  # the full commit id; None for the working tree

    @property
    def commit_date(self) -> dt.datetime | None:
        """The commit's committer date (timezone-aware); None for the working tree."""

    def read(self, path: str) -> bytes | None:
        """The bytes of a repository-relative POSIX path, or None when it does not exist."""

    def list(self, directory: str) -> list[str]:
        """Repository-relative paths of all files under ``directory``, sorted."""


class WorkTree:
    """The files as they are on disk now."""

    revision = WORKING_TREE
    commit: str | None = None
    commit_date: dt.datetime | None = None

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, path: str) -> bytes | None:
        return read_regular(self.root / path, inside=self.root, shown=path)

    def list(self, directory: str) -> list[str]:
        base = self.root / directory
        if not base.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in base.rglob("*") if p.is_file())


def find_root(start: Path, *, in_git: bool = False) -> Path:
    """The nearest folder at or above ``start`` that holds ``plan/plan.yaml``. With ``in_git``
    (the plan is read from a revision), the top of the git working tree will do when the
    working tree has no plan, e.g. after plan.yaml was deleted there."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PLAN_DIR / "plan.yaml").is_file():
            return folder
    if in_git:
        for folder in (start, *start.parents):
            if (folder / ".git").exists():
                return folder
    raise WorkflowError(
        f"fant ingen plan: verken {start} eller mappene over har {PLAN_DIR}/plan.yaml "
        "(lag en ny med «plan init MAPPE», eller bruk -C MAPPE)"
    )
