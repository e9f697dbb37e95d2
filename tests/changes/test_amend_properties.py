"""Property: for random valid proposals on generated plans, applying them and comparing the
plans by meaning (changes/compare.py) gives back exactly the proposals' changes; and the plan
files edited in place (plan/yamledit.py) read back as exactly that plan, other files untouched."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.changes.amend import apply
from workflow.changes.compare import compare, normalize_text
from workflow.plan.load import load_project
from workflow.plan.model import Plan, Proposal
from workflow.plan.yamledit import edit_files

WORDS = st.text(alphabet="abcdefghijklmnoprstuvyzæøå ÆØÅ,.-:«»'\"#%&", min_size=1, max_size=120).filter(
    lambda t: bool(t.strip()) and not t.strip().startswith(("-", "#", "%", ":", "'", '"', "«"))
)
COST = st.integers(min_value=0, max_value=2_000_000)


@st.composite
def plans(draw) -> dict:
    areas = []
    for a in range(1, draw(st.integers(1, 3)) + 1):
        goals = [{"id": f"M{a}.{i}", "tekst": draw(WORDS)} for i in range(1, draw(st.integers(1, 3)) + 1)]
        for goal in goals:
            subs = [
                {"id": f"D{goal['id'][1:]}.{k}", "tekst": draw(WORDS)} for k in range(1, draw(st.integers(0, 3)) + 1)
            ]
            if subs:
                goal["delmål"] = subs
        strategies = [
            {"id": f"S{a}.{i}", "tekst": draw(WORDS), "mål": [goals[0]["id"]]}
            for i in range(1, draw(st.integers(1, 2)) + 1)
        ]
        measures = [
            {
                "id": f"T{a}.{i}",
                "tekst": draw(WORDS),
                "ansvar": draw(WORDS),
                "fra": 2021,
                "til": draw(st.integers(2021, 2028)),
                "kostnad": draw(COST),
                "strategier": [strategies[-1]["id"]],
            }
            for i in range(1, draw(st.integers(0, 4)) + 1)
        ]
        areas.append({"id": f"SO{a}", "navn": draw(WORDS), "mål": goals, "strategier": strategies, "tiltak": measures})
    plan = {
        "kommune": {"navn": "Os", "nummer": "3430"},
        "tittel": "Strategisk næringsplan",
        "periode": {"fra": 2020, "til": 2028},
        "visjon": draw(WORDS),
        "satsingsområder": areas,
    }
    if draw(st.booleans()):
        indicators = [indicator(f"I{k}", draw) for k in range(1, draw(st.integers(0, 3)) + 1)]
        plan["hovedmål"] = {"id": "H1", "tekst": draw(WORDS), **({"indikatorer": indicators} if indicators else {})}
    return plan


def indicator(item_id: str, draw) -> dict:
    return {"id": item_id, "indikator": draw(WORDS), "enhet": "personer", "målverdi": {"verdi": 10, "år": 2028}}


def _item(plan: dict, item_id: str) -> tuple[dict, dict]:
    """(its parent, the item): a focus area, a goal for a delmål, the main goal for an indicator."""
    main = plan.get("hovedmål", {})
    for item in main.get("indikatorer", ()):
        if item["id"] == item_id:
            return main, item
    for area in plan["satsingsområder"]:
        for key in ("mål", "strategier", "tiltak"):
            for item in area.get(key, ()):
                if item["id"] == item_id:
                    return area, item
                for sub in item.get("delmål", ()):
                    if sub["id"] == item_id:
                        return item, sub
    raise KeyError(item_id)


def _after(draw, plan: dict, parent: dict, key: str, touched: set[str]) -> dict:
    """Maybe «etter: ID» with a sibling no other proposal moves or removes (then touched)."""
    free = [s["id"] for s in parent.get(key, ()) if s["id"] not in touched]
    if not free or not draw(st.booleans()):
        return {}
    sibling = draw(st.sampled_from(free))
    touched.add(sibling)
    return {"etter": sibling}


def nested_change(draw, plan: dict, n: int, touched: set[str]) -> tuple[dict, set[tuple]] | None:
    """A change to a delmål (under a goal) or an indicator (under the main goal), or None."""
    goals = [g for a in plan["satsingsområder"] for g in a["mål"]]
    subs = [s["id"] for g in goals for s in g.get("delmål", ()) if s["id"] not in touched]
    main = plan.get("hovedmål")
    indicators = [i["id"] for i in (main or {}).get("indikatorer", ()) if i["id"] not in touched]
    op = draw(st.sampled_from(["sub_text", "sub_add", "sub_remove", "sub_move", "ind_text", "ind_add", "ind_remove"]))
    if op == "sub_add":
        goal = draw(st.sampled_from(goals))
        value = {"id": f"D{goal['id'][1:]}.9{n}", "tekst": draw(WORDS)}
        change = {
            "legg_til": "delmål",
            "under": goal["id"],
            "verdi": value,
            **_after(draw, plan, goal, "delmål", touched),
        }
        return change, {("changed", "mål", goal["id"], "delmål")}
    if op == "ind_add" and main is not None:
        change = {"legg_til": "indikator", "under": "H1", "verdi": indicator(f"I9{n}", draw)}
        change |= _after(draw, plan, main, "indikatorer", touched)
        return change, {("changed", "plan", None, "hovedmål")}
    if op.startswith("ind") and indicators:
        target = draw(st.sampled_from(indicators))
        touched.add(target)
        old = _item(plan, target)[1]["indikator"]
        value = draw(WORDS.filter(lambda t, old=old: normalize_text(t) != normalize_text(old)))
        change = {"fjern": target} if op == "ind_remove" else {"sett": target, "felt": "indikator", "verdi": value}
        return change, {("changed", "plan", None, "hovedmål")}
    if not op.startswith("sub") or not subs:
        return None
    target = draw(st.sampled_from(subs))
    touched.add(target)
    goal, sub = _item(plan, target)
    fact = ("changed", "mål", goal["id"], "delmål")
    if op == "sub_text":
        value = draw(WORDS.filter(lambda t, old=sub["tekst"]: normalize_text(t) != normalize_text(old)))
        return {"sett": target, "felt": "tekst", "verdi": value}, {fact}
    if op == "sub_remove":
        return {"fjern": target}, {fact}
    others = [g for g in goals if g is not goal]
    if not others:
        return None
    to = draw(st.sampled_from(others))
    change = {"flytt": target, "til": to["id"], **_after(draw, plan, to, "delmål", touched)}
    return change, {fact, ("changed", "mål", to["id"], "delmål")}


@st.composite
def meetings(draw) -> tuple[dict, list[dict], set[tuple]]:
    """A plan, proposals (each item touched once, every change valid) and the changes expected."""
    plan = draw(plans())
    areas = [a["id"] for a in plan["satsingsområder"]]
    measures = [m["id"] for a in plan["satsingsområder"] for m in a["tiltak"]]
    goals = [g["id"] for a in plan["satsingsområder"] for g in a["mål"]]
    touched: set[str] = set()
    proposals, expected = [], set()
    for n in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["cost", "text", "goal", "vision", "add", "remove", "move", "end", "nested"]))
        free = [m for m in measures if m not in touched]
        change, fact = None, None
        if op in ("cost", "text", "end", "remove", "move") and free:
            target = draw(st.sampled_from(free))
            area, item = _item(plan, target)
            touched.add(target)
            if op == "cost":
                value = draw(COST.filter(lambda c, old=item["kostnad"]: c != old))
                change, fact = (
                    {"sett": target, "felt": "kostnad", "verdi": value},
                    ("changed", "tiltak", target, "kostnad"),
                )
            elif op == "end":
                value = draw(st.integers(2021, 2028).filter(lambda y, old=item["til"]: y != old))
                change, fact = {"sett": target, "felt": "til", "verdi": value}, ("changed", "tiltak", target, "til")
            elif op == "text":
                value = draw(WORDS.filter(lambda t, old=item["tekst"]: normalize_text(t) != normalize_text(old)))
                change, fact = {"sett": target, "felt": "tekst", "verdi": value}, ("changed", "tiltak", target, "tekst")
            elif op == "remove":
                change, fact = {"fjern": target}, ("removed", "tiltak", target, None)
            elif len(areas) > 1:
                to = draw(st.sampled_from([a for a in plan["satsingsområder"] if a["id"] != area["id"]]))
                change = {"flytt": target, "til": to["id"], **_after(draw, plan, to, "tiltak", touched)}
                fact = ("moved", "tiltak", target, "satsingsområde")
        elif op == "goal" and [g for g in goals if g not in touched]:
            target = draw(st.sampled_from([g for g in goals if g not in touched]))
            touched.add(target)
            old = _item(plan, target)[1]["tekst"]
            value = draw(WORDS.filter(lambda t, old=old: normalize_text(t) != normalize_text(old)))
            change, fact = {"sett": target, "felt": "tekst", "verdi": value}, ("changed", "mål", target, "tekst")
        elif op == "nested":
            found = nested_change(draw, plan, n, touched)
            if found is not None:
                proposals.append({"tekst": f"Forslag {n + 1}", "id": f"F{n + 1}", "endringer": [found[0]]})
                expected |= found[1]
        elif op == "vision" and "plan" not in touched:
            touched.add("plan")
            value = draw(WORDS.filter(lambda t: normalize_text(t) != normalize_text(plan["visjon"])))
            change, fact = {"sett": "plan", "felt": "visjon", "verdi": value}, ("changed", "plan", None, "visjon")
        elif op == "add":
            area = draw(st.sampled_from(plan["satsingsområder"]))
            new_id = f"T{area['id'][2:]}.9{n}"
            value = {"id": new_id, "tekst": draw(WORDS), "ansvar": draw(WORDS), "fra": 2022, "til": 2024}
            value["kostnad"] = draw(COST)
            value["strategier"] = [area["strategier"][0]["id"]]
            change, fact = (
                {
                    "legg_til": "tiltak",
                    "under": area["id"],
                    "verdi": value,
                    **_after(draw, plan, area, "tiltak", touched),
                },
                ("added", "tiltak", new_id, None),
            )
        if change is not None:
            proposals.append({"tekst": f"Forslag {n + 1}", "id": f"F{n + 1}", "endringer": [change]})
            expected.add(fact)
    return plan, proposals, expected


class Files:
    """A revision's files held in memory (a ``Source`` for ``load_project``)."""

    revision = "test"
    commit = None
    commit_date: dt.datetime | None = None

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts

    def read(self, path: str) -> bytes | None:
        return self.texts[path].encode("utf-8") if path in self.texts else None

    def list(self, directory: str) -> list[str]:
        return sorted(p for p in self.texts if p.startswith(directory.rstrip("/") + "/"))


def as_files(plan: dict, own_file: list[bool]) -> dict[str, str]:
    """plan.yaml, with the focus areas inline or each in a file of its own."""
    texts, entries = {}, []
    for area, separate in zip(plan["satsingsområder"], own_file):
        if separate:
            path = f"satsingsomrader/{area['id'].lower()}.yaml"
            texts[f"plan/{path}"] = yaml.safe_dump(area, allow_unicode=True, sort_keys=False)
            entries.append(path)
        else:
            entries.append(area)
    texts["plan/plan.yaml"] = yaml.safe_dump({**plan, "satsingsområder": entries}, allow_unicode=True, sort_keys=False)
    return texts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meeting=meetings(), own_file=st.lists(st.booleans(), min_size=3, max_size=3))
def test_applying_then_diffing_gives_back_exactly_the_proposals_changes(meeting, own_file):
    data, raw, expected = meeting
    plan = Plan.model_validate(data)
    proposals = [Proposal.model_validate(p) for p in raw]

    after = apply(plan, proposals)
    changes = compare(plan, after)
    assert {(c.kind, c.type, c.id, c.field) for c in changes} == expected
    assert len(changes) == len(expected)  # nothing else: no reordering, no second change per item

    texts = as_files(data, own_file)
    edited = edit_files(texts, after, proposals)
    read_back, _ = load_project(Files(edited))
    assert compare(after, read_back.plan) == []
    touched_areas = {c.path.split("/")[0] for c in changes if c.type != "plan"}
    touched_areas |= {c.old for c in changes if c.kind == "moved"}  # the area a measure left
    for path, text in texts.items():
        if path != "plan/plan.yaml" and not any(f"/{a.lower()}.yaml" in path for a in touched_areas):
            assert edited[path] == text  # a file no proposal touches stays byte for byte
