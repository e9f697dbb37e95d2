"""The situation analysis (ståstedsanalyse): ``plan/staastedsanalyse.yaml``, and the checks
that tie figures, tables and ambitions to the statistics snapshots.

A chapter's ``innhold`` is a list of blocks in reading order: ``tekst`` (Markdown), ``figur``
(a chart drawn from a snapshot) or ``tabell`` (a snapshot's values as a table), so a chart
stands where the text names it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from workflow.errors import Problem
from workflow.plan.model import Markdown, Part, Text
from workflow.plan.statistics import SITUATION_FILE, Snapshot

if TYPE_CHECKING:
    from workflow.plan.checks import Locate

__all__ = ["SITUATION_FILE", "Situation", "check_situation"]
Code = Annotated[str, Field(min_length=1, description="En kode i datasettet, f.eks. 3430 eller 2020")]


class Series(Part):
    name: Text | None = Field(None, alias="navn", description="Navnet i tegnforklaringen")
    select: dict[str, Code] = Field(
        default_factory=dict, alias="utvalg", description='Dimensjon → kode, f.eks. Region: "3430"'
    )


class Figure(Part):
    id: Text
    kind: Literal["linje", "søyle", "liggende søyle"] = Field(alias="type")
    title: Text = Field(alias="tittel")
    snapshot: Text = Field(alias="statistikk", description="Navnet på filen under plan/statistikk/ (uten .json)")
    along: Text | None = Field(None, alias="langs", description="Dimensjonen langs x-aksen (standard: tiden)")
    series: tuple[Series, ...] = Field(alias="serier", min_length=1)
    leave_out: tuple[Code, ...] = Field(
        (), alias="utelat", description="Koder langs aksen som ikke vises, f.eks. totalen 00-99"
    )
    unit: Text | None = Field(None, alias="enhet")
    description: Text | None = Field(
        None, alias="beskrivelse", description="Alternativ tekst (standard: laget fra tallene)"
    )


class Table(Part):
    id: Text
    title: Text = Field(alias="tittel")
    snapshot: Text = Field(alias="statistikk")
    rows: Text = Field(alias="rader", description="Dimensjonen som gir radene")
    columns: tuple[Series, ...] = Field(alias="kolonner", min_length=1)


class Block(Part):
    text: Markdown | None = Field(None, alias="tekst")
    figure: Figure | None = Field(None, alias="figur")
    table: Table | None = Field(None, alias="tabell")


class Chapter(Part):
    heading: Text = Field(alias="overskrift")
    content: tuple[Block, ...] = Field((), alias="innhold")


class Situation(Part):
    title: Text = Field(alias="tittel")
    date: Text | None = Field(None, alias="dato", description="F.eks. «januar 2020»")
    introduction: Markdown | None = Field(None, alias="innledning")
    chapters: tuple[Chapter, ...] = Field(alias="kapitler", min_length=1)


def check_situation(situation: Situation, snapshots: tuple[Snapshot, ...], locate: Locate) -> list[Problem]:
    """Located errors: a block with not exactly one part, a snapshot that does not exist, a
    dimension or code (region, year, industry) the snapshot does not have."""
    by_name = {s.name: s for s in snapshots}
    problems: list[Problem] = []
    ids: set[str] = set()
    for i, chapter in enumerate(situation.chapters):
        for j, block in enumerate(chapter.content):
            base = ("kapitler", i, "innhold", j)
            parts = [p for p in (block.text, block.figure, block.table) if p is not None]
            if len(parts) != 1:
                problems.append(
                    locate(base, "hvert punkt under «innhold» skal ha nøyaktig én av «tekst», «figur» og «tabell»")
                )
                continue
            item = block.figure or block.table
            if item is None:
                continue
            key = "figur" if block.figure else "tabell"
            if item.id in ids:
                problems.append(locate(base + (key, "id"), f"id-en «{item.id}» er brukt før"))
            ids.add(item.id)
            snapshot = by_name.get(item.snapshot)
            if snapshot is None:
                known = ", ".join(sorted(by_name)) or "ingen"
                problems.append(
                    locate(
                        base + (key, "statistikk"),
                        f"finner ikke statistikken «{item.snapshot}» (plan/statistikk/{item.snapshot}.json; finnes: {known})",
                    )
                )
                continue
            if block.figure:
                along = block.figure.along or snapshot.time
                series = block.figure.series
                where = base + ("figur",)
                listed = "serier"
                along_key = "langs"
            else:
                along = block.table.rows
                series = block.table.columns
                where = base + ("tabell",)
                listed = "kolonner"
                along_key = "rader"
            problems.extend(check_selection(snapshot, along, series, where, listed, along_key, locate))
            dim = snapshot.dimension(along) if along else None
            for k, code in enumerate(getattr(item, "leave_out", ())):
                if dim is not None and code not in dim.codes:
                    problems.append(
                        locate(where + ("utelat", k), f"koden «{code}» finnes ikke i «{snapshot.name}» for {along}")
                    )
    return problems


def check_selection(
    snapshot: Snapshot,
    along: str | None,
    series: Sequence[Series],
    where: tuple[str | int, ...],
    listed: str,
    along_key: str,
    locate: Locate,
) -> list[Problem]:
    problems: list[Problem] = []
    if along is None or snapshot.dimension(along) is None:
        names = ", ".join(d.id for d in snapshot.dimensions)
        problems.append(
            locate(
                where + (along_key,), f"statistikken «{snapshot.name}» har ingen dimensjon «{along}» (finnes: {names})"
            )
        )
        return problems
    for k, serie in enumerate(series):
        for dim_id, code in serie.select.items():
            dim = snapshot.dimension(dim_id)
            path = where + (listed, k, "utvalg", dim_id)
            if dim is None:
                names = ", ".join(d.id for d in snapshot.dimensions)
                problems.append(
                    locate(
                        path,
                        f"serien viser til dimensjonen «{dim_id}», som ikke finnes i «{snapshot.name}» (finnes: {names})",
                    )
                )
            elif dim_id == along:
                problems.append(
                    locate(path, f"«{dim_id}» er dimensjonen langs aksen; den kan ikke også stå i utvalget")
                )
            elif code not in dim.codes:
                what = "regionkoden" if dim_id == snapshot.geo else "koden"
                shown = ", ".join(dim.codes[:8]) + (" …" if len(dim.codes) > 8 else "")
                problems.append(
                    locate(path, f"{what} «{code}» finnes ikke i «{snapshot.name}» for {dim_id} (finnes: {shown})")
                )
        missing = [d.id for d in snapshot.dimensions if d.id != along and len(d.codes) > 1 and d.id not in serie.select]
        if missing:
            problems.append(
                locate(
                    where + (listed, k),
                    f"serien må velge en kode for {', '.join(missing)} (statistikken «{snapshot.name}» har flere)",
                )
            )
    return problems
