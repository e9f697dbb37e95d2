from __future__ import annotations

from pathlib import Path

import click

from workflow.cli.common import plan_root, read_input_bytes, rev_option
from workflow.errors import StageError


@click.group("forslag")
def command() -> None:
    """Forslag i møtet (endringsforslag) som endrer planen etter id-ene.

    Et forslag er en YAML-fil med tekst (slik det ble lest opp), fremmet_av og eventuelt
    endringer: sett et felt, legg til et punkt under et satsingsområde, fjern eller flytt et
    punkt. Etter møtet føres resultat og stemmer inn, og «plan advance ORGAN --forslag-fil
    møte.yaml» skriver den endrede planen selv, lagrer den i git og lager taggen.

    \b
    Eksempler:
      plan forslag vis forslag/F1.yaml forslag/F2.yaml forslag/F3.yaml --rev prosjektgruppe/2020-04-20
      plan forslag vis forslag/F1.yaml --docx F1.docx
    """


@command.command("vis")
@click.argument("files", nargs=-1, required=True, metavar="FIL...", type=click.Path(dir_okay=False))
@rev_option
@click.option("--docx", "docx", metavar="FIL", help="Skriv forslagene som sporede endringer i plandokumentet (Word).")
@click.pass_context
def show(ctx: click.Context, files: tuple[str, ...], rev: str | None, docx: str | None) -> None:
    """Vis hva hvert forslag endrer i planen, med de samme setningene som «plan diff».

    Forslagene sammenlignes med revisjonen som ble sendt ut (standard HEAD; --rev for en
    annen). Forslag som endrer det samme feltet er alternativer og settes opp mot hverandre
    i voteringen. Et forslag med et mål som ikke finnes (lenger), gir status 1.

    \b
    Eksempler:
      plan forslag vis forslag/F1.yaml forslag/F2.yaml forslag/F3.yaml --rev prosjektgruppe/2020-04-20
      plan forslag vis forslag/formannskap-2020-05-12.yaml --rev prosjektgruppe/2020-04-20
      plan forslag vis forslag/F1.yaml --docx F1.docx
    """
    from workflow.app.amendments import (  # lazy: plan --help loads no library
        heading,
        proposal_effects,
        read_proposals_file,
        write_redline,
    )

    root = plan_root(ctx)
    proposals = tuple(p for f in files for p in read_proposals_file(Path(f), read_input_bytes(Path(f))))
    shown = proposal_effects(root, proposals, rev)
    for effect in shown.effects:
        click.echo(f"{heading(effect.proposal, effect.number)}: {effect.proposal.text.strip()}")
        if effect.problem:
            click.echo(f"  Kan ikke brukes: {effect.problem}")
        elif effect.text is None:
            click.echo("  Forslaget endrer ikke planfilene (det har ingen «endringer»).")
        else:
            click.echo("\n".join("  " + line if line else "" for line in effect.text.rstrip("\n").split("\n")))
        click.echo("")
    for i, j, shared in shown.overlaps:
        a, b = proposals[i], proposals[j]
        click.echo(
            f"Forslag {a.id or i + 1} og {b.id or j + 1} endrer det samme ({', '.join(shared)}) "
            "og settes opp mot hverandre."
        )
    if docx:
        write_redline(root, proposals, Path(docx), rev)
        click.echo(f"Skrev {docx}")
    if shown.unusable:
        raise StageError("minst ett forslag kan ikke brukes på planen som ble sendt ut")
