from __future__ import annotations

import click

from workflow.commands.common import load, rev_option


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
    from workflow.errors import WorkflowError

    project, warnings, _ = load(ctx, rev)
    for warning in warnings:
        click.echo(str(warning), err=True)
    extra = check_templates(ctx, project)
    for problem in extra:
        click.echo(str(problem), err=True)
    errors = [p for p in extra if not p.warning]
    if errors or (strict and warnings):
        raise WorkflowError(f"{len(errors) + (len(warnings) if strict else 0)} problem funnet.")
    plan = project.plan
    n_measures = sum(len(a.measures) for a in plan.focus_areas)
    click.echo(
        f"OK: {plan.title} {plan.period.start}–{plan.period.end}: "
        f"{len(plan.focus_areas)} satsingsområder, {n_measures} tiltak"
        + (f", {len(warnings)} advarsler" if warnings else "")
    )


def check_templates(ctx: click.Context, project) -> list:
    """Problems in the templates (missing, syntax, unknown names), each naming the template."""
    from workflow.build import template_problems
    from workflow.commands.common import open_source, plan_root

    root = plan_root(ctx)
    rev = ctx.params.get("rev")
    return template_problems(project, root, open_source(root, rev) if rev else None)
