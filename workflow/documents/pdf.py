"""DOCX → PDF/A-2b with LibreOffice, tables of contents brought up to date.

A plain ``soffice --convert-to`` leaves a table of contents as it was in the file, so the
conversion drives LibreOffice through its UNO API instead: start ``soffice --headless`` with its
own profile and pipe (so conversions running at the same time never share anything), load each
document hidden, update every index (twice: the contents list itself can move page numbers),
and store it with the ``writer_pdf_Export`` filter and ``SelectPdfVersion=2`` (PDF/A-2b).

The ``uno`` module belongs to the LibreOffice installation (Debian: ``python3-uno`` for the
system ``/usr/bin/python3``), not to our environment, so a small script runs under a Python
that can import it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from workflow.errors import BuildError
from workflow.files import write_atomic

INSTALL_HINT = (
    "fant ikke LibreOffice (soffice), som trengs for å lage PDF/A. Installer det, f.eks. på "
    "Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui"
)
UNO_HINT = (
    "LibreOffice er installert, men Python-broen (uno) mangler. Installer den, f.eks. på "
    "Debian/Ubuntu: sudo apt-get install python3-uno"
)
START_TIMEOUT = 60.0  # seconds for soffice to accept connections (a fresh profile is slow)
PER_DOCUMENT_TIMEOUT = 90.0

# Runs under a Python that has ``uno``. argv: pipe name, JSON list of [docx, pdf] pairs.
_CONVERT = r"""
import json, sys, time
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

pipe, jobs, start_timeout, DONE = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.monotonic() + start_timeout
while True:
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except NoConnectException:
        if time.monotonic() > deadline:
            sys.exit("LibreOffice svarte ikke")
        time.sleep(0.1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
try:
    for source, target in jobs:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                           (prop("Hidden", True), prop("ReadOnly", False)))
        if doc is None:
            sys.exit(f"LibreOffice kunne ikke \u00e5pne {source}")  # ASCII: the script is an argument
        try:
            indexes = doc.getDocumentIndexes()
            for _ in range(2):
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
            doc.getTextFields().refresh()
            filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple([
                prop("SelectPdfVersion", 2),
                prop("UseTaggedPDF", True),
                prop("ExportBookmarks", True),
            ]))
            args = (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data), prop("Overwrite", True))
            uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(target), args))
        finally:
            doc.close(True)
    print(DONE, flush=True)  # every PDF is stored: what happens at shutdown cannot spoil them
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
"""


_DONE = "plan-pdf: ferdig"


def find_soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise BuildError(INSTALL_HINT)
    return found


def find_uno_python(soffice: str) -> str:
    """A Python interpreter that can ``import uno``: the system one (Debian's python3-uno),
    LibreOffice's own (official builds), or ours with the system's dist-packages."""
    program = Path(os.path.realpath(soffice)).parent
    candidates = ["/usr/bin/python3", str(program / "python"), str(program / "python.bin"), sys.executable]
    for python in candidates:
        if not Path(python).is_file():
            continue
        env = _uno_env(python, program)
        try:
            done = subprocess.run([python, "-c", "import uno"], env=env, capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return python
    raise BuildError(UNO_HINT)


def _real_name(path: Path) -> str:
    """The path as UTF-8 text for LibreOffice: under LC_ALL=C without Python's UTF-8 mode, names
    with æøå arrive as surrogate escapes, which pyuno cannot convert."""
    return os.fsencode(path).decode("utf-8", "replace")


def _utf8(env: dict[str, str]) -> dict[str, str]:
    """LibreOffice fails type detection for a file URL with æøå under LANG=C/LC_ALL=C: give it
    a UTF-8 locale whatever the caller's."""
    env.pop("LANGUAGE", None)
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"
    return env


def _uno_env(python: str, program: Path) -> dict[str, str]:
    env = _utf8({k: v for k, v in os.environ.items() if not k.startswith("PYTHON")})
    if python == sys.executable:
        env["PYTHONPATH"] = os.pathsep.join(["/usr/lib/python3/dist-packages", str(program)])
    if "URE_BOOTSTRAP" not in env and (program / "fundamentalrc").is_file():
        env["URE_BOOTSTRAP"] = f"vnd.sun.star.pathname:{program / 'fundamentalrc'}"
    return env


def to_pdfa(docx_paths: list[Path], outdir: Path, *, work_in: Path | None = None) -> list[Path]:
    """Convert each .docx to ``outdir/<name>.pdf`` (PDF/A-2b, contents lists updated).

    One LibreOffice process with a private profile per call; each PDF is written under a
    temporary name and renamed, so a failure never leaves half a file.
    """
    if not docx_paths:
        return []
    soffice = find_soffice()
    python = find_uno_python(soffice)
    outdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="plan-pdf-", dir=work_in))  # work_in: the build's staging folder
    scratch = work / "tmp"
    scratch.mkdir()
    pipe = f"plan-{os.getpid()}-{uuid.uuid4().hex}"
    targets = [outdir / (Path(p).stem + ".pdf") for p in docx_paths]
    temps = [work / f"{i}.pdf" for i in range(len(docx_paths))]
    jobs = [[_real_name(Path(src).resolve()), _real_name(tmp)] for src, tmp in zip(docx_paths, temps)]
    converted = False
    office = _start_office(soffice, work, scratch, pipe)
    try:
        _run_conversion(python, Path(os.path.realpath(soffice)).parent, pipe, jobs, work, scratch)
        _check_pdfs(docx_paths, temps)
        converted = True
        for tmp, target in zip(temps, targets):
            write_atomic(target, tmp.read_bytes())
        return targets
    finally:
        _stop(office, patient=converted)
        shutil.rmtree(work, ignore_errors=True)


def _start_office(soffice: str, work: Path, scratch: Path, pipe: str) -> subprocess.Popen[bytes]:
    """Start ``soffice --headless`` with its own profile in ``work``, listening on ``pipe``."""
    return subprocess.Popen(
        [
            soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # its own temporary files (lu*.tmp) go into the work folder, so they are removed
        # with it even after a kill
        env=dict(_utf8(dict(os.environ)), TMPDIR=str(scratch)),
    )


def _run_conversion(python: str, program: Path, pipe: str, jobs: list[list[str]], work: Path, scratch: Path) -> None:
    """Run the UNO script that converts ``jobs`` in the started soffice; a failure raises."""
    timeout = START_TIMEOUT + PER_DOCUMENT_TIMEOUT * len(jobs)
    try:
        done = subprocess.run(
            [python, "-c", _CONVERT, pipe, json.dumps(jobs), str(START_TIMEOUT), _DONE],
            env=dict(_uno_env(python, program), TMPDIR=str(scratch)),
            # an ASCII folder: pyuno fails to import __main__ from some others (the work
            # folder lies in the output folder, whose name may have æøå)
            cwd=work if str(work).isascii() else "/",
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BuildError(
            f"LibreOffice brukte mer enn {timeout:.0f} sekunder på PDF-konverteringen og ble stoppet"
        ) from None
    # The UNO bridge can crash while LibreOffice shuts down (seen: SIGSEGV, 1 run in ~20 with
    # two conversions at once); the PDFs were complete by then, and the script said so.
    if done.returncode != 0 and _DONE not in done.stdout.splitlines():
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BuildError(
            "PDF-konverteringen med LibreOffice feilet: " + (detail[-1] if detail else f"status {done.returncode}")
        )


def _check_pdfs(docx_paths: list[Path], temps: list[Path]) -> None:
    """Every converted file exists and starts like a PDF."""
    for src, tmp in zip(docx_paths, temps):
        if not tmp.is_file() or tmp.stat().st_size == 0 or not tmp.read_bytes()[:5] == b"%PDF-":
            raise BuildError(f"LibreOffice avsluttet uten feil, men laget ingen PDF for {Path(src).name}")


def _stop(office: subprocess.Popen[bytes], *, patient: bool) -> None:
    """Let soffice finish (the script asked it to terminate); after a failure, or when it does
    not stop, end its process group (only the soffice started here)."""
    for sig, wait in ((None, 15 if patient else 0), (signal.SIGTERM, 5), (signal.SIGKILL, 15)):
        if sig is not None:
            try:
                os.killpg(office.pid, sig)
            except ProcessLookupError:
                break
        try:
            office.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    if office.stderr:
        office.stderr.close()
