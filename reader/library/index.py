"""The search index kept in step with the library, and built for posts that have no text in it.

Each entry has one row in the `search` table (triggers add it, follow its title and remove it
with the entry). Its text goes in with the write that stores the article: an opening or a save
(`set_text`, in `reader.library.merge`), in the same transaction, so the index never drifts
from the library. Offline copies that came without their text (a library made before the index
existed, an import) are listed in `search_pending`, in the same transaction that stored them,
and indexed afterwards (`reader.library.index_build`): a batch at a time, each copy parsed
outside the write lock and written in a short transaction, so the library stays usable
meanwhile (the app runs it in the background; the command line, before it searches).
"""

from __future__ import annotations

import sqlite3

from reader.library.connection import Database
from reader.library.search import DEFAULT_LIMIT, Hit, search


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


MERGE_PAGES = 1000
"""Pages of index a merge step writes (about 4 MB): one short transaction."""
BULK_CRISIS = 1000
"""Segments of one level FTS5 lets pile up while a bulk build defers its merges."""
BULK_HASH = 32 * 1024 * 1024
"""Bytes of new index FTS5 gathers in memory during a bulk build before writing them out as a
segment (its default, `DEFAULT_HASH`, is 1 MB): a batch of copies then makes one segment."""
DEFAULT_HASH = 1024 * 1024
Texts = list[tuple[int, str]]
"""(entry id, article text) pairs, ready to store."""


class SearchIndex:
    """Searching the library's text; and, for the build, the copies waiting to be indexed and
    the writes that index them."""

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

    # merging: FTS5 merges its segments as rows arrive; a bulk build defers that to its end, and
    # makes fewer, bigger segments (a batch each, not a megabyte each), which cost less to write
    # and to merge. Measured on 5,000 posts in SQLite alone, CPU: 54 s with 40 posts a batch and
    # FTS5's 1 MB; 32 s with 200 a batch and 32 MB (37 s merging as it went), and a file half
    # as big (fewer pages freed by merging).

    def defer_merges(self) -> None:
        """Stop merging segments as rows arrive, and gather a whole batch in memory before
        writing it out (until `resume_merges`)."""
        with self._db.write() as conn:
            _configure(conn, automerge=0, crisismerge=BULK_CRISIS, hashsize=BULK_HASH)

    def resume_merges(self) -> None:
        """Merge as rows arrive again (FTS5's defaults); `merge_step` catches up."""
        with self._db.write() as conn:
            _configure(conn, automerge=4, crisismerge=16, hashsize=DEFAULT_HASH)

    def merges_deferred(self) -> bool:
        """A bulk build deferred the merges and did not get to resume them (it was killed)."""
        with self._db.read() as conn:
            row = conn.execute("SELECT v FROM search_config WHERE k = 'automerge'").fetchone()
        return row is not None and row[0] == 0

    def merge_step(self) -> bool:
        """Merge some segments, one short transaction; False once there is nothing to merge."""
        with self._db.write() as conn:
            before = conn.total_changes
            # Negative: every segment may merge (into one, as 'optimize' does, a step at a time).
            conn.execute(f"INSERT INTO search (search, rank) VALUES ('merge', {-MERGE_PAGES})")
            # The command itself counts as one change; merging, as more (FTS5's documentation).
            return conn.total_changes - before >= 2


def _configure(conn: sqlite3.Connection, **values: int) -> None:
    """Set FTS5 options of the index (kept in the file, in `search_config`)."""
    for name, value in values.items():
        conn.execute("INSERT INTO search (search, rank) VALUES (?, ?)", (name, value))
