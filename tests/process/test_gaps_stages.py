"""Gaps a mutation run found in the suite (issue 12 §4), in the stage rules: each test here fails for a
mutant the older tests let through."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest


# --- two bodies' tags on the same day ---------------------------------------------------------------


def test_two_bodies_on_the_same_day_are_ordered_by_tagger_time_not_by_name(git_repo):
    """prosjektgruppe then formannskap on one day: «formannskap» sorts first by name, so a
    mutant that orders by name (or ignores the tagger date) fails."""
    from workflow.process import git as g

    head = git_repo.git("rev-parse", "HEAD")
    for body, outcome, clock in (("prosjektgruppe", "utkast", "09:00"), ("formannskap", "innstilling", "18:00")):
        message = f"{body} 12.05.2020: {outcome}\n\n---\norgan: {body}\ndato: 2020-05-12\nutfall: {outcome}\n"
        env = dict(os.environ, GIT_COMMITTER_DATE=f"2020-05-12T{clock}:00+02:00")
        subprocess.run(
            ["git", "tag", "-a", "--cleanup=verbatim", "-F", "-", f"{body}/2020-05-12", head],
            cwd=git_repo.path,
            input=message.encode(),
            env=env,
            check=True,
        )
    repo = g.open_repo(git_repo.path)
    try:
        names = [t.name for t in g.stage_tags(repo)]
    finally:
        repo.close()
    assert names == ["prosjektgruppe/2020-05-12", "formannskap/2020-05-12"]


def test_same_day_order_decides_the_next_body(cli, git_repo):
    assert cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-05-12").exit_code == 0
    assert cli(git_repo.path, "advance", "formannskap", "--date", "2020-05-12").exit_code == 0
    status = cli(git_repo.path, "status")
    assert "Siste behandling: Formannskapet 12.05.2020" in status.output
    assert "Neste: Offentlig høring (horing, valgfri) eller Kommunestyret (kommunestyre)" in status.output


# --- the exact boundary day of the hearing deadline -------------------------------------------------


def test_the_hearing_deadline_day_itself_is_too_early_and_the_next_day_is_allowed(cli, git_repo):
    assert cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20").exit_code == 0
    assert cli(git_repo.path, "advance", "formannskap", "--date", "2020-05-12").exit_code == 0
    assert cli(git_repo.path, "advance", "horing", "--date", "2020-05-14", "--frist", "2020-06-05").exit_code == 0
    on_deadline = cli(git_repo.path, "advance", "kommunestyre", "--date", "2020-06-05")
    assert on_deadline.exit_code == 1
    assert "høringsfristen 2020-06-05 er ikke ute" in on_deadline.output
    assert cli(git_repo.path, "advance", "kommunestyre", "--date", "2020-06-06").exit_code == 0


def test_a_deadline_on_the_hearing_day_itself_is_refused_and_the_next_day_is_allowed():
    from workflow.errors import StageError
    from workflow.plan.model import DEFAULT_PROCESS, Process
    from workflow.process import stages

    process = Process.model_validate(DEFAULT_PROCESS)
    hearing = next(b for b in process.bodies if b.role == "høring")
    day = dt.date(2020, 5, 14)
    history = _history_until_recommendation(process)
    with pytest.raises(StageError, match="må være etter datoen"):
        stages.check_advance(process, history, hearing, day, deadline=day)
    stages.check_advance(process, history, hearing, day, deadline=day + dt.timedelta(days=1))


def _history_until_recommendation(process):
    from workflow.process.tags import format_message, read_tag
    from workflow.plan.model import Treatment

    out = []
    for body, outcome, date in (
        ("prosjektgruppe", "utkast", dt.date(2020, 4, 20)),
        ("formannskap", "innstilling", dt.date(2020, 5, 12)),
    ):
        if body not in {b.id for b in process.bodies}:
            continue
        t = Treatment.model_validate({"organ": body, "dato": date, "utfall": outcome})
        out.append(read_tag(f"{body}/{date.isoformat()}", "0" * 40, None, format_message(t)))
    return out
