"""A source opened with its conversion in a child process, its chunks read as they come.

Why: the dump converts, then lays out what it converted; in one process each waits for the
other. With the conversion in a child (the app's, `reader.convert.process`), the dump's
process lays out a chunk while the child converts the next, on another core, and never
imports the converters. The child is forked from this process first (`get_ready`, while it has
one thread: `reader.convert.forked`), so that it imports the converters while this process
imports the layout and fetches the source; not for a local file whose conversion is cached,
which is read here, as in one process (a child would only unpickle it and pickle it again for
the pipe), nor for a short source (`APART_BYTES`).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from reader.convert import cache
from reader.source.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from reader.convert.document import OpenedSource

APART_BYTES = 128 * 1024
"""Shorter sources are converted in the dump's own process. A child costs the converters'
imports on the other core (0.2 s of CPU) and about 0.05 s on the way to the first line (its
start, the pickles); laying out a source takes about 0.3 s a megabyte, which the child saves:
below about 150 kB it would save less than it costs."""


def get_ready(source: str, base_url: str | None = None) -> None:
    """Fork the converting child now, without waiting for it, unless `source` is a local file
    whose conversion is cached (call before anything starts a thread). The extractors are left
    for the child to import when the source is a whole web page: nothing here would run beside
    their warm-up. A short source never imports `reader.convert.process` (and multiprocessing
    with it: a tenth of a short dump's CPU)."""
    if not _maybe_long(source):
        return
    if cache.enabled():
        from reader.convert.pipeline import Coming, what_comes

        if what_comes(source, base_url) is Coming.CACHED:
            return
    from reader.convert import process

    process.fork_early()


def open_apart(source: str, base_url: str | None = None, *, limits: Limits = DEFAULT_LIMITS) -> OpenedSource:
    """The article's metadata, its chunks converted in a child as they are read (or read from
    the cache). Raises the conversion's `ReaderError` as `pipeline.open_source` would."""
    from reader.convert.pipeline import cache_key, open_fetched, open_from_cache
    from reader.source.fetch import fetch

    try:
        fetched = fetch(source, limits=limits)
        key = None
        if cache.enabled():
            key = cache_key(fetched, base_url)
            cached = open_from_cache(fetched, key)
            if cached is not None:
                return cached
        if len(fetched.data) < APART_BYTES:
            return open_fetched(fetched, base_url, name=source, key=key)
        from reader.convert import process

        conversion = process.convert_alone(fetched, base_url, source, key=key)
    finally:
        _drop_early()  # not taken by a conversion: not needed
    return conversion.opened()


def _drop_early() -> None:
    """Kill the child `get_ready` forked, if any: there is none while `reader.convert.process`
    was never imported."""
    if "reader.convert.process" in sys.modules:
        from reader.convert import process

        process.drop_early()


def _maybe_long(source: str) -> bool:
    """Whether `source` may be `APART_BYTES` long or more: a URL or stdin may."""
    if source == "-" or "://" in source:
        return True
    try:
        return os.stat(source).st_size >= APART_BYTES
    except (OSError, ValueError):
        return False  # the fetch says what is wrong
