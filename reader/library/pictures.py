"""The pictures of saved posts: their bytes by address, so a saved post shows them offline.

Kept per entry and removed with its offline copy (unsaving the post) or with the entry (a
foreign key). A post keeps at most `MAX_POST_BYTES` of pictures: the first ones of the
article, in order, up to that, so one huge photo gallery cannot fill the disk.
Statements on a connection whose transaction the caller holds (`reader.library.store`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

MAX_POST_BYTES = 20 * 1024 * 1024
"""Pictures one saved post keeps, in all."""


def store(
    conn: sqlite3.Connection, entry_id: int, pictures: Iterable[tuple[str, bytes]], now: float, max_bytes: int
) -> int:
    """Keep `pictures` ((address, bytes), in the article's order) for a saved entry, within
    `max_bytes` with those it has; returns how many are kept now. An entry no longer saved
    (unsaved while its pictures were fetched) keeps none."""
    row = conn.execute("SELECT saved IS NOT NULL FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is None or not row[0]:
        return 0
    used = int(
        conn.execute("SELECT coalesce(sum(length(data)), 0) FROM pictures WHERE entry_id = ?", (entry_id,)).fetchone()[
            0
        ]
    )
    for url, data in pictures:
        old = conn.execute(
            "SELECT length(data) FROM pictures WHERE entry_id = ? AND url = ?", (entry_id, url)
        ).fetchone()
        growth = len(data) - (int(old[0]) if old else 0)
        if used + growth > max_bytes:
            continue
        conn.execute(
            "INSERT INTO pictures (entry_id, url, data, stored) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (entry_id, url) DO UPDATE SET data = excluded.data, stored = excluded.stored",
            (entry_id, url, data, now),
        )
        used += growth
    return int(conn.execute("SELECT count(*) FROM pictures WHERE entry_id = ?", (entry_id,)).fetchone()[0])


def load(conn: sqlite3.Connection, entry_id: int, url: str) -> bytes | None:
    row = conn.execute("SELECT data FROM pictures WHERE entry_id = ? AND url = ?", (entry_id, url)).fetchone()
    return bytes(row[0]) if row else None


def addresses(conn: sqlite3.Connection, entry_id: int) -> list[str]:
    return [str(row[0]) for row in conn.execute("SELECT url FROM pictures WHERE entry_id = ? ORDER BY id", (entry_id,))]
