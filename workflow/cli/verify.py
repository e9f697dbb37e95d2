from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path

    from workflow.process.git import Repository
    from workflow.process.tags import StageTag


@click.command("verify")
@click.argument("tag", required=False, metavar="[TAG]")
@click.pass_context
def command(ctx: click.Context, tag: str | None) -> None:
    """Bygg dokumentene på nytt fra revisjonen en behandlingstag peker på, og sammenlign
    med sha256 som ble registrert i taggen. Uten TAG: alle behandlingstaggene.

    Alt leses fra git (planfiler og maler ved den revisjonen), ikke fra arbeidskopien.
    Har møtet vedtatt forslag med endringer, kontrolleres også at planen i taggen er den
    utsendte planen med nøyaktig de vedtatte forslagene; en endring for hånd navngis.
    Avslutter med status 1 og navnet på filen når noe er annerledes.

    \b
    Eksempler:
      plan verify
      plan verify formannskap/2020-05-12
      plan verify handlingsplan-2022/formannskap/2021-11-18
    """
    from workflow.app.revision import repository
    from workflow.cli.common import incomplete_history, plan_root
    from workflow.errors import WorkflowError

    root = plan_root(ctx)
    with repository(root) as repo:
        partial = incomplete_history(repo)
        if partial:  # the rounds before a tag may be missing: rebuilt documents would differ
            raise WorkflowError(f"{partial} Taggene kontrolleres ikke, for dokumentene kan ikke bygges som de ble.")
        targets = _targets(repo, tag)
        if not targets:
            click.echo("Ingen behandlingstagger å kontrollere.")
            return
        failed = _verify(repo, root, targets)
    if failed:
        raise WorkflowError(
            f"{failed} av {len(targets)} tagger har avvik. Dokumentene bygges ikke lenger likt fra "
            "revisjonen: sjekk om verktøyet er oppdatert siden taggen ble laget."
        )


def _targets(repo: Repository, tag: str | None) -> list[StageTag]:
    """The tags to check: ``tag`` (a stage tag or an action plan's tag), or without it every
    stage tag with documents and every action plan's tag on the line of HEAD (possibly none)."""
    from workflow.app.revision import line_of
    from workflow.errors import GitError
    from workflow.process.git import action_plan_tags, head_commit, stage_tags
    from workflow.process.tags import parse_action_tag, parse_programme_tag, parse_tag

    if tag is None:
        targets = [t for t in line_of(repo, head_commit(repo)) if not t.starts_round]
        targets += action_plan_tags(repo, merged=head_commit(repo))  # the yearly action plans
        return targets
    if parse_action_tag(tag) is not None:
        targets = [t for t in action_plan_tags(repo) if t.name == tag]
        if not targets:
            raise GitError(f"fant ingen annotert tag {tag}")
        return targets
    if parse_programme_tag(tag) is not None:
        raise GitError(f"{tag} gjelder planprogrammet og har ingen dokumenter å kontrollere")
    if parse_tag(tag) is None:
        raise GitError(f"«{tag[:60]}» er ikke en behandlingstag (på formen organ/ÅÅÅÅ-MM-DD)")
    targets = [t for t in stage_tags(repo) if t.name == tag]
    if not targets:
        raise GitError(f"fant ingen annotert tag {tag}")
    if targets[0].starts_round:
        raise GitError(f"{tag} starter en ny runde og har ingen dokumenter å kontrollere")
    return targets


def _verify(repo: Repository, root: Path, targets: list[StageTag]) -> int:
    """Rebuild and compare the documents of each tag, one line each; the number with differences."""
    from workflow.app.actionplan import verify_action_tag
    from workflow.app.amendments import verify_amendments
    from workflow.app.approval import verify_tag

    from workflow.evidence.charts import drawn_afresh

    failed = 0
    for target in targets:
        check = verify_action_tag if target.track is not None else verify_tag
        mismatches = check(repo, root, target)
        if mismatches:  # charts from the cache can only add a difference: check again, all drawn anew
            with drawn_afresh():
                mismatches = check(repo, root, target)
        if target.track is None:  # issue 24: the tagged plan is the sent-out plan plus the adopted proposals
            mismatches = mismatches + verify_amendments(repo, root, target)
        if mismatches:
            failed += 1
            for m in mismatches:
                click.echo(f"AVVIK {m.tag}: {m.file}: {m.problem}")
        else:
            n = len(target.treatment.documents) if target.treatment else 0
            click.echo(f"OK {target.name}: {n} dokument{'er' if n != 1 else ''} som registrert")
    return failed
