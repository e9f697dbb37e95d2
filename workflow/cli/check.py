from __future__ import annotations

import click

from workflow.cli.common import plan_root, rev_option
from workflow.errors import WorkflowError
from workflow.text.terminal import printable
from workflow.text.words import level_names


@click.command("check")
@rev_option
@click.option("--strict", is_flag=True, help="Behandle advarsler som feil.")
@click.pass_context
def command(ctx: click.Context, rev: str | None, strict: bool) -> None:
    """Kontroller planfilene under plan/.

    Alle problemer skrives ut på formen fil:linje:kolonne: melding. Advarsler (et mål
    uten strategi, en strategi uten tiltak, en ambisjon uten kilde) stopper ikke planen,
    unntatt med --strict. Avslutter med status 1 når noe er galt.

    \b
    Eksempel:
      plan check
      plan check --strict
      plan check --rev formannskap/2020-05-12
    """
    from workflow.app.check import check  # lazy: plan --help loads no library

    found = check(plan_root(ctx), rev)
    for problem in [*found.warnings, *found.problems]:
        click.echo(printable(str(problem), lines=True), err=True)
    warnings = found.all_warnings
    if failed := found.failed(strict):
        raise WorkflowError(_count(failed, "problem", "problemer") + " funnet.")
    plan = found.project.plan
    n_measures = sum(len(a.measures) for a in plan.focus_areas)
    levels = level_names("bokmål", plan.level_names)  # the plan's own names for its levels
    area, measure = levels["satsingsområde"], levels["tiltak"]
    click.echo(
        f"OK: {plan.title} {plan.period.start}–{plan.period.end}: "
        f"{_count(len(plan.focus_areas), area['singular_lower'], area['plural_lower'])}, "
        f"{_count(n_measures, measure['singular_lower'], measure['plural_lower'])}"
        + (", " + _count(len(warnings), "advarsel", "advarsler") if warnings else "")
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
