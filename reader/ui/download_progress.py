"""A download's progress, reported from the load worker to the reading screen."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from reader.ui.messages import LoadProgress

if TYPE_CHECKING:
    from textual.screen import Screen

PROGRESS_INTERVAL = 0.05
"""Seconds between progress reports from a download."""


class DownloadProgress:
    """Reports a download's progress to the screen, at most every `PROGRESS_INTERVAL`."""

    def __init__(self, screen: Screen[Any], token: int) -> None:
        """`token`: the load's (`reader.ui.loader.Load`)."""
        self._screen = screen
        self._token = token
        self._last = 0.0

    def __call__(self, received: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL or (total and received >= total):
            self._last = now
            self._screen.post_message(LoadProgress(self._token, received, total))
