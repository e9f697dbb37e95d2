"""The political process (``plan/prosess.yaml``) and a body's treatment of the case (a stage
tag's message, with its proposals and their amendments): the models the process room reads.

Apart from the plan's models (``model.py``, which re-exports these) so that a command that reads
only the process and the stage tags (``plan log``) does not build the models of the whole plan.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag

from workflow.plan.parts import Date, Id, Markdown, Part, Text

NEW_ROUND = "revisjon"  # the stage of a new round after adoption (plan revise): no body may have this id

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
