"""The plan as a static web site: pure functions from the plan versions and the stage history
to ``{site path: bytes}``, and one writer that puts the whole folder in place at once.

Layout (relative links throughout)::

    index.html                          the current plan: vision, background, focus areas, costs
    satsingsomrader/so1.html            one page per focus area; every item has an anchor (#T2.3)
    punkter.html                        every item with its id and text (filtered as you type)
    tidslinje.html                      the process: workshops, stage tags, decisions, proposals,
                                        votes, each stage's documents and version
    endringer.html                      what changed since the last stage (when something did)
    tilgjengelighet.html                the accessibility statement (from statement.json)
    versjoner/formannskap/2020-05-12/   the plan as it stood at that stage (same pages, with a
        index.html, satsingsomrader/…   banner and a link to the current plan), its documents
        endringer.html                  and the comparison with the previous stage (by meaning)
        os-naeringsplan-2020-2028.docx
    stil.css                            one stylesheet, print rules included
    manifest.json                       sha256 of every file, the revision, the tool version

Nothing reads the clock: the same revision gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import replace

from workflow import __version__
from workflow.changes.compare import compare
from workflow.changes.report import Side, html_parts, make_report
from workflow.documents.context import plan_context
from workflow.documents.export.html import h, html_area, html_costs, html_front, md_html
from workflow.documents.outputs import MANIFEST
from workflow.errors import Problem
from workflow.followup.status import current as current_status
from workflow.followup.status import followup_of
from workflow.plan.model import Project, Treatment
from workflow.plan.participation import SUBMISSIONS_DIR
from workflow.process.tags import OUTCOME_WORDS, StageTag
from workflow.documents.htmlpage import CSS, STYLESHEET
from workflow.site.journal import journal_page
from workflow.site.layout import Frame, page, rel
from workflow.site.parts import (
    CHANGES,
    JOURNAL,
    SEARCH,
    STATEMENT,
    TIMELINE,
    Current,
    History,
    Version,
    area_paths,
    body_names,
    document_label,
)
from workflow.site.sections import ExtraPage, area_sections, extra_pages, plan_sections
from workflow.site.statement import statement_page
from workflow.site.words import MÅLFORM, WORDS, language
from workflow.text.markdown import plain
from workflow.text.norwegian import format_date, format_period, format_short_date
from workflow.text.words import word

# --- shared pieces ----------------------------------------------------------------------------


def stage_label(tag: StageTag, names: dict[str, str], lang: str) -> str:
    """«Formannskapet 12. mai 2020: innstilling (PS 12/20)»."""
    if tag.starts_round:
        return f"{WORDS[lang]['new_round']} {format_date(tag.date)}"
    t = tag.treatment
    line = f"{names.get(tag.stage, tag.stage)} {format_date(tag.date)}"
    if t is not None:
        line += f": {OUTCOME_WORDS.get(t.outcome, t.outcome)}"
        if t.case_number:
            line += f" ({t.case_number})"
    return line


def anchor(tag: StageTag) -> str:
    return "_" + tag.name.replace("/", "-")


def documents_list(here: str, version: Version, lang: str) -> list[str]:
    if not version.documents:
        return []
    items = [
        f'<li><a href="{rel(here, version.base + name)}">{h(document_label(name, len(data), lang))}</a></li>'
        for name, data in sorted(version.documents, key=lambda d: ("saksframlegg" in d[0], d[0].endswith(".pdf"), d[0]))
    ]
    return ['<ul class="dokumenter">', *items, "</ul>"]


def frame_for(project: Project | None, lang: str, footer: str, extra: list[ExtraPage]) -> Frame:
    w = WORDS[lang]
    menu = [(w["plan"], "index.html"), (w["search"], SEARCH), (w["process"], TIMELINE), (w["journal"], JOURNAL)]
    menu += [(p.title, p.path) for p in extra]
    menu.append((w["statement"], STATEMENT))
    if project is None:
        return Frame(lang, "", w["plan"], tuple(menu), footer)
    plan = project.plan
    title = f"{plan.title} {format_period(plan.period.start, plan.period.end)}"
    return Frame(lang, f"{plan.municipality.name} kommune", title, tuple(menu), footer)


def site_frame(current: Current) -> tuple[Frame, list[ExtraPage], str]:
    """The frame every page shares (the menu includes the extra pages), the extra pages, and
    the language; the same for the current pages and the versions."""
    project = current.project
    lang = language(project.plan) if project else "nb"
    extra = extra_pages(project, lang) if project else []
    return frame_for(project, lang, footer_html(current, lang), extra), extra, lang


def footer_html(current: Current, lang: str) -> str:
    w = WORDS[lang]
    if current.revision == "working tree":
        revision = w["working_tree"]
    else:
        when = format_date(current.when) if current.when else ""
        revision = w["commit"].format(commit=current.revision[:10], date=when)
    return (
        f"<p>{h(w['made_by'].format(revision=revision))}</p>"
        f'<p class="lenker"><a href="{{root}}{STATEMENT}">{h(w["statement_title"])}</a></p>'
    )


def _page(
    frame: Frame, path: str, title: str, body: list[str], *, banner: str | None = None, home: str = "index.html"
) -> bytes:
    """``page`` with the footer's links made relative to ``path``."""
    root = rel(path, "index.html").removesuffix("index.html")
    return page(
        replace(frame, footer=frame.footer.replace("{root}", root)), path, title, body, banner=banner, home=home
    )


# --- the plan's pages (current, or one version) --------------------------------------------------


def plan_pages(
    project: Project,
    frame: Frame,
    base: str,
    *,
    lang: str,
    intro: list[str],
    more: Sequence[str] = (),
    banner: Callable[[str], str | None] = lambda path: None,
) -> dict[str, bytes]:
    """The front page and one page per focus area, under ``base`` ("" or a version folder).
    ``intro``: lines under the title; ``more``: lines before the costs on the front page;
    ``banner(path)``: the banner of each page (None: none)."""
    w = WORDS[lang]
    ctx = plan_context(project)
    followed_up(project, ctx)
    paths = area_paths(project, base)
    areas = ctx["plan"]["focus_areas"]
    index = base + "index.html"
    plan = ctx["plan"]
    body = [
        f"<h1>{h(plan['full_title'])}</h1>",
        f'<p class="undertittel">{h(plan["type"][:1].upper() + plan["type"][1:])} {h(plan["period"])}, {h(ctx["municipality"]["full_name"])}</p>',
        *intro,
    ]
    body += html_front(ctx)
    body += [f'<section id="_omrader"><h2>{h(w["areas"])}</h2><ol>']
    for area in areas:
        body.append(
            f'<li><a href="{rel(index, paths[area["id"]])}">{h(w["area"])} {area["number"]}: {h(area["name"])}</a></li>'
        )
    body.append("</ol></section>")
    extra_files: dict[str, bytes] = {}
    for section in plan_sections(project, lang, link=_link_from(index, base)):
        body += [f'<section id="{h(section.id)}">', f"<h2>{h(section.title)}</h2>", *section.html, "</section>"]
        extra_files.update({base + path: data for path, data in section.files.items()})
    body += [*more, *html_costs(ctx)]
    files = {index: _page(frame, index, plan["full_title"], body, banner=banner(index), home=index)}
    for n, area in enumerate(areas):
        here = paths[area["id"]]
        local = [f'<nav aria-label="{h(w["areas"])}"><ul>']
        for other in areas:
            current = ' aria-current="page"' if other is area else ""
            local.append(
                f'<li><a href="{rel(here, paths[other["id"]])}"{current}>{h(w["area"])} {other["number"]}: {h(other["name"])}</a></li>'
            )
        local.append("</ul></nav>")
        body = html_area(ctx, area, level=1, anchors=True)
        model = project.plan.focus_areas[n]
        for section in area_sections(project, model, lang, link=_link_from(here, base)):
            body[-1:-1] = [f'<section id="{h(section.id)}"><h2>{h(section.title)}</h2>', *section.html, "</section>"]
            extra_files.update({base + path: data for path, data in section.files.items()})
        title = f"{w['area']} {area['number']}: {area['name']}"
        files[here] = _page(frame, here, title, [*body, *local], banner=banner(here), home=index)
    files.update(extra_files)
    return files


def _link_from(here: str, base: str) -> Callable[[str], str]:
    """A section's ``link``: a path relative to the folder ``base`` → the URL from ``here``."""
    return lambda target: rel(here, base + target)


def problems_html(problems: tuple[Problem, ...], lang: str = "nb") -> list[str]:
    """The problems, file:line:col each. A problem in the input register shows only where it
    is: its message may quote a private sender's name or words (``plan check`` shows it)."""
    private = WORDS[lang]["error_private"]
    shown = [
        Problem(p.file, p.line, p.column, private, p.warning) if p.file.startswith(SUBMISSIONS_DIR + "/") else p
        for p in problems
    ]
    return ['<div class="feil">', *(f"<code>{h(str(p))}</code>" for p in shown), "</div>"]


# --- the history ---------------------------------------------------------------------------------


def version_pages(history: History, current: Current) -> dict[str, bytes]:
    """Every version's pages, documents and comparison with the previous stage. Depends only on
    the history (and the language and frame of the current plan): ``plan serve`` keeps it."""
    frame, _, lang = site_frame(current)
    w = WORDS[lang]
    names = body_names(current.project, *(v.project for v in history.versions))
    files: dict[str, bytes] = {}
    previous: Version | None = None
    for version in history.versions:
        tag = version.tag
        label = stage_label(tag, names, lang)
        here = version.base + "index.html"
        banner = _version_banner(tag, label, names, lang)
        for name, data in version.documents:
            files[version.base + name] = data
        comparable = previous is not None and previous.project is not None and version.project is not None
        links = _version_links(here, version, comparable, lang)
        if version.project is None:
            body = [
                f"<h1>{h(label)}</h1>",
                f"<p>{h(w['unreadable_plan'])}</p>",
                *problems_html(version.problems, lang),
                *links,
            ]
            files[here] = _page(frame, here, label, body, banner=banner(here))
        else:
            vframe = frame_for(version.project, lang, frame.footer, [])
            vframe = Frame(vframe.lang, vframe.municipality, vframe.title, frame.menu, frame.footer)
            files.update(
                plan_pages(version.project, vframe, version.base, lang=lang, intro=[], more=links, banner=banner)
            )
        if comparable:
            assert previous is not None
            files[version.base + CHANGES] = _version_changes(frame, previous, version, names, lang)
        if version.project is not None:
            previous = version
    return files


def _version_banner(tag: StageTag, label: str, names: dict[str, str], lang: str) -> Callable[[str], str]:
    """The banner of a version's pages: which stage it is, and a link to the current plan."""
    w = WORDS[lang]

    def banner(path: str) -> str:
        return (
            f"<p><strong>{h(w['version_of'].format(body=names.get(tag.stage, tag.stage), date=format_date(tag.date)))}</strong>"
            f" ({h(label.split(': ', 1)[-1])}). {h(w['version_note'])}</p>"
            f'<p><a href="{rel(path, "index.html")}">{h(w["to_current"])}</a></p>'
        )

    return banner


def _version_links(here: str, version: Version, comparable: bool, lang: str) -> list[str]:
    """The section on a version's front page: its documents, the comparison with the previous
    stage (when there is one) and its place in the timeline."""
    w = WORDS[lang]
    links = [f'<section id="_dokumenter"><h2>{h(w["documents"])}</h2>', *documents_list(here, version, lang)]
    if comparable:
        links.append(f'<p><a href="{rel(here, version.base + CHANGES)}">{h(w["compare_link"])}</a></p>')
    links.append(f'<p><a href="{rel(here, TIMELINE)}#{anchor(version.tag)}">{h(w["process"])}</a></p></section>')
    return links


def _version_changes(frame: Frame, previous: Version, version: Version, names: dict[str, str], lang: str) -> bytes:
    """The page ``endringer.html`` of a version: what changed since the previous stage."""
    assert previous.project is not None and version.project is not None
    w = WORDS[lang]
    tag = version.tag
    label = stage_label(tag, names, lang)
    here = version.base + "index.html"
    path = version.base + CHANGES
    old = stage_label(previous.tag, names, lang)
    report = make_report(
        compare(previous.project.plan, version.project.plan),
        previous.project.plan,
        version.project.plan,
        Side(previous.tag.name, previous.tag.commit),
        Side(tag.name, tag.commit),
    )
    title = w["changes_title"].format(old=old, new=label)
    body = html_parts(report, heading=title, language=MÅLFORM[lang])
    body.insert(
        1,
        f'<p><a href="{rel(path, previous.base + "index.html")}">{h(old)}</a> → '
        f'<a href="{rel(path, here)}">{h(label)}</a></p>',
    )
    return _page(frame, path, title, body)


def timeline_page(history: History, current: Current, frame: Frame, lang: str) -> bytes:
    """The process in order: the workshops of the current case and every stage tag with its
    decision, proposals and votes, documents, version and comparison; grouped by year."""
    w = WORDS[lang]
    names = body_names(current.project, *(v.project for v in history.versions))
    events = _workshop_events(current.project, lang) if current.project is not None else []
    events += _stage_events(history, names, lang)
    events += _programme_events(history, current.project, lang)
    events.sort(key=lambda e: e[0])
    body = [f"<h1>{h(w['timeline'])}</h1>", f"<p>{h(w['timeline_intro'])}</p>"]
    if not events:
        body.append(f"<p>{h(w['no_events'])}</p>")
    year = None
    for key, lines in events:
        if key[0].year != year:
            if year is not None:
                body.append("</ol></section>")
            year = key[0].year
            body += [f'<section id="_ar-{year}"><h2>{year}</h2>', '<ol class="hendelser">']
        body += lines
    if year is not None:
        body.append("</ol></section>")
    return _page(frame, TIMELINE, w["timeline"], body)


Event = tuple[tuple[dt.date, int, int], list[str]]  # (date, workshops before tags, order), lines


def _workshop_events(project: Project, lang: str) -> list[Event]:
    """The workshops of the current case, one list item each."""
    w = WORDS[lang]
    events: list[Event] = []
    for n, ws in enumerate(project.workshops or project.case.workshops):
        text = [
            f'<li id="_samling-{n + 1}">',
            f'<h3><time datetime="{ws.date.isoformat()}">{h(format_date(ws.date))}</time>: {h(w["workshop"])}, {h(ws.place)}</h3>',
        ]
        if ws.time:
            text.append(f"<p>{h(ws.time)}</p>")
        if ws.topic:
            text.append(md_html(ws.topic))
        events.append(((ws.date, 0, n), [*text, "</li>"]))
    return events


def _stage_events(history: History, names: dict[str, str], lang: str) -> list[Event]:
    """Every stage tag, one list item each: its treatment, documents, version and comparison."""
    w = WORDS[lang]
    versions = {v.tag.name: v for v in history.versions}
    events: list[Event] = []
    previous: Version | None = None
    for n, tag in enumerate(history.tags):
        here = TIMELINE
        out = [
            f'<li id="{anchor(tag)}">',
            f'<h3><time datetime="{tag.date.isoformat()}">{h(format_date(tag.date))}</time>: '
            f"{h(w['new_round'] if tag.starts_round else names.get(tag.stage, tag.stage))}</h3>",
        ]
        if tag.starts_round:
            if tag.reason:
                out.append(f"<p>{h(tag.reason)}</p>")
        elif tag.treatment is None:
            out.append(f"<p>{h(w['unreadable'].format(error=tag.error or ''))}</p>")
        else:
            out += _treatment_lines(tag.treatment, lang)
            version = versions.get(tag.name)
            if version is not None:
                out += documents_list(here, version, lang)
                out.append(f'<p><a href="{rel(here, version.base + "index.html")}">{h(w["version_link"])}</a>')
                if previous is not None and version.project is not None:
                    out.append(f' · <a href="{rel(here, version.base + CHANGES)}">{h(w["compare_link"])}</a>')
                out.append("</p>")
                if version.project is not None:
                    previous = version
        out.append("</li>")
        events.append(((tag.date, 1, n), out))
    return events


def _programme_events(history: History, project: Project | None, lang: str) -> list[Event]:
    """The planning programme's treatments, one list item each: «Planprogrammet: Kommunestyret»
    with its outcome, case number, deadline and decision (no documents: the programme is its
    own document)."""
    w = WORDS[lang]
    names = {b.id: b.label(project.plan.language) for b in project.process.programme} if project else {}
    events: list[Event] = []
    for n, tag in enumerate(history.programme):
        out = [
            f'<li id="{anchor(tag)}">',
            f'<h3><time datetime="{tag.date.isoformat()}">{h(format_date(tag.date))}</time>: '
            f"{h(w['programme'])}: {h(names.get(tag.stage, tag.stage))}</h3>",
        ]
        if tag.treatment is None:
            out.append(f"<p>{h(w['unreadable'].format(error=tag.error or ''))}</p>")
        else:
            out += _treatment_lines(tag.treatment, lang)
        events.append(((tag.date, 1, -len(history.programme) + n), [*out, "</li>"]))
    return events


def _treatment_lines(t: Treatment, lang: str) -> list[str]:
    """A treatment in the timeline: outcome, deadline, proposals, votes and decision."""
    w = WORDS[lang]
    head = OUTCOME_WORDS.get(t.outcome, t.outcome)
    out = [
        f"<p><strong>{h(head[:1].upper() + head[1:])}</strong>"
        + (f" ({h(t.case_number)})" if t.case_number else "")
        + "</p>"
    ]
    if t.deadline:
        out.append(f"<p>{h(w['deadline'].format(date=format_date(t.deadline)))}</p>")
    if t.proposals:
        out.append(f"<h4>{h(w['proposals'])}</h4><ul>")
        for p in t.proposals:
            extra = ", ".join(x for x in (w["by"].format(by=p.by) if p.by else None, p.vote_words()) if x)
            out.append(f"<li>{md_html(p.text)}" + (f'<p class="merknad">{h(extra)}</p>' if extra else "") + "</li>")
        out.append("</ul>")
    if t.votes:
        out.append(f"<p><strong>{h(w['votes'])}:</strong> {h(t.votes)}</p>")
    if t.decision:
        out += [f"<h4>{h(w['decision'])}</h4>", md_html(t.decision)]
    return out


SEARCH_SCRIPT = (
    "<script>(function(){{var list=document.getElementById('_punkter');if(!list||!list.querySelectorAll)return;"
    "var p=document.createElement('p');var l=document.createElement('label');l.htmlFor='_sok';l.textContent={label};"
    "var i=document.createElement('input');i.type='search';i.id='_sok';i.autocomplete='off';"
    "var n=document.createElement('p');n.id='_antall';n.setAttribute('aria-live','polite');"
    "p.appendChild(l);p.appendChild(document.createTextNode(' '));p.appendChild(i);"
    "list.parentNode.insertBefore(p,list);list.parentNode.insertBefore(n,list);"
    "var items=list.querySelectorAll('li');"
    "i.addEventListener('input',function(){{var q=i.value.toLowerCase().trim(),k=0;"
    "for(var j=0;j<items.length;j++){{var hit=!q||items[j].textContent.toLowerCase().indexOf(q)>=0;items[j].hidden=!hit;if(hit)k++;}}"
    "n.textContent=q?{found}.replace('{{n}}',k):'';}});}})();</script>"
)
KINDS = {
    "nb": {"mål": "Mål", "ambisjon": "Ambisjon", "strategi": "Strategi", "tiltak": "Tiltak"},
    "nn": {"mål": "Mål", "ambisjon": "Ambisjon", "strategi": "Strategi", "tiltak": "Tiltak"},
}


def search_page(project: Project, frame: Frame, lang: str) -> bytes:
    """Every goal, ambition, strategy and measure with its id, a link to its anchor and its
    text: a list that works without JavaScript, filtered as you type when it runs."""
    w = WORDS[lang]
    paths = area_paths(project)
    body = [f"<h1>{h(w['search'])}</h1>", f"<p>{h(w['search_intro'])}</p>", '<div id="_punkter">']
    for number, area in enumerate(project.plan.focus_areas, start=1):
        body += [f"<h2>{h(w['area'])} {number}: {h(area.name)}</h2>", "<ul>"]
        for kind, items in (
            ("mål", area.goals),
            ("ambisjon", area.ambitions),
            ("strategi", area.strategies),
            ("tiltak", area.measures),
        ):
            for item in items:
                text = plain(item.text) if hasattr(item, "text") else item.indicator
                link = rel(SEARCH, paths[area.id] + "#" + item.id)
                body.append(
                    f'<li><a href="{h(link)}">{h(KINDS[lang][kind])} {h(item.id)}</a>: {h(" ".join(text.split()))}</li>'
                )
        body.append("</ul>")
    body.append("</div>")
    body.append(SEARCH_SCRIPT.format(label=json.dumps(w["search_label"]), found=json.dumps(w["search_found"])))
    return _page(frame, SEARCH, w["search"], body)


def error_page(current: Current, path: str) -> bytes:
    """The page at ``path`` when the current plan cannot be read: its problems, file:line:col."""
    frame, _, lang = site_frame(current)
    w = WORDS[lang]
    body = [f"<h1>{h(w['error_title'])}</h1>", f"<p>{h(w['error_intro'])}</p>", *problems_html(current.problems, lang)]
    return _page(frame, path, w["error_title"], body)


def current_pages(history: History, current: Current) -> dict[str, bytes]:
    """The pages that follow the current plan: the plan, its focus areas, the timeline, the
    comparison with the last stage, the statement, extra pages; or the error page."""
    project = current.project
    frame, extra, lang = site_frame(current)
    w = WORDS[lang]
    files: dict[str, bytes] = {STYLESHEET: CSS.encode("utf-8")}
    names = body_names(project, *(v.project for v in history.versions))
    readable = [v for v in history.versions if v.project is not None]
    last = readable[-1] if readable else None
    last_project = last.project if last is not None else None  # never None: the last readable version
    if project is None:
        files["index.html"] = error_page(current, "index.html")
    else:
        intro = []
        if last is None or last_project is None:
            intro.append(f'<p class="merknad">{h(w["no_stage"])}</p>')
        elif last_project.digest == project.digest:
            label = stage_label(last.tag, names, lang)
            intro.append(
                f'<p class="merknad">{h(w["last_stage"].format(last=label))} '
                f'<a href="{rel("index.html", TIMELINE)}#{anchor(last.tag)}">{h(w["process"])}</a></p>'
            )
        else:
            label = stage_label(last.tag, names, lang)
            intro.append(
                f'<p class="merknad">{h(w["working"].format(last=label))} <a href="{CHANGES}">{h(w["since_last"])}</a></p>'
            )
            report = make_report(
                compare(last_project.plan, project.plan),
                last_project.plan,
                project.plan,
                Side(last.tag.name, last.tag.commit),
                Side(current.revision, None),
            )
            title = w["changes_title"].format(old=label, new=w["current"].lower())
            files[CHANGES] = _page(frame, CHANGES, title, html_parts(report, heading=title, language=MÅLFORM[lang]))
        if last is not None and last.documents:
            intro += [
                f"<p>{h(w['documents'])} – {h(stage_label(last.tag, names, lang))}:</p>",
                *documents_list("index.html", last, lang),
            ]
        files.update(plan_pages(project, frame, "", lang=lang, intro=intro))
        files[SEARCH] = search_page(project, frame, lang)
        for extra_page in extra:
            files[extra_page.path] = _page(
                frame, extra_page.path, extra_page.title, [f"<h1>{h(extra_page.title)}</h1>", *extra_page.html]
            )
            files.update(extra_page.files)
    files[TIMELINE] = timeline_page(history, current, frame, lang)
    files[JOURNAL] = journal_page(history, current, frame, lang, _page)
    files[STATEMENT] = statement_page(frame, lang, current.when, _page)
    return files


def build_site(history: History, current: Current) -> dict[str, bytes]:
    """Every file of the site: {site path: bytes}, plus ``manifest.json``."""
    files = version_pages(history, current)
    files.update(current_pages(history, current))
    files[MANIFEST] = manifest(files, current)
    return files


def manifest(files: dict[str, bytes], current: Current) -> bytes:
    data = {
        "nettsted": True,
        "revision": current.revision,
        "files": {path: hashlib.sha256(files[path]).hexdigest() for path in sorted(files) if path != MANIFEST},
        "tool": {"name": "plan-workflow", "version": __version__},
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def followed_up(project: Project, ctx: dict) -> None:
    """Each measure's status on the site as the follow-up has it: its latest status entry
    («Pågår per 31.12.2022»), not the status written in the plan when it was adopted."""
    reported = followup_of(project).status
    if not reported:
        return
    language = ctx["plan"]["language"]
    measures = {m.id: m for m in project.plan.all_measures()}
    for area in ctx["plan"]["focus_areas"]:
        for m in area["measures"]:
            if m["id"] not in reported or m["id"] not in measures:
                continue
            now = current_status(project, measures[m["id"]])
            if now.entry is not None:
                m["status"] = now.status
                m["status_text"] = f"{word(language, now.status)} per {format_short_date(now.entry.date)}"
