"""A long article is laid out where it is read (`reader.ui.settler`): the blocks on screen at
their real heights, the others estimated until the rest is laid out between keys. Jumps, the
end and the text on screen must be the same as with every block laid out."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.ui.app import ReaderApp
from reader.ui.article_view import ArticleView
from reader.ui.reading import ReadingScreen

SIZE = (90, 24)
LAST = "The very last words."


def long_post(path: Path, sections: int = 150) -> Path:
    """English prose (its wrapping makes the estimates miss), under headings."""
    body = "\n\n".join(
        f"## Part {n}\n\n" + " ".join(f"Sentence {n}.{i} wraps a little further along." for i in range(n % 9 + 1))
        for n in range(sections)
    )
    path.write_text(f"# A long post\n\n{body}\n\n{LAST}\n", "utf-8")
    return path


async def wait_for(pilot: Pilot[int], check: Callable[[], object], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.02)


async def loaded(pilot: Pilot[int]) -> ReadingScreen:
    def whole() -> bool:
        screen = pilot.app.screen_stack[0]
        # Whole, and not being laid out again in a thread (a long article, after a resize).
        return (
            isinstance(screen, ReadingScreen) and screen.complete and not screen.is_loading and not screen.view.relaying
        )

    await wait_for(pilot, whole, "the article")
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, ReadingScreen)
    return screen


def shown(view: ArticleView) -> list[str]:
    return [view.render_line(y).text.strip() for y in range(view.scrollable_content_region.height)]


@pytest.fixture
def slow_settling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rest of the article is not laid out meanwhile: its heights stay estimated."""
    monkeypatch.setattr("reader.ui.settler.SETTLE_INTERVAL", 600.0)
    monkeypatch.setattr("reader.ui.settler.SETTLE_AT_ONCE", 0)
    monkeypatch.setattr("reader.ui.article_view.BACKGROUND_LAYOUT_BLOCKS", 0)


@pytest.mark.usefixtures("slow_settling")
async def test_g_reaches_the_real_end_of_an_estimated_layout(tmp_path: Path) -> None:
    async with ReaderApp(str(long_post(tmp_path / "post.md"))).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        assert view.text_layout is not None and view.text_layout.estimating
        await pilot.press("G")
        await wait_for(pilot, lambda: LAST in shown(view), "the last words")
        assert view.at_end and shown(view)[-1] == LAST
        assert screen.header.render().plain.rstrip().endswith("100%")
        assert view.text_layout.estimating  # only the end was laid out


@pytest.mark.usefixtures("slow_settling")
async def test_sections_are_jumped_to_while_heights_are_estimated(tmp_path: Path) -> None:
    async with ReaderApp(str(long_post(tmp_path / "post.md"))).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        for number in range(5):
            await pilot.press("]")
            await wait_for(pilot, lambda n=number: shown(view)[0] == f"Part {n}", f"part {number} at the top")
        await pilot.press("[")
        await wait_for(pilot, lambda: shown(view)[0] == "Part 3", "part 3 at the top")


@pytest.mark.usefixtures("slow_settling")
async def test_the_text_on_screen_stays_while_the_rest_is_laid_out(tmp_path: Path) -> None:
    async with ReaderApp(str(long_post(tmp_path / "post.md", sections=300))).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        assert screen.article is not None
        part = next(heading for heading in screen.article.headings if heading.text == "Part 200")
        view.scroll_to_line(view.block_line(part.block))  # as a pick in the contents does
        await wait_for(pilot, lambda: shown(view)[0] == "Part 200", "part 200 at the top")
        layout = view.text_layout
        assert layout is not None and layout.estimating
        before, top = shown(view), view.top
        view.settler.settle_some(10**6)  # every block above and below, at its real height
        await pilot.pause()
        assert not layout.estimating
        assert shown(view) == before
        assert view.top != top  # the estimates above were off: the view moved with its text


@pytest.mark.usefixtures("slow_settling")
async def test_a_step_between_keys_lays_out_blocks_for_a_time_not_a_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step takes `SETTLE_SECONDS` (a fixed 40 blocks made a page of short blocks settle
    in hundreds of steps, 8.9 s after a resize); given all the time there is, one step lays
    out the whole rest."""
    async with ReaderApp(str(long_post(tmp_path / "post.md", sections=300))).run_test(size=SIZE) as pilot:
        view = (await loaded(pilot)).view
        layout = view.text_layout
        assert layout is not None and layout.estimated_count > 100
        monkeypatch.setattr("reader.ui.settler.SETTLE_SECONDS", 600.0)
        view.settler.settle_some()
        assert not layout.estimating


@pytest.mark.usefixtures("slow_settling")
async def test_the_lines_a_step_lays_out_are_kept_out_of_full_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As an arriving article's blocks are (`reader.ui.collector`): each full collection
    scanned every line laid out so far, and a `]` on a 25 MB page took 46-57 ms while the rest
    was laid out, 31-45 ms with them kept out of its view (medians)."""
    async with ReaderApp(str(long_post(tmp_path / "post.md", sections=300))).run_test(size=SIZE) as pilot:
        view = (await loaded(pilot)).view
        layout = view.text_layout
        assert layout is not None and layout.estimated_count > 100
        monkeypatch.setattr("reader.ui.settler.SETTLE_SECONDS", 600.0)
        monkeypatch.setattr("reader.ui.collector.KEEP_EVERY", 100)
        before = gc.get_freeze_count()
        try:
            view.settler.settle_some()
            assert gc.get_freeze_count() > before
        finally:
            gc.unfreeze()
