"""Full-text search on a real library file: Chinese, Japanese and English posts, queries of
one, two and three or more characters, phrases, prefixes, ranking, snippets, and the index
kept in step with every write."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.chars import cell_len
from reader.convert.pipeline import load
from reader.library import Library, View
from reader.library.exchange import read_records, write_records
from reader.library.search import SNIPPET_CELLS, Hit, terms_of
from tests.conftest import FIXTURES

POSTS = FIXTURES / "library" / "memory"
NAMES = ("zh", "ja", "en", "packets", "habit")


@pytest.fixture
def library() -> Iterator[Library]:
    clock = itertools.count(1_700_000_000, 10)
    with Library.open(clock=lambda: float(next(clock))) as opened:
        for name in NAMES:
            opened.add_bookmark(load(str(POSTS / f"{name}.md")))
        yield opened


def names(hits: list[Hit]) -> list[str]:
    return [Path(hit.entry.source).stem for hit in hits]


def found(library: Library, query: str) -> list[str]:
    return names(library.index.search(query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("网", ["zh"]),  # one character: a scan
        ("互联", ["zh"]),  # two: a scan (the trigram index cannot hold them)
        ("分组交换", ["zh"]),  # three and more: the trigram index, inside unspaced text
        ("本", ["ja"]),
        ("古本", ["ja"]),
        ("古本屋", ["ja"]),
        ("喫茶店でコーヒー", ["ja"]),
        ("一", ["zh", "ja"]),
    ],
)
def test_chinese_and_japanese_queries_of_every_length(library: Library, query: str, expected: list[str]) -> None:
    assert sorted(found(library, query)) == sorted(expected)


def test_every_term_must_match_short_ones_checked_on_the_long_ones_candidates(library: Library) -> None:
    assert found(library, "互联网 一个") == ["zh"]  # FTS5 alone would ignore the short term
    assert found(library, "互联网 古本") == []
    assert found(library, "古本屋 网") == []
    assert found(library, "本 楽しみ") == ["ja"]


def test_latin_words_match_on_prefixes_and_case(library: Library) -> None:
    assert found(library, "marg") == ["en"]  # Marginalia
    assert sorted(found(library, "PROGRAM")) == ["en", "packets"]
    assert found(library, "go") == ["en"]  # a word that starts with it; "ago" does not count
    assert found(library, "Go Rust") == ["en"]
    assert sorted(found(library, "a")) == ["en", "habit", "packets"]


def test_phrases_in_quotes(library: Library) -> None:
    assert found(library, '"packet travels"') == ["packets"]
    assert found(library, '"travels packet"') == []
    assert found(library, "travels packet") == ["packets"]  # two words, anywhere
    assert terms_of('say "hello world" twice') == ["say", "hello world", "twice"]


@pytest.mark.parametrize("query", ["C++", '"', '""', "AND", "-", "a OR b", "NEAR(x y)", "*", "'", "^", "title:x", "(("])
def test_queries_are_text_never_syntax(library: Library, query: str) -> None:
    library.index.search(query)  # no sqlite3.OperationalError


def test_symbols_are_searched_for(library: Library) -> None:
    assert found(library, "C++") == ["packets"]
    assert sorted(found(library, "AND")) == ["en", "habit", "packets"]  # "and", as a word


def test_a_title_hit_ranks_first(library: Library) -> None:
    # "habit" is twice in the body of the English post, and only in the title of the other.
    assert found(library, "habit") == ["habit", "en"]


def test_short_queries_list_title_hits_then_the_newest_posts_up_to_the_limit(library: Library, tmp_path: Path) -> None:
    for name, markdown in (
        ("title", "# Go, the game\n\nStones on a board.\n"),
        ("body1", "# First\n\nWe go on.\n"),
        ("body2", "# Second\n\nThey go out.\n"),
        ("body3", "# Third\n\nShe goes home.\n"),
    ):
        (tmp_path / f"{name}.md").write_text(markdown, "utf-8")
        library.add_bookmark(load(str(tmp_path / f"{name}.md")))
    assert names(library.index.search("go", limit=3)) == ["title", "body3", "body2"]
    assert names(library.index.search("go", limit=1)) == ["title"]
    assert names(library.index.search("go 板", limit=3)) == []
    # No title holds both words: the newest posts first.
    assert names(library.index.search("go on", limit=2)) == ["body1", "title"]


def test_snippets_mark_the_matches(library: Library) -> None:
    (hit,) = library.index.search("分组交换")
    snippet = hit.snippet
    assert snippet.marks and all(snippet.text[a:b] == "分组交换" for a, b in snippet.marks)
    assert "\n" not in snippet.text
    assert cell_len(snippet.text) <= SNIPPET_CELLS + 6  # a line: CJK characters are two cells (and the ellipses)

    (hit,) = library.index.search("marginalia")
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.marks] == ["Marginalia"]
    assert hit.title_marks == ()

    (hit,) = library.index.search("古本屋 東京")
    assert [hit.entry.title[a:b] for a, b in hit.title_marks] == ["東京", "古本屋"]


def test_the_first_match_is_an_offset_in_the_article_text(library: Library) -> None:
    document = load(str(POSTS / "en.md"))
    (hit,) = library.index.search("pencil")
    assert document.article.text[hit.first_match :].startswith("pencil")


def test_the_index_follows_saving_removing_and_reopening(library: Library, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# A page\n\nThe word zeppelin appears here.\n", "utf-8")
    entry, _ = library.add_bookmark(load(str(page)))
    assert found(library, "zeppelin") == ["page"]

    page.write_text("# A page\n\nThe word dirigible appears here now.\n", "utf-8")
    library.record_open(load(str(page)))  # the file changed: its text in the index follows
    assert found(library, "zeppelin") == []
    assert found(library, "dirigible") == ["page"]

    entry = library.find(str(page)) or entry
    library.remove(entry.id)
    assert found(library, "dirigible") == []
    with library.db.read() as conn:
        assert conn.execute("SELECT count(*) FROM search WHERE rowid = ?", (entry.id,)).fetchone()[0] == 0


def test_unsaving_a_post_never_read_removes_its_text(library: Library) -> None:
    entry = library.find(str(POSTS / "packets.md"))
    assert entry is not None
    library.remove_bookmark(entry.id)  # saved from the command line, never opened: gone
    assert found(library, "C++") == []


def test_a_title_change_follows(library: Library) -> None:
    entry = library.find(str(POSTS / "habit.md"))
    assert entry is not None
    with library.db.write() as conn:
        conn.execute("UPDATE entries SET title = 'Gardening' WHERE id = ?", (entry.id,))
    assert found(library, "gardening") == ["habit"]
    assert "habit" not in found(library, "the habit")


def test_reimporting_indexes_the_copies_once(library: Library, tmp_path: Path) -> None:
    export = tmp_path / "library.json"
    write_records(export, library.export_records())
    with Library.open(tmp_path / "other.sqlite3") as other:
        other.import_records(read_records(export))
        assert sorted(found(other, "古本")) == ["ja"]
        assert found(other, "分组交换") == ["zh"]
        result = other.import_records(read_records(export))  # again: nothing new
        assert result.added == 0
        assert found(other, "分组交换") == ["zh"]
        assert other.count(View.SAVED) == len(NAMES)
        assert other.index.pending() == 0
        _integrity(other)


def _integrity(library: Library) -> None:
    conn = sqlite3.connect(library.path)
    conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")  # raises when corrupt
    entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM search").fetchone()[0] == entries
    conn.close()


def test_history_articles_are_searchable_too(library: Library, tmp_path: Path) -> None:
    page = tmp_path / "read.md"
    page.write_text("# Only read\n\n読書の記録をつける。\n", "utf-8")
    library.record_open(load(str(page)))  # opened, never saved
    assert found(library, "読書") == ["read"]
    assert found(library, "記録をつける") == ["read"]
    _integrity(library)
