from __future__ import annotations

import click

from workflow.cli.common import rev_option


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
    from workflow.documents.build import template_problems
    from workflow.participation.case import case_part
    from workflow.cli.common import open_source, plan_root
    from workflow.errors import WorkflowError
    from workflow.plan.load import load_project

    from workflow.documents.budget import RenderBudget

    root = plan_root(ctx)
    with open_source(root, rev) as source, RenderBudget.shared():  # one time budget for all templates
        project, warnings = load_project(source)
        extra = template_problems(project, root, source if rev else None, part=case_part)
        from workflow.app.participation import participation_problems

        extra += participation_problems(project, root, source, rev)  # attachments, outcomes, hearing
        from workflow.archive.config import config_problems

        extra += config_problems(source)  # plan/arkiv.yaml, when there is one
    from workflow.text.terminal import printable  # a problem may quote a file's control characters

    for warning in warnings:
        click.echo(printable(str(warning), lines=True), err=True)
    for problem in extra:
        click.echo(printable(str(problem), lines=True), err=True)
    errors = [p for p in extra if not p.warning]
    warnings = [*warnings, *(p for p in extra if p.warning)]
    if errors or (strict and warnings):
        raise WorkflowError(_count(len(errors) + (len(warnings) if strict else 0), "problem", "problemer") + " funnet.")
    from workflow.text.words import level_names

    plan = project.plan
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
