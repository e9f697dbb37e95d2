"""Output: write only what the tool owns, all or nothing (issue 12 §2). Special targets of
``-o`` are never replaced, a build replaces or deletes only files recorded in its manifest,
and a build's files appear as one set, even when the build is killed during ``--pdf``."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from support import needs_soffice
from workflow.documents.outputs import STAGING_PREFIX

PLAN = "os-naeringsplan-2020-2028.docx"
CASE = "os-naeringsplan-2020-2028-saksframlegg.docx"
INPUT = "os-naeringsplan-2020-2028-innspill.docx"  # the attachment «Innkomne innspill …» (i13)
SITUATION = "os-staastedsanalyse.docx"  # the situation analysis (i14)


def make_target(path: Path, kind: str) -> None:
    """Put a thing of ``kind`` at ``path`` (its neighbours in the same folder)."""
    other = path.parent / "annen.txt"
    other.write_text("brukerens fil")
    if kind == "file":
        path.write_text("brukerens fil")
    elif kind == "symlink-file":
        path.symlink_to(other)
    elif kind == "symlink-dangling":
        path.symlink_to(path.parent / "finnes-ikke")
    elif kind == "symlink-folder":
        (path.parent / "mappe").mkdir(exist_ok=True)
        path.symlink_to(path.parent / "mappe")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null (as root)
        except PermissionError:
            path.symlink_to("/dev/null")  # not root: the device through a symlink
    elif kind == "folder":
        path.mkdir()


def describe(path: Path) -> tuple:
    st_ = os.lstat(path)
    link = os.readlink(path) if stat.S_ISLNK(st_.st_mode) else None
    return (stat.S_IFMT(st_.st_mode), link, st_.st_rdev)


KINDS = ["absent", "file", "symlink-file", "symlink-dangling", "symlink-folder", "fifo", "device", "folder"]


@settings(max_examples=24, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(KINDS), fmt=st.sampled_from(["json", "markdown"]))
@example(kind="device", fmt="json")
@example(kind="fifo", fmt="json")
@example(kind="symlink-file", fmt="markdown")
@example(kind="symlink-dangling", fmt="json")
def test_diff_output_never_replaces_a_special_target(cli, git_repo, tmp_path_factory, kind, fmt):
    folder = tmp_path_factory.mktemp("mål")
    target = folder / "ut"
    make_target(target, kind) if kind != "absent" else (folder / "annen.txt").write_text("brukerens fil")
    before = describe(target) if kind != "absent" else None
    other = (folder / "annen.txt").read_bytes()
    result = cli(git_repo.path, "diff", "HEAD", "--format", fmt, "-o", str(target))
    assert "Traceback" not in result.output
    if kind in ("absent", "file"):
        assert result.exit_code == 0, result.output
        assert stat.S_ISREG(os.lstat(target).st_mode)
    else:
        assert describe(target) == before  # never replaced by a regular file
        assert (folder / "annen.txt").read_bytes() == other  # nor written through a symlink
        if kind == "device":
            assert result.exit_code == 0, result.output  # written through, like > /dev/null
        else:
            assert result.exit_code in (1, 2), result.output
            assert "erstatter den ikke" in result.output or "mappe" in result.output


def test_dev_null_stays_a_device(cli, git_repo):
    result = cli(git_repo.path, "diff", "HEAD", "--format", "json", "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


# --- ownership --------------------------------------------------------------------------------


def test_a_users_file_with_a_clashing_name_is_refused_never_removed(cli, plan_dir):
    out = plan_dir / "output"
    out.mkdir()
    (out / PLAN).write_bytes(b"brukerens eget dokument")
    result = cli(plan_dir, "build")
    assert result.exit_code == 1
    assert "ble ikke laget av «plan build»" in result.output
    assert (out / PLAN).read_bytes() == b"brukerens eget dokument"
    assert sorted(p.name for p in out.iterdir()) == [PLAN]  # nothing written beside it


def test_a_users_pdf_is_never_deleted_as_stale(cli, plan_dir):
    out = plan_dir / "output"
    out.mkdir()
    (out / "os-naeringsplan-2020-2028.pdf").write_bytes(b"%PDF- brukerens")
    result = cli(plan_dir, "build")
    assert result.exit_code == 0, result.output
    assert (out / "os-naeringsplan-2020-2028.pdf").read_bytes() == b"%PDF- brukerens"
    assert "Fjernet" not in result.output


def test_a_foreign_manifest_is_refused(cli, plan_dir):
    out = plan_dir / "output"
    out.mkdir()
    (out / "manifest.json").write_text('{"navn": "mitt"}')
    result = cli(plan_dir, "build")
    assert result.exit_code == 1
    assert "manifest.json finnes, men ble ikke laget" in result.output
    assert (out / "manifest.json").read_text() == '{"navn": "mitt"}'


def test_files_the_tool_wrote_are_replaced_and_stale_ones_removed(cli, plan_dir):
    from workflow.documents.build import write_outputs

    out = plan_dir / "output"
    write_outputs(
        {PLAN: b"gammel", CASE: b"gammel"},
        out,
        revision="r",
        digest="d",
        derive=lambda docs, folder, work: _fake_pdfs(docs, folder),
    )
    (out / "notat.txt").write_text("brukerens notat")
    result = cli(plan_dir, "build")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([PLAN, CASE, INPUT, SITUATION, "manifest.json", "notat.txt"])
    assert "Fjernet" in result.output
    assert (out / PLAN).read_bytes()[:2] == b"PK"


def test_other_sets_survive_a_build(cli, plan_dir):
    assert cli(plan_dir, "build", "--format", "html").exit_code == 0
    assert cli(plan_dir, "build").exit_code == 0
    out = plan_dir / "output"
    html = [p.name for p in out.iterdir() if p.suffix == ".html"]
    assert html
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["files"]) == {PLAN, CASE, INPUT, SITUATION, *html}
    assert cli(plan_dir, "build", "--format", "html").exit_code == 0  # its own file: replaced


def test_a_failed_derive_leaves_the_previous_set(plan_dir):
    from workflow.documents.build import write_outputs
    from workflow.errors import BuildError

    out = plan_dir / "output"
    write_outputs(
        {PLAN: b"v1", CASE: b"v1"},
        out,
        revision="r",
        digest="d",
        derive=lambda docs, folder, work: _fake_pdfs(docs, folder),
    )
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(docs, folder, work):
        _fake_pdfs(docs[:1], folder)
        raise BuildError("LibreOffice krasjet")

    with pytest.raises(BuildError):
        write_outputs({PLAN: b"v2", CASE: b"v2"}, out, revision="r", digest="d", derive=broken)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_failure_while_moving_files_in_rolls_back(plan_dir, monkeypatch):
    from workflow.documents import outputs
    from workflow.documents.build import write_outputs

    out = plan_dir / "output"
    write_outputs({PLAN: b"v1", CASE: b"v1"}, out, revision="r", digest="d")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = os.replace
    moved = []

    def failing(src, dst):
        if Path(dst).parent == out and len(moved) == 1:
            moved.append("failed")
            raise OSError(28, "No space left on device")
        moved.append(dst)
        return real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", failing)
    from workflow.errors import BuildError

    with pytest.raises(BuildError, match="ingen filer ble endret"):
        write_outputs({PLAN: b"v2", CASE: b"v2"}, out, revision="r", digest="d")
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def _fake_pdfs(docs, folder):
    made = {}
    for doc in docs:
        (folder / (doc.stem + ".pdf")).write_bytes(b"%PDF-1.7 " + doc.read_bytes())
        made[doc.stem + ".pdf"] = doc.name
    return made


# --- killed during build --pdf -------------------------------------------------------------------


def _old_set(out: Path) -> dict[str, bytes]:
    from workflow.documents.build import write_outputs

    write_outputs(
        {PLAN: b"PK gammel", CASE: b"PK gammel"},
        out,
        revision="r",
        digest="d",
        derive=lambda docs, folder, work: _fake_pdfs(docs, folder),
    )
    return {p.name: p.read_bytes() for p in out.iterdir()}


def _office_pids(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _start_build(plan_dir: Path, tmp: Path) -> tuple[subprocess.Popen, Path]:
    """``plan build --pdf`` as its own process; returns once LibreOffice is converting."""
    out = plan_dir / "output"
    env = dict(os.environ, TMPDIR=str(tmp))
    proc = subprocess.Popen(
        [sys.executable, "-m", "workflow", "-C", str(plan_dir), "build", "--pdf"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 120  # a wait for the child, not a timed assertion
    while time.monotonic() < deadline:
        stages = [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
        if stages and any(stages[0].glob("plan-pdf-*/profile")) and _office_pids(stages[0].name):
            return proc, stages[0]
        if proc.poll() is not None:
            pytest.fail(f"the build ended before LibreOffice started: {proc.communicate()}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("LibreOffice did not start")


@needs_soffice
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_build_killed_during_pdf_leaves_the_old_set_and_no_temp_folders(plan_dir, tmp_path, sig):
    out = plan_dir / "output"
    old = _old_set(out)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc, stage = _start_build(plan_dir, tmp)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + sig, err
    assert "avbrutt" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old  # the old complete set
    assert list(tmp.iterdir()) == []  # no temporary folders anywhere
    assert _office_pids(stage.name) == []  # LibreOffice stopped too


@needs_soffice
def test_a_build_killed_hard_keeps_the_old_set_and_the_next_build_cleans_up(plan_dir, tmp_path, cli):
    out = plan_dir / "output"
    old = _old_set(out)
    proc, stage = _start_build(plan_dir, tmp_path)
    proc.kill()
    proc.communicate(timeout=60)
    for pid in _office_pids(stage.name):  # the orphaned LibreOffice this test started
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == old
    result = cli(plan_dir, "build")
    assert result.exit_code == 0, result.output
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [PLAN, CASE, INPUT, SITUATION, "manifest.json"]
    )  # old PDFs gone


@needs_soffice
def test_a_failing_libreoffice_leaves_the_old_set(plan_dir, tmp_path, monkeypatch):
    out = plan_dir / "output"
    old = _old_set(out)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "soffice").write_text("#!/bin/sh\nexit 3\n")
    (fake / "soffice").chmod(0o755)
    env = dict(os.environ, PATH=f"{fake}:{os.environ['PATH']}", TMPDIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "workflow", "-C", str(plan_dir), "build", "--pdf"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old


NAMES = [
    PLAN,
    CASE,
    "os-naeringsplan-2020-2028.pdf",
    "os-naeringsplan-2020-2028-saksframlegg.pdf",
    "manifest.json",
    "notat.txt",
]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(users=st.sets(st.sampled_from(NAMES)), kind=st.sampled_from(["file", "symlink-file", "fifo", "folder"]))
@example(users={"os-naeringsplan-2020-2028.pdf"}, kind="file")
@example(users={"manifest.json"}, kind="fifo")
@example(users={PLAN}, kind="symlink-file")
def test_a_build_never_touches_a_users_files(cli, plan_dir, tmp_path_factory, users, kind):
    """Whatever the user keeps in the output folder, under whatever name: the build either
    writes its set beside it or refuses; the user's things stay exactly as they were."""
    out = tmp_path_factory.mktemp("ut")
    for name in users:
        make_target(out / name, kind)
    before = {
        p.name: describe(p) + ((p.read_bytes(),) if p.is_file() and not stat.S_ISFIFO(os.lstat(p).st_mode) else ())
        for p in out.iterdir()
    }
    result = cli(plan_dir, "build", "-o", str(out))
    assert "Traceback" not in result.output
    clash = users & {PLAN, CASE, "manifest.json"}
    assert result.exit_code == (1 if clash else 0), result.output
    for name, was in before.items():
        p = out / name
        assert (
            describe(p) + ((p.read_bytes(),) if p.is_file() and not stat.S_ISFIFO(os.lstat(p).st_mode) else ()) == was
        )
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]


@needs_soffice
def test_pdf_with_a_c_locale_and_norwegian_letters_in_the_path(plan_dir, tmp_path):
    out = tmp_path / "utdata-æøå"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG="C", LC_ALL="C", TMPDIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "workflow", "-C", str(plan_dir), "build", "--pdf", "-o", str(out)],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            PLAN,
            CASE,
            INPUT,
            SITUATION,
            "manifest.json",
            "os-naeringsplan-2020-2028.pdf",
            "os-naeringsplan-2020-2028-saksframlegg.pdf",
            "os-naeringsplan-2020-2028-innspill.pdf",
            "os-staastedsanalyse.pdf",
        ]
    )


def test_a_users_pdf_is_refused_before_the_conversion(cli, plan_dir, monkeypatch):
    import workflow.documents.pdf as pdf

    out = plan_dir / "output"
    out.mkdir()
    (out / "os-naeringsplan-2020-2028.pdf").write_bytes(b"%PDF- brukerens")
    monkeypatch.setattr(pdf, "to_pdfa", lambda *a, **k: pytest.fail("converted although the PDF name is taken"))
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/usr/bin/soffice")
    result = cli(plan_dir, "build", "--pdf")
    assert result.exit_code == 1
    assert "ble ikke laget av «plan build»" in result.output
    assert (out / "os-naeringsplan-2020-2028.pdf").read_bytes() == b"%PDF- brukerens"


@pytest.mark.parametrize("kind", ["device", "fifo", "file", "symlink-dangling"])
def test_build_into_something_that_is_not_a_folder_is_refused(cli, plan_dir, tmp_path, kind):
    target = tmp_path / "ut"
    make_target(target, kind)
    before = describe(target)
    for args in (("build", "-o", str(target)), ("build", "--format", "html", "-o", str(target))):
        result = cli(plan_dir, *args)
        assert result.exit_code in (1, 2), result.output
        assert "ikke en mappe" in result.output or "er en fil" in result.output
        assert describe(target) == before


def test_the_manifest_records_each_files_set(cli, plan_dir):
    assert cli(plan_dir, "build").exit_code == 0
    assert cli(plan_dir, "build", "--format", "markdown").exit_code == 0
    files = json.loads((plan_dir / "output" / "manifest.json").read_text())["files"]
    assert {name: entry["set"] for name, entry in files.items()} == {
        PLAN: "docx",
        CASE: "docx",
        INPUT: "docx",
        SITUATION: "docx",
        "os-naeringsplan-2020-2028.md": "markdown",
    }


def test_an_invitation_letter_is_a_set_of_its_own(cli, plan_dir):
    out = plan_dir / "output"
    letter, other = "os-invitasjon-samling-1.docx", "os-invitasjon-samling-2.docx"
    assert cli(plan_dir, "build").exit_code == 0
    assert cli(plan_dir, "build", "--invitasjon", "samling-1").exit_code == 0
    assert cli(plan_dir, "build", "--invitasjon", "samling-2").exit_code == 0
    files = json.loads((out / "manifest.json").read_text())["files"]
    assert {name: entry["set"] for name, entry in files.items()} == {
        PLAN: "docx",
        CASE: "docx",
        INPUT: "docx",
        SITUATION: "docx",
        letter: "invitasjon-samling-1",
        other: "invitasjon-samling-2",
    }
    result = cli(plan_dir, "build", "--invitasjon", "samling-1")  # its own file: replaced, nothing else removed
    assert result.exit_code == 0, result.output
    assert "Fjernet" not in result.output
    assert cli(plan_dir, "build").exit_code == 0  # the case documents leave the letters alone
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [PLAN, CASE, INPUT, SITUATION, letter, other, "manifest.json"]
    )
    (out / letter).unlink()
    (out / letter).write_bytes(b"brukerens brev")  # still in the manifest: the tool's name, the user's file?
    (out / "manifest.json").write_text(
        json.dumps(
            {
                **json.loads((out / "manifest.json").read_text()),
                "files": {n: e for n, e in files.items() if n != letter},
            }
        )
    )
    result = cli(plan_dir, "build", "--invitasjon", "samling-1")
    assert result.exit_code == 1 and "ble ikke laget av «plan build»" in result.output
    assert (out / letter).read_bytes() == b"brukerens brev"


# --- full, read-only and linked places; full or closed stdout (issue 20 §3) ----------------------


def _plan(*args: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workflow", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        **kwargs,
    )


@pytest.fixture
def small_disk(tmp_path):
    """A real 200 KB file system (tmpfs; the tests run as root, as CI does), full after a few
    files, and a read-only one; both unmounted afterwards."""
    full, ro = tmp_path / "full", tmp_path / "ro"
    full.mkdir()
    ro.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(full)], check=True)
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(ro)], check=True)
        try:
            yield full, ro
        finally:
            subprocess.run(["umount", str(ro)], check=True)
    finally:
        subprocess.run(["umount", str(full)], check=True)


def test_init_and_demo_on_a_full_or_read_only_disk_say_so(small_disk):
    full, ro = small_disk
    cases = [
        (("init", str(full / "ny"), "--kommune", "Tolga", "--nummer", "3426"), full / "ny", "disken er full"),
        (("demo", str(full / "demo")), full / "demo", "disken er full"),
        (("init", str(ro / "ny"), "--kommune", "Tolga", "--nummer", "3426"), ro / "ny", "skrivebeskyttet"),
        (("demo", str(ro / "demo")), ro / "demo", "filsystemet er skrivebeskyttet"),
    ]
    for args, target, why in cases:
        done = _plan(*args)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and why in done.stderr, (args, done.stderr)
        assert str(target) in done.stderr
    # plan init removes what it wrote before the disk filled up
    assert not [p for p in (full / "ny").rglob("*") if p.is_file()]


@pytest.mark.parametrize("command", ["init", "demo"])
def test_init_and_demo_never_write_through_a_dangling_symlink(tmp_path, command):
    outside = tmp_path / "utenfor"
    outside.mkdir()
    extra = ("--kommune", "Tolga", "--nummer", "3426") if command == "init" else ()
    link = tmp_path / "lenke"
    link.symlink_to(outside / "nytt-depot")
    done = _plan(command, str(link), *extra)
    assert done.returncode == 1, done.stderr
    assert f"{link} er en symbolsk lenke til {outside / 'nytt-depot'}, som ikke finnes" in done.stderr
    assert list(outside.iterdir()) == []
    if command == "init":  # a dangling README in the target, and a plan/ folder leading outside
        target = tmp_path / "depot"
        target.mkdir()
        (target / "README.md").symlink_to(outside / "readme.md")
        done = _plan(command, str(target), *extra)
        assert done.returncode == 1 and "har allerede README.md" in done.stderr
        (target / "README.md").unlink()
        (target / "plan").symlink_to(outside)
        done = _plan(command, str(target), *extra)
        assert done.returncode == 1 and "er en symbolsk lenke" in done.stderr
        assert list(outside.iterdir()) == []


@pytest.mark.parametrize("args", [("log",), ("log", "--format", "markdown"), ("schema",), ("diff", "--format", "json")])
def test_a_full_or_closed_stdout_is_a_message_not_a_traceback(git_repo, args):
    assert _plan("advance", "prosjektgruppe", "--date", "2020-04-20", cwd=git_repo.path).returncode == 0
    git_repo.write("plan/plan.yaml", (git_repo.path / "plan/plan.yaml").read_text().replace("Os", "Oss", 1))
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "workflow", *args], cwd=git_repo.path, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 1
    assert done.stderr == "feil: kunne ikke skrive til standard ut: disken er full\n"
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte: every write is EPIPE
    try:
        child = subprocess.run(
            [sys.executable, "-m", "workflow", *args], cwd=git_repo.path, stdout=write, stderr=subprocess.PIPE
        )
    finally:
        os.close(write)
    assert child.returncode == 1 and child.stderr == b"", child.stderr.decode()
    shell = subprocess.run(
        f"{sys.executable} -m workflow {' '.join(args)} | head -1", shell=True, cwd=git_repo.path, capture_output=True
    )
    assert shell.returncode == 0 and b"Traceback" not in shell.stderr and shell.stdout.count(b"\n") == 1
