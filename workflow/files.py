"""Writing files so that a failure never leaves a half-written file where a good one was."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from workflow.errors import WorkflowError


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it
    over ``path`` (atomic on POSIX). An OSError becomes a WorkflowError naming the file."""
    path = Path(path)
    try:
        if _write_through(path, data):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o644)  # mkstemp makes 0600; outputs are ordinary readable files
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise WorkflowError(f"kunne ikke skrive {path}: {explain(exc)}") from None


def target_kind(path: Path) -> str | None:
    """What is at ``path`` now, without following a symlink: None (nothing), "file",
    "folder", "symlink", "device", "fifo" or "socket"."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "fifo" if stat.S_ISFIFO(mode) else "socket"


KIND_WORDS = {
    "symlink": "en symbolsk lenke",
    "folder": "en mappe",
    "device": "en enhetsfil",
    "fifo": "et navngitt rør (FIFO)",
    "socket": "en socket",
}


def _write_through(path: Path, data: bytes) -> bool:
    """A target that is not a regular file is never replaced (a rename over it replaces even
    /dev/null when run as root). A character device (``/dev/null``, a terminal), also through
    a symlink, is written through; anything else is refused. False: write as usual."""
    import stat

    kind = target_kind(path)
    if kind in (None, "file"):
        return False
    if kind in ("symlink", "device"):
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if stat.S_ISCHR(mode):
            fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            return True
    raise WorkflowError(
        f"kunne ikke skrive {path}: det er {KIND_WORDS[kind]}, ikke en vanlig fil, og verktøyet "
        "erstatter den ikke (velg et annet filnavn)"
    )


_REASONS = {
    errno.EACCES: "ingen skrivetilgang",
    errno.EPERM: "ingen skrivetilgang",
    errno.ENOENT: "mappen finnes ikke",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.EISDIR: "det finnes en mappe med det navnet",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.ENAMETOOLONG: "navnet er for langt",
}


def explain(exc: OSError) -> str:
    """The reason for a failed file operation, in Norwegian (the system's words otherwise)."""
    return _REASONS.get(exc.errno, exc.strerror or str(exc))
