"""SVG snapshots of the sample in two themes, with the contents open and closed, and of the
library screen and a saved post.

Deterministic: the header has no clock, nothing blinks (no input is focused), the article is
fully loaded before the picture is taken, settings and the library come from an empty
temporary folder, and library entries are written with a fixed clock (noon UTC, so the date
shown is the same in every time zone a test machine is likely to be in).
Update with `pytest tests/test_snapshots.py --snapshot-update` after a deliberate change.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.convert.pipeline import load, load_text
from reader.library import Library
from reader.model import Position
from reader.ui.app import ReaderApp
from reader.ui.library_screen import LibraryScreen
from reader.ui.reading import ReadingScreen
from tests.conftest import FIXTURES, SAMPLES

SIZE = (110, 34)
SnapCompare = Callable[..., bool]
NOON = 1795521600.0
"""2026-11-24 12:00 UTC."""


def _before(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        deadline = time.monotonic() + 20
        while True:
            screen = pilot.app.screen_stack[0]
            if isinstance(screen, ReadingScreen) and screen.complete and not screen.is_loading:
                break
            assert time.monotonic() < deadline, "the sample did not load"
            await pilot.pause(0.02)
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", ["paper", "night"])
def test_sample_with_contents(snap_compare: SnapCompare, theme: str) -> None:
    app = ReaderApp(str(SAMPLES / "welcome.md"), theme=theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("right_square_bracket", "right_square_bracket"))


@pytest.mark.parametrize("theme", ["paper", "night"])
def test_sample_without_contents(snap_compare: SnapCompare, theme: str) -> None:
    app = ReaderApp(str(SAMPLES / "welcome.md"), theme=theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("t"))


def test_chinese_sample_with_a_search(snap_compare: SnapCompare) -> None:
    app = ReaderApp(str(SAMPLES / "welcome-zh.md"), theme="sepia")
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("slash", "目", "录", "enter"))


def _library_shown(pilot: Pilot[Any]) -> Awaitable[None]:
    async def run_before(pilot: Pilot[Any]) -> None:
        deadline = time.monotonic() + 20
        while not isinstance(pilot.app.screen, LibraryScreen):
            assert time.monotonic() < deadline, "the library did not open"
            await pilot.pause(0.02)
        await pilot.pause()

    return run_before(pilot)


def test_library_screen(snap_compare: SnapCompare) -> None:
    with Library.open(clock=lambda: NOON) as library:
        library.add_bookmark(load(str(SAMPLES / "welcome.md")), ["guide"])
        for title, url, tags in (
            ("城市与阅读", "https://cn.example.net/read", ["读书"]),
            ("Async Rust in practice", "https://rust.example.org/async", ["lang", "later"]),
        ):
            document = load_text(f"# {title}\n\nBody.\n", "text/markdown", source=url)
            entry, _ = library.add_bookmark(document, tags)
            library.record_open(document)
            library.save_position(entry.id, Position(1, 0), 35.0)
    assert snap_compare(ReaderApp(None), terminal_size=SIZE, run_before=_library_shown)


def test_saved_post_is_marked_in_the_header(snap_compare: SnapCompare) -> None:
    with Library.open(clock=lambda: NOON) as library:
        library.add_bookmark(load(str(SAMPLES / "welcome.md")), [])
    app = ReaderApp(str(SAMPLES / "welcome.md"), theme="night")

    async def marked(pilot: Pilot[Any]) -> None:
        await _before()(pilot)
        # The library opens after the first frame; the mark comes once it has answered.
        deadline = time.monotonic() + 20
        while not pilot.app.screen_stack[0].header.saved:
            assert time.monotonic() < deadline, "the saved mark did not appear"
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(90, 16), run_before=marked)


@pytest.mark.parametrize("theme", ["paper", "night"])
def test_a_picture_in_half_blocks(snap_compare: SnapCompare, theme: str) -> None:
    """Not recoloured by the theme; its transparent quarter shows the theme's background, and
    the caption takes the theme's image style."""
    from reader.layout.pictures import HALF_BLOCK, Graphics
    from reader.ui.graphics import Terminal
    from reader.ui.pictures import PictureOptions

    pictures = PictureOptions(Terminal(Graphics.BLOCKS), max_rows=8)
    app = ReaderApp(str(FIXTURES / "pictures.md"), theme=theme, pictures=pictures)

    async def drawn(pilot: Pilot[Any]) -> None:
        await _before("t")(pilot)
        view = pilot.app.screen_stack[0].view
        deadline = time.monotonic() + 20
        while not any(HALF_BLOCK in view.render_line(y).text for y in range(view.size.height)):
            assert time.monotonic() < deadline, "the picture was not drawn"
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 20), run_before=drawn)
