from __future__ import annotations

from pathlib import Path

import click

from workflow.cli.common import UsageProblem, plan_root


@click.group("innspill", subcommand_metavar="KOMMANDO [ARGUMENTER]...")
def command() -> None:
    """Innspillsregisteret: importer innspill fra nettskjema (CSV eller XLSX).

    Hvert innspill er en fil under plan/innspill/ (f.eks. plan/innspill/2020-05-20-001.yaml)
    med mottaksdato, kanal, avsender, tekst og punktene i planen det gjelder. Saksbehandleren
    fyller inn vurdering, utfall og endrede punkter (merknadsbehandlingen).

    \b
    Eksempler:
      plan innspill importer nettskjema.xlsx --kanal nettskjema
      plan innspill importer svar.csv --kolonner "mottatt=Tidspunkt,avsender=Navn,tekst=Innspill"
    """


@command.command("importer")
@click.argument("file", metavar="FIL", type=click.Path(path_type=Path))
@click.option(
    "--kolonner",
    "columns",
    metavar="FELT=KOLONNE,…",
    help="Hvilken kolonne som har hvilket felt (mottatt, avsender, avsendertype, kanal, tekst, "
    "sammendrag, gjelder, kan_navngis, versjon, samling). En kolonne med feltets navn trenger ingen.",
)
@click.option(
    "--kanal",
    "channel",
    metavar="KANAL",
    help="Kanalen når filen ikke har en kolonne for den (f.eks. nettskjema, høring).",
)
@click.option(
    "--versjon", "version", metavar="TAG", help="Versjonen innspillene kommenterer, f.eks. horing/2020-05-14."
)
@click.option("--ark", "sheet", metavar="NAVN", help="Arket i en XLSX-fil (standard: det første).")
@click.option("--eksempel", "example", is_flag=True, help="Merk innspillene som illustrerende eksempler.")
@click.option("--dry-run", is_flag=True, help="Vis hva som ville blitt importert, uten å skrive noe.")
@click.pass_context
def importer(
    ctx: click.Context,
    file: Path,
    columns: str | None,
    channel: str | None,
    version: str | None,
    sheet: str | None,
    example: bool,
    dry_run: bool,
) -> None:
    """Importer innspill fra en CSV- eller XLSX-fil (eksport fra et nettskjema).

    CSV kan være skilt med semikolon, komma eller tabulator, i UTF-8 (med eller uten BOM)
    eller Windows-1252, slik norsk Excel lagrer den. Importen er idempotent: et innspill
    som alt er i registeret (samme dato, avsender og tekst) legges ikke inn på nytt. Rader
    som ikke kan leses, meldes med radnummer; de andre importeres. Status 1 når en rad
    ikke kunne leses.

    \b
    Eksempler:
      plan innspill importer nettskjema.xlsx --kanal nettskjema
      plan innspill importer svar.csv --kanal høring --versjon horing/2020-05-14 \\
          --kolonner "mottatt=Tidspunkt,avsender=Navn,avsendertype=Jeg svarer som,tekst=Innspill"
    """
    from workflow.app.submissions import import_submissions  # lazy: plan --help loads no library
    from workflow.plan.participation import CHANNELS  # lazy: as above

    if file.is_dir():
        raise UsageProblem(f"{file} er en mappe, ikke en fil", ctx)
    if not file.exists():
        raise UsageProblem(f"filen {file} finnes ikke", ctx)
    if channel is not None and channel not in CHANNELS:
        raise UsageProblem(f"--kanal: «{channel}» er ukjent (bruk {', '.join(CHANNELS)})", ctx)
    done = import_submissions(
        plan_root(ctx),
        file,
        columns=columns,
        channel=channel,
        version=version,
        sheet=sheet,
        example=example,
        dry_run=dry_run,
    )
    result = done.result
    for number, why in result.bad:
        click.echo(f"{file}:{number}: feil: raden ble ikke importert: {why}", err=True)
    for name in done.files:
        click.echo(f"{'Ville skrevet' if dry_run else 'Skrev'} {name}")
    known = f", {result.known} fantes fra før" if result.known else ""
    bad = f", {len(result.bad)} rader med feil" if result.bad else ""
    click.echo(f"{len(result.new)} nye innspill{known}{bad}.")
    if result.bad:
        ctx.exit(1)
