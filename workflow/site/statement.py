"""The accessibility statement page, generated from ``statement.json``: the criteria the
browser tests check (``tests/site/test_site_browser.py`` reads the same file, runs axe-core with its
tags on every page, and fails if a criterion listed as checked was not covered by a rule that
passed, or if a listed browser test does not exist). What the tests do not check is said too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.documents.export.html import h
from workflow.text.norwegian import format_date

if TYPE_CHECKING:
    from workflow.site.layout import Frame

STATEMENT_FILE = Path(__file__).with_name("statement.json")

TEXT = {
    "nb": {
        "title": "Tilgjengelighetserklæring",
        "intro": "Nettstedet med planen er laget av verktøyet plan. Sidene skal oppfylle kravene i "
        "forskrift om universell utforming av IKT-løsninger, som viser til {standard}.",
        "how": "Hver gang verktøyet endres, åpner testene hver side av nettstedet i en ekte nettleser "
        "({browser}) og kjører axe-core {axe} med reglene for {standard}. Testene godtar ingen brudd. "
        "Sidene virker uten JavaScript og kan skrives ut.",
        "auto": "Kontrollert automatisk med axe-core",
        "browser": "Kontrollert i nettleseren av egne tester",
        "col_nr": "Kriterium",
        "col_name": "Navn",
        "col_how": "Hvordan",
        "limits": "Hva testene ikke dekker",
        "date": "Erklæringen gjelder nettstedet slik det ble laget fra planen datert {date}.",
        "own": "Kommunen som publiserer planen, må selv vurdere innholdet (for eksempel at teksten er "
        "klar og at lenker er beskrivende) og publisere sin egen tilgjengelighetserklæring.",
    },
    "nn": {
        "title": "Tilgjengeerklæring",
        "intro": "Nettstaden med planen er laga av verktøyet plan. Sidene skal oppfylle krava i "
        "forskrift om universell utforming av IKT-løysingar, som viser til {standard}.",
        "how": "Kvar gong verktøyet blir endra, opnar testane kvar side av nettstaden i ein ekte nettlesar "
        "({browser}) og køyrer axe-core {axe} med reglane for {standard}. Testane godtek ingen brot. "
        "Sidene verkar utan JavaScript og kan skrivast ut.",
        "auto": "Kontrollert automatisk med axe-core",
        "browser": "Kontrollert i nettlesaren av eigne testar",
        "col_nr": "Kriterium",
        "col_name": "Namn",
        "col_how": "Korleis",
        "limits": "Kva testane ikkje dekkjer",
        "date": "Erklæringa gjeld nettstaden slik han vart laga frå planen datert {date}.",
        "own": "Kommunen som publiserer planen, må sjølv vurdere innhaldet (til dømes at teksten er "
        "klar og at lenkjer er skildrande) og publisere si eiga tilgjengeerklæring.",
    },
}


@lru_cache(maxsize=1)
def statement() -> dict[str, Any]:
    """The checked criteria (the file the browser tests also read)."""
    return json.loads(STATEMENT_FILE.read_text(encoding="utf-8"))


def statement_page(
    frame: Frame, lang: str, when: dt.date | None, page: Callable[[Frame, str, str, list[str]], bytes]
) -> bytes:
    """The page ``tilgjengelighet.html``; ``page`` is the builder's page function."""
    data, t = statement(), TEXT[lang]

    def said(item: dict[str, Any], key: str) -> str:  # nynorsk beside bokmål in statement.json
        return str(item.get(f"{key}_nn", item[key])) if lang == "nn" else str(item[key])

    body = [
        f"<h1>{h(t['title'])}</h1>",
        f"<p>{h(t['intro'].format(standard=data['standard']))}</p>",
        f"<p>{h(t['how'].format(browser=said(data, 'browser'), axe=data['axe_core'], standard=data['standard']))}</p>",
        f"<h2>{h(t['col_nr'])}</h2>",
        "<table>",
        f'<thead><tr><th scope="col">{h(t["col_nr"])}</th><th scope="col">{h(t["col_name"])}</th><th scope="col">{h(t["col_how"])}</th></tr></thead>',
        "<tbody>",
    ]
    rows = [(c, t["auto"]) for c in data["automatic"]] + [
        (c, t["browser"] + ": " + said(c, "how")) for c in data["in_browser"]
    ]
    rows.sort(key=lambda r: tuple(int(x) for x in r[0]["nr"].split(".")))
    for c, how in rows:
        body.append(f"<tr><td>{h(c['nr'])}</td><td>{h(said(c, 'name'))}</td><td>{h(how)}</td></tr>")
    body += [
        "</tbody>",
        "</table>",
        f"<h2>{h(t['limits'])}</h2>",
        f"<p>{h(said(data, 'not_checked'))}</p>",
        f"<p>{h(t['own'])}</p>",
    ]
    if when is not None:
        body.append(f"<p>{h(t['date'].format(date=format_date(when, 'nn' if lang == 'nn' else 'nb')))}</p>")
    return page(frame, "tilgjengelighet.html", t["title"], body)
