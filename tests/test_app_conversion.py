"""The app while a child process converts a long article: keys are answered (the child gives
way to them), Esc stops the load at once, and no process is left behind after Esc, quitting, or
a closed terminal."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.convert.pipeline import load
from reader.convert.process import READING_NICENESS
from reader.ui.app import ReaderApp
from reader.ui.reading import ReadingScreen
from tests.conftest import reader_command
from tests.test_conversion_process import alive, long_page, wait_until_gone

SIZE = (100, 30)
COPIES = 4000
"""Copies of a post's body in the long page: seconds of conversion on any machine."""


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_NO_CACHE", "1")  # every opening converts


async def wait_for(pilot: Pilot[int], check: object, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"{what} did not happen in time"
        await pilot.pause(0.02)


async def converting(pilot: Pilot[int]) -> tuple[ReadingScreen, int]:
    """The reading screen once the top of the long article shows and the rest still
    converts, with the pid of the child converting it."""
    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, ReadingScreen)

    def started() -> bool:
        load = screen.loader.load
        # More than a screen of it: the first part handed over may be only the title's.
        longer = screen.view.max_scroll_y >= 10
        return load is not None and load.started and load.conversion is not None and longer

    await wait_for(pilot, started, "the first blocks")
    load = screen.loader.load
    assert load is not None and load.conversion is not None and load.conversion.pid is not None
    return screen, load.conversion.pid


async def test_keys_are_answered_the_child_gives_way_to_them_and_escape_stops_it(tmp_path: Path) -> None:
    page = long_page(tmp_path / "long.html", COPIES, page=False)
    async with ReaderApp(str(page)).run_test(size=SIZE) as pilot:
        screen, child = await converting(pilot)
        niceness = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, child) == niceness, "no reader yet: the child converts at full speed"
        for expected in (1, 2, 3):
            await pilot.press("j")
            assert screen.view.top == expected
        assert screen.is_loading and alive(child)
        assert os.getpriority(os.PRIO_PROCESS, child) == max(niceness, READING_NICENESS), "it gives way to the reader"
        await pilot.press("escape")
        assert not screen.is_loading
        wait_until_gone(child, timeout=2)
        kept = len(screen.article.blocks) if screen.article is not None else 0
        assert 0 < kept < COPIES * 5, "Esc keeps the part that arrived"
        await pilot.press("j")
        assert screen.view.top == 4


async def test_keys_move_the_view_while_the_article_arrives_and_it_ends_whole(tmp_path: Path) -> None:
    """Parts taken in between keys (and kept out of the collector's view) make the article a
    conversion in one go makes, whatever the keys did meanwhile."""
    page = long_page(tmp_path / "long.html", 800, page=False)
    async with ReaderApp(str(page)).run_test(size=SIZE) as pilot:
        screen, _ = await converting(pilot)
        for expected in range(1, 8):
            await pilot.press("j")
            assert screen.view.top == expected
        assert screen.is_loading, "the keys were answered while the article arrived"
        await wait_for(pilot, lambda: not screen.is_loading, "the whole article", timeout=120)
        assert screen.view.top == 7, "the place stays as the rest arrives"
        article = screen.article
        assert article is not None and screen.presenter.reading is not None and screen.presenter.reading.complete
        whole = load(str(page)).article
        assert article.blocks == whole.blocks
        assert article.headings == whole.headings


async def test_quitting_while_converting_leaves_no_process(tmp_path: Path) -> None:
    page = long_page(tmp_path / "long.html", COPIES, page=False)
    async with ReaderApp(str(page)).run_test(size=SIZE) as pilot:
        screen, child = await converting(pilot)
        assert screen.loader.converters().waiting_pid is None, "a child waits while one converts"
        screen.loader.converters().warm()  # one waiting too, as between two articles
        waiting = screen.loader.converters().waiting_pid
        assert alive(waiting)
        await pilot.press("q")
    wait_until_gone(child, waiting)


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (children of children included)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_closed_terminal_leaves_no_process(tmp_path: Path) -> None:
    command = reader_command()
    if command is None:
        pytest.skip("the reader command is not installed")
    page = long_page(tmp_path / "long.html", COPIES, page=False)
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env |= {"TERM": "xterm-256color", "READER_NO_CACHE": "1"}
    pid, fd = pty.fork()
    if pid == 0:  # the child, on the pty as its controlling terminal
        os.execve(str(command), [str(command), str(page)], env)
    below: set[int] = set()
    try:
        deadline = time.monotonic() + 30
        output = b""
        # The fork server, the child converting and the one waiting (and multiprocessing's
        # resource tracker): at least three processes below the app while it converts.
        while len(below) < 3 or b"Part 1" not in output:
            assert time.monotonic() < deadline, f"no conversion seen: {below}, {output[-300:]!r}"
            if select.select([fd], [], [], 0.05)[0]:
                output += os.read(fd, 65536)
            below = descendants(pid)
    finally:
        os.close(fd)  # the terminal goes away: SIGHUP
    deadline = time.monotonic() + 10
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        assert time.monotonic() < deadline, "the reader outlived its terminal"
        time.sleep(0.02)
    wait_until_gone(*below)
