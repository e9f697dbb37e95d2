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
import select
import tempfile
import threading
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

# Runs under a Python that has ``uno``. argv: pipe name, start timeout, the done mark. It reads one
# JSON list of [docx, pdf] pairs per line from stdin and answers each line with the done mark (or
# "!" and the problem), so one LibreOffice serves many conversions.
_CONVERT = r"""
import json, sys, time
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

pipe, start_timeout, DONE = sys.argv[1], float(sys.argv[2]), sys.argv[3]
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

def convert(source, target):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                       (prop("Hidden", True), prop("ReadOnly", False)))
    if doc is None:
        raise RuntimeError(f"LibreOffice kunne ikke \u00e5pne {source}")  # ASCII: the script is an argument
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

try:
    for line in sys.stdin:
        try:
            for source, target in json.loads(line):
                convert(source, target)
        except Exception as exc:
            print("!" + " ".join(str(exc).split()), flush=True)
            continue
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
    """Convert each .docx to ``outdir/<name>.pdf`` (PDF/A-2b, contents lists updated), all in
    one LibreOffice run with a private profile; each PDF is written under a temporary name and
    renamed, so a failure never leaves half a file."""
    if not docx_paths:
        return []
    with Converter(work_in=work_in) as converter:
        return converter.convert(docx_paths, outdir)


class Converter:
    """One LibreOffice kept running (a listener, as unoserver keeps one) for many conversions:
    its start-up (1–3 s) is paid once, each later batch costs only its own conversion. Use it as
    a context manager; ``close()`` stops LibreOffice and removes its profile. Thread-safe: one
    batch at a time."""

    def __init__(self, *, work_in: Path | None = None) -> None:
        soffice = find_soffice()
        python = find_uno_python(soffice)
        program = Path(os.path.realpath(soffice)).parent
        self._work = Path(tempfile.mkdtemp(prefix="plan-pdf-", dir=work_in))  # work_in: a build's staging folder
        scratch = self._work / "tmp"
        scratch.mkdir()
        self._lock = threading.Lock()
        self._batches = 0
        pipe = f"plan-{os.getpid()}-{uuid.uuid4().hex}"
        self._office = _start_office(soffice, self._work, scratch, pipe)
        try:
            self._bridge: subprocess.Popen[str] | None = _start_bridge(python, program, pipe, self._work, scratch)
        except OSError as exc:
            self._bridge = None
            self.close(patient=False)
            raise BuildError(f"PDF-konverteringen med LibreOffice kunne ikke starte: {exc.strerror}") from None

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(patient=exc[0] is None)

    def convert(self, docx_paths: list[Path], outdir: Path) -> list[Path]:
        """``outdir/<stem>.pdf`` for each .docx, written atomically; a failure raises BuildError."""
        outdir.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._batches += 1
            temps = [self._work / f"{self._batches}-{i}.pdf" for i in range(len(docx_paths))]
            jobs = [[_real_name(Path(src).resolve()), _real_name(tmp)] for src, tmp in zip(docx_paths, temps)]
            try:
                first = START_TIMEOUT if self._batches == 1 else 0.0
                self._ask(jobs, first + PER_DOCUMENT_TIMEOUT * len(jobs))
                _check_pdfs(docx_paths, temps)
                targets = [outdir / (Path(p).stem + ".pdf") for p in docx_paths]
                for tmp, target in zip(temps, targets):
                    write_atomic(target, tmp.read_bytes())
                return targets
            finally:
                for tmp in temps:
                    tmp.unlink(missing_ok=True)

    def _ask(self, jobs: list[list[str]], timeout: float) -> None:
        """Send one batch to the bridge and wait for its answer line; a failure raises."""
        bridge = self._bridge
        gone = BuildError("PDF-konverteringen med LibreOffice feilet: LibreOffice er ikke lenger i gang")
        if bridge is None or bridge.stdin is None or bridge.poll() is not None:
            raise gone
        try:
            bridge.stdin.write(json.dumps(jobs) + "\n")
            bridge.stdin.flush()
        except OSError:
            raise gone from None
        answer = _read_line(bridge, timeout)
        if answer is None:
            self.close(patient=False)
            raise BuildError(f"LibreOffice brukte mer enn {timeout:.0f} sekunder på PDF-konverteringen og ble stoppet")
        if answer.rstrip("\n") != _DONE:
            detail = answer[1:].strip() if answer.startswith("!") else _bridge_problem(bridge)
            raise BuildError("PDF-konverteringen med LibreOffice feilet: " + detail)

    def close(self, *, patient: bool = True) -> None:
        """Stop the bridge and LibreOffice (only the processes started here) and remove the work
        folder. Safe to call twice."""
        bridge, self._bridge = self._bridge, None
        if bridge is not None:
            _end_bridge(bridge)
        _stop(self._office, patient=patient and bridge is not None)
        shutil.rmtree(self._work, ignore_errors=True)


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
        stderr=subprocess.DEVNULL,  # a warm converter runs for hours: nobody reads it, so it never fills
        start_new_session=True,
        # its own temporary files (lu*.tmp) go into the work folder, so they are removed
        # with it even after a kill
        env=dict(_utf8(dict(os.environ)), TMPDIR=str(scratch)),
    )


def _start_bridge(python: str, program: Path, pipe: str, work: Path, scratch: Path) -> subprocess.Popen[str]:
    """The UNO script, connecting to the started soffice, then waiting for batches on stdin."""
    return subprocess.Popen(
        [python, "-c", _CONVERT, pipe, str(START_TIMEOUT), _DONE],
        env=dict(_uno_env(python, program), TMPDIR=str(scratch)),
        # an ASCII folder: pyuno fails to import __main__ from some others (the work folder
        # lies in the output folder, whose name may have æøå)
        cwd=work if str(work).isascii() else "/",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,
    )


def _read_line(bridge: subprocess.Popen[str], timeout: float) -> str | None:
    """The bridge's next line of output ("" when it ended), or None after ``timeout`` seconds."""
    assert bridge.stdout is not None
    ready, _, _ = select.select([bridge.stdout], [], [], timeout)
    return bridge.stdout.readline() if ready else None


def _bridge_problem(bridge: subprocess.Popen[str]) -> str:
    """The last line the ended bridge wrote on stderr, or its exit status."""
    try:
        bridge.wait(timeout=5)
        lines = (bridge.stderr.read() if bridge.stderr else "").strip().splitlines()
    except (subprocess.TimeoutExpired, OSError):
        lines = []
    return lines[-1] if lines else f"status {bridge.returncode}"


def _end_bridge(bridge: subprocess.Popen[str]) -> None:
    """Close the bridge's input (it then asks LibreOffice to terminate) and wait for it. The UNO
    bridge can crash while LibreOffice shuts down (seen: SIGSEGV, 1 run in ~20 with two
    conversions at once); every PDF was complete by then, and the bridge had said so."""
    try:
        if bridge.stdin:
            bridge.stdin.close()
        bridge.wait(timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        try:
            os.killpg(bridge.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        bridge.wait()
    for stream in (bridge.stdout, bridge.stderr):
        if stream:
            stream.close()


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
