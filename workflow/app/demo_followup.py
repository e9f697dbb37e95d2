"""``plan demo`` past the adoption: illustrative follow-up of the Os plan through 2021 and 2022.

Status entries are recorded through the same function as ``plan rapporter`` (with its checks),
the action plan for 2022 is rolled with ``plan handlingsplan rull``, edited (one measure
re-costed, one delayed, one new), committed and treated with the budget in November and
December 2021 (tags ``handlingsplan-2022/…``), and the annual report for 2021 is built. The
figures are made up for the demo; the dates follow a municipality's year (tertial reports,
budget in the autumn, annual report in January).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.actionplan import build_action, prepare_action_step
from workflow.app.annual_report import report_documents
from workflow.app.approval import write_step
from workflow.app.followup import record_status, record_value, roll
from workflow.app.revision import load_at
from workflow.app.step import Meeting
from workflow.followup.documents import action_plan_set, report_set
from workflow.plan.model import Proposal
from workflow.process import git as g
from workflow.process.git import head_commit

if TYPE_CHECKING:
    from workflow.process.git import Repository

# (date, measure, status, share, spent so far in the year, comment)
StatusRow = tuple[str, str, str, int, int, str | None]
# (ambition, year, value, source, date)
ValueRow = tuple[str, int, int, str, str]
# (date, case, vedtak, innstilling to the next body, proposals)
ActionCase = tuple[str, str, str | None, str | None, tuple[Proposal, ...]]

ENTRIES_2021_T2: tuple[StatusRow, ...] = (
    ("2021-08-31", "T1.2", "pågår", 40, 20000, "Fem søknader om investeringsstøtte er fulgt opp."),
    (
        "2021-08-31",
        "T2.1",
        "pågår",
        15,
        150000,
        "Avtalen med næringshagen er fornyet; 38 henvendelser fra etablerere hittil i år.",
    ),
    ("2021-08-31", "T2.3", "pågår", 50, 120000, "Kartleggingen av næringsarealer er i gang."),
    ("2021-08-31", "T3.1", "pågår", 30, 100000, "Søknad om bredbåndsstøtte er sendt fylkeskommunen."),
)
ENTRIES_2021: tuple[StatusRow, ...] = (
    ("2021-12-15", "T1.5", "utgått", 0, 0, "Slås sammen med kompetansetilbudet i næringshagen (T2.1)."),
    ("2021-12-31", "T1.1", "pågår", 10, 30000, "Første kurs ble holdt i november med 14 deltakere."),
    ("2021-12-31", "T1.2", "pågår", 60, 45000, None),
    ("2021-12-31", "T1.3", "pågår", 15, 15000, "Næringsforumet hadde oppstartsmøte i oktober."),
    ("2021-12-31", "T2.1", "pågår", 20, 250000, None),
    (
        "2021-12-31",
        "T2.3",
        "fullført",
        100,
        280000,
        "Arealbehovet er kartlagt og spilt inn til kommuneplanens arealdel.",
    ),
    ("2021-12-31", "T2.6", "pågår", 20, 360000, "Ni etablererstipend er tildelt."),
    ("2021-12-31", "T3.1", "pågår", 50, 300000, None),
    ("2021-12-31", "T3.3", "pågår", 20, 20000, None),
)
ENTRIES_2022_T2: tuple[StatusRow, ...] = (
    ("2022-08-31", "T1.7", "pågår", 50, 25000, "Felles stand på Rørosmartnan i februar med seks produsenter."),
    ("2022-08-31", "T3.1", "pågår", 80, 200000, "Utbyggingen i Narjordet er ferdig."),
)
ENTRIES_2022: tuple[StatusRow, ...] = (
    ("2022-12-31", "T1.1", "pågår", 25, 70000, None),
    ("2022-12-31", "T1.2", "pågår", 75, 50000, None),
    ("2022-12-31", "T1.3", "pågår", 30, 55000, "Fire bedriftsmøter er holdt."),
    ("2022-12-31", "T1.4", "pågår", 20, 90000, None),
    ("2022-12-31", "T1.6", "pågår", 10, 20000, None),
    ("2022-12-31", "T1.7", "pågår", 40, 30000, None),
    ("2022-12-31", "T2.1", "pågår", 30, 250000, None),
    ("2022-12-31", "T2.6", "pågår", 35, 400000, None),
    ("2022-12-31", "T3.1", "fullført", 100, 280000, "Bredbånd er bygd ut i Narjordet og Dalsbygda."),
    ("2022-12-31", "T3.3", "pågår", 35, 25000, None),
    ("2022-12-31", "T3.4", "pågår", 30, 50000, None),
)
VALUES_2021: tuple[ValueRow, ...] = (
    ("A1.1", 2021, 158, "Landbruksdirektoratet, søknader om produksjonstilskudd", "2022-01-15"),
    ("A1.2", 2021, 870, "SSB, tabell 13470", "2022-01-15"),
    ("A2.1", 2021, 1880, "SSB, tabell 07459", "2021-02-20"),
    ("A2.2", 2021, 9, "Os kommune, planregister og arealregnskap", "2022-01-10"),
    ("A3.1", 2021, 74, "Nkom, bredbåndsdekning i Norge", "2022-01-15"),
    ("A3.2", 2021, 18500, "Avinor, passasjerstatistikk", "2022-01-15"),
)
VALUES_2022: tuple[ValueRow, ...] = (
    ("A1.1", 2022, 156, "Landbruksdirektoratet, søknader om produksjonstilskudd", "2023-01-15"),
    ("A1.2", 2022, 868, "SSB, tabell 13470", "2023-01-15"),
    ("A2.1", 2022, 1862, "SSB, tabell 07459", "2022-02-20"),
    ("A3.1", 2022, 88, "Nkom, bredbåndsdekning i Norge", "2023-01-15"),
    ("A3.2", 2022, 24000, "Avinor, passasjerstatistikk", "2023-01-15"),
)
NEW_MEASURE = """- id: T1.7
  satsingsområde: SO1
  tekst: Felles stand for lokalmatprodusentene på **Rørosmartnan** hvert år.
  ansvar: Rørosregionen Næringshage
  samarbeidspartnere: [Os Bondelag]
  fra: 2022
  til: 2024
  kostnad: 30000
  finansiering: Kommunalt næringsfond
  strategier: [S1.3]
"""
FSK_2022: ActionCase = (  # the innstilling goes to kommunestyret
    "2021-11-18",
    "PS 45/21",
    None,
    "Kommunestyret vedtar handlingsplan 2022 med tiltak T1.7 (Rørosmartnan) tatt med. Tiltakene innarbeides i "
    "budsjettet for 2022.",
    (
        Proposal(
            tekst="Tiltak T1.7 (Rørosmartnan) tas med i handlingsplanen.",
            fremmet_av="Senterpartiet",
            stemmer="Vedtatt 5–0",
        ),
    ),
)
KST_2022: ActionCase = (
    "2021-12-09",
    "PS 60/21",
    "Kommunestyret vedtar handlingsplan 2022 for Strategisk næringsplan for Os kommune 2020–2028. "
    "Tiltakene innarbeides i budsjettet for 2022 og økonomiplanen 2022–2025.",
    None,
    (),
)


def follow_up(
    root: Path,
    repo: Repository,
    echo: Callable[[str], None],
    at: Callable[[str, str], dt.datetime],
    edit: Callable[[Path, str, str], None],
    commit: Callable[[str, dt.datetime], None],
) -> dict[str, dict[str, bytes]]:
    """Replay the follow-up after adoption; returns the documents to build (action plan 2022,
    annual report 2021). ``at``, ``edit`` and ``commit`` are the demo's helpers."""

    def entries(rows: Iterable[StatusRow]) -> None:
        for day, measure, status, share, spent, comment in rows:
            record_status(
                root,
                measure,
                date=dt.date.fromisoformat(day),
                status=status,
                share=share,
                spent=spent,
                comment=comment,
                reporter="Næringskonsulenten",
            )

    def values(rows: Iterable[ValueRow]) -> None:
        for ambition, year, value, source, day in rows:
            record_value(root, ambition, year=year, value=value, source=source, date=dt.date.fromisoformat(day))

    entries(ENTRIES_2021_T2)
    commit("Statusrapport for 2. tertial 2021", at("2021-09-01", "10:00"))
    path, _, _ = roll(root, 2022)
    edit(path, r"(^- id: T1\.4\n(?:  .*\n|\n)*?  kostnad: )100000", r"\g<1>120000")
    edit(path, r"(^- id: T3\.5\n(?:  .*\n|\n)*?  fra: )2021", r"\g<1>2023")
    path.write_text(path.read_text(encoding="utf-8") + NEW_MEASURE, encoding="utf-8")
    commit(
        "Forslag til handlingsplan 2022: rullert, T1.4 ny kostnad, T3.5 forskjøvet, nytt tiltak T1.7",
        at("2021-10-15", "14:00"),
    )
    for body, (day, sak, decision, recommendation, proposals) in (
        ("formannskap", FSK_2022),
        ("kommunestyre", KST_2022),
    ):
        _advance_action(root, repo, 2022, body, day, sak, decision, recommendation, proposals, echo, at)
    entries(ENTRIES_2021)
    values(VALUES_2021)
    commit("Statusrapporter per 31.12.2021 og nye tall for ambisjonene", at("2022-01-20", "12:00"))

    report_commit = head_commit(repo)  # the annual report for 2021 is built from this revision
    entries(ENTRIES_2022_T2)
    commit("Statusrapport for 2. tertial 2022", at("2022-09-01", "10:00"))
    entries(ENTRIES_2022)
    values(VALUES_2022)
    commit("Statusrapporter per 31.12.2022 og nye tall for ambisjonene", at("2023-01-20", "12:00"))
    return _documents(root, repo, report_commit)


def _advance_action(
    root: Path,
    repo: Repository,
    year: int,
    body: str,
    day: str,
    sak: str | None,
    decision: str | None,
    recommendation: str | None,
    proposals: tuple[Proposal, ...],
    echo: Callable[[str], None],
    at: Callable[[str, str], dt.datetime],
) -> None:
    step = prepare_action_step(
        root,
        repo,
        year,
        body,
        dt.date.fromisoformat(day),
        Meeting(case_number=sak, decision=decision, recommendation=recommendation, proposals=proposals),
    )
    write_step(repo, step, tagger_date=at(day, "20:00"))
    echo(f"  tag     {step.tag:44} {step.message.splitlines()[0]}")


def _documents(root: Path, repo: Repository, report_commit: str) -> dict[str, dict[str, bytes]]:
    """The action plan 2022 (as adopted, from HEAD) and the annual report for 2021 (from the
    revision of January 2022, as ``plan build --rapport 2021 --rev`` would), each under the
    output set it belongs to (``documents/outputs.py``), as the commands write them."""
    head = g.head_commit(repo)
    project, _ = load_at(repo, root, head)

    _, _, action = build_action(repo, root, 2022, None)
    source = g.GitSource(repo, report_commit, root)
    then, _ = load_at(repo, root, report_commit)
    report = report_documents(root, then, 2021, source=source)
    return {action_plan_set(2022): action, report_set(2021): report}
