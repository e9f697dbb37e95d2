"""Writing files so that a failure never leaves a half-written file where a good one was."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from workflow.errors import WorkflowError


def write_atomic(path: Path | str, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it
    over ``path`` (atomic on POSIX). An OSError becomes a WorkflowError naming the file.
    ``durable=False``: no fsync of its own, for a caller writing many new files that calls
    ``os.sync()`` once after the last (one fsync per file costs ~10 ms)."""
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
                if durable:
                    os.fsync(handle.fileno())
            if target_kind(path) not in (None, "file"):  # checked again just before the rename
                raise WorkflowError(
                    f"kunne ikke skrive {path}: den er ikke lenger en vanlig fil, og verktøyet erstatter den ikke"
                )
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise WorkflowError(f"kunne ikke skrive {path}: {explain(exc)}") from None


def target_kind(path: Path) -> str | None:
    """What is at ``path`` now, without following a symlink: None (nothing), "file",
    "folder", "symlink", "device", "fifo" or "socket"."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
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
    errno.EIO: "lese- eller skrivefeil på disken",
    errno.ELOOP: "symbolske lenker i ring",
    errno.EBUSY: "filen er i bruk",
    errno.ETXTBSY: "filen er i bruk",
    errno.EMFILE: "for mange åpne filer",
    errno.EFBIG: "filen er for stor",
    errno.EXDEV: "filen ligger på et annet filsystem",
    errno.EEXIST: "finnes allerede",
    errno.ENOTEMPTY: "mappen er ikke tom",
    errno.EAGAIN: "ressursen er midlertidig utilgjengelig",
    errno.ENXIO: "ingen leser eller enhet i andre enden",
    errno.EINVAL: "ugyldig operasjon for denne filen",
}


def explain(exc: OSError) -> str:
    """The reason for a failed file operation, in Norwegian (the system's words otherwise)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    code = errno.errorcode.get(exc.errno, "ukjent") if exc.errno else "ukjent"
    return f"operativsystemet avviste operasjonen (feilkode {code})"


READ_LIMIT = 20_000_000  # bytes: far above any plan file or Word template


def read_regular(
    path: Path | str, *, inside: Path | None = None, limit: int | None = None, shown: str | None = None
) -> bytes | None:
    """The bytes of a regular file, or None when there is none. Refused (WorkflowError) before
    reading: a symlink that leads outside ``inside`` (the repository) or to a device, FIFO or
    socket; while reading: more than ``limit`` bytes. A FIFO never blocks (opened
    non-blocking, then refused)."""
    path = Path(path)
    shown = shown or str(path)
    limit = READ_LIMIT if limit is None else limit
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        return None
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise WorkflowError(
            f"kunne ikke lese {shown}: {explain(exc) if isinstance(exc, OSError) else 'symbolske lenker i ring'}"
        ) from None
    if inside is not None:
        root = Path(inside).resolve()
        if real != root and root not in real.parents:
            raise WorkflowError(f"{shown} er en symbolsk lenke til {real}, utenfor plandepotet; den leses ikke")
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except (IsADirectoryError, NotADirectoryError):
        return None
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WorkflowError(f"kunne ikke lese {shown}: {explain(exc)}") from None
    if stat.S_ISDIR(os.fstat(fd).st_mode):  # a folder opens, but os.fdopen refuses it
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = (
                "en enhetsfil"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else KIND_WORDS["fifo"]
                if stat.S_ISFIFO(mode)
                else "ikke en vanlig fil"
            )
            raise WorkflowError(f"{shown} er {kind}, ikke en vanlig fil; den leses ikke")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise WorkflowError(f"kunne ikke lese {shown}: {explain(exc)}") from None
    if len(data) > limit:
        raise WorkflowError(f"{shown} er større enn {limit // 1_000_000} MB; så store filer leses ikke")
    return data
