from __future__ import annotations

from pathlib import Path

import click


@click.command("demo")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), metavar="MAPPE")
def command(directory: Path) -> None:
    """Lag et demodepot i MAPPE som spiller av behandlingen av Os-planen i 2020 og oppfølgingen.

    Commitene og taggene får de virkelige datoene: samling 1 (6. februar), samling 2
    (uke 12), prosjektgruppens utkast, formannskapet med en endring (PS 12/20),
    offentlig høring med frist, og kommunestyrets vedtak i juni (PS 30/20). Så
    oppfølgingen med tenkte tall: statusrapporter i 2021 og 2022, handlingsplanen for 2022
    rullert og behandlet med budsjettet i november og desember 2021, og årsrapporten for
    2021. Til slutt bygges dokumentene i MAPPE/output.

    \b
    Eksempel:
      plan demo /tmp/os-demo && cd /tmp/os-demo && plan log && plan verify
    """
    from workflow.app.demo import replay  # lazy: plan --help loads no library

    outdir = replay(directory, echo=click.echo)
    click.echo(f"Ferdig. Dokumentene ligger i {outdir}. Prøv:")
    click.echo(f"  cd {directory} && plan log && plan status && plan verify")
