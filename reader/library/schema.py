"""The library's tables and how a file of any earlier version is brought up to date.

The version lives in `PRAGMA user_version`. A new file runs every migration from zero, so the
upgrade path a user's old file takes is the one every test run takes too.

Version 1 was a bookmarks-only layout: one row per link, tags as a comma-separated string,
times as ISO text, the position as a block index. Version 2 keeps one entry per post (history
and bookmark together), keyed by canonical URL or content hash, with tags and offline copies
in tables of their own so that listing never reads the Markdown. Version 3 makes the library
a reading memory: a full-text index of every post's text (FTS5 with the trigram tokenizer, so
that a substring of unspaced Chinese or Japanese is found), highlights with notes, and the text
around each reading position (see `reader.library.anchors`). The migration only creates the
index and lists the offline copies still to index; the text goes in afterwards, a batch per
transaction (`reader.library.index`), so opening an old library stays quick. Version 4 adds the pictures
of saved posts (their bytes by address), so that a saved post shows them offline.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

from reader.library.keys import HASH, PATH, URL, content_hash, is_web, normalize_url

_V1 = (
    """CREATE TABLE bookmarks (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        added TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        markdown TEXT
    )""",
)

_V2 = (
    """CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        site TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        categories TEXT NOT NULL DEFAULT '[]',
        image TEXT NOT NULL DEFAULT '',
        first_read REAL,
        last_read REAL,
        block INTEGER NOT NULL DEFAULT 0,
        char_offset INTEGER NOT NULL DEFAULT 0,
        percent REAL NOT NULL DEFAULT 0,
        saved REAL,
        archived INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX entries_source ON entries (source)",
    "CREATE INDEX entries_last_read ON entries (last_read) WHERE last_read IS NOT NULL",
    "CREATE INDEX entries_saved ON entries (saved) WHERE saved IS NOT NULL",
    """CREATE TABLE tags (
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        tag TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (entry_id, tag)
    ) WITHOUT ROWID""",
    "CREATE INDEX tags_tag ON tags (tag)",
    """CREATE TABLE copies (
        entry_id INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        markdown TEXT NOT NULL,
        mode TEXT NOT NULL DEFAULT 'markdown',
        stored REAL NOT NULL
    )""",
)


_V3 = (
    # One row per entry (rowid = entries.id): its title, and its text once known. Triggers
    # keep the title and the rows in step with `entries`; the store writes the text in the
    # transaction that stores the article.
    "CREATE VIRTUAL TABLE search USING fts5(title, body, tokenize = 'trigram')",
    """CREATE TRIGGER entries_search_insert AFTER INSERT ON entries BEGIN
        INSERT INTO search (rowid, title, body) VALUES (new.id, new.title, '');
    END""",
    """CREATE TRIGGER entries_search_title AFTER UPDATE OF title ON entries WHEN new.title IS NOT old.title BEGIN
        UPDATE search SET title = new.title WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER entries_search_delete AFTER DELETE ON entries BEGIN
        DELETE FROM search WHERE rowid = old.id;
    END""",
    """CREATE TABLE search_pending (
        entry_id INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE
    )""",
    "INSERT INTO search (rowid, title, body) SELECT id, title, '' FROM entries",
    "INSERT INTO search_pending (entry_id) SELECT entry_id FROM copies",
    "ALTER TABLE entries ADD COLUMN anchor_text TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE entries ADD COLUMN anchor_before TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE entries ADD COLUMN anchor_after TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE entries ADD COLUMN anchor_digest TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE highlights (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        block INTEGER NOT NULL,
        char_offset INTEGER NOT NULL,
        end_block INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        quote TEXT NOT NULL,
        before TEXT NOT NULL DEFAULT '',
        after TEXT NOT NULL DEFAULT '',
        digest TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        placement TEXT NOT NULL DEFAULT 'ok',
        created REAL NOT NULL,
        updated REAL NOT NULL
    )""",
    "CREATE INDEX highlights_entry ON highlights (entry_id, block, char_offset)",
)


_V4 = (
    """CREATE TABLE pictures (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        data BLOB NOT NULL,
        stored REAL NOT NULL,
        UNIQUE (entry_id, url)
    )""",
)
"""A rowid table, not WITHOUT ROWID: its rows are large blobs, which SQLite keeps best apart
from the key."""


def _create_v1(conn: sqlite3.Connection) -> None:
    for statement in _V1:
        conn.execute(statement)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    for statement in _V2:
        conn.execute(statement)
    rows = conn.execute("SELECT url, title, tags, added, position, markdown FROM bookmarks ORDER BY id").fetchall()
    for url, title, tags, added, position, markdown in rows:
        digest = content_hash(markdown) if markdown is not None else ""
        canonical = normalize_url(url) if is_web(url) else ""
        key = URL + canonical if canonical else HASH + digest if digest else PATH + url
        saved = _v1_time(added)
        cursor = conn.execute(
            "INSERT INTO entries (key, source, url, content_hash, title, block, saved) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO NOTHING",
            (key, url, canonical, digest, title, max(position, 0), saved),
        )
        if not cursor.rowcount:
            continue  # two v1 rows of the same post: the first one wins
        entry_id = cursor.lastrowid
        unique = {tag.strip().casefold(): tag.strip() for tag in reversed(tags.split(",")) if tag.strip()}
        conn.executemany("INSERT INTO tags (entry_id, tag) VALUES (?, ?)", [(entry_id, tag) for tag in unique.values()])
        if markdown is not None:
            conn.execute(
                "INSERT INTO copies (entry_id, markdown, stored) VALUES (?, ?, ?)", (entry_id, markdown, saved)
            )
    conn.execute("DROP TABLE bookmarks")


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    for statement in _V3:
        conn.execute(statement)


def _v1_time(text: str) -> float:
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    for statement in _V4:
        conn.execute(statement)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_v1,
    _v1_to_v2,
    _v2_to_v3,
    _v3_to_v4,
)
"""`MIGRATIONS[n]` takes a file from version n to n + 1."""

VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = VERSION) -> int:
    """Bring the file to `target` inside the caller's transaction; returns the version it had.

    Runs with the write lock held (BEGIN IMMEDIATE), so two copies starting at once never
    both migrate: the second one waits, then finds the work done.
    """
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    for step in range(current, target):
        MIGRATIONS[step](conn)
    if target > current:
        conn.execute(f"PRAGMA user_version = {int(target)}")
    return current
