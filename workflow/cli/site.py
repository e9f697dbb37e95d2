from __future__ import annotations

from pathlib import Path

import click

from workflow.cli.common import rev_option


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
    from workflow.app.website import gather
    from workflow.cli.common import plan_root
    from workflow.site.build import build_site
    from workflow.site.write import write_site

    root = plan_root(ctx)
    if pdf:
        from workflow.documents.pdf import find_soffice

        find_soffice()
    history, current = gather(root, rev, pdf=pdf)
    if rev is None:
        _warn_uncommitted(root)
    files = build_site(history, current)
    target = outdir if outdir is not None else root / "output" / "site"
    write_site(files, target)
    pages = sum(p.endswith(".html") for p in files)
    click.echo(f"Skrev nettstedet til {target}: {pages} sider, {len(history.versions)} versjoner, {len(files)} filer.")


def _warn_uncommitted(root: Path) -> None:
    """The site is built from git: say so when the working tree has changes it leaves out."""
    from workflow.app.revision import repository
    from workflow.process.git import dirty_paths

    with repository(root) as repo:
        dirty = dirty_paths(repo, root)
    if dirty:
        click.echo(
            f"Merk: nettstedet er laget fra siste commit; {'1 endret fil' if len(dirty) == 1 else f'{len(dirty)} endrede filer'} "
            "under plan/ eller templates/ "
            "er ikke med (lagre dem med «git commit», eller se dem med «plan serve»).",
            err=True,
        )
