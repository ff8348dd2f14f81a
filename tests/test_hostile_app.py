"""Hostile articles in the app (issue 10): terminal safety on every screen, and the first
screen of the worst inputs.

What the app sends to the terminal is read back from the screen's compositor: the text of
every cell must hold no control character, and markup must show as the text it is. The
first screens are waited for, never timed (`make bench` times them).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets._toast import Toast

from reader.convert.pipeline import load, load_text
from reader.library import Library, Record
from reader.ui.app import ReaderApp
from reader.ui.article_view import ArticleView
from reader.ui.bookkeeper import Bookkeeper
from reader.ui.dialogs import ErrorScreen
from reader.ui.library_screen import LibraryScreen
from reader.ui.reading import ReadingScreen
from tests import hostile_inputs as inputs
from tests.test_hostile import CONTROL, PAYLOADS

SIZE = (120, 40)
MARKUP = "[bold red]marked[/] [link=https://evil.example]x[/link]"


def screen_text(app: App[object]) -> str:
    """Every cell of the screen as it goes to the terminal, a line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def linked(app: App[object]) -> set[str]:
    """The OSC 8 targets on the screen."""
    strips = app.screen._compositor.render_strips()
    return {seg.style.link for strip in strips for seg in strip if seg.style and seg.style.link}


def assert_safe(text: str) -> None:
    assert not CONTROL.search(text), CONTROL.findall(text)[:5]
    assert "😄" not in text and "👍" not in text


async def wait_for(pilot: Pilot[object], condition: object, timeout: float = 120.0) -> None:
    """Wait until `condition()` holds; the machine is busy, so no fixed time."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not hold in time")
        await pilot.pause(0.05)


# The library list


class Host(App[None]):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.keeper = Bookkeeper(library=library)

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.keeper))

    def on_unmount(self) -> None:
        self.keeper.close()


@pytest.fixture
def hostile_library(tmp_path: Path) -> Iterator[Library]:
    """Posts whose titles, sites, tags and paths carry each class of hostile text, some
    converted by the pipeline, some imported as they are."""
    with Library.open() as library:
        for kind, (payload, _) in PAYLOADS.items():
            folder = tmp_path / f"dir {payload.replace(chr(0), '').replace('/', '|')} {kind}"
            folder.mkdir()
            path = folder / "post.md"
            path.write_text(f"# Heading {payload} {kind}\n\nBody.\n", "utf-8")
            library.record_open(load(str(path)))
            document = load_text(f"# Saved {payload}\n\nBody.\n", "text/markdown", source=f"https://{kind}.example/")
            library.add_bookmark(document, [f"tag {payload}"])
        library.import_records(
            [
                Record(source=f"https://import{n}.example/", title=f"Imported {payload}", site=f"site {payload}")
                for n, (payload, _) in enumerate(PAYLOADS.values())
            ]
        )
        yield library


async def test_the_library_list_shows_hostile_titles_sites_and_tags_as_text(hostile_library: Library) -> None:
    app = Host(hostile_library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        for view in ("1", "2"):  # saved posts, then the history
            await pilot.press(view)
            await pilot.pause()
            text = screen_text(app)
            assert_safe(text)
            assert "[bold red]marked[/]" in text
        assert not linked(app)


# Notifications


async def test_notifications_show_hostile_text_as_text(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(f"# Post\n\nA [link to nowhere](<#{MARKUP}%1b]52;c;eA==%07>) here.\n", "utf-8")
    app = ReaderApp(str(post))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen) and app.screen.complete)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app._notifications))
        await pilot.pause()
        message = str(list(app._notifications)[-1].message)
        assert "No section" in message and "[bold red]marked[/]" in message
        for payload, _ in PAYLOADS.values():
            app.notify(f"Opened https://example.org/{payload}")
        await pilot.pause()
        assert_safe(screen_text(app))
        toasts = [toast.render() for toast in app.screen.query(Toast)]
        assert any("[bold red]marked[/]" in toast.plain for toast in toasts)
        assert all(not CONTROL.search(toast.plain) for toast in toasts)
        assert "https://evil.example" not in linked(app)


# Error screens


@pytest.mark.parametrize("kind", list(PAYLOADS))
async def test_the_error_screen_shows_a_hostile_source_as_text(tmp_path: Path, kind: str) -> None:
    payload, literal = PAYLOADS[kind]
    missing = tmp_path / f"missing {payload}.md"
    app = ReaderApp(str(missing))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "Could not open this" in text
        assert_safe(text)
        if literal:
            assert re.sub(r"\s+", "", literal) in re.sub(r"\s+", "", text)
        assert "https://evil.example" not in linked(app)


# The first screen of the worst inputs shows; the rest loads behind it


@pytest.mark.parametrize(
    "hostile", [row for row in inputs.TABLE if not row.refused and row.name != "references"], ids=lambda row: row.name
)
async def test_the_first_screen_of_the_worst_inputs_shows(tmp_path: Path, hostile: inputs.Hostile) -> None:
    path = tmp_path / f"{hostile.name}{hostile.suffix}"
    path.write_bytes(hostile.build())
    app = ReaderApp(str(path))
    async with app.run_test(size=SIZE) as pilot:

        def shown() -> bool:
            screen = app.screen_stack[0]
            return isinstance(screen, ReadingScreen) and screen.is_mounted and hostile.marker in screen_text(app)

        await wait_for(pilot, shown)
        assert_safe(screen_text(app))
        await pilot.press("j", "space")  # keys are answered while the rest loads
        await pilot.pause()
        assert isinstance(app.screen_stack[0], ReadingScreen)


async def test_a_huge_table_shows_its_first_rows_and_reads_to_its_end(tmp_path: Path) -> None:
    """The table arrives a part of its rows at a time (`reader.convert.table_parts`): its first
    rows show, and its last kept row and the line saying what was left out are at the end."""
    path = tmp_path / "table.html"
    path.write_bytes(inputs.big_table())
    app = ReaderApp(str(path))
    async with app.run_test(size=SIZE) as pilot:

        def showing(*texts: str) -> bool:
            screen = app.screen_stack[0]
            shown = screen_text(app) if isinstance(screen, ReadingScreen) and screen.is_mounted else ""
            return all(text in shown for text in texts)

        await wait_for(pilot, lambda: showing("│ r0c0 ", "│ r0c1 "))
        view = app.screen_stack[0].query_one(ArticleView)
        await wait_for(pilot, lambda: not view.arriving)
        await pilot.press("G")
        await wait_for(pilot, lambda: showing("│ r248c39 │", "[… 1,751 more rows not shown]"))
        assert "r249c" not in screen_text(app)
