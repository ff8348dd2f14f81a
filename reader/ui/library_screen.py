"""The library screen: saved posts, history and archive, narrowed as you type.

It knows nothing of loading articles. Choosing a post dismisses the screen with a
`LibraryChoice`; the app opens the source, or the offline copy when the file is gone.
Titles, sites and tags are data from the web: they reach the screen as `Text`, never markup.
While the library is empty, its one row is the welcome guide, so a first run has somewhere
to go.

The list is read on the UI thread, as the filter is typed: a read never waits for a writer.
Changes (remove, archive, tags) go to the bookkeeper's thread like every other write, since
a write may wait for another copy of the reader that holds the library's lock; the list is
read again when the change is made, and the screen answers keys meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, Tab, Tabs

from reader.chars import strip_controls
from reader.errors import ReaderError
from reader.library import Entry, Library, View
from reader.ui.bookkeeper import Bookkeeper
from reader.ui.footer import KeysFooter
from reader.ui.jobs import failure, when_done
from reader.ui.library_dialogs import ConfirmScreen, TagsScreen

__all__ = ["ConfirmScreen", "LibraryChoice", "LibraryScreen", "TagsScreen"]

ROW_LIMIT = 300
"""Rows listed at once; the filter finds the rest. DataTable measures every cell it is
given: measured on a 20,000-entry library, 1,000 rows cost about 300 ms a keystroke in the
filter, 300 rows under 100 ms."""

_TABS = (View.SAVED, View.HISTORY, View.ARCHIVE)
_EMPTY = {
    View.SAVED: "Nothing saved yet: press b while reading to save a post.",
    View.HISTORY: "Nothing read yet.",
    View.ARCHIVE: "Nothing archived: press a on a saved post to archive it.",
}
_SAVING = "Saving the change… (the list follows once the library has it)"

_WELCOME_KEY = "welcome"
_WELCOME_CELLS = (
    Text("Welcome to reader: a short guide to the keys", no_wrap=True, overflow="ellipsis"),
    Text("bundled"),
    Text(""),
    Text(""),
)


@dataclass(frozen=True, slots=True)
class LibraryChoice:
    """What the reader picked: the app opens `source`, or the offline copy when `offline`."""

    source: str
    entry_id: int | None
    """None for what is not in the library (the welcome guide)."""
    offline: bool = False
    """The source cannot be opened again (a file that is gone, or stdin): open the stored copy."""
    has_copy: bool = False
    """An offline copy exists, to fall back on if the source cannot be loaded."""


def _when(stamp: float | None) -> str:
    if stamp is None:
        return ""
    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d")


def row_cells(entry: Entry, view: View) -> tuple[Text, Text, Text, Text]:
    """Title (with tags and a missing mark), site, progress and date, all as plain Text,
    without control characters (a title or a folder's name may come with them)."""
    title = Text(strip_controls(entry.display_title), no_wrap=True, overflow="ellipsis")
    if entry.missing:
        title.append(" (file missing" + (", offline copy" if entry.has_copy else "") + ")", style="bold red")
    for tag in entry.tags:
        title.append(f" #{strip_controls(tag)}", style="dim")
    progress = Text(f"{entry.percent:.0f}%", justify="right")
    stamp = entry.last_read if view is View.HISTORY else entry.saved
    place = Text(strip_controls(entry.place), no_wrap=True, overflow="ellipsis")
    return title, place, progress, Text(_when(stamp))


class EntryTable(DataTable[Text]):
    """The list. Enter is the table's own key here (it opens the row), so that it acts after
    the arrow keys typed before it: a priority key on the screen would overtake them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", tooltip="Open the chosen post", key_display="Enter"),
    ]


SITE_COLUMN = 20
FIXED_COLUMNS = 5 + 10
"""The Read and Date columns."""
TABLE_FRAME = 4 * 2 + 2
"""A cell's padding on each side of the four columns, and the scroll bar."""


def column_widths(width: int) -> tuple[int, int, int, int]:
    """Title, Site, Read and Date: the title takes what the others leave and at least half
    the width, the site column giving way first."""
    title = max(width // 2, width - TABLE_FRAME - SITE_COLUMN - FIXED_COLUMNS)
    site = max(0, width - TABLE_FRAME - FIXED_COLUMNS - title)
    return title, site, 5, 10


class LibraryScreen(Screen[LibraryChoice | None]):
    """Saved, History and Archive tabs over one list, with a filter box above it."""

    DEFAULT_CSS = """
    LibraryScreen #filter { margin: 0 1; }
    LibraryScreen #entries { height: 1fr; }
    LibraryScreen #status { height: 1; padding: 0 2; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Open the chosen post", key_display="Enter"),
        Binding("d", "remove", "Remove", tooltip="Remove the post from the library"),
        Binding("a", "archive", "Archive", tooltip="Archive the post, or bring it back from the archive"),
        Binding("number_sign", "tags", "Tags", key_display="#", tooltip="Edit the post's tags"),
        Binding("slash", "focus_filter", "Filter", key_display="/", tooltip="Filter by title, site, author or #tag"),
        Binding("1", "show('saved')", "Saved", show=False, tooltip="Show the saved posts"),
        Binding("2", "show('history')", "History", show=False, tooltip="Show everything read"),
        Binding("3", "show('archive')", "Archive", show=False, tooltip="Show the archive"),
        Binding("left", "step_tab(-1)", "Previous tab", show=False, tooltip="The tab on the left", key_display="←"),
        Binding("right", "step_tab(1)", "Next tab", show=False, tooltip="The tab on the right", key_display="→"),
        Binding("escape", "close", "Close", tooltip="Leave the filter, then the library", key_display="Esc"),
    ]

    @classmethod
    def help_rows(cls) -> list[tuple[str, str]]:
        """What `?` shows here: this screen's keys, from its bindings."""
        keys = [binding for binding in cls.BINDINGS if isinstance(binding, Binding)]
        rows = [(binding.key_display or binding.key, binding.tooltip) for binding in keys]
        return [("↑ ↓", "Move through the list"), *rows, ("?", "Show every key"), ("q", "Quit the reader")]

    def __init__(self, keeper: Bookkeeper, view: View = View.SAVED, *, welcome: str | None = None) -> None:
        """`keeper`: the way to the library, its reads and its one thread of writes.
        `welcome`: the path of the guide to offer while the library is empty."""
        super().__init__()
        self.keeper = keeper
        self.view = view if view in _TABS else View.SAVED
        self.welcome = welcome
        self._entries: dict[str, Entry] = {}
        self._changing: set[int] = set()
        """Entries with a change sent to the library and not made yet."""

    def compose(self) -> ComposeResult:
        yield Tabs(*(Tab(view.value.title(), id=view.value) for view in _TABS), active=self.view.value)
        yield Input(placeholder="Filter by title, site, author or #tag", id="filter")
        table = EntryTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="status", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#entries", DataTable)
        table.add_column("Title", key="title")
        table.add_column("Site", key="site", width=20)
        table.add_column("Read", key="progress", width=5)
        table.add_column("Date", key="date", width=10)
        self.reload()
        table.focus()
        # The list shows progress: the positions the app sent on the way here count too.
        pending = self.keeper.pending()
        if pending is not None:
            when_done(self.app, pending, self._relist)

    # the list

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#entries", DataTable)

    @property
    def current(self) -> Entry | None:
        """The entry under the cursor."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._entries.get(key or "")

    @property
    def saving(self) -> bool:
        """A change made here is on its way to the library; the list shows it once it is made."""
        return bool(self._changing)

    def reload(self) -> None:
        """Query the library again for this tab and filter, keeping the cursor on its entry."""
        query = self.query_one("#filter", Input).value
        keep = self.current
        row = self.table.cursor_row
        try:
            library = self.keeper.opened()
            entries = library.entries(self.view, query, limit=ROW_LIMIT)
            total = library.count(self.view, query) if len(entries) >= ROW_LIMIT else len(entries)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        welcome = not entries and not query.strip() and self.welcome is not None and self._library_is_empty()
        table = self.table
        table.clear()
        self._entries = {str(entry.id): entry for entry in entries}
        for column, width in zip(table.ordered_columns, column_widths(self.size.width), strict=True):
            column.width, column.auto_width = width, False
        for entry in entries:
            table.add_row(*row_cells(entry, self.view), key=str(entry.id))
        if welcome:
            table.add_row(*_WELCOME_CELLS, key=_WELCOME_KEY)
        if keep is not None and str(keep.id) in self._entries:
            table.move_cursor(row=table.get_row_index(str(keep.id)), animate=False)
        elif entries:
            table.move_cursor(row=min(row, len(entries) - 1), animate=False)
        self._show_status(len(entries), total, query, welcome=welcome)

    def _library_is_empty(self) -> bool:
        try:
            library = self.keeper.opened()
            return not library.count(View.HISTORY) and not library.count(View.BOOKMARKS)
        except ReaderError:
            return False

    def _show_status(self, shown: int, total: int, query: str, *, welcome: bool = False) -> None:
        if self._changing:
            text = _SAVING
        elif welcome:
            text = "Your library is empty. Enter opens the guide; b saves the post you are reading."
        elif not total:
            text = "Nothing matches the filter." if query.strip() else _EMPTY[self.view]
        elif shown < total:
            text = f"{shown:,} of {total:,} shown: type in the filter to narrow."
        else:
            text = f"{total:,} {'post' if total == 1 else 'posts'}"
        self.query_one("#status", Static).update(Text(text))

    def on_resize(self) -> None:
        self.reload()

    @on(Tabs.TabActivated)
    def _tab_changed(self, event: Tabs.TabActivated) -> None:
        if event.tab.id and event.tab.id != self.view.value:
            self.view = View(event.tab.id)
            self.reload()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.reload()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    # actions

    def action_show(self, view: str) -> None:
        self.query_one(Tabs).active = view

    def action_step_tab(self, step: int) -> None:
        tabs = [view.value for view in _TABS]
        active = self.query_one(Tabs).active
        index = tabs.index(active) if active in tabs else 0
        self.action_show(tabs[(index + step) % len(tabs)])

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_close(self) -> None:
        """Esc leaves the filter first, then the screen."""
        if self.query_one("#filter", Input).has_focus:
            self.table.focus()
        else:
            self.dismiss(None)

    def action_open(self) -> None:
        if self.query_one("#filter", Input).has_focus:
            self.table.focus()
            return
        entry = self.current
        if entry is None:
            if self.welcome is not None and self._on_welcome_row():
                self.dismiss(LibraryChoice(self.welcome, None))
            return
        offline = entry.missing or not entry.reopenable
        if offline and not entry.has_copy:
            gone = "The file is gone" if entry.missing else "It was read from a pipe"
            self.notify(f"{gone} and there is no offline copy.", severity="error", markup=False)
            return
        self.dismiss(LibraryChoice(entry.source, entry.id, offline=offline, has_copy=entry.has_copy))

    def action_remove(self) -> None:
        entry = self._target()
        if entry is None:
            return
        place = "history" if self.view is View.HISTORY else "the library"
        question = f"Remove “{entry.display_title}” from {place}?"
        remove = Library.remove_history if self.view is View.HISTORY else Library.remove_bookmark

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(entry, lambda library: remove(library, entry.id))

        self.app.push_screen(ConfirmScreen(question), answered)

    def _on_welcome_row(self) -> bool:
        table = self.table
        if not table.row_count:
            return False
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == _WELCOME_KEY

    def action_archive(self) -> None:
        entry = self._target()
        if entry is None:
            return
        if not entry.bookmarked:
            self.notify("Only saved posts can be archived.", markup=False)
            return
        verb = "Moved back to Saved" if entry.archived else "Archived"
        self._change(
            entry, lambda library: library.set_archived(entry.id, not entry.archived), f"{verb}: {entry.display_title}"
        )

    def action_tags(self) -> None:
        entry = self._target()
        if entry is None:
            return

        def edited(value: str | None) -> None:
            if value is not None:
                self._change(entry, lambda library: library.set_tags(entry.id, [value]))

        self.app.push_screen(TagsScreen(entry.display_title, entry.tags), edited)

    # changes, made on the library's thread

    def _target(self) -> Entry | None:
        """The entry under the cursor, unless a change to it is still on its way."""
        entry = self.current
        if entry is not None and entry.id in self._changing:
            self.notify("The last change to this post is not saved yet.", markup=False)
            return None
        return entry

    def _change(self, entry: Entry, job: Callable[[Library], object], done: str | None = None) -> None:
        """Send a change to the library's thread; list again once it is made, with `done` as a
        notice (or the failure). Until then the list shows the entry as it was."""
        self._changing.add(entry.id)
        self.query_one("#status", Static).update(Text(_SAVING))
        when_done(self.app, self.keeper.write(job), partial(self._changed, entry.id, done))

    def _changed(self, entry_id: int, done: str | None, future: Future[object]) -> None:
        self._changing.discard(entry_id)
        problem = failure(future)
        if problem is not None:
            self.app.notify(problem, severity="error", timeout=8, markup=False)
        elif done is not None:
            self.app.notify(done, markup=False)
        self._relist()

    def _relist(self, _future: Future[object] | None = None) -> None:
        """List again, if the screen is still there."""
        if self.is_attached:
            self.reload()
