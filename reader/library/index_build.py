"""Building the search index for the offline copies waiting for it (an older library, an import).

Each copy is parsed back into the article's text (`text_of_copy`, as the reading pane shows
it) and written a batch per transaction, so another write (a reading position, another copy of
the reader) waits for one batch at most. A big build parses in worker processes while this one
writes the batch before, writes bigger batches, each one segment of the index, and defers FTS5's
merging of those segments to its end, where it merges a step per transaction. A build that was
killed leaves merging deferred; the next build finishes that first.

Where the writes run is the caller's choice (`run`): here by default; the app sends each one to
its library thread, its one write path.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any

from reader.library.index import SearchIndex, Texts
from reader.library.offline import parse_copy
from reader.model import Metadata

BUILD_BATCH = 40
"""Copies indexed per transaction: a few hundred milliseconds of parsing and writing."""
BULK_BATCH = 200
"""Copies indexed per transaction in a bulk build, whose parsing is done elsewhere: about a
second of writing (FTS5 makes at least one segment a transaction, and fewer, bigger segments
cost less in all: `reader.library.index`)."""
BULK_FROM = 200
"""Copies to index from which parsing moves to worker processes (starting one costs about a
third of a second) and merges wait for the end."""
BATCH_CHARS = 2_000_000
"""Characters of Markdown in a batch at most (or one copy that has more): long posts make
smaller batches, so a transaction stays short."""
AHEAD = 2
"""Batches parsed ahead of the one being written."""

Progress = Callable[[int, int], None]
"""Called with (posts indexed so far, posts to index in all)."""
Runner = Callable[[Callable[[], Any]], Any]
"""Runs one write (a function of no arguments) where the caller's writes belong; returns its result."""
Copies = list[tuple[int, str, str]]
"""(entry id, Markdown, parse mode) of offline copies."""
Parse = Callable[[Copies], "list[Future[Texts]]"]
"""Starts parsing copies (here, or in worker processes): their texts, in pieces."""


def _here(step: Callable[[], Any]) -> Any:
    return step()


def text_of_copy(markdown: str, mode: str) -> str:
    """The article text of an offline copy, as the reading pane shows it."""
    return parse_copy(markdown, mode, Metadata()).article.text


def texts_of(copies: Copies) -> Texts:
    """The article text of each (entry id, Markdown, parse mode): the parsing half of the build,
    which may run in another process."""
    return [(entry_id, text_of_copy(markdown, mode)) for entry_id, markdown, mode in copies]


def _immediately(copies: Copies) -> list[Future[Texts]]:
    future: Future[Texts] = Future()
    future.set_result(texts_of(copies))
    return [future]


@contextmanager
def _parsing(bulk: bool) -> Iterator[Parse]:
    """Parsing in worker processes for a bulk build: the copies parse there while this process
    writes the batch before (and the GIL stays free for the app), `BUILD_BATCH` at a time, so
    a build stopped (the app quitting) waits only for the few being parsed. A small build
    parses in place."""
    if not bulk:
        yield _immediately
        return
    workers = max(1, (os.cpu_count() or 1) - 1)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def parse(copies: Copies) -> list[Future[Texts]]:
        return [pool.submit(texts_of, copies[at : at + BUILD_BATCH]) for at in range(0, len(copies), BUILD_BATCH)]

    try:
        yield parse
    finally:
        pool.shutdown(cancel_futures=True)


def _batches(index: SearchIndex, ids: list[int], size: int) -> Iterator[tuple[int, Copies]]:
    """The copies of `ids` in batches of `size` copies or `BATCH_CHARS` characters, whichever
    is reached first, read `BUILD_BATCH` at a time (so that long posts are never all in memory);
    each with how many of the ids it stands for (a copy removed meanwhile counts too)."""
    batch: Copies = []
    chars = count = 0
    for at in range(0, len(ids), BUILD_BATCH):
        chunk = ids[at : at + BUILD_BATCH]
        copies = index.copies(chunk)
        count += len(chunk) - len(copies)
        for copy in copies:
            batch.append(copy)
            chars += len(copy[1])
            count += 1
            if len(batch) >= size or chars >= BATCH_CHARS:
                yield count, batch
                batch, chars, count = [], 0, 0
    if batch or count:
        yield count, batch


def _written(
    index: SearchIndex, batches: Iterator[tuple[int, Copies]], parse: Parse, run: Runner, stop: Callable[[], bool]
) -> Iterator[int]:
    """Parse the batches (`AHEAD` of the writes) and write each one, until `stop` says; yields
    how many copies each write stood for."""
    in_flight: deque[tuple[int, list[Future[Texts]]]] = deque()
    for count, copies in batches:
        if stop():
            return
        in_flight.append((count, parse(copies)))
        if len(in_flight) > AHEAD:
            yield _write(index, run, *in_flight.popleft())
    while in_flight and not stop():
        yield _write(index, run, *in_flight.popleft())


def _write(index: SearchIndex, run: Runner, count: int, parsed: list[Future[Texts]]) -> int:
    run(partial(index.store, [text for piece in parsed for text in piece.result()]))
    return count


def build_some(index: SearchIndex, batch: int = BUILD_BATCH) -> int:
    """Index up to `batch` waiting copies here and now; returns how many still wait."""
    return index.store(texts_of(index.copies(index.waiting()[:batch])))


def merge(index: SearchIndex, run: Runner = _here, stop: Callable[[], bool] = lambda: False) -> None:
    """Let FTS5 merge as rows arrive again, and catch up with the merges deferred, a step per
    transaction."""
    run(index.resume_merges)
    while not stop() and run(index.merge_step):
        pass


def build_all(
    index: SearchIndex,
    progress: Progress | None = None,
    *,
    batch: int | None = None,
    run: Runner = _here,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Index every waiting copy, a batch per transaction (`BUILD_BATCH`, or `BULK_BATCH` in a
    bulk build, unless `batch` says), telling `progress` after each. `run` runs each write;
    `stop` is asked between batches (what is left waits for the next build)."""
    if index.merges_deferred():
        merge(index, run, stop)  # a build killed before its end
    done = 0
    while not stop():
        ids = index.waiting()
        if not ids:
            return
        total = done + len(ids)
        bulk = len(ids) >= BULK_FROM
        size = batch or (BULK_BATCH if bulk else BUILD_BATCH)
        if bulk:
            run(index.defer_merges)
        with _parsing(bulk) as parse:
            for count in _written(index, _batches(index, ids, size), parse, run, stop):
                done += count
                if progress is not None:
                    progress(done, total)
        if stop():
            return  # merges stay deferred: the next build finishes them
        if bulk:
            merge(index, run, stop)
