"""Options and helpers shared by the commands."""

from __future__ import annotations

from pathlib import Path

import click

rev_option = click.option(
    "--rev",
    metavar="REV",
    default=None,
    help="Les planen fra en revisjon i git (tag, gren, commit) i stedet for arbeidskopien.",
)


def plan_root(ctx: click.Context) -> Path:
    from workflow.source import find_root

    return find_root(Path(ctx.find_root().obj or "."))


def open_source(root: Path, rev: str | None):
    """The working tree, or the files of ``rev`` read from git objects."""
    if rev is None:
        from workflow.source import WorkTree

        return WorkTree(root)
    from workflow.git import GitSource, open_repo

    return GitSource(open_repo(root), rev, root)


def load(ctx: click.Context, rev: str | None):
    """(project, warnings, root) for the plan the command should read."""
    from workflow.load import load_project

    root = plan_root(ctx)
    project, warnings = load_project(open_source(root, rev))
    return project, warnings, root
