"""The ``plan`` command. Commands live in ``workflow/cli/``, one module each, and are imported only when
run, so ``plan --help`` stays instant. Errors become messages and exit codes here only:
0 ok, 1 a problem was found, 2 usage error.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from typing import Any

import click

from workflow import __version__
from workflow.cli import texts as clitext
from workflow.errors import WorkflowError
from workflow.files import explain
from workflow.text.terminal import printable

clitext.install()

# name → (module under workflow.commands, one-line help shown by `plan --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "Kontroller planfilene under plan/ og malene."),
    "schema": ("schema", "Skriv JSON Schema for planfilene (for redigeringsprogrammet)."),
    "init": ("init", "Lag et nytt plandepot for en kommune."),
    "build": ("build", "Lag plandokumentet og saksframlegget (Word, og PDF/A med --pdf)."),
    "advance": ("advance", "Registrer at et organ har behandlet planen (tag i git)."),
    "revise": ("revise", "Start en ny behandlingsrunde for en vedtatt plan."),
    "status": ("status", "Vis hvor i prosessen planen står og hva som er endret siden."),
    "log": ("log", "Vis behandlingene av planen (fra taggene i git)."),
    "changelog": ("changelog", "Skriv CHANGELOG.md i plandepotet fra behandlingene."),
    "verify": ("verify", "Bygg dokumentene fra en behandlingstag på nytt og sammenlign."),
    "arkiv": ("arkiv", "Lag arkivpakker (Fiks Arkiv-arkivmelding) med dokumentene som PDF/A."),
    "demo": ("demo", "Lag et demodepot som spiller av Os-planens behandling i 2020."),
    "diff": ("diff", "Vis hva som er endret i planen mellom to revisjoner (tekst, JSON, Word)."),
    "data": ("data", "Hent statistikk fra SSB til plan/statistikk/ (plan data hent)."),
    "innspill": ("innspill", "Importer innspill (CSV, XLSX) til innspillsregisteret under plan/innspill/."),
    "site": ("site", "Lag planen som et statisk nettsted med historikken fra git."),
    "serve": ("serve", "Forhåndsvis nettstedet lokalt; siden oppdateres når du lagrer."),
    "rapporter": ("rapporter", "Registrer status for et tiltak eller en måling for en ambisjon."),
    "handlingsplan": ("handlingsplan", "Den årlige handlingsplanen: rull, bygg og behandle den med budsjettet."),
    "forslag": ("forslag", "Vis hva forslag i møtet endrer i planen (som plan diff, og i Word)."),
}


def _in_norwegian(command: click.Command) -> None:
    """«[VALG]» and «KOMMANDO [ARGUMENTER]...» in the usage line of a command and of each of
    its subcommands."""
    command.options_metavar = "[VALG]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "KOMMANDO [ARGUMENTER]..."
        for sub in command.commands.values():
            _in_norwegian(sub)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        command = importlib.import_module(f"workflow.cli.{COMMANDS[name][0]}").command
        _in_norwegian(command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a ``WorkflowError`` becomes its message on stderr and its exit
        status, without a traceback (the one place errors become exit codes)."""
        try:
            result = super().invoke(ctx)
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk behind stdout is told here, not at exit
            return result
        except WorkflowError as exc:
            # the message may quote a file or a server: printed without terminal escapes
            click.echo(printable(exc.format_message(), lines=True), err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # the reader left (``plan log | head -1``): stop quietly
            _quiet_stdout()
            ctx.exit(1)
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRNOS:
                raise
            _quiet_stdout()
            click.echo(f"feil: kunne ikke skrive til standard ut: {explain(exc)}", err=True)
            ctx.exit(1)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_, help_) in COMMANDS.items()]
        with formatter.section("Kommandoer"):
            formatter.write_dl(rows)


_OUTPUT_ERRNOS = frozenset((errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EPIPE, errno.EBADF))


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit cannot fail again and
    print a traceback of its own."""
    if sys.stdout is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


@click.group(
    "plan",
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[VALG]",
    subcommand_metavar="KOMMANDO [ARGUMENTER]...",
)
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, exists=True),
    default=".",
    help="Kjør som om plan startet i MAPPE (standard: gjeldende mappe).",
)
@click.version_option(__version__, prog_name="plan")
@click.pass_context
def main(ctx: click.Context, directory: str) -> None:
    """Strategiske planer som YAML: kontroller, lag dokumenter, behandle i git.

    Planen ligger som YAML-filer under plan/. Eksempel:

    \b
      plan check            kontroller planen
      plan build            lag plandokument og saksframlegg i output/
      plan diff             hva er endret siden forrige behandling
    """
    ctx.obj = _enter(ctx, directory)


def _enter(ctx: click.Context, directory: str) -> str:
    """``-C DIR``: work in DIR, so every relative path on the command line (``-o``,
    ``--vedtak-fil``, …) is read from there, as with ``git -C``; the previous folder is
    restored when the command ends (the tests run many commands in one process)."""
    if directory in (".", ""):
        return os.getcwd()
    previous = os.getcwd()
    try:
        os.chdir(directory)
    except OSError as exc:
        raise click.UsageError(f"-C: kan ikke gå til mappen {directory}: {explain(exc)}") from None
    ctx.call_on_close(lambda: os.chdir(previous))
    return os.getcwd()
