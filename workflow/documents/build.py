"""Project → the council documents: the plan document and the saksframlegg, as bytes; then
written atomically into the output folder with a manifest.

``build_documents`` is pure apart from reading the templates: the same project, history,
changes, templates and ``when`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from workflow.documents.context import CasePartMaker, case_context, default_body, plan_context, programme_sentence
from workflow.documents.names import CASE_TEMPLATE, PLAN_TEMPLATE, document_names, template_for
from workflow.documents.outputs import write_set
from workflow.documents.render import (
    Template,
    docx_bytes,
    find_template,
    render_docx,
    render_parts,
    undeclared_names,
)
from workflow.documents.situation import (
    SITUATION_TEMPLATE,
    add_indicator_charts,
    build_situation_document,
    situation_context,
    situation_name,
)
from workflow.errors import BuildError, GitError, Problem, TemplateError
from workflow.plan.model import Body, Plan, Project, Treatment
from workflow.plan.source import TEMPLATES_DIR, Source
from workflow.process.git import head_date, open_repo
from workflow.resources import default_templates_dir

FALLBACK_WHEN = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def find_body(project: Project, body: str | None, history: Sequence[Treatment]) -> Body:
    if body is None:
        return default_body(project, history)
    for candidate in project.process.bodies:
        if candidate.id == body:
            return candidate
    known = ", ".join(b.id for b in project.process.bodies)
    raise BuildError(f"ukjent organ «{body}» (organene i plan/prosess.yaml: {known})")


def build_documents(
    project: Project,
    root: Path,
    *,
    when: dt.datetime | dt.date,
    body: str | None = None,
    history: Sequence[Treatment] = (),
    changes: Sequence[dict] | None = None,
    source: Source | None = None,
    meeting: Treatment | None = None,
    base: str | None = None,
    programme: Treatment | None = None,
    part: CasePartMaker,
) -> dict[str, bytes]:
    """{file name: .docx bytes} for the plan document and the saksframlegg for ``body``.

    ``body``: the id of the body the saksframlegg goes to (default: the next meeting body after
    the last one in ``history``, or the first «innstiller»). ``history``: earlier treatments, in
    order. ``changes``: sections ``{"område": str, "linjer": [str]}`` for «Endringer siden
    forrige behandling» (None: no such section). ``source``: a git revision whose
    ``templates/`` to use instead of the working tree's. ``meeting``: the body's own
    meeting when known (``plan advance``, or the clerk's coming meeting), shown in its row of
    the saksgang; at the deciding body's adoption the plan document says it is adopted.
    ``base``: the version ``changes`` compare with, in words. ``programme``: the treatment that
    fixed the planning programme, told under the saksgang. ``part``: the maker of
    participation's part of the saksframlegg (``participation.case.case_part``).
    """
    plan_name, case_name = document_names(project.plan)
    target = find_body(project, body, list(history))
    changed = None if changes is None else list(changes)
    case_ctx = case_context(project, target, list(history), changed, when, meeting=meeting, base=base, part=part)
    case_ctx["case"]["programme"] = programme_sentence(project, programme)
    situation = None
    if project.situation is not None:  # the ståstedsanalyse (workflow/documents/situation.py)
        situation = situation_name(project)  # listed by its title in «Vedlegg» (case_attachments)
    case_doc = render_docx(
        find_template(template_for(CASE_TEMPLATE, project.plan.language), root, source),
        case_ctx,
        title=f"Saksframlegg: {case_ctx['case']['title']}",
        when=when,
    )
    plan_doc = build_plan_document(project, root, when=when, source=source, stage=case_ctx["stage"])
    files = {plan_name: plan_doc, case_name: case_doc}
    if situation is not None:
        files[situation] = build_situation_document(project, root, when=when, source=source)
    return files


def build_plan_document(
    project: Project,
    root: Path,
    *,
    when: dt.datetime | dt.date,
    source: Source | None = None,
    stage: dict | None = None,
) -> bytes:
    """The plan document alone, with the ambitions' indicator charts (what ``plan diff
    --format docx`` redlines). ``stage``: where the plan stands (``context.plan_stage``);
    default a draft."""
    return docx_bytes(plan_document_parts(project, root, when=when, source=source, stage=stage))


def plan_document_parts(
    project: Project,
    root: Path,
    *,
    when: dt.datetime | dt.date,
    source: Source | None = None,
    stage: dict | None = None,
    render: Callable[..., Any] = render_parts,
) -> Any:
    """``build_plan_document`` before zipping: its parts (``render_parts``), or as ``render``
    gives them (``render_serialised``, ``render_package``: the redline's A and B)."""
    template = find_template(template_for(PLAN_TEMPLATE, project.plan.language), root, source)
    plan_ctx = add_indicator_charts(plan_context(project, when=when, stage=stage), project)
    return render(template, plan_ctx, title=plan_ctx["plan"]["full_title"], when=when)


Receive = Callable[[], Any]  # what the parent sent with ``Started.send``, in order


class Started:
    """Work started in a forked child (``background``, where the system can fork) or run here
    when its results are asked for. The work is a generator function: it yields its picklable
    results one by one, and may wait for values the parent sends (``send``) with the
    ``receive`` it is given. Call the ``Started`` for the next result. Both ways go through a
    temporary file, with only each value's place told down a pipe: the child writes each
    result as soon as it is made, so neither waits for the other to read (a result of
    megabytes does not wait, a pipe at a time, for a busy parent). When the child fails, the work is redone
    here (results already taken skipped), so its error is raised as always. ``cancel()`` ends
    the child (killed if it still runs)."""

    def __init__(self, work: Callable[[Receive], Iterator[Any]], background: bool) -> None:
        self.work = work
        self.sent: list[Any] = []
        self.taken = 0
        self.here: Iterator[Any] | None = None
        self.pid: int | None = None
        if not background or not hasattr(os, "fork"):
            return
        self.box = tempfile.TemporaryFile()  # what the parent sends; offsets told on the inbox pipe
        self.box_end = 0
        self.outbox = tempfile.TemporaryFile()  # the child's results; offsets told on the results pipe
        results, results_w = os.pipe()
        inbox, self.inbox_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: only the work, its results in the outbox, and out without clean-up
            code = 1
            try:
                os.close(results)
                os.close(self.inbox_w)
                end = 0
                for item in work(lambda: _take(inbox, self.box.fileno())):
                    end = _post(pickle_dumps(item), self.outbox.fileno(), end, results_w)
                code = 0
            finally:
                os._exit(code)
        os.close(results_w)
        os.close(inbox)
        self.pid, self.results = pid, results

    def send(self, value: Any) -> None:
        """Give the work ``value`` (its next ``receive()``)."""
        self.sent.append(value)
        if self.pid is None:
            return
        try:
            self.box_end = _post(pickle_dumps(value), self.box.fileno(), self.box_end, self.inbox_w)
        except BrokenPipeError:
            pass  # the child has ended: its results, or the work redone here, tell what happened

    def __call__(self) -> Any:
        if self.pid is not None:
            try:
                result = _take(self.results, self.outbox.fileno())
            except EOFError:  # the child ended before this result
                self.cancel()
            else:
                self.taken += 1
                return result
        if self.here is None:  # no child, or it failed: the work here, skipping what was taken
            received = iter(range(1 << 62))  # what the work takes next: sent before or after this
            self.here = self.work(lambda: self.sent[next(received)])
            for _ in range(self.taken):
                next(self.here)
        self.taken += 1
        return next(self.here)

    def cancel(self) -> None:
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if os.waitpid(self.pid, os.WNOHANG) == (0, 0):  # still freeing its memory: reaped aside, not awaited
            threading.Thread(target=os.waitpid, args=(self.pid, 0), daemon=True).start()
        for fd in (self.results, self.inbox_w):
            os.close(fd)
        self.box.close()
        self.outbox.close()
        self.pid = None


def _post(data: bytes, box: int, end: int, pipe: int) -> int:
    """Write ``data`` at ``end`` of the file ``box`` and tell its place down ``pipe`` (16 bytes,
    never a wait); returns the new end."""
    os.pwrite(box, data, end)
    _write_all(pipe, end.to_bytes(8, "little") + len(data).to_bytes(8, "little"))
    return end + len(data)


def _take(pipe: int, box: int) -> Any:
    """The next value posted (``_post``) to ``box``, once its place comes down ``pipe``;
    EOFError when the pipe ends first."""
    header = _read_exactly(pipe, 16)
    if header is None:
        raise EOFError("nothing more was sent")
    offset, length = int.from_bytes(header[:8], "little"), int.from_bytes(header[8:], "little")
    return pickle.loads(os.pread(box, length, offset))


def _read_exactly(fd: int, n: int) -> bytes | None:
    """``n`` bytes from ``fd``, or None at its end before them."""
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def pickle_dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def template_problems(
    project: Project, root: Path, source: Source | None = None, *, part: CasePartMaker, skip_shipped: bool = True
) -> list:
    """Problems in the templates, each naming the template: missing, not a .docx, Jinja syntax,
    names the context does not have. The saksframlegg is also tried with a sample treatment and
    changes, so the parts shown only later in the process are checked too. Templates identical
    to the shipped ones are skipped unless ``skip_shipped`` is false: the test suite checks those.
    ``part``: as for ``build_documents``."""
    project = project.model_copy(update={"plan": _sample_plan(project.plan)})
    problems: list = []
    for name, make_variants in _template_contexts(project, part).items():
        where = f"{TEMPLATES_DIR}/{name}"
        try:
            template = find_template(template_for(name, project.plan.language), root, source)
            if skip_shipped and _is_shipped(template):
                continue
            variants = make_variants()
            local = root.resolve() / TEMPLATES_DIR / name
            where = f"{TEMPLATES_DIR}/{name}" if Path(template.where) == local or source is not None else template.where
            unknown = [n for n in undeclared_names(template) if n not in variants[0]]
            for n in unknown:
                problems.append(Problem(where, 0, 0, f"malen bruker navnet «{n}», som ikke finnes i dataene"))
            if unknown:
                continue
            for context in variants:
                render_docx(template, context, title="", when=FALLBACK_WHEN)
        except TemplateError as exc:
            problems.append(Problem(where, 0, 0, exc.message))
    return problems


def _template_contexts(project: Project, part: CasePartMaker) -> dict[str, Callable[[], list[dict]]]:
    """{template name: a maker of the contexts to try it with}; the contexts are made only for
    templates that are checked."""

    def case_variants() -> list[dict]:
        sample = _sample_history(project)
        return [
            case_context(project, default_body(project), (), None, FALLBACK_WHEN, part=part),
            case_context(
                project,
                default_body(project, sample),
                sample,
                [{"område": "–", "linjer": ["–"]}],
                FALLBACK_WHEN,
                meeting=sample[0],
                base="–",
                part=part,
            ),
        ]

    contexts: dict[str, Callable[[], list[dict]]] = {
        PLAN_TEMPLATE: lambda: [plan_context(project, when=FALLBACK_WHEN)],
        CASE_TEMPLATE: case_variants,
    }
    if project.situation is not None:  # the situation analysis, its charts left out (no drawing in a check)

        def situation_variants() -> list[dict]:
            ctx = situation_context(project, when=FALLBACK_WHEN)
            for chapter in ctx["situation"]["chapters"]:
                for block in chapter["blocks"]:
                    block["chart"] = None
            return [ctx]

        contexts[SITUATION_TEMPLATE] = situation_variants
    return contexts


def _is_shipped(template: Template) -> bool:
    shipped = default_templates_dir() / template.name
    return shipped.is_file() and shipped.read_bytes() == template.data


def _sample_plan(plan: Plan) -> Plan:
    """A smaller plan that takes the same template branches: per list, the first item plus, for
    every field, one item where it is empty and one where it is set (when the plan has them).
    Checking templates against it costs the same for 20 measures as for 2,000."""

    def sample(items: tuple) -> tuple:
        keep = {0} if items else set()
        for name in type(items[0]).model_fields if items else ():
            for wanted in (True, False):
                hit = next((i for i, item in enumerate(items) if bool(getattr(item, name)) is wanted), None)
                if hit is not None:
                    keep.add(hit)
        return tuple(items[i] for i in sorted(keep))

    areas = tuple(
        area.model_copy(
            update={
                "goals": sample(area.goals),
                "ambitions": sample(area.ambitions),
                "strategies": sample(area.strategies),
                "measures": sample(area.measures),
            }
        )
        for area in sample(plan.focus_areas)
    )
    return plan.model_copy(update={"focus_areas": areas})


def _sample_history(project: Project) -> list[Treatment]:
    """One full treatment by the first «innstiller» body, for checking templates."""
    body = next((b for b in project.process.bodies if b.role == "innstiller"), project.process.bodies[0])
    return [
        Treatment.model_validate(
            {
                "organ": body.id,
                "dato": dt.date(2000, 1, 1),
                "sak": "PS 1/00",
                "utfall": "innstilling",
                "vedtak": "–",
                "innstilling": "–",
                "forslag": [{"tekst": "–", "fremmet_av": "–", "stemmer": "–"}],
                "votering": "–",
                "høringsfrist": dt.date(2000, 1, 1),
                "vedtatte_endringer": ["–"],
            }
        )
    ]


def build_time(root: Path, source: Source | None = None) -> dt.datetime:
    """The date documents carry: the commit's committer date (``--rev``, or HEAD for the
    working tree), or 2000-01-01 UTC outside git / before the first commit. Never the clock."""
    if source is not None and source.commit_date is not None:
        return source.commit_date
    try:
        with open_repo(root) as repo:
            return head_date(repo)
    except GitError:  # outside git, or no commits yet
        return FALLBACK_WHEN


# --- writing ------------------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_outputs(
    files: dict[str, bytes],
    outdir: Path,
    *,
    revision: str,
    digest: str,
    derive: Callable[[list[Path], Path, Path], dict[str, str]] | None = None,
) -> Path:
    """Write the documents into ``outdir`` as one set with ``manifest.json`` beside them (sha256
    of each file, the revision, the plan digest, the tool version): all or nothing, replacing
    or deleting only files the tool wrote (see ``outputs.write_set``). Returns the manifest path."""
    return write_set(files, outdir, revision=revision, digest=digest, derive=derive)[0]
