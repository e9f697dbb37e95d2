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
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
