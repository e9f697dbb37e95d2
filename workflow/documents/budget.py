"""The budget a template render gets: time, printed characters and the sizes of computed values,
so nested loops or ``'x' * 10**10`` cannot hang or exhaust the machine. No Jinja here: ``plan
check`` opens a shared budget before it knows whether any template needs rendering."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

TIME_LIMIT = 60.0  # seconds for one document (a 1,000-measure plan renders in about 1 s)
OUTPUT_LIMIT = 50_000_000  # characters printed by {{ }} in one document
VALUE_LIMIT = 1_000_000  # length of a string or list made by * or +, digits of a power


class BudgetExceeded(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class RenderBudget:
    """The budget of the render running now (one at a time per thread)."""

    local = threading.local()

    def __init__(self) -> None:
        self.deadline = time.monotonic() + TIME_LIMIT
        shared = getattr(self.local, "shared", None)
        if shared is not None:  # a command rendering many templates: they share one budget
            self.deadline = min(self.deadline, shared)
        self.printed = 0

    @classmethod
    def current(cls) -> RenderBudget | None:
        return getattr(cls.local, "budget", None)

    @classmethod
    @contextmanager
    def shared(cls) -> Iterator[None]:
        """All renders inside share one budget of ``TIME_LIMIT`` (``plan check`` tries every
        template, several contexts each: together they get no more time than one build's
        document). Once it is spent, a render is refused before it starts."""
        cls.local.shared = time.monotonic() + TIME_LIMIT
        try:
            yield
        finally:
            cls.local.shared = None

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[RenderBudget]:
        budget = cls.local.budget = cls()
        left = budget.deadline - time.monotonic()
        if left <= 0:
            cls.local.budget = None
            raise BudgetExceeded(
                f"malen ble ikke prøvd: malene har til sammen brukt opp tidsgrensen på {TIME_LIMIT:.0f} sekunder"
            )
        alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        if alarm:  # also stops loops that print nothing

            def expired(signum: int, frame: FrameType | None) -> None:
                raise BudgetExceeded(f"malen brukte mer enn {TIME_LIMIT:.0f} sekunder")

            previous = signal.signal(signal.SIGALRM, expired)
            signal.setitimer(signal.ITIMER_REAL, left)
        try:
            yield budget
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            cls.local.budget = None

    def spend(self, text: str) -> None:
        self.printed += len(text)
        if self.printed > OUTPUT_LIMIT:
            raise BudgetExceeded(f"malen skriver mer enn {OUTPUT_LIMIT:,} tegn".replace(",", " "))
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(f"malen brukte mer enn {TIME_LIMIT:.0f} sekunder")
