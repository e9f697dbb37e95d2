"""Comparison by meaning: each kind of change alone and together; layout changes are no change."""

from __future__ import annotations


import pytest
import yaml

from workflow.changes.compare import compare, normalize_text, summarize

from support import PLAN, SO1, SO2, SO3, edit, item, plan_of, read, write


@pytest.fixture
def before(plan_dir):
    return plan_of(plan_dir)


def changes_after(plan_dir, before, *edits):
    for rel, fn in edits:
        edit(plan_dir, rel, fn)
    return compare(before, plan_of(plan_dir))


def facts(changes):
    return [(c.kind, c.type, c.id, c.field) for c in changes]


# --- no change ------------------------------------------------------------------------------


def test_same_plan_is_no_change(plan_dir, before):
    assert compare(before, plan_of(plan_dir)) == []


def test_reformatted_sorted_keys_and_quoted_values_are_no_change(plan_dir, before):
    for rel in (PLAN, SO1, SO2, SO3):
        data = read(plan_dir, rel)
        # every scalar double-quoted, keys sorted, flow style, lines wrapped elsewhere
        write(plan_dir, rel, data, default_style='"', width=50)
    assert (plan_dir / SO1).read_text(encoding="utf-8") != ""
    assert compare(before, plan_of(plan_dir)) == []
    for rel in (PLAN, SO1, SO2, SO3):
        write(plan_dir, rel, read(plan_dir, rel), default_flow_style=True, width=200)
    assert compare(before, plan_of(plan_dir)) == []


def test_sorted_keys_and_rewrapped_text_are_no_change(plan_dir, before):
    text = (plan_dir / SO1).read_text(encoding="utf-8")
    text = text.replace(
        "      Etablere et **næringsforum** med fire bedriftsmøter i året, der bedriftene\n",
        "      Etablere et **næringsforum** med fire\n      bedriftsmøter   i året, der bedriftene\n",
    )
    (plan_dir / SO1).write_text(text, encoding="utf-8")
    for rel in (PLAN, SO2):
        data = read(plan_dir, rel)
        (plan_dir / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")
    assert compare(before, plan_of(plan_dir)) == []


def test_renamed_file_and_areas_merged_into_plan_yaml_are_no_change(plan_dir, before):
    (plan_dir / "plan/omrader").mkdir()
    (plan_dir / SO1).rename(plan_dir / "plan/omrader/naeringslivet.yaml")
    data = read(plan_dir, PLAN)
    data["satsingsområder"] = ["omrader/naeringslivet.yaml", read(plan_dir, SO2), read(plan_dir, SO3)]
    (plan_dir / SO2).unlink()
    (plan_dir / SO3).unlink()
    write(plan_dir, PLAN, data)
    assert compare(before, plan_of(plan_dir)) == []


def test_area_split_out_of_plan_yaml_into_its_own_file_is_no_change(plan_dir):
    data = read(plan_dir, PLAN)
    data["satsingsområder"] = [read(plan_dir, SO1), "satsingsomrader/naeringsvennlig-kommune.yaml", read(plan_dir, SO3)]
    (plan_dir / SO1).unlink()
    (plan_dir / SO3).unlink()
    write(plan_dir, PLAN, data)
    inline = plan_of(plan_dir)
    data["satsingsområder"] = ["a.yaml", "b/c.yaml", "satsingsomrader/naeringsvennlig-kommune.yaml"]
    write(plan_dir, "plan/a.yaml", inline.focus_areas[0].model_dump(by_alias=True, mode="json", exclude_defaults=True))
    write(
        plan_dir, "plan/b/c.yaml", inline.focus_areas[2].model_dump(by_alias=True, mode="json", exclude_defaults=True)
    )
    write(plan_dir, PLAN, data)
    split = plan_of(plan_dir)
    # The order of the areas changed (SO3 moved before SO2): that is all.
    assert facts(compare(inline, split)) == [("reordered", "satsingsområde", "SO3", None)]


def test_normalize_text_joins_wrapped_lines_but_keeps_lists_and_paragraphs():
    assert normalize_text("Første linje\n  fortsetter her.\n") == "Første linje fortsetter her."
    assert normalize_text("Avsnitt.\n\n\nNeste.") == "Avsnitt.\n\nNeste."
    assert normalize_text("Temaer:\n- ett\n- to\n  fortsatt to") == "Temaer:\n- ett\n- to fortsatt to"


# --- each kind alone ----------------------------------------------------------------------------


def test_added_measure(plan_dir, before):
    def add(d):
        d["tiltak"].append(
            {
                "id": "T1.7",
                "tekst": "Møteplass for gründere.",
                "ansvar": "Os kommune",
                "fra": 2022,
                "til": 2024,
                "kostnad": 30000,
                "strategier": ["S1.2"],
            }
        )

    changes = changes_after(plan_dir, before, (SO1, add))
    assert facts(changes) == [("added", "tiltak", "T1.7", None)]
    c = changes[0]
    assert c.path == "SO1/tiltak/T1.7" and c.old is None
    assert c.new["tekst"] == "Møteplass for gründere." and c.new["kostnad"] == 30000 and c.new["strategier"] == ["S1.2"]


def test_removed_goal(plan_dir, before):
    def drop(d):
        d["mål"] = [g for g in d["mål"] if g["id"] != "M1.3"]
        for s in d["strategier"]:
            s["mål"] = [g for g in s["mål"] if g != "M1.3"] or ["M1.2"]

    changes = changes_after(plan_dir, before, (SO1, drop))
    assert ("removed", "mål", "M1.3", None) in facts(changes)
    removed = next(c for c in changes if c.kind == "removed")
    assert removed.path == "SO1/mål/M1.3" and removed.new is None and "lokalmat" in removed.old["tekst"]


def test_changed_text_carries_a_word_diff(plan_dir, before):
    def reword(d):
        m = item(d, "tiltak", "T1.3")
        m["tekst"] = m["tekst"].replace("**næringsforum** med fire", "**næringsråd** med seks")

    changes = changes_after(plan_dir, before, (SO1, reword))
    assert facts(changes) == [("changed", "tiltak", "T1.3", "tekst")]
    c = changes[0]
    assert c.path == "SO1/tiltak/T1.3"
    assert "næringsforum" in c.old and "næringsråd" in c.new and "\n" not in c.new
    assert ("delete", "næringsforum") in c.words and ("insert", "næringsråd") in c.words
    assert ("delete", "fire") in c.words and ("insert", "seks") in c.words


def test_changed_fields_each_reported(plan_dir, before):
    def change(d):
        m = item(d, "tiltak", "T1.3")
        m["kostnad"] = "80000"  # quoted: still a number
        m["til"] = 2026
        m["status"] = "pågår"
        m["samarbeidspartnere"].append("Os Næringsforening")
        a = item(d, "ambisjoner", "A1.2")
        a["målverdi"]["verdi"] = 900

    changes = changes_after(plan_dir, before, (SO1, change))
    assert facts(changes) == [
        ("changed", "ambisjon", "A1.2", "målverdi"),
        ("changed", "tiltak", "T1.3", "samarbeidspartnere"),
        ("changed", "tiltak", "T1.3", "til"),
        ("changed", "tiltak", "T1.3", "kostnad"),
        ("changed", "tiltak", "T1.3", "status"),
    ]
    by_field = {c.field: c for c in changes}
    assert (by_field["kostnad"].old, by_field["kostnad"].new) == (60000, 80000)
    assert by_field["målverdi"].old == {"verdi": 880, "år": 2028}
    assert by_field["målverdi"].new == {"verdi": 900, "år": 2028}
    assert by_field["samarbeidspartnere"].new[-1] == "Os Næringsforening"


def test_plan_fields_changed(plan_dir, before):
    def change(d):
        d["visjon"] = "Os skal være en livskraftig fjellbygd med arbeid for nye generasjoner."
        d["kommune"]["fylke"] = "Innlandet fylke"
        d["forrige_plan"]["periode"]["til"] = 2019

    changes = changes_after(plan_dir, before, (PLAN, change))
    assert facts(changes) == [
        ("changed", "plan", None, "kommune"),
        ("changed", "plan", None, "visjon"),
        ("changed", "plan", None, "forrige_plan"),
    ]
    assert changes[0].path == "plan" and changes[0].new == {"navn": "Os", "nummer": "3430", "fylke": "Innlandet fylke"}
    assert changes[1].words is not None and ("insert", "livskraftig") in changes[1].words
    assert changes[2].new["periode"] == {"fra": 2016, "til": 2019}


def test_measure_moved_to_another_focus_area(plan_dir, before):
    moved = {}

    def take(d):
        moved.update(item(d, "tiltak", "T1.5"))
        d["tiltak"] = [m for m in d["tiltak"] if m["id"] != "T1.5"]

    def put(d):
        d["tiltak"].append(moved)

    changes = changes_after(plan_dir, before, (SO1, take), (SO2, put))
    assert facts(changes) == [("moved", "tiltak", "T1.5", "satsingsområde")]
    assert (changes[0].old, changes[0].new, changes[0].path) == ("SO1", "SO2", "SO2/tiltak/T1.5")


def test_relinked_strategy_and_measure(plan_dir, before):
    def relink(d):
        item(d, "strategier", "S1.1")["mål"] = ["M1.1", "M1.2"]
        item(d, "tiltak", "T1.4")["strategier"] = ["S1.2"]
        item(d, "tiltak", "T1.1")["strategier"] = ["S1.1"]  # unchanged

    changes = changes_after(plan_dir, before, (SO1, relink))
    assert facts(changes) == [("moved", "strategi", "S1.1", "mål"), ("moved", "tiltak", "T1.4", "strategier")]
    assert (changes[0].old, changes[0].new) == (["M1.1"], ["M1.1", "M1.2"])
    assert (changes[1].old, changes[1].new) == (["S1.3", "S1.2"], ["S1.2"])


def test_reordered_measures_areas_and_links(plan_dir, before):
    def shuffle(d):
        t = d["tiltak"]
        t.insert(4, t.pop(2))  # T1.3 after T1.5
        item(d, "tiltak", "T1.4")["strategier"] = ["S1.2", "S1.3"]

    def areas(d):
        d["satsingsområder"] = [d["satsingsområder"][i] for i in (0, 2, 1)]

    changes = changes_after(plan_dir, before, (SO1, shuffle), (PLAN, areas))
    assert sorted(facts(changes)) == sorted(
        [
            ("reordered", "satsingsområde", "SO3", None),
            ("reordered", "tiltak", "T1.3", None),
            ("reordered", "tiltak", "T1.4", "strategier"),
        ]
    )
    t13 = next(c for c in changes if c.id == "T1.3")
    assert (t13.old, t13.new) == (3, 5)


def test_reversed_list_reports_the_items_that_changed_place_not_the_one_that_stayed(plan_dir, before):
    """S3.1, S3.2, S3.3 → S3.3, S3.2, S3.1: S3.2 keeps place 2, the two others swap."""

    def reverse(d):
        d["strategier"].reverse()

    changes = changes_after(plan_dir, before, (SO3, reverse))
    assert sorted((c.id, c.old, c.new) for c in changes) == [("S3.1", 1, 3), ("S3.3", 3, 1)]
    assert all(c.kind == "reordered" and c.old != c.new for c in changes)


def test_added_and_removed_focus_areas_report_their_items(plan_dir, before):
    new_area = {
        "id": "SO4",
        "navn": "Reiseliv",
        "mål": [{"id": "M4.1", "tekst": "Flere besøkende."}],
        "strategier": [{"id": "S4.1", "tekst": "Markedsføre fjellet.", "mål": ["M4.1"]}],
        "tiltak": [
            {
                "id": "T4.1",
                "tekst": "Turkart.",
                "ansvar": "Os kommune",
                "fra": 2021,
                "til": 2022,
                "kostnad": 10000,
                "strategier": ["S4.1"],
            }
        ],
    }
    write(plan_dir, "plan/satsingsomrader/reiseliv.yaml", new_area)
    (plan_dir / SO3).unlink()
    edit(
        plan_dir,
        PLAN,
        lambda d: d.__setitem__("satsingsområder", d["satsingsområder"][:2] + ["satsingsomrader/reiseliv.yaml"]),
    )
    changes = compare(before, plan_of(plan_dir))
    got = facts(changes)
    assert got[:4] == [
        ("added", "satsingsområde", "SO4", None),
        ("added", "mål", "M4.1", None),
        ("added", "strategi", "S4.1", None),
        ("added", "tiltak", "T4.1", None),
    ]
    assert got[4] == ("removed", "satsingsområde", "SO3", None)
    so3 = before.focus_areas[2]
    inside = [x.id for x in (*so3.goals, *so3.ambitions, *so3.strategies, *so3.measures)]
    assert [g[2] for g in got[5:]] == inside
    assert all(g[0] == "removed" for g in got[5:])
    assert changes[0].new == {"id": "SO4", "navn": "Reiseliv", "beskrivelse": None}


# --- together, and the summary -------------------------------------------------------------------


def test_combined_changes_and_summary(plan_dir, before):
    def so1(d):
        item(d, "tiltak", "T1.3")["kostnad"] = 80000
        item(d, "tiltak", "T1.3")["tekst"] = "Etablere et næringsråd."
        d["tiltak"] = [m for m in d["tiltak"] if m["id"] != "T1.6"]
        d["tiltak"].append(
            {
                "id": "T1.7",
                "tekst": "Ny.",
                "ansvar": "Os kommune",
                "fra": 2022,
                "til": 2023,
                "kostnad": 5000,
                "strategier": ["S1.4"],
            }
        )

    changes = changes_after(plan_dir, before, (SO1, so1))
    after = plan_of(plan_dir)
    assert sorted(facts(changes)) == sorted(
        [
            ("changed", "tiltak", "T1.3", "tekst"),
            ("changed", "tiltak", "T1.3", "kostnad"),
            ("added", "tiltak", "T1.7", None),
            ("removed", "tiltak", "T1.6", None),
        ]
    )
    summary = summarize(changes, before, after)
    # counted in items: T1.3 with two changed fields is one changed measure
    assert summary["total"] == 3
    assert summary["by_kind"] == {"added": 1, "removed": 1, "changed": 1}
    assert summary["by_type"] == {"tiltak": 3}
    assert summary["counts"] == {"added": {"tiltak": 1}, "removed": {"tiltak": 1}, "changed": {"tiltak": 1}}
    rows = {r["year"]: r for r in summary["cost"]["per_year"]}
    # T1.3 +20 000 in 2021–2028, T1.6 −40 000 in 2021–2028, T1.7 +5 000 in 2022–2023
    assert rows[2021]["delta"] == -20000 and rows[2022]["delta"] == -15000 and rows[2024]["delta"] == -20000
    assert rows[2020]["delta"] == 0
    assert summary["cost"]["delta"] == 8 * -20000 + 2 * 5000
    assert summary["cost"]["new"] == sum(after.costs_per_year().values())


def test_measure_given_up_costs_nothing(plan_dir, before):
    changes = changes_after(
        plan_dir, before, (SO1, lambda d: item(d, "tiltak", "T1.1").__setitem__("status", "utgått"))
    )
    summary = summarize(changes, before, plan_of(plan_dir))
    assert summary["cost"]["delta"] == -75000 * 8
