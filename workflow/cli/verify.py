from __future__ import annotations

import click

from workflow.cli.common import plan_root
from workflow.errors import WorkflowError


@click.command("verify")
@click.argument("tag", required=False, metavar="[TAG]")
@click.pass_context
def command(ctx: click.Context, tag: str | None) -> None:
    """Bygg dokumentene på nytt fra revisjonen en behandlingstag peker på, og sammenlign
    med sha256 som ble registrert i taggen. Uten TAG: alle behandlingstaggene.

    Alt leses fra git (planfiler og maler ved den revisjonen), ikke fra arbeidskopien.
    Har møtet vedtatt forslag med endringer, kontrolleres også at planen i taggen er den
    utsendte planen med nøyaktig de vedtatte forslagene; en endring for hånd navngis.
    Avslutter med status 1 og navnet på filen når noe er annerledes.

    \b
    Eksempler:
      plan verify
      plan verify formannskap/2020-05-12
      plan verify handlingsplan-2022/formannskap/2021-11-18
    """
    from workflow.app.verify import verify  # lazy: plan --help loads no library

    checked = failed = 0
    for check in verify(plan_root(ctx), tag):
        checked += 1
        if check.mismatches:
            failed += 1
            for m in check.mismatches:
                click.echo(f"AVVIK {m.tag}: {m.file}: {m.problem}")
        else:
            n = check.documents
            click.echo(f"OK {check.tag.name}: {n} dokument{'er' if n != 1 else ''} som registrert")
    if not checked:
        click.echo("Ingen behandlingstagger å kontrollere.")
    elif failed:
        raise WorkflowError(
            f"{failed} av {checked} tagger har avvik. Dokumentene bygges ikke lenger likt fra "
            "revisjonen: sjekk om verktøyet er oppdatert siden taggen ble laget."
        )
