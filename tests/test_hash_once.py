"""A large local file is hashed for its cache key once an opening: the launch's look
(`what_comes`) works the key out, the app's load takes it (`cache_key`), and the child that
converts is handed it, where each of the three hashed the bytes again (50 ms a time at 25 MB)."""

from __future__ import annotations

import gc
import multiprocessing
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from reader.convert import cache, pipeline, worker
from reader.convert.head_start import open_arrived
from reader.source.fetch import Fetched, fetch
from reader.ui.app import ReaderApp
from reader.ui.launch import convert_piped
from reader.ui.reading import ReadingScreen
from tests.test_conversion_process import long_page


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the bytes hashed for a cache key from now on."""
    hashed: list[int] = []
    key_for: Callable[..., str] = cache.key_for

    def counted(data: bytes, *parts: str) -> str:
        hashed.append(len(data))
        return key_for(data, *parts)

    monkeypatch.setattr(cache, "key_for", counted)
    return hashed


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A page too large to be opened before the first frame (`open_arrived` leaves it alone)."""
    page = long_page(tmp_path / "page.html", 20)
    monkeypatch.setattr(pipeline, "QUICK_FILE_BYTES", page.stat().st_size // 2)
    return page


def test_the_launch_the_load_and_the_child_hash_a_large_file_once(large: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hashed = counting(monkeypatch)
    assert pipeline.what_comes(str(large)) is pipeline.Coming.PAGE  # the launch
    assert open_arrived(str(large)) is None  # the app, before its first frame
    fetched = fetch(str(large))  # the load, in the app
    key = pipeline.cache_key(fetched)
    assert pipeline.open_from_cache(fetched, key) is None
    ours, theirs = multiprocessing.Pipe()
    worker.convert(theirs, fetched, None, str(large), key)  # the child, here
    messages: list[tuple[Any, ...]] = []
    while not messages or messages[-1][0] not in (worker.DONE, worker.FAILED):
        messages.append(ours.recv())
    assert messages[-1] == (worker.DONE,)
    assert hashed == [large.stat().st_size]
    assert key == cache.key_for(fetched.data, fetched.media_type, "", fetched.base_url)
    assert cache.has(key), "the child kept the conversion under the key it was handed"


def test_a_file_changed_since_the_launch_looked_is_hashed_again(large: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline.what_comes(str(large))
    hashed = counting(monkeypatch)
    large.write_text(large.read_text("utf-8").replace("THE END", "THE REAL END"), "utf-8")
    fetched = fetch(str(large))
    assert pipeline.cache_key(fetched) == cache.key_for(fetched.data, fetched.media_type, "", fetched.base_url)
    assert len(hashed) == 2  # the load's, and the check's here
    other = fetch(str(long_page(large.with_name("other.html"), 3)))
    pipeline.cache_key(other)
    assert len(hashed) == 3, "a key is known for the file looked at only"


async def test_the_app_hashes_a_large_file_once_and_hands_the_key_to_the_child(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The launch looks first (`start_converters`); the load in the app then hashes nothing,
    and the child stores the conversion under the key it is handed (a key of our own here,
    which no hashing in the child could have found)."""
    pipeline.what_comes(str(large))
    hashed = counting(monkeypatch)
    handed: list[str] = []
    cache_key = pipeline.cache_key

    def key_of_our_own(fetched: Any, base_url: str | None = None) -> str:
        handed.append(cache_key(fetched, base_url))
        return "0" * 64

    monkeypatch.setattr(pipeline, "cache_key", key_of_our_own)
    async with ReaderApp(str(large)).run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        deadline = time.monotonic() + 60
        while screen.is_loading or screen.article is None:
            assert time.monotonic() < deadline, "the page did not load"
            await pilot.pause(0.05)
        assert screen.article.blocks[-1].text == "THE END"
    assert hashed == [] and len(handed) == 1
    assert cache.has("0" * 64)


def test_piped_bytes_are_hashed_once_by_the_launch_and_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """The launch hashes piped bytes to hand their child the key (`convert_piped`); the app's
    load asks for the key of the same bytes again. The key is kept only while the bytes live."""
    hashed = counting(monkeypatch)
    piped = Fetched(b"<html><body><p>Piped words.</p></body></html>", "text/html", None, "-", "")
    convert_piped(piped, None)  # no launch child here: it only works the key out
    key = pipeline.cache_key(piped)  # the load, in the app
    assert len(hashed) == 1
    assert pipeline.cache_key(replace(piped)) == key  # other bytes that happen to be the same: hashed
    assert len(hashed) == 2
    alive = weakref.ref(piped)
    del piped
    gc.collect()
    assert alive() is None, "the key's memory keeps the bytes alive"


def test_with_the_cache_off_the_bytes_are_never_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key would serve nothing: no entry is read nor written (what `--dump` runs, its
    child handed no key, with `READER_NO_CACHE`)."""
    monkeypatch.setenv("READER_NO_CACHE", "1")
    hashed = counting(monkeypatch)
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Title</h1><p>Some words of the article.</p></body></html>")
    opened = pipeline.open_fetched(fetch(str(page)))
    assert [block.text for chunk in opened.chunks for block in chunk.blocks] == ["Title", "Some words of the article."]
    assert not hashed
