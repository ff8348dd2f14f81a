"""The library screen: saved posts, history and archive, narrowed as you type; a search of
the text of every post; and the highlights made while reading.

It knows nothing of loading articles. Choosing a post dismisses the screen with a
`LibraryChoice`; the app opens the source, or the offline copy when the file is gone.
Titles, sites and tags are data from the web: they reach the screen as `Text`, never markup.
While the library is empty, its one row is the welcome guide, so a first run has somewhere
to go.

The list is read on the UI thread, as the filter is typed: a read never waits for a writer
(a search of 5,000 posts answers in tens of milliseconds). Changes (remove, archive, tags,
notes) go to the bookkeeper's thread like every other write, since a write may wait for
another copy of the reader that holds the library's lock; the list is read again when the
change is made, and the screen answers keys meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, Tab, Tabs

from reader.errors import ReaderError
from reader.library import Entry, Library, View
from reader.library.entry import Highlight
from reader.library.search import Hit
from reader.ui.bookkeeper import Bookkeeper
from reader.ui.footer import KeysFooter
from reader.ui.jobs import failure, when_done
from reader.ui.library_dialogs import ConfirmScreen, NoteScreen, TagsScreen
from reader.ui.library_rows import (
    FILTER,
    PLACEHOLDERS,
    SEARCH,
    TABS,
    WELCOME_KEY,
    Column,
    LibraryChoice,
    Row,
    box_of,
    column_widths,
    entry_of,
    list_rows,
    removal_question,
)

__all__ = ["ConfirmScreen", "LibraryChoice", "LibraryScreen", "NoteScreen", "TagsScreen"]

_SAVING = "Saving the change… (the list follows once the library has it)"


class EntryTable(DataTable[Text]):
    """The list. Enter is the table's own key here (it opens the row), so that it acts after
    the arrow keys typed before it: a priority key on the screen would overtake them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", tooltip="Open the chosen post", key_display="Enter"),
    ]


class LibraryScreen(Screen[LibraryChoice | None]):
    """Saved, History, Archive, Search and Highlights tabs over one list, with a box above it
    that filters (or, on Search, searches)."""

    DEFAULT_CSS = """
    LibraryScreen #filter { margin: 0 1; }
    LibraryScreen #entries { height: 1fr; }
    LibraryScreen #status { height: 1; padding: 0 2; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Open the chosen post", key_display="Enter"),
        Binding("d", "remove", "Remove", tooltip="Remove the post from the library, or delete the highlight"),
        Binding("a", "archive", "Archive", tooltip="Archive the post, or bring it back from the archive"),
        Binding("number_sign", "tags", "Tags", key_display="#", tooltip="Edit the post's tags"),
        Binding("n", "note", "Note", tooltip="Edit the highlight's note (Highlights)"),
        Binding("slash", "focus_filter", "Filter", key_display="/", tooltip="Filter by title, site, author or #tag"),
        Binding("1", "show('saved')", "Saved", show=False, tooltip="Show the saved posts"),
        Binding("2", "show('history')", "History", show=False, tooltip="Show everything read"),
        Binding("3", "show('archive')", "Archive", show=False, tooltip="Show the archive"),
        Binding("4,ctrl+f", "search", "Search", key_display="4 ctrl+f", tooltip="Search the text of every post"),
        Binding("5", "show('highlights')", "Highlights", show=False, tooltip="Show every highlight and its note"),
        Binding("left", "step_tab(-1)", "Previous tab", show=False, tooltip="The tab on the left", key_display="←"),
        Binding("right", "step_tab(1)", "Next tab", show=False, tooltip="The tab on the right", key_display="→"),
        Binding("escape", "close", "Close", tooltip="Leave the filter, then the library", key_display="Esc"),
        Binding("down", "close(False)", show=False, tooltip="From the box, go down to the list", key_display="↓"),
    ]

    @classmethod
    def help_rows(cls) -> list[tuple[str, str]]:
        """What `?` shows here: this screen's keys, from its bindings."""
        keys = [binding for binding in cls.BINDINGS if isinstance(binding, Binding)]
        rows = [(binding.key_display or binding.key, binding.tooltip) for binding in keys]
        return [("↑ ↓", "Move through the list"), *rows, ("?", "Show every key"), ("q", "Quit the reader")]

    def __init__(self, keeper: Bookkeeper, view: View | str = View.SAVED, *, welcome: str | None = None) -> None:
        """`keeper`: the way to the library, its reads and its one thread of writes.
        `view`: the tab to show first. `welcome`: the guide to offer while the library is empty."""
        super().__init__()
        self.keeper = keeper
        self.tab = str(view) if str(view) in TABS else View.SAVED.value
        self.welcome = welcome
        self._rows: dict[str, Row] = {}
        self._changing: set[int] = set()
        """Entries (or highlights, negated) with a change sent to the library and not made yet."""
        self._columns: tuple[Column, ...] = ()
        self._typed: dict[str, str] = {}  # the box's text on the tabs not shown, by `box_of`
        self._status = ""

    @property
    def view(self) -> View | None:
        """The part of the library listed, on the tabs of posts; None on Search and Highlights."""
        return View(self.tab) if self.tab in (view.value for view in View) else None

    def compose(self) -> ComposeResult:
        yield Tabs(*(Tab(tab.title(), id=tab) for tab in TABS), active=self.tab)
        yield Input(placeholder=FILTER, id="filter")
        yield EntryTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Static("", id="status", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()
        self.table.focus()
        # The list shows progress: the positions the app sent on the way here count too.
        pending = self.keeper.pending()
        if pending is not None:
            when_done(self.app, pending, self._relist)
        self.set_interval(0.5, self._show_indexing)

    # the list

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#entries", DataTable)

    @property
    def filter_box(self) -> Input:
        return self.query_one("#filter", Input)

    @property
    def row(self) -> Row | None:
        """What the row under the cursor shows."""
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    @property
    def current(self) -> Entry | None:
        """The post of the row under the cursor."""
        row = self.row
        return entry_of(row) if row is not None else None

    @property
    def saving(self) -> bool:
        """A change made here is on its way to the library; the list shows it once it is made."""
        return bool(self._changing)

    def _set_columns(self, columns: tuple[Column, ...]) -> None:
        table = self.table
        if columns != self._columns:
            table.clear(columns=True)
            for column in columns:
                table.add_column(column.label, key=column.key, width=column.width)
            self._columns = columns
        for shown, width in zip(table.ordered_columns, column_widths(columns, self.size.width), strict=True):
            shown.width, shown.auto_width = width, False

    def reload(self) -> None:
        """Query the library again for this tab and filter, keeping the cursor on its row."""
        query = self.filter_box.value
        keep = self.table.row_count and self.table.coordinate_to_cell_key(self.table.cursor_coordinate).row_key.value
        row = self.table.cursor_row
        try:
            library = self.keeper.opened()
            listing = list_rows(library, self.tab, query, welcome=self.welcome is not None)
        except ReaderError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._set_columns(listing.columns)
        rows = listing.rows
        table = self.table
        table.clear()
        self._rows = {}
        for key, item, cells in rows:
            if item is not None:
                self._rows[key] = item
            table.add_row(*cells, key=key, height=max(cell.plain.count("\n") + 1 for cell in cells))
        if keep and keep in self._rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        elif rows:
            table.move_cursor(row=min(row, len(rows) - 1), animate=False)
        self._status = listing.status
        self._show_status()

    def _show_status(self) -> None:
        text = _SAVING if self._changing else self._status
        indexing = self.keeper.indexing
        if indexing is not None:
            done, total = indexing
            text += f"   Indexing the library for search: {done:,} of {total:,} posts…"
        self.query_one("#status", Static).update(Text(text))

    def _show_indexing(self) -> None:
        """While the index is being built, its progress; once it is, the search again."""
        indexing = self.keeper.indexing
        if indexing is not None or "Indexing" in str(self.query_one("#status", Static).render()):
            if indexing is None and self.tab == SEARCH:
                self.reload()
            else:
                self._show_status()

    def on_resize(self) -> None:
        self.reload()

    @on(Tabs.TabActivated)
    def _tab_changed(self, event: Tabs.TabActivated) -> None:
        if event.tab.id and event.tab.id != self.tab:
            box = self.filter_box
            self._typed[box_of(self.tab)] = box.value
            self.tab = event.tab.id
            box.placeholder = PLACEHOLDERS.get(self.tab, FILTER)
            with self.prevent(Input.Changed):  # the list is read once, below
                box.value = self._typed.get(box_of(self.tab), "")
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

    def action_show(self, tab: str) -> None:
        self.query_one(Tabs).active = tab

    def action_search(self) -> None:
        """`4`, ctrl+f: the Search tab, with the cursor in its box."""
        self.action_show(SEARCH)
        self.action_focus_filter()

    def action_step_tab(self, step: int) -> None:
        active = self.query_one(Tabs).active
        index = TABS.index(active) if active in TABS else 0
        self.action_show(TABS[(index + step) % len(TABS)])

    def action_focus_filter(self) -> None:
        self.filter_box.focus()

    def action_close(self, leave: bool = True) -> None:
        """Esc leaves the filter first, then the screen; ↓ (`leave` False) only the filter."""
        if self.filter_box.has_focus:
            self.table.focus()
        elif leave:
            self.dismiss(None)

    def action_open(self) -> None:
        if self.filter_box.has_focus:
            self.table.focus()
            return
        row = self.row
        if row is None:
            if self.welcome is not None and self._on_welcome_row():
                self.dismiss(LibraryChoice(self.welcome, None))
            return
        entry = entry_of(row)
        offline = entry.missing or not entry.reopenable
        if offline and not entry.has_copy:
            gone = "The file is gone" if entry.missing else "It was read from a pipe"
            self.notify(f"{gone} and there is no offline copy.", severity="error", markup=False)
            return
        position = row[1].anchor.start if isinstance(row, tuple) else None
        find = row.first_term if isinstance(row, Hit) else ""
        self.dismiss(
            LibraryChoice(
                entry.source, entry.id, offline=offline, has_copy=entry.has_copy, position=position, find=find
            )
        )

    def _on_welcome_row(self) -> bool:
        key = self.table.coordinate_to_cell_key(self.table.cursor_coordinate) if self.table.row_count else None
        return key is not None and key.row_key.value == WELCOME_KEY

    def action_remove(self) -> None:
        row = self.row
        if isinstance(row, tuple):
            self._remove_highlight(*row)
            return
        entry = self._target()
        if entry is None:
            return
        history = self.view is View.HISTORY or (self.view is None and not entry.bookmarked)
        remove = Library.remove_history if history else Library.remove_bookmark
        question = removal_question(entry, history, self.keeper.opened().highlights.count(entry.id))

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(entry.id, lambda library: remove(library, entry.id))

        self.app.push_screen(ConfirmScreen(question), answered)

    def _remove_highlight(self, entry: Entry, highlight: Highlight) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._change(-highlight.id, lambda library: library.highlights.remove(highlight.id))

        quote = " ".join(highlight.anchor.quote.text.split())
        self.app.push_screen(
            ConfirmScreen(f"Delete the highlight “{quote[:80]}” in “{entry.display_title}”?"), answered
        )

    def action_note(self) -> None:
        row = self.row
        if not isinstance(row, tuple):
            self.notify("Notes belong to highlights: press 5 for them.", markup=False)
            return
        highlight = row[1]
        if -highlight.id in self._changing:
            self.notify("The last change to this highlight is not saved yet.", markup=False)
            return

        def edited(note: str | None) -> None:
            if note is not None:
                self._change(-highlight.id, lambda library: library.highlights.set_note(highlight.id, note))

        self.app.push_screen(NoteScreen(highlight.anchor.quote.text, highlight.note), edited)

    def action_archive(self) -> None:
        entry = self._target()
        if entry is None:
            return
        if not entry.bookmarked:
            self.notify("Only saved posts can be archived.", markup=False)
            return
        verb = "Moved back to Saved" if entry.archived else "Archived"
        self._change(
            entry.id,
            lambda library: library.set_archived(entry.id, not entry.archived),
            f"{verb}: {entry.display_title}",
        )

    def action_tags(self) -> None:
        entry = self._target()
        if entry is None:
            return

        def edited(value: str | None) -> None:
            if value is not None:
                self._change(entry.id, lambda library: library.set_tags(entry.id, [value]))

        self.app.push_screen(TagsScreen(entry.display_title, entry.tags), edited)

    # changes, made on the library's thread

    def _target(self) -> Entry | None:
        """The post under the cursor, unless a change to it is still on its way."""
        entry = self.current
        if entry is not None and entry.id in self._changing:
            self.notify("The last change to this post is not saved yet.", markup=False)
            return None
        return entry

    def _change(self, key: int, job: Callable[[Library], object], done: str | None = None) -> None:
        """Send a change to the library's thread; list again once it is made, with `done` as a
        notice (or the failure). Until then the list shows the row as it was."""
        self._changing.add(key)
        self._show_status()
        when_done(self.app, self.keeper.write(job), partial(self._changed, key, done))

    def _changed(self, key: int, done: str | None, future: Future[object]) -> None:
        self._changing.discard(key)
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
