"""The library: one SQLite file of the posts read and saved, their positions and offline copies.

Writes and reads take separate connections (`reader.library.connection`): every write is one
`BEGIN IMMEDIATE` transaction, queued behind another copy of the reader's; a read never waits,
neither for that copy nor for a write of ours that waits for it.

Nothing here deletes anything the user did not ask to delete: a post whose file is gone stays,
shown as missing, and its offline copy still opens.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from platformdirs import user_data_path

from reader.convert.document import Document
from reader.errors import ReaderError
from reader.library import pictures, rows
from reader.library.anchors import Quote
from reader.library.columns import SELECT, clean, entry_of, metadata_of, record_of
from reader.library.connection import Database
from reader.library.entry import Entry, Record, View, normalize_tags
from reader.library.highlights import Highlights, by_entry
from reader.library.index import SearchIndex
from reader.library.keys import entry_key, is_web, normalize_url
from reader.library.merge import merge_record, upsert_document
from reader.library.offline import ParseMode, parse_copy, parse_mode_of
from reader.model import Position

FILE_NAME = "library.sqlite3"
IMPORT_BATCH = 500
"""Records per import transaction: small enough that another copy of the reader gets the
lock between batches, large enough that 20,000 records take a second, not a minute."""

_VIEWS: dict[View, tuple[str, str]] = {
    View.SAVED: ("e.saved IS NOT NULL AND e.archived = 0", "e.saved DESC, e.id DESC"),
    View.ARCHIVE: ("e.saved IS NOT NULL AND e.archived = 1", "e.saved DESC, e.id DESC"),
    View.BOOKMARKS: ("e.saved IS NOT NULL", "e.saved DESC, e.id DESC"),
    View.HISTORY: ("e.last_read IS NOT NULL", "e.last_read DESC, e.id DESC"),
}

Progress = Callable[[int], None]
"""Called after each committed import batch with the number of records done so far."""


def default_path() -> Path:
    """The library file in the user data folder (`$XDG_DATA_HOME/reader` on Linux)."""
    return user_data_path("reader") / FILE_NAME


def saved_place(source: str, path: Path | None = None) -> Position:
    """Where the reader stopped in `source` (a path or a URL, as `Library.find` takes it) in the
    library at `path` (the user's); the top when it knows none, has no file yet (none is made
    here) or cannot be read. The launch asks it of the first article's conversion child, which
    answers beside its work while the app starts (`reader.ui.launch`)."""
    path = path or default_path()
    if not path.exists():
        return Position(0, 0)
    try:
        with Library.open(path) as library:
            entry = library.find(source)
    except ReaderError:
        return Position(0, 0)
    return Position(0, 0) if entry is None else entry.position


@dataclass(eq=False, frozen=True, slots=True)
class ImportResult:
    """What an import did, for the one line the command prints."""

    added: int
    """New entries."""
    merged: int
    """Records of posts already in the library (their tags and missing fields merged in)."""


class Library:
    """The app's and the command line's way into the library file. Not tied to a thread:
    writes are serialised by one lock and reads by another (`Database`), so a worker may record
    an opening while the UI lists the library. `index` searches the text; `highlights` keeps
    the passages marked."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self._clock = clock
        self.path = db.path
        self.index = SearchIndex(db)
        """Full-text search, and the building of the index for copies not yet in it."""
        self.highlights = Highlights(db, clock)
        """Passages marked in articles, with notes."""

    @classmethod
    def open(cls, path: Path | None = None, *, clock: Callable[[], float] = time.time) -> Library:
        """Open (creating and migrating as needed) the library at `path`, by default the user's."""
        return cls(Database.open(path or default_path()), clock)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # reading

    def record_open(self, document: Document) -> Entry:
        """Note that `document` was opened now: create or update its history entry and return
        it with the position saved last time (block 0 the first time)."""
        now = self._clock()
        with self.db.write() as conn:
            entry_id = upsert_document(conn, document, now, read=True)
            return rows.get(conn, entry_id)

    def save_position(self, entry_id: int, position: Position, percent: float, quote: Quote | None = None) -> bool:
        """Store where the reader is, how far through (0 to 100), and what the text says there
        (`TextMap.anchor_at`: finds the place again in a changed text). One small UPDATE: cheap
        enough to call every couple of seconds and on quit. False when the entry is gone
        (removed from another copy)."""
        values = {"position": position, "percent": percent, "last_read": self._clock(), "position_quote": quote}
        reading = clean({name: value for name, value in values.items() if value is not None})
        with self.db.write() as conn:
            return rows.update(conn, entry_id, reading)

    def get(self, entry_id: int) -> Entry | None:
        with self.db.read() as conn:
            return rows.get_or_none(conn, entry_id)

    def find(self, source: str) -> Entry | None:
        """The entry for a source as a user or the app names it: a URL (matched by its
        normalised form) or a path (made absolute). Lets the app restore a position before
        the whole document is converted."""
        source = _absolute(source)
        with self.db.read() as conn:
            entry_id = rows.find_id(conn, entry_key(source=source) if is_web(source) else "", source)
            return rows.get(conn, entry_id) if entry_id is not None else None

    def lookup(self, document: Document) -> Entry | None:
        """The entry this document would be recorded under, if there is one yet."""
        metadata = document.article.metadata
        key = entry_key(url=metadata.url, source=metadata.source, markdown=document.markdown)
        with self.db.read() as conn:
            entry_id = rows.find_id(conn, key, metadata.source)
            return rows.get(conn, entry_id) if entry_id is not None else None

    def resolve(self, ref: str) -> Entry:
        """An entry named on the command line by its id or its source."""
        entry = self.get(int(ref)) if ref.isdigit() else None
        entry = entry or self.find(ref)
        if entry is None:
            raise ReaderError(f"nothing in the library matches {ref!r}")
        return entry

    def entries(
        self, view: View = View.SAVED, query: str = "", *, tag: str | None = None, limit: int | None = None
    ) -> list[Entry]:
        """One tab of the library screen, narrowed by `query`: every word must appear in the
        title, the site or a tag (`#word` matches a tag exactly)."""
        where, order = _VIEWS[view]
        clauses, params = _filter(query, tag)
        sql = f"{SELECT} WHERE {where}{clauses} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self.db.read() as conn:
            return [entry_of(row) for row in conn.execute(sql, params)]

    def count(self, view: View = View.SAVED, query: str = "", *, tag: str | None = None) -> int:
        where, _ = _VIEWS[view]
        clauses, params = _filter(query, tag)
        with self.db.read() as conn:
            return int(conn.execute(f"SELECT count(*) FROM entries e WHERE {where}{clauses}", params).fetchone()[0])

    def offline_document(self, entry: Entry | int) -> Document:
        """The post from its stored copy, with the metadata it had when it was saved."""
        entry_id = entry if isinstance(entry, int) else entry.id
        with self.db.read() as conn:
            found = rows.get_or_none(conn, entry_id)
            row = conn.execute("SELECT markdown, mode FROM copies WHERE entry_id = ?", (entry_id,)).fetchone()
        if found is None:
            raise ReaderError(f"no library entry {entry_id}")
        if row is None:
            raise ReaderError(f"no offline copy of {found.display_title!r}")
        return parse_copy(row[0], row[1], metadata_of(found))

    def picture(self, entry_id: int, url: str) -> bytes | None:
        """The bytes of a saved post's picture at `url` (an absolute address), if it keeps them."""
        with self.db.read() as conn:
            return pictures.load(conn, entry_id, url)

    def picture_addresses(self, entry_id: int) -> list[str]:
        """The addresses of the pictures a saved post keeps, in the order they were stored."""
        with self.db.read() as conn:
            return pictures.addresses(conn, entry_id)

    def store_pictures(
        self, entry_id: int, found: Iterable[tuple[str, bytes]], *, max_bytes: int = pictures.MAX_POST_BYTES
    ) -> int:
        """Keep a saved post's pictures ((address, bytes) in the article's order) up to
        `max_bytes` for the post; returns how many it keeps. Nothing for a post not saved."""
        now = self._clock()
        with self.db.write() as conn:
            return pictures.store(conn, entry_id, found, now, max_bytes)

    def saved_copy(self, source: str) -> Document | None:
        """The offline copy of a post found by its source as a user names it (a path that no
        longer opens, a URL that fails), to show instead; None when there is none."""
        if not source or source == "-":
            return None
        entry = self.find(source)
        if entry is None or not entry.has_copy:
            return None
        return self.offline_document(entry)

    # bookmarks

    def is_bookmarked(self, target: int | Document) -> bool:
        entry = self.get(target) if isinstance(target, int) else self.lookup(target)
        return entry is not None and entry.bookmarked

    def toggle_bookmark(self, target: int | Document) -> bool:
        """Save or unsave a post; returns whether it is saved now. Given the document, the
        offline copy is stored too (given only an id, it is stored at the next opening)."""
        copy = _copy_of(target) if isinstance(target, Document) else None
        now = self._clock()
        with self.db.write() as conn:
            entry_id = upsert_document(conn, target, now, read=False) if isinstance(target, Document) else target
            if rows.get(conn, entry_id).bookmarked:
                rows.unbookmark(conn, entry_id)
                return False
            rows.update(conn, entry_id, {"saved": now, "archived": False})
            if copy is not None:
                rows.store_copy(conn, entry_id, *copy, now)
            return True

    def add_bookmark(self, document: Document, tags: Iterable[str] = ()) -> tuple[Entry, bool]:
        """Save a post (the command line's `add`) with its offline copy and tags; returns the
        entry and whether it was newly saved."""
        copy = _copy_of(document)
        now = self._clock()
        with self.db.write() as conn:
            entry_id = upsert_document(conn, document, now, read=False)
            created = not rows.get(conn, entry_id).bookmarked
            if created:
                rows.update(conn, entry_id, {"saved": now})
            rows.store_copy(conn, entry_id, *copy, now)
            rows.add_tags(conn, entry_id, normalize_tags(list(tags)))
            return rows.get(conn, entry_id), created

    def set_archived(self, entry_id: int, archived: bool = True) -> None:
        with self.db.write() as conn:
            entry = rows.get(conn, entry_id)
            if not entry.bookmarked:
                raise ReaderError(f"{entry.display_title!r} is not saved, so it cannot be archived")
            rows.update(conn, entry_id, {"archived": archived})

    def set_tags(self, entry_id: int, tags: Iterable[str]) -> tuple[str, ...]:
        """Replace an entry's tags (split on commas, duplicates dropped); returns them."""
        cleaned = normalize_tags(list(tags))
        with self.db.write() as conn:
            rows.get(conn, entry_id)
            conn.execute("DELETE FROM tags WHERE entry_id = ?", (entry_id,))
            rows.add_tags(conn, entry_id, cleaned)
        return cleaned

    def remove_bookmark(self, entry_id: int) -> None:
        """Unsave a post and drop its offline copy; its history stays if it was read here."""
        with self.db.write() as conn:
            rows.get(conn, entry_id)
            rows.unbookmark(conn, entry_id)

    def remove_history(self, entry_id: int) -> None:
        """Forget that a post was read; a saved post stays saved."""
        with self.db.write() as conn:
            entry = rows.get(conn, entry_id)
            if not entry.bookmarked:
                conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            else:
                unread = {"first_read": None, "last_read": None, "position": Position(), "percent": 0.0}
                rows.update(conn, entry_id, unread)

    def remove(self, entry_id: int) -> None:
        """Remove an entry entirely: history, bookmark, tags and offline copy."""
        with self.db.write() as conn:
            rows.get(conn, entry_id)
            conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))

    # import and export

    def export_records(self) -> list[Record]:
        """Everything in the library, offline copies included, oldest first."""
        with self.db.read() as conn:
            entries = [entry_of(row) for row in conn.execute(f"{SELECT} ORDER BY e.id")]
            copies = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT entry_id, markdown, mode FROM copies")}
            marked = by_entry(conn)
        return [
            record_of(entry, *copies.get(entry.id, (None, ParseMode.TEXT.value)), tuple(marked.get(entry.id, ())))
            for entry in entries
        ]

    def import_records(
        self,
        records: Iterable[Record],
        *,
        batch: int = IMPORT_BATCH,
        progress: Progress | None = None,
        index: bool = True,
    ) -> ImportResult:
        """Merge records in, a batch per transaction: each record lands whole or not at all,
        and a record of a post already here (same key, or same source) adds nothing new.
        Then (`index`) the copies they brought are indexed for search."""
        added = merged = done = 0
        pending: list[Record] = []

        def flush() -> None:
            nonlocal added, merged, done
            now = self._clock()
            with self.db.write() as conn:
                for record in pending:
                    if merge_record(conn, record, now):
                        added += 1
                    else:
                        merged += 1
            done += len(pending)
            pending.clear()
            if progress is not None:
                progress(done)

        for record in records:
            pending.append(record)
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        if index:
            # Imported here: its process pool (multiprocessing) is for imports and index builds,
            # not for the app's first frame, which opens the library.
            from reader.library.index_build import build_all

            build_all(self.index)
        return ImportResult(added, merged)


def _copy_of(document: Document) -> tuple[str, ParseMode]:
    return document.markdown, parse_mode_of(document)


def _filter(query: str, tag: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    tag_match = "EXISTS (SELECT 1 FROM tags t WHERE t.entry_id = e.id AND t.tag {})"
    if tag:
        clauses.append(tag_match.format("= ?"))
        params.append(tag.strip())
    # A full-width ＃ (what a CJK keyboard types) marks a tag as well as #.
    for word in query.replace("＃", "#").split():
        if word.startswith("#") and len(word) > 1:
            clauses.append(tag_match.format("= ?"))
            params.append(word[1:])
            continue
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        like = "LIKE ? ESCAPE '\\'"
        clauses.append(f"(e.title {like} OR e.site {like} OR e.author {like} OR {tag_match.format(like)})")
        params.extend([pattern] * 4)
    return "".join(f" AND {clause}" for clause in clauses), params


def _absolute(source: str) -> str:
    if not source or source == "-" or "://" in source:
        return normalize_url(source) if is_web(source) else source
    try:
        return str(Path(source).expanduser().resolve())
    except (OSError, RuntimeError):
        return source
