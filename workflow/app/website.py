"""``plan site`` and ``plan serve`` at the edge: read the plan and its stage history from git,
build each stage's documents from that tag (exactly what ``plan verify`` rebuilds), optionally
convert them to PDF/A, and hand the data to the pure site builder (``workflow/site``)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.revision import documents, line_of, load_at, repository, round_at
from workflow.documents.pdf import find_soffice, to_pdfa
from workflow.errors import GitError, PlanError, WorkflowError
from workflow.process import git as g
from workflow.site.build import Current, History, Version, build_site
from workflow.site.write import write_site

if TYPE_CHECKING:
    from workflow.process.git import Repository
    from workflow.process.tags import StageTag
    from workflow.site.serve import Preview, Server


def history(
    repo: Repository,
    root: Path,
    commit: str,
    *,
    pdf: bool = False,
    until: str | None = None,
    echo: Callable[[str], None] | None = None,
) -> History:
    """The stage tags on the line of ``commit`` (up to the tag ``until``, when it is one of
    them) and a version (plan and documents) for each tag that records a treatment; ``echo``
    is told of each version as its documents are built."""
    tags = line_of(repo, commit)
    names = [t.name for t in tags]
    if until in names:  # a later stage on the same commit is not part of the site at ``until``
        tags = tags[: names.index(until) + 1]
    versions: list[Version] = []
    treated = [t for t in tags if t.treatment is not None]
    for n, tag in enumerate(treated, start=1):
        if echo is not None:
            echo(f"  versjon {n} av {len(treated)}: {tag.name}")
        version = plan_at(repo, root, tag)
        if version.project is not None:
            project = version.project
            files = documents(repo, root, tag.commit, project, round_at(repo, root, tag.name, project))
            version = Version(tag, project, (), tuple(sorted(files.items())))
        versions.append(version)
    if pdf:
        if echo is not None:
            echo("  dokumentene som PDF/A (LibreOffice)")
        versions = _with_pdfs(versions)
    programme = tuple(g.programme_tags(repo, merged=commit))  # the planprogram
    return History(tuple(tags), tuple(versions), programme, action_versions(repo, root, commit))


def action_versions(repo: Repository, root: Path, commit: str) -> tuple[Version, ...]:
    """The yearly action plans' readable treatments on the line of ``commit``, each with the plan
    at its tag (for the postliste's records; the site does not publish their documents)."""
    return tuple(
        plan_at(repo, root, tag) for tag in g.action_plan_tags(repo, merged=commit) if tag.treatment is not None
    )


def plan_at(repo: Repository, root: Path, tag: StageTag) -> Version:
    """The plan at ``tag`` as a version without documents, or the problems that stop reading it."""
    try:
        project, _ = load_at(repo, root, tag.commit)
    except PlanError as exc:
        return Version(tag, None, tuple(exc.problems))
    return Version(tag, project)


def _with_pdfs(versions: list[Version]) -> list[Version]:
    """Each version's documents plus their PDF/A copies, all converted in one LibreOffice run."""
    with tempfile.TemporaryDirectory(prefix="plan-site-pdf-") as work:
        sources = []  # (version number, document name, path of its copy)
        for n, version in enumerate(versions):
            for name, data in version.documents:
                path = Path(work) / "docx" / f"{n}--{name}"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                sources.append((n, name, path))
        pdfs = to_pdfa([path for _, _, path in sources], Path(work) / "pdf")
        extra: dict[int, list[tuple[str, bytes]]] = {}
        for (n, name, _), pdf in zip(sources, pdfs):
            extra.setdefault(n, []).append((Path(name).stem + ".pdf", pdf.read_bytes()))
        return [
            Version(v.tag, v.project, v.problems, tuple(sorted(v.documents + tuple(extra.get(n, ())))))
            for n, v in enumerate(versions)
        ]


def gather(
    root: Path, rev: str | None = None, *, pdf: bool = False, echo: Callable[[str], None] | None = None
) -> tuple[History, Current]:
    """Everything ``plan site`` shows, read from git at ``rev`` (default HEAD)."""
    with repository(root) as repo:
        commit = g.resolve_commit(repo, rev) if rev else g.head_commit(repo)
        project, _ = load_at(repo, root, commit)
        when = g.commit_date(repo, commit).date()
        return history(repo, root, commit, pdf=pdf, until=rev, echo=echo), Current(project, (), commit, when)


def working_history(root: Path) -> History:
    """The history behind the working tree (``plan serve``): the stage tags on HEAD's line;
    empty outside git or before the first commit."""
    try:
        with repository(root) as repo:
            return history(repo, root, g.head_commit(repo))
    except GitError:
        return History()


@dataclass(frozen=True)
class Site:
    """The site ``plan site`` wrote."""

    target: Path  # the folder it was written to
    files: dict[str, bytes]  # {site path: bytes}
    versions: int  # the versions of the plan it shows
    uncommitted: int  # files under plan/ or templates/ changed in the working tree, left out

    @property
    def pages(self) -> int:
        return sum(p.endswith(".html") for p in self.files)


def write_website(
    root: Path,
    rev: str | None = None,
    *,
    outdir: Path | None = None,
    pdf: bool = False,
    echo: Callable[[str], None] | None = None,
) -> Site:
    """Build the site of the plan at ``rev`` (None: HEAD) from git and write it to ``outdir``
    (default: output/site/ in the plan repository), replacing the folder in one step; with
    ``pdf``, the documents also as PDF/A (LibreOffice, checked before anything is built).
    ``echo`` is told how the work goes (each version, then the pages)."""
    if pdf:
        find_soffice()
    past, current = gather(root, rev, pdf=pdf, echo=echo)
    uncommitted = 0
    if rev is None:  # the site is built from git: count the working tree's changes it leaves out
        with repository(root) as repo:
            uncommitted = len(g.dirty_paths(repo, root))
    if echo is not None:
        echo("  lager sidene")
    files = build_site(past, current)
    target = outdir if outdir is not None else root / "output" / "site"
    write_site(files, target)
    return Site(target, files, len(past.versions), uncommitted)


def start_preview(root: Path, host: str = "127.0.0.1", port: int = 8000) -> tuple[Server, Preview]:
    """``plan serve``: the preview of the working tree (with HEAD's history from git) built
    once and watched for changes, and its web server bound to ``host``:``port`` (0: a free
    port), not yet serving. ``server.serve_forever()`` serves it; ``preview.stop()`` and
    ``server.server_close()`` end both."""
    from workflow.site.serve import Preview, start  # lazy: only plan serve loads the preview server

    preview = Preview(root, working_history(root))
    try:
        server, _ = start(preview, host, port)
    except OSError as exc:
        raise WorkflowError(f"kunne ikke starte serveren på {host}:{port}: {exc.strerror or exc}") from None
    return server, preview
