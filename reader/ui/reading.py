"""The reading screen: header, contents beside the reading pane, and the keys to move.

The screen puts the widgets together and moves through the article: scrolling, jumps,
sections, links, back and forward. The rest is delegated: `Loader` (`reader.ui.loader`) loads
(converting in a child process) and posts the article's parts as messages, which `Presenter`
(`reader.ui.presenter`) shows as they come, the one place for the article on screen;
`Search` (`reader.ui.search`) answers `/`, n and N. What the app owns (the library, the
settings, the system browser) is asked for with messages (`reader.ui.messages`): the screen
never calls the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen

from reader.config import WIDTH_STEP
from reader.errors import ReaderError
from reader.model import HEADER, Article, Position
from reader.ui import messages
from reader.ui.article_view import ArticleView
from reader.ui.column import set_column
from reader.ui.contents import ContentsPane
from reader.ui.footer import KeysFooter
from reader.ui.header import HeaderLine
from reader.ui.history import History, Place
from reader.ui.keys import READING_KEYS, SELECTING, bindings, idle
from reader.ui.link_follower import LinkFollower
from reader.ui.loader import Loader, Lookup, Offline, SavedCopy
from reader.ui.marking import Marking, MarkingActions
from reader.ui.pacing import InputFirst
from reader.ui.pictures import PictureLoader, PictureOptions
from reader.ui.presenter import Presenter
from reader.ui.search import Search
from reader.ui.sections import heading_line_after, heading_line_before

if TYPE_CHECKING:
    from reader.layout.theme import ThemeSpec
    from reader.source.fetch import Fetched
    from reader.source.limits import Limits
    from reader.ui.bars import SearchBar
    from reader.ui.bookkeeper import Reading

NARROW_SCREEN = 70
"""On a terminal narrower than this the contents start hidden (`t` shows them): beside
them the text would be a few words wide."""


class ReadingScreen(MarkingActions, Screen[None]):
    """One article at a time, with back and forward through what was opened."""

    DEFAULT_CSS = """
    ReadingScreen #panes { height: 1fr; }
    ReadingScreen ArticleView { width: 1fr; height: 1fr; }
    ReadingScreen.-no-contents ContentsPane { display: none; }
    ReadingScreen.-headingless ContentsPane { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(READING_KEYS)
    AUTO_FOCUS = "#article"  # not the contents first, then the article: each move restyles the tree

    def __init__(
        self,
        source: str | None,
        *,
        spec: ThemeSpec,
        lookup: Lookup,
        limits: Limits | None = None,
        saved_copy: SavedCopy | None = None,
        base_url: str | None = None,
        fetched: Fetched | None = None,
        column: int = 80,
        position: Position | None = None,
        pictures: PictureOptions | None = None,
    ) -> None:
        """`source` (or `fetched`) is opened at `position`, or where the reader stopped last
        time (`lookup` asks the library); None shows an empty screen. `spec`: the theme's
        article styles; `limits`: what a download may take; `saved_copy`: the library's copy of
        a source that cannot be read; `pictures`: how pictures show."""
        super().__init__()
        self._initial = (source, base_url, fetched, position)
        self._column = column
        self._spec = spec
        self.history = History()
        self.loader = Loader(self, lookup, limits, saved_copy)
        self.search = Search(self, lambda: self.query_one(KeysFooter), self.loader.reader_moved)
        self.presenter = Presenter(self, self.loader, self.history, self.search, self._offer_choices)
        self.input_first = InputFirst(self, lambda: self.view.top, self.presenter.receive)
        self.pictures = PictureLoader(self, self.presenter, pictures or PictureOptions())
        open_at = lambda source, fragment: self.open_source(source, fragment=fragment)  # noqa: E731
        self.links = LinkFollower(self, self.presenter, open_at, self._jump_to_block)
        self.marking = Marking(self, lambda: self.presenter.reading)

    # composition
    def compose(self) -> ComposeResult:
        view = ArticleView(id="article")
        yield HeaderLine(lambda: view.progress, id="header")
        with Horizontal(id="panes"):
            yield ContentsPane(id="contents")
            yield view
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
    def reading(self) -> Reading | None:
        """The article on screen, with its Markdown, whether it is whole, and its library entry."""
        return self.presenter.reading

    @property
    def article(self) -> Article | None:
        return self.presenter.article

    @property
    def complete(self) -> bool:
        """The article on screen has stopped arriving: it is whole, or stopped part way."""
        return self.presenter.complete

    @property
    def is_loading(self) -> bool:
        return self.loader.load is not None

    def on_mount(self) -> None:
        view = self.view
        view.spec = self._spec
        view.column = self._column
        self.pictures.attach(view)
        if self.app.size.width < NARROW_SCREEN:
            self.add_class("-no-contents")
        source, base_url, fetched, position = self._initial
        if fetched is not None:
            self.open_source(source or "-", base_url=base_url, fetched=fetched, position=position, record=False)
        elif source is None:
            self.presenter.show_empty()
        elif not self.presenter.open_cached(source, base_url, position):
            self.open_source(source, base_url=base_url, position=position, record=False)
        self.call_after_refresh(self.loader.warm)  # a child ready to convert the next article

    def on_unmount(self) -> None:
        self.loader.close()  # no conversion outlives the screen

    # the reading position (the library saves and restores it)
    @property
    def position(self) -> Position:
        """The block and character offset at the top of the pane; block `HEADER` is the title."""
        return self.view.position

    def go_to_position(self, position: Position) -> None:
        self.view.go_to(position)

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
        find: str = "",
    ) -> None:
        """Load a source (a path, a URL, or bytes already read) and show it as it arrives.

        With no `position` and no `fragment`, the reader goes back to where it stopped last time.
        `entry_id` names the library entry opened; `offline` is its stored copy, shown when the
        source is gone or fails; `find` is a search to show once it is in."""
        details = {"base_url": base_url, "fetched": fetched, "position": position, "fragment": fragment}
        self.marking.cancel()  # a selection belongs to the article it was made in
        self.search.pending = find
        leaving = self.presenter.place() if record else None
        load = self.loader.new(source, leaving=leaving, entry_id=entry_id, offline=offline, **details)
        self.presenter.loading(load)
        self.loader.start(load)

    @on(messages.LoadMessage)
    def _load_message(self, event: messages.LoadMessage) -> None:
        self.input_first.receive(event)

    def _offer_choices(self, source: str, error: ReaderError) -> None:
        """Nothing of the article could be shown: say why, and offer where to go instead."""
        from reader.ui.dialogs import offer_choices

        actions = {"open": self.action_open, "back": self.action_back, "quit": self.app.exit}
        showing = self.presenter.article is not None  # still where they were: Back would go further back
        offer_choices(self, source, error, actions, can_go_back=bool(self.history.back) and not showing)

    def action_cancel_load(self) -> None:
        self.presenter.cancel()

    # following the reading
    @on(ArticleView.Moved)
    def _moved(self) -> None:
        self.presenter.moved()

    @on(ArticleView.Relaying)
    @on(ArticleView.Relaid)
    def _relaid(self) -> None:
        self.presenter.relaid()

    @on(messages.Recorded)
    def _recorded(self, event: messages.Recorded) -> None:
        self.presenter.recorded(event.reading, event.position)
        self.marking.recorded(event.reading, event.position)

    @on(messages.BookmarkChanged)
    def _bookmark_changed(self, event: messages.BookmarkChanged) -> None:
        self.presenter.show_bookmarked(event.reading)
        if event.toggled and event.reading.bookmarked:
            self.pictures.keep(event.reading)

    @on(messages.ThemeChanged)
    def _theme_changed(self, event: messages.ThemeChanged) -> None:
        self.view.set_theme(event.spec)

    @on(ContentsPane.Selected)
    def _heading_chosen(self, event: ContentsPane.Selected) -> None:
        if self.article is None or not 0 <= event.heading < len(self.article.headings):
            return
        self.loader.reader_moved()
        self.view.scroll_to_line(self.view.block_line(self.article.headings[event.heading].block))

    # moving
    @on(ArticleView.WheelScrolled)
    def _wheel_scrolled(self) -> None:
        self.loader.reader_moved()

    def action_scroll_lines(self, count: int) -> None:
        if self.marking.extend_lines(count):  # j and k extend a selection being made
            return
        self.loader.reader_moved()
        self.view.scroll_to_line(self.view.top + count)

    def action_scroll_pages(self, count: int) -> None:
        self.loader.reader_moved()
        self.view.scroll_to_line(self.view.top + count * self.view.page_size)

    def action_top(self) -> None:
        self.loader.reader_moved()
        self._jump_to_line(0)

    def action_end(self) -> None:
        self.loader.reader_moved(to_end=True, on_screen=self.article is not None)
        self._jump_to_line(round(self.view.max_scroll_y))

    def _jump_to_line(self, line: int) -> None:
        """g and G are jumps, as in a pager: Backspace comes back to where they left."""
        if line != self.view.top:
            self._remember_place()
        self.view.scroll_to_line(line)

    def _remember_place(self) -> None:
        place = self.presenter.place()
        if place is not None:
            self.history.push(place)

    def action_next_section(self) -> None:
        if self.complete and self.article is not None and not self.article.headings:
            self.notify("This article has no headings.")
            return
        top = self.view.top
        target = heading_line_after(self.view, top)
        if target is None or self.view.at_end:
            self.app.bell()
            return
        self.loader.reader_moved()
        self.view.scroll_to_line(target)

    def action_previous_section(self) -> None:
        self.loader.reader_moved()
        top = self.view.top
        target = heading_line_before(self.view, top)
        self.view.scroll_to_line(0 if target is None else target)

    def action_toggle_contents(self) -> None:
        if self.has_class("-headingless"):
            self.notify("This article has no headings.")
            return
        self.toggle_class("-no-contents")
        if self.has_class("-no-contents"):
            self.view.focus()

    def action_back(self) -> None:
        self._step_history(self.history.go_back(self.presenter.place()), "Nothing to go back to.")

    def action_forward(self) -> None:
        self._step_history(self.history.go_forward(self.presenter.place()), "Nothing to go forward to.")

    def _step_history(self, place: Place | None, nothing: str) -> None:
        if place is None:
            self.notify(nothing)
        elif place.reading is None:  # not whole when the reader left it: load it again
            self.open_source(
                place.source, base_url=place.base_url, fetched=place.fetched, position=place.position, record=False
            )
        else:
            self.presenter.show_place(place)

    # search
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` is a priority key: while the search box has the focus it is a character to find.
        # h, H and the arrows are the selection's keys, there (and in the footer) while it is made.
        if action in SELECTING:
            return self.marking.selecting
        nothing_open = self.article is None and not self.is_loading  # offer what does something
        no_sections = self.complete and not (self.article and self.article.headings)
        return not ((action == "search" and self.search.typing) or idle(action, nothing_open, no_sections))

    async def action_search(self) -> None:
        await self.search.open()

    # (by name: the search bar's module loads only on the first `/`)
    def on_search_bar_changed(self, event: SearchBar.Changed) -> None:
        self.search.changed(event.query)

    def on_search_bar_submitted(self, event: SearchBar.Submitted) -> None:
        self.search.submitted(event.query)

    def on_search_bar_closed(self, event: SearchBar.Closed) -> None:
        self.search.closed(event.query)

    def action_next_match(self) -> None:
        self.search.step(forward=True)

    def action_previous_match(self) -> None:
        self.search.step(forward=False)

    def action_escape(self) -> None:
        """The selection first, then the search, then a load."""
        if not self.marking.cancel() and not self.search.close():
            self.presenter.cancel()

    # links
    def action_links(self) -> None:
        self.links.choose()

    @on(ArticleView.LinkClicked)
    def _link_clicked(self, event: ArticleView.LinkClicked) -> None:
        self.links.follow(event.href)

    def follow_link(self, href: str) -> None:
        self.links.follow(href)

    def _jump_to_block(self, block: int) -> None:
        """A link within the article: a jump, as g and G are."""
        self._remember_place()
        self.loader.reader_moved()
        self.view.scroll_to_line(0 if block == HEADER else self.view.block_line(block))

    def action_open_browser(self) -> None:
        self.links.open_in_browser()

    def action_open(self) -> None:
        self.links.ask_and_open()

    def action_toggle_pictures(self) -> None:
        on = self.pictures.toggle()
        self.post_message(messages.SaveSettings({"images": "auto" if on else "off"}))

    # selections and highlights: the actions are `MarkingActions`'
    @on(messages.HighlightsChanged)
    def _highlights_changed(self, event: messages.HighlightsChanged) -> None:
        self.marking.changed(event.reading)

    # the library, the width
    def action_bookmark(self) -> None:
        if (reading := self.reading) is None:
            self.notify("Nothing is open to save.")
        elif not self.complete:
            self.notify("Still loading: press b again once the article is in.")
        elif not reading.complete:
            self.notify("Only part of this article was read, so it cannot be saved.", severity="warning")
        else:
            self.post_message(messages.ToggleBookmark(reading))

    def action_library(self) -> None:
        self.post_message(messages.ShowLibrary())

    def action_wider(self) -> None:
        set_column(self, self.view, self.view.layout_width() + WIDTH_STEP)

    def action_narrower(self) -> None:
        set_column(self, self.view, self.view.layout_width() - WIDTH_STEP)
