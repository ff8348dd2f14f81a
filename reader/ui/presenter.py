"""The article on the reading screen: shown as the loader's parts arrive, whole from the
history, or nothing at all, with the header, the contents pane and the loading bar in step.

One place for the article and whether it is whole (`reading`: the article, its Markdown,
whether it is complete, its library entry), and one for the header's status (`show_status`,
from that and the load under way). The screen routes the loader's messages here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.css.query import NoMatches

from reader.layout.lines import article_minutes
from reader.model import Article, Block, Position
from reader.ui import messages
from reader.ui.article_view import ArticleView
from reader.ui.bookkeeper import Reading
from reader.ui.contents import ContentsPane
from reader.ui.footer import KeysFooter
from reader.ui.header import HeaderLine, Status
from reader.ui.history import History, Place

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from reader.errors import ReaderError
    from reader.source.fetch import Fetched
    from reader.ui.loader import Load, Loader
    from reader.ui.loading_bar import LoadingBar
    from reader.ui.search import Search

LOADING_BAR_DELAY = 0.25
"""A load that is over sooner shows no progress bar (no flicker on local files)."""
EMPTY_TEXT = ["Nothing is open.", "", "L opens the library; ctrl+o opens a file or a web address; q quits."]


class Presenter:
    """Shows one reading screen's article, and knows where it came from."""

    def __init__(
        self,
        screen: Screen[Any],
        loader: Loader,
        history: History,
        search: Search,
        offer_choices: Callable[[str, ReaderError], None],
    ) -> None:
        """`offer_choices(source, error)`: a load failed with nothing of it shown."""
        self._screen = screen
        self._loader = loader
        self._history = history
        self._search = search
        self._offer_choices = offer_choices
        self.reading: Reading | None = None
        """The article on screen, with its Markdown, whether it is whole, and its library entry."""
        self.source = ""
        self.base_url: str | None = None
        self.fetched: Fetched | None = None
        self.current_link: str | None = None  # the link followed last in this article (`o` opens it)
        self.loading_bar: LoadingBar | None = None
        """The progress bar, once a load took long enough to need it."""
        self._loading_timer: Timer | None = None

    @property
    def view(self) -> ArticleView:
        return self._screen.query_one(ArticleView)

    @property
    def header(self) -> HeaderLine:
        return self._screen.query_one(HeaderLine)

    @property
    def contents(self) -> ContentsPane:
        return self._screen.query_one(ContentsPane)

    @property
    def article(self) -> Article | None:
        return self.reading.article if self.reading is not None else None

    @property
    def complete(self) -> bool:
        """The article on screen has stopped arriving: it is whole, or stopped part way."""
        load = self._loader.load
        return self.reading is not None and not (load is not None and load.shown)

    def place(self) -> Place | None:
        """Where the reader is, for the history (with the article itself when it is whole)."""
        if (reading := self.reading) is None:
            return None
        whole = reading if reading.complete else None
        return Place(self.source, self.base_url, self.view.position, self.fetched, whole)

    # loading
    def receive(self, message: messages.LoadMessage) -> None:
        """A message of the loader's, shown if its load is still the current one."""
        if isinstance(message, messages.LoadProgress):
            if (load := self._loader.current(message)) is not None:
                self._progress(load, message.received, message.total)
            return
        if (load := self._loader.take(message)) is None:
            return
        match message:
            case messages.LoadBegun():
                self.begin(load, message)
            case messages.BlocksArrived(blocks=blocks):
                self.add_blocks(load, blocks)
            case messages.LoadFinished(notice=notice):
                self.finish(load)
                if notice:
                    self._screen.notify(notice, title="Offline copy", timeout=8, markup=False)
            case messages.LoadFailed(error=error):
                if not self.failed(load, error):
                    self._offer_choices(load.source, error)  # nothing of it shows: say why, offer a way on

    def loading(self, load: Load) -> None:
        """`load` has started: say so, and show its progress if it takes a while."""
        self.hide_loading_bar()
        self._loading_timer = self._screen.set_timer(LOADING_BAR_DELAY, partial(self._show_loading_bar, load))
        self.show_status()

    def open_cached(self, source: str, base_url: str | None, position: Position | None) -> bool:
        """Show a small cached local article whole, at its place, before the first frame (`Loader.open_cached`)."""
        found = self._loader.open_cached(source, base_url, position)
        if found is None:
            return False
        load, opened, entry = found
        blocks: list[Block] = []
        for chunk in opened.chunks:
            load.markdown.append(chunk.markdown)
            blocks += chunk.blocks
        self.begin(load, messages.LoadBegun(load.token, opened.metadata, blocks, entry, from_html=opened.from_html))
        self.finish(load)
        return True

    def begin(self, load: Load, begun: messages.LoadBegun) -> None:
        """The new article replaces the old one (or itself, started over), at the place it opens at."""
        if load.leaving is not None:
            self._history.push(load.leaving)
            load.leaving = None  # pushed once, also when the article starts over
        load.shown, load.guess_void = True, False
        self.source, self.base_url, self.fetched = load.source, load.base_url, load.fetched
        article = Article(metadata=begun.metadata)
        article.extend(begun.blocks)
        reading = Reading(article, load.markdown, begun.from_html)
        if begun.document is not None:
            reading.document = replace(begun.document, article=article)
        entry = begun.entry
        if entry is not None:
            reading.entry_id = entry.id
            reading.bookmarked = entry.bookmarked
            reading.written = (entry.position, entry.percent)
        else:
            reading.resume = load.position is None and not load.fragment
        self.show(reading, at=load.position)
        self._arrived(load)

    def add_blocks(self, load: Load, blocks: list[Block]) -> None:
        if self.article is not None:
            started = time.perf_counter()
            self.article.extend(blocks)
            self.view.blocks_added()
            self._arrived(load)
            load.pace(len(blocks), time.perf_counter() - started)

    def _arrived(self, load: Load) -> None:
        """Blocks arrived: the contents, the header and the place to go follow."""
        self.contents.headings_arrived(self.article.headings if self.article else [])
        self.hide_contents_without_headings()
        self.update_header(arriving=True)
        if not load.started:
            load.started = True
            self.hide_loading_bar()
        self._apply_target(load)

    def finish(self, load: Load) -> None:
        self._loader.finished(load)
        self.hide_loading_bar()
        self._apply_target(load, final=True)
        self.complete_article()

    def _apply_target(self, load: Load, *, final: bool = False) -> None:
        """Go to the position, anchor or search the load asked for once it has arrived."""
        if (article := self.article) is None:
            return
        view = self.view
        if load.position is not None and (final or load.position.block < len(article.blocks)):
            view.go_to(load.position)
            self.follow()  # now, not at `Moved`: a frame drawn before would show the contents' top
            load.position = None
        if load.at_end:
            view.scroll_to_line(round(view.max_scroll_y))
        if load.fragment:
            block = article.anchor_block(load.fragment)
            if block is not None:
                view.scroll_to_line(view.block_line(block))
                load.fragment = ""
            elif final:
                self._screen.notify(f"No section #{load.fragment} in this article.", severity="warning")
                load.fragment = ""

    def failed(self, load: Load, error: ReaderError) -> bool:
        """The load failed; True when part of it shows (kept, marked partial), False when
        nothing of it does (the screen then offers what to do)."""
        self._loader.finished(load)
        self.hide_loading_bar()
        if load.keeps_what_shows:
            # Part of the article shows: keep it, and say why the rest is missing.
            notice = f"The rest of the article could not be read: {error}"
            self._screen.notify(notice, severity="error", timeout=10)
            self.complete_article(partial=True)
            return True
        self.show_status()
        if self.article is None or load.guess_void:
            self.show_empty()
        return False

    def cancel(self) -> None:
        """Esc while loading: keep what arrived (partial), or the article from before (none after a wrong guess)."""
        if (load := self._loader.load) is None:
            return
        self.stop_loading()
        if load.keeps_what_shows:
            self.complete_article(partial=True)
            self._screen.notify("Loading cancelled: only the part shown so far is here.")
        else:
            self._screen.notify("Loading cancelled.")
        if self.article is None or load.guess_void:  # a large page's start that was not its article
            self.show_empty()
        self.show_status()

    def stop_loading(self) -> None:
        self._loader.cancel()
        self.hide_loading_bar()

    # the loading bar
    async def _show_loading_bar(self, load: Load) -> None:
        if self._loader.load is not load or load.started:
            return
        if self.loading_bar is None:
            from reader.ui.loading_bar import LoadingBar

            self.loading_bar = LoadingBar(id="loading")
            await self._screen.mount(self.loading_bar, before=self._screen.query_one(KeysFooter))
        if self._loader.load is load:
            self.loading_bar.start(load.source)
            if load.received:
                self.loading_bar.report(load.received, load.total)

    def _progress(self, load: Load, received: int, total: int | None) -> None:
        load.received, load.total = received, total
        if self.loading_bar is not None and self.loading_bar.is_loading:
            self.loading_bar.report(received, total)

    def hide_loading_bar(self) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None
        if self.loading_bar is not None:
            self.loading_bar.stop()

    # showing
    def show(self, reading: Reading, *, at: Position | None = None) -> None:
        """Show an article (still arriving, or whole from the history) from its top, or `at`."""
        self.reading = reading
        article = reading.article
        self.header.saved = reading.bookmarked
        self.current_link = None
        self.view.placeholder = []
        self.view.show(article, at, arriving=not reading.complete)
        self.contents.reset()
        self.contents.add_headings(article.headings)
        self.hide_contents_without_headings()  # shown again by the first heading to arrive
        self.header.set_metadata(article.metadata)
        self.update_header()
        self._search.refresh()

    def complete_article(self, *, partial: bool = False) -> None:
        """The article stopped arriving: whole, or `partial` (cancelled, or the rest failed)."""
        reading = self.reading
        if reading is None:
            return
        reading.complete = reading.complete or not partial
        self.view.finished()
        self.show_status()
        self.contents.finished()
        self.hide_contents_without_headings()
        self.update_header()
        self.follow()
        self._search.refresh(keep_current=True)
        self._screen.post_message(messages.ArticleLoaded(reading.article, self.source, reading, partial))
        self.report_position()

    def show_empty(self) -> None:
        self.reading = None
        self.header.saved = False
        self.view.placeholder = EMPTY_TEXT
        self.view.show(None)
        self.header.set_metadata(None)
        self.contents.reset()
        self.contents.finished()
        self.hide_contents_without_headings()
        self.show_status()

    def show_place(self, place: Place) -> None:
        """Return to a place from the history."""
        reading = place.reading
        if reading is not None and reading is self.reading:
            self.view.go_to(place.position)
        elif reading is not None:
            self.stop_loading()
            self.source, self.base_url, self.fetched = place.source, place.base_url, place.fetched
            self.show(reading, at=place.position)
            self.complete_article()

    def show_status(self) -> None:
        """The header's status: worked out here, and only here."""
        if self._loader.load is not None:
            status = Status.LOADING
        elif self.reading is not None and not self.reading.complete:
            status = Status.PARTIAL
        elif self.view.relaying:
            status = Status.RELAYING
        else:
            status = Status.NONE
        self.header.status = status
        self._screen.refresh_bindings()  # the keys an article needs (`keys.ON_AN_ARTICLE`) follow it

    def show_bookmarked(self, reading: Reading) -> None:
        """The library said whether this article is saved: show it, if it is still open."""
        if reading is self.reading:
            self.header.saved = reading.bookmarked

    def hide_contents_without_headings(self) -> None:
        """A contents pane with nothing in it would only take the text's room. An article with no
        blocks yet leaves it as it is (hidden till its first headings, the text showed at two widths)."""
        if self.article is not None and not self.article.blocks and not self.complete:
            return
        headingless = self.article is None or not self.article.headings
        self._screen.set_class(headingless, "-headingless")
        if headingless and self.contents.has_focus_within:
            self.view.focus()

    def update_header(self, *, arriving: bool = False) -> None:
        """`arriving`: a part of the article came (its reading time changes less often)."""
        header, layout = self.header, self.view.text_layout
        header.show_progress()
        if not self.article or not self.article.blocks:
            header.set_minutes(0)
        elif layout is not None:
            header.set_minutes(layout.reading_minutes, arriving=arriving)
        else:  # laid out once the pane has its size; the header is drawn before that
            header.set_minutes(article_minutes(self.article), arriving=arriving)

    # following the reading
    def moved(self) -> None:
        self.header.show_progress()
        self.follow()
        self.report_position()

    def relaid(self) -> None:
        """A new layout is being made, or has replaced the old one."""
        self.show_status()
        self.update_header()
        self.follow()
        self.report_position()

    def recorded(self, reading: Reading, saved: Position) -> None:
        """The library recorded an article. One it found only then (read from a pipe, or a
        file that moved) goes to where the reader stopped, unless they have started reading."""
        # The screen may be being taken down (the app quitting) while the library wrote.
        with suppress(NoMatches):
            self.show_bookmarked(reading)
            if reading.resume:
                reading.resume = False
                if reading is self.reading and self.view.top == 0 and saved != Position(0, 0):
                    self.view.go_to(saved)

    def follow(self) -> None:
        """The contents show the section being read."""
        self.contents.follow(self.view.current_heading())

    def report_position(self) -> None:
        """Tell the app where the reader is in a whole article (it saves that, throttled)."""
        if report := self.position_report():
            self._screen.post_message(report)

    def position_report(self) -> messages.PositionChanged | None:
        """Where the reader is in a whole article now (the app asks when the terminal closes)."""
        reading = self.reading
        if reading is None or not reading.complete:
            return None
        return messages.PositionChanged(reading, self.view.position.stored(), self.view.progress)
