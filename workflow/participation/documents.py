"""The participation documents: the invitation letter to a workshop and the attachment
«Innkomne innspill og merknadsbehandling». Contexts are pure; the builders render the Word
templates (``templates/invitasjon.docx``, ``templates/innspill.docx``) like the other
documents: sandboxed, strict, deterministic bytes.

Names the templates can use (besides ``municipality``, ``plan`` and ``date`` as in the plan):

Invitasjonen:
  letter.date, letter.reference
  workshop.id, .title, .heading, .date, .weekday_date, .short_date, .time, .place, .topic,
    .programme[] (time, text), .invited, .deadline, .contact_text, .background, .purpose,
    .practical, .signature
Innspill og merknadsbehandling:
  attachment.title, .intro, .examples, .total, .by_outcome[] (outcome, count),
  attachment.groups[]: title, count, rows[]: number, id, sender, sender_type_text, received_short,
    channel_text, summary, assessment, outcome_text, concerns_text, changed_text
  (every row is built from ``public.public_view``: private persons are never named)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workflow.documents.context import Markdown, plan_context
from workflow.documents.names import document_names, template_for
from workflow.documents.build import FALLBACK_WHEN
from workflow.documents.render import find_template, render_docx, undeclared_names
from workflow.errors import BuildError, Problem, TemplateError
from workflow.participation.public import OUTCOME_TEXT, public_view
from workflow.plan.model import Plan, Project
from workflow.plan.participation import CHANNELS, OUTCOMES
from workflow.text.norwegian import format_date, format_short_date, format_weekday_date, slug
from workflow.resources import default_templates_dir
from workflow.text.words import followup_text, in_målform

if TYPE_CHECKING:
    from workflow.plan.participation import Gathering
    from workflow.plan.source import Source

MERKNAD_TITLE = "Innkomne innspill og merknadsbehandling"
INVITATION_TEMPLATE = "invitasjon.docx"
MERKNAD_TEMPLATE = "innspill.docx"
GROUP_TITLES = {
    "samling": "Innspill fra samlingene",
    "nettskjema": "Innspill fra nettskjemaet",
    "e-post": "Innspill på e-post",
    "brev": "Innspill i brev",
    "sosiale medier": "Innspill i sosiale medier",
    "høring": "Høringsuttalelser",
}


def attachment_name(plan: Plan) -> str:
    """The file name of the attachment, beside the plan document: ``…-innspill.docx``."""
    return document_names(plan)[0].removesuffix(".docx") + "-innspill.docx"


def _md(text: str | None) -> Markdown | None:
    return None if text is None else Markdown(text)


def find_workshop(project: Project, workshop_id: str) -> Gathering:
    for w in project.workshops:
        if w.id == workshop_id:
            return w
    known = ", ".join(w.id for w in project.workshops) or "ingen (legg dem i plan/samlinger.yaml)"
    raise BuildError(f"ukjent samling «{workshop_id}» (samlingene er: {known})")


NBSP = "\u00a0"


def invitation_context(project: Project, workshop_id: str) -> dict[str, Any]:
    w = find_workshop(project, workshop_id)
    context = plan_context(project, when=w.letter_date)
    contact = None
    if w.contact is not None:
        # a phone number is never split over two lines: no-break spaces («tlf. 62 47 00 00»)
        phone = NBSP.join(["tlf.", *w.contact.phone.split()]) if w.contact.phone else None
        parts = [w.contact.role, w.contact.email, phone]
        contact = ", ".join(p for p in parts if p)
    heading = f"{w.title + ', ' if w.title else ''}{format_weekday_date(w.date)}{', kl. ' + w.time if w.time else ''}, {w.place}"
    context["letter"] = {"date": format_date(w.letter_date), "reference": project.case.archive_case}
    context["plan"]["title_lower"] = project.plan.title[:1].lower() + project.plan.title[1:]
    context["workshop"] = {
        "id": w.id,
        "title": w.title,
        "heading": heading,
        "date": format_date(w.date),
        "weekday_date": format_weekday_date(w.date),
        "short_date": format_short_date(w.date),
        "time": w.time,
        "place": w.place,
        "topic": _md(w.topic),
        "programme": [{"time": item.time, "text": item.text} for item in w.programme],
        "invited": w.invited,
        "deadline": format_date(w.deadline),
        "contact_text": contact,
        "background": _md(w.background),
        "purpose": _md(w.purpose),
        "practical": _md(w.practical),
        "signature": w.signature,
    }
    return context


def invitation_set(workshop: str) -> str:
    """The output set (``documents/outputs.write_set``'s ``kind``) of a workshop's invitation letter (and its PDF): a set of its own per workshop,
    so it neither replaces the case documents nor another workshop's letter."""
    return f"invitasjon-{workshop}"


def invitation_name(project: Project, workshop_id: str) -> str:
    municipality = slug(project.plan.municipality.name) or "kommune"
    return f"{municipality}-invitasjon-{slug(workshop_id) or 'samling'}.docx"


def build_invitation(
    project: Project, root: Path, workshop_id: str, *, source: Source | None = None
) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the invitation letter to one workshop. Dated with the
    letter date (or the workshop's date), never the clock."""
    context = invitation_context(project, workshop_id)
    w = find_workshop(project, workshop_id)
    day = w.letter_date or w.date
    when = dt.datetime.combine(day, dt.time(12), dt.timezone.utc)
    data = render_docx(
        find_template(template_for(INVITATION_TEMPLATE, project.plan.language), root, source),
        context,
        title=f"Invitasjon: {context['workshop']['heading']}",
        when=when,
    )
    return invitation_name(project, workshop_id), data


def attachment_context(project: Project, when: dt.datetime | dt.date | None = None) -> dict[str, Any]:
    """Everything the attachment shows; every submission through ``public_view``."""
    context = plan_context(project, when=when)
    language = project.plan.language
    views = [public_view(s) for s in project.submissions]
    groups = []
    number = 0
    for channel in CHANNELS:
        rows = []
        for view in views:
            if view["channel"] != channel:
                continue
            number += 1
            rows.append(
                {
                    "number": number,
                    "id": view["id"],
                    "sender": view["sender"],
                    "sender_type_text": view["sender_type_text"],
                    "received_short": view["received_short"],
                    "channel_text": view["channel_text"],
                    "summary": _md(view["summary"]),
                    "assessment": _md(view["assessment"] or followup_text(language, "Ikke vurdert ennå.")),
                    "outcome_text": view["outcome_text"],
                    "concerns_text": ", ".join(view["concerns"]) or None,
                    "changed_text": ", ".join(view["changed"]) or None,
                }
            )
        if rows:
            groups.append({"title": GROUP_TITLES[channel], "count": len(rows), "rows": rows})
    by_outcome = [
        {"outcome": OUTCOME_TEXT[o], "count": n}
        for o in (*OUTCOMES, None)
        if (n := sum(1 for v in views if v["outcome"] == o))
    ]
    context["attachment"] = {
        "title": MERKNAD_TITLE,
        "intro": (
            f"Vedlegget viser alle {len(views)} innspill som er kommet inn i arbeidet med planen – fra samlinger, "
            "nettskjema, e-post, sosiale medier og den offentlige høringen – med administrasjonens vurdering "
            "og utfallet for hvert av dem."
        ),
        "examples": any(v["example"] for v in views),
        "total": len(views),
        "by_outcome": by_outcome,
        "groups": groups,
    }
    keep = frozenset({"sender", "summary", "assessment", "concerns_text", "changed_text", "id", "received_short"})
    context["attachment"] = in_målform(context["attachment"], language, keep)
    return context


def build_attachment(
    project: Project, root: Path, *, when: dt.datetime | dt.date, source: Source | None = None
) -> dict[str, bytes]:
    """{file name: .docx bytes} of «Innkomne innspill og merknadsbehandling»; empty when the
    plan has no submissions."""
    if not project.submissions:
        return {}
    context = attachment_context(project, when)
    data = render_docx(
        find_template(template_for(MERKNAD_TEMPLATE, project.plan.language), root, source),
        context,
        title=f"{context['attachment']['title']}: {context['plan']['full_title']}",
        when=when,
    )
    return {attachment_name(project.plan): data}


def template_problems(project: Project, root: Path, source: Source) -> list[Problem]:
    """Problems in the repository's own invitation and attachment templates (missing names,
    Jinja syntax), found by rendering them with the plan's own data; the shipped templates
    are tested by the test suite."""
    contexts: dict[str, Callable[[], dict[str, Any]]] = {}
    if project.workshops:
        contexts[INVITATION_TEMPLATE] = lambda: invitation_context(project, project.workshops[0].id)
    if project.submissions:
        contexts[MERKNAD_TEMPLATE] = lambda: attachment_context(project, FALLBACK_WHEN)
    git = source if source.commit is not None else None
    problems: list[Problem] = []
    for name, make in contexts.items():
        where = f"templates/{name}"
        try:
            template = find_template(name, root, git)
            shipped = default_templates_dir() / name
            if shipped.is_file() and shipped.read_bytes() == template.data:
                continue
            context = make()
            unknown = [n for n in undeclared_names(template) if n not in context]
            for n in unknown:
                problems.append(Problem(where, 0, 0, f"malen bruker navnet «{n}», som ikke finnes i dataene"))
            if not unknown:
                render_docx(template, context, title="", when=FALLBACK_WHEN)
        except TemplateError as exc:
            problems.append(Problem(where, 0, 0, exc.message))
    return problems
