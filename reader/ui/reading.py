"""The reading screen: header, contents beside the reading pane, search and loading bars.

Loading runs in a thread worker: `open_source` fetches and decodes, then the chunks of the
body are converted there and handed to the UI thread one by one, so the top of a long article
shows after the first chunk and the contents fill in as headings arrive. A new load cancels
the one before it; results of a stale load are dropped by their token.

The same worker asks the library where the reader stopped last time (a read of one row), and
reads a post's offline copy when its source is gone. Everything the library writes is the
app's business: the screen reports a finished article (`ArticleLoaded`) and where the reader
is (`PositionChanged`), each with the `Reading` that ties the article to its library entry.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from reader.config import MIN_WIDTH, WIDTH_STEP, clamp_width
from reader.errors import Cancelled, ReaderError, UnsupportedContent
from reader.layout.lines import article_minutes
from reader.model import HEADER, Article, Block, Metadata, Position
from reader.source import links
from reader.ui.article_view import BACKGROUND_LAYOUT_BLOCKS, ArticleView
from reader.ui.bars import SearchBar
from reader.ui.bookkeeper import Reading
from reader.ui.contents import ContentsPane
from reader.ui.footer import KeysFooter
from reader.ui.header import HeaderLine
from reader.ui.history import History, Place
from reader.ui.keys import READING_KEYS, bindings, help_rows

if TYPE_CHECKING:
    from reader.convert.document import Document
    from reader.layout.theme import ThemeSpec
    from reader.library import Entry
    from reader.source.fetch import Fetched
    from reader.ui.app import ReaderApp
    from reader.ui.loading_bar import LoadingBar

PROGRESS_INTERVAL = 0.05
"""Seconds between progress reports from a download."""
SEARCH_DELAY = 0.2
"""Seconds of quiet typing before a long article is searched."""
LOADING_BAR_DELAY = 0.25
"""A load that is over sooner shows no progress bar (no flicker on local files)."""

NARROW_SCREEN = 70
"""On a terminal narrower than this the contents start hidden (`t` shows them): beside
them the text would be a few words wide."""

RELAYING = "laying out…"
"""The header's word while a long article is laid out again for a new width."""
PARTIAL = "partial"
"""The header's word for an article whose loading was cancelled halfway."""

OFFLINE_SLICE = 1000
"""Blocks of an offline copy handed to the screen at a time, so a long one shows its top early."""

EMPTY_TEXT = ["Nothing is open.", "", "L opens the library; ctrl+o opens a file or a web address; q quits."]


@dataclass(frozen=True, slots=True)
class Offline:
    """A post's offline copy, to show instead of its source (`only`) or when the source fails."""

    read: Callable[[], Document]
    """Parses the copy (called in the load worker)."""
    only: bool = False
    """Do not try the source: it is gone (a missing file, or stdin)."""
    reason: str = ""
    """Why the copy is shown instead, for the notice (with `only`)."""


@dataclass(slots=True)
class _Load:
    """A load under way: what it opens and where to go once it is there."""

    token: int
    source: str
    base_url: str | None
    fetched: Fetched | None
    position: Position | None = None
    fragment: str = ""
    leaving: Place | None = None
    """Where the reader was; it goes on the back stack once the new article shows."""
    cancel: threading.Event = field(default_factory=threading.Event)
    shown: bool = False
    """The article's metadata is on screen (a failure now keeps what arrived)."""
    started: bool = False
    """Blocks have arrived."""
    at_end: bool = False
    """G was pressed while loading: the view follows the end as the rest arrives."""
    received: int = 0
    total: int | None = None
    entry_id: int | None = None
    """The library entry being opened, when it was chosen in the library."""
    offline: Offline | None = None
    markdown: list[str] = field(default_factory=list)
    """The Markdown of the chunks so far (appended by the worker), for the library."""


class ReadingScreen(Screen[None]):
    """One article at a time, with back and forward through what was opened."""

    DEFAULT_CSS = """
    ReadingScreen #panes { height: 1fr; }
    ReadingScreen ArticleView { width: 1fr; height: 1fr; }
    ReadingScreen.-no-contents ContentsPane { display: none; }
    ReadingScreen.-headingless ContentsPane { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(READING_KEYS)

    class ArticleLoaded(Message):
        """An article finished loading, or stopped part way (`partial`): the library records
        a whole one."""

        def __init__(
            self, screen: ReadingScreen, article: Article, source: str, reading: Reading | None, *, partial: bool
        ) -> None:
            super().__init__()
            self.screen = screen
            self.article = article
            self.source = source
            self.reading = reading
            self.partial = partial

    class PositionChanged(Message):
        """The reader moved in a whole article: where to resume it next time."""

        def __init__(self, reading: Reading, block: int, offset: int, percent: int) -> None:
            super().__init__()
            self.reading = reading
            self.block = block
            self.offset = offset
            self.percent = percent

    class LoadProgress(Message):
        def __init__(self, token: int, received: int, total: int | None) -> None:
            super().__init__()
            self.token = token
            self.received = received
            self.total = total

    def __init__(
        self,
        source: str | None,
        *,
        base_url: str | None = None,
        fetched: Fetched | None = None,
        column: int = 80,
        position: tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self._initial = (source, base_url, fetched, position)
        self._column = column
        self.article: Article | None = None
        self.source = ""
        self.base_url: str | None = None
        self.fetched: Fetched | None = None
        self.complete = False
        self.reading: Reading | None = None
        """The open article's tie to the library (its Markdown and entry)."""
        self.history = History()
        self.current_link: str | None = None
        self._load: _Load | None = None
        self._tokens = 0
        self._heading_lines: tuple[int, int, list[int]] | None = None
        self._search_bar: SearchBar | None = None
        self._last_query = ""
        """The search Esc closed: `n` and `N` bring it back."""
        self._last_match = -1
        """Which of its matches was the current one."""
        self._loading_bar: LoadingBar | None = None
        self._loading_timer: Timer | None = None
        self._search_timer: Timer | None = None

    @property
    def reader_app(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    # composition
    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        with Horizontal(id="panes"):
            yield ContentsPane(id="contents")
            yield ArticleView(id="article")
        yield KeysFooter(id="keys")

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def contents(self) -> ContentsPane:
        return self.query_one(ContentsPane)

    @property
    def header(self) -> HeaderLine:
        return self.query_one(HeaderLine)

    @property
    def search_bar(self) -> SearchBar | None:
        """The search bar, once `/` has made it (it is mounted on first use)."""
        return self._search_bar

    @property
    def search_open(self) -> bool:
        return self._search_bar is not None and self._search_bar.is_open

    @property
    def search_query(self) -> str:
        return self._search_bar.input.value if self._search_bar is not None else ""

    @property
    def loading_bar(self) -> LoadingBar | None:
        """The progress bar, once a load took long enough to need it."""
        return self._loading_bar

    def on_mount(self) -> None:
        view = self.view
        view.spec = self.reader_app.spec
        view.column = self._column
        view.focus()
        if self.app.size.width < NARROW_SCREEN:
            self.add_class("-no-contents")
        source, base_url, fetched, position = self._initial
        if source is not None or fetched is not None:
            start = Position(*position) if position else None
            if fetched is None and source is not None and self._open_cached(source, base_url, start):
                return
            self.open_source(source or "-", base_url=base_url, fetched=fetched, position=start, record=False)
        else:
            self._show_empty()

    def _open_cached(self, source: str, base_url: str | None, position: Position | None) -> bool:
        """Show a small local article whose conversion is cached right here, before the first
        frame: a few milliseconds, where a worker would cost a frame drawn without it."""
        from reader.convert.pipeline import open_cached

        opened = open_cached(source, base_url)
        if opened is None:
            return False
        self._tokens += 1
        load = _Load(self._tokens, source, base_url, None, position)
        self._load = load
        entry = self.reader_app.bookkeeper.lookup(source)
        self._begin(load.token, opened.metadata, entry, opened.from_html)
        for chunk in opened.chunks:
            load.markdown.append(chunk.markdown)
            self._add_blocks(load.token, chunk.blocks)
        self._finish(load.token)
        return True

    @property
    def is_loading(self) -> bool:
        return self._load is not None

    # the reading position (the library saves and restores it)
    @property
    def position(self) -> tuple[int, int]:
        """(block, character offset) at the top of the pane; block -1 is the title."""
        position = self.view.position
        return position.block, position.offset

    def go_to_position(self, block: int, offset: int = 0) -> None:
        self.view.go_to(Position(block, offset))

    def place(self) -> Place | None:
        if self.article is None:
            return None
        position = self.view.position
        complete = self.complete and self.reading is not None and self.reading.complete
        return Place(
            self.source,
            self.base_url,
            position.block,
            position.offset,
            self.fetched,
            self.article if complete else None,
            self.reading if complete else None,
        )

    # loading
    def open_source(
        self,
        source: str,
        *,
        base_url: str | None = None,
        fetched: Fetched | None = None,
        position: Position | None = None,
        fragment: str = "",
        record: bool = True,
        entry_id: int | None = None,
        offline: Offline | None = None,
    ) -> None:
        """Load a source (a path, a URL, or bytes already read) and show it as it arrives.

        With no `position` and no `fragment`, the reader goes back to where it stopped last
        time. `entry_id` names the library entry being opened; `offline` is its stored copy,
        shown when the source is gone or fails."""
        self._cancel_load()
        self._tokens += 1
        load = _Load(
            self._tokens,
            source,
            base_url,
            fetched,
            position,
            fragment,
            self.place() if record else None,
            threading.Event(),
            entry_id=entry_id,
            offline=offline,
        )
        self._load = load
        self._loading_timer = self.set_timer(LOADING_BAR_DELAY, partial(self._show_loading_bar, load.token))
        self.header.status = "loading…"
        self._run_load(load)

    def _cancel_load(self) -> None:
        if self._load is not None:
            self._load.cancel.set()
            self._load = None
        self.workers.cancel_group(self, "load")
        self._hide_loading_bar()

    async def _show_loading_bar(self, token: int) -> None:
        load = self._current(token)
        if load is None or load.started:
            return
        if self._loading_bar is None:
            from reader.ui.loading_bar import LoadingBar

            self._loading_bar = LoadingBar(id="loading")
            await self.mount(self._loading_bar, before=self.query_one(Footer))
        if self._current(token) is load:
            self._loading_bar.start(load.source)
            if load.received:
                self._loading_bar.report(load.received, load.total)

    def _hide_loading_bar(self) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None
        if self._loading_bar is not None:
            self._loading_bar.stop()

    def _current(self, token: int) -> _Load | None:
        load = self._load
        return load if load is not None and load.token == token else None

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _run_load(self, load: _Load) -> None:
        worker = get_current_worker()
        last_report = 0.0

        def progress(received: int, total: int | None) -> None:
            nonlocal last_report
            now = time.monotonic()
            if now - last_report >= PROGRESS_INTERVAL or (total and received >= total):
                last_report = now
                self.post_message(self.LoadProgress(load.token, received, total))

        def stale() -> bool:
            return load.cancel.is_set() or worker.is_cancelled

        try:
            entry = self.reader_app.bookkeeper.lookup(load.source, load.entry_id)
            if load.offline is not None and load.offline.only:
                self._read_offline(load, load.offline, entry, load.offline.reason, stale)
                return
            from reader.convert.pipeline import open_fetched, open_source

            try:
                if load.fetched is not None:
                    opened = open_fetched(load.fetched, load.base_url)
                else:
                    limits = self.reader_app.limits
                    extra = {"limits": limits} if limits is not None else {}
                    opened = open_source(load.source, load.base_url, progress=progress, cancel=load.cancel, **extra)
            except Cancelled:
                raise
            except ReaderError as exc:
                if stale():
                    raise
                # Whenever the source cannot be read, a saved post's copy stands in for it.
                offline = load.offline or Offline(partial(self.reader_app.bookkeeper.saved_copy, load.source))
                try:
                    self._read_offline(load, offline, entry, f"{exc}. Showing the offline copy.", stale)
                except ReaderError:
                    raise exc from None  # the source's failure is the one worth showing
                return
            if stale():
                return
            self.app.call_from_thread(self._begin, load.token, opened.metadata, entry, opened.from_html)
            for chunk in opened.chunks:
                if stale():
                    return
                load.markdown.append(chunk.markdown)
                self.app.call_from_thread(self._add_blocks, load.token, chunk.blocks)
        except Cancelled:
            return
        except ReaderError as exc:
            if not stale():
                self.app.call_from_thread(self._failed, load.token, exc)
            return
        except Exception as exc:  # a bug in a stage: report it, keep the app alive
            if not stale():
                error = ReaderError(f"internal error: {type(exc).__name__}: {exc}")
                self.app.call_from_thread(self._failed, load.token, error)
            return
        if not stale():
            self.app.call_from_thread(self._finish, load.token)

    def _read_offline(
        self, load: _Load, offline: Offline, entry: Entry | None, notice: str, stale: Callable[[], bool]
    ) -> None:
        """Show the offline copy instead of the source (in the load worker). A failure to read
        the copy is reported like any load failure."""
        document = offline.read()
        if stale():
            return
        blocks = document.article.blocks
        self.app.call_from_thread(
            self._begin, load.token, document.article.metadata, entry, document.from_html, document
        )
        for start in range(0, len(blocks), OFFLINE_SLICE):
            if stale():
                return
            self.app.call_from_thread(self._add_blocks, load.token, blocks[start : start + OFFLINE_SLICE])
        if not stale():
            self.app.call_from_thread(self._finish, load.token)
            if notice:
                self.app.call_from_thread(self.notify, notice, title="Offline copy", timeout=8, markup=False)

    @on(LoadProgress)
    def _progress(self, event: LoadProgress) -> None:
        load = self._current(event.token)
        if load is not None:
            load.received, load.total = event.received, event.total
            if self._loading_bar is not None and self._loading_bar.is_loading:
                self._loading_bar.report(event.received, event.total)

    def _begin(
        self,
        token: int,
        metadata: Metadata,
        entry: Entry | None,
        from_html: bool,
        document: Document | None = None,
    ) -> None:
        load = self._current(token)
        if load is None:
            return
        if load.leaving is not None:
            self.history.push(load.leaving)
        load.shown = True
        self.source = load.source
        self.base_url = load.base_url
        self.fetched = load.fetched
        article = Article(metadata=metadata)
        reading = Reading(article, load.markdown, from_html)
        if document is not None:
            reading.document = replace(document, article=article)
        if entry is not None:
            reading.entry_id = entry.id
            reading.bookmarked = entry.bookmarked
            saved = entry.position
            reading.written = (saved, entry.percent)
            if load.position is None and not load.fragment and (saved.block, saved.offset) != (0, 0):
                # Back where the reader stopped; (0, 0) is the top, which needs no jump.
                load.position = Position(saved.block, saved.offset)
        else:
            reading.resume = load.position is None and not load.fragment
        self.reading = reading
        self._show(article, complete=False)

    def _add_blocks(self, token: int, blocks: list[Block]) -> None:
        load = self._current(token)
        if load is None or self.article is None:
            return
        self.article.extend(blocks)
        self.view.blocks_added()
        self._heading_lines = None
        self.contents.add_headings(self.article.headings)
        self._hide_contents_without_headings()
        self._update_header()
        if not load.started:
            load.started = True
            self._hide_loading_bar()
        self._apply_target(load)

    def _finish(self, token: int) -> None:
        load = self._current(token)
        if load is None:
            return
        self._load = None
        self._hide_loading_bar()
        self._apply_target(load, final=True)
        self._complete()

    def _apply_target(self, load: _Load, *, final: bool = False) -> None:
        """Go to the position or anchor the load asked for once its block has arrived."""
        article = self.article
        if article is None:
            return
        if load.position is not None and (final or load.position.block < len(article.blocks)):
            self.view.go_to(load.position)
            load.position = None
        if load.at_end:
            self.view.scroll_to_line(round(self.view.max_scroll_y))
        if load.fragment:
            block = article.anchor_block(load.fragment)
            if block is not None:
                self.view.scroll_to_line(self._layout_line(block))
                load.fragment = ""
            elif final:
                self.notify(f"No section #{load.fragment} in this article.", severity="warning")
                load.fragment = ""

    def _failed(self, token: int, error: ReaderError) -> None:
        load = self._current(token)
        if load is None:
            return
        self._load = None
        self._hide_loading_bar()
        self.header.status = ""
        if load.shown:
            # Part of the article shows: keep it, and say why the rest is missing.
            self.notify(f"The rest of the article could not be read: {error}", severity="error", timeout=10)
            self._complete(partial=True)
            return
        if self.article is None:
            self._show_empty()
        browser = error.url if isinstance(error, UnsupportedContent) else None
        from reader.ui.dialogs import ErrorScreen

        screen = ErrorScreen(load.source, str(error), can_go_back=bool(self.history.back), browser_url=browser)
        self.app.push_screen(screen, self._error_choice(browser))

    def _error_choice(self, browser: str | None) -> Callable[[str | None], None]:
        def choose(choice: str | None) -> None:
            if choice == "open":
                self.action_open()
            elif choice == "browser" and browser:
                self.reader_app.open_in_browser(browser)
            elif choice == "back":
                self.action_back()
            elif choice == "quit":
                self.app.exit()

        return choose

    # showing an article
    def _show(self, article: Article, *, complete: bool) -> None:
        self.article = article
        self.complete = complete
        self.header.saved = self.reading is not None and self.reading.bookmarked
        self.current_link = None
        self._heading_lines = None
        self.view.placeholder = []
        self.view.show(article, self.reader_app.spec)
        self.contents.reset()
        self.contents.add_headings(article.headings)
        self._hide_contents_without_headings()  # shown again by the first heading to arrive
        self.header.set_metadata(article.metadata)
        self._update_header()
        if self.search_open:
            self._run_search(self.search_query)
        if complete:
            self._complete()

    def _complete(self, *, partial: bool = False) -> None:
        self.complete = True
        self.header.status = PARTIAL if partial else RELAYING if self.view.relaying else ""
        self.contents.finished()
        self._hide_contents_without_headings()
        self._update_header()
        self._follow()
        if self.search_open:
            self._run_search(self.search_query, keep_current=True)
        reading = self.reading
        if reading is not None and not partial:
            reading.complete = True
        if self.article is not None:
            self.post_message(self.ArticleLoaded(self, self.article, self.source, reading, partial=partial))
        self._report_position()

    def _show_empty(self) -> None:
        self.reading = None
        self.header.saved = False
        self.view.placeholder = EMPTY_TEXT
        self.view.show(None)
        self.header.set_metadata(None)
        self.contents.reset()
        self.contents.finished()
        self._hide_contents_without_headings()

    def _hide_contents_without_headings(self) -> None:
        """A contents pane with nothing in it would only take the text's room."""
        headingless = self.article is None or not self.article.headings
        self.set_class(headingless, "-headingless")
        if headingless and self.contents.has_focus_within:
            self.view.focus()

    def _show_place(self, place: Place) -> None:
        """Return to a place from the history."""
        position = Position(place.block, place.offset)
        if place.article is not None and place.article is self.article:
            self.view.go_to(position)
            return
        if place.article is not None:
            self._cancel_load()
            self.source, self.base_url, self.fetched = place.source, place.base_url, place.fetched
            self.reading = place.reading
            self._show(place.article, complete=True)
            self.view.go_to(position)
            return
        self.open_source(place.source, base_url=place.base_url, fetched=place.fetched, position=position, record=False)

    def _update_header(self) -> None:
        header = self.header
        header.progress = self.view.progress
        layout = self.view.text_layout
        if not self.article or not self.article.blocks:
            header.minutes = 0
        elif layout is not None:
            header.minutes = layout.reading_minutes
        else:  # laid out once the pane has its size; the header is drawn before that
            header.minutes = article_minutes(self.article)

    # following the reading
    def _layout_line(self, block: int) -> int:
        layout = self.view.text_layout
        return 0 if layout is None else layout.block_line(block)

    def heading_lines(self) -> list[int]:
        layout = self.view.text_layout
        if layout is None or self.article is None:
            return []
        key = (id(layout), len(self.article.headings))
        if self._heading_lines is None or self._heading_lines[:2] != key:
            self._heading_lines = (*key, layout.heading_lines())
        return self._heading_lines[2]

    def current_heading(self) -> int:
        """The heading of the section at the top of the pane (at the end: the last one shown)."""
        lines = self.heading_lines()
        view = self.view
        limit = view.top
        if view.at_end and view.max_scroll_y > 0:
            limit = view.top + view.scrollable_content_region.height - 1
        current = -1
        for index, line in enumerate(lines):
            if line > limit:
                break
            current = index
        return current

    def _follow(self) -> None:
        self.contents.follow(self.current_heading())

    @on(ArticleView.Moved)
    def _moved(self, event: ArticleView.Moved) -> None:
        self.header.progress = self.view.progress
        self._follow()
        self._report_position()

    @on(ArticleView.Relaying)
    def _relaying(self) -> None:
        if not self.header.status:
            self.header.status = RELAYING

    @on(ArticleView.Relaid)
    def _relaid(self) -> None:
        if self.header.status == RELAYING:
            self.header.status = ""
        self._heading_lines = None
        self._update_header()
        self._follow()
        self._report_position()

    def _report_position(self) -> None:
        """Tell the app where the reader is in a whole article (it saves that, throttled)."""
        reading = self.reading
        if reading is None or not reading.complete or reading.article is not self.article:
            return
        position = self.view.position
        # The title above block 0 is the top, stored as block 0 like the library does.
        block, offset = (0, 0) if position.block < 0 else (position.block, position.offset)
        self.post_message(self.PositionChanged(reading, block, offset, self.view.progress))

    def resume(self, reading: Reading, block: int, offset: int) -> None:
        """The library found this article only once it was whole (read from a pipe, or a file
        that moved): go to where the reader stopped, unless they have started reading."""
        if not reading.resume:
            return
        reading.resume = False
        if reading is self.reading and self.view.top == 0 and (block, offset) != (0, 0):
            self.view.go_to(Position(block, offset))

    def show_bookmarked(self, reading: Reading) -> None:
        """The library said whether this article is saved: show it, if it is still open."""
        if reading is self.reading:
            self.header.saved = reading.bookmarked

    @on(ContentsPane.Selected)
    def _heading_chosen(self, event: ContentsPane.Selected) -> None:
        if self.article is None or not 0 <= event.heading < len(self.article.headings):
            return
        self._reader_moves()
        self.view.scroll_to_line(self._layout_line(self.article.headings[event.heading].block))

    # scrolling
    @on(ArticleView.WheelScrolled)
    def _wheel_scrolled(self) -> None:
        self._reader_moves()

    def _reader_moves(self, *, to_end: bool = False) -> None:
        """The reader moved on their own while the article loads: the place the load was to
        go to (where they stopped last time, a link's #anchor) no longer applies. `to_end`
        (G): the view follows the end as the rest arrives."""
        if self._load is not None and self._load.shown:  # before that, the old article is on screen
            self._load.position = None
            self._load.fragment = ""
            self._load.at_end = to_end

    def action_scroll_lines(self, count: int) -> None:
        self._reader_moves()
        self.view.scroll_to_line(self.view.top + count)

    def action_scroll_pages(self, count: int) -> None:
        self._reader_moves()
        self.view.scroll_to_line(self.view.top + count * self.view.page_size)

    def action_top(self) -> None:
        self._reader_moves()
        self._jump_to_line(0)

    def action_end(self) -> None:
        self._reader_moves(to_end=True)
        self._jump_to_line(round(self.view.max_scroll_y))

    def _jump_to_line(self, line: int) -> None:
        """g and G are jumps, as in a pager: Backspace comes back to where they left."""
        if line != self.view.top:
            place = self.place()
            if place is not None:
                self.history.push(place)
        self.view.scroll_to_line(line)

    def action_next_section(self) -> None:
        if self.complete and self.article is not None and not self.article.headings:
            self.notify("This article has no headings.")
            return
        top = self.view.top
        target = next((line for line in self.heading_lines() if line > top), None)
        if target is None or self.view.at_end:
            self.app.bell()
            return
        self._reader_moves()
        self.view.scroll_to_line(target)

    def action_previous_section(self) -> None:
        self._reader_moves()
        top = self.view.top
        target = next((line for line in reversed(self.heading_lines()) if line < top), None)
        self.view.scroll_to_line(0 if target is None else target)

    def action_toggle_contents(self) -> None:
        if self.has_class("-headingless"):
            self.notify("This article has no headings.")
            return
        self.toggle_class("-no-contents")
        if self.has_class("-no-contents"):
            self.view.focus()

    # search
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` is a priority key: while the search box has the focus it is a character to find.
        typing = self._search_bar is not None and self.search_open and self.focused is self._search_bar.input
        return not (action == "search" and typing)

    async def action_search(self) -> None:
        if self._search_bar is None:
            self._search_bar = SearchBar(id="search")
            await self.mount(self._search_bar, before=self.query_one(Footer))
        self._search_bar.open()

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        self._stop_search_timer()
        article = self.article
        if article is not None and len(article.blocks) > BACKGROUND_LAYOUT_BLOCKS:
            # A long article is searched once typing pauses, not at every key.
            self._search_timer = self.set_timer(SEARCH_DELAY, partial(self._search_now, event.query))
        else:
            self._search_now(event.query)

    def _stop_search_timer(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    def _search_now(self, query: str) -> None:
        self._search_timer = None
        self._run_search(query)
        if self.view.matches:
            self._reader_moves()
            self.view.next_match()
            self._show_count()

    def _run_search(self, query: str, *, keep_current: bool = False) -> None:
        current = self.view.current_match
        count = self.view.search(query)
        if keep_current and 0 <= current < count:
            self.view.current_match = current
            self.view.refresh_view()
        if self._search_bar is not None:
            self._search_bar.set_count(count if query.strip() else None, self.view.current_match)

    def _show_count(self) -> None:
        if self._search_bar is not None:
            query = self.search_query
            self._search_bar.set_count(len(self.view.matches) if query.strip() else None, self.view.current_match)

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        if self._search_timer is not None:
            self._stop_search_timer()
            self._search_now(event.query)
        self.view.focus()
        if not self.view.matches and event.query.strip():
            # The bar, still open, says "no matches": a notice would sit on top of it (the
            # bottom right is where notices go), with the bar's last letter showing at its edge.
            self.app.bell()

    @on(SearchBar.Closed)
    def _search_closed(self, event: SearchBar.Closed) -> None:
        if event.query.strip():
            self._last_query, self._last_match = event.query, self.view.current_match
        self._stop_search_timer()
        self.view.clear_matches()
        self.view.focus()

    def action_next_match(self) -> None:
        self._step_match(forward=True)

    def action_previous_match(self) -> None:
        self._step_match(forward=False)

    def _step_match(self, *, forward: bool) -> None:
        if not self.view.matches:
            if self.search_query.strip():
                if self._search_bar is None or not self._search_bar.is_open:
                    self.notify("No matches.", severity="warning")
            elif self._last_query and self._search_bar is not None:
                self._search_again(self._search_bar, forward=forward)
            else:
                self.notify("Nothing to look for yet: press / to search.")
            return
        self._reader_moves()
        self.view.next_match(forward)
        self._show_count()

    def _search_again(self, bar: SearchBar, *, forward: bool) -> None:
        """`n` or `N` after Esc: the last search, shown again, at its next match that way. The
        focus stays in the text, so that n and N go on stepping."""
        bar.open(focus=False)
        with bar.input.prevent(Input.Changed):  # searched here, at once, not by the box
            bar.input.value = self._last_query
        self._run_search(self._last_query)
        view = self.view
        if view.matches:
            self._reader_moves()
            height = view.scrollable_content_region.height
            if 0 <= self._last_match < len(view.matches):
                line = view.match_line(self._last_match)
                if view.top <= line < view.top + height:  # still in sight: step on from it
                    view.current_match = self._last_match
            view.next_match(forward)
        self._show_count()

    def action_escape(self) -> None:
        if self._load is not None:
            self.action_cancel_load()
        elif self._search_bar is not None and self._search_bar.is_open:
            self._search_bar.action_close()

    def action_cancel_load(self) -> None:
        if self._load is None:
            return
        self._cancel_load()
        self.header.status = ""
        if self.article is not None and not self.complete:
            self._complete(partial=True)
            self.notify("Loading cancelled: only the part shown so far is here.")
        else:
            self.notify("Loading cancelled.")
        if self.article is None:
            self._show_empty()

    # links
    def action_links(self) -> None:
        if self.article is None or not (self.article.links or self.article.images):
            self.notify("This article has no links.")
            return
        article_links, pictures = list(self.article.links), list(self.article.images)

        def chosen(index: int | None) -> None:
            if index is not None and 0 <= index < len(article_links):
                self.follow_link(article_links[index].href)
            elif index is not None and 0 <= index - len(article_links) < len(pictures):
                self.open_picture(pictures[index - len(article_links)].src)

        from reader.ui.dialogs import LinksScreen

        self.app.push_screen(LinksScreen(article_links, pictures), chosen)

    @on(ArticleView.LinkClicked)
    def _link_clicked(self, event: ArticleView.LinkClicked) -> None:
        self.follow_link(event.href)

    def follow_link(self, href: str) -> None:
        """Follow a link as `reader.source.links` decides: jump, open in the reader, or refuse."""
        if self.article is None:
            return
        if href in {image.src for image in self.article.images} or links.names_picture(href):
            self.open_picture(href)
            return
        decision = links.decide(href, self.article.metadata.source or self.source, self.base_url or "", os.getcwd())
        self.current_link = href
        if decision.action is links.Action.ANCHOR:
            block = self.article.anchor_block(decision.fragment) if decision.fragment else HEADER
            if block is None:
                self.notify(f"No section #{decision.fragment} in this article.", severity="warning")
                return
            place = self.place()
            if place is not None:
                self.history.push(place)
            self._reader_moves()
            self.view.scroll_to_line(0 if block == HEADER else self._layout_line(block))
        elif decision.action is links.Action.OPEN:
            self.open_source(decision.target, fragment=decision.fragment)
        elif decision.action is links.Action.SYSTEM:
            self.reader_app.open_in_browser(decision.target)
        else:
            self.notify(f"Not followed: {decision.reason}.", severity="warning")

    def open_picture(self, src: str) -> None:
        """A picture opens in the system's viewer, never as an article."""
        if self.article is None:
            return
        source = self.article.metadata.source or self.source
        url = links.browser_url(src, source, self.base_url or "", os.getcwd())
        if url is None:
            self.notify("This picture cannot be opened from here.", severity="warning")
            return
        self.reader_app.open_in_browser(url)

    def action_open_browser(self) -> None:
        if self.article is None:
            return
        source = self.article.metadata.source or self.source
        cwd = os.getcwd()
        if self.current_link:
            url = links.browser_url(self.current_link, source, self.base_url or "", cwd)
        else:
            url = links.article_url(source, self.base_url or "")
        if url is None:
            self.notify("There is nothing here a browser can open.", severity="warning")
            return
        self.reader_app.open_in_browser(url)

    def action_back(self) -> None:
        place = self.history.go_back(self.place())
        if place is None:
            self.notify("Nothing to go back to.")
            return
        self._show_place(place)

    def action_forward(self) -> None:
        place = self.history.go_forward(self.place())
        if place is None:
            self.notify("Nothing to go forward to.")
            return
        self._show_place(place)

    def action_open(self) -> None:
        def chosen(source: str | None) -> None:
            if source:
                self.open_source(os.path.expanduser(source) if not links.is_web_url(source) else source)

        from reader.ui.dialogs import OpenScreen

        self.app.push_screen(OpenScreen(), chosen)

    # the library
    def action_bookmark(self) -> None:
        reading = self.reading
        if self.article is None or reading is None:
            self.notify("Nothing is open to save.")
        elif not self.complete:
            self.notify("Still loading: press b again once the article is in.")
        elif not reading.complete:
            self.notify("Only part of this article was read, so it cannot be saved.", severity="warning")
        else:
            self.reader_app.toggle_bookmark(reading)

    def action_library(self) -> None:
        self.reader_app.show_library()

    # width and theme
    def action_wider(self) -> None:
        self._set_column(self.view.layout_width() + WIDTH_STEP)

    def action_narrower(self) -> None:
        self._set_column(self.view.layout_width() - WIDTH_STEP)

    def _set_column(self, width: int) -> None:
        """Change the column, never past what the pane shows (or `-` would seem to do
        nothing for a few presses), and say where it is."""
        widest = self.view.widest_column()
        width = clamp_width(width)
        if width >= widest:
            width = max(min(width, widest), MIN_WIDTH)
            message = f"Column: {width} cells, as wide as this pane shows"
        else:
            message = f"Column: at most {width} cells"
        self.view.column = width
        self.notify(message, timeout=2)
        self.reader_app.save_setting(width=width)

    def apply_theme(self, spec: ThemeSpec) -> None:
        self.view.set_theme(spec)
        self._heading_lines = None

    def help(self) -> None:
        from reader.ui.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(help_rows()))
