"""The saksframlegg's part of participation: the section «Medvirkning og høring», the
workshops and the list of attachments (``case_part``, passed to ``documents.context.case_context``
by the caller, since the documents room sits below this one), and ``plan check``'s warnings
about the attachments sak.yaml lists. Pure functions over the project (and the treatments so
far).

No sender is named here: the saksframlegg shows counts, workshops and the items changed
because of input. Who said what is in the attachment «Innkomne innspill og merknadsbehandling»
(``documents.py``), which shows senders only through its public view (``public.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workflow.documents.context import CasePart, Markdown
from workflow.documents.names import document_names
from workflow.documents.situation import situation_name
from workflow.errors import Problem
from workflow.participation.documents import MERKNAD_TITLE, attachment_name
from workflow.participation.public import CHANNEL_TEXT, OUTCOME_TEXT
from workflow.plan.model import Attachment, Plan, Project, Treatment
from workflow.plan.participation import CHANGING_OUTCOMES, CHANNELS, HEARING, OUTCOMES
from workflow.plan.source import Source
from workflow.text.markdown import plain
from workflow.text.norwegian import count_words, format_date, format_period, format_weekday_date, join_words
from workflow.text.words import LOCALE

KIND_TEXT = {
    "satsingsområde": "Satsingsområde",
    "mål": "Mål",
    "ambisjon": "Ambisjon",
    "strategi": "Strategi",
    "tiltak": "Tiltak",
}
SHORT = 90
NOUNS = {  # singular and plural, for counts in running text
    "bokmål": {"workshop": ("samling", "samlinger"), "statement": ("høringsuttalelse", "høringsuttalelser")},
    "nynorsk": {"workshop": ("samling", "samlingar"), "statement": ("høyringsuttale", "høyringsuttaler")},
}


def case_part(project: Project, history: Sequence[Treatment] = ()) -> CasePart:
    """What participation adds to the saksframlegg (``documents.context.case_context``):
    ``case.attachments``, ``case.workshops`` and ``participation``."""
    return {
        "attachments": case_attachments(project),
        "workshops": workshop_rows(project, LOCALE[project.plan.language]),
        "participation": participation_context(project, history),
    }


def built_titles(project: Project) -> dict[str, str]:
    """Title → file name of the documents the tool builds for the case."""
    plan = project.plan
    titles = {f"{plan.title} {format_period(plan.period.start, plan.period.end)}": document_names(plan)[0]}
    if project.situation is not None:  # the ståstedsanalyse (documents/situation.py)
        titles[project.situation.title] = situation_name(project)
    if project.submissions:
        titles[MERKNAD_TITLE] = attachment_name(plan)
    return titles


def case_attachments(project: Project) -> list[str]:
    """The saksframlegg's «Vedlegg»: what is built and sent with the case, by document title.
    The entries of sak.yaml come first, in their order (so «vedlegg 1» in the texts stays the
    plan when sak.yaml lists it first), those the tool builds and the files that exist in the
    repository (``plan check`` warns about the others, which are left out); then every document
    the tool builds for the case that sak.yaml does not list (the plan, the situation analysis,
    the input attachment): sak.yaml may add attachments, never drop one that is sent."""
    built = {title.casefold(): title for title in built_titles(project)}
    listed: list[str] = []
    for a in project.case.attachments:
        title = a.title if isinstance(a, Attachment) else built.get(a.strip().casefold())
        if title is not None and title.casefold() not in {t.casefold() for t in listed}:
            listed.append(title)
    seen = {t.casefold() for t in listed}
    return listed + [title for key, title in built.items() if key not in seen]


def attachment_problems(project: Project, source: Source) -> list:
    """A promised attachment that does not exist: a warning for ``plan check``."""
    built = built_titles(project)
    problems = []
    for entry in project.case.attachments:
        if isinstance(entry, Attachment):
            if source.read(entry.file) is None:
                problems.append(
                    Problem(
                        "plan/sak.yaml",
                        0,
                        0,
                        f"vedlegget «{entry.title}»: filen {entry.file} finnes ikke",
                        warning=True,
                    )
                )
        elif entry.strip().casefold() not in {t.casefold() for t in built}:
            known = join_words([f"«{t}»" for t in built])
            problems.append(
                Problem(
                    "plan/sak.yaml",
                    0,
                    0,
                    f"vedlegget «{entry}» lages ikke av verktøyet og er ingen fil (oppgi tittel og fil, eller bruk {known}); det blir ikke med i saksframlegget",
                    warning=True,
                )
            )
    return problems + reference_problems(project, source)


REFERENCE = re.compile(r"\bvedlegg(?:et)?\s+(?:nr\.\s*)?(\d+)|\bvedlegget\s+«([^»]+)»", re.IGNORECASE)


def reference_problems(project: Project, source: Source) -> list:
    """A text of sak.yaml that refers to an attachment the case does not list («vedlegg 4» of
    three, «vedlegget «Kart»» when no attachment has that title): a warning for ``plan check``."""
    case = project.case
    listed = case_attachments(project)
    titles = {t.casefold() for t in listed}
    texts = [case.proposal, *case.proposals.values(), case.organisation, case.participation]
    texts += [case.assessment, case.consequences]
    raw = (source.read("plan/sak.yaml") or b"").decode("utf-8", "replace").splitlines()
    problems = []
    for match in (m for text in texts if text for m in REFERENCE.finditer(text)):
        number, title = match.group(1), match.group(2)
        if (number and 1 <= int(number) <= len(listed)) or (title and title.casefold() in titles):
            continue
        needle = match.group(0).casefold()
        line = next((i for i, text in enumerate(raw, start=1) if needle in text.casefold()), 0)
        what = f"vedlegg {number}, men saken har {len(listed)} vedlegg" if number else f"vedlegget «{title}»"
        what += "" if number else ", som ikke er med i vedleggslisten"
        problems.append(Problem("plan/sak.yaml", line, 1 if line else 0, f"teksten viser til {what}", warning=True))
    return problems


def workshop_rows(project: Project, locale: str = "nb") -> list[dict]:
    """The workshops for «Prosess og samlinger»: from plan/samlinger.yaml, else sak.yaml."""
    return [
        {
            "date": format_date(w.date, locale),
            "weekday_date": format_weekday_date(w.date, locale),
            "time": w.time,
            "place": w.place,
            "topic": None if w.topic is None else Markdown(w.topic),
            "participants": w.participants,
        }
        for w in (project.workshops or project.case.workshops)
    ]


def item_label(plan: Plan, item_id: str) -> str:
    """«Tiltak T2.3: Kartlegge og regulere ledige …» (the first words of its text)."""
    for kind, item, _area in plan.items():
        if item.id == item_id:
            text = getattr(item, "text", None) or getattr(item, "name", None) or getattr(item, "indicator", "")
            text = plain(text).split("\n")[0].rstrip(":") if text else ""
            if len(text) > SHORT:
                text = text[: SHORT - 1].rsplit(" ", 1)[0] + " …"
            return f"{KIND_TEXT.get(kind, kind)} {item_id}: {text}"
    return item_id


def hearing_of(project: Project, history: Sequence[Treatment]) -> dict | None:
    """The last public consultation in the treatments: start, deadline."""
    roles = {b.id: b.role for b in project.process.bodies}
    hearings = [t for t in history if roles.get(t.stage) == "høring"]
    if not hearings:
        return None
    t = hearings[-1]
    return {
        "start": format_date(t.date),
        "deadline": format_date(t.deadline),
        "start_date": t.date,
        "deadline_date": t.deadline,
    }


def participation_context(project: Project, history: Sequence[Treatment] = ()) -> dict | None:
    """The saksframlegg's section on participation and the hearing; None when the plan has no
    workshops, no submissions and no hearing yet.

    ``{"workshops": [...], "workshops_text" («to samlinger»), "total", "by_channel": [{"channel", "count"}], "by_outcome":
    [{"outcome", "count"}], "open": n, "changes": [{"label", "count"}], "hearing": {"start",
    "deadline", "count", "count_text" («én høringsuttalelse»)} | None, "examples": bool}``
    """
    submissions = project.submissions
    hearing = hearing_of(project, history)
    workshops = workshop_rows(project)
    if not submissions and not workshops and hearing is None:
        return None
    by_channel = [
        {"channel": CHANNEL_TEXT[c], "count": n}
        for c in CHANNELS
        if (n := sum(1 for s in submissions if s.channel == c))
    ]
    by_outcome = [
        {"outcome": OUTCOME_TEXT[o], "count": n}
        for o in (*OUTCOMES, None)
        if (n := sum(1 for s in submissions if s.outcome == o))
    ]
    caused: dict[str, int] = {}
    for s in submissions:
        if s.outcome in CHANGING_OUTCOMES:
            for ref in s.changed:
                caused[ref] = caused.get(ref, 0) + 1
    order = {item.id: i for i, (_, item, _) in enumerate(project.plan.items())}
    changes = [
        {"label": item_label(project.plan, ref), "count": n}
        for ref, n in sorted(caused.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    ]
    language = project.plan.language
    if hearing is not None:
        count = sum(1 for s in submissions if s.channel == HEARING)
        hearing = {
            "start": hearing["start"],
            "deadline": hearing["deadline"],
            "count": count,
            "count_text": count_words(count, *NOUNS[language]["statement"], "m", language),
        }
    return {
        "workshops": workshops,
        "workshops_text": count_words(len(workshops), *NOUNS[language]["workshop"], "f", language),
        "total": len(submissions),
        "by_channel": by_channel,
        "by_outcome": by_outcome,
        "open": sum(1 for s in submissions if s.outcome is None),
        "changes": changes,
        "hearing": hearing,
        "examples": any(s.example for s in submissions),
        "attachment": MERKNAD_TITLE if submissions else None,
    }
