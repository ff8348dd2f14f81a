"""Statements on one connection that reads and writes share: an entry by id, the entry of a
post, its tags and its offline copy. The caller holds the transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from reader.errors import ReaderError
from reader.library.columns import INSERT, SELECT, SELECT_VALUES, Values, entry_of, row_of, update_of, values_of_row
from reader.library.entry import Entry
from reader.library.offline import ParseMode


def get_or_none(conn: sqlite3.Connection, entry_id: int) -> Entry | None:
    row = conn.execute(f"{SELECT} WHERE e.id = ?", (entry_id,)).fetchone()
    return entry_of(row) if row else None


def get(conn: sqlite3.Connection, entry_id: int) -> Entry:
    entry = get_or_none(conn, entry_id)
    if entry is None:
        raise ReaderError(f"no library entry {entry_id}")
    return entry


def entries_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Entry]:
    """Several entries at once, by id (those that exist)."""
    wanted = list(ids)
    if not wanted:
        return {}
    marks = ",".join("?" for _ in wanted)
    return {entry.id: entry for entry in map(entry_of, conn.execute(f"{SELECT} WHERE e.id IN ({marks})", wanted))}


def values(conn: sqlite3.Connection, entry_id: int) -> Values:
    """The fields of an entry as stored (cheaper than `get`: no tags, no copy)."""
    row = conn.execute(SELECT_VALUES, (entry_id,)).fetchone()
    if row is None:
        raise ReaderError(f"no library entry {entry_id}")
    return values_of_row(row)


def find_id(conn: sqlite3.Connection, key: str, source: str) -> int | None:
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


def insert(conn: sqlite3.Connection, values: Values) -> int:
    """A new entry with every field from `values` (cleaned); returns its id."""
    cursor = conn.execute(INSERT, row_of(values))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update(conn: sqlite3.Connection, entry_id: int, values: Values) -> bool:
    """Change the fields in `values` (cleaned); False when the entry is gone (or nothing was asked)."""
    if not values:
        return False
    sql, params = update_of(entry_id, values)
    return conn.execute(sql, params).rowcount > 0


def store_copy(conn: sqlite3.Connection, entry_id: int, markdown: str, mode: ParseMode, now: float) -> None:
    conn.execute(
        "INSERT INTO copies (entry_id, markdown, mode, stored) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (entry_id) DO UPDATE SET markdown = excluded.markdown, mode = excluded.mode,"
        " stored = excluded.stored",
        (entry_id, markdown, mode.value, now),
    )


def add_tags(conn: sqlite3.Connection, entry_id: int, tags: Iterable[str]) -> None:
    conn.executemany("INSERT OR IGNORE INTO tags (entry_id, tag) VALUES (?, ?)", [(entry_id, tag) for tag in tags])


def unbookmark(conn: sqlite3.Connection, entry_id: int) -> None:
    """Its offline copy and pictures go; a post never read here exists only as a bookmark:
    unsaving it removes it, unless it holds highlights (imported ones): those are deleted
    only when asked for."""
    conn.execute("DELETE FROM copies WHERE entry_id = ?", (entry_id,))
    conn.execute("DELETE FROM pictures WHERE entry_id = ?", (entry_id,))
    update(conn, entry_id, {"saved": None, "archived": False})
    conn.execute(
        "DELETE FROM entries WHERE id = ? AND first_read IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM highlights WHERE entry_id = entries.id)",
        (entry_id,),
    )
