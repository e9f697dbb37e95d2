"""Without a git identity, plan advance and plan init speak Norwegian and give the fix."""

from __future__ import annotations

import pytest


@pytest.fixture
def no_identity(monkeypatch, tmp_path):
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tuseConfigOnly = true\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{who}_NAME", raising=False)
        monkeypatch.delenv(f"GIT_{who}_EMAIL", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)


def test_advance_without_identity_says_how_to_fix_it(git_repo, cli, no_identity):
    result = cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20")
    assert result.exit_code == 1
    assert "git vet ikke hvem du er" in result.output
    assert 'git config --global user.name "Fornavn Etternavn"' in result.output
    assert "git config --global user.email" in result.output
    assert "Please tell me" not in result.output and "Traceback" not in result.output
    assert git_repo.git("tag") == ""  # nothing written
    dry = cli(git_repo.path, "advance", "prosjektgruppe", "--date", "2020-04-20", "--dry-run")
    assert dry.exit_code == 0, dry.output  # a dry run writes nothing and needs no identity


def test_init_advises_setting_the_identity(tmp_path, cli, no_identity):
    result = cli(tmp_path, "init", str(tmp_path / "tolga"), "--kommune", "Tolga", "--nummer", "3426")
    assert result.exit_code == 0, result.output
    assert "git vet ikke hvem du er ennå" in result.output and "git config --global user.email" in result.output


def test_init_says_nothing_about_identity_when_git_has_one(tmp_path, cli):
    result = cli(tmp_path, "init", str(tmp_path / "tolga"), "--kommune", "Tolga", "--nummer", "3426")
    assert result.exit_code == 0, result.output
    assert "git vet ikke hvem du er" not in result.output
