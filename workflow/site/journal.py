"""The public journal (``postliste.html``): every record of the published stages, newest
first, with its date, type, public title and the documents on the site.

The records are the archive's (``archive/journal.py``): the same journalposts and meeting
cases ``plan arkiv`` hands to the archive, so the public sees what was archived, the yearly
action plans' treatments included (without document links: the site does not publish them). A screened
record (a private person's submission) is shown as screened, with the public title, which
never names the person.
"""

from __future__ import annotations

from collections.abc import Callable

from workflow.archive.journal import Entry, action_entries, stage_entries
from workflow.documents.export.html import h
from workflow.process.stages import action_plan_process
from workflow.process.tags import parse_action_tag
from workflow.site.parts import JOURNAL, Current, History, Version, body_names, document_label
from workflow.site.layout import Frame, rel
from workflow.site.words import WORDS
from workflow.text.norwegian import format_short_date

PageWriter = Callable[[Frame, str, str, list[str]], bytes]


def journal_rows(history: History, current: Current) -> list[tuple[Entry, Version]]:
    """Every record of every readable stage, with the stage's version (its documents)."""
    names = body_names(current.project, *(v.project for v in history.versions))
    rows: list[tuple[Entry, Version]] = []
    since = None
    for version in history.versions:
        tag, project = version.tag, version.project
        if project is None or tag.treatment is None or tag.starts_round or tag.track is not None:
            continue
        body = next((b for b in project.process.bodies if b.id == tag.stage), None)
        role = body.role if body is not None else ""
        entries = stage_entries(project, tag.treatment, tag.name, names.get(tag.stage, tag.stage), role, since)
        rows += [(e, version) for e in entries]
        since = tag.date
    rows += action_rows(history)
    return sorted(rows, key=lambda r: r[0].date, reverse=True)


def action_rows(history: History) -> list[tuple[Entry, Version]]:
    """The records of each readable action plan treatment, as ``plan arkiv`` archives them."""
    rows: list[tuple[Entry, Version]] = []
    for version in history.actions:
        tag, project, parsed = version.tag, version.project, parse_action_tag(version.tag.name)
        if project is None or tag.treatment is None or parsed is None:
            continue
        body = next((b for b in action_plan_process(project.process).bodies if b.id == tag.stage), None)
        name, role = (body.name, body.role) if body is not None else (tag.stage, "")
        rows += [(e, version) for e in action_entries(project, tag.treatment, tag.name, parsed.year, name, role)]
    return rows


def _documents(entry: Entry, version: Version, lang: str) -> str:
    present = dict(version.documents)
    links = []
    for d in entry.documents:
        for name in (d.file, d.file.removesuffix(".docx") + ".pdf"):
            if name in present:
                href = rel(JOURNAL, version.base + name)
                links.append(f'<li><a href="{href}">{h(document_label(name, len(present[name]), lang))}</a></li>')
    return f'<ul class="dokumenter">{"".join(links)}</ul>' if links else ""


def journal_page(history: History, current: Current, frame: Frame, lang: str, page: PageWriter) -> bytes:
    """The page ``postliste.html``; ``page`` is the builder's page function."""
    w = WORDS[lang]
    rows = journal_rows(history, current)
    body = [f"<h1>{h(w['journal'])}</h1>", f"<p>{h(w['journal_intro'])}</p>"]
    if not rows:
        body.append(f"<p>{h(w['no_journal'])}</p>")
        return page(frame, JOURNAL, w["journal"], body)
    body += [
        "<table>",
        f"<caption>{h(w['journal'])}</caption>",
        "<thead><tr>"
        + "".join(
            f'<th scope="col">{h(w[k])}</th>' for k in ("journal_date", "journal_type", "journal_title", "documents")
        )
        + "</tr></thead>",
        "<tbody>",
    ]
    for entry, version in rows:
        title = h(entry.public_title)
        if entry.screened:
            title += f' <strong class="skjermet">{h(w["screened"])}</strong>'
        kind = w.get(f"kind_{entry.kind}", entry.kind)
        body.append(
            f'<tr><td><time datetime="{entry.date.isoformat()}">{h(format_short_date(entry.date))}</time></td>'
            f"<td>{h(kind)}</td><td>{title}</td><td>{_documents(entry, version, lang)}</td></tr>"
        )
    body += ["</tbody>", "</table>"]
    return page(frame, JOURNAL, w["journal"], body)
