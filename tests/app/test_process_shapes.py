"""Issue 22: every real process shape, walked through the real CLI in a real git repository
from a fixture plan to adoption, with the documents read back: a council treating the plan
twice, a hearing before the first political treatment, the planning programme, the action
plan's own route, a joint plan, a case and archive case number per treatment, and decision
texts from standard input or a process substitution."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import GitRepo
from support import PLANS, docx_text

PLAN = "firearig"  # Sandefjord's four-year plan (tests/data/plans/firearig)


def repository(tmp_path: Path, process: str, name: str = PLAN, plan_edit=None, date: str = "2019-09-02") -> GitRepo:
    target = tmp_path / name
    shutil.copytree(PLANS / name / "plan", target / "plan")
    (target / "plan" / "prosess.yaml").write_text(process, encoding="utf-8")
    if plan_edit is not None:
        path = target / "plan" / "plan.yaml"
        path.write_text(plan_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    repo = GitRepo(target)
    (target / ".gitignore").write_text("/output/\n")
    repo.commit("Utkast", date=date)
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
    assert "Neste: Offentlig høring (horing)" in ok(cli, repo, "status")
    refused = cli(repo.path, "advance", "kommunestyre", "--date", "2020-03-11")  # its 2nd treatment waits
    assert refused.exit_code == 1 and "før Offentlig høring har gjort det" in refused.output
    ok(cli, repo, "advance", "høring", "--date", "2020-03-12", "--frist", "2020-05-01")
    assert "Neste: Kommunestyret (2. gangs behandling) (kommunestyre-2)" in ok(cli, repo, "status")
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
    assert (
        "Kommunestyret (1. gangs behandling)\n10.03.2020\nPS 12/20\nKommunestyret (2. gangs behandling)\n\n"
        in first_case
    )
    assert "Kommunedirektørens innstilling" in first_case  # the administration's, at the first treatment
    adopted = case_at(cli, repo, "kommunestyre-2/2020-06-16", tmp_path)
    assert "Behandling i kommunestyret (1. gangs behandling) 10.03.2020" in adopted
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


HEARING_FIRST = """\
organer:
  - {id: administrasjonen, navn: Administrasjonen, rolle: utkast}
  - {id: horing, navn: Offentleg høyring, rolle: høring}
  - {id: formannskap, navn: Formannskapet, rolle: innstiller}
  - {id: kommunestyre, navn: Kommunestyret, rolle: vedtar}
"""


def nynorsk(text: str) -> str:
    return "målform: nynorsk\n" + text


def test_a_hearing_before_the_first_political_treatment(cli, tmp_path):
    repo = repository(tmp_path, HEARING_FIRST, plan_edit=nynorsk)
    ok(cli, repo, "advance", "administrasjonen", "--date", "2024-01-08")
    ok(cli, repo, "advance", "høring", "--date", "2024-01-10", "--frist", "2024-02-21")
    early = cli(repo.path, "advance", "formannskap", "--date", "2024-02-20")
    assert early.exit_code == 1 and "høringsfristen 2024-02-21 er ikke ute" in early.output
    innstilling = tmp_path / "innstilling.md"
    innstilling.write_text("Formannskapet rår kommunestyret til å vedta planen.\n", encoding="utf-8")
    ok(
        cli, repo, "advance", "formannskap", "--date", "2024-03-05", "--sak", "PS 21/24",
        "--innstilling-fil", str(innstilling),
    )  # fmt: skip
    case = case_at(cli, repo, "formannskap/2024-03-05", tmp_path)
    assert "Offentleg høyring 10.01.2024" in case and "Formannskapet" in case and "PS 21/24" in case
    assert "Kommunedirektørens innstilling" in case  # the administration's innstilling (innstillingstittel)
    ok(cli, repo, "advance", "kommunestyre", "--date", "2024-03-21", "--sak", "PS 30/24")
    adopted = case_at(cli, repo, "kommunestyre/2024-03-21", tmp_path)
    assert "Formannskapet" in adopted and "05.03.2024" in adopted and "21.03.2024" in adopted and "PS 30/24" in adopted
    assert (
        "Innstilling frå formannskapet" in adopted and "Formannskapet rår kommunestyret til å vedta planen." in adopted
    )
    assert "planen er vedtatt" in ok(cli, repo, "status")


ROOT = Path(__file__).resolve().parents[2]
FSK_ALONE = """\
handlingsplan:
  - {id: formannskap, navn: Formannskapet, rolle: vedtar}
"""
BUDGET_ROUTE = """\
handlingsplan:
  - {id: formannskap, navn: Formannskapet, rolle: innstiller}
  - {id: kommunestyre, navn: Kommunestyret, rolle: vedtar}
"""
WITH_COMMITTEE = """\
organer:
  - {id: prosjektgruppe, navn: Prosjektgruppen, rolle: utkast}
  - {id: hovedutvalg, navn: Hovedutvalg for plan og næring, rolle: innstiller}
  - {id: horing, navn: Offentlig høring, rolle: høring, valgfri: true}
  - {id: kommunestyre, navn: Kommunestyret, rolle: vedtar}
"""


def os_repository(tmp_path: Path, process: str) -> GitRepo:
    """The Os plan with its own level name for the focus areas («Kapittel») and ``process``."""
    target = tmp_path / "os"
    shutil.copytree(ROOT / "plan", target / "plan")
    (target / "plan" / "prosess.yaml").write_text(process, encoding="utf-8")
    plan = target / "plan" / "plan.yaml"
    plan.write_text("nivånavn:\n  satsingsområde: {entall: Kapittel}\n" + plan.read_text(encoding="utf-8"), "utf-8")
    repo = GitRepo(target)
    (target / ".gitignore").write_text("/output/\n")
    repo.commit("Planen", date="2021-10-01")
    return repo


NEW_MEASURE = (
    "- id: T1.7\n  satsingsområde: SO1\n  tekst: Felles stand på Rørosmartnan for lokalmat.\n"
    "  ansvar: Rørosregionen Næringshage\n  samarbeidspartnere: [Os Næringsforum, Innovasjon Norge]\n"
    "  fra: 2022\n  til: 2024\n  kostnad: 30000\n  strategier: [S1.3]\n"
)


def test_the_action_plan_adopted_by_formannskapet_alone(cli, tmp_path):
    repo = os_repository(tmp_path, (ROOT / "plan" / "prosess.yaml").read_text(encoding="utf-8") + FSK_ALONE)
    ok(cli, repo, "handlingsplan", "rull", "2022")
    path = repo.path / "plan" / "handlingsplan" / "2022.yaml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_MEASURE, encoding="utf-8")
    repo.commit("Handlingsplan 2022", date="2021-10-15")
    ok(
        cli, repo, "handlingsplan", "advance", "2022", "formannskap", "--date", "2021-11-18",
        "--sak", "PS 45/21", "--arkivsak", "21/300",
    )  # fmt: skip
    text = message(repo, "handlingsplan-2022/formannskap/2021-11-18")
    assert "utfall: vedtatt" in text and "arkivsak: 21/300" in text
    status = ok(cli, repo, "status")
    assert "Handlingsplan 2022: Formannskapet 18.11.2021: vedtatt (PS 45/21)" in status
    assert "neste: ingen (vedtatt)" in status and "neste: Kommunestyret" not in status
    refused = cli(repo.path, "handlingsplan", "advance", "2022", "kommunestyre", "--date", "2021-12-09")
    assert refused.exit_code == 1 and "ukjent organ" in refused.output
    assert "18.11.2021 – Formannskapet: vedtatt (PS 45/21, arkivsak 21/300)" in ok(cli, repo, "log")
    out = tmp_path / "hp"
    ok(
        cli,
        repo,
        "handlingsplan",
        "build",
        "2022",
        "--rev",
        "handlingsplan-2022/formannskap/2021-11-18",
        "-o",
        str(out),
    )
    plan_doc = docx_text(next(out.glob("*handlingsplan-2022.docx")).read_bytes())
    assert "Kapittel 1: Et innovativt næringsliv" in plan_doc and "Satsingsområde 1" not in plan_doc
    assert "Samarbeid: Os Næringsforum og Innovasjon Norge" in plan_doc
    case = docx_text(next(out.glob("*handlingsplan-2022-saksframlegg.docx")).read_bytes())
    assert "Formannskapet" in case and "18.11.2021" in case and "PS 45/21" in case and "21/300" in case
    assert "Kommunestyret" not in case
    assert ok(cli, repo, "verify")


def test_the_action_plan_follows_the_budget_route_where_the_strategy_had_a_committee(cli, tmp_path):
    repo = os_repository(tmp_path, WITH_COMMITTEE + BUDGET_ROUTE)
    ok(cli, repo, "handlingsplan", "rull", "2022")
    repo.commit("Handlingsplan 2022", date="2021-10-15")
    committee = cli(repo.path, "handlingsplan", "advance", "2022", "hovedutvalg", "--date", "2021-11-10")
    assert committee.exit_code == 1 and "ukjent organ" in committee.output
    innstilling = tmp_path / "innstilling.md"
    innstilling.write_text("Formannskapet rår kommunestyret til å vedta handlingsplanen for 2022.\n", encoding="utf-8")
    ok(
        cli, repo, "handlingsplan", "advance", "2022", "formannskap", "--date", "2021-11-18", "--sak", "PS 45/21",
        "--innstilling-fil", str(innstilling),
    )  # fmt: skip
    assert "neste: Kommunestyret" in ok(cli, repo, "status")
    ok(cli, repo, "handlingsplan", "advance", "2022", "kommunestyre", "--date", "2021-12-09", "--sak", "PS 60/21")
    assert "neste: ingen (vedtatt)" in ok(cli, repo, "status")
    out = tmp_path / "hp"
    ok(
        cli,
        repo,
        "handlingsplan",
        "build",
        "2022",
        "--rev",
        "handlingsplan-2022/kommunestyre/2021-12-09",
        "-o",
        str(out),
    )
    case = docx_text(next(out.glob("*handlingsplan-2022-saksframlegg.docx")).read_bytes())
    assert "Formannskapets innstilling" in case and "vedta handlingsplanen for 2022" in case
    assert "09.12.2021" in case and "PS 60/21" in case and "Hovedutvalg" not in case


PROGRAMME = """\
planprogram:
  - {id: formannskap, navn: Formannskapet, rolle: innstiller}
  - {id: horing, navn: Offentlig høring, rolle: høring}
  - {id: kommunestyre, navn: Kommunestyret, rolle: vedtar}
organer:
  - {id: administrasjonen, navn: Administrasjonen, rolle: utkast}
  - {id: formannskap, navn: Formannskapet, rolle: innstiller}
  - {id: horing, navn: Offentlig høring, rolle: høring, valgfri: true}
  - {id: kommunestyre, navn: Kommunestyret, rolle: vedtar}
"""
FIXED = "Planprogrammet ble fastsatt av kommunestyret 5.3.2019, sak 14/19."


def test_the_planning_programme_is_treated_as_stages_of_its_own(cli, tmp_path):
    repo = repository(tmp_path, PROGRAMME, date="2018-12-03")
    assert "Planprogrammet: ikke behandlet ennå; neste: Formannskapet" in ok(cli, repo, "status")
    hearing = tmp_path / "vedtak.md"
    hearing.write_text("Forslag til planprogram legges ut til offentlig ettersyn i seks uker.\n", encoding="utf-8")
    ok(cli, repo, "advance", "formannskap", "--planprogram", "--date", "2019-01-10", "--sak", "PS 3/19",
       "--vedtak-fil", str(hearing))  # fmt: skip
    ok(cli, repo, "advance", "høring", "--planprogram", "--date", "2019-01-14", "--frist", "2019-02-28")
    ok(cli, repo, "advance", "administrasjonen", "--date", "2019-02-01")  # drafting may start meanwhile
    early = cli(repo.path, "advance", "formannskap", "--date", "2019-03-01", "--sak", "PS 10/19")
    assert early.exit_code == 1 and "planprogrammet er ikke fastsatt ennå" in early.output
    ok(cli, repo, "advance", "kommunestyre", "--planprogram", "--date", "2019-03-05", "--sak", "PS 14/19",
       "--arkivsak", "18/2001")  # fmt: skip
    tags = repo.git("tag").split()
    assert {
        "planprogram/formannskap/2019-01-10",
        "planprogram/horing/2019-01-14",
        "planprogram/kommunestyre/2019-03-05",
    } <= set(tags)
    status = ok(cli, repo, "status")
    assert (
        "Planprogrammet: Kommunestyret 05.03.2019: vedtatt (PS 14/19)" in status and "neste: ingen (fastsatt)" in status
    )
    assert "Neste: Formannskapet (formannskap)" in status  # the plan itself goes on
    # The plan's own process, with the programme's adoption told in every later case.
    ok(cli, repo, "advance", "formannskap", "--date", "2019-10-01", "--sak", "PS 50/19")
    ok(cli, repo, "advance", "høring", "--date", "2019-10-03", "--frist", "2019-11-15")
    ok(cli, repo, "advance", "kommunestyre", "--date", "2019-12-12", "--sak", "PS 80/19")
    for tag in ("formannskap/2019-10-01", "kommunestyre/2019-12-12"):
        case = case_at(cli, repo, tag, tmp_path)
        assert FIXED in case, tag
        assert "PS 50/19" in case and "01.10.2019" in case
    assert "PS 80/19" in case and "12.12.2019" in case
    log = ok(cli, repo, "log")
    assert log.index("Planprogrammet\n") < log.index("Strategien\n")
    assert "05.03.2019 – Kommunestyret: vedtatt (PS 14/19, arkivsak 18/2001)" in log
    assert "høringsfrist: 28.02.2019" in log and "Forslag til planprogram legges ut" in log
    entries = json.loads(ok(cli, repo, "log", "--format", "json"))
    assert [e["tag"] for e in entries if e.get("prosess") == "planprogram"][-1] == "planprogram/kommunestyre/2019-03-05"
    assert "planen er vedtatt" in ok(cli, repo, "status")
    assert ok(cli, repo, "verify")
    programme_tag = cli(repo.path, "verify", "planprogram/kommunestyre/2019-03-05")
    assert programme_tag.exit_code == 1 and "gjelder planprogrammet og har ingen dokumenter" in programme_tag.output
    ok(cli, repo, "changelog")
    changelog = (repo.path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Planprogrammet" in changelog and "### 05.03.2019 – Kommunestyret: vedtatt (PS 14/19" in changelog
    ok(cli, repo, "site", "-o", str(tmp_path / "site"))
    timeline = (tmp_path / "site" / "tidslinje.html").read_text(encoding="utf-8")
    fixed = timeline.index("5. mars 2019</time>: Planprogrammet: Kommunestyret</h3>")
    assert timeline.index("10. januar 2019</time>: Planprogrammet: Formannskapet") < fixed
    assert fixed < timeline.index("1. oktober 2019</time>: Formannskapet</h3>")
    assert "Høringsfrist: 28. februar 2019." in timeline and "(PS 14/19)" in timeline


def test_a_plan_without_a_planning_programme_says_nothing_of_one(cli, tmp_path):
    repo = repository(tmp_path, (PLANS / PLAN / "plan" / "prosess.yaml").read_text(encoding="utf-8"))
    assert "Planprogram" not in ok(cli, repo, "status")
    refused = cli(repo.path, "advance", "formannskap", "--planprogram", "--date", "2019-01-10")
    assert refused.exit_code == 1 and "ingen behandling av et planprogram" in refused.output
    ok(cli, repo, "advance", "administrasjonen", "--date", "2024-01-15")
    ok(cli, repo, "advance", "hovedutvalg", "--date", "2024-02-01", "--sak", "PS 3/24")
    assert "Planprogrammet" not in case_at(cli, repo, "hovedutvalg/2024-02-01", tmp_path)


def test_a_joint_plan_is_adopted_by_both_councils_and_each_case_says_what_the_other_decided(cli, tmp_path):
    repo = repository(
        tmp_path, (PLANS / "felles-nynorsk" / "plan" / "prosess.yaml").read_text("utf-8"), "felles-nynorsk"
    )
    for step in (
        ("prosjektgruppe", "--date", "2018-09-03"),
        ("tonsberg-formannskap", "--date", "2018-09-12", "--sak", "PS 80/18", "--arkivsak", "18/5500"),
        ("re-formannskap", "--date", "2018-09-13", "--sak", "PS 55/18", "--arkivsak", "18/311"),
        ("horing", "--date", "2018-09-20", "--frist", "2018-11-01"),
        ("re-kommunestyre", "--date", "2018-11-20", "--sak", "PS 90/18", "--arkivsak", "18/311"),
    ):
        ok(cli, repo, "advance", *step)
    # Re has adopted: Tønsberg's council is still to decide, and its case is built and sent out.
    status = ok(cli, repo, "status")
    assert "planen er vedtatt" not in status and "Neste: Bystyret i Tønsberg" in status
    ok(cli, repo, "build", "-o", str(tmp_path / "head"))  # the case between meetings goes to Tønsberg
    between = docx_text(next((tmp_path / "head").glob("*saksframlegg*.docx")).read_bytes())
    assert "Formannskapet i Tønsberg\n12.09.2018\nPS 80/18\nBystyret i Tønsberg" in between
    assert "Kommunestyret i Re vedtok planen 20.11.2018, sak PS 90/18." in between
    out = tmp_path / "ut"
    ok(
        cli, repo, "build", "--for", "tonsberg-bystyre", "--møtedato", "2018-11-22", "--sak", "PS 120/18",
        "--arkivsak", "18/5500", "--dato", "2018-11-21", "-o", str(out),
    )  # fmt: skip
    repo.commit("Sendt ut", date="2018-11-21")
    sent = docx_text(next(out.glob("*saksframlegg*.docx")).read_bytes())
    assert "Kommunestyret i Re vedtok planen 20.11.2018, sak PS 90/18." in sent
    assert "Bystyret i Tønsberg\n22.11.2018\nPS 120/18" in sent and "18/5500" in sent
    assert "Formannskapet i Re" not in sent.split("Saksopplysningar")[0]  # its own bodies in the saksgang
    ok(cli, repo, "advance", "tonsberg-bystyre", "--date", "2018-11-22")
    assert "planen er vedtatt" in ok(cli, repo, "status")
    tonsberg = case_at(cli, repo, "tonsberg-bystyre/2018-11-22", tmp_path)
    assert "Kommunestyret i Re vedtok planen 20.11.2018, sak PS 90/18." in tonsberg
    re_case = case_at(cli, repo, "re-kommunestyre/2018-11-20", tmp_path)
    assert "Bystyret i Tønsberg" not in re_case and "18/311" in re_case  # Tønsberg had not decided yet
    log = ok(cli, repo, "log")
    assert "Kommunestyret i Re: vedtatt (PS 90/18, arkivsak 18/311)" in log
    assert "Bystyret i Tønsberg: vedtatt (PS 120/18, arkivsak 18/5500)" in log
    assert ok(cli, repo, "verify")


def readme_processes() -> list[str]:
    """The ``yaml`` blocks of README.md's section on process shapes that declare plan/prosess.yaml."""
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Every real process") :]
    section = section[: section.index("\n## ", 1)]
    return [b for b in re.findall(r"```yaml\n(.*?)```", section, flags=re.S) if b.startswith("# plan/prosess.yaml")]


def test_every_process_shape_in_the_readme_passes_the_strict_check(cli, tmp_path):
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    blocks = readme_processes()
    assert len(blocks) == 4
    own = (PLANS / PLAN / "plan" / "prosess.yaml").read_text(encoding="utf-8")
    for n, block in enumerate(blocks):
        folder = tmp_path / str(n)
        shutil.copytree(PLANS / PLAN / "plan", folder / "plan")
        text = block if "\norganer:" in block else own + block  # a fragment goes after the plan's own organer
        (folder / "plan" / "prosess.yaml").write_text(text, encoding="utf-8")
        result = cli(folder, "check", "--strict")
        assert result.exit_code == 0, (block, result.output)
        process = load_project(WorkTree(folder))[0].process
        assert process.bodies[-1].role == "vedtar" and (
            process.programme or process.action_plan or len(process.bodies) == 4
        )
    shapes = [load_project(WorkTree(tmp_path / str(n)))[0].process for n in range(4)]
    assert [b.id for b in shapes[0].programme] == ["formannskap", "horing", "kommunestyre"]
    assert [b.id for b in shapes[1].bodies] == ["administrasjonen", "kommunestyre-1", "horing", "kommunestyre-2"]
    assert [b.role for b in shapes[3].action_plan] == ["vedtar"]


def test_a_body_listed_twice_without_treatment_numbers_is_refused_with_a_hint(cli, tmp_path):
    repo = repository(tmp_path, TWICE.replace(", behandling: 1", "").replace(", behandling: 2", ""))
    result = cli(repo.path, "check")
    assert result.exit_code == 1
    assert "plan/prosess.yaml:5" in result.output and "«behandling: 1», «behandling: 2»" in result.output


def test_the_programme_and_the_other_councils_are_told_in_the_plans_language():
    from workflow.documents.context import other_decisions, programme_sentence
    from workflow.plan.load import load_project
    from workflow.plan.model import Treatment
    from workflow.plan.source import WorkTree

    project, _ = load_project(WorkTree(PLANS / "felles-nynorsk"))
    fixed = Treatment(organ="kommunestyre", dato="2018-03-05", sak="PS 14/18", utfall="vedtatt")
    assert programme_sentence(project, fixed) == "Planprogrammet vart fastsett av kommunestyre 5.3.2018, sak 14/18."
    assert programme_sentence(project, None) is None
    bodies = {b.id: b for b in project.process.bodies}
    history = [
        Treatment(organ="re-kommunestyre", dato="2018-11-20", sak="PS 90/18", utfall="vedtatt med endringer"),
        Treatment(organ="tonsberg-bystyre", dato="2018-11-22", utfall="sendt tilbake"),
    ]
    assert other_decisions(project, bodies["tonsberg-bystyre"], history) == [
        "Kommunestyret i Re vedtok planen med endringar 20.11.2018, sak PS 90/18."
    ]
    assert other_decisions(project, bodies["re-kommunestyre"], history) == [
        "Bystyret i Tønsberg sende planen tilbake 22.11.2018."
    ]
