"""plan arkiv: every stage tag of the Os demo as Fiks Arkiv packages, read back as an archive
would: validated against KS's schema (shipped in the package), checksums against the bytes,
screening of private senders, reproducible bytes, and the settings file's errors."""

from __future__ import annotations

import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner
from lxml import etree

from workflow.archive.validate import MESSAGE_SCHEMA

NS = {"a": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"}
STAGE_TAGS = ["prosjektgruppe/2020-04-20", "formannskap/2020-05-12", "horing/2020-05-14", "kommunestyre/2020-06-18"]
ACTION_TAGS = ["handlingsplan-2022/formannskap/2021-11-18", "handlingsplan-2022/kommunestyre/2021-12-09"]
PRIVATE_SENDERS = ["Innbygger 1", "Innbygger 2", "Innbygger 3", "Innbygger 4", "Innbygger 5", "Innbygger 6"]


def run(*args: str):
    from workflow.cli.main import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo(os_demo, tmp_path_factory):
    """The package of every stage tag of the shared Os demo (one PDF conversion per tag),
    written outside the repository, which stays unchanged."""
    out = tmp_path_factory.mktemp("arkiv") / "pakker"
    result = run("-C", str(os_demo.repo), "arkiv", "-o", str(out))
    assert result.exit_code == 0, result.output
    return os_demo.repo, out, result.output


def package(out: Path, tag: str) -> dict[str, bytes]:
    with zipfile.ZipFile(out / f"{tag.replace('/', '-')}.zip") as z:
        return {name: z.read(name) for name in z.namelist()}


def messages(files: dict[str, bytes]) -> dict[str, etree._Element]:
    return {p: etree.fromstring(d) for p, d in files.items() if p.endswith("/arkivmelding.xml")}


def test_the_schema_is_shipped_inside_the_package_with_its_licence():
    assert MESSAGE_SCHEMA.is_file()
    assert "MIT License" in (MESSAGE_SCHEMA.parent / "LICENSE").read_text(encoding="utf-8")
    assert not str(MESSAGE_SCHEMA).startswith(str(Path(__file__).parents[3] / "shared"))


def test_every_arkivmelding_of_every_stage_tag_is_valid_by_ks_schema(demo):
    repo, out, output = demo
    schema = xmlschema.XMLSchema(str(MESSAGE_SCHEMA))
    assert sorted(p.name for p in out.glob("*.zip")) == sorted(
        t.replace("/", "-") + ".zip" for t in STAGE_TAGS + ACTION_TAGS
    )
    for tag in STAGE_TAGS + ACTION_TAGS:
        assert tag in output
        msgs = messages(package(out, tag))
        assert msgs, tag
        for root in msgs.values():
            schema.validate(root)  # raises with the path and reason when invalid
        first = msgs[min(msgs)]
        assert first.find("a:mappe", NS).get("{http://www.w3.org/2001/XMLSchema-instance}type") == "saksmappe"
        keys = [k.text for k in first.iter("{*}noekkel")]
        assert tag in keys  # the tag name is the journalpost's external key


def test_a_missing_required_element_is_rejected_by_the_same_validator(demo):
    from workflow.archive.validate import problems

    repo, out, _ = demo
    files = package(out, "kommunestyre/2020-06-18")
    xml = files["01-saksframlegg/arkivmelding.xml"]
    assert problems(xml) == []
    root = etree.fromstring(xml)
    registration = root.find("a:registrering", NS)
    registration.remove(registration.find("a:tittel", NS))
    broken = etree.tostring(root)
    found = problems(broken)
    assert found and any("tittel" in line or "offentligTittel" in line for line in found), found
    assert not xmlschema.XMLSchema(str(MESSAGE_SCHEMA)).is_valid(broken)


def test_each_documents_checksum_matches_its_bytes_and_plan_verify_agrees(demo):
    repo, out, _ = demo
    for tag in STAGE_TAGS + ACTION_TAGS:
        files = package(out, tag)
        folder = next(p.split("/")[0] for p in files if p.startswith("01-") and p.endswith("/arkivmelding.xml"))
        xml = etree.fromstring(files[f"{folder}/arkivmelding.xml"])
        objects = list(xml.iter("{*}dokumentobjekt"))
        in_message = [p for p in files if p.startswith(folder + "/") and not p.endswith("arkivmelding.xml")]
        assert int(xml.findtext("a:antallFiler", namespaces=NS)) == len(objects) == len(in_message) > 0
        docx, pdfs = {}, {}
        for o in objects:
            data = files[f"{folder}/{o.findtext('a:referanseDokumentfil', namespaces=NS)}"]
            assert o.findtext("a:sjekksum", namespaces=NS) == hashlib.sha256(data).hexdigest()
            assert o.findtext("a:sjekksumAlgoritme", namespaces=NS) == "SHA256"
            assert int(o.findtext("a:filstoerrelse", namespaces=NS)) == len(data)
            name = o.findtext("a:filnavn", namespaces=NS)
            if name.endswith(".pdf"):
                assert data.startswith(b"%PDF-") and b"<pdfaid:part>2</pdfaid:part>" in data
                pdfs[name] = data
            else:
                docx[name] = o.findtext("a:sjekksum", namespaces=NS)
        check_normalised_pdf(next(d for n, d in pdfs.items() if "saksframlegg" in n), tag)
        recorded = git_tag_documents(repo, tag)
        assert docx == recorded  # the Word files are the ones the tag recorded ...
        result = run("-C", str(repo), "verify", tag)
        assert result.exit_code == 0 and f"OK {tag}" in result.output  # ... and plan verify rebuilds them


def check_normalised_pdf(data: bytes, tag: str) -> None:
    """The normalised PDF keeps its text, and its dates say the tag's day, consistently in the
    document information and the XMP metadata (as PDF/A requires)."""
    import pikepdf

    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Saksframlegg" in text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        created = str(pdf.docinfo["/CreationDate"])
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "/Filter" not in pdf.Root.Metadata  # PDF/A: readable metadata
    day = tag.rsplit("/", 1)[1]
    assert created.startswith("D:" + day.replace("-", "")), created
    assert f"<xmp:CreateDate>{day}T" in xmp


def git_tag_documents(repo: Path, tag: str) -> dict[str, str]:
    import yaml

    message = subprocess.run(
        ["git", "-C", str(repo), "tag", "-l", "--format=%(contents)", tag], capture_output=True, text=True, check=True
    ).stdout
    return yaml.safe_load(message.split("\n---\n", 1)[1])["dokumenter"]


def test_hearing_submissions_are_incoming_records_and_private_names_are_screened(demo):
    repo, out, _ = demo
    msgs = messages(package(out, "kommunestyre/2020-06-18"))
    incoming = {p: r for p, r in msgs.items() if "-innspill-" in p}
    assert len(incoming) == 9  # every submission received during the hearing, 20 May to 5 June
    screened = 0
    for root in incoming.values():
        reg = root.find("a:registrering", NS)
        assert reg.findtext("a:journalposttype/{*}kode", namespaces=NS) == "I"
        sender = reg.findtext("a:korrespondansepart/a:korrespondansepartNavn", namespaces=NS)
        public = reg.findtext("a:offentligTittel", namespaces=NS)
        if sender in PRIVATE_SENDERS:
            screened += 1
            assert (
                reg.findtext("a:skjerming/a:skjermingshjemmel", namespaces=NS)
                == "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"
            )
            assert reg.findtext("a:korrespondansepart/a:erSkjermet", namespaces=NS) == "true"
            assert "privatperson" in public and sender not in public
            assert reg.find("a:beskrivelse", NS) is None
        else:
            assert sender in public and reg.find("a:skjerming", NS) is None
    assert screened == 3  # Innbygger 4, 5 and 6
    for tag in STAGE_TAGS:  # no private name in any public field of any package
        for root in messages(package(out, tag)).values():
            public = " ".join(e.text or "" for e in root.iter("{*}offentligTittel", "{*}beskrivelse"))
            assert not any(name in public for name in PRIVATE_SENDERS), tag


def test_the_treatment_is_a_moetesak_with_its_case_number_and_decision(demo):
    repo, out, _ = demo
    msgs = messages(package(out, "kommunestyre/2020-06-18"))
    reg = msgs["02-motesak/arkivmelding.xml"].find("a:registrering", NS)
    assert reg.findtext("a:moetesakstype/{*}kode", namespaces=NS) == "PS"
    assert (reg.findtext("a:moetesaksaar", namespaces=NS), reg.findtext("a:moetesakssekvensnummer", namespaces=NS)) == (
        "2020",
        "30",
    )
    assert "Kommunestyret vedtar Strategisk næringsplan" in reg.findtext(
        "a:vedtak/a:vedtakstekst/{*}tekstInnhold", namespaces=NS
    )
    assert reg.findtext("a:vedtak/a:dato", namespaces=NS).startswith("2020-06-18")
    assert "kommunestyret 18.06.2020 (PS 30/20)" in reg.findtext("a:tittel", namespaces=NS)
    hearing = messages(package(out, "horing/2020-05-14"))
    assert not any("motesak" in p for p in hearing)  # the hearing is no meeting
    mappe = msgs["01-saksframlegg/arkivmelding.xml"].find("a:mappe", NS)
    assert (mappe.findtext("a:saksaar", namespaces=NS), mappe.findtext("a:sakssekvensnummer", namespaces=NS)) == (
        "2020",
        "123",
    )
    assert mappe.findtext("a:klassifikasjon/a:klasseID", namespaces=NS) == "U01"  # «arkiv» in plan/sak.yaml


def test_the_same_tag_gives_the_same_bytes_and_exported_tags_are_skipped(demo, tmp_path):
    repo, out, _ = demo
    tag = "formannskap/2020-05-12"
    result = run("-C", str(repo), "arkiv", "--rev", tag, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    name = tag.replace("/", "-")
    assert (tmp_path / f"{name}.zip").read_bytes() == (out / f"{name}.zip").read_bytes()
    for path in (out / name).rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / name / path.relative_to(out / name)).read_bytes(), path
    before = {p: p.stat().st_mtime_ns for p in out.glob("*.zip")}
    again = run("-C", str(repo), "arkiv", "-o", str(out))
    assert again.exit_code == 0 and "allerede eksportert" in again.output
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.zip")} == before


def test_each_action_plan_treatment_is_its_own_case_with_its_documents_and_moetesak(demo, tmp_path):
    repo, out, _ = demo
    for tag in ACTION_TAGS:
        msgs = messages(package(out, tag))
        assert sorted(msgs) == ["01-saksframlegg/arkivmelding.xml", "02-motesak/arkivmelding.xml"]
        first = msgs["01-saksframlegg/arkivmelding.xml"]
        mappe = first.find("a:mappe", NS)
        title = "Handlingsplan 2022 – Strategisk næringsplan for Os kommune 2020–2028"
        assert mappe.findtext("a:tittel", namespaces=NS) == title
        assert "handlingsplan-2022" in mappe.findtext("a:referanseEksternNoekkel/{*}noekkel", namespaces=NS)
        assert (mappe.findtext("a:saksaar", namespaces=NS), mappe.findtext("a:sakssekvensnummer", namespaces=NS)) == (
            "2020",
            "123",
        )  # no «arkivsak» in the demo's action plan tags: plan/sak.yaml's
        assert mappe.findtext("a:saksdato", namespaces=NS) == "2021-11-18"  # the action plan's first treatment
        reg = first.find("a:registrering", NS)
        assert reg.findtext("a:referanseEksternNoekkel/{*}noekkel", namespaces=NS) == tag
        described = [d.findtext("a:tittel", namespaces=NS) for d in reg.iterfind("a:dokumentbeskrivelse", NS)]
        assert described == [f"Saksframlegg: {title}", title]  # the case document, the action plan attached
    meeting = messages(package(out, ACTION_TAGS[1]))["02-motesak/arkivmelding.xml"].find("a:registrering", NS)
    assert (
        meeting.findtext("a:moetesaksaar", namespaces=NS),
        meeting.findtext("a:moetesakssekvensnummer", namespaces=NS),
    ) == (
        "2021",
        "60",
    )
    assert "Kommunestyret vedtar handlingsplan 2022" in meeting.findtext(
        "a:vedtak/a:vedtakstekst/{*}tekstInnhold", namespaces=NS
    )
    tag = ACTION_TAGS[0]  # the same tag again: the same bytes
    result = run("-C", str(repo), "arkiv", "--rev", tag, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    name = tag.replace("/", "-")
    assert (tmp_path / f"{name}.zip").read_bytes() == (out / f"{name}.zip").read_bytes()


def test_an_action_plan_tags_own_arkivsak_is_its_saksmappes_case_number(os_demo):
    import dataclasses

    from workflow.app.revision import repository
    from workflow.app.archive import action_line, load_config, prepare_action

    config = load_config(os_demo.repo)
    with repository(os_demo.repo) as repo:
        line = action_line(repo)
        tag = line[0]
        own = dataclasses.replace(tag, treatment=tag.treatment.model_copy(update={"archive_case": "21/300"}))
        stage = prepare_action(repo, os_demo.repo, own, line, config)  # the same documents, rebuilt and checked
    assert stage.case.archive_case == "21/300" and stage.case.key.endswith("-handlingsplan-2022/21/300")
    assert stage.case.title.startswith("Handlingsplan 2022 – ")
    assert [e.kind for e in stage.entries] == ["N", "møtesak"]


def test_a_missing_setting_is_a_norwegian_error_naming_the_key(os_demo, tmp_path):
    import shutil

    repo = tmp_path / "kopi"
    shutil.copytree(os_demo.repo, repo, symlinks=True)
    out = tmp_path / "pakker"
    settings = repo / "plan" / "arkiv.yaml"
    text = settings.read_text(encoding="utf-8")
    try:
        settings.write_text(text.replace("journalenhet: SENTRAL\n", ""), encoding="utf-8")
        result = run("-C", str(repo), "arkiv", "-o", str(out))
        assert result.exit_code == 1
        assert "plan/arkiv.yaml" in result.output and "mangler feltet «journalenhet»" in result.output
        assert "Traceback" not in result.output
        settings.write_text(text.replace("journalenhet: SENTRAL", "journalenhett: SENTRAL"), encoding="utf-8")
        check = run("-C", str(repo), "check")
        assert check.exit_code == 1 and "ukjent felt «journalenhett» – mente du «journalenhet»?" in check.output
        assert "plan/arkiv.yaml:" in check.output
        settings.unlink()
        result = run("-C", str(repo), "arkiv", "-o", str(out))
        assert result.exit_code == 1 and "fant ikke plan/arkiv.yaml" in result.output
    finally:
        settings.write_text(text, encoding="utf-8")
    assert not out.exists()  # nothing written


def test_a_folder_the_tool_did_not_write_is_never_replaced(demo, tmp_path):
    repo, out, _ = demo
    mine = tmp_path / "formannskap-2020-05-12"
    mine.mkdir()
    (mine / "notat.txt").write_text("mitt", encoding="utf-8")
    result = run("-C", str(repo), "arkiv", "--rev", "formannskap/2020-05-12", "-o", str(tmp_path))
    assert result.exit_code == 1 and "ikke en arkivpakke laget av «plan arkiv»" in result.output
    assert [p.name for p in mine.iterdir()] == ["notat.txt"]
    result = run("-C", str(repo), "arkiv", "--rev", "v1.0", "-o", str(tmp_path))
    assert result.exit_code == 1 and "ikke en behandlingstag" in result.output


def test_plan_init_writes_the_settings_and_plan_schema_describes_them(tmp_path):
    import json

    from workflow.archive.config import read_config

    result = run("init", str(tmp_path / "ny"), "--kommune", "Vinje", "--nummer", "4036")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ny" / "plan" / "arkiv.yaml").read_text(encoding="utf-8")
    config = read_config(text)
    assert config.registry_unit and config.screening.basis and "# Journalenheten" in text
    schema = json.loads(run("schema", "arkiv").output)
    assert {"arkivdel", "journalenhet", "saksbehandler", "skjerming"} <= set(schema["required"])
    check = run("-C", str(tmp_path / "ny"), "check", "--strict")
    assert check.exit_code == 0, check.output


def test_the_site_has_a_postliste_of_every_record_with_screened_entries_without_names(os_demo):
    import re
    from urllib.parse import urljoin

    site = os_demo.site
    page = (site / "postliste.html").read_text(encoding="utf-8")
    assert 'href="postliste.html"' in (site / "index.html").read_text(encoding="utf-8")  # in the menu
    rows = re.findall(r"<tr><td><time.*?</tr>", page)
    incoming = [r for r in rows if "Inngående dokument (I)" in r]
    assert len(incoming) == 16  # every submission of the demo's register, each once
    screened = [r for r in incoming if "Skjermet" in r]
    assert len(screened) == 6 and all("Innspill fra privatperson" in r for r in screened)
    assert not any(name in page for name in PRIVATE_SENDERS)
    assert "Innspill fra Os Bondelag" in page and "Møtesak" in page
    links = re.findall(r'href="(versjoner/[^"]+)"', page)
    assert links and all((site / urljoin("postliste.html", link)).is_file() for link in links)
    kommunestyre = [r for r in rows if "saksframlegg til kommunestyret" in r and "Handlingsplan" not in r][0]
    assert "18.06.2020" in kommunestyre and "Saksframlegget (Word" in kommunestyre


def test_the_postliste_lists_the_action_plan_treatments_as_archived(demo, os_demo):
    import html
    import re

    repo, out, _ = demo
    page = (os_demo.site / "postliste.html").read_text(encoding="utf-8")
    rows = [html.unescape(r) for r in re.findall(r"<tr><td><time.*?</tr>", page)]
    for tag in ACTION_TAGS:
        day = ".".join(reversed(tag.rsplit("/", 1)[1].split("-")))
        titles = [m.find("a:registrering/a:offentligTittel", NS).text for m in messages(package(out, tag)).values()]
        assert len(titles) == 2  # the saksframlegg and the møtesak
        for title in titles:
            (row,) = [r for r in rows if title in r]  # each record once, with the archive's public title
            assert day in row


def test_a_nynorsk_plans_records_are_titled_in_nynorsk_and_valid():
    import datetime as dt

    from workflow.archive.config import read_config
    from workflow.archive.journal import stage_entries
    from workflow.archive.message import CaseFacts, meeting_message
    from workflow.archive.validate import problems
    from workflow.plan.load import load_project
    from workflow.plan.model import Treatment
    from workflow.plan.source import WorkTree

    project, _ = load_project(WorkTree(Path(__file__).parents[1] / "data" / "plans" / "felles-nynorsk"))
    treatment = Treatment(
        organ="re-kommunestyre",
        dato=dt.date(2018, 6, 19),
        sak="PS 40/18",
        utfall="vedtatt",
        vedtak="Planen blir vedteken.",
    )
    entries = stage_entries(project, treatment, "re-kommunestyre/2018-06-19", "Kommunestyret i Re", "vedtar", None)
    (meeting,) = entries  # no documents recorded, no submissions: the meeting case alone
    assert "handsaming i Kommunestyret i Re 19.06.2018 (PS 40/18)" in meeting.title  # a proper name keeps its capitals
    from workflow.archive.config import TEMPLATE

    config = read_config(TEMPLATE)
    case = CaseFacts("felles", meeting.title, None, "U01", dt.date(2018, 6, 19), config)
    xml = meeting_message(case, meeting, "PS 40/18", None, treatment.decision, None)
    assert xml is not None and problems(xml) == []
    assert meeting_message(case, meeting, "sak førti", None, treatment.decision, None) is None  # no number to give


def test_a_shallow_clone_is_refused_with_the_fix(os_demo, tmp_path):
    clone = tmp_path / "grunn"
    subprocess.run(["git", "clone", "-q", "--depth", "1", os_demo.repo.as_uri(), str(clone)], check=True)
    (clone / "plan" / "arkiv.yaml").write_bytes((os_demo.repo / "plan" / "arkiv.yaml").read_bytes())
    result = run("-C", str(clone), "arkiv", "-o", str(tmp_path / "pakker"))
    assert result.exit_code == 1 and "git fetch --unshallow" in result.output, result.output
    assert not (tmp_path / "pakker").exists()
