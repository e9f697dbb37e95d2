"""The plan and its parts: one validated model, read once, used by every command.

Field names are English; the YAML keys (aliases) are Norwegian bokmål, as the project group
writes them. Structural checks (types, required fields, unknown keys) live here; checks across
items (unique ids, references, years inside the period) live in ``checks.py``.

Text fields marked ``Markdown`` accept a small subset: paragraphs, bullet lists (``- ``),
``**bold**``, ``*italic*`` and links ``[text](https://…)``.

The base (``Part``) and the field types every model shares are in ``parts.py``, the models of
``prosess.yaml`` and of a stage tag's treatment in ``processmodel.py``; both are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from workflow.plan.numbers import GROUP_SPACES, read_float, read_whole

# The base, the shared field types and the process's models, re-exported: the plan's model is
# one import for everything that reads the whole plan.
from workflow.plan.parts import NOT_BLANK as NOT_BLANK
from workflow.plan.parts import Date, Id, Markdown, Part, Text
from workflow.plan.processmodel import (
    AMENDMENT_KEYS as AMENDMENT_KEYS,
    DEFAULT_PROCESS as DEFAULT_PROCESS,
    NEW_ROUND as NEW_ROUND,
    OUTCOMES as OUTCOMES,
    PLAN_TARGET as PLAN_TARGET,
    AddItem as AddItem,
    Amendment as Amendment,
    Body as Body,
    MoveItem as MoveItem,
    Outcome as Outcome,
    Process,
    Proposal as Proposal,
    RemoveItem as RemoveItem,
    Role as Role,
    SetField as SetField,
    Treatment as Treatment,
)

Year = Annotated[int, Field(ge=1900, le=2200, description="Årstall, f.eks. 2024")]
_MONEY_TEXT = "Kroner (NOK), heltall: 35000 eller «35 000» (mellomrom mellom tusener, ikke punktum)"
_NUMBER_TEXT = "Tall: 1880, «1 880», 2.5 eller «2,5» (komma eller punktum som desimaltegn)"
Money = Annotated[
    int,
    BeforeValidator(read_whole),
    Field(ge=0, description=_MONEY_TEXT),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": f"^[0-9]{{1,3}}([{GROUP_SPACES}][0-9]{{3}})*$"},
            ],
            "description": _MONEY_TEXT,
        }
    ),
]
Number = Annotated[
    float,
    BeforeValidator(read_float),
    Field(description=_NUMBER_TEXT),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": f"^[+-]?[0-9]+([{GROUP_SPACES}][0-9]{{3}})*([.,][0-9]+)?$"},
            ],
            "description": _NUMBER_TEXT,
        }
    ),
]
Status = Literal["planlagt", "pågår", "fullført", "utgått"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]


OwnerType = Literal["kommune", "region", "fylkeskommune", "felles"]
MunicipalityNumber = Annotated[str, Field(pattern=r"^[0-9]{4}$")]


class Member(Part):
    """One municipality of a region or of a joint plan."""

    name: Text = Field(alias="navn")
    number: MunicipalityNumber | None = Field(None, alias="nummer", description="Kommunenummer, fire sifre")


class Municipality(Part):
    """The owner of the plan: a kommune (the default), a region (interkommunalt politisk råd),
    a fylkeskommune, or several kommuner together (``type: felles``, a joint plan)."""

    name: Text = Field(alias="navn")
    number: MunicipalityNumber | None = Field(
        None, alias="nummer", description="Kommunenummer, fire sifre (påkrevd når eieren er en kommune)"
    )
    county: Text | None = Field(None, alias="fylke")
    # --- issue 11: other owners -------------------------------------------------------------
    type: OwnerType = Field(
        "kommune", description="kommune | region | fylkeskommune | felles (felles plan for flere kommuner)"
    )
    official_name: Text | None = Field(
        None,
        alias="fullt_navn",
        description="Navnet i dokumentene, f.eks. «Nord-Østerdal interkommunale politiske råd»",
    )
    members: tuple[Member, ...] = Field(
        (), alias="kommuner", description="Kommunene i regionen eller bak en felles plan"
    )

    @model_validator(mode="after")
    def _owner_rules(self) -> Self:
        if self.type == "kommune" and self.number is None:
            raise PydanticCustomError("value_rule", "mangler feltet «nummer» (kommunenummer, fire sifre)")
        if self.type == "felles" and len(self.members) < 2:
            raise PydanticCustomError(
                "value_rule", "en felles plan (type: felles) må ha minst to kommuner under «kommuner»"
            )
        return self


class Period(Part):
    start: Year = Field(alias="fra")
    end: Year = Field(alias="til")

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


class PreviousPlan(Part):
    title: Text = Field(alias="tittel")
    period: Period = Field(alias="periode")


class SubGoal(Part):
    """A delmål under a goal (issue 11)."""

    id: Id
    text: Markdown = Field(alias="tekst")


class Goal(Part):
    id: Id
    text: Markdown = Field(alias="tekst")
    sub_goals: tuple[SubGoal, ...] = Field((), alias="delmål")


class Measurement(Part):
    value: Number = Field(alias="verdi")
    year: Year = Field(alias="år")


Direction = Literal["økende", "synkende", "stabil"]


class Ambition(Part):
    """A measurable target (indicator). The target is a value in a year (``målverdi``), a
    direction (``retning``), a relative target in words (``relativt_mål``: «bedre enn snittet
    i KOSTRA-gruppe 11», «+2 % per år»), or several of these. A baseline not yet known is left
    out and shown as «mangler»."""

    id: Id
    indicator: Text = Field(alias="indikator")
    unit: Text = Field(alias="enhet")
    baseline: Measurement | None = Field(
        None, alias="utgangspunkt", description="Utgangsverdi og år; utelat når den ikke er kjent ennå"
    )
    target: Measurement | None = Field(None, alias="målverdi")
    source: Text | None = Field(None, alias="kilde")
    data_points: tuple[Measurement, ...] = Field((), alias="datapunkter")
    requirement: Literal["minst", "høyst"] | None = Field(
        None,
        alias="krav",
        description="Om målverdien er et minstekrav eller et tak; standard etter retningen fra utgangspunktet",
    )
    # --- issue 11: targets that are not one number -----------------------------------------
    direction: Direction | None = Field(None, alias="retning", description="økende | synkende | stabil")
    relative_target: Text | None = Field(
        None,
        alias="relativt_mål",
        description="Mål i ord, f.eks. «bedre enn snittet i KOSTRA-gruppe 11» eller «+2 % per år»",
    )

    @model_validator(mode="after")
    def _has_target(self) -> Self:
        if self.target is None and self.direction is None and self.relative_target is None:
            raise PydanticCustomError("value_rule", "mangler et mål: «målverdi», «retning» eller «relativt_mål»")
        return self


class MainGoal(Part):
    """The plan's one main goal (hovedmål / overordnet mål), measured by its own indicators."""

    id: Id
    text: Markdown = Field(alias="tekst")
    indicators: tuple[Ambition, ...] = Field((), alias="indikatorer")


LevelKey = Literal["hovedmål", "satsingsområde", "mål", "delmål", "ambisjon", "strategi", "tiltak"]


class LevelName(Part):
    """The plan's own word for a level: «Innsatsområde», «Strategisk mål», «Fokusområde»."""

    singular: Text = Field(alias="entall")
    plural: Text | None = Field(
        None, alias="flertall", description="Standard: samme som entall for kjente ord, ellers entall"
    )


class PeriodPolicy(Part):
    """How long the plan may run, counted inclusively (2024–2027 is four years)."""

    min_years: Annotated[int, Field(ge=1, le=100)] = Field(alias="min_år")
    max_years: Annotated[int, Field(ge=1, le=100)] = Field(alias="maks_år")


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

    @property
    def counts_in_costs(self) -> bool:
        """Measures given up (status «utgått») cost nothing; every other measure counts."""
        return self.status != "utgått"

    @property
    def total_cost(self) -> int:
        """The cost over the measure's years (the plan gives the cost per year); 0 when it does
        not count in costs."""
        return self.cost * len(self.years) if self.counts_in_costs else 0


def costs_per_year(measures: Iterable[Measure]) -> dict[int, int]:
    """The one rule for costs per year: the sum of ``cost`` of the measures that count in costs,
    in each year they run, ``{year: NOK}`` in year order (years with no measure are absent)."""
    totals: dict[int, int] = {}
    for measure in measures:
        if not measure.counts_in_costs:
            continue
        for year in measure.years:
            totals[year] = totals.get(year, 0) + measure.cost
    return dict(sorted(totals.items()))


class FocusArea(Part):
    id: Id
    name: Text = Field(alias="navn")
    description: Markdown | None = Field(None, alias="beskrivelse")
    goals: tuple[Goal, ...] = Field((), alias="mål")
    ambitions: tuple[Ambition, ...] = Field((), alias="ambisjoner")
    strategies: tuple[Strategy, ...] = Field((), alias="strategier")
    measures: tuple[Measure, ...] = Field((), alias="tiltak")


FOCUS_KEY = "satsingsområder"  # plan.yaml's list of focus areas
Item = FocusArea | Goal | SubGoal | Ambition | Strategy | Measure  # every part with an id (Plan.items)


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
        alias=FOCUS_KEY,
        description="Satsingsområdene i rekkefølge: hvert punkt er enten satsingsområdet selv "
        "eller stien til en fil under plan/ som inneholder det",
    )
    # --- issue 11: any real plan -------------------------------------------------------------
    language: Literal["bokmål", "nynorsk"] = Field(
        "bokmål", alias="målform", description="bokmål | nynorsk: språket i dokumentene"
    )
    main_goal: MainGoal | None = Field(
        None, alias="hovedmål", description="Overordnet mål for hele planen, med indikatorer"
    )
    level_names: dict[LevelKey, LevelName] = Field(
        default_factory=dict,
        alias="nivånavn",
        description="Planens egne navn på nivåene, f.eks. satsingsområde: {entall: Innsatsområde, flertall: Innsatsområder}",
    )
    period_policy: PeriodPolicy | None = Field(
        None,
        alias="periodelengde",
        description="Tillatt lengde i år (standard 4–12, med advarsel utenfor 4–9 kalenderår)",
    )

    def all_measures(self) -> Iterator[Measure]:
        for area in self.focus_areas:
            yield from area.measures

    def costs_per_year(self, area_id: str | None = None) -> dict[int, int]:
        """Costs per year of the whole plan, or of one focus area (see ``costs_per_year``)."""
        areas = [a for a in self.focus_areas if area_id is None or a.id == area_id]
        return costs_per_year(m for a in areas for m in a.measures)

    def items(self) -> Iterator[tuple[str, Item, FocusArea]]:
        """Every identified item as (kind, item, focus area), in document order."""
        for area in self.focus_areas:
            yield "satsingsområde", area, area
            for kind, items in (
                ("mål", area.goals),
                ("delmål", tuple(sub for goal in area.goals for sub in goal.sub_goals)),
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


class Attachment(Part):
    """An attachment that is a file in the plan repository (not built by the tool)."""

    title: Text = Field(alias="tittel")
    file: Text = Field(alias="fil", description="Stien til filen i plandepotet, f.eks. vedlegg/ståstedsanalyse.pdf")


class Case(Part):
    head_title: Text | None = Field(
        None,
        alias="innstillingstittel",
        description="Overskriften over administrasjonens innstilling; standard er laget av "
        "«administrasjon», f.eks. «Kommunedirektørens innstilling»",
    )
    administration: Text = Field(
        "Rådmannen",
        alias="administrasjon",
        description="Administrasjonssjefens tittel: «Rådmannen», «Kommunedirektøren», «Kommunedirektøren i Os» …",
    )
    proposals: dict[str, Markdown] = Field(
        default_factory=dict,
        alias="innstillinger",
        description="Administrasjonens innstilling formulert for hvert organ: organ-id → tekst "
        "(f.eks. formannskap: «Formannskapet rår kommunestyret til …»); ellers brukes «innstilling»",
    )
    officer: Text = Field("Saksbehandler", alias="saksbehandler", description="Rolle, ikke navn")
    archive_code: Text | None = Field(None, alias="arkiv")
    archive_case: Text | None = Field(None, alias="arkivsak", description="Arkivsaksnr., f.eks. 20/123")
    title: Text | None = Field(None, alias="tittel", description="Sakens tittel; standard er planens tittel")
    attachments: tuple[Text | Attachment, ...] = Field(
        (),
        alias="vedlegg",
        description="Vedleggene: tittelen på et dokument verktøyet lager, eller tittel og fil for en fil i plandepotet",
    )
    organisation: Markdown | None = Field(None, alias="organisering")
    workshops: tuple[Workshop, ...] = Field((), alias="samlinger")
    participation: Markdown | None = Field(None, alias="medvirkning")
    proposal: Markdown | None = Field(None, alias="innstilling", description="Forslag til vedtak")
    assessment: Markdown | None = Field(None, alias="vurdering")
    consequences: Markdown | None = Field(None, alias="konsekvenser")


class Project(BaseModel):
    """Everything read from one revision's ``plan/``: the plan, the case, the process."""

    model_config = ConfigDict(frozen=True)

    plan: Plan
    case: Case
    process: Process
    revision: str  # commit id, or "working tree"
    digest: str  # sha256 over the plan files as read (not the follow-up files: plan/load.py)
    followup: object = None  # plan/followup.py: FollowUp (status entries, indicator values, action plans)
    statistics: tuple[Any, ...] = ()  # statistics.Snapshot, from plan/statistikk/*.json
    situation: Any = None  # situation.Situation, from plan/staastedsanalyse.yaml (optional)
    # Participation (plan/participation.py): Gathering from plan/samlinger.yaml, Submission
    # from plan/innspill/*.yaml. Typed loosely here to keep the model free of import cycles.
    workshops: tuple[Any, ...] = ()
    submissions: tuple[Any, ...] = ()
