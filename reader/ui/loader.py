"""The reading screen's loads: one at a time, in a thread worker, its parts posted as messages.

`Loader.start` opens a source (a path, a URL, or bytes already read) in a thread: it asks the
library where the reader stopped last time, fetches, and has a child process convert the body
(`reader.convert.process`), streamed back a chunk at a time, each part posted to the screen
(`reader.ui.messages`): the top of a long article shows after its first chunk, the CPU work
never holds this process's interpreter lock, and Esc kills the child at once. A child that
guessed a large page's start wrong starts over (`StartOver`): the article is handed over anew.
A reopened article's first part holds the blocks up to the place the reader stopped at, so its
first frame shows that place. A post's offline copy stands in when its source is gone or fails.

Each load has a token; a new load cancels the one before, and the screen takes only the messages
of the current one. The worker hands over a part at a time (once the screen has taken and drawn
the last, all the child sent meanwhile, up to `BATCH_BLOCKS`), so that keys typed while a long
article arrives are not queued behind all of it, and the screen is drawn between parts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from reader.convert.document import StartOver
from reader.errors import Cancelled, ReaderError, as_reader_error
from reader.model import Position
from reader.ui.collector import COLLECTOR
from reader.ui.download_progress import DownloadProgress
from reader.ui.messages import BlocksArrived, LoadBegun, LoadFailed, LoadFinished, LoadMessage

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.convert.document import Document, OpenedSource
    from reader.convert.process import Conversion, Converters
    from reader.library import Entry
    from reader.model import Block, Metadata
    from reader.source.fetch import Fetched
    from reader.source.limits import Limits
    from reader.ui.history import Place

OFFLINE_SLICE = 1000
"""Blocks of an offline copy handed to the screen at a time, so a long one shows its top early."""
HANDOVER_POLL = 0.1
"""Seconds between looks at whether a load waiting for the screen was cancelled meanwhile."""
BATCH_BLOCKS = 100
"""Most blocks handed over at once, at first; then what the screen takes in `PART_SECONDS` (`Load.pace`)."""
PART_SECONDS = 0.03
MOST_BLOCKS = 5000

Lookup = Callable[[str, "int | None"], "Entry | None"]  # a source's (or an entry id's) library entry
SavedCopy = Callable[[str], "Document"]  # a source's offline copy (`ReaderError` when it has none)


def _ready() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


@dataclass(eq=False, frozen=True, slots=True)
class Offline:
    """A post's offline copy, to show instead of its source (`only`) or when the source fails."""

    read: Callable[[], Document]
    """Parses the copy (called in the load worker)."""
    only: bool = False
    """Do not try the source: it is gone (a missing file, or stdin)."""
    reason: str = ""
    """Why the copy is shown instead, for the notice (with `only`)."""


@dataclass(eq=False, slots=True)
class Load:
    """A load under way: what it opens, where to go once it is there, and how far it got."""

    token: int
    source: str
    base_url: str | None = None
    fetched: Fetched | None = None
    position: Position | None = None
    """Where to open: asked for, or where the reader stopped (set by the worker before the
    article shows); None once there, or once the reader moved."""
    fragment: str = ""
    leaving: Place | None = None
    """Where the reader was; it goes on the back stack once the new article shows."""
    entry_id: int | None = None
    """The library entry being opened, when it was chosen in the library."""
    offline: Offline | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    taken: threading.Event = field(default_factory=_ready)
    """The screen took the last part handed over: the worker may post the next."""
    shown: bool = False
    """The article's metadata is on screen (a failure now keeps what arrived)."""
    started: bool = False  # blocks have arrived
    at_end: bool = False
    """G was pressed while loading: the view follows the end as the rest arrives."""
    moved: bool = False  # on their own once it showed: a start over opens at the top (or end), not at `position`
    guess_void: bool = False
    """What shows is a large page's start that proved not to be its article (`StartOver`, set by
    the worker), until the article shows anew: Esc or a failure now keeps nothing of it."""
    received: int = 0
    total: int | None = None
    markdown: list[str] = field(default_factory=list)
    """The Markdown of the chunks so far (appended by the worker), for the library."""
    conversion: Conversion | None = None
    """The child process converting the source, once it was fetched (killed by `cancel`)."""
    batch: int = BATCH_BLOCKS
    """Most blocks handed over at once (`pace`)."""

    @property
    def keeps_what_shows(self) -> bool:
        """Whether what shows is the article's, kept (marked partial) on Esc or a failure: its
        metadata shows, and it is not a large page's start that proved not to be its article."""
        return self.shown and not self.guess_void

    def pace(self, blocks: int, seconds: float) -> None:
        """The screen took `blocks` in `seconds`: hand over about `PART_SECONDS`' worth at once
        (a long article reopened from the cache arrives far faster than the screen's frames)."""
        if blocks >= self.batch // 2:
            self.batch = max(BATCH_BLOCKS, min(MOST_BLOCKS, round(blocks * PART_SECONDS / max(seconds, 1e-3))))


class Loader:
    """Starts, cancels and runs the loads of one screen, which receives their messages."""

    def __init__(
        self,
        screen: Screen[Any],
        lookup: Lookup,
        limits: Limits | None = None,
        saved_copy: SavedCopy | None = None,
    ) -> None:
        self._screen = screen
        self._lookup = lookup
        self._limits = limits
        self._saved_copy = saved_copy
        self._load: Load | None = None
        self._tokens = 0
        self._converters: Converters | None = None
        self._warm_later = False

    def converters(self) -> Converters:
        """The child processes that convert (made on first use: the module loads then)."""
        if self._converters is None:
            from reader.convert.process import Converters

            self._converters = Converters()
        return self._converters

    def warm(self) -> None:
        """Have a child process ready to convert (started in a thread), so that the next
        article fetched does not wait for one; once the load under way is over (the fork
        server's imports would take CPU from an article read from the cache)."""
        self._warm_later = self._load is not None
        if not self._warm_later:
            self.converters().warm_in_background()

    def close(self) -> None:
        """The screen is going: stop the load, and let no child process outlive it."""
        self.cancel()
        if self._converters is not None:
            self._converters.close()

    @property
    def load(self) -> Load | None:
        """The load under way, if one is."""
        return self._load

    def current(self, message: LoadMessage) -> Load | None:
        """The load a message is about, while it is the current one (else the message is stale)."""
        load = self._load
        return load if load is not None and load.token == message.token else None

    def take(self, message: LoadMessage) -> Load | None:
        """`current`, for a part the worker handed over: it may hand over the next once the
        screen has drawn this one. Textual draws a screen only when its queue of messages is
        empty: parts posted as soon as the last was taken kept it full, and the screen undrawn
        (keys answered, nothing shown) until the whole article was in."""
        load = self.current(message)
        if load is not None:
            self._screen.call_after_refresh(load.taken.set)
            COLLECTOR.arrived(len(message.blocks))  # kept out of full collections' view
        return load

    def new(self, source: str, **details: Any) -> Load:
        """A new load (cancelling the one under way), not started yet."""
        self.cancel()
        self._tokens += 1
        self._load = Load(self._tokens, source, **details)
        return self._load

    def start(self, load: Load) -> None:
        """Run `load` in the worker; its parts arrive as messages."""
        run = partial(self._run, load)
        # Described: Textual's default description is the repr of `run`, and so of the load,
        # with the bytes of a page already fetched (seconds of the UI thread at 25 MB).
        description = f"load {load.token}"
        self._screen.run_worker(
            run, thread=True, exclusive=True, group="load", description=description, exit_on_error=False
        )
        self._screen.call_after_refresh(COLLECTOR.renew)  # while it is fetched and converted

    def open_cached(
        self, source: str, base_url: str | None, position: Position | None
    ) -> tuple[Load, OpenedSource, Entry | None] | None:
        """A small local file whose conversion is cached, or was made by the launch's child
        already (`head_start.open_arrived`), opened as a new load here on the UI thread, before
        the first frame (a few milliseconds, where a worker would cost a frame drawn without
        it), with its library entry; None for anything else, which then goes to the worker. Told
        the place by the launch's child (`launch.saved_place`), it leaves the library for later."""
        from reader.convert.head_start import open_arrived

        arrived = open_arrived(source, base_url)
        if arrived is None:
            return None
        opened, answer = arrived
        told = answer if isinstance(answer, Position) else None  # by the launch's child
        load = self.new(source, base_url=base_url, position=position)
        entry = None if told is not None else self._lookup(source, None)
        self._aim(load, told if entry is None else entry.position)
        return load, opened, entry

    def reader_moved(self, *, to_end: bool = False, on_screen: bool = True) -> None:
        """The reader moved on their own while the article loads: the place the load was to
        go to (where they stopped last time, a link's #anchor) no longer applies. `to_end`
        (G): the view follows the end as the rest arrives, also when pressed with nothing on
        screen (`on_screen` False); a move of an old article on screen is meant for it."""
        load = self._load
        if load is not None and (load.shown or (to_end and not on_screen)):
            load.position, load.fragment, load.at_end, load.moved = None, "", to_end, True
            if not to_end and load.conversion is not None:  # the rest may come more slowly, keys may not
                load.conversion.yield_to_reader()

    def finished(self, load: Load) -> None:
        """The screen has shown all of `load`, or given it up."""
        if self._load is load:
            self._load = None
            COLLECTOR.done()
            if self._warm_later:
                self.warm()

    def cancel(self) -> None:
        load = self._load
        if load is not None:
            load.cancel.set()
            if load.conversion is not None:
                load.conversion.stop()  # a kill: the load stops now, not at its next chunk
            self._load = None
            COLLECTOR.done()
        self._screen.workers.cancel_group(self._screen, "load")

    # in the worker
    def _run(self, load: Load) -> None:
        worker = get_current_worker()

        def stale() -> bool:
            return load.cancel.is_set() or worker.is_cancelled

        try:
            entry = self._lookup(load.source, load.entry_id)
            self._aim(load, None if entry is None else entry.position)
            aim = load.position, load.fragment
            opened, notice = self._open(load, stale)
            while not stale():
                try:
                    self._deliver(load, opened, entry, notice, stale)
                    break
                except StartOver as over:  # the child guessed the page's start wrong: show it anew
                    load.guess_void = True
                    opened, load.markdown = over.opened, []  # the guess's own list stays the guess's
                    if not load.moved:  # the place to open at, which the guess took, is the article's
                        load.position, load.fragment = aim
        except Cancelled:
            return
        except Exception as exc:  # its ReaderError, or a bug in a stage: report it, keep the app alive
            self._hand_over(load, LoadFailed(load.token, as_reader_error(exc)), stale)

    @staticmethod
    def _aim(load: Load, saved: Position | None) -> None:
        """With no place asked for, go back to where the reader stopped last time ((0, 0) is
        the top, which needs no going to)."""
        if saved is not None and saved != Position(0, 0) and load.position is None and not load.fragment:
            load.position = saved

    def _open(self, load: Load, stale: Callable[[], bool]) -> tuple[OpenedSource | Document, str]:
        """The source opened (its chunks still to convert), or the offline copy when the
        source is gone or fails; with the notice that says why the copy shows."""
        offline = load.offline
        if offline is not None and offline.only:
            return offline.read(), offline.reason
        try:
            return self._open_source(load), ""
        except Cancelled:
            raise
        except ReaderError as exc:
            # Whenever the source cannot be read, a saved post's copy stands in for it.
            read = offline.read if offline is not None else self._saved_copy and partial(self._saved_copy, load.source)
            if read is None or stale():
                raise
            try:
                return read(), f"{exc}. Showing the offline copy."
            except ReaderError:
                raise exc from None  # the source's failure is the one worth showing

    def _open_source(self, load: Load) -> OpenedSource:
        """Fetch here (a download reports its progress and stops on Esc), convert in a child."""
        fetched, name = load.fetched, ""
        if fetched is None:
            from reader.source.fetch import fetch

            extra = {"limits": self._limits} if self._limits is not None else {}
            progress = DownloadProgress(self._screen, load.token)
            fetched = fetch(load.source, progress=progress, cancel=load.cancel, **extra)
            name = load.source
        if load.cancel.is_set():
            raise Cancelled("cancelled")
        from reader.convert.pipeline import cache_key, open_from_cache

        key = cache_key(fetched, load.base_url)  # hashed once: the child is handed it
        cached = open_from_cache(fetched, key)
        if cached is not None:
            return cached  # read here, a chunk at a time (`_chunks`): no converter runs
        from reader.convert.head_start import taken_or_started

        conversion = taken_or_started(self.converters(), fetched, load.base_url, name, key, then=self.warm)
        load.conversion = conversion
        if load.cancel.is_set():  # Esc came while the child was being handed the job
            conversion.stop()
        return conversion.opened()

    def _deliver(
        self, load: Load, opened: OpenedSource | Document, entry: Entry | None, notice: str, stale: Callable[[], bool]
    ) -> None:
        """Hand the article over part by part: its metadata (with the blocks up to the place
        it opens at, when it opens at one; else with the first part when it has arrived
        already, drawn in the same frame), then its blocks as they come."""
        metadata, from_html, document, parts = _parts(opened, load)
        held: list[Block] = []
        if load.position is not None:
            for blocks in parts:  # converted, not shown, until the place is in
                held += blocks
                if stale():
                    return
                if load.position.block < len(held):
                    break
        elif load.conversion is None or load.conversion.ready():
            held = next(parts, [])
        begin = LoadBegun(load.token, metadata, held, entry, from_html=from_html, document=document)
        if not self._hand_over(load, begin, stale):
            return
        for blocks in parts:  # the rest
            if not self._hand_over(load, BlocksArrived(load.token, blocks), stale):
                return
        self._hand_over(load, LoadFinished(load.token, notice), stale)

    def _hand_over(self, load: Load, message: LoadMessage, stale: Callable[[], bool]) -> bool:
        """Post `message` once the screen has taken the one before; False if the load went
        stale meanwhile."""
        while not load.taken.wait(HANDOVER_POLL):
            if stale():
                return False
        if stale():
            return False
        load.taken.clear()
        self._screen.post_message(message)
        return True


def _parts(
    opened: OpenedSource | Document, load: Load
) -> tuple[Metadata, bool, Document | None, Iterator[list[Block]]]:
    """(metadata, from_html, the whole document when it came whole, the blocks as they come)."""
    from reader.convert.document import Document

    if isinstance(opened, Document):
        blocks = opened.article.blocks
        slices = (blocks[start : start + OFFLINE_SLICE] for start in range(0, len(blocks), OFFLINE_SLICE))
        return opened.article.metadata, opened.from_html, opened, slices
    return opened.metadata, opened.from_html, None, _chunks(opened, load)


def _chunks(opened: OpenedSource, load: Load) -> Iterator[list[Block]]:
    """The source's blocks as they come: each chunk's, with those of the chunks that arrived
    meanwhile (up to `BATCH_BLOCKS`); each chunk's Markdown goes to `load.markdown`, for the
    library."""
    batch: list[Block] = []
    conversion = load.conversion  # None: read from the cache, the next chunk always ready
    for chunk in opened.chunks:
        load.markdown.append(chunk.markdown)
        batch += chunk.blocks
        if len(batch) >= load.batch or (conversion is not None and not conversion.ready()):
            yield batch
            batch = []
    if batch:
        yield batch
