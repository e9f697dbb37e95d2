"""``plan check`` as a use case: every problem in the plan files, the templates, the
participation records and plan/arkiv.yaml, without printing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workflow.app.participation import participation_problems
from workflow.app.sources import open_source
from workflow.archive.config import config_problems
from workflow.documents.budget import RenderBudget
from workflow.documents.build import template_problems
from workflow.errors import Problem
from workflow.participation.case import case_part
from workflow.plan.load import load_project
from workflow.plan.model import Project


@dataclass(frozen=True)
class Check:
    """The plan as read, and what is wrong with it but did not stop it loading (an error in the
    plan files raises ``PlanError`` instead)."""

    project: Project
    warnings: list[Problem]  # the plan files' warnings (a goal without a strategy …)
    problems: list[Problem]  # templates, participation, plan/arkiv.yaml: errors and warnings

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def all_warnings(self) -> list[Problem]:
        return [*self.warnings, *(p for p in self.problems if p.warning)]

    def failed(self, strict: bool = False) -> int:
        """The number of problems that fail the check (with ``strict``, warnings too)."""
        return len(self.errors) + (len(self.all_warnings) if strict else 0)


def check(root: Path, rev: str | None = None) -> Check:
    """Check the plan in the working tree or at ``rev``; raises ``PlanError`` when the plan
    files cannot be read as a plan."""
    with open_source(root, rev) as source, RenderBudget.shared():  # one time budget for all templates
        project, warnings = load_project(source)
        extra = template_problems(project, root, source if rev else None, part=case_part)
        extra += participation_problems(project, root, source, rev)  # attachments, outcomes, hearing
        extra += config_problems(source)  # plan/arkiv.yaml, when there is one
    return Check(project, list(warnings), extra)
