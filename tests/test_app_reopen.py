"""A reopened article shows where the reader stopped from its very first frame (issue 11,
defect 2: the top showed for half a second, then the view jumped, undoing keys pressed meanwhile).

Each frame the app draws is noted as it is drawn (`FrameNotes`): the header's text and the
reading pane's rows, so a test sees the first frame itself, not the state after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import RenderableType
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.screen import Screen

from reader.library import Library
from reader.model import Article
from reader.ui.app import ReaderApp
from reader.ui.article_view import ArticleView
from reader.ui.reading import ReadingScreen

SIZE = (100, 30)
TITLE = "A post to come back to"


def write_post(path: Path, sections: int = 12) -> Path:
    body = "\n\n".join(
        f"## Part {n}\n\n" + " ".join(f"Sentence {n}.{i}, long enough to wrap on the screen." for i in range(12))
        for n in range(sections)
    )
    path.write_text(f"# {TITLE}\n\n{body}\n\nThe very last words.\n", "utf-8")
    return path


@dataclass(frozen=True)
class Frame:
    header: str
    text: str
    estimated: bool
    """The layout drawn had estimated heights above the place (a long article)."""
    pane: int
    """The reading pane's width."""
    fitted: bool
    """The layout drawn was made for that width (not one made for another, cropped or
    narrow while a new one is made)."""
    contents: bool
    """The screen shows the contents pane (it is not hidden for want of headings)."""
    section: str = ""
    """The contents' highlighted heading, when it is within the rows they show."""


class FrameNotes(ReaderApp):
    """The app, noting what the reading screen shows in each frame it draws."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frames: list[Frame] = []

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        if renderable is not None and not self._batch_count and isinstance(screen, ReadingScreen):
            try:
                view = screen.view
                rows = range(view.scrollable_content_region.height)
                text = "\n".join(view.render_line(y).text.rstrip() for y in rows)
                layout = view.text_layout
                estimated = layout is not None and layout.estimating
                fitted = layout is None or layout.width == view.layout_width()
                header = screen.header.render().plain.rstrip()
                contents = not screen.has_class("-headingless")
                pane = view.scrollable_content_region.width
                tree = screen.contents.heading_tree
                node, rows = tree.cursor_node, tree.scrollable_content_region.height
                shown = node is not None and 0 <= node.line - tree.scroll_offset.y < rows
                section = str(node.label) if shown and node is not None else ""
                self.frames.append(Frame(header, text, estimated, pane, fitted, contents, section))
            except NoMatches:  # not composed yet
                pass
        super()._display(screen, renderable)

    def article_frames(self) -> list[Frame]:
        """The frames that show the article (before it arrives, the header has no title)."""
        return [frame for frame in self.frames if TITLE in frame.header]


async def wait_for(pilot: Pilot[int], check: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.02)


def whole(app: ReaderApp) -> bool:
    screen = app.screen_stack[0]
    return isinstance(screen, ReadingScreen) and screen.complete and not screen.is_loading


async def read_to_the_end(post: Path) -> str:
    """Open the post, press G, quit; what the pane showed at the end."""
    app = ReaderApp(str(post))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: whole(app), "the post")
        screen = app.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        await wait_for(pilot, lambda: screen.reading is not None and screen.reading.entry_id, "the record")
        await pilot.press("G")
        await pilot.pause()
        view = screen.view
        end = "\n".join(view.render_line(y).text.rstrip() for y in range(view.scrollable_content_region.height))
        await pilot.press("q")
    with Library.open() as library:
        entry = library.find(str(post))
        assert entry is not None and entry.percent == 100
    return end


def exact(view: ArticleView) -> bool:
    """No layout is being made, and every block of the one shown is at its real height."""
    return not view.relaying and view.text_layout is not None and not view.text_layout.estimating


async def reopen(post: Path, shown: list[Article] | None = None) -> FrameNotes:
    """The app that opened `post` again, once closed; the article it showed goes to `shown`."""
    app = FrameNotes(str(post))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: whole(app), "the post again")
        await wait_for(pilot, lambda: exact(app.screen_stack[0].view), "the exact layout")
        await pilot.pause()
        article = app.screen_stack[0].article
        if shown is not None and article is not None:
            shown.append(article)
    return app


async def test_a_reopened_article_shows_its_place_in_its_first_frame(tmp_path: Path) -> None:
    """A small local file, converted before: shown whole before the first frame, at its place."""
    post = write_post(tmp_path / "post.md")
    end = await read_to_the_end(post)
    app = await reopen(post)
    first = app.frames[0]
    assert first.header.endswith("100%"), first.header
    assert first.text == end
    assert all(frame.header.endswith("100%") for frame in app.article_frames())


async def test_a_reopened_article_loaded_in_the_worker_shows_its_place_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Converted again in the load worker (no cache): the library is asked where the reader
    stopped before the article shows, and its first frame shows that place."""
    monkeypatch.setenv("READER_NO_CACHE", "1")
    post = write_post(tmp_path / "post.md")
    end = await read_to_the_end(post)
    app = await reopen(post)
    shown = app.article_frames()
    assert shown, "the article was never drawn"
    assert shown[0].text == end
    assert all(frame.header.endswith("100%") for frame in shown), [frame.header for frame in shown]


@pytest.mark.parametrize("cache", ["on", "off"])
async def test_a_long_article_is_laid_out_from_its_place_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    """Past `BACKGROUND_LAYOUT_BLOCKS` blocks, the first frame is laid out from the place,
    with the heights above estimated; the exact layout follows and keeps the place."""
    monkeypatch.setattr("reader.ui.article_view.BACKGROUND_LAYOUT_BLOCKS", 10)
    monkeypatch.setattr("reader.ui.settler.SETTLE_AT_ONCE", 10)
    if cache == "off":
        monkeypatch.setenv("READER_NO_CACHE", "1")
    post = write_post(tmp_path / "post.md", sections=30)
    end = await read_to_the_end(post)
    app = await reopen(post)
    shown = app.article_frames()
    assert shown[0].estimated and shown[0].text == end
    assert all(frame.header.endswith("100%") for frame in shown), [frame.header for frame in shown]
    assert not shown[-1].estimated and shown[-1].text == end


async def test_a_long_cached_article_is_read_in_the_app_and_shows_its_place_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cached article too large to open before the first frame (or a URL's) is read from
    the cache by the load worker, a chunk at a time, with no conversion process started: its
    first frame shows the place, then the rest arrives, the same blocks as converted in one go."""
    from reader.convert.document import finish
    from reader.convert.pipeline import open_source
    from reader.convert.process import Converters

    post = write_post(tmp_path / "post.md", sections=300)  # several chunks of the cache entry
    end = await read_to_the_end(post)
    monkeypatch.setattr("reader.convert.pipeline.QUICK_FILE_BYTES", 0)  # not opened on the UI thread
    started: list[str] = []
    real_start = Converters.start

    def noted_start(self: Converters, *args: Any, **kwargs: Any) -> Any:
        started.append("child")
        return real_start(self, *args, **kwargs)

    monkeypatch.setattr(Converters, "start", noted_start)
    articles: list[Article] = []
    app = await reopen(post, articles)
    assert not started, "a conversion process was started for a cached article"
    shown = app.article_frames()
    assert shown and shown[0].text == end
    assert all(frame.header.endswith("100%") for frame in shown), [frame.header for frame in shown]
    # The contents too: their top showed in the first frame while the reading pane was at the place.
    assert [frame.section for frame in shown] == ["Part 299"] * len(shown)
    monkeypatch.setenv("READER_NO_CACHE", "1")
    once = finish(open_source(str(post))).article
    assert articles[0].blocks == once.blocks
    assert articles[0].headings == once.headings
