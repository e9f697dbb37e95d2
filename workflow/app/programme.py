"""The planning programme (planprogram, issue 22) at the edge: its own process of treatments
(``planprogram:`` in plan/prosess.yaml, tags ``planprogram/BODY/DATE``), written by ``plan
advance BODY --planprogram``. Formannskapet sends the programme on hearing, kommunestyret fixes
it («fastsetter»); a plan whose process declares a programme goes to its first political
treatment only after that. The rules are those of ``process/stages.py``; no documents are built
for the programme's tags (the programme is its own document, outside plan/).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.revision import fixed_tag, load_at
from workflow.app.step import Meeting, Step, next_tagger_date
from workflow.errors import PlanError, StageError
from workflow.plan.model import Body, Process
from workflow.process import git as g
from workflow.process import stages
from workflow.process.tags import StageTag, format_message, format_programme_tag

if TYPE_CHECKING:
    from workflow.process.git import Repository


def check_programme_fixed(repo: Repository, head: str, process: Process, body: Body, date: dt.date) -> None:
    """A plan whose process declares a planning programme goes to its first political
    treatment (anything but a draft) only after the programme was fixed, on an earlier day."""
    if not process.programme or body.role == "utkast":
        return
    tag = fixed_tag(repo, head, process)
    if tag is None:
        raise StageError(
            "planprogrammet er ikke fastsatt ennå (plan/prosess.yaml har «planprogram:»); registrer behandlingene "
            f"av det med «plan advance ORGAN --planprogram --date ÅÅÅÅ-MM-DD» før {body.name} behandler planen"
        )
    if date < tag.date:
        raise StageError(
            f"møtedatoen {date.isoformat()} er før planprogrammet ble fastsatt ({tag.name}); datoene må følge hverandre"
        )


def prepare_programme_step(
    root: Path, repo: Repository, stage: str, date: dt.date, meeting: Meeting = Meeting()
) -> Step:
    """Every check of ``plan advance BODY --planprogram``; the tag to write (StageError when refused)."""
    meeting = meeting.checked()
    head = g.head_commit(repo)
    try:
        project, _ = load_at(repo, root, head)
    except PlanError as exc:
        raise StageError("planen kan ikke leses:\n" + exc.format_message()) from None
    process = stages.programme_process(project.process)
    if process is None:
        raise StageError(
            "plan/prosess.yaml har ingen behandling av et planprogram; legg organene inn under «planprogram:» først"
        )
    line = _programme_line(repo, head)
    body = stages.resolve_body(process, stage, stages.state(process, line))
    st, outcome = stages.check_advance(process, line, body, date, meeting.outcome, meeting.deadline)
    treatment = meeting.treatment(body, date, outcome)
    message = "Planprogram: " + format_message(treatment, body.label())
    return Step(_free_name(repo, body, date, st), head, message, next_tagger_date(line), treatment, body)


def _programme_line(repo: Repository, head: str) -> list[StageTag]:
    """The programme's tags on the line of ``head``; refused when a readable one is not on it."""
    line = g.programme_tags(repo, merged=head)
    on_line = {t.name for t in line}
    beyond = [t for t in g.programme_tags(repo) if t.name not in on_line and not t.error]
    if beyond:
        raise StageError(
            f"commit {head[:10]} bygger ikke på forrige steg {beyond[-1].name}: sjekk ut en commit som har den i historien"
        )
    return line


def _free_name(repo: Repository, body: Body, date: dt.date, st: stages.State) -> str:
    """The tag name; ``-2``, ``-3``… only for a body treating the programme again the same day."""
    mine = {t.name for t in st.round}
    seq = 1
    while g.tag_exists(repo, format_programme_tag(body.id, date, seq)):
        if format_programme_tag(body.id, date, seq) not in mine:
            raise StageError(
                f"taggen {format_programme_tag(body.id, date, seq)} finnes allerede; verktøyet flytter eller sletter aldri tagger"
            )
        seq += 1
    return format_programme_tag(body.id, date, seq)
