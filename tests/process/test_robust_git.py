"""Foreign and odd git state never stops the work (issue 12 §1): foreign tags, absurd tag
dates, shallow clones, git's revision syntax, two ``plan advance`` at once, tag messages that
would not survive the round trip, and dates far from today."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workflow.process import git as g
from workflow.process.tags import parse_message

HAZARDS = ("\x85", "\u2028", "\u2029", "\r", "\r\n", "\ufeff", "\n---\n", "---", "\n---", "...", "\t", "#", ": ", "- ")


def tags(repo) -> list[str]:
    out = repo.git("for-each-ref", "--format=%(refname:strip=2)", "refs/tags/")
    return sorted(out.split()) if out else []


def raw_tag(repo, name: str, commit: str, tagger: str, message: str) -> None:
    """A tag object written as git stores it, bypassing git tag's checks (absurd dates)."""
    body = f"object {commit}\ntype commit\ntag {name}\ntagger {tagger}\n\n{message}"
    done = subprocess.run(
        ["git", "hash-object", "-t", "tag", "-w", "--literally", "--stdin"],
        cwd=repo.path,
        input=body.encode(),
        capture_output=True,
        check=True,
    )
    repo.git("update-ref", f"refs/tags/{name}", done.stdout.decode().strip())


STAGE_MESSAGE = "Prosjektgruppen 20.04.2020: utkast\n\n---\norgan: prosjektgruppe\ndato: 2020-04-20\nutfall: utkast\n"


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# --- foreign tags and absurd dates -------------------------------------------------------------


def test_foreign_tags_and_absurd_dates_stop_no_command(cli, git_repo):
    head = git_repo.git("rev-parse", "HEAD")
    git_repo.git("tag", "v1.0")  # lightweight, outside the scheme
    git_repo.git("tag", "-a", "-m", "Release", "v2.0")
    raw_tag(git_repo, "v3.0", head, "A <a@b> 99999999999999999999 -9999", "absurd\n")
    raw_tag(git_repo, "prosjektgruppe/2020-04-20", head, "A <a@b> 253402300800 +0000", STAGE_MESSAGE)
    raw_tag(
        git_repo,
        "formannskap/2020-05-12",
        head,
        "A <a@b> 1589277600 +9999",
        STAGE_MESSAGE.replace("prosjektgruppe", "formannskap").replace("2020-04-20", "2020-05-12"),
    )
    tree = git_repo.git("rev-parse", "HEAD^{tree}")
    body = f"object {tree}\ntype tree\ntag kommunestyre/2020-06-18\ntagger A <a@b> 1 +0000\n\n{STAGE_MESSAGE}"
    made = subprocess.run(
        ["git", "hash-object", "-t", "tag", "-w", "--literally", "--stdin"],
        cwd=git_repo.path,
        input=body.encode(),
        capture_output=True,
        check=True,
    )
    git_repo.git("update-ref", "refs/tags/kommunestyre/2020-06-18", made.stdout.decode().strip())  # a tag of a tree
    for args in (
        ("log",),
        ("log", "--format", "json"),
        ("status",),
        ("verify",),
        ("check",),
        ("changelog",),
        ("verify", "kommunestyre/2020-06-18"),
        ("build", "--rev", "kommunestyre/2020-06-18"),
        ("diff", "v2.0"),
        ("diff", "--format", "json"),
        ("advance", "prosjektgruppe", "--date", "2020-04-21", "--dry-run"),
    ):
        result = cli(git_repo.path, *args)
        no_traceback(result)
        assert result.exit_code in (0, 1, 2), (args, result.output)  # 2: the usage message of plan diff
    log = cli(git_repo.path, "log")
    assert log.exit_code == 0
    assert "etter år 9999" in log.output  # the stage tag is reported as unreadable, with why
    assert "ugyldig tidssone" in log.output
    assert "v1.0" not in log.output and "v3.0" not in log.output  # only stage tags are read


def test_a_stage_tag_with_an_unreadable_date_does_not_count(git_repo):
    head = git_repo.git("rev-parse", "HEAD")
    raw_tag(git_repo, "prosjektgruppe/2020-04-20", head, "A <a@b> 253402300800 +0000", STAGE_MESSAGE)
    repo = g.open_repo(git_repo.path)
    try:
        (tag,) = g.stage_tags(repo)
    finally:
        repo.close()
    assert tag.error and "9999" in tag.error
    assert tag.tagged is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1589277600 +0200", dt.datetime(2020, 5, 12, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
        ("1589277600 -0130", dt.datetime(2020, 5, 12, 8, 30, tzinfo=dt.timezone(-dt.timedelta(hours=1, minutes=30)))),
        ("253402300799 +0000", dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc)),  # the last second
    ],
)
def test_tagger_dates_read_exactly(raw, expected):
    assert g.tagger_date(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["253402300800 +0000", "1 +9999", "1 +0060", "99999999999999999999 -0000", "x"])
def test_tagger_dates_outside_python_are_reasons_not_crashes(raw):
    when, why = g.tagger_date(raw)
    assert when is None and why


NAME_PART = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=12).filter(
    lambda s: not s.startswith((".", "-")) and not s.endswith((".", ".lock")) and ".." not in s
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(
        st.builds(lambda a, b: f"{a}/{b}" if b else a, NAME_PART, st.one_of(st.none(), NAME_PART)),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    message=st.text(max_size=200).filter(lambda s: "\x00" not in s),
    seconds=st.integers(min_value=0, max_value=10**19),
    zone=st.integers(min_value=0, max_value=9999),
)
@example(names=["v1.0", "formannskap/2020-13-45"], message="---\norgan: formannskap\n", seconds=10**19, zone=9999)
@example(names=["prosjektgruppe/2020-04-20-1"], message="\x85\u2028\u2029", seconds=0, zone=0)
def test_arbitrary_foreign_tags_never_break_reading(git_repo, names, message, seconds, zone):
    head = git_repo.git("rev-parse", "HEAD")
    git_repo.git("tag", "-l")
    for ref in git_repo.git("for-each-ref", "--format=%(refname)", "refs/tags/").split():
        git_repo.git("update-ref", "-d", ref)
    made = []
    for name in names:
        try:
            raw_tag(git_repo, name, head, f"A <a@b> {seconds} +{zone:04d}", message)
        except subprocess.CalledProcessError:
            continue  # a name git refuses as a ref cannot exist in a repository
        made.append(name)
    repo = g.open_repo(git_repo.path)
    try:
        found = g.stage_tags(repo)
    finally:
        repo.close()
    from workflow.process.tags import parse_tag

    assert {t.name for t in found} == {n for n in made if parse_tag(n) is not None}


# --- revisions git accepts --------------------------------------------------------------------


@pytest.mark.parametrize(
    "rev", ["main@{1.day.ago}", "HEAD@{1}", "HEAD@{0}", "main@{1 day ago}", "1" * 40, "HEAD~5", "main^{tree}"]
)
def test_revision_syntax_is_read_or_refused_in_norwegian(cli, git_repo, rev):
    result = cli(git_repo.path, "build", "--rev", rev, "-o", str(git_repo.path / "ut"))
    no_traceback(result)
    assert result.exit_code in (0, 1)
    if result.exit_code:
        assert "revisjonen" in result.output


def test_a_reflog_revision_is_read(cli, git_repo):
    git_repo.write("plan/notat.txt", "x")
    git_repo.commit("second", date="2020-03-01")
    result = cli(git_repo.path, "diff", "HEAD@{1}", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output


def test_a_tag_pointing_at_a_missing_object_is_refused(cli, git_repo):
    missing = "0123456789abcdef0123456789abcdef01234567"
    (git_repo.path / ".git" / "refs" / "tags").mkdir(parents=True, exist_ok=True)
    (git_repo.path / ".git" / "refs" / "tags" / "borte").write_text(missing + "\n")
    result = cli(git_repo.path, "build", "--rev", "borte", "-o", str(git_repo.path / "ut"))
    no_traceback(result)
    assert result.exit_code == 1
    assert "borte" in result.output
    log = cli(git_repo.path, "log")
    no_traceback(log)


# --- shallow clones ---------------------------------------------------------------------------


@pytest.fixture
def shallow(git_repo, cli, tmp_path):
    """A clone with --depth 1 of a repository with two stage tags (as CI makes it)."""
    assert cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20").exit_code == 0
    git_repo.write("plan/notat.txt", "ny runde")
    git_repo.commit("Etter prosjektgruppen", date="2020-05-01")
    assert cli(git_repo.path, "advance", "formannskap", "--date", "2020-05-12", "--sak", "PS 12/20").exit_code == 0
    git_repo.write("plan/notat.txt", "etter formannskapet")
    git_repo.commit("Etter formannskapet", date="2020-05-13")
    clone = tmp_path / "klone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{git_repo.path}", str(clone)], check=True
    )
    subprocess.run(["git", "fetch", "-q", "--depth", "1", "origin", "refs/tags/*:refs/tags/*"], cwd=clone, check=True)
    assert (
        subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository"], cwd=clone, capture_output=True, text=True
        ).stdout.strip()
        == "true"
    )
    return clone


def test_shallow_clone_refuses_advance_and_revise_with_the_fix(cli, shallow):
    before = subprocess.run(["git", "tag"], cwd=shallow, capture_output=True, text=True).stdout
    for args in (
        ("advance", "kommunestyre", "--date", "2020-06-18"),
        ("revise", "--date", "2020-07-01"),
        ("handlingsplan", "advance", "2021", "formannskap", "--date", "2020-11-18"),  # i15's yearly action plan
    ):
        result = cli(shallow, *args)
        no_traceback(result)
        assert result.exit_code == 1
        assert "git fetch --unshallow" in result.output
    assert subprocess.run(["git", "tag"], cwd=shallow, capture_output=True, text=True).stdout == before


def test_shallow_clone_log_status_verify_say_the_history_is_incomplete(cli, shallow):
    for args in (("log",), ("status",)):
        result = cli(shallow, *args)
        no_traceback(result)
        assert "Historikken er ufullstendig" in result.output, args
        assert "git fetch --unshallow" in result.output
    verify = cli(shallow, "verify")
    no_traceback(verify)
    assert verify.exit_code == 1
    assert "ufullstendig" in verify.output
    assert "AVVIK" not in verify.output  # no false deviations


def test_full_history_has_no_incomplete_note(cli, git_repo):
    assert "ufullstendig" not in cli(git_repo.path, "log").output
    assert "ufullstendig" not in cli(git_repo.path, "status").output


# --- two plan advance at once ------------------------------------------------------------------


def _plan(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workflow", "-C", str(folder), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_advances_at_once_exactly_one_wins(git_repo):
    # Sequentially the second is refused (the body has treated the plan in this round);
    # at once, without the lock, both would pass the checks and two tags would appear.
    first = _plan(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20")
    second = _plan(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-21")
    outs = [p.communicate(timeout=120) for p in (first, second)]
    codes = sorted(p.returncode for p in (first, second))
    assert codes == [0, 1], outs
    assert len([t for t in tags(git_repo) if t.startswith("prosjektgruppe/")]) == 1
    assert all("Traceback" not in err for _, err in outs)


def test_advance_waits_for_and_is_refused_by_a_held_lock(cli, git_repo, monkeypatch):
    import workflow.process.git as gitmod

    repo = g.open_repo(git_repo.path)
    real = gitmod.stage_lock
    monkeypatch.setattr(gitmod, "stage_lock", lambda r, wait=30.0: real(r, wait=0.2))
    try:
        with real(repo):
            result = cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20")
    finally:
        repo.close()
    assert result.exit_code == 1
    assert "arbeider i dette git-depotet nå" in result.output
    assert tags(git_repo) == []
    assert cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20").exit_code == 0  # released


# --- tag messages read back before writing -----------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Prosjekt\u0085gruppen", "Prosjekt\u2028gruppen", "Prosjekt\u2029gruppen", "Prosjekt\n---\ngruppen"]
)
def test_a_body_name_with_line_separators_gives_a_readable_tag(cli, git_repo, name):
    text = (git_repo.path / "plan" / "prosess.yaml").read_text(encoding="utf-8")
    quoted = (
        '"'
        + name.encode("unicode_escape")
        .decode("ascii")
        .replace("\\x85", "\\N")
        .replace("\\u2028", "\\L")
        .replace("\\u2029", "\\P")
        + '"'
    )
    git_repo.write("plan/prosess.yaml", text.replace("navn: Prosjektgruppen", f"navn: {quoted}"))
    git_repo.commit("Nytt navn")
    result = cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20")
    no_traceback(result)
    if result.exit_code == 0:
        msg = git_repo.git("for-each-ref", "--format=%(contents)", "refs/tags/prosjektgruppe/2020-04-20")
        assert parse_message(msg).stage == "prosjektgruppe"
        first = msg.split("\n", 1)[0]
        assert len(first.splitlines()) == 1
        log = cli(git_repo.path, "log")
        assert "kan ikke leses" not in log.output
    else:
        assert "feil" in result.output or "ikke" in result.output


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120)


@settings(max_examples=150, deadline=None)
@given(decision=TEXT, votes=TEXT, proposal=TEXT, by=TEXT, body=TEXT)
@example(decision="a\x85b", votes="x", proposal="p", by="b", body="Formannskapet")
@example(decision="a\u2028b\u2029c", votes="x", proposal="p", by="b", body="Form\u2028annskapet")
@example(decision="Første\n---\nandre", votes="---", proposal="---\n...", by="- x", body="F\n---\nx")
@example(decision="\ufeffvedtak", votes="a\rb", proposal="a\r\nb", by="#", body="Organ\x85")
@example(decision="  innrykket\n  linje", votes="0012", proposal="yes", by="NO", body="12:30")
@example(decision="tekst   \n", votes="a: b", proposal="\t- x", by="'", body='"')
def test_any_tag_text_round_trips_or_is_refused(decision, votes, proposal, by, body):
    """Every value either comes back exactly as written, or the tag is refused before it
    exists (never an unreadable or altered tag)."""
    from workflow.app.approval import check_round_trip
    from workflow.app.step import Step, check_text
    from workflow.errors import StageError
    from workflow.plan.model import Proposal, Treatment
    from workflow.process.tags import format_message

    try:
        decision, votes = check_text(decision, "vedtaket"), check_text(votes, "voteringen")
        check_text(proposal, "forslaget")
        treatment = Treatment.model_validate(
            {
                "organ": "formannskap",
                "dato": dt.date(2020, 5, 12),
                "utfall": "innstilling",
                "vedtak": decision,
                "votering": votes,
                "forslag": [Proposal.model_validate({"tekst": proposal, "fremmet_av": by})],
                "dokumenter": {"a.docx": "0" * 64},
            }
        )
    except (StageError, ValueError):
        return  # refused on the way in, with a message
    step = Step("formannskap/2020-05-12", "0" * 40, format_message(treatment, body), None, treatment)
    try:
        check_round_trip(step)
    except StageError as exc:
        assert "leses tilbake" in exc.message
        return
    assert parse_message(step.message) == treatment
    assert len(step.message.split("\n", 1)[0].splitlines()) == 1


@example(reason="grunn\x85\u2028\u2029---")
@settings(max_examples=60, deadline=None)
@given(reason=TEXT)
def test_any_revision_reason_round_trips_or_is_refused(reason):
    from workflow.app.approval import check_round_trip
    from workflow.app.step import Step, check_text
    from workflow.errors import StageError
    from workflow.process.tags import format_round_message, read_tag

    try:
        reason = check_text(reason, "begrunnelsen")
    except StageError:
        return
    step = Step("revisjon/2021-03-01", "0" * 40, format_round_message(dt.date(2021, 3, 1), reason), None)
    try:
        check_round_trip(step, reason)
    except StageError:
        return
    assert read_tag(step.tag, step.commit, None, step.message).reason == reason


def test_round_trip_check_refuses_an_altered_message():
    from workflow.app.approval import check_round_trip
    from workflow.app.step import Step
    from workflow.errors import StageError
    from workflow.plan.model import Treatment
    from workflow.process.tags import format_message

    t = Treatment.model_validate(
        {"organ": "formannskap", "dato": dt.date(2020, 5, 12), "utfall": "innstilling", "vedtak": "A"}
    )
    altered = format_message(t).replace("vedtak: A", "vedtak: B")
    with pytest.raises(StageError, match="«vedtak»"):
        check_round_trip(Step("formannskap/2020-05-12", "0" * 40, altered, None, t))
    with pytest.raises(StageError, match="mangler en linje"):
        check_round_trip(Step("formannskap/2020-05-12", "0" * 40, "bare en linje\n", None, t))


# --- dates far from today ----------------------------------------------------------------------


def test_a_far_meeting_date_needs_confirmation(cli, git_repo):
    far = (dt.date.today() + dt.timedelta(days=367)).isoformat()
    result = cli(git_repo.path, "advance", "prosjektgruppe", "--date", far)
    assert result.exit_code == 1
    assert "--bekreft-dato" in result.output
    assert tags(git_repo) == []
    result = cli(git_repo.path, "advance", "prosjektgruppe", "--date", far, "--bekreft-dato")
    assert result.exit_code == 0, result.output


def test_the_far_date_limits_are_exact():
    from workflow.app.approval import FUTURE_LIMIT, PAST_LIMIT, check_far_dates
    from workflow.errors import StageError

    today = dt.date(2026, 12, 1)
    check_far_dates({"møtedatoen": today + FUTURE_LIMIT}, today, False)  # the last day allowed
    check_far_dates({"møtedatoen": today - PAST_LIMIT}, today, False)
    with pytest.raises(StageError, match="høringsfristen 2201-06-05"):
        check_far_dates({"møtedatoen": today, "høringsfristen": dt.date(2201, 6, 5)}, today, False)
    with pytest.raises(StageError):
        check_far_dates({"møtedatoen": today + FUTURE_LIMIT + dt.timedelta(days=1)}, today, False)
    with pytest.raises(StageError):
        check_far_dates({"møtedatoen": today - PAST_LIMIT - dt.timedelta(days=1)}, today, False)
    check_far_dates({"møtedatoen": dt.date(2201, 1, 1)}, today, True)


def test_a_far_revision_date_needs_confirmation(cli, git_repo):
    result = cli(git_repo.path, "revise", "--date", "2201-03-01")
    assert result.exit_code == 1
    assert "--bekreft-dato" in result.output


def test_a_far_action_plan_meeting_date_needs_confirmation(cli, git_repo):
    result = cli(git_repo.path, "handlingsplan", "advance", "2201", "formannskap", "--date", "2201-11-18")
    assert result.exit_code == 1
    assert "møtedatoen 2201-11-18 er langt fra dagens dato" in result.output and "--bekreft-dato" in result.output
    assert tags(git_repo) == []


# --- -C applies to every relative path --------------------------------------------------------


def test_dash_c_applies_to_relative_paths(git_repo, tmp_path, monkeypatch):
    (git_repo.path / "vedtak.md").write_text("Vedtatt slik det står.\n", encoding="utf-8")
    elsewhere = tmp_path / "annet"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    from click.testing import CliRunner

    from workflow.cli.main import main

    result = CliRunner().invoke(main, ["-C", str(git_repo.path), "build", "-o", "ut"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (git_repo.path / "ut" / "manifest.json").is_file()
    assert not (elsewhere / "ut").exists()
    assert Path.cwd() == elsewhere  # restored after the command
    result = CliRunner().invoke(
        main,
        [
            "-C",
            str(git_repo.path),
            "advance",
            "prosjektgruppe",
            "--date",
            "2020-04-20",
            "--vedtak-fil",
            "vedtak.md",
            "--dry-run",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "Vedtatt slik det står." in result.output
    result = CliRunner().invoke(
        main, ["-C", str(git_repo.path), "diff", "HEAD", "--format", "json", "-o", "d.json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert (git_repo.path / "d.json").is_file()


@pytest.fixture(scope="module")
def tag_repo(tmp_path_factory):
    """One repository for many tags (module scope: hypothesis calls the test many times)."""
    path = tmp_path_factory.mktemp("tagger")
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="A",
        GIT_AUTHOR_EMAIL="a@b",
        GIT_COMMITTER_NAME="A",
        GIT_COMMITTER_EMAIL="a@b",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(path / "none"),
    )
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=path, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "x"], cwd=path, check=True, env=env)
    return path, env, iter(range(1, 100000))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(decision=TEXT, votes=TEXT)
@example(decision="a\x85b\u2028c\u2029d", votes="---")
@example(decision="Vedtak\n---\norgan: kommunestyre", votes="\ufeff")
@example(decision="linje med mellomrom   \n\n\n  innrykk", votes="a\rb")
@example(decision="# ikke en kommentar\n\n; heller ikke", votes="emoji 🎉 og æøå")
def test_tag_messages_round_trip_through_git(tag_repo, decision, votes, monkeypatch):
    """Written by git and read back by for-each-ref: exactly the treatment that was meant."""
    from workflow.app.approval import check_round_trip
    from workflow.app.step import Step, check_text
    from workflow.errors import StageError
    from workflow.plan.model import Treatment
    from workflow.process.tags import format_message

    path, env, counter = tag_repo
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    try:
        decision, votes = check_text(decision, "vedtaket"), check_text(votes, "voteringen")
        treatment = Treatment.model_validate(
            {
                "organ": "formannskap",
                "dato": dt.date(2020, 1, 1) + dt.timedelta(days=next(counter)),
                "utfall": "innstilling",
                "vedtak": decision,
                "votering": votes,
            }
        )
    except (StageError, ValueError):
        return
    name = f"formannskap/{treatment.date.isoformat()}"
    repo = g.open_repo(path)
    try:
        step = Step(name, g.head_commit(repo), format_message(treatment, "Formannskapet"), None, treatment)
        try:
            check_round_trip(step)
        except StageError:
            return
        g.create_tag(repo, step.tag, step.commit, step.message)
        (back,) = [t for t in g.stage_tags(repo) if t.name == name]
    finally:
        repo.close()
    assert back.error is None
    assert back.treatment == treatment


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_decision_file_that_is_a_fifo_or_device_is_refused_without_waiting(cli, git_repo, tmp_path, kind):
    path = tmp_path / "vedtak.md"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    result = cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20", "--vedtak-fil", str(path))
    assert result.exit_code == 1
    assert "ikke en vanlig fil" in result.output
    assert tags(git_repo) == []


def test_a_repository_with_missing_blobs_is_named_not_a_traceback(cli, git_repo):
    """An object the commit needs is gone (a broken copy, a partial clone): every command that
    reads that revision says so in Norwegian, with the way out."""
    old = git_repo.git("rev-parse", "HEAD")
    plan = git_repo.path / "plan" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("tittel: Strategisk", "tittel: Ny strategisk", 1))
    git_repo.commit("Ny tittel")
    blob = git_repo.git("rev-parse", f"{old}:plan/plan.yaml")
    (git_repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    for args in (("diff", old, "HEAD"), ("check", "--rev", old), ("build", "--rev", old)):
        done = subprocess.run(
            [sys.executable, "-m", "workflow", *args], cwd=git_repo.path, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert f"kan ikke lese plan/plan.yaml i revisjon {old[:10]}: git-depotet mangler objekter" in done.stderr
        assert "git fsck" in done.stderr
