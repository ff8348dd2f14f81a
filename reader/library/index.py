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

import sqlite3
from collections.abc import Callable

from reader.library.connection import Database
from reader.library.offline import parse_copy
from reader.library.search import DEFAULT_LIMIT, Hit, search
from reader.model import Metadata

BUILD_BATCH = 40
"""Copies indexed per transaction: a few hundred milliseconds of parsing, so another write
(a position, a bookmark) waits for at most one batch."""

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

    def build(self, batch: int = BUILD_BATCH) -> int:
        """Index up to `batch` waiting copies; returns how many are still waiting."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT p.entry_id, c.markdown, c.mode FROM search_pending p"
                " JOIN copies c ON c.entry_id = p.entry_id ORDER BY p.entry_id LIMIT ?",
                (batch,),
            ).fetchall()
        texts = [(entry_id, text_of_copy(markdown, mode)) for entry_id, markdown, mode in rows]
        with self._db.write() as conn:
            for entry_id, text in texts:
                # Still waiting: no opening or save wrote a newer text meanwhile.
                if conn.execute("SELECT 1 FROM search_pending WHERE entry_id = ?", (entry_id,)).fetchone():
                    set_text(conn, entry_id, text)
            # A copy removed while it waited (the post unsaved) leaves nothing to index.
            conn.execute("DELETE FROM search_pending WHERE entry_id NOT IN (SELECT entry_id FROM copies)")
            return int(conn.execute("SELECT count(*) FROM search_pending").fetchone()[0])

    def build_all(self, progress: Progress | None = None, batch: int = BUILD_BATCH) -> None:
        """Index every waiting copy, telling `progress` after each batch."""
        total = self.pending()
        left = total
        while left:
            left = self.build(batch)
            total = max(total, left)
            if progress is not None:
                progress(total - left, total)
