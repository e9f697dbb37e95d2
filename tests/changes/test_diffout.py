"""The writers: summary first, Norwegian wording, JSON schema, escaped self-contained HTML,
and the «Endringer siden forrige behandling» lines for the case document. The exact layout
(spacing, tables) is held by the golden files of test_golden.py."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from support import SO1, SO2, edit, item, plan_of, formannskapets_changes
from workflow.changes.compare import compare
from workflow.changes.report import Side, case_sections, make_report, render

COMMIT = "3f2a1b0" + "0" * 33


@pytest.fixture
def pair(plan_dir):
    before = plan_of(plan_dir)

    moved = {}

    def take(d):
        moved.update(item(d, "tiltak", "T2.1"))
        d["tiltak"] = [x for x in d["tiltak"] if x["id"] != "T2.1"]

    edit(plan_dir, SO2, take)
    edit(plan_dir, SO1, formannskapets_changes)
    edit(plan_dir, SO1, lambda d: d["tiltak"].append(moved))
    after = plan_of(plan_dir)
    return before, after, compare(before, after)


def report_of(pair):
    before, after, changes = pair
    return make_report(changes, before, after, Side("formannskap/2020-05-12", COMMIT), Side("arbeidskopien", None))


def test_text_plain_reads_in_norwegian_with_summary_first(pair):
    text = render(report_of(pair), "text").replace("\xa0", " ")  # numbers use no-break spaces
    assert "\x1b[" not in text
    lines = text.splitlines()
    assert lines[0] == "Endringer i planen fra formannskap/2020-05-12 (3f2a1b0) til arbeidskopien"
    assert lines[2] == "Sammendrag: 5 endringer"  # items: T1.3 with two changed fields is one
    assert text.index("Sammendrag") < text.index("Kostnad per år") < text.index("SO1 Et innovativt næringsliv")
    assert "+ Lagt til tiltak T1.7: Møteplass for gründere <i Os> & omegn. (30 000 kr per år i 2022–2024)" in text
    assert "- Fjernet tiltak T1.6: Klimarådgivning på gårdsbruk" in text
    assert "  ~ Endret tiltak T1.3 «Etablere et næringsråd med seks bedriftsmøter i året, der…»\n      tekst:\n" in text
    assert "\n      kostnad per år: 60 000 kr → 80 000 kr\n" in text
    assert sum(1 for line in lines if line.startswith("  ") and line[2:3] in "+-~>^" and line[3:4] == " ") == 5
    assert "Etablere et [-næringsforum-]{+næringsråd+} med [-fire-]{+seks+} bedriftsmøter" in text
    assert "> Flyttet tiltak T2.1 «Avtale med Rørosregionen Næringshage om…» fra SO2 til SO1" in text
    # the sum row of the cost table: T1.3 +20 000 × 8, T1.6 −40 000 × 8, T1.7 +30 000 × 3
    sum_row = next(line for line in lines if line.strip().startswith("Sum"))
    assert sum_row.split()[-2:] == ["\u2212" + "70", "000"]


def test_text_coloured_for_a_terminal(pair):
    text = render(report_of(pair), "text", color=True)
    assert "\x1b[32m" in text and "\x1b[31m" in text  # green insertions, red deletions
    assert "[-" not in text and "{+" not in text
    # without its colour codes the text is the plain report with the [- -] {+ +} markers taken out
    plain = render(report_of(pair), "text")
    assert "næringsråd" in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", text) == re.sub(r"\[-|-\]|\{\+|\+\}", "", plain)


def test_json_has_the_documented_schema(pair):
    data = json.loads(render(report_of(pair), "json"))
    assert list(data) == ["schema_version", "from", "to", "summary", "changes"]
    assert data["schema_version"] == 1
    assert data["from"] == {
        "revision": "formannskap/2020-05-12",
        "commit": COMMIT,
        "label": "formannskap/2020-05-12 (3f2a1b0)",
    }
    assert data["to"] == {"revision": "arbeidskopien", "commit": None, "label": "arbeidskopien"}
    summary = data["summary"]
    assert set(summary) == {"total", "by_kind", "by_type", "counts", "cost"}
    assert len(data["changes"]) == 6 and summary["total"] == 5  # T1.3's two fields: one changed measure
    assert set(summary["cost"]) == {"per_year", "old", "new", "delta"}
    assert all(set(row) == {"year", "old", "new", "delta"} for row in summary["cost"]["per_year"])
    for change in data["changes"]:
        assert list(change) == ["kind", "type", "id", "path", "field", "old", "new"]
        assert change["kind"] in {"added", "removed", "changed", "moved", "reordered"}
        assert change["type"] in {"plan", "satsingsområde", "mål", "ambisjon", "strategi", "tiltak"}
    added = next(c for c in data["changes"] if c["kind"] == "added")
    assert added == {
        "kind": "added",
        "type": "tiltak",
        "id": "T1.7",
        "path": "SO1/tiltak/T1.7",
        "field": None,
        "old": None,
        "new": {
            "id": "T1.7",
            "tekst": "Møteplass for gründere <i Os> & omegn.",
            "ansvar": "Os kommune",
            "samarbeidspartnere": [],
            "fra": 2022,
            "til": 2024,
            "kostnad": 30000,
            "finansiering": None,
            "status": "planlagt",
            "strategier": ["S1.4"],
        },
    }


def test_markdown(pair):
    md = render(report_of(pair), "markdown")
    assert md.startswith("# Endringer i planen fra formannskap/2020-05-12 (3f2a1b0) til arbeidskopien\n")
    assert md.index("## Sammendrag") < md.index("### Kostnad per år") < md.index("## SO1 Et innovativt næringsliv")
    assert "~~næringsforum~~**næringsråd**" in md
    assert r"Møteplass for gründere \<i Os\> \& omegn." in md


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.refs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [v for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_one_escaped_page(pair):
    page = render(report_of(pair), "html")
    parsed = _Collect()
    parsed.feed(page)
    assert parsed.refs == []  # nothing outside the page
    assert "i" not in parsed.tags and "script" not in parsed.tags
    assert "&lt;i Os&gt; &amp; omegn" in page
    text = "".join(parsed.text)
    assert text.index("Sammendrag") < text.index("Kostnad per år") < text.index("SO1 Et innovativt næringsliv")
    assert "<del>næringsforum</del><ins>næringsråd</ins>" in page
    assert '<html lang="nb">' in page


def test_no_changes_in_every_format(plan_dir):
    plan = plan_of(plan_dir)
    report = make_report([], plan, plan, Side("HEAD", COMMIT), Side("arbeidskopien", None))
    assert "Sammendrag: ingen endringer." in render(report, "text")
    assert "uendret (14 835 000 kr i alt for tiltakene)" in render(report, "text").replace("\xa0", " ")
    assert "Ingen endringer." in render(report, "markdown")
    assert "Ingen endringer." in render(report, "html")
    assert json.loads(render(report, "json"))["changes"] == []
    assert case_sections([], plan, plan) == []


def test_case_sections_per_focus_area_with_costs(pair):
    before, after, changes = pair
    sections = [
        {**s, "linjer": [line.replace("\xa0", " ") for line in s["linjer"]]}
        for s in case_sections(changes, before, after)
    ]
    names = [s["område"] for s in sections]
    assert names == ["Planen som helhet", "Et innovativt næringsliv", "En næringsvennlig kommune"]
    assert all(isinstance(s["linjer"], list) and all(isinstance(x, str) for x in s["linjer"]) for s in sections)
    so1 = sections[1]["linjer"]
    assert "Nytt tiltak T1.7: Møteplass for gründere <i Os> & omegn. Kostnad 30 000 kr per år i 2022–2024." in so1
    assert (
        "Tiltak T1.3 «Etablere et næringsråd med seks bedriftsmøter i året, der…»: kostnaden er endret fra 60 000 kr til 80 000 kr."
        in so1
    )
    assert any(
        x.startswith("Tiltak T1.6 er tatt ut: Klimarådgivning")
        and x.endswith("Kostnaden var 40 000 kr per år i 2021–2028.")
        for x in so1
    )
    assert (
        "Tiltak T2.1 «Avtale med Rørosregionen Næringshage om…» er flyttet hit fra satsingsområdet «En næringsvennlig kommune»."
        in so1
    )
    assert any(
        x.startswith(
            "Mål M1.2 «Bedriftene i Os fornyer seg og samarbeider.»: teksten er endret fra «Bedriftene i Os fornyer seg"
        )
        for x in so1
    )
    assert so1[-1].startswith("Kostnadsendring: ")
    assert sections[0]["linjer"][-1].startswith("Samlet kostnadsendring for tiltakene: ")
    assert sections[0]["linjer"][-1].endswith("−70 000 kr i alt.")


def test_short_values_on_one_line():
    from workflow.changes.sentences import describe, value_suffix
    from workflow.changes.compare import Change
    from workflow.text.wordiff import word_diff

    rename = Change(
        "changed",
        "satsingsområde",
        "SO1",
        "SO1",
        "navn",
        "Et innovativt næringsliv",
        "Et nyskapende næringsliv",
        tuple(word_diff("Et innovativt næringsliv", "Et nyskapende næringsliv")),
    )
    assert (
        describe(rename) + value_suffix(rename)
        == "Endret satsingsområde SO1: navn «Et innovativt næringsliv» → «Et nyskapende næringsliv»"
    )
    target = Change(
        "changed",
        "ambisjon",
        "A1.1",
        "SO1/ambisjoner/A1.1",
        "målverdi",
        {"verdi": 150, "år": 2028},
        {"verdi": 155.5, "år": 2027},
    )
    assert describe(target) + value_suffix(target) == "Endret ambisjon A1.1: målverdi 150 (2028) → 155,5 (2027)"
    reorder = Change("reordered", "tiltak", "T1.3", "SO1/tiltak/T1.3", None, 3, 5)
    assert describe(reorder) == "Ny plass for tiltak T1.3: nr. 3 → nr. 5"
    dropped = Change("changed", "tiltak", "T1.3", "SO1/tiltak/T1.3", "finansiering", "Kommunalt næringsfond", None, ())
    assert value_suffix(dropped) == " «Kommunalt næringsfond» → (tomt)"


def test_a_case_sentence_quotes_the_plans_words_and_nynorsk_never_touches_them():
    """A short change of the plan's words reads «old» → «new» in the case, ending with one full
    stop; the nynorsk sentence translates its own words and leaves the plan's alone (even a
    word the translation table knows, such as «navnet»)."""
    from workflow.changes.compare import Change
    from workflow.changes.sentences import case_line
    from workflow.text.words import change_sentence

    text = Change(
        "changed", "tiltak", "T1.1", "SO1/tiltak/T1.1", "tekst", "Endre navnet to ganger.", "Endre navnet fire ganger."
    )
    line = case_line(text, {})
    assert line == "Tiltak T1.1: teksten er endret fra «Endre navnet to ganger.» til «Endre navnet fire ganger.»"
    assert change_sentence("nynorsk", {}, line) == (
        "Tiltak T1.1: teksten er endra frå «Endre navnet to ganger.» til «Endre navnet fire ganger.»"
    )
    status = Change("changed", "tiltak", "T1.1", "SO1/tiltak/T1.1", "status", "pågår", "fullført")
    assert case_line(status, {}) == "Tiltak T1.1: statusen er endret fra pågår til fullført."  # a word, as it reads


def test_the_web_sites_changes_page_of_a_nynorsk_plan_is_nynorsk(pair):
    """The site's «Endringar» page (``html_parts`` with the plan's målform): every fixed word in
    nynorsk, the plan's own words as written; bokmål stays the default (the golden diff.html)."""
    from workflow.changes.report import html_parts

    report = report_of(pair)
    nn = re.sub(r"<[^>]+>", "\n", "".join(html_parts(report, heading="Endringar", language="nynorsk")))
    for word in ("Samandrag", "Tal", "Kva", "Endra tiltak T1.3", "Fjerna tiltak T1.6", "Flytta tiltak T2.1"):
        assert word in nn, word
    assert "Lagt til tiltak T1.7: Møteplass for gründere &lt;i Os&gt; &amp; omegn." in nn
    assert "kostnad per år: 60 000 kr → 80 000 kr" in nn.replace("\xa0", " ")
    for bokmål in ("Sammendrag", "Antall", "Hva", "Endret ", "Fjernet", "Flyttet", "endringer", " fra SO2"):
        assert bokmål not in nn, bokmål
    nb = "".join(html_parts(report, heading="Endringer"))
    assert "<h2>Sammendrag</h2>" in nb and "Fjernet tiltak T1.6" in nb
