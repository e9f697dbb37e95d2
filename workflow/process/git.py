"""The only module that touches git (and the only one importing GitPython). User strings
never reach git as options.

Git is run as a program with argument lists (``_run``); GitPython, the project's library for
reading the files of a commit through one ``git cat-file`` process, is imported only when a
command reads files from history (``GitSource``), so a build of the working tree does not pay
for it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import os
import posixpath
import re
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workflow.errors import GitError
from workflow.files import READ_LIMIT, explain
from workflow.plan.source import PLAN_DIR, TEMPLATES_DIR
from workflow.process.tags import (
    StageTag,
    parse_action_tag,
    parse_programme_tag,
    parse_tag,
    read_action_tag,
    read_programme_tag,
    read_tag,
)

if TYPE_CHECKING:
    import git
    from git.objects.base import IndexObjUnion


class Repository:
    """A git repository, by the top of its working tree. Close it (or use ``with``) to end
    the ``git cat-file`` process GitPython keeps once files were read from history."""

    def __init__(self, top: Path) -> None:
        self.working_tree_dir = str(top)
        self._objects: git.Repo | None = None
        # Tags read so far, by their raw record: git is asked every time (tags may come and
        # go), but a tag message is parsed once per Repository (a redline reads the tags 4 times).
        self.read_tags: dict[tuple[str, ...], StageTag | None] = {}

    @property
    def objects(self) -> git.Repo:
        """GitPython's view of the repository, for reading commits and their trees."""
        if self._objects is None:
            import git  # lazy: GitPython, only for commands that read files from history

            self._objects = git.Repo(self.working_tree_dir)
        return self._objects

    def close(self) -> None:
        if self._objects is not None:
            self._objects.close()
            self._objects = None

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_repo(root: Path) -> Repository:
    """The git repository holding ``root``: the nearest folder at or above it with a ``.git``
    (a folder, or a file as in a linked worktree), found without running git."""
    start = Path(root).absolute()
    if start.is_dir():
        for folder in (start, *start.parents):
            if (folder / ".git").exists():
                return Repository(folder)
    raise GitError(f"{root} er ikke et git-depot (lag et med «git init», eller bruk plan init)")


def _check_rev(rev: str) -> None:
    if not rev or rev.startswith("-") or any(ord(c) < 32 or ord(c) == 127 for c in rev):
        raise GitError(f"ugyldig revisjon «{_shown(rev)}»: en revisjon er et tagnavn, en gren eller en commit-id")


def resolve_commit(repo: Repository, rev: str) -> str:
    """The full id of the commit a revision (tag, branch, commit id, reflog forms such as
    ``main@{1.day.ago}``) names; git itself resolves it."""
    _check_rev(rev)
    done = _run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    sha = done.stdout.decode("ascii", "replace").strip() if done.returncode == 0 else ""
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha):
        raise GitError(f"fant ikke revisjonen «{_shown(rev)}» i git-depotet{shallow_hint(repo)}")
    return sha


def _commit_object(repo: Repository, rev: str) -> git.Commit:
    """GitPython's commit for a revision (its objects are read through one cat-file process)."""
    import git  # lazy: GitPython, as above
    import gitdb.exc  # lazy: GitPython's object database

    sha = resolve_commit(repo, rev)  # git resolves every form it knows (main@{1.day.ago} …)
    try:
        return repo.objects.commit(sha)
    except (git.BadName, gitdb.exc.BadName, gitdb.exc.BadObject, ValueError, IndexError, TypeError):
        raise GitError(f"revisjonen «{_shown(rev)}» peker på et objekt som mangler i git-depotet") from None


def _shown(text: str, limit: int = 80) -> str:
    text = "".join(c if c.isprintable() else "\ufffd" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_shallow(repo: Repository) -> bool:
    """Whether the repository is a shallow clone (part of the history is missing)."""
    done = _run(repo, "rev-parse", "--is-shallow-repository")
    return done.returncode == 0 and done.stdout.strip() == b"true"


SHALLOW_FIX = "hent hele historikken med «git fetch --unshallow»"


def incomplete_history(repo: Repository) -> str | None:
    """The sentence ``plan log``/``status``/``verify`` show in a shallow clone, else None."""
    if not is_shallow(repo):
        return None
    return (
        "Historikken er ufullstendig: git-depotet er en grunn klone (shallow clone), så eldre "
        f"commiter og behandlinger kan mangle. For å se alt: {SHALLOW_FIX}."
    )


def shallow_hint(repo: Repository) -> str:
    """A sentence for messages when the history is incomplete ('' for a full clone)."""
    try:
        return f" (depotet er en grunn klone uten hele historikken: {SHALLOW_FIX})" if is_shallow(repo) else ""
    except OSError:
        return ""


@contextmanager
def stage_lock(repo: Repository, wait: float = 30.0) -> Iterator[None]:
    """Hold the repository's stage lock (a ``flock`` on a file in the git folder) while the
    checks and the tag of ``plan advance``/``plan revise`` run, so two of them at once cannot
    both pass the checks. The lock dies with the process; waits up to ``wait`` seconds."""
    common = _check(_run(repo, "rev-parse", "--git-common-dir"), "å finne git-mappen").strip()
    path = Path(repo.working_tree_dir) / common / "plan-stage.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise GitError(f"kunne ikke låse git-depotet ({path}): {explain(exc)}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise GitError(
                        "en annen «plan advance» eller «plan revise» arbeider i dette git-depotet nå: "
                        "vent til den er ferdig, og prøv igjen"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


class GitSource:
    """The files of one commit, read from git objects (one cat-file process), not the working tree."""

    def __init__(self, repo: Repository, rev: str, root: Path) -> None:
        self.repo = repo
        self._commit = _commit_object(repo, rev)
        self.commit: str | None = self._commit.hexsha
        self.revision: str = self._commit.hexsha
        self.commit_date: dt.datetime = self._commit.committed_datetime  # a commit always has one
        # The plan repository may be a folder inside a larger git repository.
        rel = root.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
        self._sub = "" if rel == "." else rel + "/"
        self._objects: dict[str, Any] = {}  # path → object, so each tree is read once

    def read(self, path: str) -> bytes | None:
        try:
            return self._read(path)
        except ValueError:  # GitPython: «SHA … could not be resolved, git returned: … missing»
            raise self._missing(path) from None

    def _missing(self, path: str) -> GitError:
        return GitError(
            f"kan ikke lese {path} i revisjon {self.revision[:10]}: git-depotet mangler objekter (det er skadet "
            "eller ufullstendig); kjør «git fsck», og hent depotet på nytt (git fetch eller en ny klone)"
        )

    def _read(self, path: str) -> bytes | None:
        obj = self._lookup(f"{self._sub}{path}", path)
        if obj is None or obj.type != "blob":
            return None
        if obj.size > READ_LIMIT:
            raise GitError(
                f"{path} er større enn {READ_LIMIT // 1_000_000} MB i revisjon {self.revision[:10]}; så store filer leses ikke"
            )
        return obj.data_stream.read()

    def _lookup(self, full: str, shown: str, hops: int = 0) -> IndexObjUnion | None:
        """The object at ``full`` in the commit's tree, following symbolic links inside the tree
        as the working tree does (so ``--rev`` and the working tree see the same files); a link
        leading out of the repository is refused."""
        parts = [p for p in full.split("/") if p]
        for k in range(1, len(parts) + 1):
            prefix = "/".join(parts[:k])
            obj = self._objects.get(prefix)
            if obj is None:
                parent = self._objects[posixpath.dirname(prefix)] if k > 1 else self._commit.tree
                if parent.type != "tree":  # a file where a folder was expected
                    return None
                try:
                    obj = self._objects[prefix] = parent / parts[k - 1]
                except KeyError:
                    return None
            if obj.type == "blob" and obj.mode & 0o170000 == 0o120000:  # a symbolic link
                target = obj.data_stream.read().decode("utf-8", "replace")
                joined = posixpath.normpath(posixpath.join(posixpath.dirname(prefix), target, *parts[k:]))
                if hops >= 40:
                    raise GitError(f"kan ikke lese {shown}: symbolske lenker i ring")
                if target.startswith("/") or joined == ".." or joined.startswith("../"):
                    raise GitError(f"{shown} er en symbolsk lenke til {target}, utenfor plandepotet; den leses ikke")
                return self._lookup(joined, shown, hops + 1)
        return obj if parts else None

    def list(self, directory: str) -> list[str]:
        try:
            tree: Any = self._commit.tree / f"{self._sub}{directory}"
        except KeyError:
            return []
        except ValueError:
            raise self._missing(directory) from None
        n = len(self._sub)
        try:
            return sorted(b.path[n:] for b in tree.traverse() if b.type == "blob")
        except ValueError:
            raise self._missing(directory) from None

    def close(self) -> None:
        self.repo.close()

    def __enter__(self) -> GitSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- running git: argument lists only, user text only through stdin ---------------------------


def _run(
    repo: Repository | None, *args: str, input: str | None = None, env: dict | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    # GIT_OPTIONAL_LOCKS=0: reading commands (status) never rewrite the index as a side effect
    full_env = dict(os.environ, LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    if env:
        full_env.update(env)
    return subprocess.run(
        ["git", *args],
        cwd=cwd or (repo.working_tree_dir if repo is not None else None),
        env=full_env,
        input=input.encode("utf-8") if input is not None else None,
        capture_output=True,
    )


def _check(done: subprocess.CompletedProcess[bytes], what: str) -> str:
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        said = f"git sier «{detail[-1].strip()}»" if detail else f"git avsluttet med status {done.returncode}"
        raise GitError(f"{what} feilet: {said}")
    return done.stdout.decode("utf-8", "replace")


_FULL_ID = re.compile("[0-9a-f]{40}")
_FIELDS = ("%(refname:strip=2)", "%(objecttype)", "%(*objectname)", "%(taggerdate:raw)", "%(contents)")
_END = "\x00\x1e\x1e\x00"


def stage_tags(repo: Repository, merged: str | None = None) -> list[StageTag]:
    """Every annotated tag whose name follows the stage scheme, with its treatment read from
    the message, in order (meeting date, tagger date). One ``git for-each-ref`` call.

    ``merged``: only tags whose commit is reachable from this commit (its line of history),
    given by its full id or any revision.
    """
    found = _read_tags(repo, merged, parse_tag, read_tag)
    found.sort(key=lambda t: t.order_key())
    return found


def _read_tags(
    repo: Repository,
    merged: str | None,
    parse_name: Callable[[str], object],
    read: Callable[[str, str, dt.datetime | None, str], StageTag | None],
) -> list[StageTag]:
    """The annotated tags whose name ``parse_name`` accepts (no other tag is parsed at all),
    each read with ``read(name, commit, tagger date, message)``; an unreadable tagger date
    marks the tag unreadable. One ``git for-each-ref`` call."""
    return _read_tag_kinds(repo, merged, [(parse_name, read)])[0]


TagReader = tuple[Callable[[str], object], Callable[[str, str, "dt.datetime | None", str], "StageTag | None"]]


def _read_tag_kinds(repo: Repository, merged: str | None, kinds: Sequence[TagReader]) -> list[list[StageTag]]:
    """For each (parse name, read) in ``kinds``, the tags it accepts, as ``_read_tags``; all
    kinds from one ``git for-each-ref`` call. ``merged`` «HEAD» is passed to git as is."""
    fmt = "%00".join(_FIELDS) + "%00%1e%1e%00"
    args = ["for-each-ref", f"--format={fmt}"]
    if merged is not None:
        full = merged == "HEAD" or _FULL_ID.fullmatch(merged)
        args.append(f"--merged={merged if full else resolve_commit(repo, merged)}")
    args.append("refs/tags/")
    done = _run(repo, *args)
    if done.returncode != 0 and merged == "HEAD":
        head_commit(repo)  # no commit yet: says so in words
    out = _check(done, "å lese tagger")
    found: list[list[StageTag]] = [[] for _ in kinds]
    for record in out.split(_END):
        record = record.lstrip("\n")
        if not record:
            continue
        parts = record.split("\x00", 4)
        if len(parts) != 5:
            continue
        name, kind, commit, tagged, message = parts
        if kind != "tag" or not commit:
            continue
        for n, (parse_name, read) in enumerate(kinds):
            if parse_name(name) is None:
                continue
            key = (getattr(read, "__qualname__", ""), name, commit, tagged, message)
            if key in repo.read_tags:
                tag = repo.read_tags[key]
            else:
                when, problem = tagger_date(tagged)
                tag = read(name, commit, when, message)
                if tag is not None and problem and not tag.error:
                    tag = dataclasses.replace(tag, error=problem)
                repo.read_tags[key] = tag
            if tag is not None:
                found[n].append(tag)
    return found


def line_tags(repo: Repository, rev: str | None = None) -> tuple[list[StageTag], list[StageTag], list[StageTag]]:
    """The stage tags, the yearly action plans' tags and the planning programme's tags on the
    line of history that ends at ``rev`` (None: HEAD), each in order as ``stage_tags``,
    ``action_plan_tags`` and ``programme_tags`` give them; all from one ``git for-each-ref``
    call (``plan log``)."""
    stage, action, programme = _read_tag_kinds(
        repo,
        rev or "HEAD",
        [(parse_tag, read_tag), (parse_action_tag, read_action_tag), (parse_programme_tag, read_programme_tag)],
    )
    stage.sort(key=lambda t: t.order_key())
    action.sort(key=lambda t: (t.track, *t.order_key()))
    programme.sort(key=lambda t: t.order_key())
    return stage, action, programme


def tagger_date(raw: str) -> tuple[dt.datetime | None, str | None]:
    """``"1589277600 +0200"`` (git's raw date) → (aware datetime, None); (None, why) for a
    date Python cannot hold (after year 9999) or a bogus time zone."""
    m = re.fullmatch(r"\s*(\d{1,20}) ([+-])(\d\d)(\d\d)\s*", raw or "")
    if not m:
        return None, "taggen mangler en lesbar tagdato" if raw.strip() else None
    hours, minutes = int(m[3]), int(m[4])
    if hours > 14 or minutes >= 60:
        return None, f"tagdatoen har en ugyldig tidssone ({m[2]}{m[3]}{m[4]})"
    offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if m[2] == "-" else 1)
    try:
        return dt.datetime.fromtimestamp(int(m[1]), dt.timezone(offset)), None
    except (OverflowError, ValueError, OSError):
        return None, "tagdatoen er utenfor det verktøyet kan lese (etter år 9999)"


def action_plan_tags(repo: Repository, merged: str | None = None, year: int | None = None) -> list[StageTag]:
    """The tags of the yearly action plans' processes (``handlingsplan-YYYY/BODY/DATE``), in
    order; only ``year``'s when given. ``merged`` as for ``stage_tags``."""
    found = [
        tag
        for tag in _read_tags(repo, merged, parse_action_tag, read_action_tag)
        if year is None or tag.track == f"handlingsplan-{int(year)}"
    ]
    found.sort(key=lambda t: (t.track, *t.order_key()))
    return found


def programme_tags(repo: Repository, merged: str | None = None) -> list[StageTag]:
    """The tags of the planning programme's process (``planprogram/BODY/DATE``), in order.
    ``merged`` as for ``stage_tags``."""
    found = _read_tags(repo, merged, parse_programme_tag, read_programme_tag)
    found.sort(key=lambda t: t.order_key())
    return found


def last_commit_on(repo: Repository, rev: str, day: dt.date) -> str | None:
    """The newest commit on the line of ``rev`` committed on or before ``day`` (a date), or None."""
    done = _run(
        repo, "rev-list", "-1", f"--before={day.isoformat()} 23:59:59", "--end-of-options", resolve_commit(repo, rev)
    )
    out = _check(done, "git rev-list").strip()
    return out or None


def head_commit(repo: Repository) -> str:
    done = _run(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if done.returncode != 0:
        raise GitError("git-depotet har ingen commit ennå (lagre planen med «git commit» først)")
    return done.stdout.decode("ascii").strip()


def head_date(repo: Repository) -> dt.datetime:
    """The committer date of HEAD (timezone-aware); GitError before the first commit."""
    done = _run(repo, "show", "-s", "--format=%cI", "HEAD")
    if done.returncode != 0:
        raise GitError("git-depotet har ingen commit ennå (lagre planen med «git commit» først)")
    return dt.datetime.fromisoformat(done.stdout.decode("ascii").strip())


def commit_date(repo: Repository, rev: str) -> dt.datetime:
    """The committer date of the commit a revision names (timezone-aware)."""
    _check_rev(rev)
    done = _run(repo, "show", "-s", "--format=%cI", "--end-of-options", f"{rev}^{{commit}}")
    if done.returncode != 0:
        raise GitError(f"fant ikke revisjonen «{rev}» i git-depotet")
    return dt.datetime.fromisoformat(done.stdout.decode("ascii").strip())


def tag_exists(repo: Repository, name: str) -> bool:
    done = _run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"refs/tags/{name}")
    return done.returncode == 0


def valid_tag_name(repo: Repository, name: str) -> bool:
    if not name or name.startswith("-"):
        return False
    return _run(repo, "check-ref-format", f"refs/tags/{name}").returncode == 0


def create_tag(repo: Repository, name: str, commit: str, message: str, date: dt.datetime | None = None) -> None:
    """Write an annotated tag. Never moves or replaces one: an existing name is an error.

    ``date`` (a datetime) sets the tagger date, for replaying a history (``plan demo``).
    """
    if not valid_tag_name(repo, name):
        raise GitError(f"«{name}» er ikke et gyldig tagnavn")
    if tag_exists(repo, name):
        raise GitError(f"taggen {name} finnes allerede; verktøyet flytter eller sletter aldri tagger")
    env = {"GIT_COMMITTER_DATE": date.isoformat()} if date is not None else None
    if not message.endswith("\n"):
        message += "\n"
    done = _run(
        repo,
        "tag",
        "-a",
        "--cleanup=verbatim",
        "-F",
        "-",
        "--end-of-options",
        name,
        resolve_commit(repo, commit),
        input=message,
        env=env,
    )
    _check(done, f"å lage taggen {name}")


def dirty_paths(repo: Repository, root: Path, paths: Sequence[str] = (PLAN_DIR, TEMPLATES_DIR)) -> list[str]:
    """Files under ``paths`` (relative to the plan root) that differ from HEAD or are untracked."""
    done = _run(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths, cwd=root)
    out = _check(done, "git status")
    entries = out.split("\x00")
    dirty, skip = [], False
    for entry in entries:
        if skip:
            skip = False
            continue
        if not entry:
            continue
        dirty.append(entry[3:])
        if entry[0] in "RC":  # renames carry the old path as the next entry
            skip = True
    return dirty


def changed_files(
    repo: Repository, root: Path, rev: str, paths: Sequence[str] = (PLAN_DIR, TEMPLATES_DIR), against: str | None = None
) -> tuple[list[str], list[str], list[str]]:
    """(added, changed, removed) file paths under ``paths`` between ``rev`` and ``against``
    (a commit), or the working tree when ``against`` is None (untracked files count as added)."""
    args = ["diff", "--name-status", "-z", "--no-renames", resolve_commit(repo, rev)]
    if against is not None:
        args.append(resolve_commit(repo, against))
    out = _check(_run(repo, *args, "--", *paths, cwd=root), "git diff")
    parts = [p for p in out.split("\x00") if p]
    added: list[str] = []
    changed: list[str] = []
    removed: list[str] = []
    for status, path in zip(parts[::2], parts[1::2]):
        {"A": added, "D": removed}.get(status[0], changed).append(path)
    if against is None:
        untracked = _run(repo, "ls-files", "-z", "--others", "--exclude-standard", "--", *paths, cwd=root)
        added += [p for p in _check(untracked, "git ls-files").split("\x00") if p]
    return sorted(added), sorted(changed), sorted(removed)


# --- writing history (plan demo) ------------------------------------------------------------


def create_repository(path: Path) -> None:
    """``git init`` in ``path`` with git's own defaults (for ``plan init``)."""
    _check(_run(None, "init", "-q", cwd=path), f"git init i {path}")


def init_repository(path: Path) -> Repository:
    _check(_run(None, "init", "-q", "-b", "main", cwd=path), "git init")
    repo = Repository(path)
    for key, value in (("user.name", "Saksbehandler"), ("user.email", "postmottak@example.no")):
        _check(_run(repo, "config", key, value), "git config")
    return repo


def set_config(repo: Repository, key: str, value: str) -> None:
    """Set a key in the repository's own config (for ``plan demo``)."""
    _check(_run(repo, "config", "--local", "--end-of-options", key, value), "git config")


def commit_all(repo: Repository, message: str, date: dt.datetime | None = None) -> str:
    """Stage everything in the working tree and commit (for ``plan demo``)."""
    env = None
    if date is not None:
        env = {"GIT_AUTHOR_DATE": date.isoformat(), "GIT_COMMITTER_DATE": date.isoformat()}
    _check(_run(repo, "add", "-A"), "git add")
    _check(_run(repo, "commit", "-q", "--allow-empty", "-F", "-", input=message, env=env), "git commit")
    return head_commit(repo)


def commit_paths(
    repo: Repository, root: Path, paths: Sequence[str], message: str, date: dt.datetime | None = None
) -> str:
    """Commit the given tracked files (relative to the plan root) as they are in the working
    tree, and nothing else: another file staged or changed is left as it is. The message goes
    through stdin, the paths after ``--``."""
    env = None
    if date is not None:
        env = {"GIT_AUTHOR_DATE": date.isoformat(), "GIT_COMMITTER_DATE": date.isoformat()}
    done = _run(repo, "commit", "-q", "-F", "-", "--", *paths, input=message, env=env, cwd=root)
    _check(done, "git commit")
    return head_commit(repo)


IDENTITY_FIX = 'git config --global user.name "Fornavn Etternavn"\ngit config --global user.email "navn@kommune.no"'


def identity_missing(repo: Repository) -> bool:
    """True when git does not know who makes commits and tags (no user.name/user.email)."""
    return _run(repo, "var", "GIT_COMMITTER_IDENT").returncode != 0


def require_identity(repo: Repository) -> None:
    """A Norwegian message with the fix instead of git's English «Please tell me who you are»."""
    if identity_missing(repo):
        raise GitError(
            "git vet ikke hvem du er: taggen og commiten trenger et navn og en e-postadresse. "
            "Sett dem én gang (bruk rollen eller ditt eget navn) med:\n" + IDENTITY_FIX
        )
