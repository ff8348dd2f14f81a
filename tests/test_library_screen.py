"""The library screen, driven with Pilot inside a small host app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Input, Tabs

from reader.convert.pipeline import load_text
from reader.library import Library, View
from reader.model import Position
from reader.ui.bookkeeper import Bookkeeper
from reader.ui.library_screen import LibraryChoice, LibraryScreen
from tests.waiting import until

SIZE = (100, 30)
_UNSET = LibraryChoice("unset", -1)


class Host(App[None]):
    """Shows the library screen and keeps what it was dismissed with."""

    def __init__(self, library: Library, welcome: str | None = None) -> None:
        super().__init__()
        self.keeper = Bookkeeper(library=library)
        self.welcome = welcome
        self.choice: LibraryChoice | None = _UNSET

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.keeper, welcome=self.welcome), self._chosen)

    def on_unmount(self) -> None:
        self.keeper.close()  # waits for the writes sent; the library stays open for the test

    def _chosen(self, choice: LibraryChoice | None) -> None:
        self.choice = choice


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open() as opened:
        for title, source, tags in (
            ("Async Rust in practice", "https://rust.example.org/async", ["lang"]),
            ("Gardening [bold]tips[/bold]", "https://garden.example.com/tips", ["home"]),
            ("城市与阅读", "https://cn.example.net/read", []),
        ):
            document = load_text(f"# {title}\n\nBody.\n", "text/markdown", source=source)
            document.article.metadata.title = title
            opened.add_bookmark(document, tags)
        yield opened


def screen_of(app: Host) -> LibraryScreen:
    assert isinstance(app.screen, LibraryScreen)
    return app.screen


def titles(app: Host) -> list[str]:
    table = app.screen.query_one("#entries", DataTable)
    cells = [table.get_row_at(index)[0] for index in range(table.row_count)]
    return [cell.plain.split(" #")[0] for cell in cells if isinstance(cell, Text)]


async def test_rows_show_titles_as_text_not_markup(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert titles(app) == ["城市与阅读", "Gardening [bold]tips[/bold]", "Async Rust in practice"]
        table = app.screen.query_one("#entries", DataTable)
        title, site, progress, date = table.get_row_at(1)
        assert isinstance(title, Text) and title.plain == "Gardening [bold]tips[/bold] #home"
        assert site.plain == "garden.example.com" and progress.plain == "0%" and len(date.plain) == 10


async def test_filter_narrows_as_you_type(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert app.screen.query_one("#filter", Input).has_focus
        await pilot.press("r", "u", "s")
        assert titles(app) == ["Async Rust in practice"]
        filter_box = app.screen.query_one("#filter", Input)
        filter_box.value = "#home"  # whole words set at once: Pilot's keys are slow
        await pilot.pause()
        assert titles(app) == ["Gardening [bold]tips[/bold]"]
        filter_box.value = "garden.example"
        await pilot.pause()
        assert titles(app) == ["Gardening [bold]tips[/bold]"]  # by site
        await pilot.press("x")
        assert titles(app) == []
        await pilot.press("escape")  # leaves the filter first
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#entries", DataTable).has_focus


async def test_enter_opens_the_chosen_post(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        choice = app.choice
        assert choice is not None and choice is not _UNSET
        assert choice.source == "https://garden.example.com/tips"
        entry = library.get(choice.entry_id)
        assert entry is not None and entry.title == "Gardening [bold]tips[/bold]"
        assert not choice.offline and choice.has_copy


async def test_enter_in_the_filter_goes_to_the_list_then_opens(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"rust", "enter")
        assert app.choice is _UNSET
        await pilot.press("enter")
        await pilot.pause()
        assert app.choice is not None and app.choice.source == "https://rust.example.org/async"


async def test_escape_closes_with_nothing(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.choice is None


async def test_a_missing_file_opens_offline(library: Library, tmp_path: Path) -> None:
    post = tmp_path / "gone.md"
    post.write_text("# Gone soon\n\nText.\n", "utf-8")
    from reader.convert.pipeline import load

    library.add_bookmark(load(str(post)), [])
    post.unlink()
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#entries", DataTable)
        assert "file missing, offline copy" in table.get_row_at(0)[0].plain
        await pilot.press("enter")
        await pilot.pause()
        assert app.choice is not None
        assert app.choice == LibraryChoice(str(post), app.choice.entry_id, offline=True, has_copy=True)


async def test_remove_asks_first(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert len(titles(app)) == 3
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: len(titles(app)) == 2)
        assert titles(app) == ["Gardening [bold]tips[/bold]", "Async Rust in practice"]
        assert library.count(View.SAVED) == 2


async def test_archive_moves_a_post_to_the_archive_tab(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: len(titles(app)) == 2)
        assert titles(app) == ["Gardening [bold]tips[/bold]", "Async Rust in practice"]
        assert [e.title for e in library.entries(View.ARCHIVE)] == ["城市与阅读"]
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.query_one(Tabs).active == "archive"
        assert titles(app) == ["城市与阅读"]
        await pilot.press("a")  # in the archive, a puts it back
        await until(pilot, lambda: titles(app) == [])
        assert titles(app) == []
        assert library.count(View.SAVED) == 3


async def test_history_tab_and_removing_from_history(library: Library) -> None:
    document = load_text("# Read one\n\nBody.\n", "text/markdown", source="https://example.org/read")
    entry = library.record_open(document)
    library.save_position(entry.id, Position(0, 0), 64.0)
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert titles(app) == ["Read one"]
        table = app.screen.query_one("#entries", DataTable)
        assert table.get_row_at(0)[2].plain == "64%"
        await pilot.press("a")  # not saved: cannot be archived, nothing changes
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: titles(app) == [])
        assert titles(app) == []
        assert library.get(entry.id) is None


async def test_hash_edits_tags(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "number_sign")
        await pilot.pause()
        tags = app.screen.query_one("#tags", Input)
        assert tags.value == "lang"
        tags.value = "systems, lang, Lang"
        await pilot.press("enter")
        await until(pilot, lambda: getattr(library.find("https://rust.example.org/async"), "tags", ()) != ("lang",))
        assert isinstance(app.screen, LibraryScreen)
        entry = library.find("https://rust.example.org/async")
        assert entry is not None and entry.tags == ("lang", "systems")
        await pilot.press("number_sign")
        await pilot.pause()
        await pilot.press("escape")  # cancel keeps them
        await pilot.pause()
        entry = library.find("https://rust.example.org/async")
        assert entry is not None and entry.tags == ("lang", "systems")


async def test_footer_shows_the_keys(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {binding.key for _, binding, enabled, _ in app.screen.active_bindings.values() if binding.show}
        assert {"enter", "d", "a", "number_sign", "escape"} <= shown


async def test_a_post_read_from_a_pipe_opens_offline(library: Library) -> None:
    piped = load_text("# From a pipe\n\nText.\n", "text/markdown", source="-")
    library.record_open(piped)
    library.toggle_bookmark(piped)
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.choice is not None and app.choice is not _UNSET
        assert app.choice.source == "-" and app.choice.offline and app.choice.has_copy


async def test_an_empty_library_offers_the_welcome_guide() -> None:
    with Library.open() as empty:
        app = Host(empty, welcome="/guide.md")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert titles(app) == ["Welcome to reader: a short guide to the keys"]
            assert "library is empty" in str(app.screen.query_one("#status").render())
            for tab in ("2", "3", "1"):  # offered on every tab while nothing is there
                await pilot.press(tab)
                await pilot.pause()
                assert len(titles(app)) == 1
            await pilot.press("slash", "x")
            await pilot.pause()
            assert titles(app) == []  # a filter matches real posts only
            await pilot.press("backspace", "escape", "enter")
            await pilot.pause()
            assert app.choice == LibraryChoice("/guide.md", None)


async def test_no_offer_once_the_library_has_posts(library: Library) -> None:
    app = Host(library, welcome="/guide.md")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # History is empty, but the library is not
        await pilot.pause()
        assert titles(app) == []
        assert "Nothing read yet." in str(app.screen.query_one("#status").render())


async def test_arrow_keys_step_through_the_tabs(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=SIZE) as pilot:
        tabs = app.screen.query_one(Tabs)
        assert tabs.active == "saved"
        await pilot.press("right")
        assert tabs.active == "history"
        await pilot.press("left", "left")
        assert tabs.active == "highlights"  # round the end: Saved, History, Archive, Search, Highlights
        await pilot.press("left")
        assert tabs.active == "search"


def test_help_lists_the_library_keys() -> None:
    shown = dict(LibraryScreen.help_rows())
    for key in ("Enter", "d", "a", "#", "n", "/", "1", "2", "3", "4 ctrl+f", "5", "←", "→", "Esc", "?", "q"):
        assert shown.get(key), key
