from __future__ import annotations

import shlex
from pathlib import Path

import click


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kommune", "municipality", required=True, help="Kommunens navn, f.eks. Tolga.")
@click.option("--nummer", "number", required=True, help="Kommunenummer, fire sifre, f.eks. 3426.")
@click.option("--fra", "start", type=int, default=2025, show_default=True, help="Planperiodens første år.")
@click.option("--til", "end", type=int, default=2030, show_default=True, help="Planperiodens siste år (4–8 år etter).")
def command(directory: Path, municipality: str, number: str, start: int, end: int) -> None:
    """Lag et nytt plandepot i MAPPE: git-depot, en liten gyldig plan, standardmalene,
    prosessen (prosjektgruppe → formannskap → høring → kommunestyre) og en README.

    \b
    Eksempel:
      plan init tolga-naeringsplan --kommune Tolga --nummer 3426 --fra 2025 --til 2030
      cd tolga-naeringsplan && plan check
    """
    from workflow.errors import WorkflowError
    from workflow.app.scaffold import write_new_repository

    from workflow.plan.yamlsafe import XML_INVALID

    if not municipality.strip():
        raise click.BadParameter("kommunenavnet kan ikke være tomt", param_hint="--kommune")
    if XML_INVALID.search(municipality):
        raise click.BadParameter("kommunenavnet har et tegn som ikke kan stå i et Word-dokument", param_hint="--kommune")
    if not (len(number) == 4 and number.isascii() and number.isdigit()):
        raise click.BadParameter("kommunenummeret skal være fire sifre", param_hint="--nummer")
    for year, hint in ((start, "--fra"), (end, "--til")):
        if not 1900 <= year <= 2200:
            raise click.BadParameter(f"året {year} må ligge mellom 1900 og 2200", param_hint=hint)
    if not 4 <= end - start <= 8:
        raise click.BadParameter(f"perioden {start}–{end} må vare 4 til 8 år", param_hint="--til")
    import git

    written = write_new_repository(directory, municipality, number, start, end)
    try:
        git.Repo.init(directory)
    except git.GitError as exc:  # pragma: no cover - git missing or unwritable folder
        raise WorkflowError(f"git init feilet i {directory}: sjekk at git er installert og at mappen kan skrives") from None
    here = directory.resolve() == Path.cwd().resolve()
    click.echo(f"Laget {len(written)} filer i {'denne mappen' if here else directory}. Neste steg:")
    click.echo(("  " if here else f"  cd {shlex.quote(str(directory))} && ") + "plan check && git add -A && git commit -m 'Ny plan'")
