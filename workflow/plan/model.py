"""The plan and its parts: one validated model, read once, used by every command.

Field names are English; the YAML keys (aliases) are Norwegian bokmål, as the project group
writes them. Structural checks (types, required fields, unknown keys) live here; checks across
items (unique ids, references, years inside the period) live in ``checks.py``.

Text fields marked ``Markdown`` accept a small subset: paragraphs, bullet lists (``- ``),
``**bold**``, ``*italic*`` and links ``[text](https://…)``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå0-9._-]{0,39}$",
        description="Stabil id, unik i hele planen, f.eks. T1.3. Endres aldri når teksten endres.",
    ),
]
Year = Annotated[int, Field(ge=1900, le=2200, description="Årstall, f.eks. 2024")]
REVISION = "revisjon"  # the stage of a new round after adoption (plan revise): no body may have this id
NOT_BLANK = r"\S"  # at least one character that is not white space
Text = Annotated[str, Field(min_length=1, pattern=NOT_BLANK, description="Kort tekst")]
Markdown = Annotated[
    str,
    Field(
        min_length=1,
        pattern=NOT_BLANK,
        description="Tekst med enkel Markdown: avsnitt, punktlister, **fet**, *kursiv*, [lenke](url)",
    ),
]
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value):
    """Only ÅÅÅÅ-MM-DD (or a date): pydantic would read a number as seconds since 1970."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # pydantic checks that the day exists
    raise PydanticCustomError("date_parsing", "expected a date YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Money = Annotated[int, Field(ge=0, description="Kroner (NOK), heltall uten mellomrom")]
Status = Literal["planlagt", "pågår", "fullført", "utgått"]
STATUSES: tuple[str, ...] = Status.__args__


class Part(BaseModel):
    """Base of every part: immutable, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Municipality(Part):
    name: Text = Field(alias="navn")
    number: Annotated[str, Field(pattern=r"^[0-9]{4}$")] = Field(alias="nummer", description="Kommunenummer, fire sifre")
    county: Text | None = Field(None, alias="fylke")


class Period(Part):
    start: Year = Field(alias="fra")
    end: Year = Field(alias="til")

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


class PreviousPlan(Part):
    title: Text = Field(alias="tittel")
    period: Period = Field(alias="periode")


class Goal(Part):
    id: Id
    text: Markdown = Field(alias="tekst")


class Measurement(Part):
    value: float = Field(alias="verdi", allow_inf_nan=False)
    year: Year = Field(alias="år")


class Ambition(Part):
    id: Id
    indicator: Text = Field(alias="indikator")
    unit: Text = Field(alias="enhet")
    baseline: Measurement = Field(alias="utgangspunkt")
    target: Measurement = Field(alias="målverdi")
    source: Text | None = Field(None, alias="kilde")
    data_points: tuple[Measurement, ...] = Field((), alias="datapunkter")


class Strategy(Part):
    id: Id
    text: Markdown = Field(alias="tekst")
    goals: tuple[Id, ...] = Field((), alias="mål", description="Id-ene til målene strategien tjener")


class Measure(Part):
    id: Id
    text: Markdown = Field(alias="tekst")
    responsible: Text = Field(alias="ansvar")
    partners: tuple[Text, ...] = Field((), alias="samarbeidspartnere")
    start: Year = Field(alias="fra")
    end: Year = Field(alias="til")
    cost: Money = Field(0, alias="kostnad", description="Kostnadsoverslag i kroner per år")
    funding: Text | None = Field(None, alias="finansiering")
    status: Status = "planlagt"
    strategies: tuple[Id, ...] = Field((), alias="strategier")

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


class FocusArea(Part):
    id: Id
    name: Text = Field(alias="navn")
    description: Markdown | None = Field(None, alias="beskrivelse")
    goals: tuple[Goal, ...] = Field((), alias="mål")
    ambitions: tuple[Ambition, ...] = Field((), alias="ambisjoner")
    strategies: tuple[Strategy, ...] = Field((), alias="strategier")
    measures: tuple[Measure, ...] = Field((), alias="tiltak")


class Plan(Part):
    municipality: Municipality = Field(alias="kommune")
    title: Text = Field(alias="tittel")
    plan_type: Text = Field("temaplan", alias="plantype")
    period: Period = Field(alias="periode")
    vision: Markdown = Field(alias="visjon")
    summary: Markdown | None = Field(None, alias="sammendrag")
    background: Markdown | None = Field(None, alias="bakgrunn")
    situation: Markdown | None = Field(None, alias="ståsted", description="Sammendrag av ståstedsanalysen")
    previous: PreviousPlan | None = Field(None, alias="forrige_plan")
    focus_areas: tuple[FocusArea, ...] = Field(
        alias="satsingsområder",
        description="Satsingsområdene i rekkefølge: hvert punkt er enten satsingsområdet selv "
        "eller stien til en fil under plan/ som inneholder det",
    )

    def all_measures(self):
        for area in self.focus_areas:
            yield from area.measures

    def items(self):
        """Every identified item as (kind, item, focus area), in document order."""
        for area in self.focus_areas:
            yield "satsingsområde", area, area
            for kind, items in (
                ("mål", area.goals),
                ("ambisjon", area.ambitions),
                ("strategi", area.strategies),
                ("tiltak", area.measures),
            ):
                for item in items:
                    yield kind, item, area


# --- the case document (saksframlegg): plan/sak.yaml -------------------------------------


class Workshop(Part):
    date: Date = Field(alias="dato")
    time: Text | None = Field(None, alias="tid", description="Klokkeslett, f.eks. 19:00–21:30 (i anførselstegn)")
    place: Text = Field(alias="sted")
    topic: Markdown | None = Field(None, alias="tema")
    participants: Text | None = Field(None, alias="deltakere")


class Case(Part):
    head_title: Text = Field(
        "Rådmannens innstilling",
        alias="innstillingstittel",
        description="«Rådmannens innstilling» eller «Kommunedirektørens innstilling»",
    )
    officer: Text = Field("Saksbehandler", alias="saksbehandler", description="Rolle, ikke navn")
    archive_code: Text | None = Field(None, alias="arkiv")
    archive_case: Text | None = Field(None, alias="arkivsak", description="Arkivsaksnr., f.eks. 20/123")
    title: Text | None = Field(None, alias="tittel", description="Sakens tittel; standard er planens tittel")
    attachments: tuple[Text, ...] = Field((), alias="vedlegg")
    organisation: Markdown | None = Field(None, alias="organisering")
    workshops: tuple[Workshop, ...] = Field((), alias="samlinger")
    participation: Markdown | None = Field(None, alias="medvirkning")
    proposal: Markdown | None = Field(None, alias="innstilling", description="Forslag til vedtak")
    assessment: Markdown | None = Field(None, alias="vurdering")
    consequences: Markdown | None = Field(None, alias="konsekvenser")


# --- the political process: plan/prosess.yaml --------------------------------------------

Role = Literal["utkast", "innstiller", "høring", "vedtar"]


class Body(Part):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,30}$")] = Field(
        description="Brukes i tagnavn (f.eks. formannskap/2020-05-12): små bokstaver a–z, tall, bindestrek"
    )
    name: Text = Field(alias="navn", description="Navn i dokumentene, f.eks. Formannskapet")
    role: Role = Field(alias="rolle")
    optional: bool = Field(False, alias="valgfri", strict=True)


class Process(Part):
    bodies: tuple[Body, ...] = Field(alias="organer", min_length=1)


DEFAULT_PROCESS = {
    "organer": [
        {"id": "prosjektgruppe", "navn": "Prosjektgruppen", "rolle": "utkast"},
        {"id": "formannskap", "navn": "Formannskapet", "rolle": "innstiller"},
        {"id": "horing", "navn": "Offentlig høring", "rolle": "høring", "valgfri": True},
        {"id": "kommunestyre", "navn": "Kommunestyret", "rolle": "vedtar"},
    ]
}


class Project(BaseModel):
    """Everything read from one revision's ``plan/``: the plan, the case, the process."""

    model_config = ConfigDict(frozen=True)

    plan: Plan
    case: Case
    process: Process
    revision: str  # commit id, or "working tree"
    digest: str  # sha256 over the plan files as read
    statistics: tuple[Any, ...] = ()  # statistics.Snapshot, from plan/statistikk/*.json
    situation: Any = None  # situation.Situation, from plan/staastedsanalyse.yaml (optional)


# --- a body's treatment of the case: recorded in a stage tag's message ----------------------

Outcome = Literal["utkast", "innstilling", "vedtatt", "vedtatt med endringer", "sendt tilbake", "utsatt", "på høring"]


class Proposal(Part):
    text: Markdown = Field(alias="tekst")
    by: Text | None = Field(None, alias="fremmet_av", description="Parti eller rolle, ikke navn")
    votes: Text | None = Field(None, alias="stemmer", description="F.eks. «Vedtatt 7–2» eller «Falt 3–6»")


class Treatment(Part):
    """What one body did with the case at one meeting (kommuneloven § 11-4)."""

    stage: str = Field(alias="organ")
    date: Date = Field(alias="dato")
    case_number: Text | None = Field(None, alias="sak", description="Utvalgssaksnr., f.eks. PS 25/20")
    outcome: Outcome = Field(alias="utfall")
    decision: Markdown | None = Field(None, alias="vedtak")
    proposals: tuple[Proposal, ...] = Field((), alias="forslag")
    votes: Text | None = Field(None, alias="votering")
    deadline: Date | None = Field(None, alias="høringsfrist")
    documents: dict[str, str] = Field(default_factory=dict, alias="dokumenter", description="filnavn → sha256")
