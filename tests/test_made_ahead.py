"""Texts made ahead in a forked process (`reader.convert.ahead`): the same texts in the same
order, a failure there raised here as the conversion would raise it, and no process left
behind, whether the texts are read to the end, left part way, or their reader dies."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.convert import chunked
from reader.convert.ahead import made_ahead
from reader.errors import NotText, ReaderError
from tests.test_conversion_process import alive, long_page, wait_until_gone


def numbered(count: int) -> Iterator[str]:
    """The process that makes them, then texts with more than ASCII, and an empty one."""
    yield str(os.getpid())
    for number in range(count):
        yield f"{number}: 产业互联网, « ça » " * number
    yield ""


def test_the_texts_come_in_order_from_another_process() -> None:
    maker, *texts = made_ahead(lambda: numbered(200))
    assert int(maker) != os.getpid()
    assert texts == list(numbered(200))[1:]
    assert not alive(int(maker))


def failing(error: Exception) -> Iterator[str]:
    yield "before"
    raise error


@pytest.mark.parametrize(
    ("error", "raised", "message"),
    [
        (NotText("page.html"), NotText, "page.html: not a text document"),
        (ValueError("a bug"), ReaderError, "internal error: ValueError: a bug"),
    ],
)
def test_a_failure_while_making_is_raised_here_as_the_conversion_raises_it(
    error: Exception, raised: type[ReaderError], message: str
) -> None:
    texts = made_ahead(lambda: failing(error))
    assert next(texts) == "before"
    with pytest.raises(raised, match=message):
        next(texts)


def endless() -> Iterator[str]:
    yield str(os.getpid())
    while True:
        yield "more " * 1000


def test_a_reader_that_stops_early_leaves_no_process() -> None:
    texts = made_ahead(endless)
    maker = int(next(texts))
    assert alive(maker)
    texts.close()
    assert not alive(maker)  # killed and reaped


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_maker_dies_with_its_reader() -> None:
    reading, writing = os.pipe()
    reader = os.fork()
    if reader == 0:  # a reader that reads one text, says who made it, and waits to be killed
        try:
            os.write(writing, next(made_ahead(endless)).encode() + b"\n")
            signal.pause()
        finally:
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading) as said:
        maker = int(said.readline())
    os.kill(reader, signal.SIGKILL)
    os.waitpid(reader, 0)
    wait_until_gone(maker)


def test_the_maker_gives_way_as_its_reader_does(tmp_path: Path) -> None:
    """The app nices the conversion's child once the reader moves, often after the child
    forked its maker: the maker takes the child's niceness at its next text."""
    niceness = os.getpriority(os.PRIO_PROCESS, 0)
    if niceness >= 19:
        pytest.skip("this process is as nice as can be")
    gave_way = tmp_path / "gave-way"

    def make() -> Iterator[str]:
        yield str(os.getpriority(os.PRIO_PROCESS, 0))
        while not gave_way.exists():
            time.sleep(0.01)
        yield "next"
        yield str(os.getpriority(os.PRIO_PROCESS, 0))

    reading, writing = os.pipe()
    reader = os.fork()
    if reader == 0:  # a reader that gives way after the first text (this process's niceness stays)
        try:
            texts = made_ahead(make)
            first = next(texts)
            os.setpriority(os.PRIO_PROCESS, 0, niceness + 1)
            gave_way.touch()
            os.write(writing, " ".join([first, *texts]).encode())
        finally:
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading) as said:
        told = said.read()
    os.waitpid(reader, 0)
    assert told == f"{niceness} next {niceness + 1}"


def test_html_made_ahead_is_the_html_made_in_one_process(tmp_path: Path) -> None:
    text = long_page(tmp_path / "part.html", 100, page=False).read_text("utf-8")
    ahead = chunked.open_text(text, "text/html", ahead=True)
    alone = chunked.open_text(text, "text/html")
    assert ahead.metadata == alone.metadata
    assert [(chunk.markdown, chunk.blocks) for chunk in ahead.chunks] == [
        (chunk.markdown, chunk.blocks) for chunk in alone.chunks
    ]
