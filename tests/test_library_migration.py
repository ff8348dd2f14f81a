"""Schema migrations: a real version 1 file, as an older reader left it, opens as version 2."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from reader.library import Library, View, default_path, schema
from tests.conftest import FIXTURES

V1_SQL = FIXTURES / "library" / "v1.sql"


def write_v1_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(V1_SQL.read_text("utf-8"))  # a rollback-journal file, as v1 wrote them
    conn.close()


def test_v1_file_migrates_to_the_current_schema() -> None:
    path = default_path()
    write_v1_file(path)
    with Library.open() as library:
        entries = {entry.title: entry for entry in library.entries(View.BOOKMARKS)}
        assert set(entries) == {"The first post", "一篇本地文章", "Gone without a copy"}

        web = entries["The first post"]
        assert web.key == "url:https://example.org/posts/first"
        assert web.tags == ("async", "rust")  # split, trimmed, "Rust" folded into "rust"
        assert web.position.block == 4
        assert web.saved == dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC).timestamp()
        assert web.first_read is None and not web.has_copy

        local = entries["一篇本地文章"]
        assert local.key.startswith("sha256:") and local.has_copy and local.tags == ("中文",)
        assert local.missing  # /home/someone does not exist here: shown as missing, not dropped
        offline = library.offline_document(local)
        assert [block.text for block in offline.article.blocks] == ["一篇本地文章", "正文第一段。"]

        gone = entries["Gone without a copy"]
        assert gone.key == "path:/home/someone/gone.html" and gone.missing and not gone.has_copy

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION == 4
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"entries", "tags", "copies", "highlights", "search", "search_pending", "pictures"} <= tables
    assert "bookmarks" not in tables


def test_migrated_file_keeps_working_and_stays_migrated() -> None:
    write_v1_file(default_path())
    with Library.open() as library:
        entry = library.find("https://example.org/posts/first")
        assert entry is not None
        library.set_archived(entry.id)
    with Library.open() as library:  # a second open runs no migration again
        assert [e.title for e in library.entries(View.ARCHIVE)] == ["The first post"]


def test_a_new_file_runs_every_migration(tmp_path: Path) -> None:
    """New files take the same path from version 0 that old files take from theirs."""
    conn = sqlite3.connect(tmp_path / "fresh.sqlite3", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    assert schema.migrate(conn) == 0
    conn.execute("COMMIT")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
