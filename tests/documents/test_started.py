"""``Started``: work in a forked child (the redline renders A there), its results taken in
order, values sent to it before or after it started, large results that do not wait for the
parent to read, and the work redone here when the child fails, so its error is the one raised."""

from __future__ import annotations

import os

import pytest

from workflow.documents.build import Started


def _work(receive):
    yield "first", os.getpid()
    first = receive()
    yield b"x" * 2_000_000  # far more than a pipe holds: the child does not wait for the parent
    second = receive()
    yield first + second


@pytest.mark.parametrize("background", [True, False], ids=["child", "here"])
def test_results_come_in_order_and_values_sent_reach_the_work(background):
    started = Started(_work, background=background)
    try:
        started.send(2)  # before the first result is taken
        name, pid = started()
        assert name == "first" and (pid != os.getpid()) == background
        assert started() == b"x" * 2_000_000
        started.send(40)  # after
        assert started() == 42
    finally:
        started.cancel()


def _failing(receive):
    yield 1
    raise ValueError(f"feilet i prosess {os.getpid()}")


def test_a_failing_child_is_redone_here_so_its_error_is_raised_here():
    started = Started(_failing, background=True)
    try:
        assert started() == 1
        with pytest.raises(ValueError, match=f"prosess {os.getpid()}$"):
            started()
    finally:
        started.cancel()
