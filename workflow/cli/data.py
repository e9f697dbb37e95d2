from __future__ import annotations

import click

from workflow.cli.common import UsageProblem, decimal_number, plan_root
from workflow.text.terminal import printable


@click.group("data")
def command() -> None:
    """Statistikk i planen: øyeblikksbilder av SSB-tabeller under plan/statistikk/.

    \b
    Eksempler:
      plan data hent
      plan data hent befolkning --tidsavbrudd 10
    """


def _timeout(ctx: click.Context, param: click.Parameter, value: object) -> float:
    from workflow.evidence.ssb import check_timeout  # lazy: plan --help loads no library

    value = decimal_number(ctx, param, value)  # «2,5» as the help writes it
    assert value is not None  # the option has a default
    problem = check_timeout(value)
    if problem:
        raise UsageProblem(f"{param.opts[0]}: {problem}", ctx)
    return value


def _base(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from workflow.evidence.ssb import check_base  # lazy: plan --help loads no library

    problem = None if value is None else check_base(value)
    if problem:
        raise click.BadParameter(problem)
    return value


@command.command("hent")
@click.argument("navn", nargs=-1)
@click.option(
    "--tidsavbrudd",
    "timeout",
    type=str,  # read by the plan's number rule («2,5»), not Python's
    metavar="SEKUNDER",
    default="30",
    show_default=True,
    callback=_timeout,
    help="Sekunder en tabell får ta i alt (tilkobling og hele svaret), fra 0,1 til 3600.",
)
@click.option(
    "--url",
    "base",
    metavar="URL",
    default=None,
    callback=_base,
    help="PxWebApi v2-adressen (standard: SSBs, https://data.ssb.no/api/pxwebapi/v2).",
)
@click.pass_context
def fetch(ctx: click.Context, navn: tuple[str, ...], timeout: float, base: str | None) -> None:
    """Hent eller oppdater øyeblikksbildene fra SSBs PxWebApi v2.

    Hver fil under plan/statistikk/ har tabellen og spørringen; svaret (JSON-stat2) lagres
    som det er. En fil skrives bare når tallene er endret, og endringene vises. Uten nett
    feiler kommandoen med en melding, og øyeblikksbildene i planen virker som før.
    Husk å committe filene etterpå.

    \b
    Eksempler:
      plan data hent
      plan data hent befolkning sysselsatte
    """
    from workflow.app.statistics import (  # lazy: plan --help loads no library
        Outcome,
        UnknownStatistics,
        fetch_statistics,
    )

    def done(outcome: Outcome) -> None:
        if outcome.refreshed is None:
            click.echo(f"  feil: {printable(outcome.error or '')}", err=True)
        elif not outcome.refreshed.changed:
            click.echo(f"  uendret: {outcome.snapshot.file}")
        else:
            differences = outcome.refreshed.differences
            click.echo(f"  skrev {outcome.snapshot.file} ({len(differences)} endrede verdier)")
            _show_differences(differences)

    try:
        fetch_statistics(
            plan_root(ctx),
            navn,
            base=base,
            timeout=timeout,
            on_problem=lambda problem: click.echo(str(problem), err=True),
            on_start=lambda i, n, s: click.echo(f"[{i}/{n}] {s.name}: henter tabell {s.table} …", err=True),
            on_done=done,
        )
    except UnknownStatistics as exc:
        raise click.UsageError(exc.message) from None


def _show_differences(lines: list[str]) -> None:
    """The first 50 changed values (codes and values are the server's words: printable only)."""
    for line in lines[:50]:
        click.echo(f"    {printable(line)}")
    if len(lines) > 50:
        click.echo(f"    … og {len(lines) - 50} til")
