"""Issue 22: every real process shape, walked through the real CLI in a real git repository
from a fixture plan to adoption, with the documents read back: a council treating the plan
twice, a hearing before the first political treatment, the planning programme, the action
plan's own route, a joint plan, a case and archive case number per treatment, and decision
texts from standard input or a process substitution."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import GitRepo
from tests.test_real_plans import PLANS, docx_text

PLAN = "firearig"  # Sandefjord's four-year plan (tests/data/plans/firearig)


def repository(tmp_path: Path, process: str, name: str = PLAN, plan_edit=None) -> GitRepo:
    target = tmp_path / name
    shutil.copytree(PLANS / name / "plan", target / "plan")
    (target / "plan" / "prosess.yaml").write_text(process, encoding="utf-8")
    if plan_edit is not None:
        path = target / "plan" / "plan.yaml"
        path.write_text(plan_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    repo = GitRepo(target)
    (target / ".gitignore").write_text("/output/\n")
    repo.commit("Utkast", date="2019-09-02")
    return repo


def ok(cli, repo: GitRepo, *args: str) -> str:
    result = cli(repo.path, *args)
    assert result.exit_code == 0, result.output
    return result.output


def case_at(cli, repo: GitRepo, tag: str, tmp_path: Path) -> str:
    """The saksframlegg recorded with ``tag``, built again from git and read back."""
    out = tmp_path / tag.replace("/", "_")
    ok(cli, repo, "build", "--rev", tag, "-o", str(out))
    return docx_text(next(out.glob("*saksframlegg*.docx")).read_bytes())


def message(repo: GitRepo, tag: str) -> str:
    return repo.git("for-each-ref", "--format=%(contents)", f"refs/tags/{tag}")


TWICE = """\
organer:
  - {id: administrasjonen, navn: Administrasjonen, rolle: utkast}
  - {id: kommunestyre, navn: Kommunestyret, rolle: innstiller, behandling: 1}
  - {id: horing, navn: Offentlig høring, rolle: høring}
  - {id: kommunestyre, navn: Kommunestyret, rolle: vedtar, behandling: 2}
"""


def test_a_council_treating_the_plan_twice_is_one_body_with_two_treatments(cli, tmp_path):
    repo = repository(tmp_path, TWICE)
    ok(cli, repo, "check", "--strict")
    ok(cli, repo, "advance", "administrasjonen", "--date", "2020-02-20")
    first = tmp_path / "innstilling-1.md"
    first.write_text("Planforslaget legges ut til offentlig ettersyn.\n", encoding="utf-8")
    ok(
        cli, repo, "advance", "kommunestyre", "--date", "2020-03-10", "--sak", "PS 12/20",
        "--arkivsak", "19/4411", "--innstilling-fil", str(first),
    )  # fmt: skip
    assert "kommunestyre-1/2020-03-10" in repo.git("tag")
    ok(cli, repo, "advance", "høring", "--date", "2020-03-12", "--frist", "2020-05-01")
    # The second treatment: the case sent out names both treatments, with dates and numbers.
    ok(
        cli, repo, "build", "--for", "kommunestyre", "--møtedato", "2020-06-16", "--sak", "PS 40/20",
        "--arkivsak", "20/1187", "--dato", "2020-06-02", "-o", str(tmp_path / "ut"),
    )  # fmt: skip
    repo.commit("Sendt ut", date="2020-06-02")
    sent = docx_text(next((tmp_path / "ut").glob("*saksframlegg*.docx")).read_bytes())
    assert "Kommunestyret (1. gangs behandling)" in sent and "10.03.2020" in sent and "PS 12/20" in sent
    assert "Kommunestyret (2. gangs behandling)" in sent and "16.06.2020" in sent and "PS 40/20" in sent
    assert "20/1187" in sent and "24/1234" not in sent  # the archive case number at this treatment
    ok(cli, repo, "advance", "kommunestyre", "--date", "2020-06-16")
    assert "kommunestyre-2/2020-06-16" in repo.git("tag")
    status = ok(cli, repo, "status")
    assert "planen er vedtatt" in status
    log = ok(cli, repo, "log")
    assert "Kommunestyret (1. gangs behandling): innstilling (PS 12/20, arkivsak 19/4411)" in log
    assert "Kommunestyret (2. gangs behandling): vedtatt (PS 40/20, arkivsak 20/1187)" in log
    assert "arkivsak: 20/1187" in message(repo, "kommunestyre-2/2020-06-16")
    first_case = case_at(cli, repo, "kommunestyre-1/2020-03-10", tmp_path)
    assert "19/4411" in first_case and "20/1187" not in first_case
    adopted = case_at(cli, repo, "kommunestyre-2/2020-06-16", tmp_path)
    assert "Innstilling fra kommunestyret (1. gangs behandling)" in adopted
    assert "Planforslaget legges ut til offentlig ettersyn." in adopted
    assert ok(cli, repo, "verify")


PLAN_BIN = str(Path(sys.executable).with_name("plan"))


def shell(repo: GitRepo, script: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``script`` run by bash in the repository, with the installed ``plan``."""
    return subprocess.run(
        ["bash", "-c", script.replace("plan ", f"{PLAN_BIN} ", 1)],
        cwd=repo.path,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_decision_texts_from_standard_input_and_a_process_substitution(cli, tmp_path):
    repo = repository(tmp_path, (PLANS / PLAN / "plan" / "prosess.yaml").read_text(encoding="utf-8"))
    ok(cli, repo, "advance", "administrasjonen", "--date", "2024-01-15")
    piped = shell(
        repo,
        "plan advance hovedutvalg --date 2024-02-01 --vedtak-fil - "
        "--innstilling-fil <(printf 'Hovedutvalget rår formannskapet til å vedta planen.\\n')",
        stdin="Hovedutvalget legger planen fram.\n",
    )
    assert piped.returncode == 0, piped.stderr
    text = message(repo, "hovedutvalg/2024-02-01")
    assert "vedtak: Hovedutvalget legger planen fram." in text
    assert "innstilling: Hovedutvalget rår formannskapet til å vedta planen." in text
    # Standard input serves one option only; a named FIFO in the tree is still refused, not waited on.
    twice = shell(repo, "plan advance formannskap --date 2024-02-08 --vedtak-fil - --innstilling-fil -", stdin="x\n")
    assert twice.returncode == 2 and "allerede brukt av --vedtak-fil" in twice.stderr
    fifo = shell(repo, "mkfifo vedtak.fifo && plan advance formannskap --date 2024-02-08 --vedtak-fil vedtak.fifo")
    assert fifo.returncode == 1 and "ikke en vanlig fil" in fifo.stderr
    big = shell(
        repo, "plan advance formannskap --date 2024-02-08 --vedtak-fil <(head -c 1000001 /dev/zero | tr '\\0' a)"
    )
    assert big.returncode == 1 and "større enn 1 MB" in big.stderr
    assert "Traceback" not in fifo.stderr + big.stderr + twice.stderr
