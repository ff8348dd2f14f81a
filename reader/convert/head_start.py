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
995 ms before, 775 ms after. Piped bytes (`reader -`) get a child forked before they are read
(`fork_now`), which imports the converters meanwhile, and handed them once read (`give`), where
the fork server warmed the extractors up first (a piped sample: 1.2 s to its first screen, now
0.47 s).

No fork server starts at the launch then: its imports would compete for the cores with the
child and with Textual. It starts for the next article a moment after the first has been shown
whole (`process.SERVER_PAUSE`): started at once, it competed with the keys pressed on the
first screen (`G` to the sample's end: 201 ms, against 99 ms with the pause; 3 and 5 runs). It
warms up the extractors when the first article is a web page, as it would have at the launch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.convert.document import StartOver
from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.convert.document import OpenedSource
    from reader.convert.pipeline import Ahead
    from reader.convert.process import Conversion, Converters, _Child
    from reader.source.fetch import Fetched

_Job = tuple[str, str | None, str]
"""What a conversion was asked for: the bytes' cache key, the base URL, the source's name."""


@dataclass(eq=False, slots=True)
class _Started:
    """The conversion `start` started: its job, and its child's handle until the job is sent."""

    job: _Job
    kill: Callable[[], None]
    """Kills the child (the job may still be on its way to it)."""
    asked: bool = False
    """The child answers a question once converted (`give`'s `then`)."""
    sent: threading.Event = field(default_factory=threading.Event)
    conversion: Conversion | None = None
    """Set once the job is sent (or could not be: the conversion then reads as stopped)."""

    def handed(self) -> Conversion | None:
        """The conversion, once the job is sent; None if the sending failed outright."""
        self.sent.wait()
        return self.conversion


_started: list[_Started] = []
"""The conversion `start` started, until it is taken or dropped."""
_forked: list[_Child] = []
"""A child `fork_now` forked, until `give` hands it its job or `drop` kills it."""


def start(ahead: Ahead, source: str, base_url: str | None, *, then: Callable[[], object] | None = None) -> bool:
    """Convert the file `ahead` read (`source`, as the app will name it) in a child forked now,
    which then answers `then` (`open_arrived`); False when there is no file, or this process has
    threads already (forking it is unsafe)."""
    return ahead.fetched is not None and fork_now() and give(ahead.fetched, ahead.key, base_url, source, then=then)


def fork_now() -> bool:
    """Fork the child now, its job to come (`give`): piped bytes are still to be read, and the
    child imports the converters meanwhile. False when this process has threads already."""
    from reader.convert import process  # not for a small file read from the cache at once (`open_arrived`)

    child = process.forked_child()
    if child is None:
        return False
    drop()
    _forked.append(child)
    return True


def give(
    fetched: Fetched, key: str, base_url: str | None, name: str, *, then: Callable[[], object] | None = None
) -> bool:
    """Hand the child `fork_now` forked its job: `fetched`, whose cache key is `key`, named
    `name` as the app's load will name it. The job goes from a thread: the child takes it once
    it has imported the converters, and this process would wait for that (0.1 s for a 2.5 MB
    page) before it imports Textual. False when no child is waiting."""
    if not _forked:
        return False
    from reader.convert import process

    child = _forked.pop()
    started = _Started((key, base_url, name), child.process.kill, then is not None)

    def send() -> None:
        try:
            started.conversion = process.Conversion(child, fetched, base_url, name, key=key, then=then)
        finally:
            started.sent.set()

    _started.append(started)
    threading.Thread(target=send, name="reader-head-start", daemon=True).start()
    return True


def asked() -> bool:
    """Whether the conversion `start` started answers a question once converted (the app then
    leaves its library for after its first frame: `Loader.open_cached`)."""
    return bool(_started) and _started[0].asked


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
        started = _started.pop()
        conversion = started.handed() if started.job == (key, base_url, name) else None
        if conversion is not None:
            conversion.when_ended(then)
            return conversion
        _stop(started)
    return converters.start(fetched, base_url, name, key)


def open_arrived(source: str, base_url: str | None = None) -> tuple[OpenedSource, object] | None:
    """A small local file opened at once, in a few milliseconds, so that the app shows it in its
    very first frame: from the cache, or from the conversion `start` started for it once its
    child has sent all, with the child's answer to `start`'s `then` (None from the cache). None
    for anything else (a URL, stdin, a large or unreadable file, a cache miss with no conversion
    here, or one still under way, which the load takes: `taken_or_started`); also when the
    conversion failed, for the load to meet the error again and show it."""
    from reader.convert import pipeline

    look = pipeline.quick_look(source, base_url)
    if look is None:
        return None
    fetched, key = look
    cached = pipeline.open_from_cache(fetched, key)
    if cached is not None or not _started or _started[0].job != (key, base_url, source):
        return None if cached is None else (cached, None)
    conversion = _started[0].conversion if _started[0].sent.is_set() else None
    if conversion is None or not conversion.arrived_whole():
        return None
    _started.pop()
    try:
        opened = conversion.opened()
        chunks = list(opened.chunks)  # here already: unpickled only
    except (ReaderError, StartOver):
        return None
    opened.chunks = iter(chunks)
    return opened, conversion.answer


def drop() -> None:
    """Stop the conversion `start` started, unless it was taken (or the child forked for one)."""
    while _forked:
        _forked.pop().kill()
    while _started:
        _stop(_started.pop())


def _stop(started: _Started) -> None:
    """Kill the child now (its job may still be on its way: the send then fails, and the
    conversion reads as ended), then let the conversion go once it is made."""
    started.kill()
    conversion = started.handed()
    if conversion is not None:
        conversion.stop()
