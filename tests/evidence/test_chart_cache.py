"""The chart cache: a chart drawn once is read back by later runs, byte for byte, without
importing matplotlib; a cache that is damaged or cannot be written never changes a result."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from workflow.evidence.charts import Chart, draw_png

ROOT = Path(__file__).resolve().parents[2]

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
from dataclasses import replace
from test_chart_cache import CHART
OTHER = replace(CHART, title="A1.2: Sysselsatte i jordbruket")
from workflow.evidence.charts import {function} as draw
png = draw({chart})
print(png.hex())
print("matplotlib" in sys.modules)
"""


def fresh_process(cache: Path, function: str = "render_png", chart: str = "CHART") -> tuple[bytes, bool]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), PYTHONPATH=str(ROOT / "tests" / "evidence"))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(function=function, chart=chart)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    png, loaded = done.stdout.split()
    return bytes.fromhex(png), loaded == "True"


def cached_files(cache: Path) -> list[Path]:
    return sorted((cache / "plan-workflow" / "charts").rglob("*.chart"))


def kept_png(entry: Path) -> bytes:
    """The PNG in a cache entry (after its header and digest)."""
    from workflow.evidence.charts import ENTRY_MAGIC

    data = entry.read_bytes()
    assert data.startswith(ENTRY_MAGIC)
    return data[len(ENTRY_MAGIC) + 32 :]


def test_a_second_run_reads_the_chart_back_without_matplotlib(tmp_path):
    first, drew = fresh_process(tmp_path / "cache")
    second, drew_again = fresh_process(tmp_path / "cache")
    assert drew and not drew_again
    assert first == second and first.startswith(b"\x89PNG")
    assert [kept_png(p) for p in cached_files(tmp_path / "cache")] == [first]


def test_drawing_is_byte_identical_in_separate_processes(tmp_path):
    """Two processes that each draw (no cache shared, no in-process memo) give the same bytes."""
    one, _ = fresh_process(tmp_path / "a", "draw_png")
    two, _ = fresh_process(tmp_path / "b", "draw_png")
    assert one == two and b"matplotlib" not in one.lower()
    assert not cached_files(tmp_path / "a")  # draw_png itself keeps nothing


def flip_a_byte(entry: Path) -> None:
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x01  # inside the image data: still starts with the signature, ends with IEND
    entry.write_bytes(bytes(data))


def truncate(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])  # e.g. copied from a full disk


def zero(entry: Path) -> None:
    entry.write_bytes(bytes(entry.stat().st_size))


def folder_instead(entry: Path) -> None:
    entry.unlink()
    entry.mkdir()


def fifo_instead(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)  # unreadable as a file: must neither block nor be used


DAMAGES = {"flipped-byte": flip_a_byte, "truncated": truncate, "zeroed": zero, "folder": folder_instead}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_cache_entry_is_drawn_again_and_replaced(tmp_path, damage):
    fresh_process(tmp_path / "cache")
    [kept] = cached_files(tmp_path / "cache")
    good, entry = kept_png(kept), kept.read_bytes()
    DAMAGES[damage](kept)
    png, drew = fresh_process(tmp_path / "cache")
    assert drew and png == good and kept.read_bytes() == entry
    assert fresh_process(tmp_path / "cache") == (good, False)  # the repaired entry is used again


def test_a_fifo_in_place_of_an_entry_is_passed_by_without_waiting(tmp_path):
    fresh_process(tmp_path / "cache")
    [kept] = cached_files(tmp_path / "cache")
    good = kept_png(kept)
    fifo_instead(kept)
    png, drew = fresh_process(tmp_path / "cache")  # would block forever on a plain open()
    assert drew and png == good


def test_two_swapped_entries_are_both_drawn_again(tmp_path):
    """Each entry is tied to its own chart: two cache files swapped never put one chart in the
    other's place, though both are whole, valid PNGs."""
    other = replace(CHART, title="A1.2: Sysselsatte i jordbruket")
    cache = tmp_path / "cache"
    fresh_process(cache)
    fresh_process(cache, chart="OTHER")
    one, two = cached_files(cache)
    first, second = one.read_bytes(), two.read_bytes()
    one.write_bytes(second)
    two.write_bytes(first)
    assert fresh_process(cache) == (draw_png(CHART), True)
    assert fresh_process(cache, chart="OTHER") == (draw_png(other), True)
    assert sorted(p.read_bytes() for p in cached_files(cache)) == sorted([first, second])


def test_a_symlinked_cache_folder_is_neither_read_nor_written(tmp_path):
    """The folder a symlink points to may be anyone's: an entry there that verifies is not
    used, and nothing is written there."""
    key = fresh_key(tmp_path / "probe")
    target = tmp_path / "elsewhere"
    (target / key[:2]).mkdir(parents=True)
    (target / key[:2] / f"{key}.chart").write_bytes(planted_entry(key, draw_png(replace(CHART, title="Feil"))))
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    for link in ("charts", "subfolder"):
        charts = tmp_path / f"cache-{link}" / "plan-workflow" / "charts"
        if link == "charts":
            charts.parent.mkdir(parents=True)
            charts.symlink_to(target, target_is_directory=True)
        else:
            charts.mkdir(parents=True)
            (charts / key[:2]).symlink_to(target / key[:2], target_is_directory=True)
        for _ in range(2):  # passed by each time: drawn, not read, not written
            assert fresh_process(charts.parents[1]) == (draw_png(CHART), True), link
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def fresh_key(cache: Path) -> str:
    """The cache key of CHART, as a fresh process files it."""
    fresh_process(cache)
    [entry] = cached_files(cache)
    return entry.stem


def planted_entry(key: str, png: bytes) -> bytes:
    """A cache entry that verifies for ``key`` but holds ``png``: what someone who knows the
    format could plant."""
    from workflow.evidence.charts import ENTRY_MAGIC

    return ENTRY_MAGIC + hashlib.sha256(key.encode() + b"\0" + png).digest() + png


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    png, drew = fresh_process(blocked)
    assert drew and png == draw_png(CHART)
    assert blocked.read_text() == "a file where the cache folder would be"


def test_a_changed_value_is_a_new_chart(tmp_path, monkeypatch):
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


def build(plan_dir: Path, cache: Path, out: Path) -> dict[str, bytes]:
    """``plan build`` in a fresh process with the chart cache at ``cache``: the documents."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    argv = [sys.executable, "-m", "workflow", "-C", str(plan_dir), "build", "-o", str(out)]
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.docx"))}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The Os plan (outside git), its documents built with an empty cache, and the cache's
    entries that build left (name: bytes)."""
    import shutil

    folder = tmp_path_factory.mktemp("reference")
    plan = folder / "os"
    shutil.copytree(ROOT / "plan", plan / "plan")
    shutil.copytree(ROOT / "templates", plan / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    documents = build(plan, folder / "cache", folder / "out")
    entries = {str(p.relative_to(folder / "cache")): p.read_bytes() for p in cached_files(folder / "cache")}
    assert documents and len(entries) >= 6
    return plan, documents, entries


def copy_cache(entries: dict[str, bytes], cache: Path) -> list[Path]:
    for name, data in entries.items():
        (cache / name).parent.mkdir(parents=True, exist_ok=True)
        (cache / name).write_bytes(data)
    return cached_files(cache)


def test_a_build_from_a_damaged_cache_has_the_bytes_of_a_build_from_an_empty_one(reference, tmp_path):
    """One entry each flipped, truncated, zeroed, a folder, and two swapped: the documents are
    the same bytes as from an empty cache, and every entry is repaired."""
    plan, documents, kept = reference
    cache = tmp_path / "cache"
    entries = copy_cache(kept, cache)
    good = {p: p.read_bytes() for p in entries}
    flip_a_byte(entries[0])
    truncate(entries[1])
    zero(entries[2])
    folder_instead(entries[3])
    entries[4].write_bytes(good[entries[5]])
    entries[5].write_bytes(good[entries[4]])
    assert build(plan, cache, tmp_path / "damaged") == documents
    assert {p: p.read_bytes() for p in cached_files(cache)} == good


def test_a_build_through_a_symlinked_cache_has_the_bytes_of_a_build_from_an_empty_one(reference, tmp_path):
    """The cache folder is a symlink to a folder holding entries that verify but show another
    chart: they are not used, and nothing there is changed."""
    plan, documents, kept = reference
    elsewhere = tmp_path / "elsewhere"
    entries = copy_cache(kept, elsewhere)
    other = draw_png(replace(CHART, title="Et annet diagram"))
    for entry in entries:
        entry.write_bytes(planted_entry(entry.stem, other))
    before = {p: p.read_bytes() for p in (elsewhere / "plan-workflow").rglob("*") if p.is_file()}
    cache = tmp_path / "cache"
    (cache / "plan-workflow").mkdir(parents=True)
    (cache / "plan-workflow" / "charts").symlink_to(elsewhere / "plan-workflow" / "charts", target_is_directory=True)
    assert build(plan, cache, tmp_path / "out") == documents
    assert {p: p.read_bytes() for p in (elsewhere / "plan-workflow").rglob("*") if p.is_file()} == before


def verify(repo: Path, cache: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    return subprocess.run(
        [sys.executable, "-m", "workflow", "-C", str(repo), "verify"], env=env, capture_output=True, text=True
    )


def test_plan_verify_does_not_depend_on_the_cache(os_demo, tmp_path):
    """Swapped entries, and an entry that verifies but holds another picture (planted by someone
    who knows the format): every tag is still «OK», as with an empty cache."""
    cache = tmp_path / "cache"
    first = verify(os_demo.repo, cache)
    assert first.returncode == 0 and first.stdout.count("OK ") == 6, first.stdout + first.stderr
    entries = cached_files(cache)
    one, two, three = entries[0], entries[1], entries[2]
    swapped = one.read_bytes(), two.read_bytes()
    one.write_bytes(swapped[1])
    two.write_bytes(swapped[0])
    three.write_bytes(planted_entry(three.stem, draw_png(replace(CHART, title="Et annet diagram"))))
    again = verify(os_demo.repo, cache)
    assert again.returncode == 0 and again.stdout == first.stdout, again.stdout + again.stderr
