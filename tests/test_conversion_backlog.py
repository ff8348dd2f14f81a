"""The messages of a conversion's child waiting for the app's reader (`reader.convert.arrivals`):
within a budget, the child waiting for a slow reader; the article the same; Esc at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.convert import arrivals
from reader.convert.arrivals import Arrivals
from reader.convert.document import Chunk, finish
from reader.convert.pipeline import load
from reader.convert.process import Converters
from reader.errors import Cancelled
from reader.source.fetch import fetch
from tests.test_conversion_process import long_page, wait_until_gone
from tests.waiting import wait_for


@pytest.fixture
def converters() -> Iterator[Converters]:
    pool = Converters()
    yield pool
    pool.close()


def test_a_message_waits_for_room_and_comes_in_once_one_is_read() -> None:
    backlog = Arrivals(most_bytes=10)
    backlog.put(b"12345678")
    put = threading.Thread(target=backlog.put, args=(b"abcdef",), daemon=True)
    put.start()
    put.join(0.05)
    assert put.is_alive(), "came in past the budget"
    assert backlog.get() == b"12345678"
    put.join(10)
    assert not put.is_alive()
    assert backlog.get() == b"abcdef"


def test_a_message_larger_than_the_budget_comes_in_alone() -> None:
    backlog = Arrivals(most_bytes=4)
    backlog.put(b"a long message")
    assert backlog.held_bytes == len(b"a long message")


def test_the_end_comes_after_the_messages_held_and_lets_a_waiting_put_go() -> None:
    backlog = Arrivals(most_bytes=4)
    backlog.put(b"abcd")
    put = threading.Thread(target=backlog.put, args=(b"efgh",), daemon=True)
    put.start()
    backlog.end()
    put.join(10)
    assert not put.is_alive(), "still waiting for room after the end"
    assert backlog.get() == b"abcd"
    assert backlog.get() is None
    assert backlog.get() is None
    assert backlog.ready()


def test_the_end_answers_a_reader_waiting_for_a_message() -> None:
    backlog = Arrivals()
    got: list[bytes | None] = [b"nothing yet"]
    reader = threading.Thread(target=lambda: got.__setitem__(0, backlog.get()), daemon=True)
    reader.start()
    backlog.end()
    reader.join(10)
    assert got == [None]


def test_a_slow_reader_of_a_bounded_backlog_gets_the_same_article(
    tmp_path: Path,
    converters: Converters,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("READER_NO_CACHE", "1")
    monkeypatch.setattr(arrivals, "MOST_BYTES", 1)  # one message at a time
    source = str(long_page(tmp_path / "page.html", 40, page=False))
    conversion = converters.start(fetch(source), None, source)
    opened = conversion.opened()
    chunks = opened.chunks

    def slowly() -> Iterator[Chunk]:
        for chunk in chunks:
            time.sleep(0.01)
            assert len(conversion._arrived._held) <= 1
            yield chunk

    opened.chunks = slowly()
    there = finish(opened)
    here = load(source)
    assert there.article.blocks == here.article.blocks
    assert there.markdown == here.markdown


def test_esc_with_the_backlog_full_stops_at_once(
    tmp_path: Path,
    converters: Converters,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(arrivals, "MOST_BYTES", 1)
    source = str(long_page(tmp_path / "page.html", 3000, page=False))
    before = set(threading.enumerate())
    conversion = converters.start(fetch(source), None, source)
    opened = conversion.opened()
    next(opened.chunks)
    wait_for(
        lambda: conversion._arrived.held_bytes > 0, "a full queue", timeout=10
    )  # full: the reading thread waits for room
    reading = [thread for thread in set(threading.enumerate()) - before if thread.name == "reader-conversion-read"]
    assert reading
    started = time.monotonic()
    conversion.stop()
    with pytest.raises(Cancelled):
        next(opened.chunks)
    assert time.monotonic() - started < 1
    wait_until_gone(conversion.pid, timeout=5)
    for thread in reading:
        thread.join(5)
        assert not thread.is_alive(), "the thread reading the pipe still waits for room"
