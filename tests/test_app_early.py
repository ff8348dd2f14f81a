"""The app with a large page whose first screen comes from the page's start (`reader.convert.early`):
a start that misleads is replaced by the one-go conversion, on screen and in the cache; Esc
while the child extracts the whole page stops the load and leaves no process."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.convert import cache
from reader.convert.pipeline import cache_key
from reader.convert.process import Conversion
from reader.model import Block, Position
from reader.source.fetch import fetch
from reader.ui import messages
from reader.ui.app import ReaderApp
from reader.ui.loader import Load, Loader
from reader.ui.presenter import Presenter
from reader.ui.reading import ReadingScreen
from tests.test_app_conversion import SIZE, wait_for
from tests.test_conversion_process import alive, long_page, wait_until_gone
from tests.test_early_first_screen import SECTIONS, large_page, misleading_page, one_go, start_chunks


@pytest.fixture
def begun(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The text of the blocks the screen was handed for each start of an article (`LoadBegun`
    and the `BlocksArrived` after it), in order."""
    starts: list[list[str]] = []
    begin, add_blocks = Presenter.begin, Presenter.add_blocks

    def beginning(self: Presenter, load: Load, message: messages.LoadBegun) -> None:
        starts.append([block.text for block in message.blocks])
        begin(self, load, message)

    def adding(self: Presenter, load: Load, blocks: list[Block]) -> None:
        starts[-1] += [block.text for block in blocks]
        add_blocks(self, load, blocks)

    monkeypatch.setattr(Presenter, "begin", beginning)
    monkeypatch.setattr(Presenter, "add_blocks", adding)
    return starts


async def whole_article(pilot: Pilot[Any]) -> ReadingScreen:
    """The reading screen, once its article has arrived whole and the load has ended."""
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, ReadingScreen)

    def whole() -> bool:
        reading = screen.presenter.reading
        return reading is not None and reading.complete and not screen.is_loading

    await wait_for(pilot, whole, "the whole article", timeout=120)
    return screen


async def test_a_misleading_start_ends_as_the_one_go_conversion_on_screen_and_in_the_cache(
    tmp_path: Path, begun: list[list[str]]
) -> None:
    page = misleading_page(tmp_path / "misleading.html")
    expected = one_go(page)
    async with ReaderApp(str(page)).run_test(size=SIZE) as pilot:
        screen = await whole_article(pilot)
        article = screen.article
        assert article is not None
        assert len(begun) == 2, "one start over"
        assert "Topic number 0" in " ".join(begun[0]), "the menu first"
        assert begun[1] == [block.text for block in expected.article.blocks], "then the article, once"
        assert article.metadata == expected.article.metadata
        assert article.blocks == expected.article.blocks
        assert article.headings == expected.article.headings
        assert screen.presenter.reading is not None
        assert screen.presenter.reading.markdown == expected.chunks, "the library gets the article's Markdown"
    cached = cache.load(cache_key(fetch(str(page))))
    assert cached is not None
    assert [markdown for markdown, _ in cached.chunks] == expected.chunks


async def test_escape_while_the_whole_page_is_extracted_stops_the_load_and_leaves_no_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, begun: list[list[str]]
) -> None:
    monkeypatch.setenv("READER_NO_CACHE", "1")
    monkeypatch.setattr("tests.test_early_first_screen.SECTIONS", 4 * SECTIONS)  # 5 MB: seconds of extraction
    page = large_page(tmp_path / "large.html")
    first_blocks = sum(len(chunk.blocks) for chunk in start_chunks(page))
    async with ReaderApp(str(page)).run_test(size=SIZE) as pilot:
        screen = pilot.app.screen_stack[0]
        assert isinstance(screen, ReadingScreen)

        def first_screen() -> bool:
            load = screen.loader.load
            arrived = screen.article is not None and len(screen.article.blocks) >= first_blocks
            return load is not None and load.conversion is not None and arrived

        await wait_for(pilot, first_screen, "the first screen")
        load = screen.loader.load
        assert load is not None and load.conversion is not None
        child = load.conversion.pid
        assert screen.article is not None and len(screen.article.blocks) == first_blocks, "only the start's chunks"
        assert alive(child), "the child is extracting the whole page"
        await pilot.press("escape")
        assert not screen.is_loading
        wait_until_gone(child, timeout=2)
        assert len(screen.article.blocks) == first_blocks, "Esc keeps what arrived"
        assert len(begun) == 1


async def test_a_misleading_start_opens_at_the_place_asked_for_once_it_starts_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, begun: list[list[str]]
) -> None:
    """The place to open at (where the reader stopped last time, with the cache gone) was
    taken by the guess, in its menu; the article that replaces it opens there too, not at its top."""
    monkeypatch.setenv("READER_NO_CACHE", "1")
    page = misleading_page(tmp_path / "misleading.html")
    place = Position(30, 0)
    async with ReaderApp(str(page), position=place).run_test(size=SIZE) as pilot:
        screen = await whole_article(pilot)
        await pilot.pause()
        assert len(begun) == 2, "one start over"
        assert "Topic number" in " ".join(begun[0][: place.block + 1]), "the guess held the place, in its menu"
        assert screen.view.position == place


async def test_an_arriving_article_shown_before_its_first_block_is_read_0_percent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large page's metadata shows (drawn) before its first blocks arrive: its title alone is
    at the end of what there is, and the header said 100% until the blocks came. (Blocks
    converted already by then come with the metadata, in its frame: here they never seem to
    have, as on a machine where the first chunk takes its time.)"""
    monkeypatch.setenv("READER_NO_CACHE", "1")
    monkeypatch.setattr(Conversion, "ready", lambda self: False)
    page = large_page(tmp_path / "large.html")
    seen: list[int] = []
    add_blocks = Presenter.add_blocks

    def adding(self: Presenter, load: Load, blocks: list[Block]) -> None:
        if self.article is not None and not self.article.blocks:
            seen.append(self.view.progress)
        add_blocks(self, load, blocks)

    monkeypatch.setattr(Presenter, "add_blocks", adding)
    async with ReaderApp(str(page)).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: bool(seen), "the first blocks after the metadata", timeout=120)
        screen = pilot.app.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        screen.action_cancel_load()
    assert seen == [0]


async def test_escape_once_the_start_proved_misleading_stops_the_load_and_keeps_nothing_of_the_guess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, begun: list[list[str]]
) -> None:
    """Esc after the child said the start shown was not the article (its menu on screen, the
    article not shown yet): the load stops, its child goes, and the menu neither stays as a
    part of the article nor reaches the library (it can hold the reader's place, `Load.position`)."""
    monkeypatch.setenv("READER_NO_CACHE", "1")
    restarted, resume = threading.Event(), threading.Event()
    deliver = Loader._deliver

    def delivering(self: Loader, load: Load, *args: Any) -> None:
        if begun:  # the second delivery: the article anew, after the start over
            restarted.set()
            resume.wait(10)  # held here while Esc is pressed
        deliver(self, load, *args)

    monkeypatch.setattr(Loader, "_deliver", delivering)
    loaded: list[messages.ArticleLoaded] = []
    monkeypatch.setattr(ReadingScreen, "post_message", _noting(ReadingScreen.post_message, loaded))
    page = misleading_page(tmp_path / "misleading.html")
    async with ReaderApp(str(page)).run_test(size=SIZE) as pilot:
        screen = pilot.app.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        await wait_for(pilot, restarted.is_set, "the start over", timeout=120)
        load = screen.loader.load
        assert load is not None and load.conversion is not None
        assert screen.article is not None and "Topic number 0" in screen.article.blocks[0].text, "the menu shows"
        await pilot.press("escape")
        resume.set()
        await pilot.pause()
        assert not screen.is_loading
        wait_until_gone(load.conversion.pid, timeout=2)
        assert screen.article is None, "nothing of the menu is kept"
        assert not loaded, "nor recorded as a partial article"
        assert len(begun) == 1


def _noting(post: Any, loaded: list[messages.ArticleLoaded]) -> Any:
    def posting(self: ReadingScreen, message: Any) -> bool:
        if isinstance(message, messages.ArticleLoaded):
            loaded.append(message)
        return bool(post(self, message))

    return posting


async def test_blocks_converted_by_the_time_the_metadata_is_read_come_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first screen in one frame, not the metadata's and then the blocks': the conversion
    the launch started is done by the time the app reads it (here, every chunk seems arrived)."""
    monkeypatch.setenv("READER_NO_CACHE", "1")
    monkeypatch.setattr(Conversion, "ready", lambda self: True)
    page = long_page(tmp_path / "short.html", 3, page=False)
    first: list[list[str]] = []
    begin = Presenter.begin

    def beginning(self: Presenter, load: Load, message: messages.LoadBegun) -> None:
        first.append([block.text for block in message.blocks])
        begin(self, load, message)

    monkeypatch.setattr(Presenter, "begin", beginning)
    async with ReaderApp(str(page)).run_test(size=SIZE) as pilot:
        screen = await whole_article(pilot)
        assert screen.article is not None
        assert first == [[block.text for block in screen.article.blocks]]
        assert first[0][-1] == "THE END"
