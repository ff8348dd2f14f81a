"""Every frame of an article is drawn with lines made for the pane's width: when the width
changes (the contents pane shown or hidden), the text is wrapped again before the next frame,
not after it; and an article is not drawn at one width on its way to another.

The frames are noted as they are drawn (`FrameNotes`, from tests/test_app_reopen.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.ui.loader import Load, Loader
from reader.ui.messages import BlocksArrived, LoadMessage
from reader.ui.reading import ReadingScreen
from tests.test_app_reopen import SIZE, FrameNotes, exact, wait_for, whole, write_post


@pytest.fixture
def long_from_ten_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles past 10 blocks count as long: laid out again in the background once drawn."""
    monkeypatch.setattr("reader.ui.article_view.BACKGROUND_LAYOUT_BLOCKS", 10)
    monkeypatch.setattr("reader.ui.settler.SETTLE_AT_ONCE", 10)


def settled(app: FrameNotes) -> bool:
    return whole(app) and exact(app.screen_stack[0].view)


@pytest.mark.usefixtures("long_from_ten_blocks")
async def test_a_new_long_article_is_drawn_at_one_width(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened for the first time (converted in the load worker, the title handed over before
    any block, and drawn before the first blocks come, as when converting them takes a while):
    the contents pane neither hides for the article with no blocks yet nor shows again with its
    first headings. It did: the text was wrapped at two widths and, as the article is long,
    lines laid out for the wide pane showed cropped in the narrow one until a layout made in
    the background replaced them (`G` meanwhile reached a false end, saved as the place)."""
    post = write_post(tmp_path / "post.md", sections=30)
    app = FrameNotes(str(post))
    hand_over = Loader._hand_over

    def after_a_frame(loader: Loader, load: Load, message: LoadMessage, stale: Callable[[], bool]) -> bool:
        """The first blocks wait (in the load worker) until the title has been drawn."""
        deadline = time.monotonic() + 30
        while isinstance(message, BlocksArrived) and not app.article_frames() and time.monotonic() < deadline:
            time.sleep(0.01)
        return hand_over(loader, load, message, stale)

    monkeypatch.setattr(Loader, "_hand_over", after_a_frame)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: settled(app), "the post")
        await pilot.pause()
    shown = app.article_frames()
    assert all(frame.contents for frame in shown), [frame.contents for frame in shown]
    assert len({frame.pane for frame in shown}) == 1, [frame.pane for frame in shown]
    assert all(frame.fitted for frame in shown), [(frame.pane, frame.fitted) for frame in shown]


async def test_the_contents_pane_shown_or_hidden_rewraps_the_text_before_the_next_frame(tmp_path: Path) -> None:
    """`t` hides the contents and shows them again: the first frame at each width shows the
    text wrapped for it (it showed the old lines, mis-centred or cropped, until the Resize
    event that follows the frame)."""
    app = FrameNotes(str(write_post(tmp_path / "post.md")))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: settled(app), "the post")
        screen = app.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        panes = [screen.view.scrollable_content_region.width]
        for _ in range(2):
            await pilot.press("t")
            await wait_for(pilot, lambda: screen.view.scrollable_content_region.width != panes[-1], "a new width")
            await pilot.pause()
            panes.append(screen.view.scrollable_content_region.width)
    shown = app.article_frames()
    assert {frame.pane for frame in shown} == set(panes), ([frame.pane for frame in shown], panes)
    assert all(frame.fitted for frame in shown), [(frame.pane, frame.fitted) for frame in shown]


@pytest.mark.usefixtures("long_from_ten_blocks")
async def test_back_to_a_long_article_from_one_without_headings_draws_it_for_its_pane(tmp_path: Path) -> None:
    """Back from an article without headings (the contents hidden) to a long one with them:
    the article is first laid out at the wide pane, then the contents take their room before
    anything is drawn. It is laid out again at once, not in the background with the wide
    lines drawn cropped meanwhile."""
    post = write_post(tmp_path / "post.md", sections=30)
    plain = tmp_path / "plain.md"
    plain.write_text("Just one paragraph, and no heading.\n", "utf-8")
    app = FrameNotes(str(post))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: settled(app), "the post")
        screen = app.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        screen.open_source(str(plain))
        await wait_for(pilot, lambda: whole(app) and screen.has_class("-headingless"), "the plain post")
        await pilot.pause()
        drawn = len(app.frames)
        await pilot.press("backspace")
        await wait_for(pilot, lambda: settled(app) and not screen.has_class("-headingless"), "the post again")
        await pilot.pause()
    back = [frame for frame in app.frames[drawn:] if "A post to come back to" in frame.header]
    assert back, "the post was never drawn again"
    assert all(frame.fitted and frame.contents for frame in back), [(frame.pane, frame.fitted) for frame in back]
