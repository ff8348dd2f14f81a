"""The reading pane: a `ScrollView` that draws only the visible rows of a `Layout`.

The view never makes a widget per block. `render_line(y)` asks the layout for line
`scroll_y + y`, turns its Rich segments into a `Strip` centred in the pane, paints search
matches and highlights over it, and caches the result. A reading position is (block, offset):
a resize, a new column or theme re-lays out the article and puts the same character on top.
"""

from __future__ import annotations

import bisect
from functools import partial
from typing import TYPE_CHECKING

from textual import events, on
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.layout.lines import Layout
from reader.layout.preview import is_huge
from reader.layout.progress import ReadThrough
from reader.layout.theme import PLAIN, ThemeSpec
from reader.model import HEADER, Article, Position
from reader.ui import scroll_bar
from reader.ui.pass_style import StyleOncePerPass
from reader.ui.settler import BackgroundLayout, Settler
from reader.ui.strips import layout_strip, placeholder_strip

if TYPE_CHECKING:
    from reader.find import Match
    from reader.layout.picture_board import BoardOf
    from reader.ui.marks import Marks
    from reader.ui.matches import Matches

BACKGROUND_LAYOUT_BLOCKS = 2000
"""Articles with more blocks are laid out again (resize, width, theme) in a thread; whole
articles up to this many blocks are laid out exactly at once."""
BACKGROUND_LAYOUT_DELAY = 0.3
"""Seconds of quiet (a window being resized sends many sizes) before that starts."""
MARGIN = 2
"""Cells kept free on each side of the text column when the pane is narrow."""
MIN_COLUMN = 8


class ArticleView(StyleOncePerPass, ScrollView, can_focus=True, inherit_bindings=False):
    """The article in a centred column, scrolled line by line. The screen's key table owns the
    scrolling keys: ScrollView's own (sideways, ...) would crowd the keys panel doing nothing."""

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    """

    column: reactive[int] = reactive(80, init=False)
    """Most cells the text column takes (`+`/`-`)."""

    class Moved(Message):
        """The top line changed (a scroll, a jump or a re-layout)."""

        def __init__(self, view: ArticleView, top: int) -> None:
            super().__init__()
            self.view = view
            self.top = top

    class Relaying(Message):
        """A long article is being laid out in the background (old lines stay); `Relaid` follows."""

    class Relaid(Message):
        """A new layout replaced the old one: made in the background, or made late, once the
        pane's size was known (what depends on the layout, such as reading time, updates)."""

    class LinkClicked(Message):
        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    class WheelScrolled(Message):
        """The reader scrolled with the mouse (keys go through the screen's actions)."""

    @on(events.MouseScrollDown)
    @on(events.MouseScrollUp)
    def _wheel_scrolled(self) -> None:
        self.post_message(self.WheelScrolled())

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.text_layout: Layout | None = None
        self.spec: ThemeSpec = PLAIN
        self._read_through = ReadThrough()
        self.placeholder: list[str] = []  # lines shown, centred, when no article is open
        self.boards: BoardOf = lambda _article: None  # an article's pictures (`reader.ui.pictures`)
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._laid_for: tuple[int, int] = (0, 0)  # (column width, pane width) the layout was made for
        self._drawn: Layout | None = None
        """The layout last drawn (one not drawn yet is made again at once for a new width)."""
        self._resize_position: Position | None = None
        self._last_top = -1
        self.search_matches: Matches | None = None
        """The matches to paint (`reader.ui.search`); call `refresh_view` after setting them."""
        self.marks: Marks | None = None
        """The highlights and the selection, painted under the matches (`reader.ui.marking`)."""
        self.background = BackgroundLayout(self)
        self.settler = Settler(self)
        self.arriving = False
        """The article is still arriving: only the blocks seen are laid out (at their real
        heights; the others have estimated ones) until it is whole."""
        self._anchor: tuple[Layout, int, Position] | None = None
        """The position last gone to, and its line: while the top stays on that line, that is
        the position (not the start of the line), so a resize or a restart at another width
        does not creep back a line each time."""

    # the article
    def show(self, article: Article | None, at: Position | None = None, *, arriving: bool = False) -> None:
        """Show a new article from its top, or from `at`; `arriving`: it is still growing
        (`blocks_added`) until `finished`."""
        self.article = article
        self.arriving = arriving
        self.search_matches = self.marks = None
        self.text_layout = None
        self.scroll_to(y=0, animate=False, immediate=True)
        self._relayout(at or Position(HEADER, 0), force=True)

    def blocks_added(self) -> None:
        """The article gained blocks (progressive loading): they get estimated heights, and
        only those that come on screen are laid out. Nothing is drawn again unless the end
        was on screen (or the header, whose reading time grows)."""
        layout = self.text_layout
        if layout is None:
            return
        before, header = len(layout), layout.header_height
        relaid = layout.update()  # a table's parts laid out before, when it goes on
        self._set_virtual_size()
        if relaid or before < self.top + self.scrollable_content_region.height or header != layout.header_height:
            self._strips.clear()
            self.settler.settle_view()
            self.refresh()
        elif self.top < header:  # the header's reading time, which grows
            for line in range(header):
                self._strips.discard(line)
            self.refresh_lines(0, header)

    def finished(self) -> None:
        """The article has stopped arriving: the blocks not seen yet are laid out (a short
        article at once, a long one a little at a time between keys)."""
        self.arriving = False
        self.settler.start()

    def set_theme(self, spec: ThemeSpec) -> None:
        self.spec = spec
        self._relayout(self.position, force=True)

    def watch_column(self) -> None:
        self._relayout(self.position)

    def layout_width(self) -> int:
        """The width of the text column at the pane's current width."""
        return max(MIN_COLUMN, min(self.column, self.widest_column()))

    def widest_column(self) -> int:
        """The widest text column the pane can show now."""
        pane = self.scrollable_content_region.width or self.size.width
        return pane - 2 * MARGIN if pane - 2 * MARGIN >= MIN_COLUMN else pane

    def _relayout(self, position: Position, *, force: bool = False) -> None:
        pane = self.scrollable_content_region.width
        if not (pane or self.size.width) and self.article is not None:
            # No size yet: laid out once it is set (`_size_updated`), not at a guessed width.
            self.text_layout = None
            self._resize_position = position
            return
        width, made_for = self.layout_width(), self._laid_for[0]
        self._laid_for = (width, pane)
        if not force and self.background.busy and made_for == width:
            self._show_layout(position)  # the layout being made in the background is for this width
            return
        self.background.cancel()
        if self.article is None:
            self.text_layout = None
        elif force or self.text_layout is None or width != self.text_layout.width:
            old, board = self.text_layout, self.boards(self.article)
            drawn = old is not None and old is self._drawn  # what it counted whatever the width is taken over:
            known = old.width_free() if old is not None and old.article is self.article else None
            if drawn and len(self.article.blocks) > BACKGROUND_LAYOUT_BLOCKS:
                # A long article drawn is laid out again in a thread, once resizing has paused
                # (its old lines stay meanwhile); one not drawn yet, now, for its first frame.
                make = partial(Layout, self.article, width, self.spec, pictures=board, lazy=True, width_free=known)
                self.background.start(make, BACKGROUND_LAYOUT_DELAY)
                return
            # Estimated heights, the blocks on screen laid out (`settle_view`): a place far
            # down a long article shows at once; a whole short article is laid out exactly now.
            self.text_layout = Layout(self.article, width, self.spec, pictures=board, lazy=True, width_free=known)
            blocks = self.article.blocks
            if not self.arriving and len(blocks) <= BACKGROUND_LAYOUT_BLOCKS and not any(map(is_huge, blocks)):
                self.text_layout.settle_next(len(self.article.blocks) + 1, 0)
        self._show_layout(position)

    def _show_layout(self, position: Position) -> None:
        """Draw the layout (new, or for a new pane size) with `position` at the top."""
        self._strips.clear()
        self._set_virtual_size()
        if self.text_layout is not None:
            self.go_to(position)
            self.settler.settle_view()
        self.refresh()
        self.settler.start()

    def take_layout(self, layout: Layout) -> None:
        """A layout made in the background replaces this one, at the same place."""
        position, at_end = self.position, self.at_end and self.max_scroll_y > 0
        layout.update()  # blocks that arrived while it was being made
        self.text_layout = layout
        self._show_layout(position)
        if at_end:  # G while the layout was made: the end, wherever it now is
            self.scroll_to_line(round(self.max_scroll_y))
        self.post_message(self.Relaid())

    @property
    def relaying(self) -> bool:
        """A new layout is being made in the background."""
        return self.background.busy

    def _set_virtual_size(self) -> None:
        lines = len(self.text_layout) if self.text_layout is not None else len(self.placeholder)
        region = self.scrollable_content_region
        size = Size(region.width, lines)
        if size == self.virtual_size:
            return
        if min(lines, self.virtual_size.height) > region.height and size.width == self.virtual_size.width:
            # Longer than the pane before and after: only the scroll bar changes, not the
            # screen's layout (worked out again for every part of a long article arriving).
            self.set_reactive(ArticleView.virtual_size, size)
            scroll_bar.grow(self, size)  # drawn again only if its thumb changes
        else:
            self.virtual_size = size

    def lines_moved(self, shift: int, at_end: bool) -> None:
        """Lines moved (blocks laid out at their real heights, a picture drawn): the top moves
        with the text it shows (by `shift` lines), or stays at the end."""
        self._strips.clear()
        self._set_virtual_size()
        if at_end:
            self.scroll_to_line(round(self.max_scroll_y))
        elif shift:
            anchor = self._anchor
            if anchor is not None and anchor[0] is self.text_layout and anchor[1] == self.top:
                self._anchor = (anchor[0], anchor[1] + shift, anchor[2])
            self.scroll_to_line(self.top + shift)

    # positions
    @property
    def top(self) -> int:
        return round(self.scroll_y)

    @property
    def position(self) -> Position:
        """The (block, offset) at the top of the pane."""
        if self.text_layout is None or not len(self.text_layout):
            return Position(HEADER, 0)
        anchor = self._anchor
        if anchor is not None and anchor[0] is self.text_layout and anchor[1] == self.top:
            return anchor[2]
        return self.text_layout.position_at(self.top)

    def go_to(self, position: Position) -> None:
        """Put that block and character at the top of the pane."""
        if self.text_layout is None:
            if self.article is not None:  # laid out once the pane has its size, there
                self._resize_position = position
            return
        if not self.size.height:
            # Not laid out on screen yet: the first resize puts this position at the top.
            self._resize_position = position
        self._lay_out_block(position.block)
        line = 0 if position.is_header else self.text_layout.line_of(position)
        self._anchor = (self.text_layout, line, position)
        self.scroll_to_line(line)

    def _lay_out_block(self, block: int) -> None:
        """A block about to be gone to, at its real height (a lazy layout estimates it)."""
        if self.text_layout is not None and self.text_layout.estimating and block >= 0:
            self.text_layout.settle_block(block)
            self.lines_moved(0, at_end=False)

    def scroll_to_line(self, y: int) -> None:
        self.scroll_to(y=max(0, y), animate=False, immediate=True, force=True)

    @property
    def page_size(self) -> int:
        """Lines one page key moves: a screen less two, so the reader keeps some context."""
        return max(1, self.scrollable_content_region.height - 2)

    @property
    def progress(self) -> int:
        """How far through the article's text the top line is, in percent (`ReadThrough`); 0
        before its first block (an arriving article's title alone is not the end of it)."""
        if self.text_layout is None or not len(self.text_layout) or self.article is None or not self.article.blocks:
            return 0
        if self.at_end:
            return 100
        return min(99, self._read_through.percent(self.article, self.position))

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y

    def block_line(self, block: int) -> int:
        """The first line of a block (0 before the article is laid out)."""
        return 0 if self.text_layout is None else self.text_layout.block_line(block)

    def current_heading(self) -> int:
        """The heading of the section at the top of the pane (at the end: the last one shown);
        bisected by block (a list of every heading's line would be made again as lines move)."""
        limit = self.top + (self.scrollable_content_region.height - 1 if self.at_end and self.max_scroll_y > 0 else 0)
        headings = self.text_layout.article.headings if self.text_layout is not None else []
        return bisect.bisect_right(headings, limit, key=lambda heading: self.block_line(heading.block)) - 1

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        scroll_bar.move(self, new_value)
        super().watch_scroll_y(old_value, new_value)
        self.settler.settle_view()  # the blocks now on screen, at their real heights
        if self.top != self._last_top:
            self._last_top = self.top
            self.post_message(self.Moved(self, self.top))

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Remember the reading position before Textual clamps the scroll offset to the new size
        # (`size` is the new one already; `outer_size`, until the call below, the old one).
        resized = size != self.outer_size
        if resized and self._resize_position is None and self.text_layout is not None:
            self._resize_position = self.position
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if size.width and (resized or (self.article is not None and self.text_layout is None)):
            # Lay out for the frame about to be drawn at this size (the first, the contents
            # shown or hidden, a resize), at the same place: the Resize event comes after it.
            before, position = self.text_layout, self._resize_position or self.position
            self._resize_position = None
            self._relayout(position)
            if self.text_layout is not before:
                self.post_message(self.Relaid())
        return changed

    # search matches
    @property
    def matches(self) -> list[Match]:
        return self.search_matches.found if self.search_matches is not None else []

    @property
    def current_match(self) -> int:
        return self.search_matches.current if self.search_matches is not None else -1

    @current_match.setter
    def current_match(self, index: int) -> None:
        if self.search_matches is not None:
            self.search_matches.current = index
            self.refresh_view()

    def match_line(self, index: int) -> int:
        """The line that shows the start of match `index`."""
        if self.text_layout is None:
            return 0
        match = self.matches[index]
        self._lay_out_block(match.block)
        return self.text_layout.locate(match.block, match.start)[0]

    # drawing
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        strip = self._strips.get(index)
        if strip is None:
            strip = self._strips[index] = self._render_strip(index, width)
        return strip.crop(scroll_x, scroll_x + width)

    def _render_strip(self, index: int, width: int) -> Strip:
        if self.text_layout is None:
            return placeholder_strip(self.placeholder, index, width, self.rich_style)
        self._drawn = self.text_layout
        overlays = (self.marks, self.search_matches)
        return layout_strip(self.text_layout, index, width, self.rich_style, overlays=overlays, spec=self.spec)

    def refresh_view(self) -> None:
        self._strips.clear()
        self.refresh()

    # links
    def on_click(self, event: events.Click) -> None:
        link = event.style.link if event.style else None
        if link:
            event.stop()
            self.post_message(self.LinkClicked(link))
