"""Every ``plan …`` example of README.md (its ```sh blocks) and of each command's ``--help``
works, verbatim, in a repository made by ``plan demo``.

Each example runs in its own copy of one demo repository (so an example that writes a tag or a
file does not change the next), from the copy's folder: relative files land there, ``/tmp/…``
is a folder under the test's tmp dir, ``> FILE`` writes the output to FILE and ``cd DIR`` moves
on. Shell parts that are not ``plan`` (``git add``, ``mkdir``) are left to the shell; what
``plan`` does is checked. Examples that cannot make sense in the finished demo are listed in
SKIP with the reason.
"""

from __future__ import annotations

import contextlib
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from workflow.cli.main import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]

ADOPTED = "the demo's plan is adopted (kommunestyre/2020-06-18): plan advance refuses until plan revise; test_timeline.py and test_advance.py replay it"
NO_PROGRAMME = "the demo's plan/prosess.yaml has no planprogram: (Os had none); test_process_shapes.py walks one"
SKIP = {
    # plan advance: every example records a meeting of 2020 in a history that has them all.
    "plan advance prosjektgruppe --date 2020-04-20": ADOPTED,
    'plan advance formannskap --date 2020-05-12 --sak "PS 12/20" --forslag-fil forslag.yaml': ADOPTED,
    'plan advance formannskap --date 2020-05-12 --sak "PS 12/20" --forslag-fil forslag.yaml --vedtak-fil vedtak.md': ADOPTED,
    "plan advance formannskap --date 2020-05-12 --innstilling-fil innstilling.md --vedtak-fil vedtak.md": ADOPTED,
    "plan advance høring --date 2020-05-14 --frist 2020-06-05": ADOPTED,
    'plan advance kommunestyre --date 2020-06-18 --sak "PS 30/20" --vedtak-fil vedtak.md': ADOPTED,
    'plan advance kommunestyre --date 2020-06-18 --sak "PS 30/20" --dry-run': ADOPTED,
    'plan advance kommunestyre --date 2020-06-18 --force "Uttalelsene behandles muntlig i møtet"': ADOPTED
    + "; test_participation.py advances with --force",
    'plan advance formannskap --date 2020-05-12 --sak "PS 12/20" --forslag-fil forslag/formannskap-2020-05-12.yaml': ADOPTED
    + "; the demo records this meeting with it, test_amendments.py walks one",
    # the planning programme: the demo's process (Os) has none; test_process_shapes.py walks one
    'plan advance formannskap --planprogram --date 2019-01-10 --sak "PS 3/19" --vedtak-fil vedtak.md': NO_PROGRAMME,
    "plan advance høring --planprogram --date 2019-01-14 --frist 2019-02-28": NO_PROGRAMME,
    'plan advance kommunestyre --planprogram --date 2019-03-05 --sak "PS 14/19"': NO_PROGRAMME,
    # the clerk's case for a coming meeting: the demo has no meeting to come
    'plan build --for formannskap --møtedato 2020-05-12 --sak "PS 12/20" --dato 2020-05-04': ADOPTED
    + "; test_timeline.py prepares every meeting with it",
    # the demo has rolled and adopted its action plan for 2022 (handlingsplan-2022/kommunestyre/2021-12-09)
    "plan handlingsplan rull 2022": "the demo's plan/handlingsplan/2022.yaml exists; rull never overwrites (test_followup.py rolls it)",
    'plan handlingsplan advance 2022 formannskap --date 2021-11-18 --sak "PS 45/21"': "the demo's action plan for 2022 is adopted; test_followup.py advances it",
    # plan init DIR --kommune NAVN --nummer NNNN in the README's table is a synopsis, not an example
    # the live preview serves until interrupted: test_site.py runs it as a process and stops it
    "plan serve": "serves until Ctrl+C; test_site.py and test_site_browser.py run it",
    "plan serve --port 8080": "serves until Ctrl+C; test_site.py and test_site_browser.py run it",
    # importing needs the municipality's own export file; test_participation.py imports real ones
    "plan innspill importer nettskjema.xlsx --kanal nettskjema": "needs the web form's export; test_participation.py",
    'plan innspill importer svar.csv --kolonner "mottatt=Tidspunkt,avsender=Navn,tekst=Innspill"': "needs the web form's export; test_participation.py",
}


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        lines += [line.strip() for line in block.splitlines() if re.search(r"(^\s*|&&\s*)plan ", line)]
    return lines


def help_examples() -> list[str]:
    lines = []
    for name in COMMANDS:
        result = CliRunner().invoke(main, [name, "--help"], catch_exceptions=False, terminal_width=200)
        assert result.exit_code == 0, result.output
        help_text = result.output
        found = re.search(r"Eksemp(?:el|ler):\n", help_text)
        assert found, f"plan {name} --help has no example"
        for line in help_text[found.end() :].splitlines():
            if not line.strip():
                break
            if line.strip().startswith("cd ") and lines:  # goes on from the example before
                lines[-1] += " && " + line.strip()
            elif line.strip().startswith("plan "):
                lines.append(line.strip())
    return lines


def examples() -> list[str]:
    return list(dict.fromkeys(readme_examples() + help_examples()))


@pytest.fixture(scope="module")
def demo(os_demo) -> Path:
    return os_demo.repo


def run(line: str, cwd: Path, tmp: Path, monkeypatch) -> None:
    """One example line: ``&&``-separated steps; ``plan`` steps must exit 0."""
    line = line.replace("/tmp/", f"{tmp}/")
    for step in line.split("&&"):
        words = shlex.split(step, comments=True)
        if not words:
            continue
        if words[0] == "cd":
            cwd = (cwd / words[1]).resolve()
            continue
        if words[0] != "plan":
            continue  # git add, mkdir: the shell's part
        target = None
        if ">" in words:
            at = words.index(">")
            target, words = cwd / words[at + 1], words[:at]
            target.parent.mkdir(parents=True, exist_ok=True)
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(main, words[1:], catch_exceptions=False)
        assert result.exit_code == 0, f"{step.strip()} (in {cwd}):\n{result.output}"
        if target is not None:
            target.write_text(result.output, encoding="utf-8")


def test_there_are_examples_from_both_sources():
    assert len(readme_examples()) >= 15 and len(help_examples()) >= 25
    for line in SKIP:
        assert line in examples(), f"the skip list names an example that no longer exists: {line}"


@contextlib.contextmanager
def ssb_stand_in(repo: Path, monkeypatch):
    """SSB is not reachable from the tests: ``plan data hent`` asks a real HTTP server on
    127.0.0.1 that answers each table's data request with the JSON-stat2 dataset committed in
    the repository (what SSB would return when nothing changed)."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    datasets = {}
    for file in (repo / "plan" / "statistikk").glob("*.json"):
        doc = json.loads(file.read_text(encoding="utf-8"))
        datasets[doc["tabell"]] = json.dumps(doc["data"], ensure_ascii=False).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            found = re.match(r"/tables/(\w+)/data\?", self.path)
            body = datasets.get(found.group(1)) if found else None
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b'{"title": "not found"}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr("workflow.evidence.ssb.BASE_URL", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("line", examples())
def test_example_runs_in_the_demo(line, demo, tmp_path, monkeypatch):
    if line in SKIP:
        pytest.skip(SKIP[line])
    repo = tmp_path / "repo"
    shutil.copytree(demo, repo, symlinks=True)
    (tmp_path / "tmp").mkdir()
    with ssb_stand_in(repo, monkeypatch) if line.startswith("plan data hent") else contextlib.nullcontext():
        run(line, repo, tmp_path / "tmp", monkeypatch)
