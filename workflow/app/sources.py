"""Where a command reads the plan: the working tree, or a revision's files read from git
objects (git is closed afterwards)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.plan.source import Source, WorkTree
from workflow.process.git import GitSource, open_repo

if TYPE_CHECKING:
    from workflow.process.git import Repository


@contextmanager
def open_source(root: Path, rev: str | None) -> Iterator[Source]:
    """The working tree (``rev`` None), or the files of ``rev`` read from git objects; git is
    closed after."""
    if rev is None:
        yield WorkTree(root)
        return

    repo = open_repo(root)
    try:
        yield GitSource(repo, rev, root)
    finally:
        repo.close()


def source_for(repo: Repository, root: Path, rev: str | None) -> Source:
    """The working tree (``rev`` None), or the files of ``rev`` in the open ``repo``."""
    return WorkTree(root) if rev is None else GitSource(repo, rev, root)
