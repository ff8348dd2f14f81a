"""Waiting in tests for what the code does on its own time (a timer, a worker, the library's
thread, a child process): for a condition, never for a fixed time, so a busy machine only waits
longer. `until` in Pilot tests, on the app's event loop; `wait_for` anywhere else."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

PATIENCE = 20.0
"""Seconds before a wait fails: only a change that never comes takes that long."""


async def until(pilot: Pilot[Any], check: Callable[[], object], what: str = "the change to show") -> None:
    """Wait until `check()` is true; fail naming `what` after `PATIENCE` seconds."""
    deadline = time.monotonic() + PATIENCE
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.02)


def wait_for(check: Callable[[], object], what: str = "the condition", timeout: float = PATIENCE) -> None:
    """Wait until `check()` is true, outside an app; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)
