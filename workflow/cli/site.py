from __future__ import annotations

from pathlib import Path

import click

from workflow.cli.common import plan_root, rev_option


@click.command("site")
@rev_option
@click.option("--pdf", "pdf", is_flag=True, help="Legg også ved dokumentene som PDF/A (LibreOffice).")
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Mappen nettstedet skrives til (standard: output/site/ i plandepotet).",
)
@click.pass_context
def command(ctx: click.Context, rev: str | None, pdf: bool, outdir: Path | None) -> None:
    """Lag planen som et statisk nettsted fra git.

    Nettstedet har den gjeldende planen (én side per satsingsområde, hvert punkt med en
    fast lenke som #T2.3), en tidslinje over behandlingene med vedtak, forslag og
    voteringer, dokumentene fra hver behandling (bygget fra taggen), hver versjon av planen
    og endringene mellom behandlingene, og en tilgjengelighetserklæring. Sidene virker uten
    JavaScript og kan legges på hvilken som helst webserver. Samme revisjon gir de samme
    filene, byte for byte (PDF-ene med --pdf unntatt: LibreOffice stempler dem med tiden).
    Mappen byttes ut i ett steg; en mappe som ikke er et nettsted fra plan, røres ikke.

    \b
    Eksempler:
      plan site -o site/
      plan site --rev kommunestyre/2020-06-18 -o /tmp/vedtatt
      plan site --pdf
    """
    from workflow.app.website import write_website  # lazy: plan --help loads no library

    site = write_website(plan_root(ctx), rev, outdir=outdir, pdf=pdf, echo=lambda line: click.echo(line, err=True))
    if site.uncommitted:  # the site is built from git: say so when it leaves changes out
        changed = "1 endret fil" if site.uncommitted == 1 else f"{site.uncommitted} endrede filer"
        click.echo(
            f"Merk: nettstedet er laget fra siste commit; {changed} under plan/ eller templates/ "
            "er ikke med (lagre dem med «git commit», eller se dem med «plan serve»).",
            err=True,
        )
    click.echo(
        f"Skrev nettstedet til {site.target}: {site.pages} sider, {site.versions} versjoner, {len(site.files)} filer."
    )
