"""Issue 24: proposals in a meeting that change the plan by id, walked through the real CLI in a
real git repository: shown before the vote (plan forslag vis, also as a Word redline), voted,
written and committed by plan advance, tagged, proven by plan verify, and read back from the
case documents. Refusals (conflicting, stale, invalid) leave the repository as it was."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from click.testing import CliRunner

from workflow.process.tags import parse_message

ROOT = Path(__file__).resolve().parents[2]

SP = """\
fremmet_av: Senterpartiet
tekst: Tiltaket om næringsforum (T1.3) får 200 000 kroner i året.
endringer:
  - sett: T1.3
    felt: kostnad
    verdi: 200 000
"""
H = """\
fremmet_av: Høyre
tekst: Tiltaket om næringsforum (T1.3) får 100 000 kroner i året.
endringer:
  - sett: T1.3
    felt: kostnad
    verdi: 100000
"""
AP = """\
fremmet_av: Arbeiderpartiet
tekst: "Nytt tiltak under S1.2: en årlig næringsfrokost."
endringer:
  - legg_til: tiltak
    under: SO1
    verdi:
      id: T1.9
      tekst: En årlig næringsfrokost for bedriftene i Os.
      ansvar: Rådmannen
      fra: 2021
      til: 2028
      kostnad: 10 000
      strategier: [S1.2]
"""
STALE = """\
fremmet_av: Fremskrittspartiet
tekst: Strategi S9.9 strykes.
endringer:
  - fjern: S9.9
"""
MEETING = """\
- fil: forslag/sp-1.yaml
  resultat: vedtatt
  for: 5
  mot: 2
  partier_for: [Sp, Ap]
  partier_mot: [H]
- fil: forslag/h-1.yaml
  resultat: falt
  for: 2
  mot: 5
- fil: forslag/ap-1.yaml
  resultat: vedtatt
  for: 7
  mot: 0
- tekst: Planen sendes tilbake til prosjektgruppen.
  fremmet_av: Rødt
  stemmer: Falt 1–6
"""


def git(root: Path, *args: str, date: str | None = None) -> str:
    env = None
    if date:
        import os

        env = dict(os.environ, GIT_AUTHOR_DATE=f"{date}T12:00:00+02:00", GIT_COMMITTER_DATE=f"{date}T12:00:00+02:00")
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=env).stdout.strip()


def plan(root: Path, *args: str):
    from workflow.cli.main import main

    return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)


def new_repo(root: Path) -> Path:
    shutil.copytree(ROOT / "plan", root / "plan")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / ".gitignore").write_text("/output/\n/out*/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Utkast", date="2020-04-20")
    (root / "forslag").mkdir()
    for name, text in (("sp-1", SP), ("h-1", H), ("ap-1", AP), ("frp-1", STALE)):
        (root / "forslag" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def document_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs).replace("\u00a0", " ")


def identity(mp: pytest.MonkeyPatch, home: Path) -> None:
    mp.setenv("HOME", str(home))
    mp.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    mp.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        mp.setenv(f"GIT_{who}_NAME", "Saksbehandler")
        mp.setenv(f"GIT_{who}_EMAIL", "post@os.kommune.no")


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    """The clerk's whole meeting, once: sent out, shown, voted, recorded, built, verified."""
    with pytest.MonkeyPatch.context() as mp:
        identity(mp, tmp_path_factory.mktemp("home"))
        root = new_repo(tmp_path_factory.mktemp("meeting") / "os")
        assert plan(root, "advance", "prosjektgruppe", "--date", "2020-04-20").exit_code == 0
        sent_out = plan(root, "build", "--for", "formannskap", "--møtedato", "2020-05-12", "--sak", "PS 12/20")
        assert sent_out.exit_code == 0, sent_out.output
        git(root, "add", "utsendt")
        git(root, "commit", "-q", "-m", "Saken sendt ut", date="2020-05-04")
        sent = git(root, "rev-parse", "HEAD")
        files = ["forslag/sp-1.yaml", "forslag/h-1.yaml", "forslag/ap-1.yaml"]
        shown = plan(root, "forslag", "vis", *files, "forslag/frp-1.yaml")
        redline = plan(root, "forslag", "vis", "forslag/sp-1.yaml", "--docx", str(root / "sp-1.docx"))
        (root / "møte.yaml").write_text(MEETING, encoding="utf-8")
        (root / "innstilling.md").write_text("Formannskapet rår kommunestyret til å vedta planen med endringene.\n")
        dry = plan(root, "advance", "formannskap", "--date", "2020-05-12", "--forslag-fil", "møte.yaml", "--dry-run")
        dry_head = git(root, "rev-parse", "HEAD")
        advanced = plan(
            root, "advance", "formannskap", "--date", "2020-05-12", "--forslag-fil", "møte.yaml",
            "--innstilling-fil", "innstilling.md",
        )  # fmt: skip
        assert advanced.exit_code == 0, advanced.output
        diff = plan(root, "diff", sent, "formannskap/2020-05-12", "--format", "json")
        built_next = plan(root, "build", "-o", str(root / "out-next"))
        assert built_next.exit_code == 0, built_next.output
        verified = plan(root, "verify")
        hand = _hand_edited(root, sent)
        yield SimpleNamespace(
            root=root, sent=sent, shown=shown, redline=redline, advanced=advanced, diff=diff, dry=dry, dry_head=dry_head,
            verified=verified, hand=hand,
        )  # fmt: skip


def _hand_edited(root: Path, sent: str):
    """The clerk's old way: the adopted proposals typed in by hand, and one more change that
    slipped in; tagged with the record of the real meeting. plan verify must name it."""
    git(root, "checkout", "-q", "-b", "hånd", sent)
    area = root / "plan/satsingsomrader/innovativt-naeringsliv.yaml"
    text = area.read_text(encoding="utf-8").replace("kostnad: 60000", "kostnad: 200000")
    text = text.replace("kostnad: 75000", "kostnad: 90000")  # T1.1: no proposal says so
    text += "  - id: T1.9\n    tekst: En årlig næringsfrokost for bedriftene i Os.\n    ansvar: Rådmannen\n"
    text += "    fra: 2021\n    til: 2028\n    kostnad: 10000\n    strategier: [S1.2]\n"
    area.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "Endringene fra møtet", date="2020-05-12")
    record = git(root, "for-each-ref", "--format=%(contents)", "refs/tags/formannskap/2020-05-12")
    subprocess.run(
        ["git", "tag", "-a", "-F", "-", "formannskap/2020-05-12-2"], cwd=root, input=record, text=True, check=True
    )
    result = plan(root, "verify", "formannskap/2020-05-12-2")
    git(root, "checkout", "-q", "main")
    return result


def test_vis_prints_each_effect_in_plan_diff_sentences_and_flags_alternatives(meeting):
    out = meeting.shown.output.replace("\u00a0", " ")  # amounts are written with no-break spaces
    assert "Forslag sp-1 fra Senterpartiet: Tiltaket om næringsforum (T1.3) får 200 000 kroner i året." in out
    assert "kostnad per år: 60 000 kr → 200 000 kr" in out  # plan diff's own words
    assert "kostnad per år: 60 000 kr → 100 000 kr" in out
    assert "+ Lagt til tiltak T1.9: En årlig næringsfrokost for bedriftene i Os." in out
    assert "Forslag sp-1 og h-1 endrer det samme (T1.3 kostnad) og settes opp mot hverandre." in out
    assert "Kan ikke brukes: forslag frp-1 (Fremskrittspartiet), endring 1: S9.9 finnes ikke i planen" in out
    assert meeting.shown.exit_code == 1  # the stale proposal


def test_vis_writes_the_proposal_as_word_tracked_changes(meeting):
    assert meeting.redline.exit_code == 0, meeting.redline.output
    xml = zipfile.ZipFile(io.BytesIO((meeting.root / "sp-1.docx").read_bytes())).read("word/document.xml").decode()
    xml = xml.replace("\u00a0", " ")
    inserted = "".join(part.split("</w:ins>")[0] for part in xml.split("<w:ins ")[1:])
    deleted = "".join(part.split("</w:del>")[0] for part in xml.split("<w:del ")[1:])
    assert 'w:author="Senterpartiet"' in xml
    assert "200 000" in inserted and "60 000" in deleted


def test_advance_writes_and_commits_the_amended_plan_then_tags_it(meeting):
    root = meeting.root
    assert "Laget taggen formannskap/2020-05-12" in meeting.advanced.output
    tagged = git(root, "rev-parse", "formannskap/2020-05-12^{commit}")
    assert git(root, "rev-parse", f"{tagged}~1") == meeting.sent  # one commit on the sent-out revision
    message = git(root, "log", "-1", "--format=%B", tagged)
    assert message.startswith("Formannskapet 12.05.2020 (PS 12/20): vedtatte endringsforslag sp-1, ap-1")
    assert "- sp-1 (Senterpartiet): Tiltaket om næringsforum (T1.3) får 200 000 kroner i året." in message
    assert message.endswith("Falt: h-1.")
    # only the touched lines of the one touched file; the proposal files were not committed
    assert git(root, "diff", "--numstat", meeting.sent, tagged) == (
        "9\t1\tplan/satsingsomrader/innovativt-naeringsliv.yaml"
    )
    diff = git(root, "diff", "-U0", meeting.sent, tagged)
    assert "-    kostnad: 60000\n+    kostnad: 200000" in diff and "+  - id: T1.9" in diff
    assert "?? forslag/" in git(root, "status", "--porcelain")
    treatment = parse_message(git(root, "for-each-ref", "--format=%(contents)", "refs/tags/formannskap/2020-05-12"))
    assert treatment.sent_revision == meeting.sent and treatment.amended_in_meeting is True
    assert [(p.id, p.result, p.votes_for, p.votes_against) for p in treatment.proposals] == [
        ("sp-1", "vedtatt", 5, 2),
        ("h-1", "falt", 2, 5),
        ("ap-1", "vedtatt", 7, 0),
        (None, None, None, None),
    ]
    assert treatment.proposals[0].parties_for == ("Sp", "Ap") and treatment.proposals[3].votes == "Falt 1–6"


def test_dry_run_shows_the_record_and_writes_nothing(meeting):
    assert meeting.dry.exit_code == 0, meeting.dry.output
    assert meeting.dry_head == meeting.sent  # no commit
    assert "ville blitt skrevet inn i planfilene og lagret i en ny commit" in meeting.dry.output
    assert "Ville laget taggen: formannskap/2020-05-12" in meeting.dry.output
    assert "utsendt_revisjon: " + meeting.sent in meeting.dry.output and "vedtatte_endringer:" in meeting.dry.output


def test_plan_diff_from_the_sent_out_to_the_tagged_revision_is_exactly_the_adopted_proposals(meeting):
    changes = json.loads(meeting.diff.output)["changes"]
    assert [(c["kind"], c["id"], c["field"], c["old"] if c["kind"] == "changed" else None) for c in changes] == [
        ("changed", "T1.3", "kostnad", 60000),
        ("added", "T1.9", None, None),
    ]


def test_case_documents_list_each_proposal_and_the_adopted_changes(meeting):
    from workflow.app.revision import load_at, repository
    from workflow.app.amendments import adopted_lines

    with repository(meeting.root) as repo:
        before = load_at(repo, meeting.root, meeting.sent)[0].plan
        after = load_at(repo, meeting.root, "formannskap/2020-05-12")[0].plan
    lines = [line.replace("\u00a0", " ") for line in adopted_lines(before, after)]  # sent out → tagged
    assert "Tiltak T1.3" in lines[0] and "fra 60 000 kr til 200 000 kr" in lines[0]
    for folder in ("out-next",):  # the case to the next body (formannskapet's own was sent out before the vote)
        text = document_text(next((meeting.root / folder).glob("*-saksframlegg.docx")))
        treatment = text.split("Behandling i formannskapet 12.05.2020", 1)[1]
        assert "Forslag fra Senterpartiet:\nTiltaket om næringsforum (T1.3) får 200 000 kroner i året." in treatment
        assert "Votering: Vedtatt 5–2 (for: Sp, Ap; mot: H)" in treatment
        assert "Forslag fra Høyre:" in treatment and "Votering: Falt 2–5" in treatment
        assert "Forslag fra Rødt:\nPlanen sendes tilbake til prosjektgruppen.\nVotering: Falt 1–6" in treatment
        listed = treatment.split("Endringer vedtatt i formannskapet\n", 1)[1].split("\nFormannskapets innstilling")[0]
        assert listed.split("\n") == lines


def test_verify_proves_the_tag_is_the_sent_out_plan_plus_the_adopted_proposals(meeting):
    assert meeting.verified.exit_code == 0, meeting.verified.output
    assert "OK formannskap/2020-05-12: 4 dokumenter som registrert" in meeting.verified.output


def test_verify_names_a_hand_edit_that_slipped_in(meeting):
    out = meeting.hand.output.replace("\u00a0", " ")
    assert meeting.hand.exit_code == 1
    assert "endret for hånd, ikke av et vedtatt forslag: Endret tiltak T1.1" in out and "kostnad per år" in out
    assert "T1.3" not in out.split("endret for hånd")[1]  # the adopted change is not a hand edit


# --- refusals: nothing written ----------------------------------------------------------------


def refused(root: Path, meeting_file: str, match: str) -> None:
    head, status = git(root, "rev-parse", "HEAD"), git(root, "status", "--porcelain")
    (root / "moete.yaml").write_text(meeting_file, encoding="utf-8")
    result = plan(root, "advance", "formannskap", "--date", "2020-05-12", "--forslag-fil", "moete.yaml")
    assert result.exit_code == 1, result.output
    assert match in result.output and "Traceback" not in result.output
    assert git(root, "rev-parse", "HEAD") == head and git(root, "tag") == ""
    expected = sorted([*status.splitlines(), "?? moete.yaml"])
    assert sorted(git(root, "status", "--porcelain").splitlines()) == expected


def test_two_adopted_alternatives_are_refused_before_anything_is_written(tmp_path):
    root = new_repo(tmp_path / "os")
    refused(
        root,
        "- fil: forslag/sp-1.yaml\n  resultat: vedtatt\n- fil: forslag/h-1.yaml\n  resultat: vedtatt\n",
        "forslag sp-1 (Senterpartiet) og forslag h-1 (Høyre) er begge vedtatt, men endrer det samme (T1.3 kostnad)",
    )


def test_a_stale_adopted_proposal_is_refused_before_anything_is_written(tmp_path):
    root = new_repo(tmp_path / "os")
    refused(
        root,
        "- fil: forslag/frp-1.yaml\n  resultat: vedtatt\n",
        "forslag frp-1 (Fremskrittspartiet), endring 1: S9.9 finnes ikke i planen (lenger)",
    )


def test_an_adopted_proposal_that_breaks_the_plan_is_refused(tmp_path):
    root = new_repo(tmp_path / "os")
    refused(
        root,
        "- tekst: Strategi S1.1 strykes.\n  resultat: vedtatt\n  endringer:\n    - fjern: S1.1\n",
        "forslag 1: planen blir ugyldig: tiltaket viser til strategien «S1.1», som ikke finnes",
    )


def test_proposal_files_are_checked_with_file_and_line(tmp_path):
    root = new_repo(tmp_path / "os")
    (root / "forslag/feil.yaml").write_text(
        "tekst: Noe\nendringer:\n  - sett: T1.3\n    felt: kostnad\n    fjern: T1\n"
    )
    result = plan(root, "forslag", "vis", "forslag/feil.yaml")
    assert result.exit_code == 1
    assert "forslag/feil.yaml:3:" in result.output
    assert "en endring må ha nøyaktig én av nøklene sett, legg_til, fjern eller flytt" in result.output
    (root / "forslag/feil.yaml").write_text(
        "tekst: Noe\nendringer:\n  - sett: T1.3\n    felt: kostnad\n    verdi: mye\n"
    )
    result = plan(root, "forslag", "vis", "forslag/feil.yaml")
    assert result.exit_code == 1 and "endring 1: kostnad: forventet et tall" in result.output
    (root / "møte.yaml").write_text("- fil: forslag/borte.yaml\n  resultat: vedtatt\n")
    result = plan(root, "forslag", "vis", "møte.yaml")
    assert result.exit_code == 1 and "forslagsfilen" in result.output and "borte.yaml finnes ikke" in result.output


# --- delmål and the main goal's indicators, by id ----------------------------------------------

MAIN_GOAL = """\
hovedmål:
  id: H1
  tekst: Flere arbeidsplasser i Os.
  indikatorer:
    - id: I1
      indikator: Sysselsatte med arbeidssted i Os
      enhet: personer
      målverdi: {verdi: 1900, år: 2028}
      kilde: SSB tabell 13470
    - id: I2
      indikator: Nyetablerte foretak
      enhet: foretak per år
      retning: økende
      kilde: Brønnøysundregistrene
"""
SUB_GOALS = """\
    delmål:
      - id: D1.1.1
        tekst: Alle gårdsbruk som skal drives videre, har en plan for generasjonsskifte.
      - id: D1.1.2
        tekst: Flere unge tar over gårdsbruk i Os.
"""
DELMAL = """\
fremmet_av: Senterpartiet
tekst: Delmålet om unge bønder flyttes til mål M1.2, foran det nye delmålet.
endringer:
  - legg_til: delmål
    under: M1.2
    verdi: {id: D1.2.1, tekst: Flere bedrifter deler kompetanse og utstyr.}
  - flytt: D1.1.2
    til: M1.2
    etter: D1.2.1
"""
INDIKATOR = """\
fremmet_av: Høyre
tekst: Indikatoren om sysselsatte får målverdien 2 000 personer.
endringer:
  - sett: I1
    felt: målverdi
    verdi: {verdi: 2000, år: 2028}
"""


@pytest.fixture(scope="module")
def nested(tmp_path_factory):
    """A plan with a main goal and delmål: a delmål proposal and an indicator proposal shown,
    adopted, written, committed, tagged and verified."""
    with pytest.MonkeyPatch.context() as mp:
        identity(mp, tmp_path_factory.mktemp("home"))
        root = new_repo(tmp_path_factory.mktemp("nested") / "os")
        with (root / "plan/plan.yaml").open("a", encoding="utf-8") as f:
            f.write(MAIN_GOAL)
        area = root / "plan/satsingsomrader/innovativt-naeringsliv.yaml"
        text = area.read_text(encoding="utf-8")
        area.write_text(text.replace("moderne driftsbygninger.\n", "moderne driftsbygninger.\n" + SUB_GOALS, 1))
        (root / "forslag/delmal.yaml").write_text(DELMAL, encoding="utf-8")
        (root / "forslag/indikator.yaml").write_text(INDIKATOR, encoding="utf-8")
        git(root, "commit", "-q", "-am", "Hovedmål og delmål", date="2020-04-20")
        sent = git(root, "rev-parse", "HEAD")
        assert plan(root, "advance", "prosjektgruppe", "--date", "2020-04-20").exit_code == 0
        shown = plan(root, "forslag", "vis", "forslag/delmal.yaml", "forslag/indikator.yaml")
        (root / "møte.yaml").write_text(
            "- fil: forslag/delmal.yaml\n  resultat: vedtatt\n- fil: forslag/indikator.yaml\n  resultat: vedtatt\n",
            encoding="utf-8",
        )
        advanced = plan(root, "advance", "formannskap", "--date", "2020-05-12", "--forslag-fil", "møte.yaml")
        assert advanced.exit_code == 0, advanced.output
        diff = plan(root, "diff", sent, "formannskap/2020-05-12")
        yield SimpleNamespace(root=root, sent=sent, shown=shown, diff=diff, verified=plan(root, "verify"))


def test_vis_shows_a_delmal_and_an_indicator_change_as_plan_diff_does(nested):
    out = nested.shown.output.replace("\u00a0", " ")
    assert nested.shown.exit_code == 0, out
    delmal, indikator = out.split("Forslag indikator fra Høyre:")
    # the delmål proposal: the goal it leaves and the goal it joins, after the new delmål
    assert "~ Endret mål M1.1 «Landbruket i Os er livskraftig" in delmal
    assert "~ Endret mål M1.2 «Bedriftene i Os fornyer seg" in delmal
    assert (
        "delmål: (tomt) → D1.2.1, Flere bedrifter deler kompetanse og utstyr., D1.1.2, Flere unge tar over gårdsbruk i Os."
        in delmal
    )
    # the indicator proposal: the main goal, in plan diff's words, only the target value changed
    assert "~ Endret planen\n" in indikator and "1 900 (2028)" in indikator and "2 000 (2028)" in indikator
    # what plan diff says between the sent-out and the tagged revision is what vis said
    diff = nested.diff.output.replace("\u00a0", " ")
    said = [line.strip() for line in out.splitlines() if line.strip().startswith(("~", "delmål:", "hovedmål:"))]
    assert len(said) == 6 and all(line in diff for line in said)


def test_advance_writes_delmal_and_indicator_changes_into_the_plan_files(nested):
    root, sent = nested.root, nested.sent
    tagged = git(root, "rev-parse", "formannskap/2020-05-12^{commit}")
    assert git(root, "rev-parse", f"{tagged}~1") == sent  # one commit with both proposals
    diff = git(root, "diff", "-U0", sent, tagged)
    assert "-      målverdi: {verdi: 1900, år: 2028}\n+      målverdi: {verdi: 2000, år: 2028}" in diff  # as written
    area = (root / "plan/satsingsomrader/innovativt-naeringsliv.yaml").read_text(encoding="utf-8")
    assert (
        "      kompetanse.\n    delmål:\n      - id: D1.2.1\n        tekst: Flere bedrifter deler kompetanse og utstyr.\n"
        "      - id: D1.1.2\n        tekst: Flere unge tar over gårdsbruk i Os.\n  - id: M1.3\n"
    ) in area
    assert area.count("D1.1.2") == 1
    assert git(root, "diff", "--numstat", sent, tagged).splitlines() == [
        "1\t1\tplan/plan.yaml",
        "5\t2\tplan/satsingsomrader/innovativt-naeringsliv.yaml",
    ]
    assert nested.verified.exit_code == 0, nested.verified.output
    assert "OK formannskap/2020-05-12" in nested.verified.output
    record = parse_message(git(root, "for-each-ref", "--format=%(contents)", "refs/tags/formannskap/2020-05-12"))
    moved = record.proposals[0].changes[1]
    assert (moved.target, moved.parent, moved.after) == ("D1.1.2", "M1.2", "D1.2.1")  # applied again by verify


def test_verify_names_a_hand_edit_of_a_delmal(nested, tmp_path, monkeypatch):
    root = nested.root
    identity(monkeypatch, tmp_path / "home")
    work = tmp_path / "os"
    git(tmp_path, "clone", "-q", str(root), str(work))
    git(work, "checkout", "-q", "-b", "hånd", "formannskap/2020-05-12")
    area = work / "plan/satsingsomrader/innovativt-naeringsliv.yaml"
    text = area.read_text(encoding="utf-8").replace("deler kompetanse og utstyr.", "deler kompetanse.")
    area.write_text(text, encoding="utf-8")
    git(work, "commit", "-q", "-am", "Etter møtet", date="2020-05-12")
    record = git(root, "for-each-ref", "--format=%(contents)", "refs/tags/formannskap/2020-05-12")
    subprocess.run(
        ["git", "tag", "-a", "-F", "-", "formannskap/2020-05-12-2"], cwd=work, input=record, text=True, check=True
    )
    result = plan(work, "verify", "formannskap/2020-05-12-2")
    assert result.exit_code == 1, result.output
    assert "endret for hånd, ikke av et vedtatt forslag: Endret mål M1.2" in result.output


# --- the model: what may stand where ----------------------------------------------------------

SMALL = {
    "kommune": {"navn": "Os", "nummer": "3430"},
    "tittel": "Næringsplan",
    "periode": {"fra": 2020, "til": 2028},
    "visjon": "Vekst.",
    "hovedmål": {"id": "H1", "tekst": "Flere jobber.", "indikatorer": [
        {"id": "I1", "indikator": "Sysselsatte", "enhet": "personer", "retning": "økende"},
        {"id": "I2", "indikator": "Foretak", "enhet": "antall", "retning": "økende"},
    ]},
    "satsingsområder": [
        {"id": "SO1", "navn": "A", "mål": [
            {"id": "M1", "tekst": "En", "delmål": [{"id": "D1", "tekst": "d1"}, {"id": "D2", "tekst": "d2"}]},
            {"id": "M2", "tekst": "To"},
        ]},
        {"id": "SO2", "navn": "B", "mål": [{"id": "M3", "tekst": "Tre"}]},
    ],
}  # fmt: skip


def amended(*changes: dict):
    from workflow.changes.amend import apply
    from workflow.plan.model import Plan, Proposal

    return apply(
        Plan.model_validate(SMALL), [Proposal.model_validate({"tekst": "F", "id": "F1", "endringer": list(changes)})]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"flytt": "D1", "til": "SO2"}, "målet SO2 finnes ikke i planen (SO2 er et satsingsområde)"),
        ({"flytt": "M2", "til": "M1"}, "satsingsområdet M1 finnes ikke i planen (M1 er et mål)"),
        ({"legg_til": "delmål", "under": "SO1", "verdi": {"id": "D9", "tekst": "x"}}, "målet SO1 finnes ikke"),
        ({"legg_til": "indikator", "under": "M1", "verdi": {"id": "I9"}}, "hovedmålet M1 finnes ikke i planen"),
        ({"flytt": "D1", "til": "M1"}, "D1 står allerede under M1; si hvor med «etter»"),
        ({"flytt": "D1", "til": "I1"}, "målet I1 finnes ikke i planen (I1 er en indikator)"),
        ({"flytt": "D1", "til": "M2", "etter": "D2"}, "D2 står ikke under M2"),
        ({"sett": "M1", "felt": "delmål", "verdi": []}, "«delmål» er punktene under M1"),
        ({"sett": "H1", "felt": "indikatorer", "verdi": []}, "«indikatorer» er punktene under H1"),
        ({"flytt": "H1", "til": "SO1"}, "et hovedmål kan ikke flyttes"),
        ({"sett": "I1", "felt": "retning", "verdi": "opp"}, "retning"),
    ],
)
def test_a_change_under_the_wrong_parent_is_refused_in_words(change, message):
    from workflow.errors import StageError

    with pytest.raises(StageError, match=re.escape(message)):
        amended(change)


def test_flytt_with_etter_gives_a_new_place_in_the_same_list_or_under_another_parent():
    after = amended({"flytt": "I1", "til": "H1", "etter": "I2"}, {"flytt": "D2", "til": "M1", "etter": "D1"})
    assert [i.id for i in after.main_goal.indicators] == ["I2", "I1"]
    after = amended({"flytt": "D1", "til": "M1", "etter": "D2"}, {"flytt": "M2", "til": "SO2", "etter": "M3"})
    assert [d.id for d in after.focus_areas[0].goals[0].sub_goals] == ["D2", "D1"]
    assert [g.id for g in after.focus_areas[1].goals] == ["M3", "M2"]
    after = amended({"legg_til": "delmål", "under": "M1", "verdi": {"id": "D9", "tekst": "d9"}, "etter": "D1"})
    assert [d.id for d in after.focus_areas[0].goals[0].sub_goals] == ["D1", "D9", "D2"]
    after = amended({"sett": "H1", "felt": "tekst", "verdi": "Mange flere jobber."}, {"fjern": "D1"})
    assert after.main_goal.text == "Mange flere jobber." and [
        d.id for d in after.focus_areas[0].goals[0].sub_goals
    ] == ["D2"]


def test_verify_accepts_the_adopted_changes_as_earlier_versions_recorded_them(tmp_path, monkeypatch):
    """A tag records the sentences of the tool that wrote it. Before 2026-12-07 a short text was
    written without quotes («… er endret fra Etablere … til Et næringsråd..»): the check of the
    adopted changes takes that record as true, and still names one that is not."""
    from dataclasses import replace

    from workflow.app.amendments import verify_amendments
    from workflow.process import git as g

    identity(monkeypatch, tmp_path / "home")
    root = new_repo(tmp_path / "os")
    (root / "forslag" / "tekst.yaml").write_text(
        "fremmet_av: Senterpartiet\ntekst: Kort og godt.\n"
        "endringer:\n  - sett: T1.3\n    felt: tekst\n    verdi: Et næringsråd.\n",
        encoding="utf-8",
    )
    (root / "møte.yaml").write_text("- fil: forslag/tekst.yaml\n  resultat: vedtatt\n", encoding="utf-8")
    assert plan(root, "advance", "prosjektgruppe", "--date", "2020-04-20").exit_code == 0
    done = plan(root, "advance", "formannskap", "--date", "2020-05-12", "--forslag-fil", "møte.yaml")
    assert done.exit_code == 0, done.output
    with g.open_repo(root) as repo:
        tag = next(t for t in g.stage_tags(repo) if t.name == "formannskap/2020-05-12")
        assert tag.treatment is not None and tag.treatment.adopted_changes is not None
        (line,) = tag.treatment.adopted_changes
        now = "«Etablere et næringsforum med fire bedriftsmøter i året, der bedriftene deler…» til «Et næringsråd.»"
        assert line.endswith(f"teksten er endret fra {now}")  # this version's words
        assert verify_amendments(repo, root, tag) == []

        def recorded_as(words: str) -> list:
            treatment = tag.treatment.model_copy(update={"adopted_changes": (line.replace(now, words),)})
            return verify_amendments(repo, root, replace(tag, treatment=treatment))

        earlier = "Etablere et næringsforum med fire bedriftsmøter i året, der bedriftene deler… til Et næringsråd.."
        assert recorded_as(earlier) == []  # the earlier words: «… til Et næringsråd..»
        wrong = recorded_as(earlier.replace("råd", "forum"))
        assert [m.problem for m in wrong] == ["«vedtatte_endringer» i taggen er ikke det forslagene endrer"]
