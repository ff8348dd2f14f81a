"""The first article's conversion, started as the command starts, before the app asks for it.

Why: the app asks for its first article's conversion once Textual has imported and drawn its
first frame, 0.7-0.8 s after the command started (a bare Textual app shows its first screen at
0.4 s on the same machine). A fork server's child then took the job: forked then, it converted
the bundled sample in 0.1 s, all of it on the way to the first screen; and a 2.5 MB page's
child had its job only at 1.1 s, once the server had imported and warmed up the extractors.

How: the launch reads a local file anyway, to look it up in the cache (`pipeline.look_ahead`).
While its process has one thread, it forks the conversion's child from itself, as a dump does
(`reader.convert.forked`), and hands it the job at once: the child imports the converters and
converts on the other core while this process imports Textual. The app's first load takes that
conversion when it asks for the same bytes' (the same cache key, base and name,
`taken_or_started`); anything else drops it, and so does the app's end (`drop`): a child never
outlives the app. The bundled sample's first screen, cache off (`benchmarks.app`, 5 runs):
995 ms before, 775 ms after.

No fork server starts at the launch then: its imports would compete for the cores with the
child and with Textual. It starts for the next article a moment after the first has been shown
whole (`process.SERVER_PAUSE`): started at once, it competed with the keys pressed on the
first screen (`G` to the sample's end: 201 ms, against 99 ms with the pause; 3 and 5 runs). It
warms up the extractors when the first article is a web page, as it would have at the launch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.convert.document import StartOver
from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.convert.document import OpenedSource
    from reader.convert.pipeline import Ahead
    from reader.convert.process import Conversion, Converters
    from reader.source.fetch import Fetched

_Job = tuple[str, str | None, str]
"""What a conversion was asked for: the bytes' cache key, the base URL, the source's name."""

_started: list[tuple[_Job, Conversion]] = []
"""The conversion `start` started, until it is taken or dropped."""


def start(ahead: Ahead, source: str, base_url: str | None) -> bool:
    """Convert the file `ahead` read (`source`, as the app will name it) in a child forked now;
    False when there is no file, or this process has threads already (forking it is unsafe)."""
    if ahead.fetched is None:
        return False
    from reader.convert import process  # not for a small file read from the cache at once (`open_arrived`)

    child = process.forked_child()
    if child is None:
        return False
    drop()
    conversion = process.Conversion(child, ahead.fetched, base_url, source, key=ahead.key)
    _started.append(((ahead.key, base_url, source), conversion))
    return True


def taken_or_started(
    converters: Converters,
    fetched: Fetched,
    base_url: str | None,
    name: str,
    key: str,
    *,
    then: Callable[[], None],
) -> Conversion:
    """The conversion `start` started, when it was for these bytes (their cache key `key`),
    `base_url` and `name`, calling `then` once its child has sent all (to make the next
    article's child ready); else one `converters` start now. A conversion started for other
    bytes (the file changed since, or the app opened another source first) is dropped: it
    would only hold a core and memory."""
    if _started:
        job, conversion = _started.pop()
        if job == (key, base_url, name):
            conversion.when_ended(then)
            return conversion
        conversion.stop()
    return converters.start(fetched, base_url, name, key)


def open_arrived(source: str, base_url: str | None) -> OpenedSource | None:
    """A small local file opened at once: from the cache (`pipeline.open_cached`), or from the
    conversion `start` started for it once its child has sent all, so that the app shows it in
    its first frame instead of a frame without it. None for anything else (a conversion still
    under way is taken by the load, `taken_or_started`); also when the conversion failed, for
    the load to meet the error again and show it."""
    from reader.convert import pipeline

    look = pipeline.quick_look(source, base_url)
    if look is None:
        return None
    fetched, key = look
    cached = pipeline.open_from_cache(fetched, key)
    if cached is not None or not _started or _started[0][0] != (key, base_url, source):
        return cached
    if not _started[0][1].arrived_whole():
        return None
    conversion = _started.pop()[1]
    try:
        opened = conversion.opened()
        chunks = list(opened.chunks)  # here already: unpickled only
    except (ReaderError, StartOver):
        return None
    opened.chunks = iter(chunks)
    return opened


def drop() -> None:
    """Stop the conversion `start` started, unless it was taken."""
    while _started:
        _started.pop()[1].stop()
