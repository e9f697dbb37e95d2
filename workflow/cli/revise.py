from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workflow.cli.common import confirm_date_option, dry_run_tag_option, iso_date

if TYPE_CHECKING:
    import datetime as dt


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
    import datetime as dt

    from workflow.app.approval import check_far_dates, check_round_trip, prepare_round, stage_guard, write_step
    from workflow.app.revision import repository
    from workflow.cli.common import plan_root, show_dry_run

    root = plan_root(ctx)
    check_far_dates({"datoen": date}, dt.date.today(), confirm_date)
    with repository(root) as repo, stage_guard(repo):
        step = prepare_round(root, repo, date, reason)
        check_round_trip(step, reason if reason is None else reason.strip("\n").rstrip())
        if dry_run:
            show_dry_run(step)
            return
        write_step(repo, step)
    click.echo(f"Laget taggen {step.tag} på {step.commit[:10]}: ny behandlingsrunde")
