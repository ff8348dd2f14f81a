"""Laying out a long article where it is read: the blocks on screen at their real heights
(the others keep estimated ones, `Layout(lazy=True)`), and once the article is whole, the rest
a few blocks at a time between keys.

A long article arriving, reopened far down, or laid out for a new width thus costs the lines
seen, not every block, before the keys are answered. When blocks above the top line change
height, the view scrolls by as much, so the text on screen never moves; at the end, it stays
at the end (`G` reaches the real end).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from reader.ui.collector import COLLECTOR

if TYPE_CHECKING:
    from textual.timer import Timer

    from reader.layout.lines import Layout

ArticleView = Any
"""The article view (`reader.ui.article_view`), which makes these helpers: named, not imported,
as importing it here would make a cycle of imports."""

SETTLE_AT_ONCE = 300
"""A whole article with up to this many blocks left to lay out is laid out at once."""
SETTLE_SECONDS = 0.01
"""The longest step of laying out between keys: a key pressed during one waits no longer.
Steps of 40 blocks took 10-20 ms of paragraphs on a busy machine, but a page of many short
blocks (headings, list items, 17,000 blocks in 2.5 MB) took 430 steps, 8.9 s, to settle
after a resize."""
SETTLE_INTERVAL = 0.02
"""Seconds between those steps."""
SETTLE_PASSES = 8
"""Most times the screen is laid out again at once, as the end moves while `G` settles it."""


class Settler:
    """Lays out the estimated blocks of one view's layout: around the screen, then the rest."""

    def __init__(self, view: ArticleView) -> None:
        self._view = view
        self._timer: Timer | None = None
        self._busy = False
        """Laying out around the screen, which scrolls it (no second pass from inside)."""

    def _at_end(self) -> bool:
        view = self._view
        return bool(view.top > 0 and view.top >= view.max_scroll_y)

    def settle_view(self) -> None:
        """Lay out the estimated blocks on screen, and a screen's worth above and below."""
        view = self._view
        layout = view.text_layout
        if layout is None or not layout.estimating or self._busy:
            return
        rows = view.scrollable_content_region.height or view.size.height
        self._busy = True
        try:
            for _ in range(SETTLE_PASSES):
                top, total, at_end = view.top, len(layout), self._at_end()
                shift = layout.settle(top - rows, top + 2 * rows, top)
                if not shift and total == len(layout):
                    return
                view.lines_moved(shift, at_end)
                view.refresh()
        finally:
            self._busy = False

    def start(self) -> None:
        """Lay out the rest between keys, once the article is whole."""
        view = self._view
        layout = view.text_layout
        if self._timer is not None or view.arriving or layout is None or not layout.estimating:
            return
        if layout.estimated_count <= SETTLE_AT_ONCE and not layout.previewing:
            self.settle_some(SETTLE_AT_ONCE)
        else:
            self._timer = view.set_interval(SETTLE_INTERVAL, self.settle_some)

    def settle_some(self, count: int | None = None) -> None:
        """Lay out the next `count` estimated blocks, or as many as `SETTLE_SECONDS` allows
        (once none is left: the view is relaid)."""
        view = self._view
        layout = view.text_layout
        if layout is None or view.arriving or not layout.estimating:
            self.stop()
            return
        top, total, at_end = view.top, len(layout), self._at_end()
        if count is None:
            left = layout.estimated_count
            more, shift = layout.settle_next(len(layout.article.blocks) + 1, top, time.perf_counter() + SETTLE_SECONDS)
            COLLECTOR.laid_out(left - layout.estimated_count)
        else:
            more, shift = layout.settle_next(count, top)
        if shift or total != len(layout):
            view.lines_moved(shift, at_end)
        if not more:
            self.stop()
            view.refresh()
            view.post_message(view.Relaid())

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


class BackgroundLayout:
    """A long article laid out again (a resize, the column, the theme) in a thread, once
    resizing has paused: the old lines stay on screen meanwhile, and the new layout takes
    their place at the same reading position (`ArticleView.take_layout`)."""

    def __init__(self, view: ArticleView) -> None:
        self._view = view
        self._generation = 0
        self._pending: int | None = None
        """The generation of the layout being made, if one is."""
        self._timer: Timer | None = None

    @property
    def busy(self) -> bool:
        return self._pending is not None

    def cancel(self) -> None:
        """The layout being made (if any) will not be used."""
        self._generation += 1
        self._pending = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def start(self, make: Callable[[], Layout], delay: float) -> None:
        """Make a layout (`make` runs in a thread) after `delay` seconds of quiet."""
        view = self._view
        self._pending = generation = self._generation
        # Described: without a description Textual stores the repr of `work`, which holds the
        # article (a 25 MB page's took the UI thread 12 s and 160 MB, on each resize).
        build = partial(view.run_worker, partial(self._build, make, generation), thread=True, exclusive=True)
        self._timer = view.set_timer(
            delay, partial(build, group="layout", description="the article laid out again", exit_on_error=False)
        )
        view.post_message(view.Relaying())

    def _build(self, make: Callable[[], Layout], generation: int) -> None:
        layout = make()
        if not get_current_worker().is_cancelled:
            self._view.app.call_from_thread(self._ready, layout, generation)

    def _ready(self, layout: Layout, generation: int) -> None:
        if generation != self._pending or layout.article is not self._view.article:
            return
        self._pending = None
        self._timer = None
        self._view.take_layout(layout)
