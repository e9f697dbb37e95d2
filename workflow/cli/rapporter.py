from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workflow.cli.common import UsageProblem, decimal_number, iso_date, plan_root, whole_number, year_number
from workflow.text.norwegian import format_date, format_money

if TYPE_CHECKING:
    from workflow.plan.followup import StatusEntry

STATUSES = ("planlagt", "pågår", "fullført", "utgått")


@click.command("rapporter")
@click.argument("item_id", metavar="ID")
@click.option("--status", type=click.Choice(STATUSES), help="Tiltakets status.")
@click.option(
    "--andel",
    "share",
    callback=whole_number(0, 100, "andelen i prosent", unit="%"),
    metavar="PROSENT",
    help="Andel gjennomført i prosent (0–100); standard 100 for fullført, ellers 0.",
)
@click.option(
    "--brukt",
    "spent",
    callback=whole_number(0, None, "beløpet i kroner"),
    metavar="KRONER",
    default=None,
    help="Kroner brukt så langt i året for datoen (standard: som forrige rapport samme år, ellers 0).",
)
@click.option("--kommentar", "comment", metavar="TEKST", help="Kort kommentar (Markdown).")
@click.option("--av", "reporter", metavar="ROLLE", help="Hvem som rapporterer: en rolle, ikke et navn.")
@click.option("--dato", "date", callback=iso_date, metavar="ÅÅÅÅ-MM-DD", help="Datoen for rapporten (standard: i dag).")
@click.option(
    "--verdi",
    "value",
    callback=decimal_number,
    metavar="TALL",
    help="For en ambisjon: den målte verdien, f.eks. 158, «35 000» eller «2,5».",
)
@click.option("--år", "year", callback=year_number, metavar="ÅR", help="For en ambisjon: året verdien gjelder.")
@click.option("--kilde", "source", metavar="TEKST", help="For en ambisjon: kilden til verdien.")
@click.pass_context
def command(
    ctx: click.Context,
    item_id: str,
    status: str | None,
    share: int | None,
    spent: int | None,
    comment: str | None,
    reporter: str | None,
    date: dt.date | None,
    value: float | None,
    year: int | None,
    source: str | None,
) -> None:
    """Registrer status for et tiltak, eller en målt verdi for en ambisjon.

    En statusrapport legges til nederst i plan/oppfolging/ID.yaml (filen lages om den
    mangler); resten av filen røres ikke. Gjeldende status er den siste rapporten etter
    dato. --brukt er kroner brukt så langt i kalenderåret for datoen. Nektes (ingenting
    skrives) når tiltaket er ukjent, når et fullført tiltak ikke er 100 %, når det er
    brukt penger på et tiltak som ikke har startet, når datoen er utenfor planperioden
    eller etter i dag, eller når brukt beløp i et år går ned. Lagre filen i git etterpå.

    \b
    Eksempler:
      plan rapporter T1.2 --status pågår --andel 60 --brukt 45000 --kommentar "To kurs holdt" --dato 2021-10-01
      plan rapporter T2.3 --status fullført --brukt 280000 --av Næringskonsulenten
      plan rapporter A1.1 --verdi 158 --år 2021 --kilde "Landbruksdirektoratet" --dato 2022-01-20
    """
    from workflow.app.followup import record_status  # lazy: plan --help loads no library

    root = plan_root(ctx)
    if value is not None or year is not None:
        if value is None or year is None:
            raise UsageProblem("en måling trenger både --verdi og --år", ctx)
        if status is not None or share is not None or spent is not None or comment is not None:
            raise UsageProblem("--status, --andel, --brukt og --kommentar gjelder tiltak, ikke målinger", ctx)
        _record_value(root, item_id, value, year, source, date)
        return
    if status is None:
        raise UsageProblem(
            "oppgi --status (planlagt, pågår, fullført, utgått), eller --verdi og --år for en ambisjon", ctx
        )
    if source is not None:
        raise UsageProblem("--kilde gjelder målinger (--verdi og --år)", ctx)
    day, today = date or dt.date.today(), dt.date.today()
    path, recorded, later = record_status(
        root,
        item_id,
        date=day,
        status=status,
        share=share,
        spent=spent,
        comment=comment,
        reporter=reporter,
        today=today,
    )
    _recorded(item_id, recorded, later, path.relative_to(root))


def _record_value(root: Path, item_id: str, value: float, year: int, source: str | None, date: dt.date | None) -> None:
    from workflow.app.followup import record_value  # lazy: plan --help loads no library

    path, point = record_value(root, item_id, year=year, value=value, source=source, date=date, today=dt.date.today())
    click.echo(f"La til målingen {point.value:g} for {point.year} i {path.relative_to(root)}")


def _recorded(item_id: str, entry: StatusEntry, later: dt.date | None, rel: Path) -> None:
    """What was recorded, in Norwegian; where it went when the file had later entries."""
    click.echo(
        f"La til status for {item_id} {format_date(entry.date)}: {entry.status}, {entry.share} %, brukt {format_money(entry.spent)} i {entry.date.year} ({rel})"
    )
    if later is not None:
        click.echo(
            f"Merk: rapporten er datert før den nyeste i filen ({format_date(later)}). Den er lagt til nederst i "
            f"{rel}; rapportene leses i datorekkefølge, så gjeldende status er fortsatt den nyeste."
        )
    click.echo("Lagre den i git: git add plan/oppfolging && git commit")
