"""Which earlier version of the plan a body is shown changes against, and how to name a
version in words. Pure: stage tags in, a tag and Norwegian words out.

The base of «Endringer siden forrige behandling» (and of ``plan diff`` without A) is the
version the receiving body, or the body before it, last treated:

* in the current round, the newest treatment by a body that meets (role «innstiller» or
  «vedtar»), whatever its outcome: after a send-back, the version that was sent back; after
  formannskapet's innstilling, the version formannskapet recommended;
* in a new round (plan revise) no body has met on yet: the adopted plan;
* else the newest draft of the round (the project group's «utkast»);
* none when the plan has no history.
"""

from __future__ import annotations

from workflow.plan.processmodel import Process
from workflow.process.stages import ADOPTED
from workflow.process.tags import StageTag
from workflow.text.norwegian import LOCALES, format_date
from workflow.text.wording import in_text, of_body_in_text

MEETING_ROLES = ("innstiller", "vedtar")


def comparison_base(process: Process, line: list[StageTag]) -> StageTag | None:
    """The version to compare with, from the stage tags of one line of history (oldest first)."""
    roles = {b.id: b.role for b in process.bodies}
    readable = [t for t in line if not t.error]
    starts = [i for i, t in enumerate(readable) if t.starts_round]
    round_ = readable[starts[-1] + 1 :] if starts else readable
    meetings = [t for t in round_ if roles.get(t.stage) in MEETING_ROLES]
    if meetings:
        return meetings[-1]
    if starts:
        adopted = adopted_tag(process, readable[: starts[-1]])
        if adopted is not None:
            return adopted
    drafts = [t for t in round_ if roles.get(t.stage) == "utkast"]
    return drafts[-1] if drafts else None


def adopted_tag(process: Process, line: list[StageTag]) -> StageTag | None:
    roles = {b.id: b.role for b in process.bodies}
    found = [
        t
        for t in line
        if not t.error
        and not t.starts_round
        and roles.get(t.stage) == "vedtar"
        and t.treatment is not None
        and t.treatment.outcome in ADOPTED
    ]
    return found[-1] if found else None


def describe(tag: StageTag, process: Process | None, language: str = "bokmål") -> str:
    """The version at a stage tag in words, for use inside a sentence: «planen formannskapet
    behandlet 22. oktober 2020», «vedtatt plan 18. juni 2020», «prosjektgruppens utkast 20. april
    2020», «høringsutkastet 14. mai 2020»; in nynorsk with ``language`` «nynorsk» («planen
    formannskapet handsama 22. oktober 2020», «utkastet frå prosjektgruppa 20. april 2020» …)."""
    nynorsk = language == "nynorsk"
    date = format_date(tag.date, LOCALES.get(language, "nb"))
    if tag.starts_round:
        return f"planen då revisjonen starta {date}" if nynorsk else f"planen da revisjonen startet {date}"
    bodies = {b.id: b for b in process.bodies} if process else {}
    body = bodies.get(tag.stage)
    name = body.name if body else tag.stage
    role = body.role if body else None
    outcome = tag.treatment.outcome if tag.treatment else None
    if role == "vedtar" and outcome in ADOPTED:
        return f"vedteken plan {date}" if nynorsk else f"vedtatt plan {date}"
    if role == "utkast":
        return f"utkastet frå {in_text(name)} {date}" if nynorsk else f"{of_body_in_text('utkastet', name)} {date}"
    if role == "høring":
        return f"høyringsutkastet {date}" if nynorsk else f"høringsutkastet {date}"
    if outcome == "sendt tilbake":
        verb = "sende tilbake" if nynorsk else "sendte tilbake"
        return f"planen {in_text(name)} {verb} {date}"
    return f"planen {in_text(name)} {'handsama' if nynorsk else 'behandlet'} {date}"
