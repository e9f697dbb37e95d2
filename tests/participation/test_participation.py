"""Participation: workshops and invitations, the input register and its import, the public view
(anonymisation in every public output), the outcome ↔ change check, and the advance refusal
after the hearing. Real files, real git repositories, documents read back with python-docx."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from conftest import ROOT

XLSX = ROOT / "tests" / "data" / "os-innspill.xlsx"
OS_COLUMNS = (
    "mottatt=Tidspunkt,kanal=Kanal,avsendertype=Jeg svarer som,avsender=Navn,kan_navngis=Kan navngis,"
    "samling=Samling,tekst=Innspill,gjelder=Gjelder,versjon=Versjon"
)
PRIVATE_NAME = "Kari Testesen-Ærlig"
CONSENTING_NAME = "Per Samtykke Øvre"


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def empty_register(plan_dir: Path) -> Path:
    shutil.rmtree(plan_dir / "plan" / "innspill")
    return plan_dir


def submission(plan_dir: Path, sid: str, **fields) -> None:
    data = {
        "id": sid,
        "mottatt": sid[:10],
        "kanal": "høring",
        "avsendertype": "innbygger",
        "avsender": PRIVATE_NAME,
        "tekst": f"Jeg, {PRIVATE_NAME}, bor ved riksvei 3 og ønsker bedre veilys.",
        "sammendrag": "Ønsker bedre veilys langs riksvei 3.",
        "vurdering": "Veilys følges opp i trafikksikkerhetsplanen.",
        "utfall": "tatt til orientering",
    }
    data.update(fields)
    lines = []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        else:
            lines.append(f'{key}: "{value}"' if key != "mottatt" else f"{key}: {value}")
    (plan_dir / "plan" / "innspill" / f"{sid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the Os plan -----------------------------------------------------------------------------


def test_the_os_plan_has_its_workshops_and_an_illustrative_register(plan_dir):
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    project, warnings = load_project(WorkTree(plan_dir))
    assert not warnings
    first, second = project.workshops
    assert (first.date.isoformat(), first.time, first.place) == ("2020-02-06", "19:00–21:30", "Os samfunnshus")
    assert first.date.isoweekday() == 4  # a Thursday
    assert second.date.isocalendar()[:2] == (2020, 12) and second.date.isoweekday() == 4  # week 12
    subs = project.submissions
    assert 12 <= len(subs) <= 20 and all(s.example for s in subs)
    assert {s.channel for s in subs} >= {"samling", "nettskjema", "e-post", "sosiale medier", "høring"}
    assert all(s.outcome is not None and s.assessment for s in subs)
    private = [s for s in subs if s.sender_type == "innbygger"]
    assert private and all(re.fullmatch(r"Innbygger \d+", s.sender) for s in private)  # anonymised at source


def test_the_os_register_was_imported_from_the_shipped_xlsx(plan_dir, cli):
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    shipped, _ = load_project(WorkTree(plan_dir))
    target = empty_register(plan_dir)
    result = cli(target, "innspill", "importer", str(XLSX), "--eksempel", "--kolonner", OS_COLUMNS)
    assert result.exit_code == 0, result.output
    assert "16 nye innspill." in result.output
    imported, _ = load_project(WorkTree(target))
    assert [(s.id, s.import_key, s.sender, s.channel, s.version, s.concerns) for s in imported.submissions] == [
        (s.id, s.import_key, s.sender, s.channel, s.version, s.concerns) for s in shipped.submissions
    ]
    again = cli(target, "innspill", "importer", str(XLSX), "--eksempel", "--kolonner", OS_COLUMNS)
    assert again.exit_code == 0 and "0 nye innspill, 16 fantes fra før." in again.output


# --- import -----------------------------------------------------------------------------------

CSV_ROWS = [
    ["Tidspunkt", "Navn", "Jeg svarer som", "Innspill", "Gjelder"],
    ["20.05.2020 14:33", "Grønn Gårdsmat AS", "Bedrift", "Vi trenger kjølelager; «lokalmat» & <salg>.", "T1.4"],
    ["21.05.2020", "Innbygger 7", "Privatperson", "Bedre vei til Øvre Dalsbygda, takk.", ""],
]


def write_csv(path: Path, rows, *, separator: str, encoding: str, bom: bool = False) -> Path:
    text = "\r\n".join(separator.join(f'"{c}"' if separator in c else c for c in row) for row in rows) + "\r\n"
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.mark.parametrize(
    ("separator", "encoding", "bom"),
    [(";", "cp1252", False), (",", "utf-8", True), ("\t", "utf-8", False)],
    ids=["semicolon-cp1252", "comma-utf8-bom", "tab-utf8"],
)
def test_csv_import_detects_encoding_and_separator(plan_dir, cli, tmp_path, separator, encoding, bom):
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    target = empty_register(plan_dir)
    source = write_csv(tmp_path / "svar.csv", CSV_ROWS, separator=separator, encoding=encoding, bom=bom)
    result = cli(
        target,
        "innspill",
        "importer",
        str(source),
        "--kanal",
        "nettskjema",
        "--kolonner",
        "mottatt=Tidspunkt,avsender=Navn,avsendertype=Jeg svarer som,tekst=Innspill",
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (target / "plan/innspill").iterdir()) == [
        "2020-05-20-001.yaml",
        "2020-05-21-001.yaml",
    ]
    project, _ = load_project(WorkTree(target))
    first, second = project.submissions
    assert (first.sender, first.sender_type, first.channel, first.concerns) == (
        "Grønn Gårdsmat AS",
        "bedrift",
        "nettskjema",
        ("T1.4",),
    )
    assert first.text == "Vi trenger kjølelager; «lokalmat» & <salg>."
    assert (second.sender_type, second.text, second.outcome) == (
        "innbygger",
        "Bedre vei til Øvre Dalsbygda, takk.",
        None,
    )


def test_a_bad_row_is_reported_with_its_row_number_and_the_others_are_imported(plan_dir, cli, tmp_path):
    target = empty_register(plan_dir)
    rows = [
        *CSV_ROWS,
        ["31.02.2020", "Noen", "Privatperson", "Ugyldig dato.", ""],
        ["22.05.2020", "Lag", "Romvesen", "Ukjent type.", ""],
        ["23.05.2020", "", "Bedrift", "Uten navn.", ""],
    ]
    source = write_csv(tmp_path / "svar.csv", rows, separator=";", encoding="cp1252")
    result = cli(
        target,
        "innspill",
        "importer",
        str(source),
        "--kanal",
        "e-post",
        "--kolonner",
        "mottatt=Tidspunkt,avsender=Navn,avsendertype=Jeg svarer som,tekst=Innspill",
    )
    assert result.exit_code == 1
    assert f"{source}:4: feil: raden ble ikke importert: «31.02.2020» er ingen dato" in result.output
    assert f"{source}:5: feil: raden ble ikke importert: ukjent avsendertype «Romvesen»" in result.output
    assert f"{source}:6: feil: raden ble ikke importert: «avsender» (kolonnen «Navn») er tom" in result.output
    assert "2 nye innspill, 3 rader med feil." in result.output
    assert len(list((target / "plan/innspill").iterdir())) == 2
    again = cli(
        target,
        "innspill",
        "importer",
        str(source),
        "--kanal",
        "e-post",
        "--kolonner",
        "mottatt=Tidspunkt,avsender=Navn,avsendertype=Jeg svarer som,tekst=Innspill",
    )
    assert "0 nye innspill, 2 fantes fra før, 3 rader med feil." in again.output
    assert len(list((target / "plan/innspill").iterdir())) == 2


def test_a_bad_xlsx_row_is_reported_with_its_sheet_row(plan_dir, cli, tmp_path):
    from openpyxl import Workbook

    target = empty_register(plan_dir)
    book = Workbook()
    sheet = book.active
    sheet.append(["mottatt", "avsender", "tekst"])
    sheet.append([__import__("datetime").datetime(2020, 5, 20, 9, 0), "Os Bondelag", "Bra plan."])
    sheet.append([None, None, None])  # an empty row is skipped, not an error
    sheet.append(["i går", "Os Bondelag", "Dato som tekst."])
    book.save(tmp_path / "skjema.xlsx")
    result = cli(target, "innspill", "importer", str(tmp_path / "skjema.xlsx"), "--kanal", "nettskjema")
    assert result.exit_code == 1
    assert f"{tmp_path / 'skjema.xlsx'}:4: feil: raden ble ikke importert: «i går» er ingen dato" in result.output
    assert (target / "plan/innspill/2020-05-20-001.yaml").is_file()


def test_import_usage_and_file_problems(plan_dir, cli, tmp_path):
    target = empty_register(plan_dir)
    assert cli(target, "innspill", "importer", str(tmp_path / "mangler.csv")).exit_code == 2
    source = write_csv(tmp_path / "svar.csv", CSV_ROWS, separator=";", encoding="utf-8")
    result = cli(target, "innspill", "importer", str(source))
    assert result.exit_code == 1 and "mangler kolonne for «mottatt», «avsender», «tekst»" in result.output
    result = cli(target, "innspill", "importer", str(source), "--kolonner", "dato=Tidspunkt")
    assert result.exit_code == 1 and "ukjent felt «dato»" in result.output
    (tmp_path / "falsk.xlsx").write_bytes(b"PK\x03\x04 ikke en zip")
    result = cli(target, "innspill", "importer", str(tmp_path / "falsk.xlsx"))
    assert result.exit_code == 1 and "kan ikke leses som XLSX" in result.output
    assert not (target / "plan/innspill").exists()


def test_a_written_submission_reads_back_unchanged(tmp_path):
    from workflow.participation.importer import to_yaml
    from workflow.plan.participation import Submission
    from workflow.plan.yamlsafe import parse

    text = "Linje 1: NO, yes, 12:30\n- ikke en liste\r\nSiste «linje» & <b> 😀"
    record = {
        "id": "2020-05-20-001",
        "mottatt": __import__("datetime").date(2020, 5, 20),
        "kanal": "brev",
        "avsendertype": "innbygger",
        "avsender": "NO",
        "tekst": text,
        "gjelder": ["T1.1"],
        "importnøkkel": "sha256:x",
    }
    parsed = parse(to_yaml(record))
    assert not parsed.problems
    s = Submission.model_validate(parsed.data)
    assert (s.sender, s.text, s.concerns) == ("NO", text, ("T1.1",))


# --- the public view and anonymisation -------------------------------------------------------


def test_public_view_names_organisations_and_consenting_people_only():
    from workflow.participation.public import public_view
    from workflow.plan.participation import Submission

    base = {"id": "x1", "mottatt": "2020-05-20", "kanal": "høring", "tekst": f"Hilsen {PRIVATE_NAME}"}
    private = public_view(Submission.model_validate({**base, "avsendertype": "innbygger", "avsender": PRIVATE_NAME}))
    assert private["sender"] == "Privatperson" and PRIVATE_NAME not in str(private.values())
    consenting = public_view(
        Submission.model_validate(
            {**base, "avsendertype": "innbygger", "avsender": CONSENTING_NAME, "kan_navngis": True}
        )
    )
    assert consenting["sender"] == CONSENTING_NAME
    for kind in ("bedrift", "organisasjon", "offentlig organ", "politisk parti"):
        view = public_view(Submission.model_validate({**base, "avsendertype": kind, "avsender": "Os Bondelag"}))
        assert view["sender"] == "Os Bondelag"


def test_no_private_name_in_any_public_output(plan_dir, cli):
    submission(plan_dir, "2020-05-30-001")
    submission(
        plan_dir, "2020-05-30-002", avsender=CONSENTING_NAME, kan_navngis=True, tekst="Mer veilys.", sammendrag=None
    )
    out = plan_dir / "output"
    assert cli(plan_dir, "build").exit_code == 0
    assert cli(plan_dir, "build", "--invitasjon", "samling-1").exit_code == 0
    for fmt in ("markdown", "html"):
        assert cli(plan_dir, "build", "--format", fmt).exit_code == 0
    texts = {p.name: docx_text(p.read_bytes()) for p in out.glob("*.docx")}
    texts.update({p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix in (".md", ".html")})
    assert len(texts) == 7  # plan, saksframlegg, attachment, situation analysis, invitation, Markdown, HTML
    surname = PRIVATE_NAME.split()[1]
    for name, text in texts.items():
        assert surname not in text, name
    attachment = texts["os-naeringsplan-2020-2028-innspill.docx"]
    assert "Privatperson" in attachment and "Ønsker bedre veilys langs riksvei 3." in attachment
    assert CONSENTING_NAME in attachment and "Os Bondelag" in attachment and "Innlandet fylkeskommune" in attachment
    assert "Innbygger 4" not in attachment  # the Os register's private senders too


def test_the_attachment_and_the_saksframlegg_account_for_the_input(plan_dir, cli):
    assert cli(plan_dir, "build").exit_code == 0
    out = plan_dir / "output"
    attachment = docx_text((out / "os-naeringsplan-2020-2028-innspill.docx").read_bytes())
    assert "Innkomne innspill og merknadsbehandling" in attachment
    assert "illustrerende eksempler" in attachment
    for heading in ("Innspill fra samlingene (3)", "Innspill fra nettskjemaet (2)", "Høringsuttalelser (9)"):
        assert heading in attachment
    assert "Endret: T3.2" in attachment and "Delvis tatt til følge" in attachment
    case = docx_text((out / "os-naeringsplan-2020-2028-saksframlegg.docx").read_bytes())
    assert "\nMedvirkning\n" in case  # one section; «… og høring» once the hearing is held
    assert "Det er holdt to samlinger: 6. februar 2020 i Os samfunnshus, 19. mars 2020 i Os samfunnshus." in case
    assert "I alt er 16 innspill registrert og vurdert" in case
    assert re.search(r"Tiltak T3\.2: Kartlegge hull i mobildekningen.* \(2 innspill\)", case)
    vedlegg = case.split("Vedlegg\n", 1)[1].split("\nSaksopplysninger", 1)[0].splitlines()
    assert vedlegg == [
        "Strategisk næringsplan for Os kommune 2020–2028",
        "Ståstedsanalyse for næringslivet i Os kommune",  # by title, not file name (issue 21)
        "Innkomne innspill og merknadsbehandling",
    ]
    for name in ("os-naeringsplan-2020-2028-innspill.docx", "os-naeringsplan-2020-2028-saksframlegg.docx"):
        assert (out / name).read_bytes() == (out / name).read_bytes()
    first = (out / "os-naeringsplan-2020-2028-innspill.docx").read_bytes()
    assert cli(plan_dir, "build").exit_code == 0
    assert (out / "os-naeringsplan-2020-2028-innspill.docx").read_bytes() == first  # deterministic


def test_a_promised_attachment_that_does_not_exist_is_a_check_warning(plan_dir, cli):
    case = plan_dir / "plan" / "sak.yaml"
    text = case.read_text(encoding="utf-8").replace(
        "  - Innkomne innspill og merknadsbehandling\n",
        "  - Innkomne innspill og merknadsbehandling\n  - Ståstedsanalyse\n"
        "  - tittel: Kart over næringsarealer\n    fil: vedlegg/kart.pdf\n",
    )
    case.write_text(text, encoding="utf-8")
    result = cli(plan_dir, "check")
    assert result.exit_code == 0
    assert "vedlegget «Ståstedsanalyse» lages ikke av verktøyet og er ingen fil" in result.output
    assert "vedlegget «Kart over næringsarealer»: filen vedlegg/kart.pdf finnes ikke" in result.output
    assert cli(plan_dir, "check", "--strict").exit_code == 1
    (plan_dir / "vedlegg").mkdir()
    (plan_dir / "vedlegg" / "kart.pdf").write_bytes(b"%PDF-1.4\n")
    result = cli(plan_dir, "check")
    assert "Kart over næringsarealer" not in result.output
    assert cli(plan_dir, "build").exit_code == 0
    case_text = docx_text((plan_dir / "output/os-naeringsplan-2020-2028-saksframlegg.docx").read_bytes())
    vedlegg = case_text.split("Vedlegg\n", 1)[1].split("\nSaksopplysninger", 1)[0].splitlines()
    assert vedlegg == [
        "Strategisk næringsplan for Os kommune 2020–2028",
        "Ståstedsanalyse for næringslivet i Os kommune",
        "Innkomne innspill og merknadsbehandling",
        "Kart over næringsarealer",
    ]


def test_the_invitation_letter_for_the_first_workshop(plan_dir, cli):
    result = cli(plan_dir, "build", "--invitasjon", "samling-1")
    assert result.exit_code == 0, result.output
    data = (plan_dir / "output" / "os-invitasjon-samling-1.docx").read_bytes()
    text = docx_text(data)
    for piece in (
        "OS KOMMUNE",
        "Invitasjon til samling om ny strategisk næringsplan for Os kommune",
        "torsdag 6. februar 2020, kl. 19:00–21:30, Os samfunnshus",
        "Bakgrunn",
        "Formålet med samlingen",
        "Program",
        "Ståstedsanalysen: folketall",
        "Praktisk informasjon",
        "Påmelding innen 3. februar 2020",
        "Med vennlig hilsen",
        "Ordfører",
        "20. januar 2020",
    ):
        assert piece in text, piece
    # a letter is not a case document: a set of its own in the manifest (documents/outputs.py)
    files = json.loads((plan_dir / "output" / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert {name: entry["set"] for name, entry in files.items()} == {
        "os-invitasjon-samling-1.docx": "invitasjon-samling-1"
    }
    assert cli(plan_dir, "build", "--invitasjon", "samling-1").exit_code == 0
    assert (plan_dir / "output" / "os-invitasjon-samling-1.docx").read_bytes() == data  # deterministic
    result = cli(plan_dir, "build", "--invitasjon", "samling-9")
    assert result.exit_code == 1 and "ukjent samling «samling-9» (samlingene er: samling-1, samling-2)" in result.output


def test_references_in_the_register_are_checked(plan_dir, cli):
    submission(plan_dir, "2020-05-30-001", gjelder=["T9.9"], samling="samling-7", utfall="tatt til følge")
    result = cli(plan_dir, "check")
    assert result.exit_code == 1
    assert re.search(
        r"plan/innspill/2020-05-30-001\.yaml:\d+:\d+: feil: innspillet viser til samlingen «samling-7»", result.output
    )
    assert re.search(
        r"2020-05-30-001\.yaml:\d+:\d+: advarsel: innspillet viser til «T9\.9», som ikke finnes i planen", result.output
    )
    assert "«endret» nevner ingen punkter" in result.output


# --- the hearing: outcome ↔ change, unexplained changes, the advance refusal ------------------


@pytest.fixture
def heard(git_repo, cli):
    """The Os plan put on hearing, with one hearing statement that says it changed T1.1: the
    plan at the hearing has the draft wording of T1.1 (without the bullet for young farmers)."""
    path = git_repo.path
    for p in (path / "plan" / "innspill").glob("*.yaml"):
        if "versjon:" in p.read_text(encoding="utf-8") and p.name != "2020-05-20-001.yaml":
            p.unlink()
    area = path / "plan" / "satsingsomrader" / "innovativt-naeringsliv.yaml"
    final = area.read_text(encoding="utf-8")
    bullet = "      - eget opplegg for unge som vil starte i landbruket uten gård i familien\n"
    area.write_text(final.replace(bullet, ""), encoding="utf-8")
    git_repo.commit("Utkast", date="2020-04-20")
    for args in (
        ("prosjektgruppe", "--date", "2020-04-20"),
        ("formannskap", "--date", "2020-05-12"),
        ("horing", "--date", "2020-05-14", "--frist", "2020-06-05"),
    ):
        result = cli(path, "advance", *args)
        assert result.exit_code == 0, result.output
    return git_repo, area, final


def test_a_followed_submission_whose_items_did_not_change_is_a_warning(heard, cli):
    git_repo, area, final = heard
    result = cli(git_repo.path, "check")
    assert (
        "plan/innspill/2020-05-20-001.yaml: advarsel: utfallet er «delvis tatt til følge», men T1.1 er ikke endret siden horing/2020-05-14"
        in result.output
    )
    assert cli(git_repo.path, "check", "--strict").exit_code == 1
    area.write_text(final, encoding="utf-8")  # the merknadsbehandling changes T1.1
    result = cli(git_repo.path, "check", "--strict")
    assert result.exit_code == 0, result.output
    bad = git_repo.path / "plan/innspill/2020-05-20-001.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("versjon: horing/2020-05-14", "versjon: horing/2020-05-15"),
        encoding="utf-8",
    )
    assert "versjonen «horing/2020-05-15», som ikke finnes i git" in cli(git_repo.path, "check").output


def test_large_changes_after_the_hearing_that_no_submission_explains_are_listed(heard, cli):
    git_repo, area, final = heard
    text = final.replace(
        "    strategier: [S1.1]\n",
        "    strategier: [S1.1]\n  - id: T1.9\n    tekst: Nytt tiltak etter høringen.\n"
        "    ansvar: Rådmannen\n    fra: 2021\n    til: 2022\n    kostnad: 500000\n    strategier: [S1.1]\n",
        1,
    )
    area.write_text(text, encoding="utf-8")
    result = cli(git_repo.path, "check")
    assert (
        "advarsel: tiltak T1.9 er lagt til etter høringen (horing/2020-05-14), og ingen innspill forklarer endringen"
        in result.output
    )
    assert "T1.1 er lagt til" not in result.output and "T1.1 er ikke endret" not in result.output


def test_diff_shows_the_submissions_behind_a_change(heard, cli):
    git_repo, area, final = heard
    area.write_text(final, encoding="utf-8")
    result = cli(git_repo.path, "diff", "horing/2020-05-14", "--innspill")
    assert result.exit_code == 0
    # i10's readable diff: the item by id and words, the submissions under it, then its fields
    assert re.search(
        r"Endret tiltak T1\.1 «[^\n]*»\n +\(innspill: 2020-02-06-001, 2020-05-20-001\)\n +tekst:", result.output
    )
    plain = cli(git_repo.path, "diff", "horing/2020-05-14")
    assert "innspill:" not in plain.output
    page = cli(git_repo.path, "diff", "horing/2020-05-14", "--innspill", "--format", "html").output
    assert (
        "<em>(innspill: 2020-05-25-001)</em>" not in page
        and "<em>(innspill: 2020-02-06-001, 2020-05-20-001)</em>" in page
    )
    data = __import__("json").loads(
        cli(git_repo.path, "diff", "horing/2020-05-14", "--innspill", "--format", "json").output
    )
    assert data["innspill"]["T1.1"] == ["2020-02-06-001", "2020-05-20-001"]


def test_advance_after_the_hearing_refuses_while_a_statement_has_no_outcome(heard, cli):
    from workflow.process.tags import parse_message

    git_repo, area, final = heard
    area.write_text(final, encoding="utf-8")
    statement = git_repo.path / "plan/innspill/2020-05-20-001.yaml"
    statement.write_text(statement.read_text(encoding="utf-8").split("\nvurdering:")[0] + "\n", encoding="utf-8")
    submission(
        git_repo.path, "2020-05-30-001", kanal="e-post", vurdering=None, utfall=None
    )  # received during the hearing
    git_repo.commit("Høringsuttalelser registrert", date="2020-06-06")
    result = cli(git_repo.path, "advance", "kommunestyre", "--date", "2020-06-18")
    assert result.exit_code == 1
    assert "2 innspill fra høringen har ikke utfall ennå (2020-05-20-001, 2020-05-30-001)" in result.output
    assert git_repo.git("tag", "-l", "kommunestyre/*") == ""
    result = cli(
        git_repo.path, "advance", "kommunestyre", "--date", "2020-06-18", "--force", "Uttalelsene ble lagt fram i møtet"
    )
    assert result.exit_code == 0, result.output
    message = git_repo.git("tag", "-l", "--format=%(contents)", "kommunestyre/2020-06-18")
    assert "overstyrt: Uttalelsene ble lagt fram i møtet" in message
    assert parse_message(message).override == "Uttalelsene ble lagt fram i møtet"


def test_advance_passes_once_every_statement_has_an_outcome(heard, cli):
    git_repo, area, final = heard
    area.write_text(final, encoding="utf-8")
    git_repo.commit("Merknadsbehandling", date="2020-06-08")
    result = cli(git_repo.path, "advance", "kommunestyre", "--date", "2020-06-18")
    assert result.exit_code == 0, result.output
    message = git_repo.git("tag", "-l", "--format=%(contents)", "kommunestyre/2020-06-18")
    assert "overstyrt" not in message and "os-naeringsplan-2020-2028-innspill.docx" in message


def test_schemas_for_the_participation_files(cli, plan_dir):
    import json

    submission = json.loads(cli(plan_dir, "schema", "innspill").stdout)
    assert {"id", "mottatt", "kanal", "avsendertype", "avsender", "kan_navngis", "utfall", "endret"} <= set(
        submission["properties"]
    )
    workshops = json.loads(cli(plan_dir, "schema", "samlinger").stdout)
    assert list(workshops["properties"]) == ["samlinger"]


def test_check_finds_a_broken_participation_template(plan_dir, cli):
    document = docx.Document()
    document.add_paragraph("{{ attachment.title }} {{ ukjent_navn }}")
    document.save(str(plan_dir / "templates" / "innspill.docx"))
    document = docx.Document()
    document.add_paragraph("{{ workshop.place }} {% if %}")
    document.save(str(plan_dir / "templates" / "invitasjon.docx"))
    result = cli(plan_dir, "check")
    assert result.exit_code == 1
    assert (
        "templates/innspill.docx: feil: malen bruker navnet «ukjent_navn», som ikke finnes i dataene" in result.output
    )
    assert re.search(r"templates/invitasjon\.docx: feil: .+", result.output)


# --- the importer under hostile and large input (issue 20 §2, §3) ------------------------------


def plan_process(folder: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``plan ARGS`` as a fresh process in ``folder``: what a user runs, with a time limit so
    a hang fails the test instead of stopping the suite."""
    return subprocess.run(
        [sys.executable, "-m", "workflow", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_twenty_thousand_rows_of_one_date_import_in_seconds(plan_dir, tmp_path):
    """Ids for rows of one date were found by counting from 001 for every row (20,000 rows took
    minutes): now each serial is looked at once. A serial already taken in the register is
    skipped, and the first free one is used."""
    target = empty_register(plan_dir)
    (target / "plan/innspill").mkdir()
    submission(target, "2020-05-20-002")
    lines = ["mottatt;avsender;tekst"] + [f"20.05.2020;Avsender {i};Innspill nummer {i}." for i in range(20_000)]
    source = tmp_path / "mange.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    done = plan_process(target, "innspill", "importer", str(source), "--kanal", "nettskjema", "--dry-run")
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    written = [line.split("/")[-1] for line in done.stdout.splitlines() if line.startswith("Ville skrevet")]
    assert written[:3] == ["2020-05-20-001.yaml", "2020-05-20-003.yaml", "2020-05-20-004.yaml"]
    assert written[-1] == "2020-05-20-20001.yaml" and len(set(written)) == 20_000
    assert "20000 nye innspill." in done.stdout
    assert seconds < 20, f"20 000 rows took {seconds:.1f} s"


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_an_import_file_that_is_a_fifo_or_device_is_refused_without_waiting(plan_dir, tmp_path, kind):
    target = empty_register(plan_dir)
    path = tmp_path / "svar.csv"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    done = plan_process(target, "innspill", "importer", str(path), "--kanal", "nettskjema", timeout=30)
    assert done.returncode == 1, done.stderr
    what = "et navngitt rør (FIFO)" if kind == "fifo" else "en enhetsfil"
    assert f"{path} er {what}, ikke en vanlig fil; den leses ikke" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (target / "plan/innspill").exists()


def test_a_bom_followed_by_invalid_utf8_is_located(plan_dir, tmp_path):
    target = empty_register(plan_dir)
    source = tmp_path / "svar.csv"
    source.write_bytes(b"\xef\xbb\xbfmottatt;avsender;tekst\n2020-05-20;Ola;Bra\n2020-05-21;P\xe5l;Vei\n")
    done = plan_process(target, "innspill", "importer", str(source), "--kanal", "nettskjema")
    assert done.returncode == 1
    assert f"{source}:3: ugyldig tegnkoding: byte 0xE5 er ikke gyldig UTF-8" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (target / "plan/innspill").exists()


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        '<sheet name="Svar" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
    "xl/worksheets/sheet1.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>mottatt</t></is></c><c r="B1" t="inlineStr"><is><t>avsender'
        '</t></is></c><c r="C1" t="inlineStr"><is><t>tekst</t></is></c></row><row r="2"><c r="A2" t="inlineStr">'
        '<is><t>2020-05-20</t></is></c><c r="B2" t="inlineStr"><is><t>Os Bondelag</t></is></c><c r="C2" t="s">'
        "<v>0</v></c></row></sheetData></worksheet>"
    ),
}


def xlsx_with_shared_strings(path: Path, shared: bytes | None = None, *, huge: int = 0) -> Path:
    """A small real XLSX whose one shared string (the text of row 2) is ``shared``, or one
    string of ``huge`` bytes (written in pieces: the file stays about 1 MB)."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, text in XLSX_PARTS.items():
            out.writestr(name, text)
        if shared is not None:
            out.writestr("xl/sharedStrings.xml", shared)
            return path
        with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>'.encode())
            piece = b"a" * (1 << 20)
            for _ in range(huge // len(piece)):
                part.write(piece)
            part.write(b"</t></si></sst>")
    return path


def test_a_hand_made_xlsx_with_shared_strings_imports(plan_dir, tmp_path):
    """The XLSX the hostile cases below start from is read as Excel's own files are."""
    target = empty_register(plan_dir)
    shared = f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}"><si><t>Bra plan.</t></si></sst>'.encode()
    source = xlsx_with_shared_strings(tmp_path / "svar.xlsx", shared)
    done = plan_process(target, "innspill", "importer", str(source), "--kanal", "nettskjema")
    assert done.returncode == 0, done.stderr
    assert "tekst: Bra plan." in (target / "plan/innspill/2020-05-20-001.yaml").read_text(encoding="utf-8")


def test_an_xlsx_whose_shared_strings_unpack_to_a_gigabyte_is_refused(plan_dir, tmp_path):
    target = empty_register(plan_dir)
    source = xlsx_with_shared_strings(tmp_path / "bombe.xlsx", huge=1 << 30)
    assert source.stat().st_size < 3_000_000
    done = plan_process(target, "innspill", "importer", str(source), "--kanal", "nettskjema", timeout=60)
    assert done.returncode == 1, done.stderr
    assert f"{source} er for stor når den pakkes ut (over 200 MB)" in done.stderr
    assert "Traceback" not in done.stderr


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "hahahahahahahahahaha">'
    + b"".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode() for p, c in zip("abcdefgh", "bcdefghi"))
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&i;</t></si></sst>'
)


@pytest.mark.parametrize("kind", ["expansion", "external"])
def test_an_xlsx_with_entities_is_refused_and_nothing_is_read(plan_dir, tmp_path, kind):
    target = empty_register(plan_dir)
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIG-INNHOLD")
    if kind == "expansion":
        shared = LAUGHS
    else:
        shared = (
            f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file://{secret}">]>'
            f'<sst xmlns="{MAIN_NS}"><si><t>&x;</t></si></sst>'
        ).encode()
    source = xlsx_with_shared_strings(tmp_path / "entiteter.xlsx", shared)
    done = plan_process(target, "innspill", "importer", str(source), "--kanal", "nettskjema", timeout=60)
    assert done.returncode == 1, done.stderr
    assert "delen xl/sharedStrings.xml har en DTD (<!DOCTYPE>) med entiteter" in done.stderr
    assert "HEMMELIG" not in done.stdout + done.stderr and "Traceback" not in done.stderr
    assert not (target / "plan/innspill").exists()


def test_received_dates_outside_plausible_years_are_refused(plan_dir, cli, tmp_path):
    target = empty_register(plan_dir)
    rows = [["mottatt", "avsender", "tekst"], ["0001-01-01", "A", "Tidlig."], ["9999-12-31", "B", "Sent."]]
    rows.append(["2020-05-20", "C", "Riktig."])
    source = write_csv(tmp_path / "svar.csv", rows, separator=";", encoding="utf-8")
    result = cli(target, "innspill", "importer", str(source), "--kanal", "nettskjema")
    assert result.exit_code == 1
    assert f"{source}:2: feil: raden ble ikke importert: mottatt-datoen 0001-01-01 er utenfor 1900–2199" in (
        result.output
    )
    assert f"{source}:3: feil: raden ble ikke importert: mottatt-datoen 9999-12-31 er utenfor" in result.output
    assert sorted(p.name for p in (target / "plan/innspill").iterdir()) == ["2020-05-20-001.yaml"]
