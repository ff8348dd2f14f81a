"""The library's data layer on a real SQLite file in the test's own data folder."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.convert.document import Document
from reader.convert.pipeline import load, load_text
from reader.errors import ReaderError
from reader.library import Library, Record, View, default_path, saved_place, schema
from reader.library.offline import ParseMode, parse_mode_of
from reader.model import Position
from tests.conftest import FIXTURES

ARTICLE = FIXTURES / "library" / "article.md"


@pytest.fixture
def clock() -> Iterator[int]:
    return itertools.count(1_700_000_000, 10)


@pytest.fixture
def library(clock: Iterator[int]) -> Iterator[Library]:
    with Library.open(clock=lambda: float(next(clock))) as opened:
        yield opened


def markdown_doc(text: str, source: str, url: str = "", title: str = "") -> Document:
    document = load_text(text, "text/markdown", source=source)
    document.article.metadata.url = url
    if title:
        document.article.metadata.title = title
    return document


def test_file_lives_in_the_data_folder_in_wal_mode(isolated_home: Path) -> None:
    with Library.open() as library:
        assert library.path == isolated_home / "data" / "reader" / "library.sqlite3"
        assert library.path == default_path()
    conn = sqlite3.connect(default_path())
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_busy_timeout_is_set(library: Library) -> None:
    with library.db.read() as conn:
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000


def test_record_open_creates_history_and_returns_saved_position(clock: Iterator[int]) -> None:
    document = load(str(ARTICLE))
    with Library.open(clock=lambda: float(next(clock))) as library:
        entry = library.record_open(document)
        assert (entry.title, entry.author, entry.date) == ("A post to keep", "Ada", "2026-01-02")
        assert entry.source == str(ARTICLE.resolve())
        assert entry.position.block == 0
        assert entry.first_read == entry.last_read
        assert not entry.bookmarked
        assert library.save_position(entry.id, Position(4, 17), 57.5)
    with Library.open(clock=lambda: float(next(clock))) as library:  # as after quitting
        again = library.record_open(load(str(ARTICLE)))
        assert again.id == entry.id
        assert (again.position.block, again.position.offset, again.percent) == (4, 17, 57.5)
        assert again.first_read == entry.first_read
        assert again.last_read is not None and entry.last_read is not None and again.last_read > entry.last_read
        assert [e.id for e in library.entries(View.HISTORY)] == [entry.id]


def test_save_position_of_a_removed_entry_is_a_quiet_no(library: Library) -> None:
    entry = library.record_open(load(str(ARTICLE)))
    library.remove(entry.id)
    assert library.save_position(entry.id, Position(1, 1), 1.0) is False


def test_a_moved_file_is_the_same_post(library: Library, tmp_path: Path) -> None:
    first = tmp_path / "a" / "post.md"
    first.parent.mkdir()
    shutil.copy(ARTICLE, first)
    entry = library.record_open(load(str(first)))
    library.toggle_bookmark(entry.id)
    moved = tmp_path / "b" / "renamed.md"
    moved.parent.mkdir()
    first.rename(moved)
    again = library.record_open(load(str(moved)))
    assert again.id == entry.id
    assert again.source == str(moved)
    assert len(library.entries(View.HISTORY)) == 1
    assert len(library.entries(View.SAVED)) == 1


def test_a_file_edited_in_place_keeps_its_entry(library: Library, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("# Draft\n\nFirst words.\n", "utf-8")
    entry = library.record_open(load(str(post)))
    library.toggle_bookmark(load(str(post)))
    post.write_text("# Draft\n\nFirst words, and more.\n", "utf-8")
    again = library.record_open(load(str(post)))
    assert again.id == entry.id
    assert again.content_hash != entry.content_hash
    assert "and more" in library.offline_document(again).markdown  # the saved copy follows the text


def test_the_canonical_url_keys_a_web_post(library: Library) -> None:
    one = markdown_doc("# Post\n\nBody.\n", "https://m.example.org/post?utm=1", url="https://Example.org/post")
    two = markdown_doc("# Post\n\nBody, now longer.\n", "https://example.org/post", url="https://example.org/post")
    assert library.record_open(one).id == library.record_open(two).id
    entry = library.entries(View.HISTORY)[0]
    assert entry.key == "url:https://example.org/post"
    assert entry.place == "example.org"  # the canonical URL's host


def test_bookmark_toggle_keeps_history_and_drops_bare_bookmarks(library: Library) -> None:
    read = load(str(ARTICLE))
    entry = library.record_open(read)
    assert library.toggle_bookmark(read) is True
    assert library.is_bookmarked(read) and library.is_bookmarked(entry.id)
    saved = library.get(entry.id)
    assert saved is not None and saved.has_copy and saved.saved is not None
    assert library.toggle_bookmark(entry.id) is False
    unsaved = library.get(entry.id)
    assert unsaved is not None and not unsaved.bookmarked and not unsaved.has_copy  # still in history
    never_read = markdown_doc("# Other\n\nText.\n", "https://example.org/other")
    assert library.toggle_bookmark(never_read) is True
    other = library.lookup(never_read)
    assert other is not None and other.first_read is None
    assert library.toggle_bookmark(never_read) is False
    assert library.lookup(never_read) is None  # saved only, then unsaved: nothing left


def test_add_list_tags_archive_remove(library: Library) -> None:
    one, created = library.add_bookmark(markdown_doc("# One\n\nx\n", "https://a.example/1"), ["Rust, async", "rust"])
    assert created and one.tags == ("async", "Rust")
    same, created_again = library.add_bookmark(markdown_doc("# One\n\nx\n", "https://a.example/1"), ["more"])
    assert same.id == one.id and not created_again and same.tags == ("async", "more", "Rust")
    two, _ = library.add_bookmark(markdown_doc("# Two\n\ny\n", "https://b.example/2"), [])
    assert [e.id for e in library.entries(View.SAVED)] == [two.id, one.id]  # newest first
    assert [e.id for e in library.entries(View.SAVED, tag="RUST")] == [one.id]

    assert library.set_tags(two.id, ["#reading, later", ""]) == ("reading", "later")
    assert [e.id for e in library.entries(View.SAVED, "#later")] == [two.id]

    library.set_archived(one.id)
    assert [e.id for e in library.entries(View.SAVED)] == [two.id]
    assert [e.id for e in library.entries(View.ARCHIVE)] == [one.id]
    assert len(library.entries(View.BOOKMARKS)) == 2
    library.set_archived(one.id, False)
    assert library.entries(View.ARCHIVE) == []

    library.remove_bookmark(two.id)
    assert [e.id for e in library.entries(View.BOOKMARKS)] == [one.id]
    library.remove(one.id)
    assert library.entries(View.BOOKMARKS) == [] and library.count(View.BOOKMARKS) == 0
    with pytest.raises(ReaderError, match="no library entry"):
        library.set_tags(one.id, ["x"])


def test_archiving_needs_a_bookmark(library: Library) -> None:
    entry = library.record_open(load(str(ARTICLE)))
    with pytest.raises(ReaderError, match="not saved"):
        library.set_archived(entry.id)


def test_remove_history_keeps_a_saved_post(library: Library) -> None:
    document = load(str(ARTICLE))
    entry = library.record_open(document)
    library.toggle_bookmark(document)
    library.remove_history(entry.id)
    assert library.entries(View.HISTORY) == []
    assert [e.id for e in library.entries(View.SAVED)] == [entry.id]
    library.remove_bookmark(entry.id)
    assert library.get(entry.id) is None


def test_filter_by_title_site_and_tag(library: Library) -> None:
    library.add_bookmark(markdown_doc("# A\n", "https://news.example.com/a", title="Async Rust in practice"), ["lang"])
    library.add_bookmark(markdown_doc("# B\n", "https://blog.example.org/b", title="Gardening 100% organic"), [])
    library.add_bookmark(markdown_doc("# C\n", "https://c.example.net/c", title="城市与阅读"), ["读书"])

    def titles(query: str) -> list[str]:
        return sorted(e.title for e in library.entries(View.SAVED, query))

    assert titles("rust") == ["Async Rust in practice"]
    assert titles("ASYNC practice") == ["Async Rust in practice"]  # every word must match
    assert titles("async garden") == []
    assert titles("blog.example") == ["Gardening 100% organic"]  # the site
    assert titles("lang") == ["Async Rust in practice"]  # a tag
    assert titles("读书") == ["城市与阅读"]
    assert titles("阅读") == ["城市与阅读"]
    assert titles("100%") == ["Gardening 100% organic"]
    assert titles("0_") == []  # LIKE wildcards are literal
    assert titles("＃读书") == ["城市与阅读"]  # a full-width ＃ from a CJK keyboard is a tag too
    zhihu = markdown_doc("# D\n", "https://d.example.net/d", title="容器入门")
    zhihu.article.metadata.author = "知乎用户"
    library.add_bookmark(zhihu, [])
    assert titles("知乎") == ["容器入门"]  # the author


def test_missing_file_opens_from_its_offline_copy(library: Library, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    shutil.copy(ARTICLE, post)
    original = load(str(post))
    entry = library.record_open(original)
    library.save_position(entry.id, Position(5, 3), 80.0)
    library.toggle_bookmark(original)
    post.unlink()
    entry = library.entries(View.SAVED)[0]
    assert entry.missing and entry.has_copy
    offline = library.offline_document(entry)
    assert [(b.kind, b.text) for b in offline.article.blocks] == [(b.kind, b.text) for b in original.article.blocks]
    assert offline.article.metadata.title == "A post to keep"
    assert offline.article.metadata.author == "Ada"
    assert offline.article.metadata.source == str(post)
    assert library.record_open(offline).position.block == 5  # reading the copy resumes too


def test_offline_copy_of_html2text_output_parses_back_the_same(library: Library) -> None:
    page = "<div><ul><li><div><div><ul><li><a href='https://e.org/'>Deep</a></li><li>b</li></ul></div></div></li></ul></div>"
    document = load_text(page, "text/html", source="https://example.org/page")
    assert parse_mode_of(document) is ParseMode.HTML
    library.toggle_bookmark(document)
    entry = library.entries(View.SAVED)[0]
    offline = library.offline_document(entry)
    assert [(b.kind, b.text) for b in offline.article.blocks] == [(b.kind, b.text) for b in document.article.blocks]


def test_no_copy_is_a_clear_error(library: Library) -> None:
    library.import_records([Record(source="https://example.org/x", title="X")])
    entry = library.entries(View.SAVED)[0]
    assert not entry.has_copy and not entry.missing
    with pytest.raises(ReaderError, match="no offline copy"):
        library.offline_document(entry)


def test_find_and_resolve(library: Library) -> None:
    document = load(str(ARTICLE))
    entry = library.record_open(document)
    assert library.find(str(ARTICLE)) == library.get(entry.id)
    assert library.resolve(str(entry.id)).id == entry.id
    assert library.resolve(str(ARTICLE)).id == entry.id
    library.import_records([Record(source="https://Example.org/x#part", title="X")])
    assert library.resolve("https://example.org/x").title == "X"
    with pytest.raises(ReaderError, match="nothing in the library matches"):
        library.resolve("999")


def test_saved_place_is_where_the_reader_stopped_and_makes_no_library(isolated_home: Path) -> None:
    """What the launch's conversion child answers: the place saved for a source, else the top;
    with no library yet, the top, and no file made (the app makes it, once it has started)."""
    assert saved_place(str(ARTICLE)) == Position(0, 0)
    assert not default_path().exists()
    with Library.open() as library:
        entry = library.record_open(load(str(ARTICLE)))
        assert saved_place(str(ARTICLE)) == Position(0, 0)
        library.save_position(entry.id, Position(3, 12), 40.0)
    assert saved_place(str(ARTICLE)) == Position(3, 12)
    assert saved_place(str(ARTICLE.with_name("elsewhere.md"))) == Position(0, 0)


def test_imported_text_is_cleaned(library: Library) -> None:
    library.import_records(
        [Record(source="https://example.org/x", title="Evil\x1b]0;owned\x07 title\n", tags=["a\x1bb"])]
    )
    entry = library.entries(View.SAVED)[0]
    assert entry.title == "Evil title"  # the window title set by an escape sequence: gone whole
    assert entry.tags == ("ab",)


def test_limit_and_count(library: Library) -> None:
    library.import_records(Record(source=f"https://example.org/{i}", title=f"Post {i}") for i in range(30))
    assert len(library.entries(View.SAVED, limit=10)) == 10
    assert library.count(View.SAVED) == 30
    assert library.count(View.SAVED, "Post 2") == 12  # 2, 12, 20 to 29: words, not a phrase


def test_a_newer_file_is_refused(isolated_home: Path) -> None:
    path = default_path()
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    conn.close()
    with pytest.raises(ReaderError, match="newer reader"):
        Library.open()


def test_a_corrupt_file_is_a_one_line_error(isolated_home: Path) -> None:
    path = default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ReaderError, match="cannot use the library"):
        Library.open()


def test_the_library_and_its_command_line_load_no_textual() -> None:
    modules = ["reader.library", "reader.library.exchange", "reader.cli.bookmarks"]
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_post_saved_by_id_gets_its_copy_at_the_next_opening(library: Library) -> None:
    document = load(str(ARTICLE))
    entry = library.record_open(document)
    assert library.toggle_bookmark(entry.id) is True
    saved = library.get(entry.id)
    assert saved is not None and saved.bookmarked and not saved.has_copy
    assert library.record_open(document).has_copy


def test_place_of_a_local_file_is_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    post = tmp_path / "notes" / "post.md"
    post.parent.mkdir()
    post.write_text("# A local post\n\nText.\n", encoding="utf-8")
    with Library.open() as library:
        entry = library.record_open(load(str(post)))
        assert entry.place == "notes/"
        assert dataclasses.replace(entry, source=str(tmp_path / "home" / "a.md")).place == "~/"
        piped = library.record_open(load_text("# Piped\n\nText.\n", "text/markdown", source="-"))
        assert piped.place == "stdin"


def test_an_address_that_cannot_be_parsed_is_no_entry_and_no_error(library: Library) -> None:
    # The command's offline fallback looked `https://[::1` up here: `urlsplit` raised, and a
    # typo in an address became an internal error.
    assert library.saved_copy("https://[::1") is None
    assert library.find("http://[oops/post") is None
