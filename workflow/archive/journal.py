"""The records of one stage, as the archive and the public journal (postliste) see them.

A stage tag is one treatment of the case. Its records are the documents the body treated
(the saksframlegg with the plan and the other documents as attachments), the treatment itself
as a meeting case (møtesak) when a political body decided, and every submission (innspill)
received since the previous stage up to the meeting: an incoming record (I) each, with the
sender as correspondent. A private person's name stays in the screened fields only; the public
title comes from ``participation.public.public_view``, the one place that decides what the
public may see of a submission.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workflow.participation.public import public_view
from workflow.plan.model import Project, Treatment
from workflow.text.norwegian import format_period, format_short_date
from workflow.text.wording import in_text

MEETING_ROLES = ("innstiller", "vedtar")  # bodies whose treatment is a møtesak
# The records' own words in the plan's målform (the titles the archive and the postliste show).
PHRASES = {
    "bokmål": {
        "case": "saksframlegg til {body}",
        "hearing": "høringsutkast lagt ut på offentlig høring",
        "meeting": "behandling i {body}",
        "input": "Innspill fra {sender}",
        "private": "privatperson",
    },
    "nynorsk": {
        "case": "saksframlegg til {body}",
        "hearing": "høyringsutkast lagt ut på offentleg høyring",
        "meeting": "handsaming i {body}",
        "input": "Innspel frå {sender}",
        "private": "privatperson",
    },
}


@dataclass(frozen=True)
class Document:
    title: str
    file: str  # the document's file name as built (the .docx the stage tag records)
    main: bool  # the main document (hoveddokument) of its record, else an attachment


@dataclass(frozen=True)
class Entry:
    """One record: ``kind`` is a journalposttype (N, U, I, …) or «møtesak»."""

    key: str  # the external key (referanseEksternNoekkel/noekkel): the tag name, with a suffix
    kind: str
    date: dt.date
    title: str  # the archive's title: may hold a private person's name (then ``screened``)
    public_title: str  # never a private person's name
    screened: bool = False
    sender: str | None = None  # the correspondent (I): the real name, screened when private
    sender_is_person: bool = False
    documents: tuple[Document, ...] = ()
    summary: str | None = None  # the public summary of a submission


def case_title(project: Project) -> str:
    plan = project.plan
    return project.case.title or f"{plan.title} {plan.period.start}–{plan.period.end}"


def document_title(file: str, project: Project) -> str:
    """A built document's title from its file name (the names ``plan build`` gives)."""
    stem = file.rsplit(".", 1)[0]
    if stem.endswith("saksframlegg"):
        return f"Saksframlegg: {case_title(project)}"
    if stem.endswith("-innspill"):
        return "Innkomne innspill og merknadsbehandling"
    if stem.endswith("staastedsanalyse"):
        own = getattr(project.situation, "title", None)  # plan/staastedsanalyse.yaml
        return own if isinstance(own, str) else f"Ståstedsanalyse for {project.plan.municipality.name}"
    return f"{project.plan.title} {project.plan.period.start}–{project.plan.period.end}"


def _documents(names: list[str], project: Project) -> tuple[Document, ...]:
    """The saksframlegg first (the main document), then the plan, then the others by name."""

    def order(name: str) -> tuple[int, str]:
        stem = name.rsplit(".", 1)[0]
        rank = 0 if stem.endswith("saksframlegg") else 2 if stem.endswith(("-innspill", "staastedsanalyse")) else 1
        return (rank, name)

    ordered = sorted(names, key=order)
    return tuple(Document(document_title(n, project), n, i == 0) for i, n in enumerate(ordered))


def stage_entries(
    project: Project,
    treatment: Treatment,
    tag: str,
    body_name: str,
    role: str,
    since: dt.date | None,
    case_post_type: str = "N",
) -> list[Entry]:
    """The records of the stage ``tag`` (its ``treatment`` by a body named ``body_name`` with
    ``role``); ``since``: the previous stage's date (submissions after it belong here)."""
    title = case_title(project)
    words = PHRASES.get(project.plan.language, PHRASES["bokmål"])
    when = treatment.case_date or treatment.date
    docs = _documents(sorted(treatment.documents), project)
    entries: list[Entry] = []
    if docs:
        hearing = role == "høring"
        kind = "U" if hearing else case_post_type
        what = words["hearing"] if hearing else words["case"].format(body=in_text(body_name))
        name = f"{title} – {what} {format_short_date(treatment.date)}"
        entries.append(Entry(tag, kind, when, name, name, documents=docs))
    entries += meeting_entry(title, words, treatment, tag, body_name, role)
    entries += submission_entries(project, tag, title, since, treatment.date)
    return entries


def meeting_entry(
    title: str, words: dict[str, str], treatment: Treatment, tag: str, body_name: str, role: str
) -> list[Entry]:
    """The treatment as a meeting case, when a political body decided (else nothing)."""
    if role not in MEETING_ROLES or not (treatment.case_number or treatment.decision or treatment.recommendation):
        return []
    name = f"{title} – {words['meeting'].format(body=in_text(body_name))} {format_short_date(treatment.date)}"
    if treatment.case_number:
        name += f" ({treatment.case_number})"
    return [Entry(f"{tag}#møtesak", "møtesak", treatment.date, name, name)]


def action_title(project: Project, year: int) -> str:
    """The yearly action plan's case title, as its documents have it."""
    plan = project.plan
    return f"Handlingsplan {year} – {plan.title} {format_period(plan.period.start, plan.period.end)}"


def action_entries(
    project: Project,
    treatment: Treatment,
    tag: str,
    year: int,
    body_name: str,
    role: str,
    case_post_type: str = "N",
) -> list[Entry]:
    """The records of the action plan treatment ``tag`` (``handlingsplan-YYYY/BODY/DATE``): its
    saksframlegg with the action plan as attachment, and the treatment as a meeting case. The
    action plan has no hearing, so no submissions."""
    title = action_title(project, year)
    words = PHRASES.get(project.plan.language, PHRASES["bokmål"])
    case_docs = {n: n.rsplit(".", 1)[0].endswith("saksframlegg") for n in treatment.documents}
    names = sorted(case_docs, key=lambda n: (not case_docs[n], n))
    docs = tuple(Document(f"Saksframlegg: {title}" if case_docs[n] else title, n, i == 0) for i, n in enumerate(names))
    entries: list[Entry] = []
    if docs:
        name = f"{title} – {words['case'].format(body=in_text(body_name))} {format_short_date(treatment.date)}"
        entries.append(Entry(tag, case_post_type, treatment.case_date or treatment.date, name, name, documents=docs))
    return entries + meeting_entry(title, words, treatment, tag, body_name, role)


def submission_entries(project: Project, tag: str, title: str, since: dt.date | None, until: dt.date) -> list[Entry]:
    """An incoming record per submission received after ``since`` up to ``until``."""
    words = PHRASES.get(project.plan.language, PHRASES["bokmål"])
    out = []
    for sub in sorted(project.submissions, key=lambda s: (s.received, s.id)):
        if sub.received > until or (since is not None and sub.received <= since):
            continue
        view = public_view(sub)
        private = not view["named"]
        out.append(
            Entry(
                f"{tag}#innspill/{sub.id}",
                "I",
                sub.received,
                f"{words['input'].format(sender=sub.sender)} – {title}",
                f"{words['input'].format(sender=words['private'] if private else view['sender'])} – {title}",
                screened=private,
                sender=sub.sender,
                sender_is_person=sub.sender_type == "innbygger",
                summary=view["summary"],
            )
        )
    return out
