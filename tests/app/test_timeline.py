"""The Os plan as it really ran, slipped: every document right at every real meeting.

Draft (autumn 2020) → formannskapet sends it back 22 October 2020 → a new draft with an added
measure → formannskapet recommends it with amendments made in the meeting and votes, 11
February 2021 → public consultation → kommunestyret adopts it with changes → a year later
``plan revise``: one measure completed, one dropped → formannskapet and kommunestyret treat the
revision. The clerk prepares each case before its meeting (``plan build --for``); the stage tag
is written after the meeting (``plan advance``). At every step the built documents are read
back with python-docx: the saksgang rows, the innstilling heading and text, «Endringer siden
forrige behandling» with the compared version in words, the adoption stamp and the dates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from workflow.process.tags import parse_message

PLAN_DOC = "os-naeringsplan-2020-2028.docx"
CASE_DOC = "os-naeringsplan-2020-2028-saksframlegg.docx"


def read(path: Path) -> dict:
    """What a reader sees: paragraphs (style, text), the header fields, the saksgang rows, the
    properties."""
    doc = Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs if p.text.strip()]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    saksgang = next((t[1:] for t in tables if t and t[0] == ["Utvalg", "Møtedato", "Utvalgssaksnr."]), None)
    header = {}
    for t in tables[:1]:
        for row in t:
            header.update({row[0]: row[1], row[2]: row[3]})
    return {
        "paragraphs": paragraphs,
        "texts": [t for _, t in paragraphs],
        "saksgang": saksgang,
        "header": header,
        "status": doc.core_properties.content_status,
        "subject": doc.core_properties.subject,
    }


def section(case: dict, heading: str) -> list[str]:
    """The paragraphs under a Heading 2 up to the next Heading 2."""
    out, inside = [], False
    for style, text in case["paragraphs"]:
        if style == "Heading 2":
            if inside:
                break
            inside = text == heading
            continue
        if inside:
            out.append(text)
    return out


def innstilling(case: dict) -> tuple[str, list[str]]:
    """The first Heading 2 after the case title (the innstilling) and its text."""
    paragraphs = case["paragraphs"]
    start = next(i for i, (style, _) in enumerate(paragraphs) if style == "Heading 2")
    heading = paragraphs[start][1]
    return heading, section(case, heading)


class Timeline:
    def __init__(self, repo, cli, tmp_path: Path):
        self.repo, self.cli, self.tmp = repo, cli, tmp_path
        self.root = repo.path

    def ok(self, *args: str) -> str:
        result = self.cli(self.root, *args)
        assert result.exit_code == 0, f"plan {' '.join(args)}:\n{result.output}"
        return result.output

    def fails(self, *args: str) -> str:
        result = self.cli(self.root, *args)
        assert result.exit_code == 1, f"plan {' '.join(args)} should fail:\n{result.output}"
        return result.output

    def file(self, name: str, text: str) -> str:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def prepare(self, body: str, date: str, sak: str, dato: str) -> tuple[dict, dict]:
        """The clerk builds the case for the coming meeting; returns (saksframlegg, plan)."""
        out = self.tmp / f"{body}-{date}"
        self.ok("build", "--for", body, "--møtedato", date, "--sak", sak, "--dato", dato, "-o", str(out))
        assert (self.root / "utsendt" / f"{body}-{date}.json").is_file()
        return read(out / CASE_DOC), read(out / PLAN_DOC)

    def at(self, tag: str) -> tuple[dict, dict]:
        out = self.tmp / tag.replace("/", "_")
        self.ok("build", "--rev", tag, "-o", str(out))
        return read(out / CASE_DOC), read(out / PLAN_DOC)

    def message(self, tag: str):
        return parse_message(self.repo.git("tag", "-l", "--format=%(contents)", tag))


@pytest.fixture
def project():
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    return load_project(WorkTree(Path(__file__).resolve().parents[2]))[0]


@pytest.fixture
def timeline(git_repo, cli, tmp_path):
    return Timeline(git_repo, cli, tmp_path)


def test_the_slipped_os_timeline(timeline):
    t = timeline
    area3 = "plan/satsingsomrader/rammebetingelser.yaml"
    area2 = "plan/satsingsomrader/naeringsvennlig-kommune.yaml"

    # 1. The project group's draft, autumn 2020.
    t.repo.commit("Prosjektgruppens utkast", date="2020-09-30")
    t.ok("advance", "prosjektgruppe", "--date", "2020-10-01")

    # 2. The clerk sends the case to formannskapet with the summons.
    case, plan = t.prepare("formannskap", "2020-10-22", "PS 40/20", "2020-10-14")
    assert case["saksgang"] == [["Formannskapet", "22.10.2020", "PS 40/20"], ["Kommunestyret", "", ""]]
    assert case["header"]["Dato:"] == "14. oktober 2020"
    heading, text = innstilling(case)
    # before the hearing formannskapet is asked to put the draft on hearing (issue 21)
    assert heading == "Rådmannens innstilling" and text[0].startswith("Forslag til Strategisk næringsplan")
    assert section(case, "Endringer siden forrige behandling") == [
        "Planen er ikke endret sammenlignet med prosjektgruppens utkast 1. oktober 2020."
    ]
    assert "Utkast 14. oktober 2020" in plan["texts"] and plan["status"] == "Utkast"
    assert "Planen avløser «Strategisk næringsplan for Os kommune 2016–2020»." in case["texts"]  # period said once
    assert "Denne planen avløser «Strategisk næringsplan for Os kommune 2016–2020»." in plan["texts"]

    # 3. Formannskapet sends it back: broadband is missing.
    back = t.file("tilbake.md", "Planen sendes tilbake. Tiltak for bredbånd i grendene må med.")
    t.ok("advance", "formannskap", "--date", "2020-10-22", "--utfall", "sendt tilbake", "--vedtak-fil", back)
    sent_back = t.message("formannskap/2020-10-22")
    assert sent_back.case_number == "PS 40/20"  # from what was sent out
    assert str(sent_back.case_date) == "2020-10-14" and sent_back.amended_in_meeting is None

    # 4. A new draft with the measure added.
    t.edit(
        area3,
        "  - id: T3.5\n",
        (
            "  - id: T3.9\n    tekst: Bredbånd til alle grender innen 2024, med **spleiselag** der det trengs.\n"
            "    ansvar: Landbruksforvaltningen\n    fra: 2021\n    til: 2024\n    kostnad: 200000\n"
            "    finansiering: Kommunalt næringsfond\n    status: planlagt\n    strategier: [S3.3]\n"
            "  - id: T3.5\n"
        ),
    )
    t.repo.commit("Nytt utkast med tiltak for bredbånd", date="2021-01-20")
    t.ok("advance", "prosjektgruppe", "--date", "2021-01-21")
    t.ok("build", "-o", str(t.tmp / "head"))  # between meetings: the case goes to formannskapet again
    between = read(t.tmp / "head" / CASE_DOC)
    assert between["saksgang"] == [
        ["Formannskapet", "22.10.2020", "PS 40/20"],
        ["Formannskapet", "", ""],
        ["Kommunestyret", "", ""],
    ]
    diff = t.ok("diff")  # without A: the version formannskapet sent back
    assert diff.startswith("Endringer i planen fra planen formannskapet sendte tilbake 22. oktober 2020")
    assert "T3.9" in diff

    # 5. The case for formannskapet's second meeting.
    case, plan = t.prepare("formannskap", "2021-02-11", "PS 5/21", "2021-02-01")
    assert case["saksgang"] == [
        ["Formannskapet", "22.10.2020", "PS 40/20"],
        ["Formannskapet", "11.02.2021", "PS 5/21"],
        ["Kommunestyret", "", ""],
    ]
    changes = section(case, "Endringer siden forrige behandling")
    assert changes[0] == "Planen er sammenlignet med planen formannskapet sendte tilbake 22. oktober 2020."
    assert any(
        line.startswith("Nytt tiltak T3.9: Bredbånd til alle grender innen 2024, med spleiselag") for line in changes
    )
    assert not any("**" in line for line in changes)
    assert case["header"]["Dato:"] == "1. februar 2021" and "Utkast 1. februar 2021" in plan["texts"]
    assert "Behandling i formannskapet 22.10.2020" in case["texts"]

    # 6. Formannskapet amends the plan in the meeting and recommends it.
    t.edit(
        "plan/satsingsomrader/innovativt-naeringsliv.yaml",
        "gjennomførte\n      generasjonsskifter",
        "planlagte\n      generasjonsskifter",
    )
    t.repo.commit("Formannskapets endring i mål M1.1 (PS 5/21)", date="2021-02-11")
    refused = t.fails("advance", "formannskap", "--date", "2021-02-11")
    assert "ikke de som ble sendt ut" in refused and "--endret-i-møtet" in refused
    recommended = t.file(
        "innstilling.md",
        "Kommunestyret vedtar Strategisk næringsplan for Os kommune 2020–2028 med formannskapets endring i mål M1.1.",
    )
    own = t.file("vedtak.md", "Planen legges ut til offentlig høring med frist 31. mars 2021.")
    proposals = t.file(
        "forslag.yaml",
        "- tekst: Mål M1.1 sier «planlagte» generasjonsskifter.\n  fremmet_av: Senterpartiet\n  stemmer: Vedtatt 5–0\n",
    )
    t.ok(
        "advance",
        "formannskap",
        "--date",
        "2021-02-11",
        "--endret-i-møtet",
        "--innstilling-fil",
        recommended,
        "--vedtak-fil",
        own,
        "--forslag-fil",
        proposals,
        "--votering",
        "Enstemmig",
    )
    treated = t.message("formannskap/2021-02-11")
    assert (
        treated.amended_in_meeting is True
        and treated.case_number == "PS 5/21"
        and str(treated.case_date) == "2021-02-01"
    )

    # 7. The public consultation: the plan document is the consultation draft.
    t.ok("advance", "høring", "--date", "2021-02-15", "--frist", "2021-03-31")
    _, plan = t.at("horing/2021-02-15")
    assert "Høringsutkast 15. februar 2021" in plan["texts"] and plan["status"] == "Høringsutkast"

    # 8. After the consultation: merknadsbehandling changes a cost; the case to kommunestyret.
    t.edit(area3, "    kostnad: 200000\n", "    kostnad: 250000\n")
    t.repo.commit("Merknadsbehandling: høyere kostnad for bredbånd", date="2021-04-10")
    case, plan = t.prepare("kommunestyre", "2021-04-22", "PS 20/21", "2021-04-12")
    heading, text = innstilling(case)
    assert heading == "Formannskapets innstilling"
    assert text == [
        "Kommunestyret vedtar Strategisk næringsplan for Os kommune 2020–2028 med formannskapets endring i mål M1.1."
    ]
    assert case["saksgang"] == [
        ["Formannskapet", "22.10.2020", "PS 40/20"],
        ["Formannskapet", "11.02.2021", "PS 5/21"],
        ["Kommunestyret", "22.04.2021", "PS 20/21"],
    ]
    changes = section(case, "Endringer siden forrige behandling")
    assert changes[0] == "Planen er sammenlignet med planen formannskapet behandlet 11. februar 2021."
    assert any("kostnaden er endret fra 200 000 kr til 250 000 kr" in line for line in changes)
    treatment = section(case, "Behandling i formannskapet 11.02.2021")
    assert "Formannskapets vedtak" in treatment and "Formannskapets innstilling" in treatment
    assert "Planen legges ut til offentlig høring med frist 31. mars 2021." in treatment

    # 9. Kommunestyret adopts the plan with a change made in the meeting.
    t.edit(area3, "    kostnad: 250000\n", "    kostnad: 240000\n")
    t.repo.commit("Kommunestyrets endring: kostnad for bredbånd (PS 20/21)", date="2021-04-22")
    decision = t.file("kvedtak.md", "Kommunestyret vedtar planen med endringen i tiltak T3.9.")
    t.ok(
        "advance",
        "kommunestyre",
        "--date",
        "2021-04-22",
        "--utfall",
        "vedtatt med endringer",
        "--endret-i-møtet",
        "--vedtak-fil",
        decision,
    )
    case, plan = t.at("kommunestyre/2021-04-22")
    assert "Vedtatt i kommunestyret 22. april 2021, PS 20/21" in plan["texts"]
    assert plan["status"] == "Vedtatt" and plan["subject"] == "Vedtatt i kommunestyret 22. april 2021, PS 20/21"
    assert case["header"]["Dato:"] == "12. april 2021"
    assert t.ok("verify").count("OK ") == 6

    # 10. A year later: the revision; one measure completed, one dropped; new title of the head.
    t.ok("revise", "--date", "2022-03-01")
    t.edit(
        area2,
        "    kostnad: 250000\n    finansiering: Driftsbudsjett\n    status: pågår",
        "    kostnad: 250000\n    finansiering: Driftsbudsjett\n    status: fullført",
    )
    t.edit(area2, "    status: pågår", "    status: utgått")  # T2.6
    t.edit("plan/sak.yaml", "innstillingstittel: Rådmannens innstilling\n", "administrasjon: Kommunedirektøren\n")
    t.repo.commit("Rullering 2022: T2.1 fullført, T2.6 utgått", date="2022-03-02")
    refused = t.fails("build", "--for", "formannskap", "--møtedato", "2022-03-10")
    assert "før Prosjektgruppen har gjort det" in refused  # the round starts with the draft
    t.ok("advance", "prosjektgruppe", "--date", "2022-03-02")
    diff = t.ok("diff")
    assert diff.startswith("Endringer i planen fra vedtatt plan 22. april 2021")
    case, plan = t.prepare("formannskap", "2022-03-10", "PS 8/22", "2022-03-03")
    assert case["saksgang"] == [["Formannskapet", "10.03.2022", "PS 8/22"], ["Kommunestyret", "", ""]]
    heading, _ = innstilling(case)
    assert heading == "Kommunedirektørens innstilling"
    changes = section(case, "Endringer siden forrige behandling")
    assert changes[0] == "Planen er sammenlignet med vedtatt plan 22. april 2021."
    assert any("statusen er endret fra pågår til fullført" in line for line in changes)
    assert any("statusen er endret fra pågår til utgått" in line for line in changes)
    assert "Kostnadsendring: −400\u00a0000 kr per år i 2020–2028; −3\u00a0600\u00a0000 kr i alt." in changes
    assert "Utkast 3. mars 2022" in plan["texts"] and plan["status"] == "Utkast"

    # 11. Formannskapet recommends the revision as sent out.
    revised = t.file("innstilling2.md", "Kommunestyret vedtar den rullerte tiltaksplanen.")
    t.ok("advance", "formannskap", "--date", "2022-03-10", "--innstilling-fil", revised)
    assert t.message("formannskap/2022-03-10").amended_in_meeting is None

    # 12. Kommunestyret adopts the revision.
    case, plan = t.prepare("kommunestyre", "2022-03-24", "PS 12/22", "2022-03-14")
    assert innstilling(case) == ("Formannskapets innstilling", ["Kommunestyret vedtar den rullerte tiltaksplanen."])
    assert case["saksgang"] == [["Formannskapet", "10.03.2022", "PS 8/22"], ["Kommunestyret", "24.03.2022", "PS 12/22"]]
    assert section(case, "Endringer siden forrige behandling") == [
        "Planen er ikke endret sammenlignet med planen formannskapet behandlet 10. mars 2022."
    ]
    t.ok("advance", "kommunestyre", "--date", "2022-03-24")
    case, plan = t.at("kommunestyre/2022-03-24")
    assert "Vedtatt i kommunestyret 24. mars 2022, PS 12/22" in plan["texts"]
    assert case["header"]["Dato:"] == "14. mars 2022"
    assert t.ok("verify").count("OK ") == 9


def test_the_case_number_must_be_the_one_sent_out(timeline):
    t = timeline
    t.ok("advance", "prosjektgruppe", "--date", "2020-10-01")
    t.prepare("formannskap", "2020-10-22", "PS 40/20", "2020-10-14")
    out = t.fails("advance", "formannskap", "--date", "2020-10-22", "--sak", "PS 41/20")
    assert "«PS 41/20» er ikke det som ble sendt ut" in out


def test_no_placeholder_vision_or_innstilling_goes_to_a_meeting(timeline):
    t = timeline
    t.ok("advance", "prosjektgruppe", "--date", "2020-10-01")
    text = (t.root / "plan/sak.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^innstilling: \|\n(?:(?:  .*)?\n)+?(?=^\S)", "", text, flags=re.M)
    text = re.sub(
        r"^innstillinger:\n(?:(?:  .*)?\n)+?(?=^\S)",
        "innstillinger:\n  formannskap: 'Skriv innstillingen her: forslag til vedtak.'\n",
        text,
        flags=re.M,
    )
    (t.root / "plan/sak.yaml").write_text(text, encoding="utf-8")
    t.repo.commit("Uten innstilling", date="2020-10-02")
    out = t.fails("advance", "formannskap", "--date", "2020-10-22")
    assert "Rådmannens innstilling til formannskapet er tom eller fortsatt en plassholder" in out


def test_placeholder_vision_is_refused(project):
    from workflow.app.meetings import check_ready
    from workflow.errors import StageError

    body = project.process.bodies[1]
    check_ready(project, body)
    draft = project.model_copy(
        update={"plan": project.plan.model_copy(update={"vision": "Skriv visjonen her: én setning."})}
    )
    with pytest.raises(StageError, match="visjonen i plan/plan.yaml er tom eller fortsatt teksten fra «plan init»"):
        check_ready(draft, body)


@pytest.mark.parametrize("language", ["bokmål", "nynorsk"])
def test_a_new_plan_from_plan_init_is_not_put_forward_with_its_placeholders(tmp_path, cli, language):
    from conftest import GitRepo

    nynorsk = ["--målform", "nynorsk"] if language == "nynorsk" else []
    result = cli(tmp_path, "init", str(tmp_path / "tolga"), "--kommune", "Tolga", "--nummer", "3426", *nynorsk)
    assert result.exit_code == 0, result.output
    repo = GitRepo.__new__(GitRepo)
    repo.path = tmp_path / "tolga"
    repo.commit("Ny plan", date="2025-01-10")
    out = cli(repo.path, "advance", "prosjektgruppe", "--date", "2025-01-15")
    assert (
        out.exit_code == 1 and "visjonen i plan/plan.yaml er tom eller fortsatt teksten fra «plan init»" in out.output
    )
    plan_yaml = repo.path / "plan/plan.yaml"
    plan_yaml.write_text(
        plan_yaml.read_text(encoding="utf-8").replace(
            "Skriv visjonen her: éi setning." if nynorsk else "Skriv visjonen her: én setning.",
            "Tolga skal ha et levende næringsliv.",
        ),
        encoding="utf-8",
    )
    repo.commit("Visjonen", date="2025-01-11")
    assert cli(repo.path, "advance", "prosjektgruppe", "--date", "2025-01-15").exit_code == 0
    out = cli(repo.path, "advance", "formannskap", "--date", "2025-02-06")
    assert (
        out.exit_code == 1
        and "til formannskapet er tom eller fortsatt en plassholder" in out.output
        and ("Innstilling frå kommunedirektøren" if nynorsk else "Kommunedirektørens innstilling") in out.output
    )


def test_a_nynorsk_case_names_the_version_it_compares_with_in_nynorsk(tmp_path, cli):
    """«Endringar sidan førre handsaming» in a nynorsk saksframlegg: its sentence and the
    version it names («utkastet frå prosjektgruppa …») are nynorsk, never bokmål."""
    from conftest import GitRepo

    result = cli(
        tmp_path, "init", str(tmp_path / "vinje"), "--kommune", "Vinje", "--nummer", "4036", "--målform", "nynorsk"
    )
    assert result.exit_code == 0, result.output
    repo = GitRepo.__new__(GitRepo)
    repo.path = tmp_path / "vinje"
    plan = repo.path / "plan/plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Skriv visjonen her: éi setning.", "Vinje skal vere ein god stad."),
        encoding="utf-8",
    )
    case = repo.path / "plan/sak.yaml"
    text = re.sub(r"(?ms)^innstillinger:.*", "", case.read_text(encoding="utf-8"))
    case.write_text(text + "innstilling: Kommunestyret vedtek planen.\n", encoding="utf-8")
    repo.commit("Ny plan", date="2025-01-10")
    assert cli(repo.path, "advance", "prosjektgruppe", "--date", "2025-01-15").exit_code == 0

    def lines() -> list[str]:
        assert cli(repo.path, "build", "-o", str(tmp_path / "out")).exit_code == 0
        case_file = next((tmp_path / "out").glob("*-saksframlegg.docx"))
        return [p.text for p in Document(str(case_file)).paragraphs]

    unchanged = lines()
    assert "Planen er ikkje endra samanlikna med utkastet frå prosjektgruppa 15. januar 2025." in unchanged
    area = repo.path / "plan/satsingsomrader/innovativt-naeringsliv.yaml"
    area.write_text(
        area.read_text(encoding="utf-8").replace("to gonger i året", "fire gonger i året"), encoding="utf-8"
    )
    repo.commit("Oftare forum", date="2025-01-20")
    changed = lines()
    assert "Planen er samanlikna med utkastet frå prosjektgruppa 15. januar 2025." in changed
    for bokmål in ("sammenlignet", "ikke endret", "prosjektgruppens", "prosjektgruppas"):
        assert not any(bokmål in line for line in unchanged + changed), bokmål
