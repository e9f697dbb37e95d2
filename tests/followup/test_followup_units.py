"""The parts of the follow-up on their own: the action-plan tag scheme, the follow-up files as
``plan check`` reads them (located errors), the projection, the chart, rolling."""

from __future__ import annotations

import datetime as dt

import pytest

from workflow.process.tags import format_action_tag, format_tag, parse_action_tag, parse_tag


@pytest.mark.parametrize(
    "year, stage, date, seq",
    [
        (2022, "formannskap", dt.date(2021, 11, 18), 1),
        (2030, "kommunestyre", dt.date(2029, 12, 31), 2),
        (2021, "a", dt.date(2020, 1, 1), 999),
    ],
)
def test_action_tag_round_trip(year, stage, date, seq):
    name = format_action_tag(year, stage, date, seq)
    assert parse_action_tag(name) == (year, stage, date, seq)
    assert name.startswith(f"handlingsplan-{year}/{stage}/{date.isoformat()}")


def test_action_tags_and_strategy_tags_do_not_mix():
    action = format_action_tag(2022, "formannskap", dt.date(2021, 11, 18))
    assert action == "handlingsplan-2022/formannskap/2021-11-18"
    assert parse_tag(action) is None  # the strategy's process never sees an action-plan tag
    for name in (
        "formannskap/2020-05-12",
        "revisjon/2021-03-01",
        "handlingsplan-22/formannskap/2021-11-18",
        "handlingsplan-2022/revisjon/2021-11-18",
        "handlingsplan-2022/formannskap/2021-13-01",
        "handlingsplan-2022/formannskap",
        "x/handlingsplan-2022/formannskap/2021-11-18",
    ):
        assert parse_action_tag(name) is None, name
    # the existing scheme is unchanged
    assert parse_tag(format_tag("formannskap", dt.date(2020, 5, 12), 2)) == ("formannskap", dt.date(2020, 5, 12), 2)


def test_action_tag_refuses_bad_parts():
    with pytest.raises(ValueError):
        format_action_tag(22, "formannskap", dt.date(2021, 1, 1))
    with pytest.raises(ValueError):
        format_action_tag(2022, "Formannskap", dt.date(2021, 1, 1))


def _check(cli, plan_dir):
    result = cli(plan_dir, "check")
    return result.exit_code, result.output


def test_check_locates_errors_in_follow_up_files(cli, plan_dir):
    folder = plan_dir / "plan" / "oppfolging"
    folder.mkdir()
    (folder / "T1.2.yaml").write_text(
        "- dato: 2021-10-01\n  status: pågår\n  andel: 60\n  brukt: 45000\n"
        "- dato: 2021-11-01\n  status: fullført\n  andel: 40\n"
        "- dato: 2021-12-01\n  status: ferdig\n",
        encoding="utf-8",
    )
    (folder / "T9.9.yaml").write_text("- dato: 2021-10-01\n  status: pågår\n", encoding="utf-8")
    (folder / "A1.1.yaml").write_text(
        "- år: 2021\n  verdi: 158\n  kilde: Landbruksdirektoratet\n  ukjent: 1\n", encoding="utf-8"
    )
    code, out = _check(cli, plan_dir)
    assert code == 1
    assert "plan/oppfolging/T1.2.yaml:9:11: feil: må være en av: planlagt, pågår, fullført, utgått" in out
    assert "plan/oppfolging/T9.9.yaml:1:1: feil: filnavnet er ukjent tiltak eller ambisjon «T9.9»" in out
    assert "plan/oppfolging/A1.1.yaml:4:3: feil: ukjent felt «ukjent»" in out
    (folder / "T1.2.yaml").write_text(
        "- dato: 2021-10-01\n  status: pågår\n  andel: 60\n  brukt: 45000\n- dato: 2021-11-01\n  status: fullført\n  andel: 40\n",
        encoding="utf-8",
    )
    (folder / "T9.9.yaml").unlink()
    (folder / "A1.1.yaml").write_text("- år: 2021\n  verdi: 158\n", encoding="utf-8")
    code, out = _check(cli, plan_dir)
    assert (
        code == 1
        and "plan/oppfolging/T1.2.yaml:7:10: feil: tiltak T1.2: et fullført tiltak er gjennomført 100 %, ikke 40 %"
        in out
    )


def test_check_locates_errors_in_an_action_plan(cli, plan_dir):
    folder = plan_dir / "plan" / "handlingsplan"
    folder.mkdir()
    (folder / "2022.yaml").write_text("år: 2023\ntiltak: []\n", encoding="utf-8")
    code, out = _check(cli, plan_dir)
    assert code == 1 and "plan/handlingsplan/2022.yaml:1:5: feil: året 2023 stemmer ikke med filnavnet" in out
    (folder / "2022.yaml").write_text(
        "år: 2022\ntiltak:\n  - id: T1.7\n    satsingsområde: SO9\n    tekst: Nytt\n    ansvar: Rådmannen\n"
        "    fra: 2020\n    til: 2021\n    strategier: [S9.9]\n",
        encoding="utf-8",
    )
    code, out = _check(cli, plan_dir)
    assert "plan/handlingsplan/2022.yaml:4:21: feil: satsingsområdet «SO9» finnes ikke i planen" in out
    assert "2022.yaml:9:18: feil: tiltaket viser til strategien «S9.9», som ikke finnes" in out
    assert "2022.yaml:8:10: feil: tiltaket slutter i 2021, før handlingsplanåret 2022" in out


class _Ambition:
    def __init__(self, baseline, target, requirement=None, unit="stk"):
        from types import SimpleNamespace

        self.baseline = SimpleNamespace(value=baseline[1], year=baseline[0])
        self.target = SimpleNamespace(value=target[1], year=target[0])
        self.requirement = requirement
        self.unit = unit


def test_projection_verdicts_and_words():
    from workflow.followup.projection import NO_DATA, NOT_MEASURED, OFF_TRACK, ON_TRACK, project

    rising = _Ambition((2020, 10), (2028, 30))
    p = project(rising, [(2021, 13), (2022, 15)], 2022)
    assert (
        p.verdict == ON_TRACK
        and p.slope == pytest.approx(2.5)
        and p.projected == pytest.approx(12.6667 + 2.5 * 7, abs=1e-3)
    )
    assert "økt med 2,5 per år i snitt" in p.words and "om lag 30,2 i 2028" in p.words and "i rute" in p.words
    assert project(rising, [(2021, 11), (2022, 11.5)], 2022).verdict == OFF_TRACK
    two = project(rising, [(2021, 11)], 2022)  # two values are no trend: words, no number
    assert two.verdict == NO_DATA and two.projected is None and "To målinger er for få" in two.words
    assert project(rising, [(2023, 40)], 2022).verdict == NOT_MEASURED  # measured after the report year: not used
    ceiling = _Ambition((2020, 100), (2028, 80))  # below the baseline: at most 80
    assert project(ceiling, [(2021, 96), (2022, 93)], 2022).verdict == ON_TRACK
    floor = _Ambition((2016, 172), (2028, 150), requirement="minst")
    p = project(floor, [(2019, 165), (2021, 158)], 2021)
    assert p.verdict == OFF_TRACK and "Målet er minst 150 stk i 2028." in p.words


def test_projection_stays_where_the_indicator_can_go():
    """A count is never projected below zero, a share never above 100 %: the words say the line
    reaches the bound before the target year instead of printing an impossible number."""
    from workflow.followup.projection import OFF_TRACK, ON_TRACK, project

    passengers = _Ambition((2019, 30000), (2028, 40000), unit="passasjerer")
    p = project(passengers, [(2020, 24000), (2021, 18500)], 2021)
    assert p.verdict == OFF_TRACK and p.projected is None
    assert "−" not in p.words and "når verdien null før 2028" in p.words
    assert min(v for _, v in p.line) == 0 and p.line[-1] == (2028, 0)
    share = _Ambition((2019, 62), (2026, 95), unit="prosent")
    p = project(share, [(2020, 68), (2021, 74)], 2021)
    assert p.verdict == ON_TRACK and "når verdien 100 prosent før 2026" in p.words and "104" not in p.words
    assert max(v for _, v in p.line) == 100


def test_report_chart_is_drawn_like_the_plans_charts():
    """The report's chart is the plan's kind of chart: a legend in words, Norwegian round ticks
    and the same font (evidence/charts.py), deterministic."""
    from workflow.evidence.charts import draw_png
    from workflow.followup.chart import MEASURED, PROJECTED, indicator_chart

    row = {
        "id": "A3.2",
        "indicator": "Passasjerer på Røros lufthavn",
        "unit": "passasjerer per år",
        "points": [[2019, 30000.0], [2020, 24000.0], [2021, 18500.0]],
        "line": [[y, max(0.0, 30000 - 5750 * (y - 2019))] for y in range(2019, 2029)],
        "target_point": [2028, 40000.0],
        "source": "Avinor, passasjerstatistikk",
        "baseline": "30 000 (2019)",
        "target": "40 000 (2028)",
        "words": "…",
    }
    chart = indicator_chart(row)
    assert [name for name, _ in chart.series] == [MEASURED, PROJECTED]
    assert chart.target == ("2028", 40000.0) and chart.baseline == ("2019", 30000.0)
    assert chart.source == "Kilde: Avinor, passasjerstatistikk"
    png = draw_png(chart)
    assert png == draw_png(chart) and png.startswith(b"\x89PNG")


def test_an_unreadable_action_plan_tag_is_shown_not_used(cli, git_repo):
    """A hand-made tag in the action-plan scheme whose message is not ours: plan log names it
    and says why, the action plan's rules do not count it, nothing crashes."""
    root = git_repo.path
    git_repo.git("tag", "-a", "-m", "laget for hånd", "handlingsplan-2022/formannskap/2021-11-18")
    git_repo.git("tag", "-a", "-m", "v1", "handlingsplan-2022/ukjent")  # outside the scheme: ignored
    result = cli(root, "log")
    assert result.exit_code == 0
    assert "Handlingsplan 2022" in result.output and "18.11.2021 – formannskap: kan ikke leses" in result.output
    assert "taggen handlingsplan-2022/formannskap/2021-11-18 blir ikke brukt" in result.output
    assert "ukjent" not in result.output
    strategy = cli(root, "log", "--format", "json")
    assert [e.get("prosess") for e in __import__("json").loads(strategy.stdout)] == ["handlingsplan-2022"]


def test_report_summary_without_ambitions(plan_dir):
    from workflow.followup.report import report_data
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    project, _ = load_project(WorkTree(plan_dir))
    bare = project.plan.model_copy(
        update={"focus_areas": tuple(a.model_copy(update={"ambitions": ()}) for a in project.plan.focus_areas)}
    )
    data = report_data(project.model_copy(update={"plan": bare}), 2021)
    started = sum(m.status in ("pågår", "fullført") for m in project.plan.all_measures())
    assert data["summary"]["text"] == f"{started} av 17 tiltak er i gang eller fullført."
    assert data["years"][-1]["year"] == 2021 and data["years"][-1]["spent"] == 0


def test_projection_without_a_baseline_or_a_target_value():
    """Ambitions may give a direction or a target in words instead of a value (issue 11): the
    first measurement stands in for the baseline, the verdict follows the direction."""
    from types import SimpleNamespace

    from workflow.followup.chart import indicator_chart
    from workflow.followup.projection import NO_DATA, NOT_MEASURED, OFF_TRACK, ON_TRACK, project

    def ambition(**kwargs):
        base = {"baseline": None, "target": None, "unit": "stk", "direction": None, "relative_target": None}
        return SimpleNamespace(**{**base, **kwargs})

    values = [(2020, 100.0), (2021, 104.0), (2022, 107.0)]
    p = project(ambition(direction="økende"), values, 2022)
    assert p.verdict == ON_TRACK and p.projected is None and "Målet er at verdien skal øke." in p.words
    assert project(ambition(direction="synkende"), values, 2022).verdict == OFF_TRACK
    assert project(ambition(direction="stabil"), values, 2022).verdict == OFF_TRACK  # 3.5 a year > 1 %
    assert project(ambition(direction="stabil"), [(2020, 100.0), (2022, 100.5)], 2022).verdict == ON_TRACK
    words = project(ambition(relative_target="bedre enn snittet i KOSTRA-gruppe 11"), values, 2022)
    assert words.verdict == NO_DATA and "«bedre enn snittet i KOSTRA-gruppe 11»" in words.words
    assert project(ambition(direction="økende"), [], 2022).verdict == NOT_MEASURED
    target = SimpleNamespace(value=120, year=2026)
    p = project(ambition(target=target), values, 2022)  # no baseline: from the first value
    assert p.points[0] == (2020, 100.0) and p.verdict == ON_TRACK  # 3.5 a year reaches 120 by 2026
    row = {"id": "A9", "indicator": "x", "unit": "stk", "points": p.points, "target_point": None, "source": None}
    assert indicator_chart({**row, "baseline": "-", "target": "-", "words": ""}).target is None


@pytest.mark.parametrize(
    "comment",
    ['Linje 1 «sitat» "x" & <y> 😀\n\n- punkt: NO\n- yes', "NO", "12:30", "0441", "  innrykk\nog mer", "a: b # c"],
)
def test_a_recorded_comment_reads_back_exactly(cli, plan_dir, comment):
    from workflow.followup.status import followup_of
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    result = cli(plan_dir, "rapporter", "T1.2", "--status", "pågår", "--dato", "2021-05-01", "--kommentar", comment)
    assert result.exit_code == 0, result.output
    project, _ = load_project(WorkTree(plan_dir))
    assert followup_of(project).status["T1.2"][-1].comment == comment.rstrip()
