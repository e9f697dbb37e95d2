from __future__ import annotations

import click

from workflow.cli.common import rev_option


@click.command("log")
@rev_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True, help="Utformat.")
@click.pass_context
def command(ctx, rev, fmt) -> None:
    """Vis behandlingene av planen: én oppføring per behandlingstag, eldste først, med
    dato, organ, saksnummer, utfall, forslag, votering og vedtak.

    \b
    Eksempler:
      plan log
      plan log --format markdown > behandlinger.md
      plan log --format json --rev kommunestyre/2020-06-18
    """
    from workflow.app.approval import line_of, repository
    from workflow.cli.common import incomplete_history, plan_root
    from workflow.cli.status import process_for
    from workflow.process.git import head_commit
    from workflow.process.history import as_json, as_markdown, as_text
    from workflow.process.stages import state

    root = plan_root(ctx)
    with repository(root) as repo:
        tags = line_of(repo, rev or head_commit(repo))
        process = process_for(repo, root, rev)
        partial = incomplete_history(repo)
    if partial:
        click.echo(f"advarsel: {partial}", err=True)
        if fmt == "text":
            click.echo(partial + "\n")
    if process is not None:
        for warning in state(process, tags).warnings:
            click.echo(f"advarsel: {warning}", err=True)
    render = {"text": as_text, "markdown": as_markdown, "json": as_json}[fmt]
    click.echo(render(tags, process), nl=False)
