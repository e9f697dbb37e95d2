"""``plan verify`` as a library: rebuild the documents recorded in stage tags from git objects
alone (``revision.documents``, what ``plan build`` writes and ``plan advance`` records) and
compare their sha256 with the tags'. Nothing is printed; the results are returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.app.actionplan import verify_action_tag
from workflow.app.amendments import verify_amendments
from workflow.app.approval import Mismatch, verify_tag
from workflow.app.revision import incomplete_history, line_of, repository
from workflow.errors import GitError, WorkflowError
from workflow.evidence.charts import drawn_afresh
from workflow.process.git import action_plan_tags, head_commit, stage_tags
from workflow.process.tags import StageTag, parse_action_tag, parse_programme_tag, parse_tag

if TYPE_CHECKING:
    from workflow.process.git import Repository


@dataclass(frozen=True)
class Checked:
    """One tag checked: the differences found (none: its documents are rebuilt as recorded)."""

    tag: StageTag
    mismatches: list[Mismatch]

    @property
    def documents(self) -> int:
        """How many documents the tag records."""
        return len(self.tag.treatment.documents) if self.tag.treatment else 0


def verify(root: Path, tag: str | None = None) -> Iterator[Checked]:
    """``plan verify [TAG]``: each tag checked, in order, as it is checked (``tag``: that stage
    tag or action plan's tag; None: every stage tag with documents and every action plan's tag
    on the line of HEAD, possibly none). GitError for an unknown tag or one without documents;
    WorkflowError in a shallow clone (the rounds before a tag may be missing, so rebuilt
    documents would differ)."""
    with repository(root) as repo:
        partial = incomplete_history(repo)
        if partial:
            raise WorkflowError(f"{partial} Taggene kontrolleres ikke, for dokumentene kan ikke bygges som de ble.")
        for target in targets(repo, tag):
            yield Checked(target, check_tag(repo, root, target))


def check_tag(repo: Repository, root: Path, target: StageTag) -> list[Mismatch]:
    """The differences between the documents ``target`` records and those rebuilt at its
    commit; for a meeting that adopted proposals also any change beyond them (issue 24)."""
    check = verify_action_tag if target.track is not None else verify_tag
    mismatches = check(repo, root, target)
    if mismatches:  # charts from the cache can only add a difference: check again, all drawn anew
        with drawn_afresh():
            mismatches = check(repo, root, target)
    if target.track is None:  # the tagged plan is the sent-out plan plus the adopted proposals
        mismatches = mismatches + verify_amendments(repo, root, target)
    return mismatches


def targets(repo: Repository, tag: str | None) -> list[StageTag]:
    """The tags to check: ``tag`` (a stage tag or an action plan's tag), or without it every
    stage tag with documents and every action plan's tag on the line of HEAD (possibly none)."""
    if tag is None:
        found = [t for t in line_of(repo, head_commit(repo)) if not t.starts_round]
        return found + action_plan_tags(repo, merged=head_commit(repo))  # the yearly action plans
    if parse_action_tag(tag) is not None:
        found = [t for t in action_plan_tags(repo) if t.name == tag]
        if not found:
            raise GitError(f"fant ingen annotert tag {tag}")
        return found
    if parse_programme_tag(tag) is not None:
        raise GitError(f"{tag} gjelder planprogrammet og har ingen dokumenter å kontrollere")
    if parse_tag(tag) is None:
        raise GitError(f"«{tag[:60]}» er ikke en behandlingstag (på formen organ/ÅÅÅÅ-MM-DD)")
    found = [t for t in stage_tags(repo) if t.name == tag]
    if not found:
        raise GitError(f"fant ingen annotert tag {tag}")
    if found[0].starts_round:
        raise GitError(f"{tag} starter en ny runde og har ingen dokumenter å kontrollere")
    return found
