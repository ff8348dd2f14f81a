"""The library: one SQLite file of the posts read and saved, their positions and offline copies.

Every write is one `BEGIN IMMEDIATE` transaction. Taking the write lock up front, rather than
upgrading a read lock halfway through, is what lets the busy timeout work: two copies of the
reader then queue for the lock instead of failing with "database is locked". WAL mode lets
either of them read while the other writes.

Nothing here deletes anything the user did not ask to delete: a post whose file is gone stays,
shown as missing, and its offline copy still opens.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from platformdirs import user_data_path

from reader.convert.document import Document
from reader.errors import ReaderError
from reader.library import schema
from reader.library.entry import Entry, Position, Record, View, clean_text, normalize_tags
from reader.library.keys import content_hash, entry_key, is_web, normalize_url
from reader.library.offline import ParseMode, parse_copy, parse_mode_of
from reader.model import Metadata

FILE_NAME = "library.sqlite3"
BUSY_TIMEOUT = 30.0
"""Seconds a writer waits for another copy of the reader to finish its transaction."""
IMPORT_BATCH = 500
"""Records per import transaction: small enough that another copy of the reader gets the
lock between batches, large enough that 20,000 records take a second, not a minute."""

_TAG_SEPARATOR = "\x1f"

_COLUMNS = """e.id, e.key, e.source, e.url, e.content_hash, e.title, e.author, e.date, e.site, e.language,
    e.categories, e.image, e.first_read, e.last_read, e.block, e.char_offset, e.percent, e.saved, e.archived,
    (SELECT group_concat(t.tag, char(31)) FROM tags t WHERE t.entry_id = e.id),
    EXISTS (SELECT 1 FROM copies c WHERE c.entry_id = e.id)"""

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


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    """New entries."""
    merged: int
    """Records of posts already in the library (their tags and missing fields merged in)."""


class Library:
    """The app's and the command line's way into the library file. Not tied to a thread:
    calls are serialised by a lock, so a worker may record an opening while the UI saves."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], float] = time.time) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self._clock = clock
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None, *, clock: Callable[[], float] = time.time) -> Library:
        """Open (creating and migrating as needed) the library at `path`, by default the user's."""
        path = path or default_path()
        return cls(_connect(path), path, clock)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # transactions

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, _errors(self.path):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:  # a failed COMMIT leaves it open
                    self._conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several statements, so a list and its tags agree."""
        with self._lock, _errors(self.path):
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    # reading

    def record_open(self, document: Document) -> Entry:
        """Note that `document` was opened now: create or update its history entry and return
        it with the position saved last time (block 0 the first time)."""
        now = self._clock()
        with self._write() as conn:
            entry_id = _upsert_document(conn, document, now, read=True)
            return _get(conn, entry_id)

    def save_position(self, entry_id: int, block: int, offset: int, percent: float) -> bool:
        """Store where the reader is. One small UPDATE: cheap enough to call every couple of
        seconds and on quit. False when the entry is gone (removed from another copy)."""
        percent = min(max(float(percent), 0.0), 100.0)
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE entries SET block = ?, char_offset = ?, percent = ?, last_read = ? WHERE id = ?",
                (max(block, 0), max(offset, 0), percent, self._clock(), entry_id),
            )
            return cursor.rowcount > 0

    def get(self, entry_id: int) -> Entry | None:
        with self._read() as conn:
            return _get_or_none(conn, entry_id)

    def find(self, source: str) -> Entry | None:
        """The entry for a source as a user or the app names it: a URL (matched by its
        normalised form) or a path (made absolute). Lets the app restore a position before
        the whole document is converted."""
        source = _absolute(source)
        with self._read() as conn:
            entry_id = _find_id(conn, entry_key(source=source) if is_web(source) else "", source)
            return _get(conn, entry_id) if entry_id is not None else None

    def lookup(self, document: Document) -> Entry | None:
        """The entry this document would be recorded under, if there is one yet."""
        metadata = document.article.metadata
        key = entry_key(url=metadata.url, source=metadata.source, markdown=document.markdown)
        with self._read() as conn:
            entry_id = _find_id(conn, key, metadata.source)
            return _get(conn, entry_id) if entry_id is not None else None

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
        sql = f"SELECT {_COLUMNS} FROM entries e WHERE {where}{clauses} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._read() as conn:
            return [_entry(row) for row in conn.execute(sql, params)]

    def count(self, view: View = View.SAVED, query: str = "", *, tag: str | None = None) -> int:
        where, _ = _VIEWS[view]
        clauses, params = _filter(query, tag)
        with self._read() as conn:
            return int(conn.execute(f"SELECT count(*) FROM entries e WHERE {where}{clauses}", params).fetchone()[0])

    def offline_document(self, entry: Entry | int) -> Document:
        """The post from its stored copy, with the metadata it had when it was saved."""
        entry_id = entry if isinstance(entry, int) else entry.id
        with self._read() as conn:
            found = _get_or_none(conn, entry_id)
            row = conn.execute("SELECT markdown, mode FROM copies WHERE entry_id = ?", (entry_id,)).fetchone()
        if found is None:
            raise ReaderError(f"no library entry {entry_id}")
        if row is None:
            raise ReaderError(f"no offline copy of {found.display_title!r}")
        return parse_copy(row[0], row[1], _metadata_of(found))

    # bookmarks

    def is_bookmarked(self, target: int | Document) -> bool:
        entry = self.get(target) if isinstance(target, int) else self.lookup(target)
        return entry is not None and entry.bookmarked

    def toggle_bookmark(self, target: int | Document) -> bool:
        """Save or unsave a post; returns whether it is saved now. Given the document, the
        offline copy is stored too (given only an id, it is stored at the next opening)."""
        copy = _copy_of(target) if isinstance(target, Document) else None
        now = self._clock()
        with self._write() as conn:
            if isinstance(target, Document):
                entry_id = _upsert_document(conn, target, now, read=False)
            else:
                entry_id = _get(conn, target).id
            saved = conn.execute("SELECT saved FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]
            if saved is not None:
                _unbookmark(conn, entry_id)
                return False
            conn.execute("UPDATE entries SET saved = ?, archived = 0 WHERE id = ?", (now, entry_id))
            if copy is not None:
                _store_copy(conn, entry_id, *copy, now)
            return True

    def add_bookmark(self, document: Document, tags: Iterable[str] = ()) -> tuple[Entry, bool]:
        """Save a post (the command line's `add`) with its offline copy and tags; returns the
        entry and whether it was newly saved."""
        copy = _copy_of(document)
        now = self._clock()
        with self._write() as conn:
            entry_id = _upsert_document(conn, document, now, read=False)
            cursor = conn.execute("UPDATE entries SET saved = ? WHERE id = ? AND saved IS NULL", (now, entry_id))
            _store_copy(conn, entry_id, *copy, now)
            _add_tags(conn, entry_id, normalize_tags(list(tags)))
            return _get(conn, entry_id), cursor.rowcount > 0

    def set_archived(self, entry_id: int, archived: bool = True) -> None:
        with self._write() as conn:
            entry = _get(conn, entry_id)
            if not entry.bookmarked:
                raise ReaderError(f"{entry.display_title!r} is not saved, so it cannot be archived")
            conn.execute("UPDATE entries SET archived = ? WHERE id = ?", (int(archived), entry_id))

    def set_tags(self, entry_id: int, tags: Iterable[str]) -> tuple[str, ...]:
        """Replace an entry's tags (split on commas, duplicates dropped); returns them."""
        cleaned = normalize_tags(list(tags))
        with self._write() as conn:
            _get(conn, entry_id)
            conn.execute("DELETE FROM tags WHERE entry_id = ?", (entry_id,))
            _add_tags(conn, entry_id, cleaned)
        return cleaned

    def remove_bookmark(self, entry_id: int) -> None:
        """Unsave a post and drop its offline copy; its history stays if it was read here."""
        with self._write() as conn:
            _get(conn, entry_id)
            _unbookmark(conn, entry_id)

    def remove_history(self, entry_id: int) -> None:
        """Forget that a post was read; a saved post stays saved."""
        with self._write() as conn:
            entry = _get(conn, entry_id)
            if not entry.bookmarked:
                conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            else:
                conn.execute(
                    "UPDATE entries SET first_read = NULL, last_read = NULL, block = 0, char_offset = 0, percent = 0"
                    " WHERE id = ?",
                    (entry_id,),
                )

    def remove(self, entry_id: int) -> None:
        """Remove an entry entirely: history, bookmark, tags and offline copy."""
        with self._write() as conn:
            _get(conn, entry_id)
            conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))

    # import and export

    def export_records(self) -> list[Record]:
        """Everything in the library, offline copies included, oldest first."""
        with self._read() as conn:
            entries = [_entry(row) for row in conn.execute(f"SELECT {_COLUMNS} FROM entries e ORDER BY e.id")]
            copies = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT entry_id, markdown, mode FROM copies")}
        return [_record_of(entry, copies.get(entry.id)) for entry in entries]

    def import_records(
        self, records: Iterable[Record], *, batch: int = IMPORT_BATCH, progress: Progress | None = None
    ) -> ImportResult:
        """Merge records in, a batch per transaction: each record lands whole or not at all,
        and a record of a post already here (same key, or same source) adds nothing new."""
        added = merged = done = 0
        pending: list[Record] = []

        def flush() -> None:
            nonlocal added, merged, done
            now = self._clock()
            with self._write() as conn:
                for record in pending:
                    if _merge_record(conn, record, now):
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
        return ImportResult(added, merged)


# connecting


def _connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReaderError(f"cannot create the library folder {path.parent}: {exc.strerror or exc}") from None
    with _errors(path):
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    try:
        with _errors(path):
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if version > schema.VERSION:
                    raise ReaderError(
                        f"{path} was written by a newer reader (library version {version}; this one knows up to "
                        f"{schema.VERSION})"
                    )
                schema.migrate(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
    except BaseException:
        conn.close()
        raise
    return conn


def _retry_busy(call: Callable[[], object]) -> None:
    """Switching a new file to WAL needs a moment alone with it, and SQLite does not always
    wait for that: two copies started at once retry here instead of failing."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    delay = 0.01
    while True:
        try:
            call()
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


@contextmanager
def _errors(path: Path) -> Iterator[None]:
    """SQLite's failures a user can meet (a locked, corrupt, read-only or full file) as one line."""
    try:
        yield
    except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
        raise
    except sqlite3.DatabaseError as exc:
        if _is_busy(exc):
            raise ReaderError(f"the library {path} stayed busy for {BUSY_TIMEOUT:.0f} s: {exc}") from None
        raise ReaderError(f"cannot use the library {path}: {exc}") from None


# rows


def _entry(row: Sequence[Any]) -> Entry:
    tags = tuple(sorted(row[19].split(_TAG_SEPARATOR), key=str.casefold)) if row[19] else ()
    try:
        categories = tuple(str(item) for item in json.loads(row[10]))
    except (ValueError, TypeError):
        categories = ()
    return Entry(
        id=row[0],
        key=row[1],
        source=row[2],
        url=row[3],
        content_hash=row[4],
        title=row[5],
        author=row[6],
        date=row[7],
        site=row[8],
        language=row[9],
        categories=categories,
        image=row[11],
        first_read=row[12],
        last_read=row[13],
        position=Position(row[14], row[15], row[16]),
        saved=row[17],
        archived=bool(row[18]),
        tags=tags,
        has_copy=bool(row[20]),
    )


def _get_or_none(conn: sqlite3.Connection, entry_id: int) -> Entry | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM entries e WHERE e.id = ?", (entry_id,)).fetchone()
    return _entry(row) if row else None


def _get(conn: sqlite3.Connection, entry_id: int) -> Entry:
    entry = _get_or_none(conn, entry_id)
    if entry is None:
        raise ReaderError(f"no library entry {entry_id}")
    return entry


def _find_id(conn: sqlite3.Connection, key: str, source: str) -> int | None:
    """The entry for a post: the same key, else (a file moved back, or edited in place) the
    same source."""
    if key:
        row = conn.execute("SELECT id FROM entries WHERE key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
    if source and source != "-":
        row = conn.execute(
            "SELECT id FROM entries WHERE source = ? ORDER BY last_read DESC NULLS LAST, id DESC LIMIT 1", (source,)
        ).fetchone()
        if row:
            return int(row[0])
    return None


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


def _site_of(site: str, url: str, source: str) -> str:
    if site:
        return site
    for candidate in (url, source):
        if is_web(candidate):
            return urlsplit(candidate).hostname or ""
    return ""


# writes


def _upsert_document(conn: sqlite3.Connection, document: Document, now: float, *, read: bool) -> int:
    """The entry for a document, created or brought up to date (a moved file gets its new
    path, an edited one its new hash); a saved post's offline copy follows a changed text."""
    meta = document.article.metadata
    markdown = document.markdown
    digest = content_hash(markdown)
    key = entry_key(url=meta.url, source=meta.source, markdown=markdown)
    fields = {
        "title": clean_text(meta.title),
        "author": clean_text(meta.author),
        "date": clean_text(meta.date),
        "site": clean_text(_site_of(meta.site, meta.url, meta.source)),
        "language": clean_text(meta.language),
        "image": meta.image,
        "url": meta.url,
    }
    categories = json.dumps([clean_text(item) for item in meta.categories], ensure_ascii=False)
    stamp = now if read else None
    entry_id = _find_id(conn, key, meta.source)
    if entry_id is None:
        cursor = conn.execute(
            "INSERT INTO entries (key, source, content_hash, categories, first_read, last_read, title, author, date,"
            " site, language, image, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, meta.source, digest, categories, stamp, stamp, *fields.values()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid
    old_hash, saved, has_copy = conn.execute(
        "SELECT e.content_hash, e.saved, EXISTS (SELECT 1 FROM copies c WHERE c.entry_id = e.id)"
        " FROM entries e WHERE e.id = ?",
        (entry_id,),
    ).fetchone()
    updates = ", ".join(f"{name} = COALESCE(NULLIF(?, ''), {name})" for name in fields)
    conn.execute(
        f"UPDATE entries SET key = ?, content_hash = ?, {updates},"
        " source = CASE WHEN ? IN ('', '-') THEN source ELSE ? END,"
        " categories = CASE WHEN ? = '[]' THEN categories ELSE ? END,"
        " first_read = COALESCE(first_read, ?), last_read = COALESCE(?, last_read) WHERE id = ?",
        (key, digest, *fields.values(), meta.source, meta.source, categories, categories, stamp, stamp, entry_id),
    )
    if saved is not None and (old_hash != digest or not has_copy):
        _store_copy(conn, entry_id, markdown, parse_mode_of(document), now)
    return entry_id


def _copy_of(document: Document) -> tuple[str, ParseMode]:
    return document.markdown, parse_mode_of(document)


def _store_copy(conn: sqlite3.Connection, entry_id: int, markdown: str, mode: ParseMode, now: float) -> None:
    conn.execute(
        "INSERT INTO copies (entry_id, markdown, mode, stored) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (entry_id) DO UPDATE SET markdown = excluded.markdown, mode = excluded.mode,"
        " stored = excluded.stored",
        (entry_id, markdown, mode.value, now),
    )


def _add_tags(conn: sqlite3.Connection, entry_id: int, tags: Iterable[str]) -> None:
    conn.executemany("INSERT OR IGNORE INTO tags (entry_id, tag) VALUES (?, ?)", [(entry_id, tag) for tag in tags])


def _unbookmark(conn: sqlite3.Connection, entry_id: int) -> None:
    """A post never read here exists only as a bookmark: unsaving it removes it."""
    conn.execute("DELETE FROM copies WHERE entry_id = ?", (entry_id,))
    conn.execute("UPDATE entries SET saved = NULL, archived = 0 WHERE id = ?", (entry_id,))
    conn.execute("DELETE FROM entries WHERE id = ? AND first_read IS NULL", (entry_id,))


def _metadata_of(entry: Entry) -> Metadata:
    return Metadata(
        title=entry.title,
        author=entry.author,
        date=entry.date,
        site=entry.site,
        language=entry.language,
        categories=list(entry.categories),
        image=entry.image,
        source=entry.source,
        url=entry.url,
    )


def _record_of(entry: Entry, copy: tuple[str, str] | None) -> Record:
    return Record(
        source=entry.source,
        title=entry.title,
        key=entry.key,
        url=entry.url,
        content_hash=entry.content_hash,
        author=entry.author,
        date=entry.date,
        site=entry.site,
        language=entry.language,
        categories=list(entry.categories),
        image=entry.image,
        first_read=entry.first_read,
        last_read=entry.last_read,
        position=entry.position,
        saved=entry.saved,
        archived=entry.archived,
        tags=list(entry.tags),
        markdown=copy[0] if copy else None,
        copy_mode=copy[1] if copy else ParseMode.TEXT.value,
    )


def _merge_record(conn: sqlite3.Connection, record: Record, now: float) -> bool:
    """Insert a record as a new entry (True), or merge it into the entry of the same post."""
    source = record.source.strip()
    markdown = record.markdown
    digest = content_hash(markdown) if markdown is not None else record.content_hash
    key = record.key or entry_key(url=record.url, source=source, markdown=markdown)
    tags = normalize_tags(record.tags)
    saved = record.saved
    if saved is None and record.first_read is None and record.last_read is None:
        saved = now  # neither read nor saved says nothing: a bare link is a bookmark
    entry_id = _find_id(conn, key, source)
    if entry_id is None:
        cursor = conn.execute(
            "INSERT INTO entries (key, source, url, content_hash, title, author, date, site, language, categories,"
            " image, first_read, last_read, block, char_offset, percent, saved, archived)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                source,
                record.url,
                digest,
                clean_text(record.title),
                clean_text(record.author),
                clean_text(record.date),
                clean_text(_site_of(record.site, record.url, source)),
                clean_text(record.language),
                json.dumps([clean_text(item) for item in record.categories], ensure_ascii=False),
                record.image,
                record.first_read,
                record.last_read,
                max(record.position.block, 0),
                max(record.position.offset, 0),
                min(max(record.position.percent, 0.0), 100.0),
                saved,
                int(record.archived and saved is not None),
            ),
        )
        assert cursor.lastrowid is not None
        entry_id = cursor.lastrowid
        added = True
    else:
        _merge_into(conn, entry_id, record)
        added = False
    _add_tags(conn, entry_id, tags)
    if markdown is not None:
        conn.execute(
            "INSERT OR IGNORE INTO copies (entry_id, markdown, mode, stored) VALUES (?, ?, ?, ?)",
            (entry_id, markdown, record.copy_mode, now),
        )
    return added


def _merge_into(conn: sqlite3.Connection, entry_id: int, record: Record) -> None:
    """Fill what the entry lacks from the record; keep what it has. The later reading wins
    the position, and a post saved on either side stays saved."""
    first, last, saved = conn.execute(
        "SELECT first_read, last_read, saved FROM entries WHERE id = ?", (entry_id,)
    ).fetchone()
    firsts = [t for t in (first, record.first_read) if t is not None]
    lasts = [t for t in (last, record.last_read) if t is not None]
    fill = {
        "title": clean_text(record.title),
        "author": clean_text(record.author),
        "date": clean_text(record.date),
        "site": clean_text(record.site),
        "language": clean_text(record.language),
        "image": record.image,
        "url": record.url,
    }
    updates = ", ".join(f"{name} = CASE WHEN {name} = '' THEN ? ELSE {name} END" for name in fill)
    conn.execute(
        f"UPDATE entries SET {updates}, first_read = ?, last_read = ? WHERE id = ?",
        (*fill.values(), min(firsts, default=None), max(lasts, default=None), entry_id),
    )
    if record.last_read is not None and (last is None or record.last_read > last):
        position = record.position
        conn.execute(
            "UPDATE entries SET block = ?, char_offset = ?, percent = ? WHERE id = ?",
            (max(position.block, 0), max(position.offset, 0), min(max(position.percent, 0.0), 100.0), entry_id),
        )
    if saved is None and record.saved is not None:
        conn.execute(
            "UPDATE entries SET saved = ?, archived = ? WHERE id = ?", (record.saved, int(record.archived), entry_id)
        )
