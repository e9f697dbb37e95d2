"""Issue 11 «Done when»: three plans shaped like real ones pass plan check, plan build --pdf and
a walk through their process with plan advance.

* firearig: a four-year plan (2024–2027) with one main goal measured by indicators, three
  strategic goals with sub-goals, and no strategies or measures;
* region: a twelve-year regional strategy owned by an interkommunalt politisk råd, with a
  relative target (7 811 employed in 2024 → 8 500 by 2035);
* felles-nynorsk: a joint plan of two municipalities, written in nynorsk.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import GitRepo
from support import PLANS, docx_text, needs_soffice, pdftotext
from workflow.documents.build import build_documents
from workflow.documents.context import case_context
from workflow.plan.load import load_project
from workflow.plan.source import WorkTree
from workflow.participation.case import case_part

WHEN = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


def repository(tmp_path: Path, name: str) -> GitRepo:
    target = tmp_path / name
    shutil.copytree(PLANS / name / "plan", target / "plan")
    repo = GitRepo(target)
    (target / ".gitignore").write_text("/output/\n")
    repo.commit("Utkast", date="2024-01-10")
    return repo


def walk(cli, repo: GitRepo, steps) -> None:
    for step in steps:
        result = cli(repo.path, "advance", *step)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", ["firearig", "region", "felles-nynorsk"])
def test_each_plan_passes_the_strict_check(cli, name):
    result = cli(PLANS / name, "check", "--strict")
    assert result.exit_code == 0, result.output


@needs_soffice
@pytest.mark.parametrize("name", ["firearig", "region", "felles-nynorsk"])
def test_each_plan_builds_as_pdf(cli, tmp_path, name):
    out = tmp_path / "out"
    result = cli(PLANS / name, "build", "--pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 2
    plan_pdf = next(p for p in pdfs if "saksframlegg" not in p.name)
    text = pdftotext(plan_pdf)
    table_text = docx_text(plan_pdf.with_suffix(".docx").read_bytes())  # table cells wrap in the PDF
    if name == "firearig":
        assert "Hovedmål" in text and "Innsatsområde 1: Attraktiv for nye virksomheter" in text
        assert "Strategiske mål" in text and "M1.1" in text  # the plan's own names, sub-goals
        assert "bedre enn snittet i KOSTRA-gruppe 11" in table_text and "mangler" in text
        assert "0 kr" not in text and "Kostnader" not in text  # no measures: no cost tables
        assert "Satsingsområde" not in text
        assert "Økonomiske konsekvenser" not in pdftotext(next(p for p in pdfs if "saksframlegg" in p.name))
    if name == "region":
        assert "NORD-ØSTERDAL INTERKOMMUNALE POLITISKE RÅD" in text
        assert "NORD-ØSTERDAL KOMMUNE" not in text.upper() and "Nord-Østerdal kommune" not in table_text
        assert "7 811 (2024)" in text and "8 500 (2035)" in text and "+0,8 % per år" in table_text
        assert "Målt: 2024: 7\u00a0811, 2025: 7\u00a0902" in table_text  # measured values are shown
        assert "Kostnader per innsatsområde" in text
    if name == "felles-nynorsk":
        assert "RE KOMMUNE OG TØNSBERG KOMMUNE" in text
        for nynorsk in (
            "Innhald",
            "Ambisjonar",
            "Strategiar",
            "Kjelde",
            "Eining: føretak",
            "Fokusområde 1",
            "Tal på tiltak",
            "ikkje tekne med",
        ):
            assert nynorsk in text, nynorsk
        for bokmal in ("Innhold", "Ambisjoner", "Strategier", "Kilde", "Enhet", "ikke"):
            assert bokmal not in text, bokmal


def test_four_year_plan_without_measures_walks_its_process(cli, tmp_path):
    repo = repository(tmp_path, "firearig")
    walk(
        cli,
        repo,
        [
            ("administrasjonen", "--date", "2024-01-15"),
            ("hovedutvalg", "--date", "2024-02-01", "--sak", "PS 3/24"),
            ("formannskap", "--date", "2024-02-08", "--sak", "PS 9/24"),
            ("kommunestyre", "--date", "2024-02-22", "--sak", "PS 14/24"),
        ],
    )
    assert "planen er vedtatt" in cli(repo.path, "status").output


def test_stage_rules_allow_an_early_draft_with_warnings_but_not_the_adopting_body(cli, tmp_path):
    repo = repository(tmp_path, "region")
    text = (repo.path / "plan" / "plan.yaml").read_text(encoding="utf-8")
    repo.write("plan/plan.yaml", text.replace("        kilde: Nkom\n", ""))  # a warning: no source
    repo.commit("Kilde mangler", date="2024-01-11")
    walk(cli, repo, [("arbeidsgruppe", "--date", "2024-01-15")])
    refused = cli(repo.path, "advance", "arbeidsutvalg", "--date", "2024-02-01")
    assert refused.exit_code == 1 and "har ingen kilde" in refused.output
    repo.write("plan/plan.yaml", text)
    repo.commit("Kilde lagt til", date="2024-01-20")
    walk(
        cli,
        repo,
        [
            ("arbeidsutvalg", "--date", "2024-02-01", "--sak", "AU 4/24"),
            ("horing", "--date", "2024-02-05", "--frist", "2024-03-18"),
            ("regionrad", "--date", "2024-04-12", "--sak", "RR 11/24"),
        ],
    )
    assert "planen er vedtatt" in cli(repo.path, "status").output


def test_joint_plan_is_adopted_when_both_councils_have_adopted(cli, tmp_path):
    repo = repository(tmp_path, "felles-nynorsk")
    walk(
        cli,
        repo,
        [
            ("prosjektgruppe", "--date", "2018-09-03"),
            ("tonsberg-formannskap", "--date", "2018-09-12", "--sak", "PS 80/18"),
            ("re-formannskap", "--date", "2018-09-13", "--sak", "PS 55/18"),
            ("horing", "--date", "2018-09-20", "--frist", "2018-11-01"),
            ("re-kommunestyre", "--date", "2018-11-20", "--sak", "PS 90/18"),
        ],
    )
    status = cli(repo.path, "status").output
    assert "planen er vedtatt" not in status and "Neste: Bystyret i Tønsberg" in status
    # The one that has adopted may not adopt again; the other council still may.
    again = cli(repo.path, "advance", "re-kommunestyre", "--date", "2018-11-21")
    assert again.exit_code == 1 and "har allerede behandlet" in again.output
    walk(cli, repo, [("tonsberg-bystyre", "--date", "2018-11-22", "--sak", "PS 120/18")])
    assert "planen er vedtatt" in cli(repo.path, "status").output
    verified = cli(repo.path, "verify")
    assert verified.exit_code == 0, verified.output  # every tag's documents rebuild byte for byte


def test_joint_plan_bodies_wait_only_for_their_own_municipality(cli, tmp_path):
    repo = repository(tmp_path, "felles-nynorsk")
    walk(cli, repo, [("prosjektgruppe", "--date", "2018-09-03"), ("re-formannskap", "--date", "2018-09-13")])
    early = cli(repo.path, "advance", "re-kommunestyre", "--date", "2018-11-20", "--dry-run")
    assert early.exit_code == 0, early.output  # Re need not wait for Tønsberg's formannskap
    blocked = cli(repo.path, "advance", "tonsberg-bystyre", "--date", "2018-11-20")
    assert blocked.exit_code == 1 and "Formannskapet i Tønsberg" in blocked.output


def test_each_municipalitys_case_shows_its_own_bodies_in_nynorsk(tmp_path):
    from workflow.plan.model import Treatment

    project, _ = load_project(WorkTree(PLANS / "felles-nynorsk"))
    bodies = {b.id: b for b in project.process.bodies}
    history = [
        Treatment(organ="re-formannskap", dato="2018-09-13", utfall="innstilling", vedtak="Re vedtek planen."),
        Treatment(
            organ="tonsberg-formannskap", dato="2018-09-14", utfall="innstilling", vedtak="Tønsberg vedtek planen."
        ),
    ]
    for body, own, other in (
        ("re-kommunestyre", "Formannskapet i Re", "Tønsberg"),
        ("tonsberg-bystyre", "Formannskapet i Tønsberg", "i Re"),
    ):
        context = case_context(project, bodies[body], history, part=case_part)
        names = [row["name"] for row in context["saksgang"]]
        assert own in names and not any(other in n for n in names), names
    files = build_documents(project, PLANS / "felles-nynorsk", when=WHEN, body="re-kommunestyre", part=case_part)
    case = docx_text(next(data for name, data in files.items() if "saksframlegg" in name))
    for nynorsk in (
        "Saksbehandlar",
        "Utval",
        "Saksopplysningar",
        "Innstilling frå kommunedirektøren",
        "Økonomiske konsekvensar",
        "Tal på tiltak",
    ):
        assert nynorsk in case, nynorsk
    assert "1. juni 2024" in case  # Babel nn


def test_each_council_gets_its_own_formannskaps_innstilling(tmp_path):
    from workflow.plan.model import Treatment

    project, _ = load_project(WorkTree(PLANS / "felles-nynorsk"))
    bodies = {b.id: b for b in project.process.bodies}
    history = [
        Treatment(organ="re-formannskap", dato="2018-09-13", utfall="innstilling", vedtak="Re vedtek planen."),
        Treatment(
            organ="tonsberg-formannskap", dato="2018-09-14", utfall="innstilling", vedtak="Tønsberg vedtek planen."
        ),
    ]
    re_case = case_context(project, bodies["re-kommunestyre"], history, part=case_part)
    assert re_case["recommendation"]["title"] == "Innstilling frå Formannskapet i Re"
    assert str(re_case["recommendation"]["text"]) == "Re vedtek planen."
    tonsberg = case_context(project, bodies["tonsberg-bystyre"], history, part=case_part)
    assert str(tonsberg["recommendation"]["text"]) == "Tønsberg vedtek planen."
    headings = [t["heading"] for t in re_case["treatments"]]
    assert headings == [
        "Handsaming i Formannskapet i Re 13.09.2018",
        "Handsaming i Formannskapet i Tønsberg 14.09.2018",
    ]


def test_the_web_page_of_a_nynorsk_plan_is_nynorsk(cli, tmp_path):
    out = tmp_path / "out"
    assert cli(PLANS / "felles-nynorsk", "build", "--format", "html", "-o", str(out)).exit_code == 0
    page = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert '<html lang="nn">' in page
    for nynorsk in (
        "Innhald",
        "Fokusområde 1",
        "Ambisjonar",
        "Strategiar",
        "Kjelde",
        "Bidreg til mål:",
        "Kostnader per finansieringskjelde",
    ):
        assert nynorsk in page, nynorsk
    for bokmal in ("Innhold", "Ambisjoner", "Strategier", "Kilde", "Bidrar"):
        assert bokmal not in page, bokmal


def test_change_sentences_in_the_case_follow_the_malform_and_level_names():
    from workflow.documents.context import case_context

    project, _ = load_project(WorkTree(PLANS / "felles-nynorsk"))
    body = next(b for b in project.process.bodies if b.id == "re-kommunestyre")
    sections = [
        {"område": "Planen som helhet", "linjer": ["Planen: navnet er endret til «Ny tittel er tatt ut»."]},
        {
            "område": "Samarbeid over kommunegrensa",
            "linjer": [
                "Satsingsområdet «Gammelt» er tatt ut av planen.",
                "Tiltak T1: kostnaden er endret fra 1 kr til 2 kr.",
            ],
        },
    ]
    changes = case_context(project, body, (), sections, part=case_part)["changes"]
    assert changes[0] == {
        "area": "Planen som heilskap",
        "lines": ["Planen: namnet er endra til «Ny tittel er tatt ut»."],
    }
    assert changes[1]["lines"] == [
        "Fokusområdet «Gammelt» er teke ut av planen.",
        "Tiltak T1: kostnaden er endra frå 1 kr til 2 kr.",
    ]


def test_a_postponement_in_one_municipality_does_not_hold_up_the_other(cli, tmp_path):
    repo = repository(tmp_path, "felles-nynorsk")
    walk(
        cli,
        repo,
        [
            ("prosjektgruppe", "--date", "2018-09-03"),
            ("re-formannskap", "--date", "2018-09-13", "--utfall", "utsatt"),
            ("tonsberg-formannskap", "--date", "2018-09-14"),
        ],
    )
    blocked = cli(repo.path, "advance", "re-kommunestyre", "--date", "2018-09-20")
    assert blocked.exit_code == 1 and "neste behandling må være i Formannskapet i Re" in blocked.output
    assert "Formannskapet i Re" in cli(repo.path, "status").output
    walk(cli, repo, [("re-formannskap", "--date", "2018-09-27"), ("re-kommunestyre", "--date", "2018-10-20")])


def test_the_web_sites_accessibility_statement_of_a_nynorsk_plan_is_nynorsk(cli, tmp_path):
    import re

    site = tmp_path / "site"
    assert cli(PLANS / "felles-nynorsk", "site", "-o", str(site)).exit_code == 0
    page = re.sub(r"<[^>]+>", "\n", (site / "tilgjengelighet.html").read_text(encoding="utf-8"))
    for nynorsk in ("Tilgjengeerklæring", "Språk på sida", "Namn, rolle, verdi", "Chromium, hovudlaus"):
        assert nynorsk in page, nynorsk
    assert "hovudmenyen er den same, i same rekkjefølgje, på kvar side" in page
    assert "Automatiske testar finn berre ein del av moglege brot." in page
    for bokmål in ("på siden", "Navn", "hodeløs", "hovedmenyen", " ikke ", "tester finner"):
        assert bokmål not in page, bokmål
