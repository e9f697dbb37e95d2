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
