"""plan advance / plan revise on real git repositories: the happy path, and every refusal
leaves the tags exactly as they were."""

from __future__ import annotations

import os

import pytest

from workflow.process.tags import parse_message

from support import advance, message, tags, walk


def refused(cli, repo, *args, match: str):
    before = tags(repo)
    result = advance(cli, repo, *args)
    assert result.exit_code == 1, result.output
    assert match in result.output
    assert "Traceback" not in result.output
    assert tags(repo) == before


def test_happy_path_through_every_stage(cli, git_repo, tmp_path):
    decision = tmp_path / "vedtak.md"
    decision.write_text("Kommunestyret vedtar planen slik den foreligger.\n\nTiltaksplanen rulleres årlig.\n")
    proposals = tmp_path / "forslag.yaml"
    proposals.write_text(
        "- tekst: Mål M1.3 tar også med naturbasert reiseliv.\n  fremmet_av: Sp\n  stemmer: Vedtatt 5–0\n"
        "- tekst: Næringsforumet starter i 2020.\n  fremmet_av: H\n  stemmer: Falt 2–3\n"
    )
    walk(cli, git_repo, until="høring")
    result = advance(
        cli,
        git_repo,
        "Kommunestyret",
        "--date",
        "2020-06-18",
        "--sak",
        "PS 30/20",
        "--vedtak-fil",
        str(decision),
        "--forslag-fil",
        str(proposals),
        "--votering",
        "Enstemmig",
    )
    assert result.exit_code == 0, result.output
    assert "Laget taggen kommunestyre/2020-06-18" in result.output
    assert tags(git_repo) == [
        "formannskap/2020-05-12",
        "horing/2020-05-14",
        "kommunestyre/2020-06-18",
        "prosjektgruppe/2020-04-20",
    ]
    head = git_repo.git("rev-parse", "HEAD")
    assert git_repo.git("rev-parse", "kommunestyre/2020-06-18^{commit}") == head
    assert git_repo.git("cat-file", "-t", "kommunestyre/2020-06-18") == "tag"  # annotated
    t = parse_message(message(git_repo, "kommunestyre/2020-06-18"))
    assert (t.stage, t.case_number, t.outcome, t.votes) == ("kommunestyre", "PS 30/20", "vedtatt", "Enstemmig")
    assert t.decision == "Kommunestyret vedtar planen slik den foreligger.\n\nTiltaksplanen rulleres årlig."
    assert [(p.by, p.votes) for p in t.proposals] == [("Sp", "Vedtatt 5–0"), ("H", "Falt 2–3")]
    assert len(t.documents) == 4 and all(
        len(h) == 64 for h in t.documents.values()
    )  # with the attachment and the situation analysis
    assert any(name.endswith("saksframlegg.docx") for name in t.documents)
    horing = parse_message(message(git_repo, "horing/2020-05-14"))
    assert horing.outcome == "på høring" and str(horing.deadline) == "2020-06-05"
    assert message(git_repo, "formannskap/2020-05-12").startswith("Formannskapet 12.05.2020: innstilling (PS 12/20)\n")


def test_dry_run_prints_exactly_what_it_would_write(cli, git_repo):
    result = advance(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20", "--dry-run")
    assert result.exit_code == 0, result.output
    assert tags(git_repo) == []
    head = git_repo.git("rev-parse", "HEAD")
    assert f"Ville laget taggen: prosjektgruppe/2020-04-20\npå commit: {head}\nmed meldingen:\n" in result.output
    shown = result.output.split("med meldingen:\n", 1)[1]
    advance(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20")
    assert message(git_repo, "prosjektgruppe/2020-04-20") + "\n" == shown  # (the helper strips the last newline)


def test_dry_run_and_refusals_leave_the_git_folder_alone(cli, git_repo):
    """Not even git's index is refreshed (git status would rewrite it after a touch)."""
    plan = git_repo.path / "plan/plan.yaml"
    index = git_repo.path / ".git/index"
    os.utime(plan, (1_700_000_000, 1_700_000_000))  # same content, other timestamp
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    assert advance(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20", "--dry-run").exit_code == 0
    assert cli(git_repo.path, "status").exit_code == 0
    assert advance(cli, git_repo, "kommunestyre", "--date", "2020-04-20").exit_code == 1
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    assert tags(git_repo) == []


@pytest.mark.parametrize("where", ["plan/plan.yaml", "plan/ny.yaml", "templates/saksframlegg.docx"])
def test_refuses_uncommitted_changes(cli, git_repo, where):
    path = git_repo.path / where
    with open(path, "ab") as f:
        f.write(b"\n# endret\n" if where.endswith(".yaml") else b"x")
    refused(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20", match=where)


def test_changes_outside_plan_and_templates_do_not_block(cli, git_repo):
    (git_repo.path / "notater.txt").write_text("utenfor planen\n")
    assert advance(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20").exit_code == 0


def test_refuses_a_plan_that_fails_strict_check(cli, git_repo):
    area = git_repo.path / "plan/satsingsomrader/innovativt-naeringsliv.yaml"
    text = area.read_text()
    assert "    kilde: Landbruksdirektoratet, søknader om produksjonstilskudd\n" in text
    area.write_text(text.replace("    kilde: Landbruksdirektoratet, søknader om produksjonstilskudd\n", ""))
    git_repo.commit("Ambisjon uten kilde")
    # Stage rules (issue 11 §6): a draft may carry warnings; the first political body may not.
    assert advance(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20").exit_code == 0
    refused(cli, git_repo, "formannskap", "--date", "2020-05-12", match="plan check --strict")


def test_refuses_unknown_skipped_and_out_of_order(cli, git_repo):
    refused(cli, git_repo, "bystyre", "--date", "2020-04-20", match="ukjent organ «bystyre»")
    refused(cli, git_repo, "kommunestyre", "--date", "2020-06-18", match="før Prosjektgruppen")
    walk(cli, git_repo, until="formannskap")
    refused(cli, git_repo, "prosjektgruppe", "--date", "2020-05-20", match="kommer før Formannskapet")
    refused(cli, git_repo, "formannskap", "--date", "2020-05-20", match="har allerede behandlet")
    refused(cli, git_repo, "kommunestyre", "--date", "2020-05-01", match="før forrige steg")
    refused(cli, git_repo, "formannskap", "--date", "2020-05-20", "--utfall", "vedtatt", match="passer ikke")


def test_refuses_a_commit_that_does_not_build_on_the_last_stage(cli, git_repo):
    first = git_repo.git("rev-parse", "HEAD")
    git_repo.write("plan/sak.yaml", (git_repo.path / "plan/sak.yaml").read_text() + "\n")
    git_repo.commit("Ny linje", date="2020-04-19")
    walk(cli, git_repo, until="formannskap")
    git_repo.git("checkout", "-q", "-b", "sidespor", first)
    refused(
        cli,
        git_repo,
        "kommunestyre",
        "--date",
        "2020-06-18",
        match="bygger ikke på forrige steg formannskap/2020-05-12",
    )


def test_an_unreadable_hand_made_tag_elsewhere_does_not_block(cli, git_repo):
    """A tag in the scheme whose message cannot be read is not used (status says so), so it
    cannot be «the previous stage» either; a readable one on another branch still blocks."""
    walk(cli, git_repo, until="prosjektgruppe")
    git_repo.git("checkout", "-q", "-b", "forsok")
    git_repo.commit("Forsøk", date="2020-04-21")
    git_repo.git("tag", "-a", "-m", "bare tull", "formannskap/2020-12-01")
    git_repo.git("checkout", "-q", "main")
    assert advance(cli, git_repo, "formannskap", "--date", "2020-05-12", "--dry-run").exit_code == 0
    git_repo.git("checkout", "-q", "forsok")
    assert advance(cli, git_repo, "formannskap", "--date", "2020-05-13").exit_code == 0
    git_repo.git("checkout", "-q", "main")
    refused(
        cli, git_repo, "formannskap", "--date", "2020-05-14", match="bygger ikke på forrige steg formannskap/2020-05-13"
    )


def test_adopted_plan_needs_plan_revise(cli, git_repo):
    walk(cli, git_repo)
    refused(cli, git_repo, "prosjektgruppe", "--date", "2021-03-02", match="plan revise")
    result = cli(git_repo.path, "revise", "--date", "2021-03-01", "--begrunnelse", "Årlig rullering")
    assert result.exit_code == 0, result.output
    assert "revisjon/2021-03-01" in tags(git_repo)
    assert advance(cli, git_repo, "prosjektgruppe", "--date", "2021-03-02").exit_code == 0
    again = cli(git_repo.path, "revise", "--date", "2021-03-03")
    assert again.exit_code == 1 and "ikke vedtatt" in again.output


def test_send_back_and_postponement(cli, git_repo):
    walk(cli, git_repo, until="prosjektgruppe")
    assert advance(cli, git_repo, "formannskap", "--date", "2020-05-12", "--utfall", "sendt tilbake").exit_code == 0
    refused(cli, git_repo, "formannskap", "--date", "2020-05-26", match="neste behandling må være i Prosjektgruppen")
    git_repo.write("plan/sak.yaml", (git_repo.path / "plan/sak.yaml").read_text() + "\n")
    git_repo.commit("Nytt utkast", date="2020-05-20")
    assert advance(cli, git_repo, "prosjektgruppe", "--date", "2020-05-20").exit_code == 0
    assert advance(cli, git_repo, "formannskap", "--date", "2020-05-26", "--utfall", "utsatt").exit_code == 0
    refused(cli, git_repo, "kommunestyre", "--date", "2020-06-18", match="utsatte saken")
    # the same body again the same day (after a break in the meeting) gets a numbered tag
    result = advance(cli, git_repo, "formannskap", "--date", "2020-05-26", "--sak", "PS 20/20")
    assert result.exit_code == 0, result.output
    assert "formannskap/2020-05-26-2" in tags(git_repo)
    assert advance(cli, git_repo, "kommunestyre", "--date", "2020-06-18").exit_code == 0


def test_refuses_an_existing_tag(cli, git_repo):
    git_repo.git("tag", "prosjektgruppe/2020-04-20")  # made by hand, lightweight
    refused(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20", match="finnes allerede")


@pytest.mark.parametrize("sak", ["-x", "a..b", "--upload-pack=x", "PS 1/20\n--x", " "])
def test_hostile_case_numbers(cli, git_repo, sak):
    refused(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20", f"--sak={sak}", match="ugyldig saksnummer")


@pytest.mark.parametrize("stage", ["--upload-pack=x", "-x", "a..b", "kommune styre", "../formannskap"])
def test_hostile_stage_names(cli, git_repo, stage):
    refused(cli, git_repo, "--date", "2020-04-20", "--", stage, match="organ")


def test_bad_input_files_and_dates(cli, git_repo, tmp_path):
    bad = tmp_path / "forslag.yaml"
    bad.write_text("- tekst: Et forslag\n  stemmer: 5-0\n  parti: Sp\n")
    refused(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20", "--forslag-fil", str(bad), match="forslag.yaml:")
    result = advance(cli, git_repo, "prosjektgruppe", "--date", "20.04.2020")
    assert result.exit_code == 2 and "ÅÅÅÅ-MM-DD" in result.output


@pytest.mark.parametrize(
    "text, says",
    [
        ("- tekst: ''\n", "forslag 1: kan ikke være tom"),
        ("- 5\n", "forslag 1: forventet felter (nøkkel: verdi)"),
        ("- tekst: Et forslag\n- tekst: Et til\n  parti: Sp\n", "forslag.yaml:3:3: forslag 2: ukjent felt «parti»"),
        ("- fremmet_av: Sp\n", "forslag 1: mangler feltet «tekst»"),
    ],
)
def test_bad_proposals_are_explained_in_norwegian(cli, git_repo, tmp_path, text, says):
    bad = tmp_path / "forslag.yaml"
    bad.write_text(text, encoding="utf-8")
    refused(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20", "--forslag-fil", str(bad), match=says)


@pytest.mark.parametrize("option", ["--vedtak-fil", "--forslag-fil"])
def test_missing_input_file_is_a_norwegian_usage_error(cli, git_repo, tmp_path, option):
    for path in (tmp_path / "finnes-ikke.md", tmp_path):
        result = advance(cli, git_repo, "prosjektgruppe", "--date", "2020-04-20", option, str(path))
        assert result.exit_code == 2, result.output
        assert str(path) in result.output and ("finnes ikke" in result.output or "er en mappe" in result.output)
        assert "does not exist" not in result.output and "is a directory" not in result.output
    assert tags(git_repo) == []


@pytest.mark.parametrize("option", ["--vedtak-fil", "--forslag-fil"])
def test_unreadable_input_file_is_refused_without_traceback(cli, git_repo, option):
    # /proc/self/mem exists but cannot be read from the start (EIO), even as root
    if not os.path.exists("/proc/self/mem"):
        pytest.skip("needs Linux /proc")
    refused(
        cli,
        git_repo,
        "prosjektgruppe",
        "--date",
        "2020-04-20",
        option,
        "/proc/self/mem",
        match="kunne ikke lese /proc/self/mem",
    )


def test_git_helpers_resolve_and_dirty_paths(git_repo):
    from workflow.process import git as g

    first = git_repo.git("rev-parse", "HEAD")
    git_repo.write("notater.txt", "x\n")
    second = git_repo.commit("Notat", date="2020-02-07")
    with g.open_repo(git_repo.path) as repo:
        assert g.resolve_commit(repo, "HEAD~1") == first and g.head_commit(repo) == second
        assert g.dirty_paths(repo, git_repo.path) == []
        git_repo.write("plan/ny.yaml", "a: 1\n")
        assert g.dirty_paths(repo, git_repo.path) == ["plan/ny.yaml"]
        assert not g.valid_tag_name(repo, "a..b") and not g.valid_tag_name(repo, "-x")


def test_an_adopted_unchanged_plan_builds_the_case_as_adopted(cli, git_repo, tmp_path):
    """A later commit (here a note outside plan/) does not re-date the adopted plan's case: the
    working tree builds exactly the documents recorded with the adoption. Once the plan itself
    changes, the case is no longer the adopted one."""
    import docx

    walk(cli, git_repo)
    git_repo.write("notater.txt", "referat fra oppstartsmøtet\n")
    git_repo.commit("Notater", date="2023-01-20")
    for args, out in ((["--rev", "kommunestyre/2020-06-18"], "vedtatt"), ([], "arbeidskopi")):
        result = cli(git_repo.path, "build", *args, "-o", str(tmp_path / out))
        assert result.exit_code == 0, result.output
    [case] = [p.name for p in (tmp_path / "vedtatt").glob("*-saksframlegg.docx")]
    built = {out: (tmp_path / out / case).read_bytes() for out in ("vedtatt", "arbeidskopi")}
    assert built["arbeidskopi"] == built["vedtatt"]
    header = docx.Document(str(tmp_path / "arbeidskopi" / case)).tables[0].rows[1].cells[1].text
    assert header != "20. januar 2023"

    plan = git_repo.path / "plan" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("fjellbygd", "fjellkommune", 1), encoding="utf-8")
    git_repo.commit("Visjonen endret etter vedtaket", date="2023-02-01")
    result = cli(git_repo.path, "build", "-o", str(tmp_path / "endret"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "endret" / case).read_bytes() != built["vedtatt"]
