"""The only module that touches git. User strings never reach git as options."""

from __future__ import annotations

from pathlib import Path

from workflow.errors import GitError


def open_repo(root: Path):
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{root} er ikke et git-depot (lag et med «git init», eller bruk plan init)") from None


def resolve_commit(repo, rev: str):
    """The commit a revision (tag, branch, commit id) names."""
    import git
    import gitdb.exc

    if not rev or rev.startswith("-") or any(c.isspace() or ord(c) < 32 for c in rev):
        raise GitError(f"ugyldig revisjon «{rev}»")
    try:
        return repo.commit(rev)
    except (git.BadName, gitdb.exc.BadName, gitdb.exc.BadObject, ValueError, IndexError):
        raise GitError(f"fant ikke revisjonen «{rev}» i git-depotet") from None


class GitSource:
    """The files of one commit, read from git objects (one cat-file process), not the working tree."""

    def __init__(self, repo, rev: str, root: Path):
        self.repo = repo
        self.commit = resolve_commit(repo, rev)
        self.revision = self.commit.hexsha
        # The plan repository may be a folder inside a larger git repository.
        rel = root.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
        self._sub = "" if rel == "." else rel + "/"

    def read(self, path: str) -> bytes | None:
        try:
            obj = self.commit.tree / f"{self._sub}{path}"
        except KeyError:
            return None
        if obj.type != "blob":
            return None
        return obj.data_stream.read()

    def list(self, directory: str) -> list[str]:
        try:
            tree = self.commit.tree / f"{self._sub}{directory}"
        except KeyError:
            return []
        n = len(self._sub)
        return sorted(b.path[n:] for b in tree.traverse() if b.type == "blob")

    def close(self) -> None:
        self.repo.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- running git: argument lists only, user text only through stdin ---------------------------


def _run(repo, *args: str, input: str | None = None, env: dict | None = None, cwd: Path | None = None):
    import os
    import subprocess

    # GIT_OPTIONAL_LOCKS=0: reading commands (status) never rewrite the index as a side effect
    full_env = dict(os.environ, LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    if env:
        full_env.update(env)
    return subprocess.run(
        ["git", *args],
        cwd=cwd or repo.working_tree_dir,
        env=full_env,
        input=input.encode("utf-8") if input is not None else None,
        capture_output=True,
    )


def _check(done, what: str) -> str:
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"{what} feilet: {detail[-1] if detail else f'git avsluttet med {done.returncode}'}")
    return done.stdout.decode("utf-8", "replace")


_FIELDS = ("%(refname:strip=2)", "%(objecttype)", "%(*objectname)", "%(taggerdate:iso-strict)", "%(contents)")
_END = "\x00\x1e\x1e\x00"


def stage_tags(repo, merged: str | None = None):
    """Every annotated tag whose name follows the stage scheme, with its treatment read from
    the message, in order (meeting date, tagger date). One ``git for-each-ref`` call.

    ``merged``: only tags whose commit is reachable from this commit id (its line of history).
    """
    import datetime as dt

    from workflow.process.tags import read_tag

    fmt = "%00".join(_FIELDS) + "%00%1e%1e%00"
    args = ["for-each-ref", f"--format={fmt}"]
    if merged is not None:
        args.append(f"--merged={_sha(repo, merged)}")
    args.append("refs/tags/")
    out = _check(_run(repo, *args), "å lese tagger")
    found = []
    for record in out.split(_END):
        record = record.lstrip("\n")
        if not record:
            continue
        name, kind, commit, tagged, message = record.split("\x00", 4)
        if kind != "tag" or not commit:  # lightweight tags are not stage tags
            continue
        when = dt.datetime.fromisoformat(tagged) if tagged else None
        tag = read_tag(name, commit, when, message)
        if tag is not None:
            found.append(tag)
    found.sort(key=lambda t: t.order_key())
    return found


def _sha(repo, rev: str) -> str:
    return resolve_commit(repo, rev).hexsha


def head_commit(repo) -> str:
    try:
        return repo.head.commit.hexsha
    except ValueError:
        raise GitError("git-depotet har ingen commit ennå (lagre planen med «git commit» først)") from None


def commit_date(repo, rev: str):
    """The committer date of a revision (timezone-aware)."""
    return resolve_commit(repo, rev).committed_datetime


def reachable(repo, tag_commit: str, head: str) -> bool:
    """Whether ``tag_commit`` is ``head`` or one of its ancestors."""
    done = _run(repo, "merge-base", "--is-ancestor", "--end-of-options", _sha(repo, tag_commit), _sha(repo, head))
    if done.returncode not in (0, 1):
        _check(done, "merge-base")
    return done.returncode == 0


def tag_exists(repo, name: str) -> bool:
    done = _run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"refs/tags/{name}")
    return done.returncode == 0


def valid_tag_name(repo, name: str) -> bool:
    if not name or name.startswith("-"):
        return False
    return _run(repo, "check-ref-format", f"refs/tags/{name}").returncode == 0


def create_tag(repo, name: str, commit: str, message: str, date=None) -> None:
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
        repo, "tag", "-a", "--cleanup=verbatim", "-F", "-", "--end-of-options", name, _sha(repo, commit),
        input=message, env=env,
    )
    _check(done, f"å lage taggen {name}")


def dirty_paths(repo, root: Path, paths=("plan", "templates")) -> list[str]:
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


def is_clean(repo, root: Path | None = None, paths=("plan", "templates")) -> bool:
    return not dirty_paths(repo, root or Path(repo.working_tree_dir), paths)


def changed_files(repo, root: Path, rev: str, paths=("plan", "templates"), against: str | None = None):
    """(added, changed, removed) file paths under ``paths`` between ``rev`` and ``against``
    (a commit), or the working tree when ``against`` is None (untracked files count as added)."""
    args = ["diff", "--name-status", "-z", "--no-renames", _sha(repo, rev)]
    if against is not None:
        args.append(_sha(repo, against))
    out = _check(_run(repo, *args, "--", *paths, cwd=root), "git diff")
    parts = [p for p in out.split("\x00") if p]
    added, changed, removed = [], [], []
    for status, path in zip(parts[::2], parts[1::2]):
        {"A": added, "D": removed}.get(status[0], changed).append(path)
    if against is None:
        untracked = _run(repo, "ls-files", "-z", "--others", "--exclude-standard", "--", *paths, cwd=root)
        added += [p for p in _check(untracked, "git ls-files").split("\x00") if p]
    return sorted(added), sorted(changed), sorted(removed)


# --- writing history (plan demo) ------------------------------------------------------------


def init_repository(path: Path):
    import git

    _check(_run(None, "init", "-q", "-b", "main", cwd=path), "git init")
    repo = git.Repo(path)
    for key, value in (("user.name", "Saksbehandler"), ("user.email", "postmottak@example.no")):
        _check(_run(repo, "config", key, value), "git config")
    return repo


def set_config(repo, key: str, value: str) -> None:
    """Set a key in the repository's own config (for ``plan demo``)."""
    _check(_run(repo, "config", "--local", "--end-of-options", key, value), "git config")


def commit_all(repo, message: str, date=None) -> str:
    """Stage everything in the working tree and commit (for ``plan demo``)."""
    env = None
    if date is not None:
        env = {"GIT_AUTHOR_DATE": date.isoformat(), "GIT_COMMITTER_DATE": date.isoformat()}
    _check(_run(repo, "add", "-A"), "git add")
    _check(_run(repo, "commit", "-q", "--allow-empty", "-F", "-", input=message, env=env), "git commit")
    return head_commit(repo)


IDENTITY_FIX = (
    'git config --global user.name "Fornavn Etternavn"\n'
    'git config --global user.email "navn@kommune.no"'
)


def identity_missing(repo) -> bool:
    """True when git does not know who makes commits and tags (no user.name/user.email)."""
    return _run(repo, "var", "GIT_COMMITTER_IDENT").returncode != 0


def require_identity(repo) -> None:
    """A Norwegian message with the fix instead of git's English «Please tell me who you are»."""
    if identity_missing(repo):
        raise GitError(
            "git vet ikke hvem du er: taggen og commiten trenger et navn og en e-postadresse. "
            "Sett dem én gang (bruk rollen eller ditt eget navn) med:\n" + IDENTITY_FIX
        )
