"""Options and helpers shared by the commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

if TYPE_CHECKING:
    from workflow.app.approval import Step
    from workflow.plan.source import Source


class UsageProblem(click.UsageError):
    """A usage mistake explained in Norwegian only (exit 2), prefixed with the command."""

    def show(self, file: IO | None = None) -> None:  # noqa: D102
        command = self.ctx.command_path if self.ctx else "plan"
        click.echo(f"{command}: {self.format_message()}", err=True)


rev_option = click.option(
    "--rev",
    metavar="REV",
    default=None,
    help="Les planen fra en revisjon i git (tag, gren, commit) i stedet for arbeidskopien.",
)


def plan_root(ctx: click.Context) -> Path:
    """The plan repository the command works in (``-C DIR`` or the current folder, or above)."""
    from workflow.plan.source import find_root

    return find_root(Path(ctx.find_root().obj or "."), in_git=bool(ctx.params.get("rev")))


@contextmanager
def open_source(root: Path, rev: str | None) -> Iterator[Source]:
    """The working tree, or the files of ``rev`` read from git objects; git is closed after."""
    if rev is None:
        from workflow.plan.source import WorkTree

        yield WorkTree(root)
        return
    from workflow.process.git import GitSource, open_repo

    repo = open_repo(root)
    try:
        yield GitSource(repo, rev, root)
    finally:
        repo.close()


def show_dry_run(step: Step) -> None:
    """What ``plan advance``/``plan revise`` would write, exactly, without writing it."""
    click.echo(f"Ville laget taggen: {step.tag}")
    click.echo(f"på commit: {step.commit}")
    click.echo("med meldingen:")
    click.echo(step.message, nl=False)


def incomplete_history(repo) -> str | None:
    """The sentence ``plan log``/``status``/``verify`` show in a shallow clone, else None."""
    from workflow.process.git import SHALLOW_FIX, is_shallow

    if not is_shallow(repo):
        return None
    return (
        "Historikken er ufullstendig: git-depotet er en grunn klone (shallow clone), så eldre "
        f"commiter og behandlinger kan mangle. For å se alt: {SHALLOW_FIX}."
    )


def colour_wanted(stream) -> bool:
    """Colour only on a terminal, and never with ``NO_COLOR`` set (https://no-color.org) or
    ``TERM=dumb``."""
    import os

    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def read_input_bytes(path: Path) -> bytes:
    """A regular file, read with the size limit (a FIFO or /dev/zero is refused, not waited on)."""
    from workflow.errors import StageError, WorkflowError
    from workflow.files import read_regular

    try:
        data = read_regular(path, limit=1_000_000)
    except WorkflowError as exc:
        raise StageError(exc.message) from None
    if data is None:
        raise StageError(f"kunne ikke lese {path}: filen finnes ikke")
    return data


def read_input_text(path: Path) -> str:
    """A UTF-8 text file given on the command line (``--vedtak-fil`` …), read as ``read_input_bytes``."""
    from workflow.errors import StageError

    try:
        return read_input_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StageError(f"{path} er ikke gyldig UTF-8") from None
