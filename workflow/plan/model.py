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
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from workflow.plan.numbers import GROUP_SPACES, read_float, read_whole

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå0-9._-]{0,39}$",
        description="Stabil id, unik i hele planen, f.eks. T1.3. Endres aldri når teksten endres.",
    ),
]
Year = Annotated[int, Field(ge=1900, le=2200, description="Årstall, f.eks. 2024")]
NEW_ROUND = "revisjon"  # the stage of a new round after adoption (plan revise): no body may have this id
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


def _iso_date(value: object) -> dt.date | str:
    """Only ÅÅÅÅ-MM-DD (or a date): pydantic would read a number as seconds since 1970."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # pydantic checks that the day exists
    raise PydanticCustomError("date_parsing", "expected a date YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
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


class Part(BaseModel):
    """Base of every part: immutable, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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


# --- the political process: plan/prosess.yaml --------------------------------------------

Role = Literal["utkast", "innstiller", "høring", "vedtar"]


class Body(Part):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,30}$")] = Field(
        description="Brukes i tagnavn (f.eks. formannskap/2020-05-12): små bokstaver a–z, tall, bindestrek"
    )
    name: Text = Field(alias="navn", description="Navn i dokumentene, f.eks. Formannskapet")
    role: Role = Field(alias="rolle")
    optional: bool = Field(False, alias="valgfri", strict=True)
    # --- issue 11: joint plans and stage rules --------------------------------------------------
    municipality: Text | None = Field(
        None,
        alias="kommune",
        description="Felles plan: kommunen organet hører til (navnet under kommune.kommuner); tomt for felles organer",
    )
    strict: bool | None = Field(
        None,
        alias="streng",
        strict=True,
        description="Advarsler er feil når dette organet behandler planen; standard: ja for innstiller, høring og vedtar, nei for utkast",
    )

    # --- issue 22: one body treating the plan more than once ---------------------------------
    treatment_no: Annotated[int, Field(ge=1, le=9)] | None = Field(
        None,
        alias="behandling",
        description="Når samme organ behandler planen flere ganger (1. og 2. gangs behandling): "
        "nummeret på denne behandlingen. Taggen heter da ID-N/DATO, f.eks. kommunestyre-2/2020-06-16",
    )

    @property
    def is_strict(self) -> bool:
        return self.strict if self.strict is not None else self.role != "utkast"

    @property
    def organ(self) -> str:
        """The id of the body itself: ``kommunestyre`` for its treatment ``kommunestyre-2``."""
        return self.id.rsplit("-", 1)[0] if self.treatment_no is not None else self.id

    def label(self, language: str = "bokmål") -> str:
        """The body's name as a treatment: «Kommunestyret (1. gangs behandling)»; the name alone
        for a body that treats the plan once."""
        if self.treatment_no is None:
            return self.name
        if language == "nynorsk":
            return f"{self.name} ({self.treatment_no}. gongs handsaming)"
        return f"{self.name} ({self.treatment_no}. gangs behandling)"


def _treatment_ids(value: object) -> object:
    """A body listed once per treatment (``behandling: 1``, ``behandling: 2``) gets one step id
    per treatment, ``kommunestyre-1`` and ``kommunestyre-2``: the tags and the stage rules work
    on steps, the documents name the body."""
    if not isinstance(value, (list, tuple)):
        return value
    out = []
    for item in value:
        number = item.get("behandling") if isinstance(item, dict) else None
        if isinstance(number, str) and re.fullmatch("[1-9]", number):
            number = int(number)  # plan files are read with every scalar as text
            item = {**item, "behandling": number}
        if type(number) is int and isinstance(item["id"], str) and not item["id"].endswith(f"-{number}"):
            item = {**item, "id": f"{item['id']}-{number}"}  # (a dumped step keeps its id)
        out.append(item)
    return out


Bodies = Annotated[tuple[Body, ...], BeforeValidator(_treatment_ids)]


class Process(Part):
    bodies: Bodies = Field(alias="organer", min_length=1)
    # --- issue 22: the planning programme and the action plan's own route ---------------------
    programme: Bodies = Field(
        (),
        alias="planprogram",
        description="Organene som behandler planprogrammet (f.eks. formannskap → høring → kommunestyre); "
        "taggene heter planprogram/ORGAN/DATO",
    )
    action_plan: Bodies = Field(
        (),
        alias="handlingsplan",
        description="Organene som behandler den årlige handlingsplanen (f.eks. bare formannskapet med "
        "rollen «vedtar»); standard er møtene i «organer»",
    )


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
    digest: str  # sha256 over the plan files as read (not the follow-up files: plan/load.py)
    followup: object = None  # plan/followup.py: FollowUp (status entries, indicator values, action plans)
    statistics: tuple[Any, ...] = ()  # statistics.Snapshot, from plan/statistikk/*.json
    situation: Any = None  # situation.Situation, from plan/staastedsanalyse.yaml (optional)
    # Participation (plan/participation.py): Gathering from plan/samlinger.yaml, Submission
    # from plan/innspill/*.yaml. Typed loosely here to keep the model free of import cycles.
    workshops: tuple[Any, ...] = ()
    submissions: tuple[Any, ...] = ()


# --- a body's treatment of the case: recorded in a stage tag's message ----------------------

Outcome = Literal["utkast", "innstilling", "på høring", "vedtatt", "vedtatt med endringer", "sendt tilbake", "utsatt"]
OUTCOMES: tuple[str, ...] = Outcome.__args__  # type: ignore[attr-defined]


# --- a proposal's change to the plan, stated against ids (issue 24) -------------------------
AMENDMENT_KEYS = ("sett", "legg_til", "fjern", "flytt")  # the key that says which change it is
AddKind = Literal["mål", "delmål", "ambisjon", "strategi", "tiltak", "indikator"]
PLAN_TARGET = "plan"  # «sett: plan» changes a field of the plan itself (visjon, sammendrag …)


def _plain_numbers(value: object) -> object:
    """Numbers as the strings a plan file's reader keeps them as, so a change reads back the
    same from a tag message as it was written (the item's own model types them)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain_numbers(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_numbers(v) for v in value]
    return value


PlainValue = Annotated[Any, BeforeValidator(_plain_numbers)]


class SetField(Part):
    """Set one field of an item (or of the plan: ``sett: plan``); ``verdi: null`` removes an
    optional field."""

    target: Id = Field(alias="sett", description="Id-en til punktet, eller «plan» for planens egne felt")
    field: Text = Field(alias="felt", description="Feltet som endres, f.eks. tekst, kostnad, fra, til")
    value: PlainValue = Field(None, alias="verdi", description="Den nye verdien; utelat for å fjerne feltet")


class AddItem(Part):
    """Add an item at the end of its parent's list, or right after a sibling (``etter``): a mål,
    ambisjon, strategi or tiltak under a focus area, a delmål under a goal, an indikator under
    the main goal (hovedmål)."""

    kind: AddKind = Field(alias="legg_til", description="mål | delmål | ambisjon | strategi | tiltak | indikator")
    parent: Id = Field(
        alias="under",
        description="Id-en til satsingsområdet (for et delmål: målet; for en indikator: hovedmålet)",
    )
    value: Annotated[dict[str, PlainValue], BeforeValidator(_plain_numbers)] = Field(
        alias="verdi", description="Det nye punktet med alle feltene, også id"
    )
    after: Id | None = Field(
        None, alias="etter", description="Id-en til punktet det skal stå rett etter; utelat for å sette det sist"
    )


class RemoveItem(Part):
    target: Id = Field(alias="fjern", description="Id-en til punktet som strykes")


class MoveItem(Part):
    """Move an item under another parent of its kind (a goal, ambition, strategy or measure to
    another focus area, a delmål to another goal), at the end of that list or right after a
    sibling (``etter``); with ``etter``, the parent may be its own (a new place in the list)."""

    target: Id = Field(alias="flytt", description="Id-en til punktet som flyttes")
    parent: Id = Field(alias="til", description="Id-en til satsingsområdet det flyttes til (for et delmål: målet)")
    after: Id | None = Field(
        None, alias="etter", description="Id-en til punktet det skal stå rett etter; utelat for å sette det sist"
    )


def _amendment_kind(value: object) -> str | None:
    if isinstance(value, dict):
        found = [k for k in AMENDMENT_KEYS if k in value]
        return found[0] if len(found) == 1 else None
    kinds: dict[type, str] = {SetField: "sett", AddItem: "legg_til", RemoveItem: "fjern", MoveItem: "flytt"}
    return kinds.get(type(value))


Amendment = Annotated[
    Annotated[SetField, Tag("sett")]
    | Annotated[AddItem, Tag("legg_til")]
    | Annotated[RemoveItem, Tag("fjern")]
    | Annotated[MoveItem, Tag("flytt")],
    Discriminator(
        _amendment_kind,
        custom_error_type="value_rule",
        custom_error_message="en endring må ha nøyaktig én av nøklene sett, legg_til, fjern eller flytt",
    ),
]
Result = Literal["vedtatt", "falt"]


class Proposal(Part):
    """A proposal made in a meeting (kommuneloven § 11-4: the minutes show proposals and votes):
    its words as read, who made it, optionally the changes it makes to the plan (``endringer``),
    and after the vote its result and the votes for and against, by party where known."""

    text: Markdown = Field(alias="tekst", description="Forslaget slik det ble lest opp i møtet")
    by: Text | None = Field(None, alias="fremmet_av", description="Parti eller rolle, ikke navn")
    votes: Text | None = Field(None, alias="stemmer", description="F.eks. «Vedtatt 7–2» eller «Falt 3–6»")
    # --- issue 24: amendments that apply themselves -------------------------------------------
    id: Id | None = Field(None, description="Kort navn på forslaget, f.eks. F1 (standard: filnavnet)")
    changes: tuple[Amendment, ...] | None = Field(
        None, alias="endringer", description="Endringene i planen, mot id-er: sett, legg_til, fjern, flytt"
    )
    result: Result | None = Field(None, alias="resultat", description="vedtatt | falt")
    votes_for: Annotated[int, Field(ge=0, le=1000)] | None = Field(None, alias="for", description="Stemmer for")
    votes_against: Annotated[int, Field(ge=0, le=1000)] | None = Field(None, alias="mot", description="Stemmer mot")
    parties_for: tuple[Text, ...] | None = Field(None, alias="partier_for", description="Partiene som stemte for")
    parties_against: tuple[Text, ...] | None = Field(None, alias="partier_mot", description="Partiene som stemte mot")

    def vote_words(self) -> str | None:
        """The vote as the minutes say it: «vedtatt 5–2 (for: Sp, Ap; mot: H)»; the words
        recorded (``stemmer``) when there is nothing more (kommuneloven § 11-4)."""
        parts = [self.votes] if self.votes else ([self.result.capitalize()] if self.result else [])
        if self.votes_for is not None and self.votes_against is not None:
            parts.append(f"{self.votes_for}–{self.votes_against}" if not self.votes else "")
        sides = [f"{w}: {', '.join(p)}" for w, p in (("for", self.parties_for), ("mot", self.parties_against)) if p]
        text = " ".join(x for x in parts if x)
        return (text + (f" ({'; '.join(sides)})" if sides else "")).strip() or None


class Treatment(Part):
    """What one body did with the case at one meeting (kommuneloven § 11-4)."""

    stage: str = Field(alias="organ")
    date: Date = Field(alias="dato")
    case_number: Text | None = Field(None, alias="sak", description="Utvalgssaksnr., f.eks. PS 25/20")
    outcome: Outcome = Field(alias="utfall")
    decision: Markdown | None = Field(None, alias="vedtak", description="Organets egne vedtak (f.eks. om høring)")
    recommendation: Markdown | None = Field(
        None, alias="innstilling", description="Organets innstilling til neste organ: det neste organ bes vedta"
    )
    case_date: Date | None = Field(
        None,
        alias="dokumentdato",
        description="Datoen saksframlegget og planen er datert med (sendt ut med innkallingen)",
    )
    amended_in_meeting: bool | None = Field(
        None,
        alias="endret_i_møtet",
        strict=True,
        description="Saken ble endret i møtet, så dokumentene er ikke de som ble sendt ut",
    )
    proposals: tuple[Proposal, ...] = Field((), alias="forslag")
    votes: Text | None = Field(None, alias="votering")
    deadline: Date | None = Field(None, alias="høringsfrist")
    override: Text | None = Field(
        None, alias="overstyrt", description="Begrunnelsen når et steg ble tvunget gjennom (--force)"
    )
    archive_case: Text | None = Field(
        None, alias="arkivsak", description="Arkivsaksnr. ved denne behandlingen, f.eks. 20/123"
    )
    documents: dict[str, str] = Field(default_factory=dict, alias="dokumenter", description="filnavn → sha256")
    # --- issue 24: amendments that apply themselves ------------------------------------------
    sent_revision: Annotated[str, Field(pattern=r"^[0-9a-f]{40}$")] | None = Field(
        None,
        alias="utsendt_revisjon",
        description="Commiten som ble sendt ut; de vedtatte forslagene er brukt på den",
    )
    adopted_changes: tuple[Text, ...] | None = Field(
        None, alias="vedtatte_endringer", description="Endringene de vedtatte forslagene gjorde, i ord"
    )
