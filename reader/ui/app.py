"""The Textual app: settings, themes, the system browser, the library, and the screens.

The app owns what outlives one article: the settings, the theme catalog, the library, and
the command palette's actions. Reading lives in `ReadingScreen`, saved posts in `LibraryScreen`.
The library is written through the `Bookkeeper`'s thread (articles, positions at most every
`SAVE_INTERVAL` seconds, bookmarks, highlights), answered on the UI thread
(`reader.ui.jobs.when_done`); the screens ask with messages (`reader.ui.messages`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.driver import Driver
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer

from reader.chars import strip_controls
from reader.config import Config, load_config, user_themes_dir
from reader.convert import head_start
from reader.layout.theme import DEFAULT_THEME, ThemeCatalog, ThemeSpec, load_themes
from reader.model import Position
from reader.ui import messages, system
from reader.ui.bookkeeper import SAVE_INTERVAL, Bookkeeper, Reading
from reader.ui.collector import COLLECTOR
from reader.ui.hangup import Stopper
from reader.ui.jobs import failure, when_done
from reader.ui.keys import APP_KEYS, READING_KEYS, bindings
from reader.ui.loader import Offline
from reader.ui.pictures import PictureOptions
from reader.ui.reading import ReadingScreen
from reader.ui.themes import next_theme, start_with, textual_theme

if TYPE_CHECKING:
    from reader.library import Entry
    from reader.source.fetch import Fetched
    from reader.source.limits import Limits
    from reader.ui.library_screen import LibraryChoice

T = TypeVar("T")

WELCOME = Path(__file__).resolve().parent.parent / "samples" / "welcome.md"
"""The guide the library offers while it is empty."""


class ReaderApp(App[int]):
    TITLE = "reader"
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP_KEYS)

    def __init__(
        self,
        source: str | None,
        *,
        base_url: str | None = None,
        theme: str | None = None,
        fetched: Fetched | None = None,
        config: Config | None = None,
        catalog: ThemeCatalog | None = None,
        position: Position | None = None,
        limits: Limits | None = None,
        bookkeeper: Bookkeeper | None = None,
        handle_signals: bool = False,
        pictures: PictureOptions | None = None,
    ) -> None:
        """`source` None opens the library. `handle_signals` (the real program, not tests)
        saves the reading position when the terminal closes (SIGHUP) or on SIGTERM.
        `pictures`: how the terminal draws pictures, found before the app started (None:
        half-blocks, off until `i`)."""
        self.config = config if config is not None else load_config()
        self.pictures = pictures if pictures is not None else PictureOptions(on=False)
        self.limits = limits
        """Download limits for every load (`--max-size`, `--timeout`); None: the defaults."""
        self.bookkeeper = bookkeeper if bookkeeper is not None else Bookkeeper()
        if (source is not None or fetched is not None) and not head_start.asked():
            self.bookkeeper.open_in_background()  # for the first frame's place (`_lookup`)
        self._handle_signals = handle_signals
        self._save_timer: Timer | None = None
        self.catalog = catalog if catalog is not None else load_themes(extra_dirs=[user_themes_dir()])
        self._source, self._base_url, self._fetched, self._position = source, base_url, fetched, position
        self._told: set[str] = set()  # library failures told (`_library_failed`)
        self._notices: list[str] = list(self.catalog.problems)
        if self.config.problem:
            self._notices.append(self.config.problem)
        super().__init__()
        wanted = theme or self.config.theme or DEFAULT_THEME
        if wanted not in self.catalog.themes:
            if theme or self.config.theme:
                self._notices.append(f"No theme named {wanted!r}; using {DEFAULT_THEME!r}.")
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.catalog.themes else next(iter(self.catalog.themes), "")
        for spec in self.catalog.themes.values():
            self.register_theme(textual_theme(spec))
        self._applied_theme = wanted
        if wanted:
            start_with(self, wanted)
            # Only our themes: each has the article styles a Textual built-in theme lacks.
            for name in list(self.available_themes):
                if name not in self.catalog.themes:
                    self.unregister_theme(name)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification as plain text: many say a URL, a fragment or an error that came
        from the article (`No section #[b]x[/b]`), which markup would interpret and a control
        character would let write to the terminal. No notification of ours uses markup."""
        super().notify(
            strip_controls(message), title=strip_controls(title), severity=severity, timeout=timeout, markup=False
        )

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        if driver.__name__ == "LinuxDriver":  # not on Windows, nor a driver chosen by TEXTUAL_DRIVER
            from reader.ui.driver import ReaderDriver

            return ReaderDriver
        return driver

    @property
    def spec(self) -> ThemeSpec:
        """The article styles of the current theme."""
        return self.catalog.get(self.theme)

    def get_default_screen(self) -> Screen[Any]:
        return ReadingScreen(
            self._source,
            spec=self.spec,
            lookup=self._lookup,
            limits=self.limits,
            saved_copy=self.bookkeeper.saved_copy,
            base_url=self._base_url,
            fetched=self._fetched,
            column=self.config.width,
            position=self._position,
            pictures=replace(self.pictures, stored=self.bookkeeper.stored_picture, keep=self.bookkeeper.keep_pictures),
        )

    def _lookup(self, source: str, entry_id: int | None) -> Entry | None:
        """The library entry of an article about to show (asked in its load worker, or on the
        UI thread for a cached file), the library opened first if it is still opening: the
        article opens where the reader stopped, rather than jumping there once recorded."""
        self.bookkeeper.library()
        return self.bookkeeper.lookup(source, entry_id)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.app_resume_signal.subscribe(self, self._resumed)
        for notice in self._notices:
            self.notify(notice, title="Settings", severity="warning", timeout=10)
        if self._handle_signals:
            wake = asyncio.get_running_loop().call_soon_threadsafe
            Stopper(wake, self._stop_signal, self._note_places, self.bookkeeper, self._driver).install()
        if self._source is None and self._fetched is None:
            self.show_library(at_start=True)
        else:  # the search index waits for the first frame, as the collector (paused by `launch`) does
            self.call_after_refresh(self.bookkeeper.index_in_background)
        self.call_after_refresh(COLLECTOR.first_frame)

    def on_ready(self) -> None:
        """The first frame is out: keys typed ahead reach it (`ReaderDriver.take_input`); the library opens."""
        getattr(self._driver, "take_input", lambda: None)()
        self.bookkeeper.open_in_background()

    def _resumed(self, _app: object) -> None:
        """Back from ctrl+z (`fg`): the terminal shows the shell's text, so redraw it all."""
        self.screen.refresh(repaint=True, layout=True)

    def _stop_signal(self) -> None:
        """The terminal went away or we were told to stop: save first, then exit (on the event
        loop; `reader.ui.hangup` ends the process if this does not, soon enough)."""
        self._note_places()
        self.bookkeeper.flush()
        self.exit()

    def _note_places(self) -> None:
        """Note where each article on screen is (the last moves' messages may still be queued)."""
        for screen in self.screen_stack:
            if isinstance(screen, ReadingScreen) and (report := screen.presenter.position_report()):
                self.bookkeeper.note_position(report.reading, report.position, report.percent)

    def on_unmount(self) -> None:
        self.bookkeeper.close()

    # themes
    def action_next_theme(self) -> None:
        next_theme(self, list(self.catalog.themes))

    def _theme_changed(self, theme: object) -> None:
        spec = self.spec
        if spec.name == self._applied_theme:
            return
        self._applied_theme = spec.name
        self._tell_screens(lambda: messages.ThemeChanged(spec))
        self.save_setting(theme=spec.name)

    def _tell_screens(self, message: Callable[[], Message]) -> None:
        """Post a message (a new one each) to every screen in the stack; a screen that does
        not show what it is about ignores it."""
        for screen in self.screen_stack:
            screen.post_message(message())

    # the library
    def _when_done(self, future: Future[T], then: Callable[[Future[T]], object]) -> None:
        """Run `then(future)` on the UI thread once the bookkeeper's thread has finished it."""
        when_done(self, future, then)

    def _library_failed(self, future: Future[Any], *, asked: bool = False) -> bool:
        """Show a library failure as a notice, once for jobs the reader did not ask for (a broken
        library failed each position saved: a notice every 2 s of reading); True when there was one."""
        problem = failure(future)
        if problem is not None and (asked or problem not in self._told):
            self._told.add(problem)
            self.notify(problem, severity="error", timeout=8, markup=False)
        return problem is not None

    @on(messages.ArticleLoaded)
    def _article_loaded(self, event: messages.ArticleLoaded) -> None:
        reading = event.reading
        if reading is None or event.partial:
            return
        self._when_done(self.bookkeeper.record(reading), partial(self._recorded, reading))

    def _recorded(self, reading: Reading, future: Future[Entry]) -> None:
        if self._library_failed(future):
            return
        saved = future.result().position
        self._tell_screens(lambda: messages.Recorded(reading, saved))
        self._schedule_save()  # where the reader moved while it was being recorded

    @on(messages.PositionChanged)
    def _position_changed(self, event: messages.PositionChanged) -> None:
        if self.bookkeeper.note_position(event.reading, event.position, event.percent):
            self._schedule_save()

    def _schedule_save(self) -> None:
        """Write positions once `SAVE_INTERVAL` has passed: at most that often, never later."""
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_INTERVAL, self._save_positions)

    def _save_positions(self) -> None:
        self._save_timer = None
        future = self.bookkeeper.flush()
        if future is not None:
            self._when_done(future, self._library_failed)

    @on(messages.ToggleBookmark)
    def _toggle_bookmark(self, event: messages.ToggleBookmark) -> None:
        """`b`: save or unsave the article, with a short notice once the library has done it."""
        if self.bookkeeper.library() is None:
            self.notify(f"The library is not available: {self.bookkeeper.problem}", severity="error", markup=False)
            return
        reading = event.reading
        self._when_done(self.bookkeeper.toggle_bookmark(reading), partial(self._toggled, reading))

    def _toggled(self, reading: Reading, future: Future[bool]) -> None:
        if self._library_failed(future, asked=True):
            return
        self.notify("Saved" if future.result() else "Removed", timeout=2)
        self._tell_screens(lambda: messages.BookmarkChanged(reading, toggled=True))

    @on(messages.ChangeHighlights)
    def _change_highlights(self, event: messages.ChangeHighlights) -> None:
        """Add, note or delete highlights; then every screen hears of the article's highlights."""
        future = self.bookkeeper.change_highlights(event.reading, event.change)
        self._when_done(future, partial(self._highlights_changed, event.reading, event.done))

    def _highlights_changed(self, reading: Reading, done: str, future: Future[None]) -> None:
        if self._library_failed(future, asked=True):
            return
        if done:
            self.notify(done, timeout=2)
        self._tell_screens(lambda: messages.HighlightsChanged(reading))

    @on(messages.ShowLibrary)
    def _library_asked(self) -> None:
        self.show_library()

    def show_library(self, *, at_start: bool = False) -> None:
        """`L`, and `reader` with no source: the library screen over the reading screen. It
        never waits for the library's thread: the list is read at once (a read never waits for
        a writer), and again once the position being read now, sent here, is written."""
        library = self.bookkeeper.library()
        if library is None:
            self.notify(f"The library is not available: {self.bookkeeper.problem}", severity="error", markup=False)
            return
        from reader.library import View
        from reader.ui.library_screen import LibraryScreen

        self.bookkeeper.flush()  # the position read now: the screen lists again once it is written
        view = View.SAVED
        if at_start and not library.count(View.SAVED) and library.count(View.HISTORY):
            view = View.HISTORY
        self.push_screen(LibraryScreen(self.bookkeeper, view, welcome=str(WELCOME)), self._library_chosen)

    def _library_chosen(self, choice: LibraryChoice | None) -> None:
        screen = self.screen_stack[0]
        if not isinstance(screen, ReadingScreen):
            return
        reading = screen.reading
        if choice is None:
            if reading is not None:  # it may have been removed or archived there
                self._when_done(self.bookkeeper.refresh(reading), partial(self._refreshed, screen, reading))
            return
        if choice.entry_id is None:
            screen.open_source(choice.source)
            return
        offline: Offline | None = None
        if choice.offline or choice.has_copy:
            reason = ""
            if choice.offline:
                gone = "It was read from a pipe" if choice.source == "-" else f"The file is gone ({choice.source})"
                reason = f"{gone}: showing the offline copy."
            offline = Offline(partial(self.bookkeeper.offline_document, choice.entry_id), choice.offline, reason)
        screen.open_source(
            choice.source, entry_id=choice.entry_id, offline=offline, position=choice.position, find=choice.find
        )

    def _refreshed(self, screen: ReadingScreen, reading: Reading, future: Future[Entry | None]) -> None:
        if not self._library_failed(future):
            screen.post_message(messages.BookmarkChanged(reading))

    # settings
    @on(messages.SaveSettings)
    def _save_settings(self, event: messages.SaveSettings) -> None:
        self.save_setting(**event.changes)

    def save_setting(self, **changes: Any) -> None:
        """Change settings and save them; a failure to save is shown, never raised."""
        changed = False
        for name, value in changes.items():
            if getattr(self.config, name) != value:
                setattr(self.config, name, value)
                changed = True
        if not changed:
            return
        try:
            self.config.save()
        except OSError as exc:
            self.notify(f"Could not save the settings: {exc}", severity="error")

    # the system browser
    @on(messages.OpenInBrowser)
    def _open_in_browser(self, event: messages.OpenInBrowser) -> None:
        self.open_in_browser(event.url)

    def open_in_browser(self, url: str) -> None:
        if system.open_url(url):
            self.notify(f"Opened {url}", timeout=3)
        else:
            self.copy_to_clipboard(url)
            self.notify(f"No browser to hand it to. The address was copied: {url}", timeout=8)

    # help and the command palette
    def action_help(self) -> None:
        screen = self.screen
        from reader.ui.dialogs import HelpScreen
        from reader.ui.keys import help_rows
        from reader.ui.library_screen import LibraryScreen

        self.push_screen(HelpScreen(screen.help_rows() if isinstance(screen, LibraryScreen) else help_rows()))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the reading screen and the app, plus Textual's own commands."""
        if isinstance(screen, ReadingScreen):
            for key in READING_KEYS:
                if key.palette:
                    yield SystemCommand(key.title, key.help, partial(screen.run_action, key.action))
        for key in APP_KEYS:
            yield SystemCommand(key.title, key.help, partial(self.run_action, key.action))
        for spec in self.catalog.themes.values():
            yield SystemCommand(
                f"Theme: {spec.name}", f"Use the {spec.name} colours", partial(self._set_theme, spec.name)
            )
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit",):
                yield command

    def _set_theme(self, name: str) -> None:
        self.theme = name
