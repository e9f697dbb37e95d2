"""The chart cache: a chart drawn once is read back by later runs, byte for byte, without
importing matplotlib; a cache that is damaged or cannot be written never changes a result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from workflow.evidence.charts import Chart, draw_png

ROOT = Path(__file__).resolve().parents[1]

CHART = Chart(
    kind="indicator",
    title="A1.1: Aktive gårdsbruk & «små» <bruk> 😀",
    categories=("2016", "2017", "2018", "2019"),
    series=(("Målt", (172.0, 168.0, None, 161.5)),),
    source="Kilde: SSB, tabell 05988",
    description="Linje",
    baseline=("2016", 172.0),
    target=("2028", 150.0),
    illustrative=True,
)

# Draws CHART in a fresh process and prints the PNG as hex, then whether matplotlib was loaded.
SCRIPT = """
import sys
from test_chart_cache import CHART
from workflow.evidence.charts import {function} as draw
png = draw(CHART)
print(png.hex())
print("matplotlib" in sys.modules)
"""


def fresh_process(cache: Path, function: str = "render_png") -> tuple[bytes, bool]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), PYTHONPATH=str(ROOT / "tests"))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(function=function)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    png, loaded = done.stdout.split()
    return bytes.fromhex(png), loaded == "True"


def cached_files(cache: Path) -> list[Path]:
    return sorted((cache / "plan-workflow" / "charts").rglob("*.png"))


def test_a_second_run_reads_the_chart_back_without_matplotlib(tmp_path):
    first, drew = fresh_process(tmp_path / "cache")
    second, drew_again = fresh_process(tmp_path / "cache")
    assert drew and not drew_again
    assert first == second and first.startswith(b"\x89PNG")
    assert [p.read_bytes() for p in cached_files(tmp_path / "cache")] == [first]


def test_drawing_is_byte_identical_in_separate_processes(tmp_path):
    """Two processes that each draw (no cache shared, no in-process memo) give the same bytes."""
    one, _ = fresh_process(tmp_path / "a", "draw_png")
    two, _ = fresh_process(tmp_path / "b", "draw_png")
    assert one == two and b"matplotlib" not in one.lower()
    assert not cached_files(tmp_path / "a")  # draw_png itself keeps nothing


def test_a_damaged_cache_file_is_drawn_again_and_replaced(tmp_path):
    fresh_process(tmp_path / "cache")
    [kept] = cached_files(tmp_path / "cache")
    good = kept.read_bytes()
    kept.write_bytes(good[: len(good) // 2])  # a truncated file, e.g. copied from a full disk
    png, drew = fresh_process(tmp_path / "cache")
    assert drew and png == good and kept.read_bytes() == good


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    png, drew = fresh_process(blocked)
    assert drew and png == draw_png(CHART)
    assert blocked.read_text() == "a file where the cache folder would be"


def test_a_changed_value_is_a_new_chart(tmp_path, monkeypatch):
    from dataclasses import replace

    from workflow.evidence.charts import render_png

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    changed = replace(CHART, series=(("Målt", (172.0, 168.0, None, 160.5)),))
    assert render_png(CHART) != render_png(changed)
    assert len(cached_files(tmp_path)) == 2


def test_a_build_that_only_repeats_charts_does_not_import_matplotlib(plan_dir, tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    argv = [sys.executable, "-X", "importtime", "-m", "workflow", "-C", str(plan_dir), "build"]
    first = subprocess.run([*argv, "-o", str(tmp_path / "a")], env=env, capture_output=True, text=True)
    second = subprocess.run([*argv, "-o", str(tmp_path / "b")], env=env, capture_output=True, text=True)
    assert first.returncode == second.returncode == 0, first.stderr[-2000:] + second.stderr[-2000:]
    assert "matplotlib" in first.stderr and "matplotlib" not in second.stderr
    built = sorted(p.name for p in (tmp_path / "a").glob("*.docx"))
    assert built and built == sorted(p.name for p in (tmp_path / "b").glob("*.docx"))
    for name in built:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_charts_unused_for_ninety_days_are_forgotten_and_nothing_else(tmp_path):
    from workflow.evidence.charts import forget_unused

    folder = tmp_path / "plan-workflow" / "charts"
    now = 1_800_000_000.0
    old, recent = "ab" + "0" * 62 + ".png", "ab" + "1" * 62 + ".png"
    for name in (old, recent):
        (folder / "ab").mkdir(parents=True, exist_ok=True)
        (folder / "ab" / name).write_bytes(b"png")
    foreign = [folder / "ab" / "notater.png", folder / "README", folder / "cd" / (old.replace("ab", "ef", 1))]
    for path in foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not written by the cache")
    for path in [folder / "ab" / old, *foreign]:
        os.utime(path, (now - 91 * 86400, now - 91 * 86400))
    os.utime(folder / "ab" / recent, (now - 89 * 86400, now - 89 * 86400))
    forget_unused(folder, now)
    assert not (folder / "ab" / old).exists()
    assert (folder / "ab" / recent).exists() and all(path.exists() for path in foreign)


def test_a_chart_read_from_the_cache_counts_as_used(tmp_path):
    fresh_process(tmp_path / "cache")
    [kept] = cached_files(tmp_path / "cache")
    long_ago = 1_000_000_000
    os.utime(kept, (long_ago, long_ago))
    _, drew = fresh_process(tmp_path / "cache")
    assert not drew and kept.stat().st_mtime > long_ago + 86400
