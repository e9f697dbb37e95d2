from __future__ import annotations

import shlex
from pathlib import Path

import click


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kommune", "municipality", required=True, help="Kommunens navn, f.eks. Tolga.")
@click.option("--nummer", "number", required=True, help="Kommunenummer, fire sifre, f.eks. 3426.")
@click.option("--fra", "start", type=int, default=None, help="Planperiodens første år (standard: neste år).")
@click.option(
    "--til", "end", type=int, default=None, help="Planperiodens siste år (standard: fire år i alt, én valgperiode)."
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
    from workflow.app.scaffold import write_new_repository
    from workflow.process.git import create_repository

    from workflow.xmlchars import XML_INVALID

    import datetime as dt

    from workflow.plan.checks import MAX_YEARS, MIN_YEARS

    if start is None:
        start = dt.date.today().year + 1  # a plan that starts next year, not one already running
    if end is None:
        end = start + 3
    if not municipality.strip():
        raise click.BadParameter("kommunenavnet kan ikke være tomt", param_hint="--kommune")
    if XML_INVALID.search(municipality):
        raise click.BadParameter(
            "kommunenavnet har et tegn som ikke kan stå i et Word-dokument", param_hint="--kommune"
        )
    if not (len(number) == 4 and number.isascii() and number.isdigit()):
        raise click.BadParameter("kommunenummeret skal være fire sifre", param_hint="--nummer")
    for year, hint in ((start, "--fra"), (end, "--til")):
        if not 1900 <= year <= 2200:
            raise click.BadParameter(f"året {year} må ligge mellom 1900 og 2200", param_hint=hint)
    if not MIN_YEARS <= end - start + 1 <= MAX_YEARS:
        raise click.BadParameter(
            f"perioden {start}–{end} må vare {MIN_YEARS} til {MAX_YEARS} år (begge år regnet med)", param_hint="--til"
        )
    written = write_new_repository(directory, municipality, number, start, end, language)
    create_repository(directory)
    here = directory.resolve() == Path.cwd().resolve()
    click.echo(f"Laget {len(written)} filer i {'denne mappen' if here else directory}. Neste steg:")
    click.echo(
        ("  " if here else f"  cd {shlex.quote(str(directory))} && ")
        + "plan check && git add -A && git commit -m 'Ny plan'"
    )
    _identity_advice(directory)


def _identity_advice(directory: Path) -> None:
    """Before the first commit: tell how to give git a name, in Norwegian, when it has none."""
    from workflow.errors import GitError
    from workflow.process.git import IDENTITY_FIX, identity_missing, open_repo

    try:
        repo = open_repo(directory)
    except GitError:  # pragma: no cover - just created
        return
    try:
        if identity_missing(repo):
            click.echo("git vet ikke hvem du er ennå; sett navn og e-post én gang før første commit:")
            for line in IDENTITY_FIX.splitlines():
                click.echo(f"  {line}")
    finally:
        repo.close()
