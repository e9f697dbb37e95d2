from __future__ import annotations

import shlex
from pathlib import Path

import click

from workflow.cli.common import year_number
from workflow.process.git import IDENTITY_FIX


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), metavar="MAPPE")
@click.option("--kommune", "municipality", metavar="NAVN", required=True, help="Kommunens navn, f.eks. Tolga.")
@click.option("--nummer", "number", metavar="NUMMER", required=True, help="Kommunenummer, fire sifre, f.eks. 3426.")
@click.option(
    "--fra", "start", callback=year_number, metavar="ÅR", help="Planperiodens første år (standard: neste år)."
)
@click.option(
    "--til",
    "end",
    callback=year_number,
    metavar="ÅR",
    help="Planperiodens siste år (standard: fire år i alt, én valgperiode).",
)
@click.option(
    "--målform",
    "--malform",
    "language",
    type=click.Choice(["bokmål", "nynorsk"]),
    default="bokmål",
    show_default=True,
    help="Skriftspråket i dokumentene og malene.",
)
def command(directory: Path, municipality: str, number: str, start: int | None, end: int | None, language: str) -> None:
    """Lag et nytt plandepot i MAPPE: git-depot, en liten gyldig plan, standardmalene,
    prosessen (prosjektgruppe → formannskap → høring → kommunestyre) og en README.

    \b
    Eksempel:
      plan init tolga-naeringsplan --kommune Tolga --nummer 3426 --fra 2025 --til 2030
      cd tolga-naeringsplan && plan check
      plan init vinje-naeringsplan --kommune Vinje --nummer 4036 --målform nynorsk
    """
    from workflow.app.scaffold import InvalidArgument, init_repository  # lazy: plan --help loads no library

    try:
        created = init_repository(directory, municipality, number, start, end, language)
    except InvalidArgument as exc:
        raise click.BadParameter(exc.message, param_hint=exc.option) from None
    here = directory.resolve() == Path.cwd().resolve()
    click.echo(f"Laget {len(created.written)} filer i {'denne mappen' if here else directory}. Neste steg:")
    click.echo(
        ("  " if here else f"  cd {shlex.quote(str(directory))} && ")
        + "plan check && git add -A && git commit -m 'Ny plan'"
    )
    if created.identity_missing:  # before the first commit: how to give git a name
        click.echo("git vet ikke hvem du er ennå; sett navn og e-post én gang før første commit:")
        for line in IDENTITY_FIX.splitlines():
            click.echo(f"  {line}")
