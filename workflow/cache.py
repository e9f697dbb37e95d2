"""The tool's cache on this machine: work that gives the same bytes on every run, kept so it is
done once. ``$XDG_CACHE_HOME/plan-workflow/<kind>``, else ``~/.cache/plan-workflow/<kind>``:
the charts (``evidence/charts.py``) and the compiled Word templates
(``documents/templaterun.py``).

The cache is only ever a shortcut:

* An entry is ``<kind>/<2 hex>/<64 hex>.<suffix>``, the hex being its key: a header naming
  its kind, then sha256(key + data) (32 bytes), then the data. The digest ties the bytes to
  what they were made for: a flipped byte, a truncated or zeroed file, or another entry put in
  its place does not verify, and the work is done again and the entry replaced.
* Only regular files in real folders are read or written: a cache that is a symlink, a FIFO
  in an entry's place, a read-only or full disk are passed by (the work is simply done).
* Entries no run has used for 90 days are removed when a new one is written (once a process).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from workflow.errors import WorkflowError
from workflow.files import target_kind, write_atomic

ENTRY_LIMIT = 50_000_000
KEEP_DAYS = 90


@dataclass(frozen=True)
class Store:
    """One kind of entry in the cache."""

    kind: str  # the folder: charts, templates
    magic: bytes  # the header each entry starts with
    suffix: str  # the entries' file suffix
    old_suffixes: tuple[str, ...] = ()  # entries of earlier formats, only ever removed

    def place(self, key: str) -> Path | None:
        """Where the entry for ``key`` (64 hex digits) is kept; None without a home folder."""
        folder = cache_dir(self.kind)
        return None if folder is None else folder / key[:2] / f"{key}.{self.suffix}"

    def read(self, key: str) -> bytes | None:
        """The data kept for ``key``, or None when there is none or it does not verify; a
        verified entry is marked as used now."""
        path = self.place(key)
        if path is None:
            return None
        data = read_entry(path, key, self.magic)
        if data is not None:
            _touch(path)
        return data

    def write(self, key: str, data: bytes) -> bool:
        """Keep ``data`` for ``key`` (atomically, replacing what is there); False when it cannot
        be kept. The first write of a process also forgets entries long unused."""
        path = self.place(key)
        if path is None or not write_entry(path, key, self.magic, data):
            return False
        _forget_once(path.parent.parent, self.names())
        return True

    def names(self) -> re.Pattern[str]:
        """The names of the files this store writes (and may remove)."""
        suffixes = "|".join(re.escape(s) for s in (self.suffix, *self.old_suffixes))
        return re.compile(rf"[0-9a-f]{{64}}\.({suffixes})")


def cache_dir(kind: str) -> Path | None:
    """``$XDG_CACHE_HOME/plan-workflow/<kind>``, else under ``~/.cache``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "plan-workflow" / kind


def _entry_digest(key: str, data: bytes) -> bytes:
    return hashlib.sha256(key.encode("ascii") + b"\0" + data).digest()


def read_entry(path: Path, key: str, magic: bytes) -> bytes | None:
    """The data kept at ``path`` for ``key``, or None when there is none or it does not
    verify. Only a regular file in real folders is read (never through a symlink)."""
    if not _real_folders(path.parent):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a folder, FIFO or device in the entry's place
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(ENTRY_LIMIT + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    head, kept = data[: len(magic) + 32], data[len(magic) + 32 :]
    if len(data) > ENTRY_LIMIT or head != magic + _entry_digest(key, kept):
        return None
    return kept


def write_entry(path: Path, key: str, magic: bytes, data: bytes) -> bool:
    """Keep ``data`` at ``path`` (atomically), replacing what is there; False when the cache
    cannot be written (read-only, full, a symlinked folder, something else in the file's place)."""
    folders = (path.parent, path.parent.parent, path.parent.parent.parent)
    if any(target_kind(each) not in (None, "folder") for each in folders):
        return False  # checked before mkdir, which would follow a symlinked folder
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    if not _real_folders(path.parent):
        return False
    kind = target_kind(path)
    if kind == "folder":  # an empty folder in the entry's place: the name is the cache's
        try:
            path.rmdir()
        except OSError:
            return False
    elif kind not in (None, "file"):
        return False  # a symlink, FIFO or device is never written through
    try:
        # Not durable (no fsync, ~10 ms an entry): an entry lost or torn by a crash does not
        # verify, and the work is done again.
        write_atomic(path, magic + _entry_digest(key, data) + data, durable=False)
    except WorkflowError:
        return False  # a read-only or full disk: the work goes on, it is only done again next time
    return True


def _real_folders(folder: Path) -> bool:
    """The cache's own folders (``plan-workflow``, the kind's and the entry's subfolder) are
    real folders, not symlinks: a symlinked cache is passed by, never read or written."""
    for each in (folder, folder.parent, folder.parent.parent):
        if target_kind(each) != "folder":
            return False
    return True


def _touch(path: Path) -> None:
    """Mark an entry as used now (its time is what ``forget_unused`` goes by)."""
    try:
        os.utime(path)
    except OSError:
        pass


@cache
def _forget_once(folder: Path, names: re.Pattern[str]) -> None:
    """``forget_unused`` at most once a process: a build that writes many entries scans once."""
    forget_unused(folder, time.time(), names)


def forget_unused(folder: Path, now: float, names: re.Pattern[str]) -> None:
    """Remove the entries in the cache ``folder`` that no run has used for ``KEEP_DAYS`` days
    (every edit of a plan's numbers makes a new chart, so an old cache would only grow). Only
    files the cache wrote (``<2 hex>/<64 hex>.<suffix>``, ``names``) are ever removed."""
    limit = now - KEEP_DAYS * 86400
    try:
        subfolders = [entry for entry in os.scandir(folder) if len(entry.name) == 2 and entry.is_dir()]
        for sub in subfolders:
            for entry in os.scandir(sub.path):
                if names.fullmatch(entry.name) and entry.name.startswith(sub.name):
                    if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                        os.unlink(entry.path)
    except OSError:
        pass  # another run removing the same file, or a folder we may not read: nothing lost
