"""The article pipeline from a source to an `Article`: fetch, decode, front matter, extract,
clean, convert, parse. No stage here knows about the screen.

`open_source` does the fast part and returns the remaining work as an iterator of chunks,
so the app can show the top of a long article while the rest is still being converted.
The converters themselves live in `reader.convert.chunked`, loaded only on a cache miss.
"""

from __future__ import annotations

import enum
import os
import stat
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from reader.convert import cache
from reader.convert.document import Chunk, Document, OpenedSource, StartOver, finish
from reader.convert.page_kind import LARGE_PAGE_CHARS, is_full_page, is_large_page
from reader.errors import NotText, ReaderError
from reader.model import Block
from reader.source.fetch import DEFAULT_LIMITS, Fetched, Limits, Progress, fetch


def open_source(
    source: str,
    base_url: str | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> OpenedSource:
    fetched = fetch(source, progress=progress, cancel=cancel, limits=limits)
    return open_fetched(fetched, base_url, name=source)


QUICK_FILE_BYTES = 1024 * 1024
"""Files up to this size may be read and looked up in the cache without a worker thread."""
LOOKUP_FILE_BYTES = 64 * 1024 * 1024
"""Files up to this size are looked up in the cache before the app starts (`what_comes`):
hashing 25 MB takes about 50 ms, where starting the converters for an article the cache
holds costs a second or two of CPU that the reopening needs."""


class Coming(enum.Enum):
    """What opening a source will ask of the converters, guessed before it is opened."""

    CACHED = "cached"
    """Shown from the cache: no converter runs."""
    TEXT = "text"
    """A post, a fragment or Markdown: converted, never extracted."""
    PAGE = "page"
    """A whole web page, or not known yet (a URL, stdin, a file too large to look at): extracted too."""
    LARGE_PAGE = "large page"
    """A whole web page above `page_kind.LARGE_PAGE_CHARS`: extracted by readability-lxml
    alone, never by the vote (`reader.convert.extract`)."""


def what_comes(source: str, base_url: str | None = None) -> Coming:
    """A guess from a local file's first bytes (looked up in the cache, not read from
    it), so that the app can get the converters ready before the article is opened: the
    extractors' second of warm-up only for pages that need them."""
    return look_ahead(source, base_url).coming


@dataclass(frozen=True, slots=True)
class Ahead:
    """`what_comes`'s guess, with the local file it looked at (read, and its cache key), so
    that its conversion can start before the app asks for it (`reader.convert.head_start`)."""

    coming: Coming
    fetched: Fetched | None = None
    key: str = ""


def look_ahead(source: str, base_url: str | None = None) -> Ahead:
    """`what_comes`, with what it read."""
    look = quick_look(source, base_url, LOOKUP_FILE_BYTES)
    if look is None:
        return Ahead(Coming.PAGE)
    fetched, key = look
    if cache.has(key):
        return Ahead(Coming.CACHED)
    head = fetched.data[: 16 * 1024].decode("utf-8", "replace")
    post = head.lstrip("\ufeff \t\r\n").startswith("---")
    if "html" not in fetched.media_type or post or not is_full_page(head):
        return Ahead(Coming.TEXT, fetched, key)
    return Ahead(Coming.LARGE_PAGE if is_large_page(fetched.data) else Coming.PAGE, fetched, key)


_Look = tuple[Fetched, str]
"""A local file, read, and its cache key."""


@dataclass(eq=False, frozen=True, slots=True)
class _LastLook:
    """The last file looked at, by what it was then (`_identity`): its cache key, whatever its
    size, for the app's load of that file (`cache_key`) instead of hashing its bytes again; and
    for a small file, the look itself, taken once by the second asker."""

    same: tuple[object, ...]
    key: str
    look: _Look | None


_last: list[_LastLook] = []
"""One entry at most."""


def quick_look(source: str, base_url: str | None, most: int | None = None) -> _Look | None:
    """A local file of up to `most` bytes (`QUICK_FILE_BYTES`), read, with its cache key; None for anything else.

    The launch asks `what_comes` and the app `head_start.open_arrived` about the same file
    before the first screen: a small file is read and hashed once, and the second look takes
    the first's, once, if the file is still what it was. (A larger one is not kept:
    `open_arrived` never asks for it, and holding megabytes for nothing would cost memory; only its key is
    kept, for the load that reads it again.)"""
    if source == "-" or "://" in source:
        return None
    most = QUICK_FILE_BYTES if most is None else most
    path = Path(source).expanduser()
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > most:
            return None
        same = (source, base_url, *_identity(status))
        last = _last.pop() if _last else None
        if last is not None and last.same == same and last.look is not None:
            _last.append(_LastLook(same, last.key, None))
            return last.look
        fetched = fetch(str(path))
    except (OSError, ValueError, ReaderError):  # ValueError: a NUL in the name
        return None
    look = (fetched, _cache_key(fetched, base_url))
    kept = look if status.st_size <= QUICK_FILE_BYTES else None
    _last[:] = [_LastLook((fetched.source, base_url, *_identity(status)), look[1], kept)]
    return look


def _identity(status: os.stat_result) -> tuple[int, ...]:
    """What a file is, as far as its bytes go: a write changes its change time (or its size)."""
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def cache_key(fetched: Fetched, base_url: str | None = None) -> str:
    """The cache key of fetched bytes (a digest of them all, 50 ms for 25 MB), worked out once
    an opening: a local file the launch looked at (`what_comes`) takes that look's key when it
    is still what it was then; the caller passes the key on (`open_from_cache`, the child's
    `open_fetched`) rather than have each hash the bytes again."""
    if _hashed and _hashed[0][0]() is fetched and _hashed[0][1] == base_url:
        return _hashed[0][2]
    if fetched.base_url.startswith("file:") and _last:
        try:
            status = os.stat(fetched.source)
        except (OSError, ValueError):
            status = None
        same = None if status is None else (fetched.source, base_url, *_identity(status))
        if status is not None and status.st_size == len(fetched.data) and _last[0].same == same:
            return _last[0].key
    key = _cache_key(fetched, base_url)
    _hashed[:] = [(weakref.ref(fetched), base_url, key)]
    return key


_hashed: list[tuple[weakref.ref[Fetched], str | None, str]] = []
"""The last bytes `cache_key` hashed, as long as something else holds them, and their key:
piped bytes are hashed by the launch (to hand the child their key) and asked about again by
the app's load. A weak reference, so that closing an article frees its bytes."""


def open_from_cache(fetched: Fetched, key: str) -> OpenedSource | None:
    """Fetched bytes whose conversion is cached under `key` (`cache_key`), opened with their
    chunks read as they are asked for; None on a miss. The app reads a cached article in its
    own process: a child would only unpickle each chunk and pickle it again for the pipe (as
    long as the app's own unpickling, on another core that a busy machine may not have)."""
    return _from_cache(fetched, key)


def _cache_key(fetched: Fetched, base_url: str | None) -> str:
    return cache.key_for(fetched.data, fetched.media_type, fetched.charset or "", base_url or fetched.base_url)


def _from_cache(fetched: Fetched, key: str) -> OpenedSource | None:
    cached = cache.load(key)
    if cached is None:
        return None
    metadata = replace(cached.metadata, source=fetched.source)
    chunks = (Chunk(markdown, blocks) for markdown, blocks in cached.chunks)  # read as they go
    return OpenedSource(metadata, chunks, cached.is_markdown, fetched, cached.from_html)


def open_fetched(
    fetched: Fetched, base_url: str | None = None, *, name: str = "", key: str | None = None, early: bool = False
) -> OpenedSource:
    """Convert fetched bytes, or take the conversion from the cache when these bytes were
    converted before by the same code (see `reader.convert.cache`). `name` is what an error
    calls the source (the path as given); the fetched source by default. `key`: the bytes'
    cache key when the caller has it (`cache_key`), so that they are not hashed again.
    `early`: a large page's first chunk comes from its start (`reader.convert.early`), and its
    chunks may raise `StartOver`."""
    if cache.enabled():  # else the key would serve nothing (it hashes the bytes and our code)
        key = key or _cache_key(fetched, base_url)
        cached = _from_cache(fetched, key)
        if cached is not None:
            return cached
    base = base_url or fetched.base_url
    from reader.source.decode import decode

    try:
        text = decode(fetched.data, fetched.charset).text
    except NotText:
        name = name or fetched.source
        raise NotText("standard input" if name == "-" else name) from None
    if early:
        from reader.convert.early import open_text as open_early

        opened = open_early(text, fetched.media_type, fetched.source, base, fetched)
    else:
        opened = open_text(text, fetched.media_type, fetched.source, base, fetched)
    if cache.enabled() and key is not None:  # else nothing keeps the chunks: the whole article, at 25 MB
        opened.chunks = _caching(opened.chunks, opened, key)
    return opened


def _caching(chunks: Iterator[Chunk], opened: OpenedSource, key: str) -> Iterator[Chunk]:
    """Pass the chunks on; once the last one is through, keep the whole conversion (when the
    conversion starts over, the one it starts over with)."""
    done: list[tuple[str, list[Block]]] = []
    try:
        for chunk in chunks:
            done.append((chunk.markdown, chunk.blocks))
            yield chunk
    except StartOver as over:
        over.opened.chunks = _caching(over.opened.chunks, over.opened, key)
        raise
    cache.store(key, cache.CachedArticle(replace(opened.metadata), done, opened.is_markdown, opened.from_html))


def open_text(
    text: str,
    media_type: str = "",
    source: str = "",
    base_url: str = "",
    fetched: Fetched | None = None,
    *,
    from_html: bool = False,
) -> OpenedSource:
    """Metadata and the first chunk now, the rest later: the fast half of the pipeline. The
    Markdown of large HTML is made in a forked process while this one parses it
    (`reader.convert.ahead`), as the app's conversion makes it (`reader.convert.early`): in a
    dump's conversion child, html2text and markdown-it then run side by side, where they ran
    one after the other while the dump's own process, laying out, waited for them (a 2.5 MB
    page: the child's CPU 2.3 -> 1.65 s, with 0.7 s in its helper beside it)."""
    from reader.convert import chunked as conversion

    ahead = len(text) > LARGE_PAGE_CHARS
    return conversion.open_text(text, media_type, source, base_url, fetched, from_html=from_html, ahead=ahead)


def load(source: str, base_url: str | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    return finish(open_source(source, base_url, limits=limits))


def load_text(
    text: str, media_type: str = "", source: str = "", base_url: str = "", *, from_html: bool = False
) -> Document:
    """Convert text already in hand; `from_html` for Markdown that html2text wrote."""
    return finish(open_text(text, media_type, source, base_url, from_html=from_html))
