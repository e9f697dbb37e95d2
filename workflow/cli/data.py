from __future__ import annotations

import click


@click.group("data")
def command() -> None:
    """Statistikk i planen: øyeblikksbilder av SSB-tabeller under plan/statistikk/.

    \b
    Eksempler:
      plan data hent
      plan data hent befolkning --tidsavbrudd 10
    """


def _timeout(ctx: click.Context, param: click.Parameter, value: float) -> float:
    from workflow.evidence.ssb import check_timeout

    problem = check_timeout(value)
    if problem:
        raise click.BadParameter(problem)
    return value


def _base(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from workflow.evidence.ssb import check_base

    problem = None if value is None else check_base(value)
    if problem:
        raise click.BadParameter(problem)
    return value


@command.command("hent")
@click.argument("navn", nargs=-1)
@click.option(
    "--tidsavbrudd",
    "timeout",
    type=float,
    default=30.0,
    show_default=True,
    callback=_timeout,
    help="Sekunder en tabell får ta i alt (tilkobling og hele svaret), fra 0,1 til 3600.",
)
@click.option(
    "--url",
    "base",
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
    import datetime as dt

    from workflow.cli.common import plan_root
    from workflow.errors import WorkflowError
    from workflow.evidence.ssb import BASE_URL, FetchError, refresh
    from workflow.plan.source import WorkTree
    from workflow.plan.statistics import load_snapshots
    from workflow.text.terminal import printable

    root = plan_root(ctx)
    snapshots, problems, _ = load_snapshots(WorkTree(root))
    for problem in problems:
        click.echo(str(problem), err=True)
    if not snapshots and not problems:
        raise WorkflowError(
            "plan/statistikk/ har ingen øyeblikksbilder å hente (legg til en .json-fil med kilde, tabell og spørring)"
        )
    known = {s.name: s for s in snapshots}
    unknown = [n for n in navn if n not in known]
    if unknown:
        raise click.UsageError(
            f"ukjent statistikk: {', '.join(unknown)} (finnes: {', '.join(sorted(known)) or 'ingen'})"
        )
    chosen = [known[n] for n in navn] if navn else list(snapshots)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    failed = 0
    for i, snapshot in enumerate(chosen, start=1):
        click.echo(f"[{i}/{len(chosen)}] {snapshot.name}: henter tabell {snapshot.table} …", err=True)
        try:
            result = refresh(root, snapshot, base=base or BASE_URL, timeout=timeout, fetched_at=now)
        except FetchError as exc:
            failed += 1
            click.echo(f"  feil: {printable(exc.message)}", err=True)
            continue
        if not result.changed:
            click.echo(f"  uendret: {snapshot.file}")
            continue
        click.echo(f"  skrev {snapshot.file} ({len(result.differences)} endrede verdier)")
        _show_differences(result.differences)
    if failed or problems:
        raise WorkflowError(
            f"{failed} av {len(chosen)} tabeller kunne ikke hentes; de andre filene er uendret."
            if failed
            else "rett feilene over og prøv igjen"
        )


def _show_differences(lines: list[str]) -> None:
    """The first 50 changed values (codes and values are the server's words: printable only)."""
    from workflow.text.terminal import printable

    for line in lines[:50]:
        click.echo(f"    {printable(line)}")
    if len(lines) > 50:
        click.echo(f"    … og {len(lines) - 50} til")
