from __future__ import annotations

import click

from workflow.cli.common import plan_root, rev_option


@click.command("changelog")
@rev_option
@click.pass_context
def command(ctx: click.Context, rev: str | None) -> None:
    """Skriv CHANGELOG.md i plandepotet fra behandlingstaggene (nyeste først).

    Filen lages på nytt hver gang. En CHANGELOG.md som ikke er laget av dette
    verktøyet (uten merkelinjen) blir aldri skrevet over.

    \b
    Eksempel:
      plan changelog && git add CHANGELOG.md
    """
    from workflow.app.history import write_changelog  # lazy: plan --help loads no library

    done = write_changelog(plan_root(ctx), rev)
    if not done.written:
        click.echo(f"{done.path.name} er allerede oppdatert ({done.treatments} behandlinger).")
        return
    click.echo(f"Skrev {done.path.name} med {done.treatments} behandlinger.")
