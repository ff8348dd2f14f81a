"""Pictures in the reading pane, driven with Pilot against a real HTTP server on 127.0.0.1
(`tests.picture_site`): each format shows, each failure shows its alt text and reason, keys
work while pictures load, a picture arriving above the view moves nothing the reader sees,
and a saved post shows its pictures with the server gone."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

from pytest import MonkeyPatch

from reader.config import config_dir
from reader.layout.picture_board import PictureBoard, Stage
from reader.layout.pictures import HALF_BLOCK, LOADING, Graphics
from reader.library import Library
from reader.source import image_cache
from reader.ui import picture_work
from reader.ui.app import ReaderApp
from reader.ui.graphics import Terminal
from reader.ui.pictures import STILL, PictureOptions
from reader.ui.reading import ReadingScreen
from tests.picture_site import Site, site
from tests.test_app import loaded, screen_text
from tests.waiting import until

__all__ = ["site"]  # the fixture

SIZE = (100, 40)
BLOCKS = PictureOptions(Terminal(Graphics.BLOCKS), max_rows=4)
FAILURES = {
    "/corrupt.png": "corrupt",
    "/bomb.png": "too large",
    "/missing.png": "404",
    "/page.png": "not an image",
}


def board_of(screen: ReadingScreen) -> PictureBoard:
    layout = screen.view.text_layout
    assert layout is not None and layout.pictures is not None
    return layout.pictures


def stage(screen: ReadingScreen, path: str) -> Stage | None:
    article = screen.article
    assert article is not None
    image = next(image for image in article.images if image.src.endswith(path))
    picture = board_of(screen).get(image.block)
    return picture.stage if picture is not None else None


def all_text(screen: ReadingScreen) -> str:
    """Every line of the article as laid out, on screen or not."""
    layout = screen.view.text_layout
    assert layout is not None
    return "\n".join(line.text for line in layout.lines())


def line_with(screen: ReadingScreen, text: str) -> int:
    return next(y for y, line in enumerate(screen_text(screen.view).splitlines()) if line.strip() == text)


def article(site: Site, folder: Path, paths: list[str], text_between: int = 1) -> str:
    parts = ["# Pictures", "The first paragraph, before any picture."]
    for path in paths:
        parts.append(f"![picture {path.strip('/')}]({site.url(path)})")
        parts += [f"Text after {path}, paragraph {n}." for n in range(text_between)]
    file = folder / "pictures.md"
    file.write_text("\n\n".join(parts) + "\n", "utf-8")
    return str(file)


async def test_every_format_shows_and_every_failure_says_why_while_keys_work(site: Site, tmp_path: Path) -> None:
    shown = ["/red.png", "/photo.jpg", "/moving.gif", "/modern.webp"]
    site.hold("/slow.png")
    source = article(site, tmp_path, ["/slow.png", *shown, *FAILURES])
    async with ReaderApp(source, pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        done = [*shown, *FAILURES]
        await until(pilot, lambda: all(stage(screen, p) in (Stage.READY, Stage.FAILED) for p in done), "pictures")
        # The slow picture is still on its way, and the keys are answered meanwhile.
        assert stage(screen, "/slow.png") is Stage.WAITING
        await pilot.press("j", "j", "j")
        assert screen.view.top == 3
        await pilot.press("k", "k", "k")
        assert screen.view.top == 0
        assert all(stage(screen, path) is Stage.READY for path in shown)
        text = all_text(screen)
        assert LOADING in text and text.count(HALF_BLOCK * 8) >= 4 * 3
        for path, reason in FAILURES.items():
            assert stage(screen, path) is Stage.FAILED
            assert f"picture {path.strip('/')} · {reason}" in text
        site.release("/slow.png")
        await until(pilot, lambda: stage(screen, "/slow.png") is Stage.READY, "the slow picture")
        await until(pilot, lambda: LOADING not in all_text(screen), "the loading line to go")


async def test_i_turns_pictures_off_and_on_and_saves_it(site: Site, tmp_path: Path) -> None:
    source = article(site, tmp_path, ["/red.png"])
    async with ReaderApp(source, pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await until(pilot, lambda: stage(screen, "/red.png") is Stage.READY, "the picture")
        await until(pilot, lambda: HALF_BLOCK in screen_text(screen.view), "its cells")
        await pilot.press("i")
        await until(pilot, lambda: "[image: picture red.png]" in screen_text(screen.view), "the image line")
        assert HALF_BLOCK not in screen_text(screen.view)
        assert json.loads((config_dir() / "config.json").read_text("utf-8"))["images"] == "off"
        await pilot.press("i")
        await until(pilot, lambda: HALF_BLOCK in screen_text(screen.view), "the picture again")
        assert json.loads((config_dir() / "config.json").read_text("utf-8"))["images"] == "auto"


async def test_a_picture_arriving_above_the_view_leaves_the_top_line_in_place(site: Site, tmp_path: Path) -> None:
    site.hold("/red.png")
    source = article(site, tmp_path, ["/red.png"], text_between=60)
    async with ReaderApp(source, pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await until(pilot, lambda: "/red.png" in site.requests, "the picture to be asked for")
        await pilot.press(*["j"] * 8)  # the loading line is above the view now
        while not view.render_line(0).text.strip():
            await pilot.press("j")
        top_text, top = view.render_line(0).text, view.top
        assert "paragraph" in top_text and LOADING not in screen_text(view)
        layout = view.text_layout
        assert layout is not None
        lines_before = len(layout)
        site.release("/red.png")
        await until(pilot, lambda: stage(screen, "/red.png") is Stage.READY, "the picture")
        await until(pilot, lambda: len(layout) > lines_before, "the picture's lines")
        await pilot.pause()
        assert view.render_line(0).text == top_text
        assert view.top > top


async def test_a_picture_arriving_below_the_view_does_not_draw_the_pane_again(
    site: Site, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    """Pictures are fetched a screen ahead of the view. One drawn below it changes nothing the
    reader sees: the pane is not drawn again for it (each one was, the same, and after a resize
    each picture redrawn at the new width drew the whole pane 0.5 s later)."""
    site.hold("/red.png")
    parts = ["# Pictures", *(f"Paragraph {n} before the picture." for n in range(30))]
    parts += [f"![below]({site.url('/red.png')})", "After the picture."]
    file = tmp_path / "below.md"
    file.write_text("\n\n".join(parts) + "\n", "utf-8")
    async with ReaderApp(str(file), pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await until(pilot, lambda: "/red.png" in site.requests, "the picture to be asked for")
        assert "Paragraph 2 before" in screen_text(view) and LOADING not in screen_text(view)
        layout = view.text_layout
        assert layout is not None
        lines_before = len(layout)
        await pilot.pause()
        drawn: list[int] = []
        render_line = view.render_line
        monkeypatch.setattr(view, "render_line", lambda y: drawn.append(y) or render_line(y))
        site.release("/red.png")
        await until(pilot, lambda: stage(screen, "/red.png") is Stage.READY, "the picture")
        await until(pilot, lambda: len(layout) > lines_before, "the picture's lines")
        await pilot.pause()
        assert drawn == []
        await pilot.press("G")  # it is there, drawn, when the reader comes to it
        await until(pilot, lambda: HALF_BLOCK in screen_text(view), "its cells")


async def test_after_g_the_pictures_left_at_the_top_are_not_fetched(site: Site, tmp_path: Path) -> None:
    """Six pictures at the top, two workers: two on their way (held), four waiting, when `G`
    goes to the end. The end's picture comes first, and the four that waited are dropped (they
    are fetched when the reader comes back to them), not fetched behind the reader's back."""
    top = [f"/top{n}.png" for n in range(6)]
    for path in top:
        site.routes[path] = site.routes["/red.png"]
        site.hold(path)
    parts = ["# Pictures", *(f"![{path}]({site.url(path)})" for path in top)]
    parts += [f"Paragraph {n} between the pictures at the top and the one at the end." for n in range(80)]
    parts.append(f"![the end]({site.url('/red.png')})")
    source = tmp_path / "pictures.md"
    source.write_text("\n\n".join(parts) + "\n", "utf-8")
    async with ReaderApp(str(source), pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        asked = lambda: [path for path in site.requests if path in top]  # noqa: E731
        await until(pilot, lambda: len(asked()) == 2 and screen.pictures.working == 6, "two on their way, four waiting")
        await pilot.press("G")
        for path in top:
            site.release(path)
        await until(pilot, lambda: stage(screen, "/red.png") is Stage.READY, "the picture at the end")
        await until(pilot, lambda: screen.pictures.working == 0, "the workers to finish")
        assert len(asked()) == 2
        await pilot.press("g")  # back at the top, the four are fetched now
        await until(pilot, lambda: all(stage(screen, path) is Stage.READY for path in top), "the top's pictures")


async def test_the_room_a_page_gives_a_picture_is_kept_before_it_arrives(site: Site, tmp_path: Path) -> None:
    site.hold("/red.png")
    file = tmp_path / "sized.md"
    file.write_text(f"# Sized\n\nBefore.\n\n![sized]({site.url('/red.png')}){{width=160 height=80}}\n\nAfter.\n")
    async with ReaderApp(str(file), pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        layout = screen.view.text_layout
        assert layout is not None
        await until(pilot, lambda: "/red.png" in site.requests, "the picture to be asked for")
        lines_before, after_line = len(layout), line_with(screen, "After.")
        site.release("/red.png")
        await until(pilot, lambda: HALF_BLOCK in screen_text(screen.view), "the picture")
        assert len(layout) == lines_before
        assert line_with(screen, "After.") == after_line


async def test_a_kept_room_that_fails_above_the_view_moves_neither_the_text_nor_the_percent(
    site: Site, tmp_path: Path
) -> None:
    """A page's picture gets its room before it comes; when it fails, the room shrinks to its
    alt text and reason. Above the view, the text at the top stays, and so does the header's
    percentage (counted in text, not lines: it read 56% then 43% on a reopened sample)."""
    site.hold("/missing.png")
    parts = ["# Sized", *(f"Paragraph {n} before the picture." for n in range(10))]
    parts.append(f"![sized]({site.url('/missing.png')}){{width=160 height=80}}")
    parts += [f"Paragraph {n} after the picture." for n in range(80)]
    file = tmp_path / "sized.md"
    file.write_text("\n\n".join(parts) + "\n", "utf-8")
    async with ReaderApp(str(file), pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await until(pilot, lambda: "/missing.png" in site.requests, "the picture to be asked for")
        while "Paragraph 2 after" not in view.render_line(0).text:  # the kept room is above the view
            await pilot.press("j")
        top_text, percent = view.render_line(0).text, view.progress
        assert 0 < percent < 100
        site.release("/missing.png")
        await until(pilot, lambda: stage(screen, "/missing.png") is Stage.FAILED, "the failure")
        await pilot.pause()
        assert view.render_line(0).text == top_text
        assert view.progress == percent


async def test_a_saved_post_shows_its_pictures_with_the_server_gone(site: Site, tmp_path: Path) -> None:
    site.routes["/post.html"] = (
        200,
        "text/html",
        (
            b"<html><head><title>With a picture</title></head><body><article><h1>With a picture</h1>"
            b"<p>A paragraph long enough to be the article's text, before its picture.</p>"
            b'<p><img src="/red.png" alt="a red square"></p><p>And after it.</p></article></body></html>'
        ),
    )
    url = site.url("/post.html")
    async with ReaderApp(url, pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await until(pilot, lambda: stage(screen, "/red.png") is Stage.READY, "the picture")
        await pilot.press("b")
        reading = screen.reading
        assert reading is not None

        def kept() -> bool:
            entry_id = reading.entry_id
            with Library.open() as library:
                return entry_id is not None and bool(library.picture_addresses(entry_id))

        await until(pilot, kept, "the picture to be kept")
    site.stop()
    shutil.rmtree(image_cache.cache_dir(), ignore_errors=True)
    async with ReaderApp(url, pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await until(pilot, lambda: stage(screen, "/red.png") is not Stage.WAITING, "the picture")
        assert stage(screen, "/red.png") is Stage.READY
        await until(pilot, lambda: HALF_BLOCK in screen_text(screen.view), "its cells")
    with Library.open() as library:
        entry = library.find(url)
        assert entry is not None
        library.remove_bookmark(entry.id)
        assert library.picture_addresses(entry.id) == []


async def test_the_first_picture_waits_for_the_view_to_be_still_then_shows(
    site: Site, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    """The process's first picture imports the web client and the decoders (CPU that keys
    would wait for): it is not fetched while keys move the view, and is once the view has
    been still for `STILL` seconds."""
    monkeypatch.setattr(picture_work, "_WARMED_UP", threading.Event())
    parts = ["# Pictures", *(f"Paragraph {n} before the picture." for n in range(50))]
    parts += [f"![far down]({site.url('/red.png')})", *(f"Paragraph {n} after it." for n in range(40))]
    file = tmp_path / "far.md"
    file.write_text("\n\n".join(parts) + "\n", "utf-8")
    async with ReaderApp(str(file), pictures=BLOCKS).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert "/red.png" not in site.requests  # two screens below the view: not near it yet
        moved = time.monotonic()
        await pilot.press("space", "space")  # near the view now
        still_once = False  # on a busy machine a press may come STILL after the one before
        for key in "jkjkjkjk":
            # Every look for pictures since the first press found the view moved less than STILL
            # ago, unless the presses were once that far apart (then the fetch may have begun).
            still_once = still_once or time.monotonic() - moved >= STILL
            if not still_once:
                assert "/red.png" not in site.requests and screen.pictures.working == 0
            moved = time.monotonic()
            await pilot.press(key)
            await pilot.pause(STILL / 4)
        await until(pilot, lambda: stage(screen, "/red.png") is Stage.READY, "the picture, once the view is still")
        assert picture_work.warmed_up()
