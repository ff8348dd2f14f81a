"""The app's side of the library: history, reading positions and bookmarks, off the UI thread.

Recording an article hashes all of its Markdown, and a write waits for SQLite's lock while
another copy of the reader holds it: neither may freeze the screen. So every write, from every
screen, goes to one background thread, in order (a later position never loses to an earlier
one, a position is never written before its article's entry exists, and a change made in the
library screen lands before the reading screen asks whether its article is still saved), and
the UI thread only keeps the latest position in memory. The app writes positions at most every
`SAVE_INTERVAL` seconds while the reader scrolls, and on quit: a killed process loses at most
that interval. Reads (`Library.entries`, `lookup`) may run on any thread: they never wait for
a writer.

A library made before the search index has offline copies waiting to be indexed: once the
library is open, a thread of its own parses them (in a worker process) and sends each batch to
the library's thread like any other write, so the index grows while the app is used; the
library screen shows `indexing` as a progress line.

No Textual here: results come back as `Future`s, which the UI turns into calls on its thread
(`reader.ui.jobs.when_done`).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.convert.document import Document
    from reader.library import Entry, Library
    from reader.library.anchors import TextMap
    from reader.library.entry import Highlight
    from reader.model import Article, Position

SAVE_INTERVAL = 2.0
"""Seconds between position writes while the reader scrolls."""
CLOSE_TIMEOUT = 5.0
"""Seconds the app waits at exit for the last writes."""

T = TypeVar("T")
Spot = tuple["Position", float]
"""Where the reader is and how far through (percent), as the library stores it."""


@dataclass(eq=False, slots=True)
class Reading:
    """One article on screen as the library sees it: its Markdown, to record and save it, and
    the entry it was recorded under. It travels with the article through back and forward."""

    article: Article
    markdown: list[str] = field(default_factory=list)
    """The Markdown chunks as they arrived (filled by the load while it runs)."""
    from_html: bool = False
    document: Document | None = None
    """The whole document, when it came whole (an offline copy) or once it was assembled."""
    complete: bool = False
    """Everything arrived: only a whole article is recorded or saved."""
    entry_id: int | None = None
    bookmarked: bool = False
    resume: bool = False
    """Nothing said where to start, and the library knew no position before the load (stdin,
    a moved file): once recorded, go to the entry's position if the reader has not moved."""
    pending: Spot | None = None
    """The latest position seen on screen."""
    written: Spot | None = None
    """The position last sent to the library."""
    highlights: list[Highlight] = field(default_factory=list)
    """The article's highlights where they are in its text now (once it is recorded)."""
    moved_from: Position | None = None
    """The reading position stored, when the text there moved: the entry has where it is now."""
    _text_map: TextMap | None = None

    def text_map(self) -> TextMap:
        """The whole article's text and its digest, to anchor positions and highlights in it.
        Joins and hashes all the text once: call it off the UI thread, once it is complete."""
        if self._text_map is None:
            from reader.library.anchors import TextMap

            self._text_map = TextMap.of(self.article)
        return self._text_map

    def to_document(self) -> Document:
        """The article with its canonical Markdown. Joins every chunk: call it off the UI thread."""
        if self.document is None:
            from reader.convert.document import assemble

            self.document = assemble(self.article, self.markdown, from_html=self.from_html)
        return self.document


class Bookkeeper:
    """Opens the library on first use and runs its writes on one thread, in order."""

    def __init__(self, path: Path | None = None, *, library: Library | None = None) -> None:
        """`path`: the library file (by default the user's), opened on first use; or `library`,
        one already open, which the bookkeeper then leaves open when it closes."""
        self._path = path
        self._library = library
        self._owns_library = library is None
        self.problem: str | None = None
        """Why the library could not be opened, once that was tried and failed."""
        self._open_lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._dirty: dict[int, Reading] = {}
        self._last: Future[Any] | None = None
        self._closed = False
        self._executor_lock = threading.Lock()
        self.indexing: tuple[int, int] | None = None
        """(posts indexed, posts to index) while the search index is being built."""

    # the library itself

    def open_in_background(self) -> None:
        """Start opening the library in a thread (the app calls this once its first frame is out;
        a first frame that needs the library opens it, or is told the place by the launch's child)."""
        if self._library is None and self.problem is None:  # not opened (or failed) already
            threading.Thread(target=self.library, name="reader-library-open", daemon=True).start()

    def index_in_background(self) -> None:
        """Index what waits for the search index, in a thread. The app calls this once its
        first frame is out: even with nothing to index, the build's imports (its process
        pool) and queries took CPU that the first frame waited for."""
        threading.Thread(target=self.build_index, name="reader-library-index", daemon=True).start()

    def build_index(self) -> None:
        """Index the offline copies waiting for the search index (in the caller's thread: a
        background one), each batch written on the library's thread; `indexing` says how far."""
        library = self.library()
        if library is None or self.indexing is not None:
            return
        from reader.library.index_build import build_all

        def run(step: Callable[[], T]) -> T:
            return self.write(lambda _library: step()).result()

        def progress(done: int, total: int) -> None:
            self.indexing = (done, total)

        try:
            waiting = library.index.pending()
            if waiting:
                self.indexing = (0, waiting)
            build_all(library.index, progress, run=run, stop=lambda: self._closed)
        except (ReaderError, RuntimeError):
            pass  # the library went away (closing): the rest waits for the next start
        finally:
            self.indexing = None

    def library(self) -> Library | None:
        """The library, opened now if it was not yet (from any thread); None when it cannot be."""
        if self._library is not None or self.problem is not None:
            return self._library
        with self._open_lock:
            if self._library is None and self.problem is None:
                from reader.library import Library

                try:
                    self._library = Library.open(self._path)
                except ReaderError as exc:
                    self.problem = str(exc)
        return self._library

    def lookup(self, source: str, entry_id: int | None = None) -> Entry | None:
        """The entry a source (or an id) was saved under: where to resume, and whether it is
        bookmarked. A read, run in the caller's thread (the load worker); failures are None.

        While the library is still opening (the first article of a session; it opens after the
        app's first frame), a source is not looked up: the article shows at once, and once
        recorded it resumes where the reader stopped (`ReadingScreen.resume`), rather than
        waiting tens of milliseconds here."""
        if entry_id is None and self._library is None:
            return None
        library = self.library()
        if library is None:
            return None
        try:
            if entry_id is not None:
                return library.get(entry_id)
            return library.find(source) if source else None
        except ReaderError:
            return None

    def opened(self) -> Library:
        """The library, opened now if it was not yet; `ReaderError` when it cannot be."""
        library = self.library()
        if library is None:
            raise ReaderError(self.problem or "the library is not available")
        return library

    def offline_document(self, entry_id: int) -> Document:
        """The stored copy of a post, parsed (in the caller's thread, a load worker)."""
        return self.opened().offline_document(entry_id)

    def stored_picture(self, entry_id: int, url: str) -> bytes | None:
        """A saved post's picture kept in the library (a read, in the caller's thread: a
        picture worker); None when it keeps none, or the library cannot say."""
        library = self.library()
        try:
            return library.picture(entry_id, url) if library is not None else None
        except ReaderError:
            return None

    def saved_copy(self, source: str) -> Document:
        """The stored copy of a post named by its source, for when the source cannot be read
        (in the caller's thread, a load worker); `ReaderError` when there is none."""
        document = self.opened().saved_copy(source)
        if document is None:
            raise ReaderError(f"no offline copy of {source}")
        return document

    # writes, on the library's thread

    def write(self, job: Callable[[Library], T]) -> Future[T]:
        """Run `job` on the library's thread, after every write sent before it: the one way
        every screen changes the library."""

        def run() -> T:
            return job(self.opened())

        with self._executor_lock:  # the index builder's thread writes too
            if self._closed:
                # A message that was on its way as the app quit (an article finishing its load):
                # its write fails as any library failure does, never as an exception at exit.
                refused: Future[T] = Future()
                refused.set_exception(ReaderError("the library is closed"))
                return refused
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-library")
            future = self._executor.submit(run)
        self._last = future
        return future

    def record(self, reading: Reading) -> Future[Entry]:
        """Note that the article was opened: its history entry, with the position saved last
        time found again in the text as it is now (a converter change shifts block indices; a
        page fetched again may have changed), and its highlights found again likewise."""

        def job(library: Library) -> Entry:
            from reader.library.anchors import Placement, locate

            entry = library.record_open(reading.to_document())
            reading.entry_id = entry.id
            reading.bookmarked = entry.bookmarked
            text_map = reading.text_map()
            reading.highlights = library.highlights.relocate(entry.id, text_map)
            if entry.position_quote.text:
                found = locate(entry.position_anchor, text_map)
                if found.placement is Placement.MOVED:
                    reading.moved_from = entry.position
                    entry = dataclasses.replace(entry, position=found.anchor.start)
            return entry

        return self.write(job)

    def toggle_bookmark(self, reading: Reading) -> Future[bool]:
        """Save or unsave the article, with its offline copy; True when it is saved now."""

        def job(library: Library) -> bool:
            document = reading.to_document()
            saved = library.toggle_bookmark(document)
            # The entry may have been removed meanwhile (the library screen, another copy of
            # the reader): follow it to the one the toggle used.
            entry = library.lookup(document)
            reading.entry_id = entry.id if entry is not None else None
            reading.bookmarked = saved
            return saved

        return self.write(job)

    def keep_pictures(self, reading: Reading, pictures: list[tuple[str, bytes]]) -> Future[int]:
        """Store a saved post's pictures ((address, bytes), fetched beforehand off this
        thread); the number it keeps. None are kept if it was unsaved meanwhile."""

        def job(library: Library) -> int:
            return library.store_pictures(reading.entry_id, pictures) if reading.entry_id is not None else 0

        return self.write(job)

    def change_highlights(self, reading: Reading, change: Callable[[Library], object]) -> Future[None]:
        """Add, note or delete highlights; then `reading.highlights` holds the article's as stored."""

        def job(library: Library) -> None:
            change(library)
            if reading.entry_id is not None:
                reading.highlights = library.highlights.of_entry(reading.entry_id)

        return self.write(job)

    def refresh(self, reading: Reading) -> Future[Entry | None]:
        """Read the article's entry again (after the library screen may have changed it)."""

        def job(library: Library) -> Entry | None:
            entry = library.get(reading.entry_id) if reading.entry_id is not None else None
            if entry is None and reading.complete:
                entry = library.lookup(reading.to_document())
            reading.entry_id = entry.id if entry is not None else None
            reading.bookmarked = entry is not None and entry.bookmarked
            return entry

        return self.write(job)

    # positions

    def note_position(self, reading: Reading, position: Position, percent: float) -> bool:
        """Keep where the reader is now (UI thread, cheap); True when it differs from what
        was last written, so a write is due."""
        reading.pending = (position, percent)
        if reading.pending == reading.written:
            self._dirty.pop(id(reading), None)
            return False
        self._dirty[id(reading)] = reading
        return True

    def flush(self) -> Future[object] | None:
        """Send every position not yet written to the library's thread."""
        readings = list(self._dirty.values())
        self._dirty.clear()
        future: Future[object] | None = None
        for reading in readings:
            spot = reading.pending
            if spot is None or spot == reading.written or not reading.complete:
                continue
            reading.written = spot

            def job(library: Library, reading: Reading = reading, spot: Spot = spot) -> object:
                if reading.entry_id is None:
                    return False  # not recorded (the recording failed): nowhere to write
                quote = reading.text_map().anchor_at(spot[0]).quote
                if not library.save_position(reading.entry_id, *spot, quote):
                    reading.entry_id = None  # removed meanwhile: it stays removed
                return True

            future = self.write(job)
        return future

    def pending(self) -> Future[Any] | None:
        """The last write sent, while it is not done yet: once it is, so is every write before it."""
        last = self._last
        return last if last is not None and not last.done() else None

    def wait(self, timeout: float = CLOSE_TIMEOUT) -> bool:
        """Wait until every write sent so far is done; False if that took too long."""
        last = self._last
        if last is None:
            return True
        try:
            last.exception(timeout=timeout)
        except FutureTimeout:
            return False
        return True

    def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Write the last positions and close the library (at exit; waits up to `timeout`)."""
        if self._closed:
            return
        self.flush()
        with self._executor_lock:
            self._closed = True
        done = self.wait(timeout)
        if self._executor is not None:
            self._executor.shutdown(wait=done, cancel_futures=not done)
        if done and self._library is not None and self._owns_library:
            self._library.close()
