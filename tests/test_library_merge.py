"""The table of columns (`reader.library.columns`): it matches the schema, and each field
merges by its own rule when a post already in the library is imported or opened again."""

from __future__ import annotations

import sqlite3

from reader.convert.document import Document
from reader.convert.pipeline import load_text
from reader.library import Library, Record, View
from reader.library.columns import COLUMNS
from reader.model import Position

SOURCE = "https://example.org/post"
T = 1_700_000_000.0


def post(title: str = "The post", source: str = SOURCE) -> Document:
    document = load_text(f"# {title}\n\nBody.\n", "text/markdown", source=source)
    document.article.metadata.title = title
    document.article.metadata.author = "Ada"
    return document


def test_the_table_names_every_column_of_the_schema() -> None:
    with Library.open() as library:
        path = library.path
    conn = sqlite3.connect(path)
    names = [row[1] for row in conn.execute("PRAGMA table_info(entries)")]
    conn.close()
    assert names == ["id", *COLUMNS]


def test_an_import_fills_what_the_entry_lacks_and_keeps_what_it_has() -> None:
    clock = iter(T + n for n in range(100))
    with Library.open(clock=lambda: next(clock)) as library:
        entry = library.record_open(post())
        library.save_position(entry.id, Position(4, 17), 57.5)
        before = library.get(entry.id)
        assert before is not None and before.last_read is not None and before.first_read is not None

        earlier = Record(
            source=SOURCE,
            title="Another title",
            author="Someone else",
            language="en",
            image="https://example.org/picture.png",
            first_read=before.first_read - 1000,
            last_read=before.last_read - 500,
            position=Position(9, 1),
            percent=90.0,
            saved=T - 2000,
            archived=True,
            tags=("imported",),
        )
        result = library.import_records([earlier])
        assert (result.added, result.merged) == (0, 1)
        merged = library.get(entry.id)
        assert merged is not None
        assert (merged.title, merged.author) == ("The post", "Ada")  # kept
        assert (merged.language, merged.image) == ("en", "https://example.org/picture.png")  # filled
        assert merged.first_read == earlier.first_read and merged.last_read == before.last_read
        assert (merged.position, merged.percent) == (Position(4, 17), 57.5)  # read here later
        assert merged.saved == earlier.saved and merged.archived  # saved on the other side
        assert merged.tags == ("imported",)

        later = Record(source=SOURCE, last_read=before.last_read + 500, position=Position(12, -3), percent=140.0)
        library.import_records([later])
        newest = library.get(entry.id)
        assert newest is not None
        assert (newest.position, newest.percent) == (Position(12, 0), 100.0)  # read there later; cleaned
        assert newest.last_read == later.last_read
        assert newest.saved == earlier.saved and newest.archived  # an unsaved record unsaves nothing


def test_opening_again_takes_what_the_article_says_now() -> None:
    clock = iter(T + n for n in range(100))
    with Library.open(clock=lambda: next(clock)) as library:
        first = library.record_open(post())
        library.save_position(first.id, Position(2, 5), 40.0)
        renamed = post("The post, renamed")
        renamed.article.metadata.author = ""
        again = library.record_open(renamed)
        assert again.id == first.id
        assert (again.title, again.author) == ("The post, renamed", "Ada")  # said anew; not said: kept
        assert again.first_read == first.first_read and again.last_read is not None
        assert again.last_read > (first.last_read or 0)
        assert (again.position, again.percent) == (Position(2, 5), 40.0)  # the place is the reader's
        assert library.count(View.HISTORY) == 1
