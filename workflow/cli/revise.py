from __future__ import annotations

import datetime as dt

import click

from workflow.cli.common import confirm_date_option, dry_run_tag_option, iso_date, plan_root, show_dry_run


@click.command("revise")
@click.option(
    "--date", "date", required=True, callback=iso_date, metavar="ÅÅÅÅ-MM-DD", help="Når den nye runden starter."
)
@click.option("--begrunnelse", "reason", metavar="TEKST", help="Hvorfor planen revideres.")
@dry_run_tag_option
@confirm_date_option
@click.pass_context
def command(ctx: click.Context, date: dt.date, reason: str | None, dry_run: bool, confirm_date: bool = False) -> None:
    """Start en ny behandlingsrunde for en vedtatt plan (taggen revisjon/DATO).

    Etter et vedtak nekter «plan advance» å registrere flere behandlinger til en ny
    runde er startet. Runden går gjennom organene i plan/prosess.yaml fra begynnelsen.

    \b
    Eksempel:
      plan revise --date 2021-03-01 --begrunnelse "Årlig rullering av tiltaksplanen"
    """
    from workflow.app.tagging import revise  # lazy: plan --help loads no library

    step = revise(plan_root(ctx), date, reason, dry_run=dry_run, confirm_date=confirm_date)
    if dry_run:
        show_dry_run(step)
        return
    click.echo(f"Laget taggen {step.tag} på {step.commit[:10]}: ny behandlingsrunde")
