"""Export and import: our JSON, the browsers' bookmark HTML and Pocket's CSV, round trips and
imports that never duplicate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.convert.pipeline import load, load_text
from reader.library import Entry, Library, View
from reader.library.entry import iso_time
from reader.model import Position
from tests.conftest import FIXTURES

LIBRARY_FIXTURES = FIXTURES / "library"
ARTICLE = LIBRARY_FIXTURES / "article.md"


def bookmarks(*args: str) -> int:
    return main(["bookmarks", *args])


def fill(library: Library) -> None:
    """A library with a bit of everything: read and saved, archived, tagged, history only."""
    post = load(str(ARTICLE))
    entry = library.record_open(post)
    library.save_position(entry.id, Position(3, 12), 42.0)
    library.add_bookmark(post, ["keep", "中文"])
    web = load_text("# Web post\n\nText.\n", "text/markdown", source="https://example.org/web?id=1&b=2")
    library.add_bookmark(web, ["web"])
    archived, _ = library.add_bookmark(
        load_text("# Old\n\nOld text.\n", "text/markdown", source="https://old.example.net/"), []
    )
    library.set_archived(archived.id)
    library.record_open(load_text("# Only read\n\nx\n", "text/markdown", source="https://example.com/read"))


def snapshot(library: Library, view: View) -> list[tuple[object, ...]]:
    def fields(entry: Entry) -> tuple[object, ...]:
        return (
            entry.key,
            entry.source,
            entry.title,
            entry.tags,
            entry.archived,
            # to the microsecond, as the export writes them (a time rounded to the millisecond
            # could round the other way once it came back within half a microsecond of it)
            *(iso_time(t, precise=True) for t in (entry.saved, entry.first_read, entry.last_read)),
            entry.position,
            entry.percent,
        )

    return sorted(map(fields, library.entries(view)), key=repr)


def use_data_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))


def test_json_round_trip_keeps_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library.open() as library:
        fill(library)
        before = {view: snapshot(library, view) for view in View}
        copies = {e.key: library.offline_document(e).markdown for e in library.entries(View.BOOKMARKS)}
    export = tmp_path / "library.json"
    assert bookmarks("export", str(export)) == 0
    document = json.loads(export.read_text("utf-8"))
    assert document["format"] == "reader-library" and len(document["entries"]) == 4

    use_data_folder(monkeypatch, tmp_path / "elsewhere")
    assert bookmarks("import", str(export)) == 0
    with Library.open() as library:
        assert {view: snapshot(library, view) for view in View} == before
        assert {e.key: library.offline_document(e).markdown for e in library.entries(View.BOOKMARKS)} == copies
        history = library.entries(View.HISTORY)
        assert {e.title for e in history} == {"A post to keep", "Only read"}


def test_html_round_trip_and_double_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library.open() as library:
        fill(library)
        saved = [(e.source, e.title, e.tags, e.archived, int(e.saved or 0)) for e in library.entries(View.BOOKMARKS)]
    export = tmp_path / "bookmarks.html"
    assert bookmarks("export", str(export)) == 0
    text = export.read_text("utf-8")
    assert text.startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    assert 'TAGS="keep,中文"' in text and "ADD_DATE=" in text
    assert "https://example.org/web?id=1&amp;b=2" in text
    assert "Only read" not in text  # history alone is not a bookmark

    use_data_folder(monkeypatch, tmp_path / "elsewhere")
    assert bookmarks("import", str(export)) == 0
    with Library.open() as library:
        again = [(e.source, e.title, e.tags, e.archived, int(e.saved or 0)) for e in library.entries(View.BOOKMARKS)]
        assert again == saved
    assert bookmarks("import", str(export)) == 0
    with Library.open() as library:
        assert library.count(View.BOOKMARKS) == len(saved)


def test_importing_an_export_into_its_own_library_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open() as library:
        fill(library)
        count = library.count(View.BOOKMARKS), library.count(View.HISTORY)
    for name in ("same.json", "same.html"):
        assert bookmarks("export", str(tmp_path / name)) == 0
        for _ in range(2):
            capsys.readouterr()
            assert bookmarks("import", str(tmp_path / name)) == 0
            assert " 0 new" in capsys.readouterr().out
    with Library.open() as library:
        assert (library.count(View.BOOKMARKS), library.count(View.HISTORY)) == count


def test_pocket_csv_import(capsys: pytest.CaptureFixture[str]) -> None:
    assert bookmarks("import", str(LIBRARY_FIXTURES / "pocket.csv")) == 0
    assert "3 new" in capsys.readouterr().out
    with Library.open() as library:
        entries = {e.title: e for e in library.entries(View.BOOKMARKS)}
        assert set(entries) == {"The Pragmatic Post", 'Quotes, commas and "marks"', "中文标题"}
        pragmatic = entries["The Pragmatic Post"]
        assert pragmatic.tags == ("python", "tools") and not pragmatic.archived
        assert pragmatic.saved == 1_700_000_000
        assert pragmatic.place == "blog.example.com"
        assert entries['Quotes, commas and "marks"'].archived
        assert entries["中文标题"].tags == ("reading", "中文")
    assert bookmarks("import", str(LIBRARY_FIXTURES / "pocket.csv")) == 0
    assert "0 new, 3 already" in capsys.readouterr().out


def test_browser_bookmark_file_import() -> None:
    assert bookmarks("import", str(LIBRARY_FIXTURES / "browser.html")) == 0
    with Library.open() as library:
        entries = {e.source: e for e in library.entries(View.BOOKMARKS)}
        assert set(entries) == {"https://example.org/a", "https://example.org/b", "https://example.org/c"}
        assert entries["https://example.org/a"].title == "Article & A"
        assert entries["https://example.org/a"].tags == ("one", "two")
        assert entries["https://example.org/b"].title == "Article B"
        assert entries["https://example.org/c"].archived
        assert entries["https://example.org/a"].saved == dt.datetime.fromtimestamp(1600000100, dt.UTC).timestamp()


def test_list_json_output_imports_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Library.open() as library:
        fill(library)
    capsys.readouterr()
    assert bookmarks("list", "--json") == 0
    listing = tmp_path / "listing.json"
    listing.write_text(capsys.readouterr().out, "utf-8")
    assert bookmarks("import", str(listing)) == 0
    assert " 0 new, 3 already" in capsys.readouterr().out
