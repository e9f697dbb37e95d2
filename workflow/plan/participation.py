"""Participation as data: workshops (samlinger) and the register of submissions (innspill).

Files under ``plan/`` (both optional):

* ``samlinger.yaml``: ``samlinger:`` a list of workshops, each with an id, date, time, place,
  theme, programme, who is invited, registration deadline, contact and the texts of the
  invitation letter;
* ``innspill/*.yaml``: one submission per file (``innspill/2020-05-20-001.yaml``), so two
  clerks registering input never touch the same file. The record keeps the sender's name
  (the internal register keeps everything); public outputs show it only through
  ``workflow.participation.public.public_view``.

This module is the files' schema: the models and the checks across them and the plan
(references, outcomes). The files are read by ``plan/load.py``; what participation does with
them (the documents, what the public may see, the hearing's checks, the import) is in
``workflow/participation/``, its edges in ``app/participation.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Literal, get_args

from pydantic import Field

from workflow.errors import Problem
from workflow.plan.model import Date, Id, Markdown, Part, Plan, Text

WORKSHOPS_FILE = "plan/samlinger.yaml"
SUBMISSIONS_DIR = "plan/innspill"

Channel = Literal["samling", "nettskjema", "e-post", "brev", "sosiale medier", "høring"]
CHANNELS: tuple[str, ...] = get_args(Channel)
SenderType = Literal["innbygger", "bedrift", "organisasjon", "offentlig organ", "politisk parti"]
SENDER_TYPES: tuple[str, ...] = get_args(SenderType)
Outcome = Literal["tatt til følge", "delvis tatt til følge", "ikke tatt til følge", "tatt til orientering"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)
CHANGING_OUTCOMES = ("tatt til følge", "delvis tatt til følge")
HEARING = "høring"

SubmissionId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9ÆØÅæøå][A-Za-z0-9ÆØÅæøå._-]{0,39}$",
        description="Id for innspillet, f.eks. 2020-05-20-001 (mottaksdato og løpenummer); samme som filnavnet",
    ),
]


class ProgrammeItem(Part):
    time: Text | None = Field(None, alias="tid", description="Klokkeslett, f.eks. 19:00 (i anførselstegn)")
    text: Text = Field(alias="tekst")


class Contact(Part):
    role: Text = Field(alias="rolle", description="Rolle, ikke navn, f.eks. Næringskonsulent")
    email: Text | None = Field(None, alias="epost")
    phone: Text | None = Field(None, alias="telefon")


class Gathering(Part):
    """A workshop (samling) and what its invitation letter says."""

    id: Id
    title: Text | None = Field(None, alias="tittel", description="F.eks. «Samling 1: Ståstedet»")
    date: Date = Field(alias="dato")
    time: Text | None = Field(None, alias="tid", description="Klokkeslett, f.eks. 19:00–21:30 (i anførselstegn)")
    place: Text = Field(alias="sted")
    topic: Markdown | None = Field(None, alias="tema")
    programme: tuple[ProgrammeItem, ...] = Field((), alias="program")
    invited: Text | None = Field(None, alias="inviterte", description="Hvem som er invitert")
    participants: Text | None = Field(None, alias="deltakere", description="Hvem som kom (etter samlingen)")
    deadline: Date | None = Field(None, alias="påmeldingsfrist")
    contact: Contact | None = Field(None, alias="kontakt")
    background: Markdown | None = Field(None, alias="bakgrunn", description="Invitasjonsbrevet: bakgrunn")
    purpose: Markdown | None = Field(None, alias="formål", description="Invitasjonsbrevet: formålet med samlingen")
    practical: Markdown | None = Field(None, alias="praktisk", description="Invitasjonsbrevet: praktisk informasjon")
    signature: Text | None = Field(None, alias="underskrift", description="Rolle som signerer brevet, f.eks. Ordfører")
    letter_date: Date | None = Field(None, alias="brevdato", description="Datoen brevet er sendt")


class Workshops(Part):
    workshops: tuple[Gathering, ...] = Field((), alias="samlinger")


class Submission(Part):
    """One piece of input (innspill) and the administration's answer to it."""

    id: SubmissionId
    received: Date = Field(alias="mottatt")
    channel: Channel = Field(alias="kanal")
    sender_type: SenderType = Field(alias="avsendertype")
    sender: Text = Field(
        alias="avsender", description="Navnet; vises offentlig bare for organisasjoner o.l. eller med samtykke"
    )
    may_name: bool = Field(
        False, alias="kan_navngis", strict=True, description="Avsenderen har samtykket til å bli navngitt"
    )
    version: Text | None = Field(
        None, alias="versjon", description="Behandlingstaggen innspillet kommenterer, f.eks. horing/2020-05-14"
    )
    workshop: Id | None = Field(None, alias="samling", description="Id-en til samlingen innspillet kom fra")
    text: Markdown = Field(alias="tekst")
    summary: Markdown | None = Field(None, alias="sammendrag")
    concerns: tuple[Id, ...] = Field((), alias="gjelder", description="Id-ene til punktene i planen innspillet gjelder")
    assessment: Markdown | None = Field(None, alias="vurdering", description="Administrasjonens vurdering")
    outcome: Outcome | None = Field(None, alias="utfall")
    changed: tuple[Id, ...] = Field(
        (), alias="endret", description="Punktene i planen som er endret på grunn av innspillet"
    )
    example: bool = Field(
        False, alias="eksempel", strict=True, description="Et illustrerende eksempel, ikke et ekte innspill"
    )
    import_key: Text | None = Field(None, alias="importnøkkel", description="Settes av importen; hindrer dobbel import")


Locate = Callable[..., Problem]


def check_participation(
    plan: Plan | None,
    workshops: tuple[Gathering, ...],
    submissions: Sequence[tuple[str, Submission, Locate]],
    w_locate: Locate,
) -> list[Problem]:
    """Errors and warnings across workshops, submissions and the plan. ``submissions``: (file,
    Submission, locate) triples, each ``locate`` locating a path inside its own file."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, w in enumerate(workshops):
        if w.id in seen:
            problems.append(w_locate(("samlinger", i, "id"), f"samlingen «{w.id}» står to ganger"))
        seen[w.id] = i
        if w.deadline and w.deadline > w.date:
            problems.append(w_locate(("samlinger", i, "påmeldingsfrist"), "påmeldingsfristen er etter samlingen"))
    items = {item.id for _, item, _ in plan.items()} if plan is not None else None
    ids: set[str] = set()
    for file, s, locate in submissions:
        stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if s.id in ids:
            problems.append(locate(("id",), f"innspillet «{s.id}» finnes i en annen fil også"))
        ids.add(s.id)
        if stem != s.id:
            problems.append(locate(("id",), f"filen bør hete {s.id}.yaml etter id-en", warning=True))
        if s.workshop is not None and s.workshop not in seen:
            problems.append(
                locate(
                    ("samling",), f"innspillet viser til samlingen «{s.workshop}», som ikke finnes i {WORKSHOPS_FILE}"
                )
            )
        if items is not None:
            for key, refs in (("gjelder", s.concerns), ("endret", s.changed)):
                for k, ref in enumerate(refs):
                    if ref not in items:  # a warning: the item may have been removed since (even because of it)
                        problems.append(
                            locate(
                                (key, k),
                                f"innspillet viser til «{ref}», som ikke finnes i planen (fjernet, eller skrevet feil?)",
                                warning=True,
                            )
                        )
        if s.outcome in CHANGING_OUTCOMES and not s.changed:
            problems.append(
                locate(
                    ("utfall",), f"utfallet er «{s.outcome}», men «endret» nevner ingen punkter i planen", warning=True
                )
            )
        if s.changed and s.outcome not in CHANGING_OUTCOMES:
            problems.append(
                locate(
                    ("endret",),
                    "«endret» nevner punkter, men utfallet er ikke «tatt til følge» eller «delvis tatt til følge»",
                    warning=True,
                )
            )
        if s.outcome is not None and s.assessment is None:
            problems.append(locate(("utfall",), "innspillet har utfall, men ingen vurdering", warning=True))
    return problems
