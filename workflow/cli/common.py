"""Options and helpers shared by the commands."""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from workflow.errors import StageError, WorkflowError
from workflow.files import explain, read_regular
from workflow.plan.source import find_root

if TYPE_CHECKING:
    from workflow.app.step import Step
    from workflow.plan.model import Proposal


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
# The options of every command that writes a tag (plan advance, plan handlingsplan advance,
# plan revise).
dry_run_tag_option = click.option(
    "--dry-run", is_flag=True, help="Vis taggen som ville blitt skrevet, uten å skrive den."
)
confirm_date_option = click.option(
    "--bekreft-dato",
    "confirm_date",
    is_flag=True,
    help="Bekreft en dato mer enn et år fram eller 20 år tilbake i tid (en tag kan ikke flyttes etterpå).",
)


def plan_root(ctx: click.Context) -> Path:
    """The plan repository the command works in (``-C DIR`` or the current folder, or above)."""
    return find_root(Path(ctx.find_root().obj or "."), in_git=bool(ctx.params.get("rev")))


def show_dry_run(step: Step) -> None:
    """What ``plan advance``/``plan revise`` would write, exactly, without writing it."""
    click.echo(f"Ville laget taggen: {step.tag}")
    click.echo(f"på commit: {step.commit}")
    click.echo("med meldingen:")
    click.echo(step.message, nl=False)


def colour_wanted(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never with ``NO_COLOR`` set (https://no-color.org) or
    ``TERM=dumb``."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


INPUT_LIMIT = 1_000_000  # bytes: a decision text, an innstilling or a list of proposals
STDIN = "-"  # the file name that means standard input
_SHELL_PIPE = re.compile(r"^/(?:dev|proc/self)/fd/[0-9]{1,4}$")  # bash's <(…): /dev/fd/63


def _read_stream(handle: IO[bytes], shown: str) -> bytes:
    """All of ``handle`` (standard input, or the pipe of a process substitution), with the size limit."""
    try:
        data = handle.read(INPUT_LIMIT + 1)
    except OSError as exc:
        raise StageError(f"kunne ikke lese {shown}: {explain(exc)}") from None
    if len(data) > INPUT_LIMIT:
        raise StageError(f"{shown} er større enn {INPUT_LIMIT // 1_000_000} MB; så store filer leses ikke")
    return data


def read_input_bytes(path: Path) -> bytes:
    """A regular file, read with the size limit (a FIFO or /dev/zero is refused, not waited on).
    ``-`` is standard input, and a shell's process substitution (``<(printf …)``, /dev/fd/N) is
    read as the pipe it is: both are streams the user handed over, never a FIFO in the tree."""
    if str(path) == STDIN:
        return _read_stream(sys.stdin.buffer, "standard input")
    if _SHELL_PIPE.match(str(path)):
        try:
            with open(path, "rb") as handle:
                return _read_stream(handle, str(path))
        except OSError as exc:
            raise StageError(f"kunne ikke lese {path}: {explain(exc)}") from None
    try:
        data = read_regular(path, limit=INPUT_LIMIT)
    except WorkflowError as exc:
        raise StageError(exc.message) from None
    if data is None:
        raise StageError(f"kunne ikke lese {path}: filen finnes ikke")
    return data


def read_input_text(path: Path) -> str:
    """A UTF-8 text file given on the command line (``--vedtak-fil`` …), read as ``read_input_bytes``."""
    try:
        return read_input_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StageError(f"{path} er ikke gyldig UTF-8") from None


def read_case_files(
    decision_file: Path | None, recommendation_file: Path | None, proposals_file: Path | None
) -> tuple[str | None, str | None, tuple[Proposal, ...]]:
    """The decision, the innstilling and the proposals given as files to ``plan advance`` and
    ``plan handlingsplan advance`` (``--vedtak-fil``, ``--innstilling-fil``, ``--forslag-fil``)."""
    from workflow.app.amendments import read_proposals_file  # lazy: plan --help loads no library

    decision = read_input_text(decision_file) if decision_file else None
    recommendation = read_input_text(recommendation_file) if recommendation_file else None
    proposals = read_proposals_file(proposals_file, read_input_bytes(proposals_file)) if proposals_file else ()
    return decision, recommendation, proposals


def show_step(step: Step, dry_run: bool) -> None:
    """The tag ``plan advance`` wrote and the sha256 of each document it records (``dry_run``:
    the tag it would write, exactly)."""
    if dry_run:
        show_dry_run(step)
        return
    if step.treatment is None:  # pragma: no cover - a meeting's tag always has a treatment
        raise StageError("intern feil: ingen behandling")
    click.echo(f"Laget taggen {step.tag} på {step.commit[:10]}: {step.message.splitlines()[0]}")
    for name, digest in step.treatment.documents.items():
        click.echo(f"  {name}  sha256 {digest}")


# --- click callbacks shared by several commands -------------------------------------------------


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """click callback: YYYY-MM-DD → date, with a Norwegian message (exit 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageProblem(f"{param.opts[0]}: «{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD", ctx) from None


def _number(ctx: click.Context, param: click.Parameter, value: object, whole: bool) -> Decimal:
    """A number typed on the command line, read by the plan's own rule (``plan/numbers.py``):
    «2,5», «35 000»; «35.000» refused as ambiguous, never read as 35."""
    from pydantic_core import PydanticCustomError  # lazy: only a command given a number loads it

    from workflow.plan.numbers import read_decimal, read_whole  # lazy: with it

    try:
        return Decimal(read_whole(value)) if whole else read_decimal(value)
    except PydanticCustomError as exc:
        raise UsageProblem(f"{param.opts[0]}: {exc.message()}", ctx) from None


def decimal_number(ctx: click.Context, param: click.Parameter, value: object) -> float | None:
    """click callback: a measured value such as «2,5», «35 000» or «-1,5» (exit 2 when not one)."""
    return None if value is None else float(_number(ctx, param, value, whole=False))


def whole_number(
    low: int, high: int | None, what: str, unit: str = ""
) -> Callable[[click.Context, click.Parameter, object], int | None]:
    """A click callback for a whole number from ``low`` to ``high`` (``None``: no upper
    bound), such as «45 000»; ``what`` names it in the message (exit 2 when not one). A
    ``unit`` after the number may be written or left out: «60 %» and «60» are the same."""

    def read(ctx: click.Context, param: click.Parameter, value: object) -> int | None:
        if value is None:
            return None
        written = value
        if unit and isinstance(value, str) and value.rstrip().endswith(unit):
            written = value.rstrip().removesuffix(unit)
        number = int(_number(ctx, param, written, whole=True))
        if number < low or (high is not None and number > high):
            bounds = f"fra {low} til {high}" if high is not None else f"{low} eller mer"
            raise UsageProblem(f"{param.opts[0]}: {what} er {bounds}, fikk «{value}»", ctx)
        return number

    return read


def year_number(ctx: click.Context, param: click.Parameter, value: object) -> int | None:
    """click callback: a year written in digits, such as 2022 (exit 2 when not); whether it is
    one the command can use (in the plan period…) is the command's own check, with its reason."""
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        name = param.opts[0] if param.opts[0].startswith("-") else (param.metavar or param.name or "ÅR")
        raise UsageProblem(f"{name}: «{str(value)[:40]}» er ikke et årstall (skriv det med sifre, f.eks. 2022)", ctx)
    return int(text)


def input_file(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """click callback: a file that exists and is not a folder (Norwegian messages, exit 2);
    ``-`` is standard input (for one option of the command)."""
    if value is None:
        return None
    if value == STDIN:  # standard input: only one option can read it
        taken = ctx.meta.setdefault("plan.stdin", param.opts[0])
        if taken != param.opts[0]:
            raise UsageProblem(f"{param.opts[0]}: standard input («-») er allerede brukt av {taken}", ctx)
        return Path(STDIN)
    path = Path(value)
    if path.is_dir():
        raise UsageProblem(f"{param.opts[0]}: {path} er en mappe, ikke en fil", ctx)
    if not path.exists():
        raise UsageProblem(f"{param.opts[0]}: filen {path} finnes ikke", ctx)
    return path


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while plans are loaded and documents rendered (``plan
    diff``, ``plan build``): its passes over that many long-lived objects find next to nothing
    to free (the peak memory is the same) and cost about a tenth of a 1,000-measure redline
    and a fifth of a 1,000-measure build; likewise its last pass when the process ends,
    skipped by freezing what is left (``atexit``: when the command runs inside another
    program, only at that program's end)."""
    collecting = gc.isenabled()
    gc.disable()
    atexit.register(gc.freeze)
    try:
        yield
    finally:
        if collecting:
            gc.enable()
