"""The library screen's Search and Highlights tabs, driven with Pilot; and the index built in
the background by the app's bookkeeper."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Input, Tabs

from reader.convert.pipeline import load
from reader.library import Library, default_path, index, index_build
from reader.library.anchors import TextMap
from reader.ui.bookkeeper import Bookkeeper
from reader.ui.library_dialogs import ConfirmScreen, NoteScreen
from reader.ui.library_screen import LibraryScreen
from tests.conftest import FIXTURES
from tests.test_library_index_migration import write_v2_file
from tests.test_library_screen import SIZE, Host
from tests.waiting import until

POSTS = FIXTURES / "library" / "memory"
SENTENCE = "Writing in the margins of a book is an old practice."


@pytest.fixture
def library() -> Iterator[Library]:
    with Library.open() as opened:
        for name in ("zh", "ja"):
            opened.add_bookmark(load(str(POSTS / f"{name}.md")))
        document = load(str(POSTS / "en.md"))
        entry = opened.record_open(document)  # read, not saved
        text_map = TextMap.of(document.article)
        at = text_map.text.index(SENTENCE)
        anchor = text_map.anchor(text_map.position_of(at), text_map.position_of(at + len(SENTENCE)))
        opened.highlights.add(entry.id, anchor, "margins matter")
        yield opened


def cells(app: Host) -> list[str]:
    table = app.screen.query_one("#entries", DataTable)
    return [
        "".join(cell.plain for cell in table.get_row_at(index) if isinstance(cell, Text))
        for index in range(table.row_count)
    ]


async def test_search_tab_finds_the_text_and_opens_at_the_match(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        assert app.screen.query_one(Tabs).active == "search"
        assert app.screen.query_one("#filter", Input).has_focus
        assert "Type to search" in str(app.screen.query_one("#status").render())
        await pilot.press(*"喫茶店")
        (row,) = cells(app)
        assert "東京の古本屋めぐり" in row and "喫茶店でコーヒー" in row  # the title, and a snippet
        await pilot.press("down")  # out of the box, to the results
        assert app.screen.query_one("#entries", DataTable).has_focus
        await pilot.press("enter")
        await until(pilot, lambda: app.choice is None or app.choice.source != "unset")
        assert app.choice is not None and app.choice.find == "喫茶店"
        assert app.choice.source == str((POSTS / "ja.md").resolve())


async def test_ctrl_f_searches_and_short_queries_work(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f", "网")
        assert app.screen.query_one(Tabs).active == "search"
        assert len(cells(app)) == 1 and "互联网的早期历史" in cells(app)[0]
        await pilot.press("backspace", *"C++")  # text, not syntax
        assert cells(app) == []
        assert "Nothing found." in str(app.screen.query_one("#status").render())


async def test_highlights_tab_edits_the_note_deletes_and_opens(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        assert app.screen.query_one(Tabs).active == "highlights"
        (row,) = cells(app)
        assert SENTENCE in row and "margins matter" in row and "Notes on reading slowly" in row

        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note editor")
        note = app.screen.query_one("#note", Input)
        assert note.value == "margins matter"
        note.value = ""
        await pilot.press(*"a better note", "enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen) and "a better note" in "".join(cells(app)))
        (stored,) = [h for _, h in library.highlights.listing()]
        assert stored.note == "a better note"

        await pilot.press("enter")
        await until(pilot, lambda: app.choice is None or app.choice.source != "unset")
        assert app.choice is not None and app.choice.position == stored.anchor.start

    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen) and cells(app) == [])
        assert library.highlights.listing() == []


async def test_removing_a_post_with_highlights_says_so(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # the history: the English post, read and not saved
        await until(pilot, lambda: any("Notes on reading slowly" in row for row in cells(app)))
        table = app.screen.query_one("#entries", DataTable)
        row = next(i for i, text in enumerate(cells(app)) if "Notes on reading slowly" in text)
        table.move_cursor(row=row)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        label = app.screen.query("Label").first()
        question = str(label.render())
        assert "Its 1 highlight will be deleted too." in question
        # The question wraps inside its box: at one line it was cut after "Its 1 highli".
        box = label.parent
        assert box is not None and label.region.right <= box.content_region.right
        assert label.region.height * label.region.width >= len(question)
        await pilot.press("n")  # kept
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
    assert len(library.highlights.listing()) == 1


def test_the_bookkeeper_builds_the_index_in_the_background_through_its_thread(tmp_path: Path) -> None:
    write_v2_file(default_path())
    keeper = Bookkeeper(default_path())
    writers: set[str] = set()
    library = keeper.opened()
    store = library.index.store

    def watched(texts: index.Texts) -> int:
        writers.add(threading.current_thread().name)
        return store(texts)

    library.index.store = watched  # type: ignore[method-assign]
    seen: list[tuple[int, int] | None] = []
    builder = threading.Thread(target=keeper.build_index)
    builder.start()
    while builder.is_alive():
        seen.append(keeper.indexing)
        builder.join(0.001)
    assert keeper.indexing is None
    assert library.index.pending() == 0
    assert [hit.entry.title for hit in library.index.search("分组交换")] == ["互联网的早期历史"]
    assert writers and all(name.startswith("reader-library") for name in writers)  # the one write path
    keeper.close()


def test_a_big_build_parses_in_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    write_v2_file(default_path())
    monkeypatch.setattr(index_build, "BULK_FROM", 1)
    with Library.open() as library:
        progress: list[tuple[int, int]] = []
        index_build.build_all(library.index, lambda done, total: progress.append((done, total)), batch=1)
        assert not library.index.merges_deferred()
        assert progress == [(1, 3), (2, 3), (3, 3)]
        assert [hit.entry.title for hit in library.index.search("古本屋")] == ["東京の古本屋めぐり"]
        assert library.index.search("喫茶店")[0].snippet.text


async def test_each_tab_keeps_its_own_typed_text(library: Library) -> None:
    """The Search tab's query is not a filter of the highlights (nor of the posts): each list
    keeps what was typed in it, and finds it again on coming back."""
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        box = app.screen.query_one("#filter", Input)
        await pilot.press("4", *"喫茶店", "enter")
        assert "東京の古本屋めぐり" in "".join(cells(app))
        await pilot.press("5")
        assert box.value == ""
        (row,) = cells(app)
        assert SENTENCE in row
        await pilot.press("slash", *"margins", "enter")
        await pilot.press("1")
        assert box.value == "" and len(cells(app)) == 2  # the saved posts, unfiltered
        await pilot.press("4")
        assert box.value == "喫茶店"
        assert "東京の古本屋めぐり" in "".join(cells(app))
        await pilot.press("enter", "5")  # out of the box, then the Highlights tab
        assert box.value == "margins" and SENTENCE in "".join(cells(app))
