"""The benchmark: median wall time and peak memory of the plan commands at 100 and 1,000
measures, against pandoc on the same content, and the floor of writing the .docx alone.

    python tests/benchmarks/run.py            # 5 timed runs per step (about 3 minutes)
    python tests/benchmarks/run.py --quick    # 2 timed runs per step
    python tests/benchmarks/run.py --sizes 100,1000,5000 --runs 9 --keep /tmp/bench
    python tests/benchmarks/run.py --before /path/to/main/.venv/bin/plan   # before and after, one run
    python tests/benchmarks/run.py --sizes 1000 --redline-only --before …  # the redline steps alone
    python tests/benchmarks/run.py --import-only --runs 3   # plan innspill importer, 100,000 rows
    python tests/benchmarks/run.py --log-only --runs 21     # plan log alone (100 stage tags)
    python tests/benchmarks/run.py --only pdf,serve-pdf,site,demo --runs 1   # the waits alone

Each size gets a fresh git repository from ``generate.py`` (a valid plan, its revision with
realistic edits, 100 stage tags). Every step runs as a fresh process, as a user runs it, after
one untimed warm-up run (which also fills the chart cache, as a user's first build does; the
«cold» step empties it before every run); the peak memory is the child's maximum resident set
size (``os.wait4``). The peer is pandoc converting the same plan, exported with
``plan build --format markdown``, to .docx with our built plan document as ``--reference-doc``;
the export's charts (data: URIs) are first written out as PNG files beside the Markdown, so
pandoc reads pictures, not base64 text, as a pandoc user's document would. The floors are
starting Python with the libraries a build imports (no work), and writing the finished plan
.docx alone: zipping its parts (as ``plan build`` does: deflate level 6) and writing the file,
measured in this process.

The redline's peer is python-redlines with its Docxodus engine (``pip install
'python-redlines[docxodus]'``, in the test extras) comparing the same two plan documents (A and
B built by ``plan build --rev``) into tracked changes; without it the step is skipped with a
message. ``--before PLAN`` also times ``plan diff --format docx`` and ``plan log`` with another
``plan`` executable (e.g. the main branch's) in the same run, so before and after share the load.

The waits (``bench_new``, also ``--only``): ``plan build --pdf`` of the Os plan against one
``soffice --convert-to pdf`` of the same .docx; the PDF preview of ``plan serve`` after a save
(warm LibreOffice) against its first request (cold); ``plan site`` of the demo repository against
``plan build`` of the same revision; ``plan demo`` against a plain git replay of its history.

Prints machine information and a Markdown table (ready for the README).
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

TARGETS = {  # step → (seconds at 1,000 measures or None, description)
    "help": (0.15, "< 0.15 s"),
    "check": (0.5, "< 0.5 s"),
    "diff-json": (1.0, "< 1 s"),
    "diff-docx": (5.0, "< 5 s"),  # issue 5: the redline document for 1,000 measures
    "log": (0.3, "< 0.3 s"),  # issue 26: 100 stage tags
}
REDLINE_RATIO_TARGET = 0.1  # issue 26: plan diff --format docx / python-redlines, same pair, same run
MEMORY_TARGET_MB = 200
# plan log takes a fifth of a second: a median of 2 (--quick) is one slow run away from the target
LOG_RUNS = 11


def plan_command() -> list[str]:
    """The ``plan`` entry point of this Python (not a shell shim), else ``python -m workflow``."""
    beside = Path(sys.executable).with_name("plan")
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "workflow"]


def run_once(argv: list[str], cwd: Path, cold: bool = False) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one child process; raises on a non-zero exit.
    ``cold``: with an empty chart cache (every chart drawn)."""
    env = None
    if cold:
        env = dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(prefix="bench-cold-cache-"))
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    if env is not None:
        shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {child.returncode}:\n{err}")
    return wall, usage.ru_maxrss / 1024  # Linux: kilobytes


def measure(argv: list[str], cwd: Path, runs: int, cold: bool = False) -> dict:
    run_once(argv, cwd)  # warm-up: disk cache, bytecode, chart cache
    samples = [run_once(argv, cwd, cold) for _ in range(runs)]
    return {"time": statistics.median(s[0] for s in samples), "memory": max(s[1] for s in samples)}


def measure_interleaved(argvs: list[list[str]], cwd: Path, runs: int, most: list[int] | None = None) -> list[dict]:
    """``measure`` for several commands, their runs taking turns: on a shared machine a burst of
    load then hits each of them alike (``plan log`` and ``--before``'s; the redline, its
    ``--before`` and its peer). ``most``: at most this many runs of each (a slow peer)."""
    for argv in argvs:
        run_once(argv, cwd)  # warm-up
    samples: list[list[tuple[float, float]]] = [[] for _ in argvs]
    for n in range(runs):
        for got, argv, limit in zip(samples, argvs, most or [runs] * len(argvs)):
            if n < limit:
                got.append(run_once(argv, cwd))
    return [{"time": statistics.median(s[0] for s in got), "memory": max(s[1] for s in got)} for got in samples]


def docx_floor(path: Path, runs: int) -> dict:
    """Zip the parts of a finished .docx again and write the file: the least any tool must do."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    out = path.with_name("floor.docx")
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zout:
            for name, data in parts:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
        out.write_bytes(buffer.getvalue())
        times.append(time.perf_counter() - start)
    return {"time": statistics.median(times[1:]), "memory": None}


def plan_document_only() -> list[str]:
    """A fresh process that loads the plan and renders only the plan document with its charts
    (no saksframlegg, no git): the same work pandoc does."""
    code = (
        "import sys, pathlib;"
        "from workflow.documents.build import FALLBACK_WHEN, build_plan_document;"
        "from workflow.plan.load import load_project;"
        "from workflow.plan.source import WorkTree;"
        "root = pathlib.Path('.');"
        "project, _ = load_project(WorkTree(root));"
        "pathlib.Path(sys.argv[1]).write_bytes(build_plan_document(project, root, when=FALLBACK_WHEN))"
    )
    return [sys.executable, "-c", code]


# What ``plan build`` imports before it does any work: the libraries the user chose (python-docx,
# docxtpl, Jinja2, GitPython, click, PyYAML), the ones we added (pydantic, markdown-it-py,
# Babel) and our plan model.
IMPORTS = "import click, yaml, git, docx, docxtpl, jinja2, pydantic, markdown_it, babel.numbers, workflow.plan.load"


def pictures_as_files(markdown: Path, folder: Path) -> Path:
    """The Markdown export with each data: URI picture written to a PNG file beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0

    def to_file(match: re.Match) -> str:
        nonlocal count
        count += 1
        (folder / f"figur-{count}.png").write_bytes(base64.b64decode(match.group(1)))
        return f"(figur-{count}.png)"

    text = re.sub(r"\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", to_file, markdown.read_text(encoding="utf-8"))
    target = folder / markdown.name
    target.write_text(text, encoding="utf-8")
    return target


STEPS = (
    ("help", "`plan --help` (start-up)"),
    ("imports", "floor: start Python and import what a build imports (no work)"),
    ("check", "`plan check`"),
    ("build", "`plan build` (plan + saksframlegg, .docx)"),
    ("build-cold", "`plan build`, charts not in the chart cache (a first build)"),
    ("build-plan", "plan document alone (load + render, fresh process)"),
    ("markdown", "`plan build --format markdown`"),
    ("diff-json", "`plan diff A B --format json`"),
    ("diff-docx", "`plan diff A B --format docx` (tracked changes)"),
    ("diff-docx-before", "`plan diff A B --format docx`, with `--before`"),
    ("redlines", "python-redlines (Docxodus), A and B plan documents → tracked changes (the redline peer)"),
    ("log", f"`plan log` (100 stage tags; median of at least {LOG_RUNS} runs)"),
    ("log-before", "`plan log`, with `--before` (the runs of the two take turns)"),
    ("chart", "one chart: import matplotlib, draw one PNG (fresh process)"),
    ("build-os", "`plan build` of the Os plan (4 documents, 10 charts)"),
    ("build-os-cold", "`plan build` of the Os plan, charts not in the chart cache"),
    ("build-plan-os", "Os plan document alone (load + render, fresh process)"),
    ("check-os", "`plan check` of the Os plan (5 snapshots, situation analysis)"),
    ("pandoc", "pandoc, Markdown → .docx (the peer)"),
    ("pandoc-gfm", "pandoc `-f gfm` → .docx"),
    ("pandoc-os", "pandoc, the Os plan's Markdown → .docx"),
    ("floor", "floor: zip and write the finished plan .docx"),
)


def redlines_peer() -> list[str] | None:
    """A fresh process that runs python-redlines (Docxodus engine) on two .docx files (argv: A,
    B, out), as its users call it; None when it is not installed."""
    import importlib.util

    if (
        importlib.util.find_spec("python_redlines") is None
        or importlib.util.find_spec("python_redlines_docxodus") is None
    ):
        return None
    code = (
        "import sys, pathlib;"
        "from python_redlines.engines import DocxodusEngine;"
        "out, _, _ = DocxodusEngine().run_redline('Formannskapet', pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]));"
        "pathlib.Path(sys.argv[3]).write_bytes(out)"
    )
    return [sys.executable, "-c", code]


REDLINES_MISSING = (
    "python-redlines (Docxodus) is not installed: the redline peer is skipped "
    "(pip install 'python-redlines[docxodus]', or the test extras)"
)


def one_chart() -> list[str]:
    """A fresh process that imports matplotlib and draws one indicator chart: the fixed cost a
    command pays the first time it draws."""
    code = (
        "from workflow.evidence.charts import Chart, draw_png;"
        "draw_png(Chart(kind='indicator', title='A1.1: Aktive gårdsbruk', categories=('2016', '2017', '2018', '2019'),"
        " series=(('Målt', (172.0, 168.0, 165.0, 161.0)),), source='Kilde: SSB', description='–',"
        " baseline=('2016', 172.0), target=('2028', 150.0), height_cm=6.5))"
    )
    return [sys.executable, "-c", code]


def os_plan(workdir: Path) -> Path:
    """A copy of the embedded Os plan (with its statistics and situation analysis)."""
    target = workdir / "os-plan"
    if not target.exists():
        root = Path(__file__).resolve().parents[2]
        shutil.copytree(root / "plan", target / "plan")
    return target


def bench_redline(
    step: Callable[..., None],
    plan: list[str],
    repo: Path,
    out: Path,
    names: dict[str, str],
    before: list[str] | None,
    runs: int,
) -> None:
    """The redline against the peer, python-redlines on the same two plan documents; with
    ``before``, the same step with that ``plan`` too. Their runs take turns, so a slower spell
    of a shared machine falls on both sides of the ratio alike."""
    pair = [names["a"], names["b"], "--format", "docx"]
    keys, argvs = ["diff-docx"], [[*plan, "diff", *pair, "-o", str(out / "diff.docx")]]
    if before:
        keys.append("diff-docx-before")
        argvs.append([*before, "diff", *pair, "-o", str(out / "diff-before.docx")])
    peer = redlines_peer()
    if peer is None:
        print(f"  {REDLINES_MISSING}", flush=True)
    else:
        docs = []
        for side in ("a", "b"):
            folder = out / f"rev-{side}"
            subprocess.run(
                [*plan, "build", "--rev", names[side], "-o", str(folder)], cwd=repo, check=True, capture_output=True
            )
            docs.append(str(next(p for p in folder.glob("*.docx") if not p.stem.endswith("saksframlegg"))))
        keys.append("redlines")
        argvs.append([*peer, *docs, str(out / "redlines.docx")])
    most = [runs] * (len(argvs) - 1) + [min(3, runs) if peer is not None else runs]  # the peer: about 10 s a run
    for key, found in zip(keys, measure_interleaved(argvs, repo, runs, most)):
        step(key, found)


def bench_size(
    measures: int,
    runs: int,
    workdir: Path,
    tags: int,
    before: list[str] | None = None,
    redline_only: bool = False,
    log_only: bool = False,
) -> dict[str, dict]:
    areas = max(3, min(20, measures // 50))
    repo = workdir / f"plan-{measures}"
    names = generate.make_repository(repo, measures=measures, focus_areas=areas, seed=1, tags=tags)
    out = workdir / f"out-{measures}"
    plan = plan_command()
    results: dict[str, dict] = {}

    def step(key: str, argv: list[str] | dict, cwd: Path = repo, cold: bool = False, runs: int = runs) -> None:
        """Measure ``argv`` (or take its measured result) and print it."""
        print(f"  {measures:>5} tiltak: {key:<13}", end="", flush=True)
        results[key] = argv if isinstance(argv, dict) else measure(argv, cwd, runs, cold)
        print(f" {results[key]['time']:.3f} s  {results[key]['memory']:.0f} MB", flush=True)

    def log_steps() -> None:
        """``plan log``, and with ``before`` that plan's, their runs taking turns."""
        argvs = [[*plan, "log"], *([[*before, "log"]] if before else [])]
        for key, found in zip(("log", "log-before"), measure_interleaved(argvs, repo, max(runs, LOG_RUNS))):
            results[key] = found
            print(f"  {measures:>5} tiltak: {key:<13} {found['time']:.3f} s  {found['memory']:.0f} MB", flush=True)

    if log_only or redline_only:
        if redline_only:
            bench_redline(step, plan, repo, out, names, before, runs)
        log_steps()
        return results
    step("help", [*plan, "--help"])
    step("imports", [sys.executable, "-c", IMPORTS])
    step("check", [*plan, "check"])
    step("build", [*plan, "build", "-o", str(out)])
    step("build-cold", [*plan, "build", "-o", str(out)], cold=True)
    plan_docx = next(p for p in out.glob("*.docx") if not p.stem.endswith("saksframlegg"))
    step("build-plan", [*plan_document_only(), str(out / "plan-only.docx")])
    step("markdown", [*plan, "build", "--format", "markdown", "-o", str(out)])
    md = pictures_as_files(out / plan_docx.with_suffix(".md").name, out / "pandoc-input")
    step("diff-json", [*plan, "diff", names["a"], names["b"], "--format", "json", "-o", str(out / "diff.json")])
    bench_redline(step, plan, repo, out, names, before, runs)
    log_steps()
    step("chart", one_chart())
    os_root = os_plan(workdir)
    os_out = out / "os"
    step("build-os", [*plan, "-C", str(os_root), "build", "-o", str(os_out)])
    step("build-os-cold", [*plan, "-C", str(os_root), "build", "-o", str(os_out)], cold=True)
    os_docx = os_out / "os-naeringsplan-2020-2028.docx"
    step("build-plan-os", [*plan_document_only(), str(os_out / "plan-only.docx")], os_root)
    step("check-os", [*plan, "-C", str(os_root), "check"])
    subprocess.run([*plan, "-C", str(os_root), "build", "--format", "markdown", "-o", str(os_out)], check=True)
    os_md = pictures_as_files(os_docx.with_suffix(".md"), out / "pandoc-os-input")
    reference = out / "reference.docx"
    shutil.copyfile(plan_docx, reference)
    pandoc = ["pandoc", "--reference-doc", str(reference), "-t", "docx", md.name]
    step("pandoc", [*pandoc, "-f", "markdown", "-o", str(out / "pandoc.docx")], md.parent)
    step("pandoc-gfm", [*pandoc, "-f", "gfm", "-o", str(out / "pandoc-gfm.docx")], md.parent)
    os_reference = ["--reference-doc", str(os_docx), "-t", "docx", "-f", "markdown", os_md.name]
    step("pandoc-os", ["pandoc", *os_reference, "-o", str(out / "pandoc-os.docx")], os_md.parent)
    results["floor"] = docx_floor(plan_docx, max(runs, 5))
    print(f"  {measures:>5} tiltak: floor       {results['floor']['time']:.3f} s", flush=True)
    results["_pages"] = {"bytes": plan_docx.stat().st_size, "md_bytes": md.stat().st_size}
    return results


def machine() -> list[str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        pandoc = "pandoc ?"
    try:
        mem = next(
            int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")
        )
        memory = f"{mem / 1024 / 1024:.1f} GB RAM"
    except (OSError, StopIteration):
        memory = "RAM ?"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"{cores} cores (nproc), {cpu}, {memory}",
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, {pandoc}",
    ]


def fmt_time(value: float | None) -> str:
    return "–" if value is None else (f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s")


def fmt_mem(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def table(results: dict[int, dict], runs: int) -> str:
    sizes = sorted(results)
    head = "| Steg | " + " | ".join(f"{n:,} tiltak: tid | minne".replace(",", " ") for n in sizes) + " | Mål |"
    lines = [head, "|---|" + "---:|---:|" * len(sizes) + "---|"]
    for key, label in STEPS:
        if not any(key in results[n] for n in sizes):
            continue  # an optional step (--before, python-redlines) not run
        cells = []
        for n in sizes:
            r = results[n].get(key, {"time": None, "memory": None})
            cells += [fmt_time(r["time"]), fmt_mem(r["memory"])]
        target = TARGETS.get(key, (None, ""))[1]
        if key == "build":
            target = "≤ pandoc"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    for build, alone, peer, what in (
        ("build", "build-plan", "pandoc", "pandoc"),
        ("build", "build-plan", "pandoc-gfm", "pandoc-gfm"),
        ("build-cold", "build-plan", "pandoc", "pandoc, first build"),
        ("build-os", "build-plan-os", "pandoc-os", "pandoc, Os plan"),
        ("build-os-cold", "build-plan-os", "pandoc-os", "pandoc, Os plan, first build"),
    ):
        if not all(k in results[n] for n in sizes for k in (build, alone, peer)):
            continue  # --redline-only
        cells = []
        for n in sizes:
            r = results[n]
            cells += [f"**{r[build]['time'] / r[peer]['time']:.2f}** ({r[alone]['time'] / r[peer]['time']:.2f})", ""]
        lines.append(f"| **plan build / {what}** (plan document alone / pandoc) | " + " | ".join(cells) + " | ≤ 1 |")
    for diff, what in (("diff-docx", "plan diff --format docx"), ("diff-docx-before", "the same, with `--before`")):
        if all(diff in results[n] and "redlines" in results[n] for n in sizes):
            cells = []
            for n in sizes:
                cells += [f"**{redline_ratio(results[n], diff):.2f}**", ""]
            lines.append(f"| **{what} / python-redlines** | " + " | ".join(cells) + f" | ≤ {REDLINE_RATIO_TARGET} |")
    return (
        "\n".join(lines) + f"\n\nMedian of {runs} runs after one warm-up; memory is the largest peak RSS of the runs."
    )


def redline_ratio(r: dict[str, dict], diff: str = "diff-docx") -> float:
    return float(r[diff]["time"] / r["redlines"]["time"])


def verdicts(results: dict[int, dict]) -> list[str]:
    big = max(results)
    r = results[big]
    out = []
    for n in sorted(results):
        if "redlines" not in results[n]:
            if "diff-docx" not in results[n]:
                continue  # --log-only
            out.append(f"SKIP plan diff --format docx / python-redlines at {n} measures: {REDLINES_MISSING}")
            continue
        for diff in ("diff-docx-before", "diff-docx"):
            if diff in results[n]:
                ratio = redline_ratio(results[n], diff)
                ok = "OK " if ratio <= REDLINE_RATIO_TARGET else "MISS"
                label = "plan diff --format docx" + (" (--before)" if diff.endswith("before") else "")
                out.append(
                    f"{ok} {label} / python-redlines at {n} measures: {ratio:.2f} (target ≤ {REDLINE_RATIO_TARGET})"
                )
    for key, (limit, text) in TARGETS.items():
        if key not in r:
            continue  # --redline-only
        ok = r[key]["time"] < limit
        out.append(f"{'OK ' if ok else 'MISS'} {key} at {big} measures: {fmt_time(r[key]['time'])} (target {text})")
    if "build" not in r:
        return out
    for n in sorted(results):
        ratio = results[n]["build"]["time"] / results[n]["pandoc"]["time"]
        out.append(f"{'OK ' if ratio <= 1 else 'MISS'} plan build / pandoc at {n} measures: {ratio:.2f} (target ≤ 1)")
    ratio = r["build-os"]["time"] / r["pandoc-os"]["time"]
    out.append(f"{'OK ' if ratio <= 1 else 'MISS'} plan build / pandoc on the Os plan: {ratio:.2f} (target ≤ 1)")
    peak = max(
        v["memory"]
        for res in results.values()
        for k, v in res.items()
        if not k.startswith("_") and v["memory"] and not k.startswith(("pandoc", "redlines"))
    )
    out.append(
        f"{'OK ' if peak < MEMORY_TARGET_MB else 'MISS'} peak memory of plan commands: {peak:.0f} MB (target < {MEMORY_TARGET_MB} MB)"
    )
    return out


def bench_serve(workdir: Path, saves: int = 20) -> dict:
    """``plan serve`` on the Os plan (``plan demo``): the time from saving a file under plan/ to
    the rebuilt page being served, in a warm process, as the browser's live reload sees it (an
    EventSource message on /__plan/live, then the page). Median and worst of ``saves`` saves."""
    import http.client

    from workflow.app.demo import replay
    from workflow.app.website import working_history
    from workflow.site.serve import Preview, start

    repo = workdir / "os-demo"
    replay(repo)
    preview = Preview(repo, working_history(repo))
    server, watcher = start(preview, "127.0.0.1", 0)
    import threading

    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    port = server.server_address[1]
    live = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    live.request("GET", "/__plan/live")
    events = live.getresponse()
    events.readline(), events.readline(), events.readline()  # retry, first data, blank line
    plan = repo / "plan" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    times, builds = [], []
    try:
        for n in range(saves):
            time.sleep(0.1)
            marker = f"fjellbygd nr. {n}"
            start_time = time.perf_counter()
            plan.write_text(text.replace("fjellbygd", marker, 1), encoding="utf-8")
            body = ""
            while marker not in body:  # a save caught half-written shows an error page first
                if time.perf_counter() - start_time > 10:
                    raise RuntimeError("the page served after the save does not show it")
                while not events.readline().startswith(b"data:"):
                    pass
                page = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                page.request("GET", "/index.html")
                body = page.getresponse().read().decode("utf-8")
                page.close()
            times.append(time.perf_counter() - start_time)
            builds.append(preview.last_build_ms / 1000)
    finally:
        plan.write_text(text, encoding="utf-8")
        preview.stop()
        server.shutdown()
        server.server_close()
        live.close()
    return {"time": statistics.median(times), "worst": max(times), "build": statistics.median(builds)}


def bench_import(workdir: Path, rows: int, runs: int) -> dict:
    """``plan innspill importer --dry-run`` of a CSV of ``rows`` rows, all received the same day
    (the case that made id allocation quadratic, issue 20), into the Os plan with an empty
    register: reading, checking and numbering every row in a fresh process. ``--dry-run``: the
    files themselves cost one fsync each, which measures the disk, not the importer."""
    target = os_plan(workdir)
    shutil.rmtree(target / "plan" / "innspill", ignore_errors=True)
    source = workdir / f"innspill-{rows}.csv"
    lines = ["mottatt;avsender;avsendertype;tekst"]
    lines += [
        f"20.05.2020;Avsender {i};Privatperson;Innspill nummer {i} om veilys langs riksveien." for i in range(rows)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = [
        *plan_command(),
        "-C",
        str(target),
        "innspill",
        "importer",
        str(source),
        "--kanal",
        "nettskjema",
        "--dry-run",
    ]
    return measure(argv, target, runs)


# --- The waits of issue 25: PDF, the PDF preview, the site and the demo, each against a peer or
# floor in the same run (``--only pdf,serve-pdf,site,demo`` runs only these). ---------------------

NEW_STEPS = ("pdf", "serve-pdf", "site", "demo")
SERVE_PDF_TARGET = 1.0  # seconds from a save to a fresh /__plan/plan.pdf with a warm LibreOffice
# PDF/A-2b, as ``plan build --pdf`` writes (LibreOffice ≥ 7.4 reads filter options as JSON)
SOFFICE_PDFA = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def soffice_convert(docx: list[Path], outdir: Path, profile: Path | None) -> list[str]:
    """One ``soffice --headless --convert-to pdf`` of all ``docx`` as a fresh process: with the
    kept ``profile`` (a user's own LibreOffice), or with a new profile made and removed in the run
    (``profile`` None: what a private profile per build costs)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
    convert = ["--headless", "--norestore", "--convert-to", SOFFICE_PDFA, "--outdir", str(outdir), *map(str, docx)]
    if profile is not None:
        return [soffice, f"-env:UserInstallation={profile.as_uri()}", *convert]
    script = 'p=$(mktemp -d) && "$0" "-env:UserInstallation=file://$p" "$@"; s=$?; rm -rf "$p"; exit $s'
    return ["sh", "-c", script, soffice, *convert]


def bench_pdf(workdir: Path, runs: int) -> dict[str, dict]:
    """``plan build --pdf`` of the Os set (4 documents) against ``plan build`` of the same set and
    one fresh ``soffice --convert-to pdf`` (PDF/A-2b) of the same .docx files."""
    plan = plan_command()
    os_root = os_plan(workdir)
    out, peer_out = workdir / "pdf-out", workdir / "pdf-soffice"
    results = {}
    results["pdf-build"] = measure([*plan, "-C", str(os_root), "build", "-o", str(out)], workdir, runs)
    results["pdf"] = measure([*plan, "-C", str(os_root), "build", "--pdf", "-o", str(out)], workdir, runs)
    docx = sorted(out.glob("*.docx"))
    made = sorted(p.stem for p in out.glob("*.pdf"))
    if not docx or made != sorted(p.stem for p in docx):
        raise RuntimeError(f"plan build --pdf made {made} for {[p.name for p in docx]}")
    kept = workdir / "soffice-profile"
    results["pdf-soffice"] = measure(soffice_convert(docx, peer_out, kept), workdir, runs)
    results["pdf-soffice-fresh"] = measure(soffice_convert(docx, peer_out, None), workdir, runs)
    if sorted(p.stem for p in peer_out.glob("*.pdf")) != made:
        raise RuntimeError(f"soffice made {sorted(peer_out.glob('*.pdf'))} for {[p.name for p in docx]}")
    results["pdf"]["documents"] = len(docx)
    return results


def demo_repository(workdir: Path) -> Path:
    """The repository ``plan demo`` makes (made once, untimed, unless the demo step made it)."""
    repo = workdir / "os-demo"
    if not repo.exists():
        run_once([*plan_command(), "demo", str(repo)], workdir)
    return repo


def bench_demo(workdir: Path, runs: int) -> dict[str, dict]:
    """``plan demo`` as a fresh process into a new folder each run (the warm-up run's folder is
    kept as the demo repository of the other steps), against a plain git replay of the same
    commits and tags."""
    samples = []
    for n in range(runs + 1):
        keep = n == 0 and not (workdir / "os-demo").exists()
        target = workdir / ("os-demo" if keep else f"demo-{n}")
        sample = run_once([*plan_command(), "demo", str(target)], workdir)
        if n:
            samples.append(sample)
        if not keep:
            shutil.rmtree(target, ignore_errors=True)
    results = {"demo": {"time": statistics.median(s[0] for s in samples), "memory": max(s[1] for s in samples)}}
    results["demo-git"] = git_replay_floor(demo_repository(workdir), workdir, runs)
    return results


def git(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def git_replay_floor(demo: Path, workdir: Path, runs: int) -> dict:
    """The floor of ``plan demo``: the same history made by plain ``git`` commands (``init``; per
    commit: the tree of that commit put in place, ``add -A``, ``commit`` with its date; per tag:
    ``tag -a`` with its date and message), timed in this process. The trees are unpacked
    beforehand (untimed): writing the plan's files is part of the floor, choosing them is not.
    The replay must end with the demo's HEAD tree, commits and tags."""
    log = git(["log", "--reverse", "--format=%H%x00%aI%x00%B%x01"], demo)
    commits = [entry.strip("\n").split("\0") for entry in log.split("\1") if entry.strip()]
    tags = []
    for name in git(["tag", "-l"], demo).split():
        at = git(["rev-parse", f"{name}^{{commit}}"], demo).strip()
        date = git(["for-each-ref", "--format=%(taggerdate:iso-strict)", f"refs/tags/{name}"], demo).strip()
        message = git(["for-each-ref", "--format=%(contents)", f"refs/tags/{name}"], demo)
        tags.append((at, name, date, message))
    trees = workdir / "git-floor-trees"
    shutil.rmtree(trees, ignore_errors=True)
    for n, (sha, _, _) in enumerate(commits):
        (trees / str(n)).mkdir(parents=True)
        archive = subprocess.run(["git", "archive", sha], cwd=demo, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(trees / str(n))], input=archive, check=True)
    times = []
    for _ in range(runs + 1):
        target = workdir / "git-floor"
        shutil.rmtree(target, ignore_errors=True)
        start = time.perf_counter()
        git_replay(commits, tags, trees, target)
        times.append(time.perf_counter() - start)
    head = git(["rev-parse", "HEAD^{tree}"], demo)
    made = (
        git(["rev-parse", "HEAD^{tree}"], target),
        git(["rev-list", "--count", "HEAD"], target),
        git(["tag", "-l"], target),
    )
    if made != (head, f"{len(commits)}\n", git(["tag", "-l"], demo)):
        raise RuntimeError("the git replay did not make the demo's history")
    shutil.rmtree(trees, ignore_errors=True)
    return {"time": statistics.median(times[1:]), "memory": None, "commits": len(commits), "tags": len(tags)}


def git_replay(commits: list[list[str]], tags: list[tuple[str, str, str, str]], trees: Path, target: Path) -> None:
    target.mkdir(parents=True)
    git(["init", "-q", "-b", "main"], target)
    who = {"GIT_AUTHOR_NAME": "Demo", "GIT_AUTHOR_EMAIL": "demo@os.kommune.no"}
    who |= {"GIT_COMMITTER_NAME": "Demo", "GIT_COMMITTER_EMAIL": "demo@os.kommune.no"}
    for n, (sha, date, message) in enumerate(commits):
        for entry in target.iterdir():
            if entry.name != ".git":
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        shutil.copytree(trees / str(n), target, symlinks=True, dirs_exist_ok=True)
        env = dict(os.environ, **who, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        git(["add", "-A"], target, env)
        git(["commit", "-q", "--allow-empty", "-m", message], target, env)
        for at, name, when, text in tags:
            if at == sha:
                git(["tag", "-a", name, "-m", text], target, dict(env, GIT_COMMITTER_DATE=when))


def bench_site(workdir: Path, runs: int) -> dict[str, dict]:
    """``plan site`` of the demo repository against ``plan build`` of the same revision (HEAD):
    the site holds the plan's pages and the documents of every stage tag, a build the documents of
    one revision, so the ratio says what a site costs in builds."""
    plan = plan_command()
    repo = demo_repository(workdir)
    results = {}
    results["site"] = measure([*plan, "-C", str(repo), "site", "-o", str(workdir / "site")], workdir, runs)
    build = [*plan, "-C", str(repo), "build", "-o", str(workdir / "site-build")]
    results["site-build"] = measure(build, workdir, runs)
    if not (workdir / "site" / "index.html").is_file():
        raise RuntimeError("plan site wrote no index.html")
    results["site"]["tags"] = len(git(["tag", "-l"], repo).split())
    return results


def plan_document_in_process(repo: Path, runs: int = 3) -> float:
    """Median seconds to render the plan document of ``repo`` in this (warm) process, as the
    PDF preview does before it converts: the part of the preview's wait that is not LibreOffice."""
    from workflow.documents.build import build_plan_document, build_time
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    project, _ = load_project(WorkTree(repo))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build_plan_document(project, repo, when=build_time(repo))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_serve_pdf(workdir: Path, saves: int = 5) -> dict[str, dict]:
    """``plan serve`` on the demo repository, in this process: the first request for
    /__plan/plan.pdf (LibreOffice starts: the cold wait), then the time from each save of
    plan/plan.yaml to a fresh PDF with the warm converter (the live-reload message on
    /__plan/live, then the PDF). Each fresh PDF must show the saved words (``pdftotext``,
    checked after the timing)."""
    import http.client
    import threading

    from workflow.app.website import working_history
    from workflow.site.serve import LIVE_PATH, PDF_PATH, Preview, start

    repo = demo_repository(workdir)
    preview = Preview(repo, working_history(repo))
    server, _ = start(preview, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    port = server.server_address[1]

    def fetch_pdf() -> tuple[int, bytes]:
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        page.request("GET", PDF_PATH)
        answer = page.getresponse()
        body = answer.read()
        page.close()
        return answer.status, body

    live = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    live.request("GET", LIVE_PATH)
    events = live.getresponse()
    events.readline(), events.readline(), events.readline()  # retry, first data, blank line
    plan = repo / "plan" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    warm, after_page, pdfs = [], [], []
    try:
        start_time = time.perf_counter()
        status, body = fetch_pdf()
        cold = time.perf_counter() - start_time
        if status != 200 or not body.startswith(b"%PDF-"):
            raise RuntimeError(f"the first {PDF_PATH} answered {status}: {body[:300]!r}")
        for n in range(saves):
            time.sleep(0.2)
            marker = f"Fjellbygdmerke{n}"
            start_time = time.perf_counter()
            plan.write_text(text.replace("fjellbygd", marker, 1), encoding="utf-8")
            status = 0
            while status != 200:  # a save caught half-written gives the errors (503) first
                if time.perf_counter() - start_time > 120:
                    raise RuntimeError(f"no fresh {PDF_PATH} within 120 s of a save")
                while not events.readline().startswith(b"data:"):
                    pass
                rebuilt = time.perf_counter()
                status, body = fetch_pdf()
            warm.append(time.perf_counter() - start_time)
            after_page.append(time.perf_counter() - rebuilt)
            pdfs.append((marker, body))
    finally:
        plan.write_text(text, encoding="utf-8")
        preview.stop()
        server.shutdown()
        server.server_close()
        live.close()
    for marker, body in pdfs:
        shown = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout
        if marker.encode() not in b"".join(shown.split()):
            raise RuntimeError(f"the PDF served after the save of {marker} does not show it")
    return {
        "serve-pdf-docx": {"time": plan_document_in_process(repo), "memory": None},
        "serve-pdf": {
            "time": statistics.median(warm),
            "memory": None,
            "worst": max(warm),
            "pdf_only": statistics.median(after_page),
        },
        "serve-pdf-cold": {"time": cold, "memory": None},
    }


NEW_ROWS = (  # (step, label, peer or floor, its label, target)
    (
        "pdf",
        "`plan build --pdf` of the Os plan ({documents} documents)",
        "pdf-soffice",
        "one `soffice --convert-to pdf` (PDF/A-2b) of the same .docx, fresh process, kept profile",
        "",
    ),
    (
        "pdf",
        "`plan build --pdf` of the Os plan",
        "pdf-soffice-fresh",
        "the same `soffice`, a new profile each run (as plan's private profile)",
        "",
    ),
    ("pdf", "`plan build --pdf` of the Os plan", "pdf-build", "`plan build` of the Os plan (.docx only)", ""),
    (
        "pdf-conversion",
        "the conversion in `plan build --pdf` (minus `plan build`)",
        "pdf-soffice",
        "one `soffice --convert-to pdf` of the same .docx, kept profile",
        "≤ 1",
    ),
    (
        "serve-pdf",
        "`plan serve`: save → fresh /__plan/plan.pdf, warm LibreOffice (median)",
        "serve-pdf-cold",
        "the first request (LibreOffice starts)",
        f"< {SERVE_PDF_TARGET:.0f} s",
    ),
    (
        "site",
        "`plan site` of the demo repository ({tags} stage tags)",
        "site-build",
        "`plan build` of the same revision (HEAD)",
        "",
    ),
    ("demo", "`plan demo`", "demo-git", "plain `git`: the same {commits} commits and {tags} tags", ""),
    ("demo", "`plan demo`", "demo-floor", "the same `git` replay + one `plan build` of HEAD", ""),
)


def new_table(results: dict[str, dict], runs: int) -> str:
    """The new steps as a Markdown table: each with its peer or floor and the ratio."""
    lines = ["| Steg | tid | minne | mot (peer / floor) | tid | forhold | Mål |", "|---|---:|---:|---|---:|---:|---|"]
    results = dict(results)
    if "pdf" in results:  # what the conversion adds to a build, against one soffice run
        results["pdf-conversion"] = {"time": results["pdf"]["time"] - results["pdf-build"]["time"], "memory": None}
    if "demo" in results and "site-build" in results:
        results["demo-floor"] = {"time": results["demo-git"]["time"] + results["site-build"]["time"], "memory": None}
    for key, label, peer, peer_label, target in NEW_ROWS:
        if key not in results or peer not in results:
            continue
        r, p = results[key], results[peer]
        facts = {**r, **p}
        lines.append(
            f"| {label.format(**facts)} | {fmt_time(r['time'])} | {fmt_mem(r['memory'])} | "
            f"{peer_label.format(**facts)} | {fmt_time(p['time'])} | **{r['time'] / p['time']:.2f}** | {target} |"
        )
    return (
        "\n".join(lines)
        + f"\n\nMedian of {runs} runs after one warm-up (the PDF preview: 5 saves after one cold request)."
    )


def new_verdicts(results: dict[str, dict]) -> list[str]:
    out = []
    if "serve-pdf" in results:
        r = results["serve-pdf"]
        ok = "OK " if r["time"] < SERVE_PDF_TARGET else "MISS"
        out.append(
            f"{ok} plan serve PDF preview: save → fresh PDF {fmt_time(r['time'])} median, {fmt_time(r['worst'])} worst "
            f"(of it the PDF after the site's rebuild {fmt_time(r['pdf_only'])}: the plan document "
            f"{fmt_time(results['serve-pdf-docx']['time'])} in-process, the rest conversion; "
            f"cold first request {fmt_time(results['serve-pdf-cold']['time'])}; target < {SERVE_PDF_TARGET:.0f} s)"
        )
    if "pdf" in results:
        share = (results["pdf"]["time"] - results["pdf-build"]["time"]) / results["pdf-soffice"]["time"]
        ok = "OK " if share <= 1 else "MISS"
        out.append(f"{ok} plan build --pdf: conversion / one soffice run of the same files {share:.2f} (target ≤ 1)")
    return out


def bench_new(steps: tuple[str, ...], runs: int) -> dict[str, dict]:
    """The chosen new steps in one fresh working folder (with its own HOME), printed as they run;
    prints their table and verdicts."""
    home = tempfile.mkdtemp(prefix="bench-home-")
    os.environ.update(HOME=home, GIT_CONFIG_GLOBAL=os.path.join(home, ".gitconfig"), GIT_CONFIG_NOSYSTEM="1")
    workdir = Path(tempfile.mkdtemp(prefix="plan-bench-waits-"))
    results: dict[str, dict] = {}
    runners = {
        "demo": lambda: bench_demo(workdir, runs),  # first: its warm-up run makes the demo repository
        "pdf": lambda: bench_pdf(workdir, runs),
        "site": lambda: bench_site(workdir, runs),
        "serve-pdf": lambda: bench_serve_pdf(workdir),
    }
    try:
        for name, run in runners.items():
            if name in steps:
                print(f"  {name:<10}", end="", flush=True)
                found = run()
                results.update(found)
                print("  " + "  ".join(f"{k} {fmt_time(v['time'])}" for k, v in found.items()), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
    print()
    print(new_table(results, runs))
    print()
    print("\n".join(new_verdicts(results)))
    return results


def only_steps(parser: argparse.ArgumentParser, value: str) -> tuple[str, ...]:
    chosen = tuple(s.strip() for s in value.split(",") if s.strip())
    unknown = [s for s in chosen if s not in NEW_STEPS]
    if unknown or not chosen:
        parser.error(f"--only: unknown step(s) {', '.join(unknown) or '(none)'}; choose from {','.join(NEW_STEPS)}")
    return chosen


def compile_package() -> None:
    """Write the bytecode of our package, as ``pip install .`` does: an editable checkout run with
    PYTHONDONTWRITEBYTECODE (as on this project's machines) would otherwise compile every module
    from source in every timed process (about 50 ms), which no installed copy does."""
    import compileall

    import workflow

    compileall.compile_dir(str(Path(workflow.__file__).parent), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 timed runs per step instead of 5")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per step (default 5, --quick 2)")
    parser.add_argument("--sizes", default="100,1000", help="numbers of measures, comma-separated (default 100,1000)")
    parser.add_argument("--tags", type=int, default=100, help="stage tags in each repository (default 100)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated repositories in this folder")
    parser.add_argument("--serve-only", action="store_true", help="only the plan serve step (save → page, Os plan)")
    parser.add_argument(
        "--before", default=None, metavar="PLAN", help="another plan executable: its diff --format docx and log too"
    )
    parser.add_argument(
        "--redline-only", action="store_true", help="only plan diff --format docx, plan log and python-redlines"
    )
    parser.add_argument("--import-only", action="store_true", help="only the import step (plan innspill importer)")
    parser.add_argument("--log-only", action="store_true", help="only plan log (and --before's)")
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows in the import step (default 100 000)")
    parser.add_argument(
        "--only", default=None, help=f"only these steps of issue 25, comma-separated: {','.join(NEW_STEPS)}"
    )
    args = parser.parse_args(argv)
    compile_package()
    runs = args.runs or (2 if args.quick else 5)
    only = args.serve_only or args.import_only
    sizes = [] if only else [int(s) for s in args.sizes.split(",") if s.strip()]
    if shutil.which("pandoc") is None and not (args.log_only or args.redline_only):  # the steps with no pandoc
        parser.error("pandoc is not installed (Debian: apt-get install pandoc)")
    print("Maskin:", *machine(), sep="\n  ")
    if args.only is not None:
        bench_new(only_steps(parser, args.only), runs)
        return 0
    env_home = tempfile.mkdtemp(prefix="bench-home-")
    os.environ.update(HOME=env_home, GIT_CONFIG_GLOBAL=os.path.join(env_home, ".gitconfig"), GIT_CONFIG_NOSYSTEM="1")
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="plan-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        before = [str(Path(args.before).absolute())] if args.before else None
        results = {n: bench_size(n, runs, workdir, args.tags, before, args.redline_only, args.log_only) for n in sizes}
        skip_import = args.serve_only or args.redline_only or args.log_only
        imported = None if skip_import else bench_import(workdir, args.import_rows, runs)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(env_home, ignore_errors=True)
    if results:
        print()
        print(table(results, runs))
        print()
        print("\n".join(verdicts(results)))
    if imported is not None:
        ok = "OK " if imported["time"] < 10 else "MISS"
        rows = f"{args.import_rows:,}".replace(",", " ")
        print(
            f"{ok} plan innspill importer, {rows} rows of one date (--dry-run): {fmt_time(imported['time'])}, "
            f"{fmt_mem(imported['memory'])} (target < 10 s)"
        )
    if args.import_only or args.redline_only or args.log_only:
        return 0
    serve_dir = Path(tempfile.mkdtemp(prefix="plan-bench-serve-"))
    try:
        serve = bench_serve(serve_dir)
    finally:
        shutil.rmtree(serve_dir, ignore_errors=True)
    ok = "OK " if serve["time"] < 0.1 else "MISS"
    print(
        f"{ok} plan serve, Os plan: save → page served {fmt_time(serve['time'])} median, {fmt_time(serve['worst'])} worst "
        f"(rebuild {fmt_time(serve['build'])}; target < 100 ms)"
    )
    if not args.serve_only:
        # In a fresh process of this script: a child's peak memory (os.wait4) counts the memory of
        # the process that started it, and this one has grown by the serve step's demo and site.
        print(flush=True)
        again = [sys.executable, str(Path(__file__).resolve()), "--only", ",".join(NEW_STEPS), "--runs", str(runs)]
        subprocess.run(again, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
