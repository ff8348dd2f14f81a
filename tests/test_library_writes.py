"""One write path into the library, off the UI thread, for every screen.

Another copy of the reader may hold the library's write lock for a while (a big import, or a
debugger stopped in a transaction). The screens must go on answering keys meanwhile, and what
they asked for must land once the lock is free. Each test holds the lock with a connection of
its own, as that other copy would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static, Tabs

from reader.library import Library, View, default_path
from reader.ui.app import ReaderApp
from reader.ui.library_screen import ConfirmScreen, LibraryScreen, TagsScreen
from tests.test_app_library import loaded, notices, recorded, wait_for, write_post
from tests.test_library_screen import SIZE, Host, library, screen_of, titles
from tests.waiting import until

__all__ = ["library"]  # the fixture, shared with the library screen's tests


@contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """The library's write lock, held as another copy of the reader in a transaction holds it."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield holder
    finally:
        if holder.in_transaction:
            holder.execute("COMMIT")
        holder.close()


def status(screen: LibraryScreen) -> str:
    return str(screen.query_one("#status", Static).render())


async def test_library_screen_answers_keys_while_its_changes_wait_for_the_lock(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert titles(app) == ["城市与阅读", "Gardening [bold]tips[/bold]", "Async Rust in practice"]
        with write_lock(library.path) as holder:
            await pilot.press("a")  # archive the first post: it waits for the lock, off the UI thread
            await pilot.press("2")  # ... and the next key is answered meanwhile
            assert screen.query_one(Tabs).active == "history"
            assert not [notice for notice in notices(app) if "library" in notice.lower()]  # waiting, not given up
            assert screen.saving and "Saving" in status(screen)

            await pilot.press("1", "down", "number_sign")
            await pilot.pause()
            assert isinstance(app.screen, TagsScreen)
            app.screen.query_one("#tags", Input).value = "garden, later"
            await pilot.press("enter")
            await pilot.press("down", "d")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await pilot.pause()
            assert app.screen is screen and screen.saving
            # Nothing has landed while the lock is held; the list still shows every post.
            assert library.count(View.ARCHIVE) == 0 and library.count(View.SAVED) == 3
            assert len(titles(app)) == 3
            holder.execute("COMMIT")  # the other copy is done

        await until(pilot, lambda: not screen.saving, "the three changes to land")
        assert titles(app) == ["Gardening [bold]tips[/bold]"]
        assert [entry.title for entry in library.entries(View.ARCHIVE)] == ["城市与阅读"]
        garden = library.find("https://garden.example.com/tips")
        assert garden is not None and garden.tags == ("garden", "later")
        assert library.find("https://rust.example.org/async") is None  # saved only, now removed
        assert "Archived: 城市与阅读" in notices(app)
        assert "Saving" not in status(screen)


async def test_a_change_to_a_post_waits_for_the_last_one(library: Library) -> None:
    """A second key on a post whose change has not landed does not send a second change."""
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        with write_lock(library.path):
            await pilot.press("a", "a")
            assert "The last change to this post is not saved yet." in notices(app)
        await until(pilot, lambda: not screen.saving)
        assert [entry.title for entry in library.entries(View.ARCHIVE)] == ["城市与阅读"]


async def test_show_library_does_not_wait_for_the_bookkeeper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`L` shows the list at once, even with the position being read still on its way behind
    another copy's lock; the list shows that position once it is written."""
    monkeypatch.setattr("reader.ui.app.SAVE_INTERVAL", 3600.0)  # only `L` sends the position
    post = write_post(tmp_path / "post.md")
    app = ReaderApp(str(post))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, recorded(app, screen), "the post to be recorded")
        waits: list[float] = []
        wait = app.bookkeeper.wait
        monkeypatch.setattr(app.bookkeeper, "wait", lambda timeout=5.0: waits.append(timeout) or wait(timeout))
        await pilot.press(*["right_square_bracket"] * 4)
        percent = screen.view.progress  # what the reading screen tells the app, to be saved
        assert percent > 0
        reading = screen.reading
        assert reading is not None
        await wait_for(pilot, lambda: reading.pending is not None and reading.pending[-1] == percent, "the move")

        with write_lock(default_path()) as holder:
            await pilot.press("L")
            await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
            library_screen = app.screen
            assert isinstance(library_screen, LibraryScreen)
            await pilot.press("2")
            table = library_screen.query_one("#entries", DataTable)
            assert table.row_count == 1 and table.get_row_at(0)[2].plain == "0%"  # not written yet
            assert waits == []
            holder.execute("COMMIT")

        def shown() -> bool:
            return bool(table.get_row_at(0)[2].plain == f"{percent:.0f}%")

        await wait_for(pilot, shown, "the list to show the position written")
        assert waits == []


def test_opening_the_library_does_not_wait_for_a_writer() -> None:
    """An up-to-date file opens and reads while another copy holds the write lock."""
    with Library.open() as library:
        path = library.path
    with write_lock(path), Library.open() as library:
        assert library.entries(View.HISTORY) == [] and library.count(View.SAVED) == 0


def test_the_search_index_built_after_the_library_closed_gives_up_quietly(tmp_path: Path) -> None:
    """An app quit before its first frame's index build ran (a `q` typed while a pipe was read):
    the build's thread met SQLite's "closed database" and printed a traceback on the terminal
    the app had just given back. A closed library is a `ReaderError`, which the build gives up on."""
    from reader.errors import ReaderError
    from reader.ui.bookkeeper import Bookkeeper

    keeper = Bookkeeper(tmp_path / "library.db")
    library = keeper.library()
    assert library is not None
    keeper.close()
    keeper.build_index()
    with pytest.raises(ReaderError, match="closed"):
        library.index.pending()
