"""Issue 21: the follow-up documents a clerk files unchanged, read as a person reads them.

The demo (``plan demo``) is built once; the action plan for 2022 and the annual reports are
built from it through the command line and read back as text in document order.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

STEM = "os-naeringsplan-2020-2028"


def text_in_order(path) -> list[str]:
    """Every non-empty paragraph of the body, tables included, in the order a reader meets them."""
    body = Document(str(path)).element.body
    lines = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    return [line for line in lines if line.strip()]


def dated(lines: list[str]) -> str:
    """The document's date: «Dato: 15. januar 2022», or the value after a «Dato:» cell."""
    for i, line in enumerate(lines):
        if line.startswith("Dato:"):
            return line.removeprefix("Dato:").strip() or lines[i + 1]
    raise AssertionError("no date in the document")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from click.testing import CliRunner

    from workflow.cli.main import main

    target = tmp_path_factory.mktemp("clerk") / "os-demo"
    result = CliRunner().invoke(main, ["demo", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target


def test_an_adopted_action_plan_is_dated_as_adopted_not_by_the_newest_commit(cli, demo):
    out = demo / "output" / "clerk-hp"
    head = cli(demo, "handlingsplan", "build", "2022", "-o", str(out / "head"))
    assert head.exit_code == 0, head.output
    tag = "handlingsplan-2022/kommunestyre/2021-12-09"
    at_tag = cli(demo, "handlingsplan", "build", "2022", "--rev", tag, "-o", str(out / "tag"))
    assert at_tag.exit_code == 0, at_tag.output
    for name in (f"{STEM}-handlingsplan-2022-saksframlegg.docx", f"{STEM}-handlingsplan-2022.docx"):
        lines = text_in_order(out / "head" / name)
        assert dated(lines) == "15. oktober 2021"  # the proposal's commit, before the meetings; not «20. januar 2023»
        assert (out / "head" / name).read_bytes() == (out / "tag" / name).read_bytes()
    refused = cli(demo, "handlingsplan", "build", "2022", "--dato", "2023-02-01", "-o", str(out / "x"))
    assert refused.exit_code == 1 and "datoen fra behandlingen" in refused.output
    assert not (out / "x").exists()


def test_an_action_plan_not_yet_treated_takes_its_date_from_dato(cli, demo, tmp_path):
    work = tmp_path / "os"
    shutil.copytree(demo, work, symlinks=True)
    roll = cli(work, "handlingsplan", "rull", "2023")
    assert roll.exit_code == 0, roll.output
    subprocess.run(["git", "add", "plan"], cwd=work, check=True)
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "Forslag 2023"],
        cwd=work,
        check=True,
        env={
            **__import__("os").environ,
            "GIT_COMMITTER_DATE": "2022-10-03T10:00:00",
            "GIT_AUTHOR_DATE": "2022-10-03T10:00:00",
        },
    )
    plain = cli(work, "handlingsplan", "build", "2023", "-o", str(work / "o1"))
    assert plain.exit_code == 0, plain.output
    assert dated(text_in_order(work / "o1" / f"{STEM}-handlingsplan-2023-saksframlegg.docx")) == "3. oktober 2022"
    given = cli(work, "handlingsplan", "build", "2023", "--dato", "2022-10-20", "-o", str(work / "o2"))
    assert given.exit_code == 0, given.output
    assert dated(text_in_order(work / "o2" / f"{STEM}-handlingsplan-2023-saksframlegg.docx")) == "20. oktober 2022"


def test_the_annual_report_is_dated_by_what_it_reports(cli, demo):
    out = demo / "output" / "clerk-r"
    head = cli(demo, "build", "--rapport", "2021", "-o", str(out / "head"))
    assert head.exit_code == 0, head.output
    report, case = (
        out / "head" / f"{STEM}-arsrapport-2021.docx",
        out / "head" / f"{STEM}-arsrapport-2021-saksframlegg.docx",
    )
    # the newest value it shows was recorded 15 January 2022; HEAD is a commit of January 2023
    assert dated(text_in_order(report)) == "15. januar 2022" and dated(text_in_order(case)) == "15. januar 2022"
    given = cli(demo, "build", "--rapport", "2021", "--dato", "2022-02-03", "-o", str(out / "given"))
    assert given.exit_code == 0, given.output
    assert dated(text_in_order(out / "given" / f"{STEM}-arsrapport-2021.docx")) == "3. februar 2022"
    this_year = dt.date.today().year
    unfinished = cli(demo, "build", "--rapport", str(this_year), "-o", str(out / "now"))
    assert unfinished.exit_code == 1 and f"{this_year} er ikke omme ennå" in unfinished.output
    assert "Traceback" not in unfinished.output and not (out / "now").exists()


def test_the_report_says_in_words_what_a_number_cannot(cli, demo):
    out = demo / "output" / "clerk-w"
    for year in ("2021", "2022"):
        assert cli(demo, "build", "--rapport", year, "-o", str(out / year)).exit_code == 0
    lines = text_in_order(out / "2021" / f"{STEM}-arsrapport-2021.docx")
    text = "\n".join(lines)
    # never a negative count of passengers; two values give no projected number at all
    assert "−21" not in text and not re.search(r"om lag −", text)
    a32 = lines[lines.index(next(x for x in lines if x.startswith("A3.2 "))) + 2]
    assert "To målinger er for få" in a32 and "om lag" not in a32
    # the year with nothing reported: «ikke rapportert», not «0 kr» and a deviation of the whole sum
    economy = lines[lines.index("Økonomi") :]
    row_2020 = economy[economy.index("2020") : economy.index("2020") + 4]
    assert row_2020[2:] == ["ikke rapportert", "–"], row_2020
    t14 = lines[lines.index("T1.4") : lines.index("T1.5")]  # nothing reported on T1.4 in 2021
    assert t14[-1] == "–" and "0\u00a0kr" not in t14, t14
    assert "Blå:" not in text and "Oransje" not in text  # the chart has its legend in words
    # the indicator's source as in the plan
    assert "Kilde: SSB, tabell 13470." in text and "07979" not in text
    text_2022 = "\n".join(text_in_order(out / "2022" / f"{STEM}-arsrapport-2022.docx"))
    assert "når verdien 100 prosent før 2026" in text_2022  # a share never projected above 100 %
    assert not re.search(r"om lag 1\d\d i 2026", text_2022)


def test_ambitions_without_measurements_are_counted_apart():
    from workflow.followup.projection import NO_DATA, NOT_MEASURED, OFF_TRACK, ON_TRACK
    from workflow.followup.report import ambitions_sentence

    assert ambitions_sentence([NOT_MEASURED, NOT_MEASURED]) == "ingen av ambisjonene er målt ennå"
    assert (
        ambitions_sentence([ON_TRACK, OFF_TRACK, NO_DATA, NOT_MEASURED])
        == "1 av 4 ambisjoner er i rute, 1 er ikke i rute, 1 har for få målinger til å vurderes og 1 er ikke målt ennå"
    )


def test_recording_status_refuses_the_future_and_prints_amounts_in_norwegian(cli, demo, tmp_path):
    work = tmp_path / "os"
    shutil.copytree(demo, work, symlinks=True)
    before = (work / "plan/oppfolging/T1.2.yaml").read_bytes()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    future = cli(work, "rapporter", "T1.2", "--status", "pågår", "--andel", "90", "--dato", tomorrow)
    assert future.exit_code == 1 and "etter i dag" in future.output
    assert (work / "plan/oppfolging/T1.2.yaml").read_bytes() == before
    late = cli(
        work, "rapporter", "T1.2", "--status", "pågår", "--andel", "70", "--brukt", "45000", "--dato", "2022-11-30"
    )
    assert late.exit_code == 0, late.output
    assert "brukt 45\u00a0000\u00a0kr i 2022" in late.output and "30. november 2022" in late.output
    assert "datert før den nyeste i filen (31. desember 2022)" in late.output  # says where it went


def test_the_site_shows_the_status_from_the_follow_up(cli, demo, tmp_path):
    site = tmp_path / "site"
    result = cli(demo, "site", "-o", str(site))
    assert result.exit_code == 0, result.output
    pages = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html") if "versjoner" not in p.parts)
    row = re.search(r'id="T1\.1".*?</tr>', pages, re.S)
    assert row is not None
    assert "Pågår per 31.12.2022" in row.group(0) and "Planlagt" not in row.group(0)


def test_the_action_plan_as_pdf(cli, demo):
    out = demo / "output" / "clerk-pdf"
    result = cli(demo, "handlingsplan", "build", "2022", "--pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", str(out / f"{STEM}-handlingsplan-2022-saksframlegg.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Handlingsplan 2022" in text and "15. oktober 2021" in text
    head = (out / f"{STEM}-handlingsplan-2022.pdf").read_bytes()[:4096]
    assert head.startswith(b"%PDF") and b"pdfaid:part" in (out / f"{STEM}-handlingsplan-2022.pdf").read_bytes()


def test_dates_in_the_situation_analysis_are_norwegian_and_say_which_is_which(demo):
    from workflow.documents.situation import situation_context
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    text = "\n".join(text_in_order(demo / "output" / "os-staastedsanalyse.docx"))
    assert not re.search(r"\d{4}-\d\d-\d\d", text)  # «oppdatert 2025-02-20» is not Norwegian
    assert "Kilde: SSB, tabell 07459, oppdatert 20. februar 2025" in text
    # dated January 2020, quoting figures published in 2025: the text says which date is which
    assert "Analysen er datert januar 2020, men tallene er oppdatert senere" in text
    assert "publisert til og med 20. februar 2025" in text
    project, _ = load_project(WorkTree(demo))
    sources = [
        block["chart"].source
        for chapter in situation_context(project)["situation"]["chapters"]
        for block in chapter["blocks"]
        if block["chart"] is not None
    ]
    assert sources and not any(re.search(r"\d{4}-\d\d-\d\d", s) for s in sources)  # the source line on each chart


def test_a_data_label_inside_a_sentence_is_lower_case_but_names_keep_their_capital(demo):
    from workflow.text.wording import label_in_text

    plan = "\n".join(text_in_order(demo / "output" / f"{STEM}.docx"))
    assert "Figur: utviklingen for sysselsatte med arbeidssted i Os mot målet." in plan
    assert "utviklingen for Sysselsatte" not in plan
    assert label_in_text("Passasjerer på Røros lufthavn") == "passasjerer på Røros lufthavn"
    assert label_in_text("SSB-tall for Os") == "SSB-tall for Os"
    assert label_in_text("Os kommunes innbyggere", ("Os",)) == "Os kommunes innbyggere"


BOKMÅL_ONLY = ("ikke", "Sammendrag", "Ambisjoner", "tiltakene", "Kilde:", "Saksopplysninger", "Saksbehandler:", "ennå")


def test_a_nynorsk_plan_gets_nynorsk_follow_up_documents(cli, tmp_path):
    from conftest import ROOT, GitRepo

    root = tmp_path / "felles"
    shutil.copytree(ROOT / "tests/data/plans/felles-nynorsk", root)
    (root / ".gitignore").write_text("/output/\n")
    repo = GitRepo(root)
    repo.commit("Planen", "2019-01-10")
    for args in (
        ("T1", "--status", "pågår", "--andel", "30", "--brukt", "40000", "--dato", "2020-06-30"),
        ("A1", "--verdi", "420", "--år", "2019"),
        ("A1", "--verdi", "425", "--år", "2020"),
    ):
        assert cli(root, "rapporter", *args).exit_code == 0
    assert cli(root, "handlingsplan", "rull", "2021").exit_code == 0
    repo.commit("Status og handlingsplan", "2021-01-10")
    assert cli(root, "build", "--rapport", "2020", "-o", str(root / "out")).exit_code == 0
    assert cli(root, "handlingsplan", "build", "2021", "-o", str(root / "out")).exit_code == 0
    stem = "re-og-tonsberg-naeringsplan-2019-2022"
    report = text_in_order(root / "out" / f"{stem}-arsrapport-2020.docx")
    assert "Samandrag" in report and "Ambisjonar" in report
    assert dated(report) == "31. desember 2020"  # no later value recorded: the year's end, not the commit's day
    assert "I 2020 var det sett av 150\u00a0000\u00a0kr til tiltaka, og det er brukt 40\u00a0000\u00a0kr." in report
    assert any(line.startswith("Frå 410 i 2018 til 425 i 2020 har verdien auka med") for line in report)
    documents = {
        name: "\n".join(text_in_order(root / "out" / f"{stem}-{name}.docx"))
        for name in (
            "arsrapport-2020",
            "arsrapport-2020-saksframlegg",
            "handlingsplan-2021",
            "handlingsplan-2021-saksframlegg",
        )
    }
    for name, text in documents.items():
        found = [w for w in BOKMÅL_ONLY if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
        assert not found, (name, found)
    assert "Saksopplysningar" in documents["handlingsplan-2021-saksframlegg"]
    assert "vedtek handlingsplan 2021" in documents["handlingsplan-2021-saksframlegg"]
    # the chart's words (its alt text; the legend is drawn from the same labels)
    from workflow.followup.chart import indicator_chart

    doc = Document(str(root / "out" / f"{stem}-arsrapport-2020.docx"))
    descr = [d.get("descr") for d in doc.element.body.iter(qn("wp:docPr"))]
    assert len(descr) == 1 and "Held utviklinga fram i same takt" in descr[0]
    row = {"id": "A1", "indicator": "Nye føretak", "unit": "føretak", "points": [[2018, 410.0], [2020, 425.0]]}
    chart = indicator_chart(
        {**row, "target_point": None, "source": "SSB", "baseline": "", "target": "", "words": ""}, "nynorsk"
    )
    assert chart.series[0][0] == "Målte verdiar" and chart.source == "Kjelde: SSB"


def test_a_nynorsk_plan_gets_nynorsk_attachments(cli, demo, tmp_path):
    """The input attachment, the situation analysis and the invitation letter: the demo's plan
    written as nynorsk (målform) gets their fixed and generated words in nynorsk; the plan's
    own texts stay as written."""
    work = tmp_path / "os"
    shutil.copytree(demo, work, symlinks=True)
    plan_yaml = work / "plan" / "plan.yaml"
    plan_yaml.write_text("målform: nynorsk\n" + plan_yaml.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert cli(work, "build", "-o", str(out)).exit_code == 0
    assert cli(work, "build", "--invitasjon", "samling-1", "-o", str(out)).exit_code == 0
    attachment = text_in_order(out / f"{STEM}-innspill.docx")
    assert attachment[1] == "Innkomne innspel og merknadshandsaming" and "Tal på innspel" in attachment
    assert "Teke til følgje" in attachment and "Tatt til følge" not in attachment
    situation = text_in_order(out / "os-staastedsanalyse.docx")
    assert "Kjelder og merknader" in situation and "Kilder og merknader" not in situation
    assert any(line.startswith("Figur 1: ") and "Kjelde: SSB, tabell 07459" in line for line in situation)
    assert any(line.startswith("Analysen er datert januar 2020, men tala er oppdaterte seinare") for line in situation)
    letter = text_in_order(out / "os-invitasjon-samling-1.docx")
    assert "Føremålet med samlinga" in letter and "Med venleg helsing" in letter and "Med vennlig hilsen" not in letter
    plan = "\n".join(text_in_order(out / f"{STEM}.docx"))
    assert "Figur: utviklinga for sysselsatte med arbeidssted i Os mot målet. Kjelde: SSB, tabell 13470" in plan
