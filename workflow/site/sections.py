"""Sections other rooms add to the site where their data exists.

Each provider is a function that returns ``None`` when there is nothing to show, else a
``Section`` (an id starting with ``_``, a heading, HTML lines already escaped, and any files it
needs). The builder calls every provider in the lists below; adding a capability is one
function and one line. Section providers get ``link``: ``link("diagrammer/a1.png")`` is the
relative URL from the page to that file of the section (paths relative to the version's
folder, so the current plan and each version carry their own). Extra pages sit at the top of
the site; their files are site paths.

Where to hook (issue 16, for engineers i13 and i14):

* the input register with its answers, anonymised as in the public attachment
  (``participation``): a provider in ``PAGES`` returning a whole page (``innspill.html``),
  and optionally one in ``PLAN_SECTIONS`` with a short summary on the front page;
* the indicator charts (``evidence``): a provider in ``AREA_SECTIONS`` returning the charts
  of one focus area's ambitions (inline SVG, or a PNG listed in ``Section.files`` with alt
  text), and one in ``PLAN_SECTIONS`` for the ståstedsanalyse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    id: str  # HTML id, starts with "_" (plan ids never do)
    title: str
    html: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)  # path (relative to the version's folder) → bytes


@dataclass(frozen=True)
class ExtraPage:
    path: str  # site path, e.g. "innspill.html"
    title: str  # menu label and <h1>
    html: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)


def input_register_page(project, lang: str) -> ExtraPage | None:
    """The input register with the answer to each submission, anonymised exactly as in the
    public attachment (``participation.public.public_view``); None when there is no input."""
    if not project.submissions:
        return None
    from workflow.documents.export import h, md_html
    from workflow.participation.public import public_view
    from workflow.site.build import area_paths

    paths = area_paths(project)
    where = {
        item.id: f"{paths[area.id]}#{item.id}"
        for area in project.plan.focus_areas
        for item in (area, *area.goals, *area.ambitions, *area.strategies, *area.measures)
    }

    views = [public_view(s) for s in sorted(project.submissions, key=lambda s: (s.received, s.id))]
    out = [
        f"<p>{len(views)} innspill er registrert. Private avsendere vises som «Privatperson» "
        "når de ikke har sagt ja til å bli navngitt.</p>"
    ]
    if any(v["example"] for v in views):
        out.append("<p><strong>Innspillene er illustrerende eksempler.</strong></p>")
    for v in views:
        out += [
            f'<section id="{h(v["id"])}" aria-labelledby="{h(v["id"])}-h">',
            f'<h2 id="{h(v["id"])}-h">{h(v["received_text"])}: {h(v["sender"])} ({h(v["channel_text"])})</h2>',
            md_html(v["summary"]),
            f"<p><strong>Utfall:</strong> {h(v['outcome_text'])}</p>",
        ]
        if v["assessment"]:
            out += ["<p><strong>Kommunens vurdering:</strong></p>", md_html(v["assessment"])]
        if v["changed"]:
            links = ", ".join(f'<a href="{h(where[i])}">{h(i)}</a>' if i in where else h(i) for i in v["changed"])
            out.append(f"<p><strong>Endret i planen:</strong> {links}</p>")
        out.append("</section>")
    return ExtraPage("innspill.html", "Innspill og merknadsbehandling", tuple(out))


def indicator_charts(project, area, lang: str, link=None) -> Section | None:
    """The charts of one focus area's indicators (evidence, issue 14); None until they exist."""
    return None


PLAN_SECTIONS: list[Callable[..., Section | None]] = []  # (project, lang, link=)
AREA_SECTIONS: list[Callable[..., Section | None]] = [indicator_charts]  # (project, area, lang, link=)
PAGES: list[Callable[..., ExtraPage | None]] = [input_register_page]  # (project, lang)


def plan_sections(project, lang: str, link) -> list[Section]:
    return [s for s in (f(project, lang, link=link) for f in PLAN_SECTIONS) if s is not None]


def area_sections(project, area, lang: str, link) -> list[Section]:
    return [s for s in (f(project, area, lang, link=link) for f in AREA_SECTIONS) if s is not None]


def extra_pages(project, lang: str) -> list[ExtraPage]:
    return [p for p in (f(project, lang) for f in PAGES) if p is not None]
