"""Opening the library file: WAL mode, the busy timeout, the schema brought up to date, and
SQLite's failures as one line for the user.

The library keeps two connections to its file. Writes go through one, each a `BEGIN IMMEDIATE`
transaction: taking the write lock up front, rather than upgrading a read lock halfway
through, is what lets the busy timeout work, so two copies of the reader queue for the lock
instead of failing with "database is locked". Reads go through the other, which is read-only:
in WAL mode a reader never waits for a writer, so a list can be drawn while a write (ours on
a background thread, or another copy's) waits for the lock or holds it.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.errors import ReaderError
from reader.library import schema, search

BUSY_TIMEOUT = 30.0
"""Seconds a writer waits for another copy of the reader to finish its transaction."""


def connect(path: Path) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    """The (writer, reader) connections to the library at `path`, created and migrated as needed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReaderError(f"cannot create the library folder {path.parent}: {exc.strerror or exc}") from None
    writer = _open(path)
    try:
        with errors(path):
            _retry_busy(lambda: writer.execute("PRAGMA journal_mode = WAL").fetchone())
            writer.execute("PRAGMA synchronous = NORMAL")
            writer.execute("PRAGMA foreign_keys = ON")
            _check_version(writer, path)
            if _version(writer) < schema.VERSION:
                _migrate(writer, path)
        reader = _open(path, query_only=True)
    except BaseException:
        writer.close()
        raise
    return writer, reader


def _open(path: Path, *, query_only: bool = False) -> sqlite3.Connection:
    with errors(path):
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    try:
        search.register(conn)
        with errors(path):
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            if query_only:
                conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    version = _version(conn)
    if version > schema.VERSION:
        raise ReaderError(
            f"{path} was written by a newer reader (library version {version}; this one knows up to {schema.VERSION})"
        )


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Only a file behind takes the write lock to migrate: opening an up-to-date file never
    waits for another copy of the reader that is writing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        _check_version(conn, path)  # another copy may have migrated it meanwhile, even further
        schema.migrate(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


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
def errors(path: Path) -> Iterator[None]:
    """SQLite's failures a user can meet (a locked, corrupt, read-only or full file) as one line."""
    try:
        yield
    except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
        raise
    except sqlite3.DatabaseError as exc:
        if _is_busy(exc):
            raise ReaderError(f"the library {path} stayed busy for {BUSY_TIMEOUT:.0f} s: {exc}") from None
        raise ReaderError(f"cannot use the library {path}: {exc}") from None


class Database:
    """The library file's two connections, each behind its own lock, so that any thread may
    use them: `write()` is one `BEGIN IMMEDIATE` transaction, `read()` one snapshot."""

    def __init__(self, connections: tuple[sqlite3.Connection, sqlite3.Connection], path: Path) -> None:
        """`connections`: (writer, reader), as `connect` opens them."""
        self._writer, self._reader = connections
        self._write_lock = threading.RLock()
        self._read_lock = threading.RLock()
        self._closed = False
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Database:
        return cls(connect(path), path)

    def close(self) -> None:
        with self._write_lock, self._read_lock:
            self._closed = True
            self._writer.close()
            self._reader.close()

    def _open_still(self) -> None:
        """A thread that comes after the app closed the library (the search index's build,
        started at the first frame of an app quit at once) meets a `ReaderError`, which it
        gives up on, rather than SQLite's ProgrammingError, a bug's traceback on the terminal."""
        if self._closed:
            raise ReaderError(f"the library {self.path} is closed")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self._write_lock, errors(self.path):
            self._open_still()
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
                self._writer.execute("COMMIT")
            except BaseException:
                if self._writer.in_transaction:  # a failed COMMIT leaves it open
                    self._writer.execute("ROLLBACK")
                raise

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several statements, so a list and its tags agree."""
        with self._read_lock, errors(self.path):
            self._open_still()
            self._reader.execute("BEGIN")
            try:
                yield self._reader
            finally:
                self._reader.execute("COMMIT")
