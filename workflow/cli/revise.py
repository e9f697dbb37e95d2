from __future__ import annotations

import click

from workflow.cli.advance import iso_date


@click.command("revise")
@click.option("--date", "date", required=True, callback=iso_date, metavar="ÅÅÅÅ-MM-DD", help="Når den nye runden starter.")
@click.option("--begrunnelse", "reason", metavar="TEKST", help="Hvorfor planen revideres.")
@click.option("--dry-run", is_flag=True, help="Vis taggen som ville blitt skrevet, uten å skrive den.")
@click.pass_context
def command(ctx, date, reason, dry_run) -> None:
    """Start en ny behandlingsrunde for en vedtatt plan (taggen revisjon/DATO).

    Etter et vedtak nekter «plan advance» å registrere flere behandlinger til en ny
    runde er startet. Runden går gjennom organene i plan/prosess.yaml fra begynnelsen.

    \b
    Eksempel:
      plan revise --date 2021-03-01 --begrunnelse "Årlig rullering av tiltaksplanen"
    """
    from workflow.app.approval import prepare_round, repository, write_step
    from workflow.cli.common import plan_root, show_dry_run

    root = plan_root(ctx)
    with repository(root) as repo:
        step = prepare_round(root, repo, date, reason)
        if dry_run:
            show_dry_run(step)
            return
        write_step(repo, step)
    click.echo(f"Laget taggen {step.tag} på {step.commit[:10]}: ny behandlingsrunde")
