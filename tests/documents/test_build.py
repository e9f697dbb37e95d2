"""`plan build` and the build API: file names, manifest, reproducible bytes, hostile text,
the saksframlegg for each body, atomic writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import docx
import pytest
import yaml

from workflow import __version__
from workflow.documents.build import FALLBACK_WHEN, build_documents, build_time, write_outputs
from workflow.documents.names import document_names
from workflow.errors import BuildError
from workflow.plan.load import load_project
from workflow.plan.model import Treatment
from workflow.plan.source import WorkTree
from workflow.participation.case import case_part

WHEN = dt.datetime(2020, 5, 12, 12, 0, tzinfo=dt.timezone.utc)
PLAN_NAME = "os-naeringsplan-2020-2028.docx"
CASE_NAME = "os-naeringsplan-2020-2028-saksframlegg.docx"
AREA_FILE = "plan/satsingsomrader/innovativt-naeringsliv.yaml"


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def texts(document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def edit_yaml(root: Path, rel: str, change) -> None:
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8")


def test_document_names_come_from_the_plan(plan_dir):
    project, _ = load_project(WorkTree(plan_dir))
    assert document_names(project.plan) == (PLAN_NAME, CASE_NAME)
    other = project.plan.model_copy(update={"title": "Kommunedelplan for idrett i Ås"})
    assert document_names(other)[0] == "os-kommunedelplan-2020-2028.docx"


def test_build_writes_both_documents_and_a_manifest(plan_dir, cli):
    result = cli(plan_dir, "build")
    assert result.exit_code == 0, result.output
    out = plan_dir / "output"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(
        [PLAN_NAME, CASE_NAME, PLAN_NAME.replace(".docx", "-innspill.docx"), "os-staastedsanalyse.docx"]
    )
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()
    project, _ = load_project(WorkTree(plan_dir))
    assert manifest["revision"] == "working tree" and manifest["plan_digest"] == project.digest
    # the digest recomputed here from the files on disk, not by the code under test
    expected = hashlib.sha256()
    files = [*(plan_dir / "plan").rglob("*.yaml"), *(plan_dir / "plan").rglob("*.json")]  # with the statistics
    for path in sorted(files, key=lambda p: p.relative_to(plan_dir).as_posix()):
        data = path.read_bytes()
        expected.update(f"{path.relative_to(plan_dir).as_posix()}\0{len(data)}\0".encode() + data)
    assert manifest["plan_digest"] == expected.hexdigest()
    assert manifest["tool"]["version"] == __version__
    text = (out / "manifest.json").read_text(encoding="utf-8")
    assert text == json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    case = read((out / CASE_NAME).read_bytes())
    assert "Saksframlegg" in texts(case) and "Rådmannens innstilling" in texts(case)
    plan = read((out / PLAN_NAME).read_bytes())
    assert plan.core_properties.created == FALLBACK_WHEN  # outside git: the fixed date


def test_two_builds_are_byte_identical(plan_dir, cli):
    cli(plan_dir, "build")
    first = {p.name: p.read_bytes() for p in (plan_dir / "output").iterdir()}
    cli(plan_dir, "build", "-o", str(plan_dir / "again"))
    second = {p.name: p.read_bytes() for p in (plan_dir / "again").iterdir()}
    assert first == second


def test_build_from_a_revision_uses_that_commit(git_repo, cli):
    commit = git_repo.git("rev-parse", "HEAD")
    edit_yaml(git_repo.path, "plan/plan.yaml", lambda d: d.update(tittel="Ny næringsplan for Os kommune"))
    result = cli(git_repo.path, "build", "--rev", commit, "-o", str(git_repo.path / "rev"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((git_repo.path / "rev" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["revision"] == commit and manifest["source"] == "git"
    plan = read((git_repo.path / "rev" / PLAN_NAME).read_bytes())
    assert "Strategisk næringsplan for Os kommune 2020–2028" in texts(plan)
    assert plan.core_properties.created == dt.datetime(2020, 2, 6, 11, 0, tzinfo=dt.timezone.utc)
    # The working tree build takes HEAD's date too, and its own (edited) text.
    assert build_time(git_repo.path) == dt.datetime(2020, 2, 6, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert cli(git_repo.path, "build").exit_code == 0
    assert "Ny næringsplan for Os kommune 2020–2028" in texts(read((git_repo.path / "output" / PLAN_NAME).read_bytes()))


def test_hostile_text_round_trips(plan_dir):
    hostile = "R&D <b>fet</b> \"sitat\" 'enkelt' æøå ÆØÅ 🎉\tfane"
    long_text = "ord " * 25_000 + "slutt"
    assert len(long_text) > 100_000

    def change(area):
        area["navn"] = hostile
        area["beskrivelse"] = long_text
        area["tiltak"][0]["ansvar"] = hostile
        area["tiltak"][0]["tekst"] = hostile
        area["ambisjoner"][0].pop("kilde")
        area["tiltak"][0].pop("finansiering")

    edit_yaml(plan_dir, AREA_FILE, change)
    project, _ = load_project(WorkTree(plan_dir))
    files = build_documents(project, plan_dir, when=WHEN, part=case_part)
    plan = read(files[PLAN_NAME])
    headings = [p.text for p in plan.paragraphs if p.style.name == "Heading 1"]
    assert f"Satsingsområde 1: {hostile}" in headings
    assert long_text in [p.text for p in plan.paragraphs]
    measure_row = next(row for table in plan.tables for row in table.rows if row.cells[0].text == "T1.1")
    assert measure_row.cells[2].text == hostile
    assert measure_row.cells[1].paragraphs[0].text == hostile
    assert "Finansiering: Ikke avklart" in [p.text for p in measure_row.cells[1].paragraphs]
    ambition_row = next(
        row for table in plan.tables for row in table.rows if row.cells[0].text.startswith("Aktive gårdsbruk")
    )
    assert ambition_row.cells[3].text == "–"
    case = read(files[CASE_NAME])
    assert not any("None" in t for t in texts(plan) + texts(case))


def test_empty_optional_sections_are_left_out(plan_dir):
    def change(plan):
        for key in ("sammendrag", "bakgrunn", "ståsted", "forrige_plan"):
            plan.pop(key)

    edit_yaml(plan_dir, "plan/plan.yaml", change)
    (plan_dir / "plan" / "sak.yaml").write_text("saksbehandler: Rådgiver\n", encoding="utf-8")
    project, _ = load_project(WorkTree(plan_dir))
    files = build_documents(project, plan_dir, when=WHEN, part=case_part)
    plan, case = read(files[PLAN_NAME]), read(files[CASE_NAME])
    h1 = [p.text for p in plan.paragraphs if p.style.name == "Heading 1"]
    assert "Sammendrag" not in h1 and "Bakgrunn" not in h1 and "Ståsted" not in h1
    assert "Visjon" in h1
    case_text = texts(case)
    assert "Vurdering" not in case_text
    # «Vedlegg» lists what is sent with the case, also when sak.yaml lists nothing (issue 21)
    assert case_text[case_text.index("Vedlegg") + 1] == "Strategisk næringsplan for Os kommune 2020–2028"
    assert "Strategisk næringsplan for Os kommune 2020–2028" in case_text  # the title defaults to the plan's
    assert not any("None" in t for t in texts(plan) + case_text)


def test_saksframlegg_after_the_executive_committee(plan_dir):
    project, _ = load_project(WorkTree(plan_dir))
    history = [
        Treatment.model_validate(
            {
                "organ": "formannskap",
                "dato": dt.date(2020, 5, 12),
                "sak": "PS 25/20",
                "utfall": "innstilling",
                "vedtak": "Kommunestyret vedtar planen med endringen om bredbånd.",
                "forslag": [
                    {"tekst": "Nytt tiltak om *bredbånd*.", "fremmet_av": "Senterpartiet", "stemmer": "Vedtatt 5–2"}
                ],
                "votering": "Innstillingen ble vedtatt 6–1.",
            }
        )
    ]
    changes = [{"område": "Rammebetingelser", "linjer": ["Nytt tiltak T3.9: Bredbånd til alle grender."]}]
    files = build_documents(project, plan_dir, when=WHEN, history=history, changes=changes, part=case_part)
    case = read(files[CASE_NAME])
    text = texts(case)
    for expected in (
        "Formannskapets innstilling",
        "Kommunestyret vedtar planen med endringen om bredbånd.",
        "Behandling i formannskapet 12.05.2020",
        "Forslag fra Senterpartiet:",
        "Nytt tiltak om bredbånd.",
        "Votering: Vedtatt 5–2",
        "Votering: Innstillingen ble vedtatt 6–1.",
        "Endringer siden forrige behandling",
        "Rammebetingelser",
        "Nytt tiltak T3.9: Bredbånd til alle grender.",
    ):
        assert expected in text, expected
    saksgang = next(t for t in case.tables if t.rows[0].cells[0].text == "Utvalg")
    rows = [[c.text for c in row.cells] for row in saksgang.rows[1:]]
    assert rows == [["Formannskapet", "12.05.2020", "PS 25/20"], ["Kommunestyret", "", ""]]
    headings = [p.text for p in case.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Formannskapets innstilling") < headings.index("Vedlegg")
    costs = next(t for t in case.tables if t.rows[0].cells[0].text == "År")
    from workflow.documents.context import cost_overview

    total = cost_overview(project.plan)["total_text"]
    assert [c.text for c in costs.rows[-1].cells] == ["Sum 2020–2028", "", total]


def test_unknown_body_is_refused(plan_dir):
    project, _ = load_project(WorkTree(plan_dir))
    with pytest.raises(BuildError, match="ukjent organ «bystyre»"):
        build_documents(project, plan_dir, when=WHEN, body="bystyre", part=case_part)


def test_failed_build_keeps_the_previous_documents(plan_dir, cli):
    assert cli(plan_dir, "build").exit_code == 0
    before = {p.name: p.read_bytes() for p in (plan_dir / "output").iterdir()}
    document = docx.Document(str(plan_dir / "templates" / "saksframlegg.docx"))
    document.add_paragraph("{{ case.saksbehandlr }}")
    document.save(str(plan_dir / "templates" / "saksframlegg.docx"))
    edit_yaml(plan_dir, "plan/plan.yaml", lambda d: d.update(tittel="Ny tittel"))
    result = cli(plan_dir, "build")
    assert result.exit_code == 1
    assert "saksbehandlr" in result.output and "saksframlegg.docx" in result.output
    after = {p.name: p.read_bytes() for p in (plan_dir / "output").iterdir()}
    assert after == before  # nothing half-written, no temporary files left


def test_write_outputs_is_atomic_per_file(tmp_path):
    manifest = write_outputs({"a.docx": b"1", "b.docx": b"22"}, tmp_path / "out", revision="abc", digest="d")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["files"]["b.docx"] == {"bytes": 2, "sha256": hashlib.sha256(b"22").hexdigest(), "set": "docx"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.docx", "b.docx", "manifest.json"]
    with pytest.raises(BuildError):
        write_outputs({"../x.docx": b""}, tmp_path / "out", revision="abc", digest="d")


def test_help_shows_examples(plan_dir, cli):
    result = cli(plan_dir, "build", "--help")
    assert result.exit_code == 0
    assert "plan build --pdf" in result.output and "--rev" in result.output


def test_plan_check_checks_the_templates(plan_dir, cli):
    assert cli(plan_dir, "check").exit_code == 0
    document = docx.Document(str(plan_dir / "templates" / "plan.docx"))
    document.add_paragraph("{% if false %}{{ plann.title }}{% endif %}")
    document.save(str(plan_dir / "templates" / "plan.docx"))
    document = docx.Document(str(plan_dir / "templates" / "saksframlegg.docx"))
    document.add_paragraph("{%p for t in treatments %}")
    document.add_paragraph("{{ t.desicion }}")
    document.add_paragraph("{%p endfor %}")
    document.save(str(plan_dir / "templates" / "saksframlegg.docx"))
    result = cli(plan_dir, "check")
    assert result.exit_code == 1
    assert "templates/plan.docx" in result.output and "«plann»" in result.output
    assert "templates/saksframlegg.docx" in result.output and "desicion" in result.output


def test_shipped_templates_pass_the_template_check(plan_dir):
    """`plan check` skips templates identical to the shipped ones; this is where they are checked."""
    from workflow.documents.build import template_problems
    from workflow.plan.load import load_project
    from workflow.plan.source import WorkTree

    project, _ = load_project(WorkTree(plan_dir))
    assert template_problems(project, plan_dir, skip_shipped=False, part=case_part) == []


def test_unwritable_output_is_explained_in_norwegian(plan_dir, cli):
    (plan_dir / "fil").write_text("ikke en mappe")
    result = cli(plan_dir, "build", "-o", str(plan_dir / "fil" / "ut"))
    assert result.exit_code == 1
    assert "kunne ikke skrive" in result.output and "en del av stien er en fil, ikke en mappe" in result.output
    assert "Not a directory" not in result.output
