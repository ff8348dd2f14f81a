"""The search index kept in step with the library, and built for posts that have no text in it.

Each entry has one row in the `search` table (triggers add it, follow its title and remove it
with the entry). Its text goes in with the write that stores the article: an opening or a save
(`set_text`, in `reader.library.merge`), in the same transaction, so the index never drifts
from the library. Offline copies that came without their text (a library made before the index
existed, an import) are listed in `search_pending`, in the same transaction that stored them,
and indexed afterwards by `SearchIndex.build`: a batch at a time, each copy parsed outside the
write lock and written in a short transaction, so the library stays usable meanwhile (the app
runs it on its library thread; the command line, before it searches).
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

from reader.library.connection import Database
from reader.library.offline import parse_copy
from reader.library.search import DEFAULT_LIMIT, Hit, search
from reader.model import Metadata

BUILD_BATCH = 40
"""Copies indexed per transaction: a few hundred milliseconds of parsing, so another write
(a position, a bookmark) waits for at most one batch."""

PARALLEL_FROM = 200
"""Copies to index from which parsing moves to worker processes (starting one costs about a
third of a second)."""
AHEAD = 2
"""Batches parsed ahead of the one being written."""

Progress = Callable[[int, int], None]
"""Called with (posts indexed so far, posts to index in all)."""


def set_text(conn: sqlite3.Connection, entry_id: int, text: str) -> None:
    """Put an entry's text in the index (in the caller's transaction)."""
    conn.execute("UPDATE search SET body = ? WHERE rowid = ?", (text, entry_id))
    conn.execute("DELETE FROM search_pending WHERE entry_id = ?", (entry_id,))


def has_text(conn: sqlite3.Connection, entry_id: int) -> bool:
    row = conn.execute("SELECT body != '' FROM search WHERE rowid = ?", (entry_id,)).fetchone()
    return bool(row and row[0])


def mark_pending(conn: sqlite3.Connection, entry_id: int) -> None:
    """The entry's offline copy is to be indexed (it has no text in the index yet)."""
    conn.execute("INSERT OR IGNORE INTO search_pending (entry_id) VALUES (?)", (entry_id,))


def text_of_copy(markdown: str, mode: str) -> str:
    """The article text of an offline copy, as the reading pane shows it."""
    return parse_copy(markdown, mode, Metadata()).article.text


Texts = list[tuple[int, str]]
"""(entry id, article text) pairs, ready to store."""
Store = Callable[[Texts], object]
"""Writes parsed texts to the library (`SearchIndex.store`, or that sent to another thread)."""


def texts_of(copies: list[tuple[int, str, str]]) -> Texts:
    """The article text of each (entry id, Markdown, parse mode): the parsing half of the build,
    which may run in another process."""
    return [(entry_id, text_of_copy(markdown, mode)) for entry_id, markdown, mode in copies]


def _immediately(copies: list[tuple[int, str, str]]) -> Future[Texts]:
    future: Future[Texts] = Future()
    future.set_result(texts_of(copies))
    return future


@contextmanager
def _parsing(count: int) -> Iterator[Callable[[list[tuple[int, str, str]]], Future[Texts]]]:
    """Parsing in worker processes, for a build big enough to pay for starting them: the copies
    parse there while this process writes the batch before (and the GIL stays free for the app).
    A small build parses in place."""
    workers = max(1, (os.cpu_count() or 1) - 1)
    if count < PARALLEL_FROM:
        yield _immediately
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield lambda copies: pool.submit(texts_of, copies)


class SearchIndex:
    """Searching the library's text, and indexing the copies still waiting for it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
        """The posts that hold every term of `query`, best first (`reader.library.search`)."""
        with self._db.read() as conn:
            return search(conn, query, limit)

    def pending(self) -> int:
        """How many posts' text is not in the index yet."""
        with self._db.read() as conn:
            return int(conn.execute("SELECT count(*) FROM search_pending").fetchone()[0])

    def waiting(self) -> list[int]:
        """The entries whose copy waits to be indexed."""
        with self._db.read() as conn:
            return [row[0] for row in conn.execute("SELECT entry_id FROM search_pending ORDER BY entry_id")]

    def copies(self, entry_ids: list[int]) -> list[tuple[int, str, str]]:
        """(entry id, Markdown, parse mode) of the offline copies of these entries."""
        marks = ",".join("?" for _ in entry_ids)
        with self._db.read() as conn:
            return conn.execute(
                f"SELECT entry_id, markdown, mode FROM copies WHERE entry_id IN ({marks}) ORDER BY entry_id",
                entry_ids,
            ).fetchall()

    def store(self, texts: Texts) -> int:
        """Write parsed texts into the index, one transaction; returns how many copies still wait."""
        with self._db.write() as conn:
            for entry_id, text in texts:
                # Still waiting: no opening or save wrote a newer text meanwhile.
                if conn.execute("SELECT 1 FROM search_pending WHERE entry_id = ?", (entry_id,)).fetchone():
                    set_text(conn, entry_id, text)
            # A copy removed while it waited (the post unsaved) leaves nothing to index.
            conn.execute("DELETE FROM search_pending WHERE entry_id NOT IN (SELECT entry_id FROM copies)")
            return int(conn.execute("SELECT count(*) FROM search_pending").fetchone()[0])

    def build(self, batch: int = BUILD_BATCH) -> int:
        """Index up to `batch` waiting copies here and now; returns how many still wait."""
        return self.store(texts_of(self.copies(self.waiting()[:batch])))

    def build_all(
        self,
        progress: Progress | None = None,
        *,
        batch: int = BUILD_BATCH,
        store: Store | None = None,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        """Index every waiting copy, a batch per transaction, telling `progress` after each.
        `store` writes a batch (by default here; the app sends it to its library thread);
        `stop` is asked between batches."""
        write = store or self.store
        done = 0
        while not stop():
            ids = self.waiting()
            if not ids:
                return
            total = done + len(ids)
            with _parsing(len(ids)) as parse:
                in_flight: deque[tuple[int, Future[Texts]]] = deque()
                for at in range(0, len(ids), batch):
                    chunk = ids[at : at + batch]
                    in_flight.append((len(chunk), parse(self.copies(chunk))))
                    if len(in_flight) > AHEAD:
                        done += self._write_one(in_flight.popleft(), write, progress, done, total)
                    if stop():
                        return
                while in_flight:
                    done += self._write_one(in_flight.popleft(), write, progress, done, total)

    @staticmethod
    def _write_one(
        item: tuple[int, Future[Texts]], write: Store, progress: Progress | None, done: int, total: int
    ) -> int:
        count, future = item
        write(future.result())
        if progress is not None:
            progress(done + count, total)
        return count
