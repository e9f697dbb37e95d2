"""One error hierarchy. The CLI turns these into messages and exit codes.

Plain exceptions: ``workflow/cli`` turns them into messages and exit codes (0 ok, 1 a
problem was found: invalid plan, refused step, mismatch; 2 usage error).
"""

from __future__ import annotations

import signal
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding in the plan files."""

    file: str  # repository-relative, e.g. "plan/plan.yaml"
    line: int  # 1-based; 0 when the file as a whole is meant
    column: int  # 1-based
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        kind = "advarsel" if self.warning else "feil"
        return f"{where}: {kind}: {self.message}"


class WorkflowError(Exception):
    """Base of every error a user can cause. Printed without a traceback, exit 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message


class PlanError(WorkflowError):
    """The plan files have problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        n = sum(not p.warning for p in self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{n} feil funnet." if n != 1 else "1 feil funnet.")
        super().__init__("\n".join(lines))


class TemplateError(WorkflowError):
    """A template is missing, malformed or uses an unknown name."""


class GitError(WorkflowError):
    """Git could not do what was asked (unknown revision, not a repository, ...)."""


class StageError(WorkflowError):
    """A stage step was refused; nothing was written."""


class BuildError(WorkflowError):
    """A document could not be produced (e.g. LibreOffice missing or failing)."""


class Interrupted(WorkflowError):
    """The command was stopped by a signal (SIGTERM, SIGHUP) and cleaned up after itself."""

    def __init__(self, signum: int) -> None:
        name = signal.Signals(signum).name
        super().__init__(
            f"avbrutt av {name}: utdatamappen har det forrige hele settet med filer (eller det nye, om det var ferdig), og midlertidige filer er fjernet"
        )
        self.exit_code = 128 + signum
