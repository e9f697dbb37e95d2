"""The public view of a submission: the ONE place that decides what the public may see.

Every public output (the attachment «Innkomne innspill og merknadsbehandling», the web
edition, exports) shows a submission only through ``public_view``. A private person's name is
personal data: it is shown as «privatperson» unless the record says the sender agreed to be
named (``kan_navngis: true``). Businesses, organisations, public bodies and political parties
are named. The raw text of a private person's submission is not shown either (it may hold a
signature or an address): the clerk's summary is, or the text when the sender may be named.
The internal register (the YAML files) keeps everything.
"""

from __future__ import annotations

from typing import Any

from workflow.plan.participation import Submission
from workflow.text.norwegian import format_date, format_short_date

# Senders whose name is never personal data: organisations, businesses, public bodies, parties.
NAMED_TYPES = ("bedrift", "organisasjon", "offentlig organ", "politisk parti")
PRIVATE = "Privatperson"
CHANNEL_TEXT = {
    "samling": "Samlinger",
    "nettskjema": "Nettskjema",
    "e-post": "E-post",
    "brev": "Brev",
    "sosiale medier": "Sosiale medier",
    "høring": "Høringsuttalelser",
}
OUTCOME_TEXT = {
    "tatt til følge": "Tatt til følge",
    "delvis tatt til følge": "Delvis tatt til følge",
    "ikke tatt til følge": "Ikke tatt til følge",
    "tatt til orientering": "Tatt til orientering",
    None: "Ikke behandlet ennå",
}
SENDER_TYPE_TEXT = {
    "innbygger": "Innbygger",
    "bedrift": "Bedrift",
    "organisasjon": "Organisasjon",
    "offentlig organ": "Offentlig organ",
    "politisk parti": "Politisk parti",
}
NO_SUMMARY = "Innspillet er registrert; sammendrag kommer."


def may_be_named(submission: Submission) -> bool:
    return submission.sender_type in NAMED_TYPES or submission.may_name


def public_view(submission: Submission) -> dict[str, Any]:
    """What the public may see of ``submission``, ready to print (Norwegian dates, labels).

    ``{"id", "received" (date), "received_text" («20. mai 2020»), "received_short"
    («20.05.2020»), "channel", "channel_text", "sender" (name or «Privatperson»),
    "sender_type", "sender_type_text", "named" (bool), "summary" (Markdown source),
    "assessment" (Markdown source or None), "outcome", "outcome_text", "concerns" [ids],
    "changed" [ids], "version", "workshop", "example" (bool)}``
    """
    named = may_be_named(submission)
    if submission.summary is not None:
        summary = submission.summary
    elif named:
        summary = submission.text
    else:
        summary = NO_SUMMARY
    return {
        "id": submission.id,
        "received": submission.received,
        "received_text": format_date(submission.received),
        "received_short": format_short_date(submission.received),
        "channel": submission.channel,
        "channel_text": CHANNEL_TEXT[submission.channel],
        "sender": submission.sender if named else PRIVATE,
        "sender_type": submission.sender_type,
        "sender_type_text": SENDER_TYPE_TEXT[submission.sender_type],
        "named": named,
        "summary": summary,
        "assessment": submission.assessment,
        "outcome": submission.outcome,
        "outcome_text": OUTCOME_TEXT[submission.outcome],
        "concerns": list(submission.concerns),
        "changed": list(submission.changed),
        "version": submission.version,
        "workshop": submission.workshop,
        "example": submission.example,
    }
