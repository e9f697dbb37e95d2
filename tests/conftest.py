"""Small shared fixtures: a copy of the Os plan, a real temporary git repository, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Property tests judge what a function returns, never how long one example took: on a busy
# machine the default 200 ms deadline fails a correct test. In CI the examples are the same every
# run and nothing is written to disk.
settings.register_profile("project", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "project")


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch, tmp_path_factory):
    """Git in tests never reads the developer's config and always has an identity."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))  # the chart cache: one per test
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Saksbehandler")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "post@os.kommune.no")


@pytest.fixture
def plan_dir(tmp_path) -> Path:
    """A copy of this repository's Os plan and templates, outside git."""
    target = tmp_path / "os"
    shutil.copytree(ROOT / "plan", target / "plan")
    shutil.copytree(ROOT / "templates", target / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    return target


class GitRepo:
    """A real git repository in a temp dir, with commits and tags at chosen dates."""

    def __init__(self, path: Path):
        self.path = path
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str | None = None) -> str:
        env = dict(os.environ)
        if date:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+01:00"
        done = subprocess.run(["git", *args], cwd=self.path, env=env, check=True, capture_output=True, text=True)
        return done.stdout.strip()

    def commit(self, message: str, date: str = "2020-02-06") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD")

    def write(self, rel: str, text: str) -> None:
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def git_repo(plan_dir) -> GitRepo:
    """The Os plan committed once in a fresh git repository."""
    repo = GitRepo(plan_dir)
    (plan_dir / ".gitignore").write_text("/output/\n")
    repo.commit("Utkast fra prosjektgruppen")
    return repo


@dataclass(frozen=True)
class Demo:
    """The repository ``plan demo`` made, the site ``plan site`` built from it, and what
    ``plan demo`` printed."""

    repo: Path
    site: Path
    output: str


@pytest.fixture(scope="session")
def os_demo(tmp_path_factory) -> Demo:
    """``plan demo`` and ``plan site``, once per test process (each takes tens of seconds):
    tests read them and never change them; a test that changes the repository copies it first
    (``shutil.copytree(os_demo.repo, …, symlinks=True)``)."""
    from workflow.cli.main import main

    folder = tmp_path_factory.mktemp("os-demo")
    repo, site = folder / "os-demo", folder / "site"
    made = CliRunner().invoke(main, ["demo", str(repo)], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    built = CliRunner().invoke(main, ["-C", str(repo), "site", "-o", str(site)], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    return Demo(repo, site, made.output)


VALIDATOR = ROOT / "tests" / "ooxml" / "validate-docx"


@pytest.fixture
def validate_docx():
    """Check .docx files against the OOXML schemas (tests/ooxml, jing): validate_docx(path, …).
    Fails the test, never skips: `.ci/run` installs jing."""
    import sys

    def check(*paths: Path) -> None:
        done = subprocess.run(
            ["bash", str(VALIDATOR), *map(str, paths)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHON": sys.executable},
        )
        report = done.stdout + done.stderr
        assert done.returncode == 0, report
        for path in paths:
            assert f"{path}: valid" in report, report

    return check


@pytest.fixture
def cli():
    """Run ``plan ARGS`` in a folder through click's CliRunner: cli(folder, "check")."""
    from workflow.cli.main import main

    def run(folder: Path, *args: str):
        return CliRunner().invoke(main, ["-C", str(folder), *args], catch_exceptions=False)

    return run


MISSING_TOOL = ("not installed", "ikke installert", "mangler", "is missing")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (``CI=true``, where ``.ci/run`` installs LibreOffice, pandoc and chromium) a test
    that skips because a tool is missing fails instead: CI never passes without real parts."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2])
        if any(word in reason for word in MISSING_TOOL):
            report.outcome = "failed"
            report.longrepr = f"CI=true, but a tool the test needs is missing: {reason}"
