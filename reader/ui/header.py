"""The header line: title, author, date, reading time and how far through the reader is."""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from rich.text import Text
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from reader.model import Metadata

SAVED_MARK = "saved"
"""Shown before the progress when the article is bookmarked (`b`)."""
MINUTES_INTERVAL = 0.5
"""Seconds between two changes of the reading time while an article arrives (each part adds
minutes, and each change draws the line again)."""


class Status(StrEnum):
    """The one short state the header shows after the details (the reading screen decides
    which, in one place)."""

    NONE = ""
    LOADING = "loading…"
    RELAYING = "laying out…"
    """A long article is laid out again (a new width), or its exact layout is being made."""
    PARTIAL = "partial"
    """Its loading stopped halfway: cancelled, or the rest could not be read."""


class HeaderLine(Widget):
    DEFAULT_CSS = """
    HeaderLine {
        height: 1;
        dock: top;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    minutes: reactive[int] = reactive(0)
    status: reactive[Status] = reactive(Status.NONE)
    saved: reactive[bool] = reactive(False)
    """The article is bookmarked in the library."""
    highlights: reactive[int] = reactive(0)
    """How many highlights the article has (`m` lists them)."""

    def __init__(self, progress: Callable[[], int] = lambda: 0, *, id: str | None = None) -> None:
        """`progress`: how far through the reader is, in percent, asked each time the line is
        drawn (so the first frame of an article opened halfway says so; call `refresh` when
        it changes)."""
        super().__init__(id=id)
        self.metadata: Metadata | None = None
        self._progress = progress
        self._drawn_progress: int | None = None
        self._minutes_at = 0.0
        """When the reading time last changed."""
        self._minutes_later: Timer | None = None

    @property
    def progress(self) -> int:
        return self._progress()

    def show_progress(self) -> None:
        """The reader moved, or the article grew: draw the line again if its percentage changed
        (not at every `j`, nor at every part of an arriving article)."""
        if self.progress != self._drawn_progress:
            self.refresh()

    def set_minutes(self, minutes: int, *, arriving: bool = False) -> None:
        """The reading time; `arriving`: of an article still arriving, changed at most every
        `MINUTES_INTERVAL` (the last change waits for its turn)."""
        if self._minutes_later is not None:
            self._minutes_later.stop()
            self._minutes_later = None
        wait = self._minutes_at + MINUTES_INTERVAL - time.monotonic()
        if arriving and wait > 0 and minutes != self.minutes:
            self._minutes_later = self.set_timer(wait, lambda: self.set_minutes(minutes))
            return
        if minutes != self.minutes:
            self._minutes_at = time.monotonic()
            self.minutes = minutes

    def set_metadata(self, metadata: Metadata | None) -> None:
        """A new article (its highlights are counted once the library has found them)."""
        self.metadata = metadata
        self.highlights = 0
        self.refresh()

    def _reading_time(self) -> str:
        """An article still arriving, or stopped halfway, is longer than its part: "21+ min", not
        a figure that reads as the whole and then jumps to 1544."""
        if not self.minutes:
            return ""
        part = self.status in (Status.LOADING, Status.PARTIAL)
        return f"{self.minutes}{'+' if part else ''} min read"

    def render(self) -> Text:
        meta = self.metadata
        if meta is None:
            return Text("reader", style="bold", no_wrap=True, overflow="ellipsis")
        right = Text(no_wrap=True, end="")
        if self.status:
            right.append(f"{self.status}  ", style="bold")
        if self.saved:
            right.append(f" {SAVED_MARK} ", style="bold reverse")
            right.append("  ")
        if self.highlights:
            right.append(f"{self.highlights} highlight{'s' if self.highlights > 1 else ''}  ", style="italic")
        self._drawn_progress = self.progress
        right.append(f"{self._drawn_progress}%", style="bold")
        details = [meta.author, meta.date, self._reading_time()]
        left = Text(no_wrap=True, overflow="ellipsis", end="")
        left.append(meta.title or meta.source or "Untitled", style="bold")
        info = " · ".join(part for part in details if part)
        if info:
            left.append("  " + info, style="italic")
        room = max(1, self.content_size.width - right.cell_len - 2)
        left.truncate(room, overflow="ellipsis", pad=True)
        left.append("  ", style="bold")
        left.append_text(right)
        return left
