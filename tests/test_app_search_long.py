"""Search in a long article runs in a thread: the app answers keys meanwhile, and the matches
show as they are found, the same as a search done at once would find."""

from __future__ import annotations

import time
from pathlib import Path

from pytest import MonkeyPatch
from textual import events
from textual.pilot import Pilot

from reader.find import find_in_blocks
from reader.ui.app import ReaderApp
from reader.ui.article_view import BACKGROUND_LAYOUT_BLOCKS
from reader.ui.reading import ReadingScreen

SIZE = (100, 30)


def long_post(path: Path, paragraphs: int) -> Path:
    lines = [f"Paragraph {n} says {'a needle' if n % 7 == 3 else 'nothing'} here.\n\n" for n in range(paragraphs)]
    path.write_text("# Long\n\n" + "".join(lines), "utf-8")
    return path


async def loaded(pilot: Pilot[int]) -> ReadingScreen:
    deadline = time.monotonic() + 60
    while True:
        screen = pilot.app.screen_stack[0]
        if isinstance(screen, ReadingScreen) and screen.is_mounted and not screen.is_loading and screen.complete:
            return screen
        assert time.monotonic() < deadline, "the article did not load in time"
        await pilot.pause(0.02)


async def test_a_long_article_is_searched_in_the_background(tmp_path: Path) -> None:
    post = long_post(tmp_path / "long.md", 3 * BACKGROUND_LAYOUT_BLOCKS)
    async with ReaderApp(str(post)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.article is not None
        blocks = screen.article.blocks
        await screen.search.open()
        screen.view.focus()
        screen.search.search_now("needle")
        # What it finds comes back through the event loop, which has not run since.
        assert screen.search.searching, "a long article is searched in a thread, not here"
        await pilot.press("j")  # answered while it searches
        deadline = time.monotonic() + 30
        while screen.search.searching:
            assert time.monotonic() < deadline, "the search never finished"
            await pilot.pause(0.02)
        view = screen.view
        assert view.matches == find_in_blocks(blocks, "needle")
        assert view.current_match == 0  # the first one below the top of the pane
        await pilot.press("n")
        assert view.current_match == 1


async def test_n_while_a_long_search_runs_goes_to_the_match_once_found(tmp_path: Path) -> None:
    post = long_post(tmp_path / "long.md", 3 * BACKGROUND_LAYOUT_BLOCKS)
    async with ReaderApp(str(post)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await screen.search.open()
        screen.view.focus()
        screen.search.search_now("Paragraph 5000 says")
        screen.search.step(forward=True)  # before anything is found: goes there once it is
        deadline = time.monotonic() + 30
        while screen.search.searching:
            assert time.monotonic() < deadline, "the search never finished"
            await pilot.pause(0.02)
        assert len(view.matches) == 1 and view.current_match == 0
        line = view.match_line(0)
        assert view.top <= line < view.top + view.scrollable_content_region.height


async def test_a_key_typed_while_enter_is_handled_goes_to_the_text(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    """Enter leaves the box for the text. A key typed while Enter was handled (a long
    article's search starting) went into the box: `/zealand`, Enter, `n` searched for
    "zealandn". It is the text's now: `n` steps through the matches."""
    post = long_post(tmp_path / "long.md", 3 * BACKGROUND_LAYOUT_BLOCKS)
    async with ReaderApp(str(post)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        search = screen.search
        await pilot.press("slash", *"needle")
        submitted = search.submitted

        def typed_meanwhile(query: str) -> None:
            key = events.Key("n", "n")
            key.set_sender(pilot.app)
            pilot.app.post_message(key)  # comes while Enter is handled
            submitted(query)

        monkeypatch.setattr(search, "submitted", typed_meanwhile)
        await pilot.press("enter")
        deadline = time.monotonic() + 30
        while search.searching:
            assert time.monotonic() < deadline, "the search never finished"
            await pilot.pause(0.02)
        assert search.query == "needle"
        assert screen.focused is screen.view
        assert screen.view.current_match == 0  # `n` during the search: its first match, once found
        await pilot.press("n")
        assert screen.view.current_match == 1
