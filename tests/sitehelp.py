"""Shared by the site tests: the Os demo repository and its site, built through the CLI."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner


def demo_with_site(folder: Path) -> tuple[Path, Path]:
    """``plan demo`` into ``folder/os-demo``, then ``plan site -o folder/site``."""
    from workflow.cli.main import main

    repo, site = folder / "os-demo", folder / "site"
    for args in (["demo", str(repo)], ["-C", str(repo), "site", "-o", str(site)]):
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return repo, site
