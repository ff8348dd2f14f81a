"""Search in the reading screen: `/`, then `n` and `N`; Esc closes.

The reading screen owns one `Search` and hands it the search bar's messages and its keys.
Typing searches as you go (a long article once typing pauses, not at every key); Enter goes
back to the text; Esc closes the bar and keeps the query, so that `n` and `N` afterwards
bring the same search back, stepping on from the match that was current if it is still in
sight. The matches are found here (`Matches`) and painted by the article view. The bar, its
input box and the matching load on the first `/`: a reader who never searches never pays
for them at start-up.

A long article is searched in a thread, a slice of blocks at a time: the keys are answered
meanwhile, and the matches show (painted, counted, the first one gone to) as they are found.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from reader.ui.article_view import BACKGROUND_LAYOUT_BLOCKS, ArticleView

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.widget import Widget

    from reader.find import Match
    from reader.model import Block
    from reader.ui.bars import SearchBar
    from reader.ui.matches import Matches

SEARCH_DELAY = 0.2
"""Seconds of quiet typing before a long article is searched."""
SEARCH_SLICE = 2000
"""Blocks of a long article searched between two reports of what was found."""


class Search:
    """The search of one reading screen: its bar (mounted on first use), the delay for long
    articles, and the last query Esc closed."""

    def __init__(self, screen: Screen[Any], place_bar: Callable[[], Widget], moves: Callable[[], None]) -> None:
        """`place_bar`: the widget the bar is mounted before; `moves`: called when a search
        moves the reader (the place a load was going to no longer applies)."""
        self._screen = screen
        self._place_bar = place_bar
        self._moves = moves
        self.bar: SearchBar | None = None
        """The search bar, once `/` has made it."""
        self._timer: Timer | None = None
        self._last_query = ""
        """The search Esc closed: `n` and `N` bring it back."""
        self._last_match = -1
        """Which of its matches was the current one."""
        self.pending = ""
        """A search to show once the article being loaded is whole (`show`)."""
        self._jump: bool | None = None
        """Go to the first match found after the top of the pane (True), or before it (False),
        once the search in the background finds it; None: nowhere to go."""
        self._keep = -1
        """The match to make current again once the search in the background has found it."""

    @property
    def view(self) -> ArticleView:
        return self._screen.query_one(ArticleView)

    @property
    def is_open(self) -> bool:
        return self.bar is not None and self.bar.is_open

    @property
    def query(self) -> str:
        return self.bar.input.value if self.bar is not None else ""

    @property
    def typing(self) -> bool:
        """The search box has the focus (`/` is then a character to find)."""
        return self.bar is not None and self.is_open and self._screen.focused is self.bar.input

    async def open(self) -> None:
        if self.bar is None:
            from reader.ui.bars import SearchBar

            self.bar = SearchBar(id="search")
            await self._screen.mount(self.bar, before=self._place_bar())
        self.bar.open()

    def close(self) -> bool:
        """Esc: close the bar; False when it was not open."""
        if self.bar is None or not self.bar.is_open:
            return False
        self.bar.action_close()
        return True

    def refresh(self, *, keep_current: bool = False) -> None:
        """Search the article again (it changed, or grew), if the bar is open; once it is whole
        (`keep_current`), show the search it was opened for (`pending`)."""
        if keep_current and self.pending:
            query, self.pending = self.pending, ""
            self._screen.call_later(self.show, query)
        elif self.is_open:
            self._run(self.query, keep_current=keep_current)

    async def show(self, query: str) -> None:
        """A search result opened from the library: its query in the bar, the article's first
        match in view, the focus in the text (n and N step on)."""
        if self.bar is None:
            from reader.ui.bars import SearchBar

            self.bar = SearchBar(id="search")
            await self._screen.mount(self.bar, before=self._place_bar())
        self._fill(self.bar, query)
        if self.view.matches:
            self._moves()
            self._select(0)
        self._show_count()

    # the bar's messages
    def changed(self, query: str) -> None:
        self._stop_timer()
        article = self.view.article
        if article is not None and len(article.blocks) > BACKGROUND_LAYOUT_BLOCKS:
            self._timer = self._screen.set_timer(SEARCH_DELAY, partial(self.search_now, query))
        else:
            self.search_now(query)

    def search_now(self, query: str) -> None:
        """Search for `query` and go to its first match from the top of the pane."""
        self._timer = None
        self._run(query)
        if self.searching:
            self._jump = True  # once it is found
        elif self.view.matches:
            self._moves()
            self._next()
            self._show_count()

    @property
    def searching(self) -> bool:
        """A long article is being searched in the background."""
        matches = self.view.search_matches
        return matches is not None and not matches.complete

    def submitted(self, query: str) -> None:
        if self._timer is not None:
            self._stop_timer()
            self.search_now(query)
        self._back_to_text()
        if self.bar is not None:
            self.bar.input.handed_over()
        if not self.view.matches and query.strip() and not self.searching:
            # The bar, still open, says "no matches": a notice would sit on top of it (the
            # bottom right is where notices go), with the bar's last letter showing at its edge.
            self._screen.app.bell()

    def closed(self, query: str) -> None:
        if query.strip():
            self._last_query, self._last_match = query, self.view.current_match
        self._stop_timer()
        self._screen.workers.cancel_group(self._screen, "search")
        self.view.search_matches = None
        self.view.refresh_view()
        self._back_to_text()

    def _back_to_text(self) -> None:
        """The focus in the text at once, not after the messages already queued (as `focus()`
        would): keys typed while Enter or Esc was handled (a long article's search starting)
        went into the box, `/zealand` then `n` searching for "zealandn"."""
        self._screen.set_focus(self.view)

    # n and N
    def step(self, *, forward: bool) -> None:
        view = self.view
        if not view.matches:
            if self.searching:
                self._jump = forward
            elif self.query.strip():
                if self.bar is None or not self.bar.is_open:
                    self._screen.notify("No matches.", severity="warning")
            elif self._last_query and self.bar is not None:
                self._search_again(self.bar, forward=forward)
            else:
                self._screen.notify("Nothing to look for yet: press / to search.")
            return
        self._moves()
        self._next(forward=forward)
        self._show_count()

    def _search_again(self, bar: SearchBar, *, forward: bool) -> None:
        """`n` or `N` after Esc: the last search, shown again, at its next match that way. The
        focus stays in the text, so that n and N go on stepping."""
        self._fill(bar, self._last_query)
        view = self.view
        if self.searching:
            self._jump = forward
        elif view.matches:
            self._moves()
            height = view.scrollable_content_region.height
            if 0 <= self._last_match < len(view.matches):
                line = view.match_line(self._last_match)
                if view.top <= line < view.top + height:  # still in sight: step on from it
                    view.current_match = self._last_match
            self._next(forward=forward)
        self._show_count()

    def _fill(self, bar: SearchBar, query: str) -> None:
        """Open the bar with `query` in it, the focus staying in the text, and search for it."""
        from textual.widgets import Input

        bar.open(focus=False)
        with bar.input.prevent(Input.Changed):  # searched here, at once, not by the box
            bar.input.value = query
        self._run(query)

    def _next(self, *, forward: bool = True) -> None:
        """Go to the next (or previous) match after the current one, or from the top of the pane."""
        view = self.view
        if view.current_match >= 0:
            self._select(view.current_match + (1 if forward else -1))
        elif view.search_matches is not None:
            self._select(view.search_matches.after(view.position, forward=forward))

    def _select(self, index: int) -> None:
        """Make a match the current one and scroll it into view: a third down the pane, or
        lower with its section's heading at the top when that heading is less than a third
        above it (the contents follow the top line: a match placed under the end of the
        section before would light up that section)."""
        view = self.view
        view.current_match = index % len(view.matches)
        y = view.match_line(view.current_match)
        height = view.scrollable_content_region.height
        if not (view.top <= y < view.top + height):
            top = y - height // 3
            heading = _heading_line_above(view, view.matches[view.current_match].block)
            if heading is not None and top < heading <= y:
                top = heading
            view.scroll_to_line(top)

    def _run(self, query: str, *, keep_current: bool = False) -> None:
        view = self.view
        current = view.current_match
        article = view.article
        from reader.ui.matches import Matches

        self._jump = None
        self._keep = current if keep_current else -1
        blocks = article.blocks if article is not None and query else []
        if len(blocks) > BACKGROUND_LAYOUT_BLOCKS:
            view.search_matches = Matches(blocks, query, find=False)
            self._search_in_background(view.search_matches, blocks, len(blocks))
        else:
            view.search_matches = Matches(blocks, query)
        self._found(view.search_matches, [], done=view.search_matches.complete)

    def _search_in_background(self, matches: Matches, blocks: list[Block], count: int) -> None:
        """Search the first `count` blocks (those there now) in a thread, reporting each slice."""
        from textual.worker import get_current_worker

        from reader.find import find_in_blocks

        def search() -> None:
            worker = get_current_worker()
            for first in range(0, count, SEARCH_SLICE):
                found = find_in_blocks(blocks[first : min(first + SEARCH_SLICE, count)], matches.query, first)
                done = first + SEARCH_SLICE >= count
                if worker.is_cancelled:
                    return
                if found or done:
                    self._screen.app.call_from_thread(self._found, matches, found, done=done)

        self._screen.run_worker(search, thread=True, exclusive=True, group="search", exit_on_error=False)

    def _found(self, matches: Matches, found: list[Match], *, done: bool) -> None:
        """More matches (or none, `done`): painted and counted, and gone to if they were waited for."""
        view = self.view
        if view.search_matches is not matches:
            return  # a search since has replaced this one
        matches.add(found)
        matches.complete = matches.complete or done
        view.refresh_view()
        if 0 <= self._keep < len(matches):
            view.current_match, self._keep = self._keep, -1
        # The matches come in reading order: the nearest one either way is known once one
        # after the top of the pane has come (or the search is over).
        if self._jump is not None and matches.found and (matches.before(view.position) < len(matches) or done):
            forward, self._jump = self._jump, None
            self._moves()
            self._select(matches.after(view.position, forward=forward))
        if matches.complete:
            self._jump = None
        self._show_count()

    def _show_count(self) -> None:
        if self.bar is not None:
            count = len(self.view.matches) if self.query.strip() else None
            self.bar.set_count(count, self.view.current_match, searching=self.searching)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def _heading_line_above(view: ArticleView, block: int) -> int | None:
    """The line of the heading whose section holds `block`; None before the first heading."""
    headings = view.text_layout.article.headings if view.text_layout is not None else []
    at = bisect.bisect_right(headings, block, key=lambda heading: heading.block) - 1
    return view.block_line(headings[at].block) if at >= 0 else None
