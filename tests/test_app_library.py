"""The library inside the app: history, positions, `b`, `L`, offline copies, no source.

Every test runs on a real SQLite file in its own temporary data folder (conftest sets
XDG_DATA_HOME); a test that quits and starts the app again reads the same file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from reader.convert.pipeline import load
from reader.library import Library, View
from reader.model import Position
from reader.ui import bookkeeper
from reader.ui.app import ReaderApp
from reader.ui.dialogs import HelpScreen
from reader.ui.jobs import failure
from reader.ui.library_screen import ConfirmScreen, LibraryScreen
from reader.ui.reading import ReadingScreen
from tests.conftest import SAMPLES

SIZE = (100, 30)

POST = """---
title: A post to keep
author: Ada
---

# A post to keep

{body}
"""


def write_post(path: Path, title: str = "A post to keep", sections: int = 12) -> Path:
    body = "\n\n".join(
        f"## Part {n}\n\n" + " ".join(f"Sentence {n}.{i} of {title.lower()}, long enough to wrap." for i in range(12))
        for n in range(sections)
    )
    path.write_text(POST.replace("A post to keep", title).format(body=body), "utf-8")
    return path


async def wait_for(pilot: Pilot[int], check: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.02)


async def loaded(pilot: Pilot[int], source: str | None = None) -> ReadingScreen:
    """Wait until the reading screen shows a whole article (from `source`, if given)."""
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, ReadingScreen)

    def done() -> bool:
        return (
            screen.complete
            and not screen.is_loading
            and screen.article is not None
            and (source is None or screen.presenter.source == source)
        )

    await wait_for(pilot, done, "the article to load")
    await pilot.pause()
    return screen


def notices(app: ReaderApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def recorded(app: ReaderApp, screen: ReadingScreen) -> Callable[[], bool]:
    """The library has recorded the article on screen."""
    return lambda: screen.reading is not None and screen.reading.entry_id is not None


async def test_every_article_opened_gets_a_history_entry(tmp_path: Path) -> None:
    first = write_post(tmp_path / "first.md", "First post")
    second = write_post(tmp_path / "second.md", "Second post")
    app = ReaderApp(str(first))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, recorded(app, screen), "the first post to be recorded")
        screen.open_source(str(second))
        screen = await loaded(pilot, str(second))
        await wait_for(pilot, lambda: len(app.bookkeeper.library().entries(View.HISTORY)) == 2, "two entries")  # type: ignore[union-attr]
    with Library.open() as library:
        history = library.entries(View.HISTORY)
        assert [entry.title for entry in history] == ["Second post", "First post"]
        assert history[0].source == str(second) and history[0].author == "Ada"
        assert not any(entry.bookmarked for entry in history)


async def test_b_saves_with_an_offline_copy_then_removes(tmp_path: Path) -> None:
    post = write_post(tmp_path / "post.md")
    app = ReaderApp(str(post))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert "saved" not in screen.header.render().plain
        await pilot.press("b")
        await wait_for(pilot, lambda: "Saved" in notices(app), "the Saved notice")
        assert "saved" in screen.header.render().plain
        with Library.open() as library:
            saved = library.entries(View.SAVED)
            assert [entry.title for entry in saved] == ["A post to keep"]
            assert saved[0].has_copy
            copy = library.offline_document(saved[0])
            assert [b.text for b in copy.article.blocks] == [b.text for b in load(str(post)).article.blocks]
        await pilot.press("b")
        await wait_for(pilot, lambda: "Removed" in notices(app), "the Removed notice")
        assert "saved" not in screen.header.render().plain
    with Library.open() as library:
        assert library.entries(View.SAVED) == []
        assert [entry.title for entry in library.entries(View.HISTORY)] == ["A post to keep"]  # still read


async def test_b_with_nothing_open_says_so() -> None:
    app = ReaderApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        await pilot.press("escape")
        await pilot.press("b")
        await pilot.pause()
        assert "Nothing is open to save." in notices(app)


async def test_position_comes_back_after_quitting_at_another_width(tmp_path: Path) -> None:
    post = write_post(tmp_path / "post.md")
    app = ReaderApp(str(post))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, recorded(app, screen), "the post to be recorded")
        await pilot.press(*["right_square_bracket"] * 5, "j", "j", "j")
        before = screen.view.position
        assert before.block > 5
        await pilot.press("q")  # well within the save interval: quitting writes it
    with Library.open() as library:
        entry = library.find(str(post))
        assert entry is not None and (entry.position.block, entry.position.offset) == (before.block, before.offset)
        assert 0 < entry.percent < 100

    app = ReaderApp(str(post))
    async with app.run_test(size=(70, 30)) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        assert view.text_layout is not None and view.text_layout.width < 80
        assert view.position.block == before.block
        line = view.text_layout.line(view.top)
        assert line.start <= before.offset <= max(line.end, line.start)  # the same character is at the top


async def test_positions_are_written_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A killed reader loses at most the save interval: positions reach the file meanwhile."""
    monkeypatch.setattr("reader.ui.app.SAVE_INTERVAL", 0.05)
    post = write_post(tmp_path / "post.md")
    app = ReaderApp(str(post))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, recorded(app, screen), "the post to be recorded")
        with Library.open() as library:
            for presses in (4, 3):
                await pilot.press(*["right_square_bracket"] * presses)
                block = screen.view.position.block

                def written(block: int = block) -> bool:
                    entry = library.find(str(post))
                    return entry is not None and entry.position.block == block

                await wait_for(pilot, written, f"block {block} to be written")


async def test_a_closing_terminal_saves_the_place_on_screen_before_its_messages(tmp_path: Path) -> None:
    """SIGHUP can arrive between the view moving and the app hearing of it (a busy machine,
    keys typed just before the window closed): the place on screen is what gets written."""
    post = write_post(tmp_path / "post.md")
    app = ReaderApp(str(post))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, recorded(app, screen), "the post to be recorded")
        screen.view.go_to(Position(8, 0))  # no pause: the move's messages are still queued
        app._stop_signal()
        await pilot.pause()
    with Library.open() as library:
        entry = library.find(str(post))
        assert entry is not None and entry.position.block == 8


async def test_ctrl_c_quits_and_saves(tmp_path: Path) -> None:
    post = write_post(tmp_path / "post.md")
    app = ReaderApp(str(post))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, recorded(app, screen), "the post to be recorded")
        await pilot.press("G")
        block = screen.view.position.block
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0
    with Library.open() as library:
        entry = library.find(str(post))
        assert entry is not None and entry.position.block == block and entry.percent == 100


async def test_no_source_opens_the_library_and_offers_the_guide() -> None:
    app = ReaderApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        table = library_screen.query_one("#entries", DataTable)
        assert table.row_count == 1
        assert "Welcome to reader" in table.get_row_at(0)[0].plain
        assert "library is empty" in str(library_screen.query_one("#status").render())
        await pilot.press("d", "a")  # nothing to remove or archive on the guide's row
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        screen = await loaded(pilot)
        assert screen.article is not None and screen.article.metadata.title == "Welcome to reader"
        await wait_for(pilot, recorded(app, screen), "the guide to be recorded")
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("2")  # History: the guide, read now; the offer is gone
        await pilot.pause()
        table = app.screen.query_one("#entries", DataTable)
        assert table.row_count == 1 and app.screen.current is not None


async def test_help_in_the_library_lists_the_library_keys() -> None:
    app = ReaderApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = dict(app.screen.rows)
        assert "archive" in shown["3"].lower() and "tags" in shown["#"].lower()
        assert "j  ↓" not in shown  # not the reading screen's keys


async def test_no_source_opens_history_when_nothing_is_saved(tmp_path: Path) -> None:
    post = write_post(tmp_path / "post.md")
    with Library.open() as library:
        library.record_open(load(str(post)))
    app = ReaderApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        assert app.screen.view is View.HISTORY  # type: ignore[attr-defined]


async def test_L_filters_and_opens_a_post_where_it_was_left(tmp_path: Path) -> None:
    first = write_post(tmp_path / "first.md", "First post")
    second = write_post(tmp_path / "second.md", "Gardening notes")
    with Library.open() as library:
        library.add_bookmark(load(str(first)), ["later"])
        entry, _ = library.add_bookmark(load(str(second)), [])
        library.save_position(entry.id, Position(9, 0), 60.0)
    app = ReaderApp(str(first))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert "saved" in screen.header.render().plain
        await pilot.press("L")
        await pilot.pause()
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        await pilot.press("slash")
        library_screen.query_one("#filter", Input).value = "garden"
        await pilot.pause()
        table = library_screen.query_one("#entries", DataTable)
        assert table.row_count == 1 and "Gardening notes" in table.get_row_at(0)[0].plain
        await pilot.press("enter", "enter")  # leave the filter, then open
        screen = await loaded(pilot, str(second))
        assert app.screen is screen
        assert screen.article is not None and screen.article.metadata.title == "Gardening notes"
        assert screen.view.position.block == 9
        await pilot.press("backspace")  # back to the first post
        await pilot.pause()
        assert screen.article.metadata.title == "First post"


async def test_remove_and_archive_from_the_library_in_the_app(tmp_path: Path) -> None:
    posts = [write_post(tmp_path / f"p{n}.md", f"Post number {n}", sections=1) for n in range(3)]
    with Library.open() as library:
        for post in posts:
            library.add_bookmark(load(str(post)), [])
    app = ReaderApp(str(posts[2]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, recorded(app, screen), "the post to be recorded")
        assert "saved" in screen.header.render().plain
        await pilot.press("L")
        await pilot.pause()
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        assert library_screen.current is not None and library_screen.current.title == "Post number 2"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await wait_for(pilot, lambda: not library_screen.saving, "the removal")
        await pilot.press("a")  # archives "Post number 1", now under the cursor
        await wait_for(pilot, lambda: not library_screen.saving, "the archiving")
        with Library.open() as library:
            assert [e.title for e in library.entries(View.SAVED)] == ["Post number 0"]
            assert [e.title for e in library.entries(View.ARCHIVE)] == ["Post number 1"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        # The post on screen was removed from the library: the header says so.
        await wait_for(pilot, lambda: "saved" not in screen.header.render().plain, "the saved mark to go")


async def test_a_missing_file_opens_from_its_offline_copy(tmp_path: Path) -> None:
    post = write_post(tmp_path / "gone.md")
    original = load(str(post))
    with Library.open() as library:
        entry, _ = library.add_bookmark(original, [])
        library.record_open(original)
        library.save_position(entry.id, Position(7, 0), 50.0)
    post.unlink()
    app = ReaderApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        table = app.screen.query_one("#entries", DataTable)
        assert "file missing, offline copy" in table.get_row_at(0)[0].plain
        await pilot.press("enter")
        screen = await loaded(pilot)
        assert screen.article is not None
        assert [b.text for b in screen.article.blocks] == [b.text for b in original.article.blocks]
        assert screen.article.metadata.title == "A post to keep"
        assert screen.view.position.block == 7
        assert any("The file is gone" in notice for notice in notices(app))
        assert "saved" in screen.header.render().plain
        # Reading the copy goes on saving the position of the same entry.
        await wait_for(pilot, recorded(app, screen), "the copy to be recorded")
        assert screen.reading is not None and screen.reading.entry_id == entry.id
    with Library.open() as library:
        assert len(library.entries(View.HISTORY)) == 1


async def test_a_source_that_fails_falls_back_to_the_copy(tmp_path: Path) -> None:
    post = write_post(tmp_path / "post.md")
    with Library.open() as library:
        library.add_bookmark(load(str(post)), [])
    post.unlink()
    post.mkdir()  # still there, but no longer readable as an article
    app = ReaderApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        await pilot.press("enter")
        screen = await loaded(pilot)
        assert screen.article is not None and screen.article.metadata.title == "A post to keep"
        assert any("is a directory" in notice and "offline copy" in notice for notice in notices(app))


async def test_a_piped_article_resumes_where_it_was_left() -> None:
    """stdin has no source to look up: the position is found by the content, once recorded."""
    from reader.source.fetch import Fetched

    data = (SAMPLES / "welcome.md").read_bytes()
    piped = Fetched(data, "text/markdown", None, "-", "")
    app = ReaderApp("-", fetched=piped)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, recorded(app, screen), "the piped post to be recorded")
        await pilot.press(*["right_square_bracket"] * 4)
        block = screen.view.position.block
    app = ReaderApp("-", fetched=piped)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: screen.view.position.block == block, "the position to come back")


async def test_an_unusable_library_leaves_reading_alone(tmp_path: Path) -> None:
    from reader.library import default_path

    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database" * 200)
    post = write_post(tmp_path / "post.md")
    app = ReaderApp(str(post))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("j", "b")
        await pilot.pause()
        assert any("library is not available" in notice for notice in notices(app))
        await pilot.press("L")
        await pilot.pause()
        assert app.screen is screen


async def test_an_unusable_librarys_failure_is_told_once_not_at_every_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article's record and each position saved while reading fail alike: one notice, not
    one every `SAVE_INTERVAL` of reading."""
    from reader.library import default_path
    from reader.ui import app as app_module

    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database" * 200)
    failed: list[str] = []

    def counted(future: object) -> str | None:
        problem = failure(future)  # type: ignore[arg-type]
        if problem is not None:
            failed.append(problem)
        return problem

    monkeypatch.setattr(app_module, "failure", counted)
    app = ReaderApp(str(write_post(tmp_path / "post.md")))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        deadline = time.monotonic() + 30
        while len(failed) < 3:  # the record's failure, then saves' as the reader moves on
            assert time.monotonic() < deadline, f"only {len(failed)} failed library jobs"
            await pilot.press("j")
            await pilot.pause(0.2)
        await pilot.pause()
        assert len([notice for notice in notices(app) if notice.startswith("Library: ")]) == 1, notices(app)


async def test_limits_reach_every_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.source.limits import Limits

    seen: list[object] = []
    import reader.source.fetch

    real = reader.source.fetch.fetch

    def spy(source: str, **kwargs: object) -> object:
        seen.append(kwargs.get("limits"))
        return real(source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("reader.source.fetch.fetch", spy)
    limits = Limits(max_bytes=4096)
    app = ReaderApp(str(write_post(tmp_path / "post.md", sections=1)), limits=limits)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
    assert seen == [limits]


def test_the_command_line_passes_its_limits_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader import cli

    calls: list[dict[str, object]] = []
    monkeypatch.setattr("reader.ui.launch.launch", lambda source, **kwargs: calls.append(kwargs) or 0)
    assert cli.main(["post.md", "--max-size", "1K", "--timeout", "5"]) == 0
    limits = calls[0]["limits"]
    assert getattr(limits, "max_bytes", None) == 1024 and getattr(limits, "deadline", None) == 5


def test_the_bookkeeper_writes_in_order_and_closes(tmp_path: Path) -> None:
    keeper = bookkeeper.Bookkeeper(tmp_path / "library.sqlite3")
    document = load(str(write_post(tmp_path / "post.md", sections=2)))
    reading = bookkeeper.Reading(document.article, document=document, complete=True)
    entry = keeper.record(reading).result(timeout=10)
    assert reading.entry_id == entry.id
    for block in range(1, 6):
        assert keeper.note_position(reading, Position(block, 0), block * 10.0)
        keeper.flush()
    assert not keeper.note_position(reading, Position(5, 0), 50.0)  # nothing new to write
    keeper.close()
    with Library.open(tmp_path / "library.sqlite3") as library:
        saved = library.get(entry.id)
        assert saved is not None and (saved.position.block, saved.percent) == (5, 50.0)


def test_a_write_after_closing_fails_as_a_library_failure(tmp_path: Path) -> None:
    """An article that finishes loading as the app quits sends its record after the close: it
    must come back as a failed job (told like any library failure), not raise at exit."""
    keeper = bookkeeper.Bookkeeper(tmp_path / "library.sqlite3")
    document = load(str(write_post(tmp_path / "post.md", sections=2)))
    keeper.record(bookkeeper.Reading(document.article, document=document, complete=True)).result(timeout=10)
    keeper.close()
    late = keeper.record(bookkeeper.Reading(document.article, document=document, complete=True))
    assert late.done()
    assert failure(late) == "Library: the library is closed"


def test_the_guide_offered_is_the_bundled_sample() -> None:
    from reader.ui.app import WELCOME

    assert WELCOME == SAMPLES / "welcome.md" and WELCOME.is_file()
