"""The rows of the library screen's lists (posts, search results and highlights), read for
each tab, and what choosing one tells the app (`LibraryChoice`).

Titles, snippets, quotes and notes are data from the web or the reader: they become `Text`
here, never markup. A search result and a highlight take two lines: the title or the quote,
and below it the snippet or the note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text

from reader.chars import blank_controls, strip_controls
from reader.library import Entry, Library, View
from reader.library.anchors import Placement
from reader.library.entry import Highlight
from reader.library.search import Hit, Marks
from reader.model import Position

ROW_LIMIT = 300
"""Rows listed at once; the filter finds the rest. DataTable measures every cell it is
given: measured on a 20,000-entry library, 1,000 rows cost about 300 ms a keystroke in the
filter, 300 rows under 100 ms."""

SEARCH = "search"
HIGHLIGHTS = "highlights"
VIEWS = (View.SAVED, View.HISTORY, View.ARCHIVE)
TABS = (*(view.value for view in VIEWS), SEARCH, HIGHLIGHTS)
PLACEHOLDERS = {
    SEARCH: 'Search the text of every post (all words must match; "a phrase" in quotes)',
    HIGHLIGHTS: "Filter the highlights by quote, note or post",
}
FILTER = "Filter by title, site, author or #tag"
EMPTY = {
    View.SAVED: "Nothing saved yet: press b while reading to save a post.",
    View.HISTORY: "Nothing read yet.",
    View.ARCHIVE: "Nothing archived: press a on a saved post to archive it.",
}
WELCOME_KEY = "welcome"
WELCOME_CELLS = (
    Text("Welcome to reader: a short guide to the keys", no_wrap=True, overflow="ellipsis"),
    Text("bundled"),
    Text(""),
    Text(""),
)

Row = Entry | Hit | tuple[Entry, Highlight]
"""What a row of the list shows: a post, a search result, or a highlight in its post."""

MATCH_STYLE = "reverse"
"""The matches in a snippet: shown in every theme."""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    width: int | None = None
    """None: the title column, which takes what the others leave."""


ENTRY_COLUMNS = (
    Column("title", "Title"),
    Column("site", "Site", 20),
    Column("progress", "Read", 5),
    Column("date", "Date", 10),
)
TABLE_FRAME = 2
"""The scroll bar; each column adds a cell of padding on either side."""


def column_widths(columns: tuple[Column, ...], width: int) -> list[int]:
    """The first column (the title or the quote) takes what the others leave and at least half
    the width; the second gives way first."""
    fixed = [column.width or 0 for column in columns[1:]]
    frame = TABLE_FRAME + 2 * len(columns)
    first = max(width // 2, width - frame - sum(fixed))
    if fixed:
        fixed[0] = max(0, min(fixed[0], width - frame - sum(fixed[1:]) - first))
    return [first, *fixed]


HIT_COLUMNS = (Column("title", "Post"), Column("site", "Site", 20), Column("date", "Date", 10))
HIGHLIGHT_COLUMNS = (Column("quote", "Highlight"), Column("title", "Post", 24), Column("date", "Date", 10))


@dataclass(frozen=True, slots=True)
class LibraryChoice:
    """What the reader picked: the app opens `source`, or the offline copy when `offline`; at
    `position` (a highlight), or at the first match of `find` (a search result)."""

    source: str
    entry_id: int | None
    """None for what is not in the library (the welcome guide)."""
    offline: bool = False
    """The source cannot be opened again (a file that is gone, or stdin): open the stored copy."""
    has_copy: bool = False
    """An offline copy exists, to fall back on if the source cannot be loaded."""
    position: Position | None = None
    """Where to open it (a highlight's place), instead of where the reader stopped."""
    find: str = ""
    """A search to start once it is open: it goes to the first match; n and N go on."""


def box_of(tab: str) -> str:
    """Whose text the box above the list holds on a tab: the search's, the highlights' filter,
    or the posts' filter (Saved, History and Archive share it). Each keeps its own."""
    return tab if tab in (SEARCH, HIGHLIGHTS) else VIEWS[0].value


def entry_of(row: Row) -> Entry:
    """The post a row shows."""
    if isinstance(row, Entry):
        return row
    return row.entry if isinstance(row, Hit) else row[0]


@dataclass(frozen=True, slots=True)
class Listing:
    """One tab's list for a query: its columns, its rows (key, what it shows, cells), and the
    status line under it."""

    columns: tuple[Column, ...]
    rows: list[tuple[str, Row | None, tuple[Text, ...]]]
    status: str


def list_rows(library: Library, tab: str, query: str, *, welcome: bool = False) -> Listing:
    """The rows of a tab for `query` (a read: it never waits for a writer). `welcome`: offer
    the guide as the one row of an empty library."""
    if tab == SEARCH:
        if not query.strip():
            return Listing(HIT_COLUMNS, [], "Type to search the text of every post.")
        hits = library.index.search(query, ROW_LIMIT)
        found = f"{len(hits):,}{'+' if len(hits) >= ROW_LIMIT else ''} {'post' if len(hits) == 1 else 'posts'}"
        return Listing(
            HIT_COLUMNS, [(str(hit.entry.id), hit, hit_cells(hit)) for hit in hits], found if hits else "Nothing found."
        )
    if tab == HIGHLIGHTS:
        rows: list[tuple[str, Row | None, tuple[Text, ...]]] = [
            (f"h{h.id}", (entry, h), highlight_cells(entry, h))
            for entry, h in library.highlights.listing(query, ROW_LIMIT)
        ]
        if rows:
            status = f"{len(rows):,} {'highlight' if len(rows) == 1 else 'highlights'}"
        elif query.strip():
            status = "No highlight matches the filter."
        else:
            status = "No highlights yet: press v while reading to select a passage, then h."
        return Listing(HIGHLIGHT_COLUMNS, rows, status)
    view = View(tab)
    entries = library.entries(view, query, limit=ROW_LIMIT)
    total = library.count(view, query) if len(entries) >= ROW_LIMIT else len(entries)
    listed: list[tuple[str, Row | None, tuple[Text, ...]]] = [(str(e.id), e, entry_cells(e, view)) for e in entries]
    if not entries and not query.strip() and welcome and _is_empty(library):
        listed.append((WELCOME_KEY, None, WELCOME_CELLS))
        status = "Your library is empty. Enter opens the guide; b saves the post you are reading."
    elif not total:
        status = "Nothing matches the filter." if query.strip() else EMPTY[view]
    elif len(entries) < total:
        status = f"{len(entries):,} of {total:,} shown: type in the filter to narrow."
    else:
        status = f"{total:,} {'post' if total == 1 else 'posts'}"
    return Listing(ENTRY_COLUMNS, listed, status)


def _is_empty(library: Library) -> bool:
    return not library.count(View.HISTORY) and not library.count(View.BOOKMARKS)


def removal_question(entry: Entry, history: bool, highlights: int) -> str:
    """What to ask before removing a post from the library or (`history`) from the history,
    saying what becomes of its highlights."""
    question = f"Remove “{entry.display_title}” from {'history' if history else 'the library'}?"
    if not highlights:
        return question
    some = f"{highlights} highlight{'s' if highlights > 1 else ''}"
    if history and not entry.bookmarked:
        return f"{question} Its {some} will be deleted too."
    return f"{question} Its {some} {'stay' if highlights > 1 else 'stays'} in the history."


def when(stamp: float | None) -> str:
    if stamp is None:
        return ""
    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d")


def _line(text: str, style: str = "") -> Text:
    """One line of text from the web or the reader, without control characters."""
    return Text(" ".join(strip_controls(text).split()), style=style, no_wrap=True, overflow="ellipsis")


def _marked(text: str, marks: Marks, style: str = "") -> Text:
    """`text` with its matches marked; a control character becomes a space (the marks' offsets
    stay true)."""
    shown = Text(blank_controls(text), style=style, no_wrap=True, overflow="ellipsis", end="")
    for start, end in marks:
        shown.stylize(MATCH_STYLE, start, end)
    return shown


def entry_cells(entry: Entry, view: View) -> tuple[Text, Text, Text, Text]:
    """Title (with tags and a missing mark), site, progress and date, all as plain Text,
    without control characters (a title or a folder's name may come with them)."""
    title = _line(entry.display_title)
    if entry.missing:
        title.append(" (file missing" + (", offline copy" if entry.has_copy else "") + ")", style="bold red")
    for tag in entry.tags:
        title.append(f" #{strip_controls(tag)}", style="dim")
    progress = Text(f"{entry.percent:.0f}%", justify="right")
    stamp = entry.last_read if view is View.HISTORY else entry.saved
    return title, _line(entry.place), progress, Text(when(stamp))


def hit_cells(hit: Hit) -> tuple[Text, Text, Text]:
    """The title with its matches, and below it the snippet with its matches; site; date."""
    entry = hit.entry
    title = _marked(entry.display_title, hit.title_marks if entry.title else (), "bold")
    title.append("\n")
    title.append_text(_marked(hit.snippet.text, hit.snippet.marks, "dim"))
    date = entry.date or when(entry.saved or entry.last_read)
    return title, _line(entry.place), Text(date[:10])


def highlight_cells(entry: Entry, highlight: Highlight) -> tuple[Text, Text, Text]:
    """The quote and below it the note (or where the highlight went); the post; the date."""
    quote = _line(highlight.anchor.quote.text)
    quote.append("\n")
    if highlight.placement is Placement.LOST:
        quote.append("(no longer found in the post) ", style="bold red")
    elif highlight.placement is Placement.MOVED:
        quote.append("(moved) ", style="italic")
    quote.append(" ".join(highlight.note.split()) or "no note", style="dim" if highlight.note else "dim italic")
    return quote, _line(entry.display_title), Text(when(highlight.created))
