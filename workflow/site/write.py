"""Putting a built site in place as a whole: the new folder is written beside the target,
then swapped in with two renames, so a web server never sees half a site; a failure leaves the
old site untouched. A folder the tool did not write (no ``manifest.json`` of a site) is never
replaced."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from workflow.errors import WorkflowError
from workflow.files import explain


def is_site(folder: Path) -> bool:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("nettsted") is True
    except (OSError, ValueError, AttributeError):
        return False


def write_site(files: dict[str, bytes], target: Path) -> None:
    """Write ``files`` ({site path: bytes}) as the folder ``target``."""
    target = Path(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise WorkflowError(f"{target} finnes og er ikke en mappe")
    if target.is_dir() and any(target.iterdir()) and not is_site(target):
        raise WorkflowError(f"{target} finnes og er ikke et nettsted laget av plan; velg en tom eller ny mappe")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.ny-"))
    except OSError as exc:
        raise WorkflowError(f"kunne ikke skrive {target}: {explain(exc)}") from None
    old = None
    try:
        for path in sorted(files):
            parts = path.split("/")
            if path.startswith("/") or any(p in ("", ".", "..") for p in parts):
                raise WorkflowError(f"ugyldig sti i nettstedet: {path!r}")
            file = new.joinpath(*parts)
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(files[path])
            file.chmod(0o644)
        for folder in [new, *(p for p in new.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.gammel-"))
            os.replace(target, old / "site")
        os.replace(new, target)
    except OSError as exc:
        if old is not None and not target.exists():
            os.replace(old / "site", target)
        raise WorkflowError(f"kunne ikke skrive {target}: {explain(exc)}") from None
    finally:
        shutil.rmtree(new, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
