"""Writing a build's files into the output folder as one set, touching only what the tool owns.

* **Ownership**: ``manifest.json`` records every file the tool wrote. A build replaces or
  deletes only those; a file of the user's with a clashing name is refused, never removed.
* **All or nothing**: the new files (documents, their PDFs, the manifest) are first written
  into a staging folder inside the output folder (same file system), then moved in, the
  manifest last. The previous versions are kept as hard links in the staging folder until the
  end, so a failure puts every file back. Signals are held while the files move.
* **Sets**: each entry carries the set it belongs to (``docx``: the documents and their PDFs;
  ``markdown``, ``html``: the exports), so building one set never deletes another's files.
* A staging folder left by a killed build (``kill -9``) is removed by the next build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from workflow import __version__
from workflow.errors import BuildError
from workflow.files import KIND_WORDS, explain, target_kind
from workflow.plan.source import WORKING_TREE

MANIFEST = "manifest.json"
STAGING_PREFIX = ".plan-bygg-"
TOOL_NAME = "plan-workflow"
DOCX_SET = "docx"


HELD = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(outdir: Path) -> dict | None:
    """The manifest of ``outdir`` (None when there is none). A ``manifest.json`` the tool did
    not write is refused: the folder is not ours to change."""
    path = outdir / MANIFEST
    kind = target_kind(path)
    if kind is None:
        return None
    problem = f"{path} finnes, men ble ikke laget av «plan build»"
    if kind != "file":
        raise BuildError(f"{problem} (det er {KIND_WORDS.get(kind, kind)}); velg en annen mappe med -o")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise BuildError(f"{problem}; flytt den, eller velg en annen mappe med -o") from None
    files = data.get("files") if isinstance(data, dict) else None
    tool = data.get("tool") if isinstance(data, dict) else None
    if not (isinstance(files, dict) and isinstance(tool, dict) and tool.get("name") == TOOL_NAME):
        raise BuildError(f"{problem}; flytt den, eller velg en annen mappe med -o")
    return data


def owned(manifest: dict | None) -> dict[str, dict]:
    """{name: entry} of the files the tool wrote (plain names only)."""
    if manifest is None:
        return {}
    return {
        name: entry if isinstance(entry, dict) else {}
        for name, entry in manifest["files"].items()
        if isinstance(name, str) and _plain(name)
    }


def _plain(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..") and "\x00" not in name


def check_names(names: list[str]) -> None:
    for name in names:
        if not _plain(name) or name == MANIFEST or name.startswith(STAGING_PREFIX):
            raise BuildError(f"ugyldig filnavn for utdata: {name!r}")


def _check_clashes(outdir: Path, names: list[str], mine: dict[str, dict]) -> None:
    """Every target is absent, or a regular file the tool wrote."""
    for name in [*names, MANIFEST]:
        kind = target_kind(outdir / name)
        if kind is None:
            continue
        if kind != "file":
            raise BuildError(
                f"{outdir / name} er {KIND_WORDS.get(kind, kind)}, ikke en fil verktøyet har laget; "
                "den erstattes ikke (flytt den, eller velg en annen mappe med -o)"
            )
        if name != MANIFEST and name not in mine:
            raise BuildError(
                f"{outdir / name} finnes, men ble ikke laget av «plan build» (den står ikke i {MANIFEST}); "
                "den blir ikke overskrevet: flytt eller gi den nytt navn, eller velg en annen mappe med -o"
            )


def remove_leftovers(outdir: Path) -> None:
    """Staging folders of builds that no longer run (killed with ``kill -9``)."""
    try:
        entries = list(outdir.iterdir())
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(STAGING_PREFIX) or target_kind(entry) != "folder":
            continue
        try:
            pid = int((entry / "pid").read_text().strip())
        except (OSError, ValueError):
            pid = None
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue  # another build into the same folder is running
        shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def held_signals() -> Iterator[None]:
    """Delay SIGTERM, SIGHUP and SIGINT while files move (delivered right after)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_set(
    files: dict[str, bytes],
    outdir: Path,
    *,
    revision: str,
    digest: str,
    kind: str = DOCX_SET,
    derive: Callable[[list[Path], Path, Path], dict[str, str]] | None = None,
) -> tuple[Path, list[str], list[str]]:
    """Write ``files`` into ``outdir`` as one set of kind ``kind``, with the manifest.

    ``derive(paths, folder, work)``: makes further files (the PDFs) from the staged documents
    into ``folder`` (beside them), using ``work`` (inside the staging folder) for anything
    temporary, and returns
    {new file name: the document it was made from}. Returns (manifest path, names written,
    names removed: files of the same set from an earlier build that the new set lacks).
    """
    check_names(list(files))
    _prepare_outdir(outdir)
    remove_leftovers(outdir)
    manifest = read_manifest(outdir)
    mine = owned(manifest)
    _check_clashes(outdir, sorted(files), mine)
    if derive is not None:  # the PDFs' names, checked before the slow conversion
        _check_clashes(outdir, sorted(Path(name).stem + ".pdf" for name in files), mine)
    try:
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=outdir))
    except OSError as exc:
        raise BuildError(f"kunne ikke skrive i {outdir}: {explain(exc)}") from None
    try:
        (stage / "pid").write_text(str(os.getpid()))
        new = stage / "ny"
        new.mkdir()
        entries = _stage_files(files, new, kind)
        if derive is not None:
            entries.update(_stage_derived(derive, sorted(files), new, stage, outdir, mine, kind))
        # Files of other sets stay, and stay recorded; this set's old files not made again go.
        kept = {n: e for n, e in mine.items() if e.get("set", DOCX_SET) != kind and n not in entries}
        stale = sorted(n for n, e in mine.items() if e.get("set", DOCX_SET) == kind and n not in entries)
        stale = [n for n in stale if target_kind(outdir / n) == "file"]
        _write_manifest(new, {**kept, **entries}, revision=revision, digest=digest)
        for path in new.iterdir():
            os.chmod(path, 0o644)
        _fsync_all(new)
        with held_signals():
            _commit(new, stage / "gammel", outdir, [*sorted(entries), MANIFEST], stale)
        return outdir / MANIFEST, sorted(entries), stale
    except OSError as exc:
        raise BuildError(f"kunne ikke skrive til {outdir}: {explain(exc)}; ingen filer ble endret") from None
    finally:
        with held_signals():
            shutil.rmtree(stage, ignore_errors=True)


def _prepare_outdir(outdir: Path) -> None:
    """``outdir`` is (made) a folder, or a link to one; anything else is refused."""
    there = target_kind(outdir)
    if there not in (None, "folder") and not (there == "symlink" and outdir.is_dir()):
        what = "en fil" if there == "file" else KIND_WORDS.get(there, there)
        raise BuildError(f"kunne ikke skrive til {outdir}: det er {what}, ikke en mappe (oppgi en mappe med -o)")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"kunne ikke skrive til {outdir}: {explain(exc)}") from None
    if target_kind(outdir) not in ("folder", "symlink") or not outdir.is_dir():
        raise BuildError(f"{outdir} er ikke en mappe")


def _stage_files(files: dict[str, bytes], new: Path, kind: str) -> dict[str, dict]:
    """Write ``files`` into the staging folder ``new``; their manifest entries."""
    entries: dict[str, dict] = {}
    for name in sorted(files):
        (new / name).write_bytes(files[name])
        entries[name] = {"sha256": sha256(files[name]), "bytes": len(files[name]), "set": kind}
    return entries


def _stage_derived(
    derive: Callable[[list[Path], Path, Path], dict[str, str]],
    names: list[str],
    new: Path,
    stage: Path,
    outdir: Path,
    mine: dict[str, dict],
    kind: str,
) -> dict[str, dict]:
    """Make the derived files (the PDFs) of the staged ``names``; their manifest entries."""
    entries: dict[str, dict] = {}
    made = derive([new / name for name in names], new, stage)
    check_names(list(made))
    _check_clashes(outdir, sorted(made), mine)
    for name, origin in sorted(made.items()):
        data = (new / name).read_bytes()
        entries[name] = {"sha256": sha256(data), "bytes": len(data), "set": kind, "derived_from": origin}
    return entries


def manifest_data(entries: dict[str, dict], *, revision: str, digest: str) -> dict:
    return {
        "files": {name: entries[name] for name in sorted(entries)},
        "revision": revision,
        "source": "arbeidskopien" if revision == WORKING_TREE else "git",
        "plan_digest": digest,
        "tool": {"name": "plan-workflow", "version": __version__},
    }


def _write_manifest(new: Path, entries: dict[str, dict], *, revision: str, digest: str) -> None:
    revision_data = manifest_data(entries, revision=revision, digest=digest)
    text = json.dumps(revision_data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (new / MANIFEST).write_text(text, encoding="utf-8")


def _fsync_all(folder: Path) -> None:
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())


def _commit(new: Path, old: Path, outdir: Path, names: list[str], stale: list[str]) -> None:
    """Move the staged files in (``names`` in order, the manifest last) and delete ``stale``;
    keep the previous versions as hard links in ``old`` and restore them on any failure."""
    old.mkdir()
    saved: list[str] = []
    placed: list[str] = []
    try:
        for name in [*names, *stale]:
            if target_kind(outdir / name) == "file":
                try:
                    os.link(outdir / name, old / name)
                except OSError:  # a file system without hard links
                    shutil.copy2(outdir / name, old / name)
                saved.append(name)
        for name in names:
            os.replace(new / name, outdir / name)
            placed.append(name)
        for name in stale:
            os.unlink(outdir / name)
    except BaseException:
        for name in placed:
            if name not in saved:
                with suppress(OSError):
                    (outdir / name).unlink()
        for name in saved:
            with suppress(OSError):
                os.replace(old / name, outdir / name)
        raise
