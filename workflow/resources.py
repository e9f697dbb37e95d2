"""Files shipped with the tool: the default Word templates and the Os plan for `plan demo`."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def default_templates_dir() -> Path:
    """The templates shipped with the tool.

    An installed package carries them in ``workflow/templates/`` (pyproject maps the
    repository's ``templates/`` there); a source checkout or editable install reads the
    repository's ``templates/`` beside the package.
    """
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


def demo_plan_dir() -> Path:
    """The Os plan shipped with the tool (``workflow/demo_plan`` installed, mapped from the
    repository's ``plan/``), else the repository's ``plan/``."""
    installed = _PACKAGE / "demo_plan"
    return installed if (installed / "plan.yaml").is_file() else _PACKAGE.parent / "plan"
