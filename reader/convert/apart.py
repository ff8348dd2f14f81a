"""A source opened with its conversion in a child process, its chunks read as they come.

Why: the dump converts, then lays out what it converted; in one process each waits for the
other. With the conversion in a child (the app's, `reader.convert.process`), the dump's
process lays out a chunk while the child converts the next, on another core, and never
imports the converters. The fork server starts before the source is fetched, so that its
imports run meanwhile; not for a local file whose conversion is cached, which is read here,
as in one process (a child would only unpickle it and pickle it again for the pipe).
"""

from __future__ import annotations

from reader.convert import cache
from reader.convert.document import OpenedSource
from reader.convert.pipeline import Coming, cache_key, open_from_cache, what_comes
from reader.source.fetch import DEFAULT_LIMITS, Limits, fetch


def open_apart(source: str, base_url: str | None = None, *, limits: Limits = DEFAULT_LIMITS) -> OpenedSource:
    """The article's metadata, its chunks converted in a child as they are read (or read from
    the cache). Raises the conversion's `ReaderError` as `pipeline.open_source` would."""
    from reader.convert import process

    caching = cache.enabled()
    if not caching or what_comes(source, base_url) is not Coming.CACHED:
        process.start_server(warm=False)  # the extractors are imported when a page needs them
    fetched = fetch(source, limits=limits)
    key = None
    if caching:
        key = cache_key(fetched, base_url)
        cached = open_from_cache(fetched, key)
        if cached is not None:
            return cached
    return process.convert_alone(fetched, base_url, source, key=key).opened()
