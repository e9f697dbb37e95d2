from __future__ import annotations

import json

import click

PARTS = {
    "plan": "plan/plan.yaml",
    "satsingsomrade": "en fil per satsingsområde",
    "sak": "plan/sak.yaml",
    "prosess": "plan/prosess.yaml",
    "samlinger": "plan/samlinger.yaml",
    "innspill": "en fil per innspill under plan/innspill/",
    "staastedsanalyse": "plan/staastedsanalyse.yaml",
    "forslag": "et forslag i møtet (plan forslag vis, plan advance --forslag-fil)",
}
PARTS.update(
    {
        "handlingsplan": "plan/handlingsplan/ÅÅÅÅ.yaml",
        "status": "plan/oppfolging/TILTAK.yaml",
        "malinger": "plan/oppfolging/AMBISJON.yaml",
        "arkiv": "plan/arkiv.yaml",
    }
)


@click.command("schema")
@click.argument("part", type=click.Choice(list(PARTS)), default="plan")
def command(part: str) -> None:
    """Skriv JSON Schema for en av planfilene.

    Lagre skjemaet og pek redigeringsprogrammet til det, så får prosjektgruppen
    forslag og kontroll mens de skriver. Øverst i plan/plan.yaml:

    \b
      # yaml-language-server: $schema=../schema/plan.json

    \b
    Eksempel:
      plan schema > schema/plan.json
      plan schema satsingsomrade > schema/satsingsomrade.json
      plan schema status > schema/status.json
    """
    from workflow.app.schema import schema  # lazy: plan --help loads no library

    click.echo(json.dumps(schema(part), ensure_ascii=False, indent=2, sort_keys=True))
