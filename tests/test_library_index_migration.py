"""A library of today's schema (version 2) opens as version 3: titles searchable at once, the
offline copies indexed afterwards in batches, and the library usable meanwhile."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.convert.pipeline import load
from reader.library import Library, default_path, index, index_build, schema
from reader.library.index_build import build_all, build_some
from reader.library.keys import content_hash
from reader.model import Position
from tests.conftest import FIXTURES, SAMPLES
from tests.test_app import loaded

POSTS = FIXTURES / "library" / "memory"


def write_v2_file(path: Path, names: tuple[str, ...] = ("zh", "ja", "en")) -> None:
    """A version 2 library as the reader before the index left it: saved posts with their copies,
    and one post only read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    schema.migrate(conn, target=2)
    for number, name in enumerate(names):
        source = POSTS / f"{name}.md"
        markdown = source.read_text("utf-8")
        title = load(str(source)).article.metadata.title
        cursor = conn.execute(
            "INSERT INTO entries (key, source, content_hash, title, first_read, last_read, block, saved)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (f"sha256:{content_hash(markdown)}", str(source), content_hash(markdown), title, 1.0, 2.0, number, 3.0),
        )
        conn.execute(
            "INSERT INTO copies (entry_id, markdown, mode, stored) VALUES (?, ?, 'markdown', 3.0)",
            (cursor.lastrowid, markdown),
        )
    conn.execute(
        "INSERT INTO entries (key, source, title, last_read)"
        " VALUES ('url:https://example.org/', 'https://example.org/', 'Only read', 5.0)"
    )
    conn.execute("COMMIT")
    conn.close()


def test_migration_lists_the_copies_and_the_build_indexes_them() -> None:
    write_v2_file(default_path())
    with Library.open() as library:
        with library.db.read() as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION == 4
        assert library.index.pending() == 3
        # Titles are in the index at once; the text once the build has run.
        assert [hit.entry.title for hit in library.index.search("古本屋")] == ["東京の古本屋めぐり"]
        assert library.index.search("分组交换") == []
        assert [hit.entry.title for hit in library.index.search("only read")] == ["Only read"]

        progress: list[tuple[int, int]] = []
        build_all(library.index, lambda done, total: progress.append((done, total)), batch=2)
        assert progress == [(2, 3), (3, 3)]
        assert library.index.pending() == 0
        assert [hit.entry.title for hit in library.index.search("分组交换")] == ["互联网的早期历史"]
        assert [hit.entry.title for hit in library.index.search("喫茶店")] == ["東京の古本屋めぐり"]
        # The reading positions of the old file are kept.
        assert sorted(entry.position.block for entry in library.entries()) == [0, 1, 2]
    conn = sqlite3.connect(default_path())
    conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")
    conn.close()


def test_the_library_stays_usable_between_batches() -> None:
    write_v2_file(default_path())
    with Library.open() as library, Library.open() as other_copy:
        assert build_some(library.index, batch=1) == 2
        entry = other_copy.find(str(POSTS / "en.md"))
        assert entry is not None
        assert other_copy.save_position(entry.id, Position(3, 4), 50.0)  # another copy writes meanwhile
        other_copy.remove(other_copy.find(str(POSTS / "ja.md")).id)  # type: ignore[union-attr]
        assert build_some(library.index, batch=5) == 0
        assert [hit.entry.title for hit in library.index.search("marginalia")] == ["Notes on reading slowly"]
        assert library.index.search("喫茶店") == []


def test_unsaved_while_waiting_leaves_nothing_to_index() -> None:
    write_v2_file(default_path(), names=("zh",))
    with Library.open() as library:
        entry = library.find(str(POSTS / "zh.md"))
        assert entry is not None
        library.remove_bookmark(entry.id)  # the copy goes; the post stays in the history
        assert build_some(library.index) == 0


def test_the_search_command_builds_the_index_first(capsys: pytest.CaptureFixture[str]) -> None:
    write_v2_file(default_path())
    assert main(["search", "分组交换"]) == 0
    out, err = capsys.readouterr()
    assert "indexing 3 posts" in err
    assert "互联网的早期历史" in out and "分组交换" in out
    assert main(["search", "分组交换"]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # once


def test_a_build_killed_with_its_merges_deferred_is_finished_by_the_next() -> None:
    write_v2_file(default_path())
    with Library.open() as library:
        library.index.defer_merges()  # as a bulk build does, and then it was killed
        build_some(library.index, batch=1)
        assert library.index.merges_deferred()
    with Library.open() as library:
        build_all(library.index)
        assert not library.index.merges_deferred()
        assert library.index.pending() == 0
        assert [hit.entry.title for hit in library.index.search("分组交换")] == ["互联网的早期历史"]


def fts5_options(library: Library) -> dict[str, int]:
    with library.db.read() as conn:
        return dict(conn.execute("SELECT k, v FROM search_config WHERE k != 'version'").fetchall())


def test_a_bulk_build_writes_whole_batches_then_gives_fts5_its_defaults_back(monkeypatch: pytest.MonkeyPatch) -> None:
    write_v2_file(default_path())
    monkeypatch.setattr(index_build, "BULK_FROM", 1)
    with Library.open() as library:
        store = library.index.store
        seen: list[dict[str, int]] = []

        def watched(texts: index.Texts) -> int:
            seen.append(fts5_options(library))
            return store(texts)

        library.index.store = watched  # type: ignore[method-assign]
        progress: list[tuple[int, int]] = []
        build_all(library.index, lambda done, total: progress.append((done, total)))
        assert progress == [(3, 3)]  # one bulk batch
        # Merges wait for the end, and a batch is gathered in memory to make one segment.
        assert seen == [{"automerge": 0, "crisismerge": index.BULK_CRISIS, "hashsize": index.BULK_HASH}]
        assert fts5_options(library) == {"automerge": 4, "crisismerge": 16, "hashsize": index.DEFAULT_HASH}
        assert [hit.entry.title for hit in library.index.search("分组交换")] == ["互联网的早期历史"]


def test_long_posts_make_smaller_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    write_v2_file(default_path())
    monkeypatch.setattr(index_build, "BATCH_CHARS", 100)  # less than any of the three copies
    with Library.open() as library:
        progress: list[tuple[int, int]] = []
        build_all(library.index, lambda done, total: progress.append((done, total)))
        assert progress == [(1, 3), (2, 3), (3, 3)]  # a transaction each
        assert library.index.pending() == 0


def test_a_copy_removed_while_the_build_runs_still_counts_as_done() -> None:
    write_v2_file(default_path())
    with Library.open() as library:
        copies = library.index.copies
        ja = library.find(str(POSTS / "ja.md"))
        assert ja is not None

        def unsaved_meanwhile(entry_ids: list[int]) -> list[tuple[int, str, str]]:
            library.remove_bookmark(ja.id)  # between the list of waiting copies and their reading
            return copies(entry_ids)

        library.index.copies = unsaved_meanwhile  # type: ignore[method-assign]
        progress: list[tuple[int, int]] = []
        build_all(library.index, lambda done, total: progress.append((done, total)), batch=2)
        assert progress == [(3, 3)]  # the two copies left, and the one gone
        assert library.index.pending() == 0
        assert library.index.search("喫茶店") == []
        assert [hit.entry.title for hit in library.index.search("分组交换")] == ["互联网的早期历史"]


def test_a_build_left_unfinished_by_the_reader_before_bigger_batches_is_finished() -> None:
    """A version 4 file whose build was killed by the previous reader: its merges deferred, with
    FTS5's own hash size (no `hashsize` option written)."""
    write_v2_file(default_path())
    with Library.open() as library:
        with library.db.write() as conn:
            conn.execute("INSERT INTO search (search, rank) VALUES ('automerge', 0)")
            conn.execute("INSERT INTO search (search, rank) VALUES ('crisismerge', 1000)")
        build_some(library.index, batch=1)
    with Library.open() as library:
        build_all(library.index)
        assert fts5_options(library) == {"automerge": 4, "crisismerge": 16, "hashsize": index.DEFAULT_HASH}
        assert library.index.pending() == 0
        assert [hit.entry.title for hit in library.index.search("古本屋")] == ["東京の古本屋めぐり"]


def test_a_bulk_build_stopped_between_batches_leaves_the_rest_for_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    write_v2_file(default_path())
    monkeypatch.setattr(index_build, "BULK_FROM", 1)
    with Library.open() as library:
        progress: list[tuple[int, int]] = []
        build_all(
            library.index, lambda done, total: progress.append((done, total)), batch=1, stop=lambda: bool(progress)
        )
        assert progress == [(1, 3)]  # the app quit: the parses queued are dropped
        assert library.index.pending() == 2 and library.index.merges_deferred()
        build_all(library.index)
        assert library.index.pending() == 0 and not library.index.merges_deferred()


async def test_an_article_opened_in_the_app_has_the_waiting_copies_indexed_after_it() -> None:
    """The app indexes the waiting copies in the background once the article's first frame is
    out (it used to start before, and the first frame waited for the build's imports)."""
    from reader.ui.app import ReaderApp

    write_v2_file(default_path())
    app = ReaderApp(str(SAMPLES / "welcome.md"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        deadline = time.monotonic() + 30
        while (
            (library := app.bookkeeper.library()) is None
            or library.index.pending()
            or app.bookkeeper.indexing
            or library.find(str(SAMPLES / "welcome.md")) is None  # recorded before the app closes
        ):
            assert time.monotonic() < deadline, "the waiting copies were not indexed"
            await pilot.pause(0.05)
    with Library.open() as library:
        assert [hit.entry.title for hit in library.index.search("分组交换")] == ["互联网的早期历史"]
