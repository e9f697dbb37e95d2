"""What every page module of the site shares: the site's paths, the plan versions and the
current plan the site is built from, and the names and labels more than one page shows.

``build.py`` (the plan's pages, the timeline, the whole site), ``sections.py`` (what other
rooms add) and ``journal.py`` (the public journal) all import from here, and this module from
none of them, so the site's modules import one way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workflow.errors import Problem
from workflow.plan.model import Project
from workflow.process.tags import StageTag
from workflow.site.words import WORDS
from workflow.text.norwegian import format_number, slug

TIMELINE = "tidslinje.html"
JOURNAL = "postliste.html"  # site/journal.py
STATEMENT = "tilgjengelighet.html"
CHANGES = "endringer.html"
SEARCH = "punkter.html"
VERSIONS = "versjoner"


@dataclass(frozen=True)
class Version:
    """The plan as it stood at one stage tag, with the documents built from that tag."""

    tag: StageTag
    project: Project | None  # None: the plan cannot be read at this tag
    problems: tuple[Problem, ...] = ()
    documents: tuple[tuple[str, bytes], ...] = ()  # (file name, bytes), in order

    @property
    def base(self) -> str:
        return f"{VERSIONS}/{self.tag.name}/"


@dataclass(frozen=True)
class History:
    """The stage tags on the line of history (oldest first; new-round tags and unreadable ones
    included) and a version for each tag that records a treatment."""

    tags: tuple[StageTag, ...] = ()
    versions: tuple[Version, ...] = ()
    programme: tuple[StageTag, ...] = ()  # the planning programme's tags (issue 22), oldest first
    actions: tuple[Version, ...] = ()  # the yearly action plans' treatments (no documents), for the postliste


@dataclass(frozen=True)
class Current:
    """The plan the site shows as current: at a revision (``plan site``) or the working tree
    (``plan serve``). ``project`` is None when it cannot be read; ``problems`` say why."""

    project: Project | None
    problems: tuple[Problem, ...] = ()
    revision: str = "working tree"
    when: dt.date | None = None


def area_paths(project: Project, base: str = "") -> dict[str, str]:
    """Focus area id → its page, e.g. ``satsingsomrader/so1.html``; stable across versions,
    unique even when two ids give the same slug."""
    out, used = {}, set()
    for area in project.plan.focus_areas:
        stem = slug(area.id) or "omrade"
        name, n = stem, 2
        while name in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name)
        out[area.id] = f"{base}satsingsomrader/{name}.html"
    return out


def body_names(*projects: Project | None) -> dict[str, str]:
    names: dict[str, str] = {}
    for project in projects:
        if project is not None:
            for body in project.process.bodies:
                names.setdefault(body.id, body.label(project.plan.language))  # «Kommunestyret (2. gangs behandling)»
    return names


def document_label(name: str, size: int, lang: str) -> str:
    w = WORDS[lang]
    stem = name.removesuffix(".pdf").removesuffix(".docx")
    kind = (
        w["case_doc"]
        if "saksframlegg" in name
        else w["input_doc"]
        if stem.endswith("-innspill")
        else w["situation_doc"]
        if stem.endswith("-staastedsanalyse")
        else w["plan_doc"]
    )
    fmt = w["pdf"] if name.endswith(".pdf") else w["word"]
    kb = format_number(max(1, round(size / 1024)))
    return f"{kind} ({fmt}, {w['kb'].format(size=kb)})"
