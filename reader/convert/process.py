"""Converting in another process: the app's side of `reader.convert.worker`.

Why a process: the conversion is CPU work in Python, and in a thread of the app it holds the
interpreter lock, so the event loop that answers keys waits behind it (a key took seconds
while a 24 MB page loaded). In a child process it runs beside the app, and stopping it is a
kill, immediate, where a thread could only be asked to stop at its next chunk.

How: children come from a fork server (`multiprocessing`'s "forkserver" start method) that imported
the converters once and warmed them up (`worker.PRELOAD`): forking after Textual's threads have
started would be unsafe, and spawning a fresh interpreter per article would import the converters
again each time. The app starts the server first thing (`start_server`), so that its second of CPU
runs on another core while Textual starts; or, when the launch forked the first article's child
itself (`reader.convert.head_start`), once that article is shown. One child waits, forked
(`Converters`): the next article need not wait for a fork. Each child does one job. A dump forks its
one child from itself (`fork_early`, `reader.convert.forked`): no server to start.

A child never outlives the app: a conversion given up is killed (`Conversion.stop`), the waiting
one when the app closes (`Converters.close`), the rest with the app's process (`reader.convert.worker`).
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from threading import Timer
from typing import TYPE_CHECKING, Any

from reader.convert import worker
from reader.convert.arrivals import Arrivals
from reader.convert.crossing import decode_error
from reader.convert.document import Chunk, OpenedSource, StartOver
from reader.convert.forked import fork
from reader.convert.forking import ForkedProcess
from reader.errors import INTERRUPTED, Cancelled, Interrupted, ReaderError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkServerContext
    from multiprocessing.process import BaseProcess

    from reader.source.fetch import Fetched

_STARTING = threading.Lock()


_preload = list(worker.PRELOAD)

SERVER_PAUSE = 2.0  # seconds after the launch's conversion before the fork server starts (`warm_in_background`)
READING_NICENESS = 10
"""The child's niceness once the reader reads what arrived (`Conversion.yield_to_reader`)."""


def start_server(*, warm: bool) -> None:
    """Start the fork server now, without waiting for it: it imports the converters (and,
    `warm`, warms up the extractors of web pages) while the caller goes on (the app, before it
    imports Textual). A fresh interpreter started by fork and exec, so it is safe at any time.
    The first start decides what the server preloads, for the life of the app."""
    if warm:
        warm_up_later()
    _context()


def warm_up_later() -> None:
    """The fork server, when something starts it, warms up the extractors too (`start_server`)."""
    with _STARTING:
        if worker.WARM_UP not in _preload:
            _preload.append(worker.WARM_UP)


def _context() -> ForkServerContext:
    """The fork server's context, its server started on first use (by one thread)."""
    with _STARTING:
        return _started_context()


@functools.cache
def _started_context() -> ForkServerContext:
    from multiprocessing import forkserver  # not for the head start's forked child (`forked`)

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(_preload))
    with _stderr_with_a_descriptor():
        forkserver.ensure_running()
    return context


@contextlib.contextmanager
def _stderr_with_a_descriptor() -> Iterator[None]:
    """While the servers start: `multiprocessing` hands its resource tracker the descriptor of
    `sys.stderr`, which Textual replaces, while the app runs, by an object with none (-1)."""
    saved = sys.stderr
    try:
        usable = saved is not None and saved.fileno() >= 0
    except (OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    with open(os.devnull, "w") as devnull:
        sys.stderr = devnull
        try:
            yield
        finally:
            sys.stderr = saved


class _Child:
    """A child process and the app's end of its pipe."""

    def __init__(self, forked: tuple[ForkedProcess, Connection] | None = None) -> None:
        """A child of the fork server; `forked`: one forked from this process instead
        (`reader.convert.forked`), with its end of the pipe."""
        self.process: BaseProcess | ForkedProcess
        if forked is None:
            context = _context()
            ours, theirs = context.Pipe(duplex=True)
            self.process = context.Process(target=worker.serve, args=(theirs,), daemon=True)
            self.process.start()  # the first start also starts the fork server (it imports the converters)
            theirs.close()
        else:
            self.process, ours = forked
        self.connection: Connection = ours
        self.read_by_thread = False
        """A thread of the conversion reads the connection, and closes it at its end (closed
        under a read, its descriptor could be another's by the time the read starts)."""

    def kill(self, *, wait: bool = True) -> None:
        """SIGKILL, then wait for the fork server to report its end; not `wait`: that in a
        thread (on a busy machine the server takes tens of milliseconds to be scheduled,
        and Esc is pressed on the UI thread)."""
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self.process.kill()
        if not self.read_by_thread:
            with contextlib.suppress(OSError):
                self.connection.close()
        if wait:
            self._join()
        else:
            threading.Thread(target=self._join, name="reader-converter-reap", daemon=True).start()

    def _join(self) -> None:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            self.process.join(1)


class Conversion:
    """One article converting in a child process; its chunks are read as they come.

    A thread takes each message off the pipe as it arrives (`_read`), where the reader of the
    chunks would take the next only once the screen has drawn the last: the child would wait
    for the screen with the pipe full (a chunk or two), its core idle. The messages wait here
    as bytes, unpickled when they are read (`_receive`), up to a budget (`arrivals.Arrivals`):
    past it, the child waits for the reader."""

    def __init__(
        self,
        child: _Child,
        fetched: Fetched,
        base_url: str | None,
        name: str,
        *,
        key: str | None = None,
        ended: Callable[[], None] | None = None,
        early: bool = True,
        then: Callable[[], object] | None = None,
    ) -> None:
        """`key`: the bytes' cache key, when the app has it (so that the child does not hash
        them again). `ended` is called once the child has sent all it will. The fetched bytes
        are not kept: they are the child's now (25 MB of a 25 MB page). `early`: a large page's
        first chunk may come from its start, and `StartOver` later (`reader.convert.early`), for
        a reader waiting for a first screen; a dump, which shows nothing before its end, converts
        in one go. `then`: a question for the child once it has converted (`worker.convert`);
        `answer` is its answer once all has come (None till then)."""
        self._child = child
        self.answer: object = None
        self._stopped = threading.Event()
        self._ended = ended
        self._arrived = Arrivals()
        """Each message as it came, then the pipe's end (or the conversion's, stopped)."""
        try:
            child.connection.send((fetched, base_url, name, key, early, then, dict(os.environ)))
        except OSError:  # it died before it had the job: reading from it says so, as for any
            child.connection.close()  # other end (a BrokenPipeError would pass for stdout's)
            self._arrived.end()
            return
        child.read_by_thread = True
        threading.Thread(target=self._read, name="reader-conversion-read", daemon=True).start()

    def _read(self) -> None:
        connection = self._child.connection
        try:
            while True:
                self._arrived.put(connection.recv_bytes())
        except (EOFError, OSError, ValueError):
            pass
        finally:
            self._arrived.end()
            with contextlib.suppress(OSError):
                connection.close()

    @property
    def pid(self) -> int | None:
        return self._child.process.pid

    def when_ended(self, ended: Callable[[], None]) -> None:
        """Call `ended` once the child has sent all it will (in place of the one given before)."""
        self._ended = ended

    def opened(self) -> OpenedSource:
        """The article's metadata (waiting for it), with its chunks to be read as they come.
        Raises the conversion's `ReaderError`, or `Cancelled` once stopped."""
        message = self._receive()
        if message[0] != worker.OPENED:
            raise ReaderError("internal error: the conversion sent no metadata")
        return self._opened(message)

    def _opened(self, message: tuple[Any, ...]) -> OpenedSource:
        _, metadata, is_markdown, from_html = message
        return OpenedSource(metadata, self._chunks(), is_markdown, None, from_html)

    def ready(self) -> bool:
        """Whether another chunk (or the end) has arrived and can be read without waiting."""
        return not self._stopped.is_set() and self._arrived.ready()

    def arrived_whole(self) -> bool:
        """Whether all the child will send has arrived: the article reads to its end without waiting."""
        return not self._stopped.is_set() and self._arrived.ended

    def yield_to_reader(self) -> None:
        """The reader reads (moves through) what arrived while the rest converts: the child
        gives way to the app for the CPU from now on (its niceness raised, which cannot be
        undone without privileges). On a busy machine the app's UI thread and the child wait
        for the same cores, and a key's frame (10 ms of CPU) took 50-150 ms to be drawn (the
        bench's j presses, load 6-10 on 2 cores: median 48-65 ms, slowest 250-500 ms; 40-46
        and 175-265 ms with the child niced). Not before a key: with no reader waiting, the
        whole load is what counts (niced from the start, it took 45% longer on that machine)."""
        pid = self._child.process.pid
        if pid is not None and not self._stopped.is_set():
            with contextlib.suppress(OSError):  # gone already
                os.setpriority(os.PRIO_PROCESS, pid, max(READING_NICENESS, os.getpriority(os.PRIO_PROCESS, pid)))

    def stop(self) -> None:
        """Kill the child now (from any thread, without waiting for its end to be reported):
        the reader of its chunks gets `Cancelled` at once, also when it waits for the next
        message (not only once the killed child's pipe has closed, which on a busy machine
        comes when the system has torn a large child down)."""
        self._stopped.set()
        self._arrived.end()  # also lets go of the reading thread, if it waits for room
        self._child.kill(wait=False)

    def _chunks(self) -> Iterator[Chunk]:
        """The chunks as they come; `StartOver` (with the article's metadata again and its
        chunks, from the same child) when the child's guess at its start was wrong."""
        over = False
        try:
            while True:
                message = self._receive()
                if message[0] == worker.DONE:
                    self.answer = message[1] if len(message) > 1 else None
                    return
                if message[0] == worker.RESTART:
                    over = True
                    raise StartOver(self._opened(message))
                _, markdown, blocks = message
                yield Chunk(markdown, blocks)
        finally:
            if not over:
                self._end()

    def _receive(self) -> tuple[Any, ...]:
        data = None if self._stopped.is_set() else self._arrived.get()
        if data is None:
            if self._stopped.is_set():
                raise Cancelled("cancelled")
            self._end()
            if self._child.process.exitcode in (INTERRUPTED, -signal.SIGINT):
                raise Interrupted("interrupted")
            raise ReaderError(f"the conversion stopped unexpectedly ({self._exit_reason()})")
        message: tuple[Any, ...] = pickle.loads(data)
        if message[0] == worker.FAILED:
            self._end()
            raise decode_error(message[1])
        return message

    def _exit_reason(self) -> str:
        process = self._child.process
        process.join(1)
        code = process.exitcode
        return "still running" if code is None else f"killed by signal {-code}" if code < 0 else f"exit status {code}"

    def _end(self) -> None:
        """The child has said all it will: let it go (its pipe is closed by the reading thread,
        or was when the job could not be sent)."""
        self._child.process.join(1)
        if self._child.process.is_alive():
            self._child.kill()
        ended, self._ended = self._ended, None
        if ended is not None:
            ended()


_forked_early: list[_Child] = []
"""The child `fork_early` forked, until `convert_alone` takes it or `drop_early` kills it."""


def fork_early() -> None:
    """For a process that will convert one article (a dump): fork its child now, from this
    process (`reader.convert.forked`), so that it imports the converters while this process
    goes on; or start the fork server, when this process has threads already."""
    if _forked_early:
        return
    child = forked_child()
    if child is None:
        start_server(warm=False)
    else:
        _forked_early.append(child)


def drop_early() -> None:
    """Kill the child `fork_early` forked, if no conversion took it (cached, short, or not fetched)."""
    while _forked_early:
        _forked_early.pop().kill()


def convert_alone(fetched: Fetched, base_url: str | None, name: str = "", key: str | None = None) -> Conversion:
    """Convert `fetched` in a child of its own, with no other kept waiting after it: the one
    conversion of a process that ends with it (a dump). The child `fork_early` forked, or one
    forked now (from a process with one thread), or the fork server's. `key`: as for `Converters.start`."""
    child = _forked_early.pop() if _forked_early else forked_child() or _Child()
    return Conversion(child, fetched, base_url, name, key=key, early=False)


def forked_child() -> _Child | None:
    """A child forked from this process (`reader.convert.forked`); None when this process has
    threads, which makes forking it unsafe (the fork server's children are safe)."""
    forked = fork(worker.PRELOAD)
    return None if forked is None else _Child(forked)


class Converters:
    """Starts conversions in child processes, with one child kept forked and waiting."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: _Child | None = None
        self._closed = False

    def warm(self) -> None:
        """Have a child waiting (the first call starts the fork server): call from a thread,
        early, so that the first article does not wait for the converters to be imported."""
        with self._lock:
            if self._waiting is None and not self._closed:
                self._waiting = _Child()

    def warm_in_background(self) -> None:
        """`warm` in a thread; `SERVER_PAUSE` seconds later when the fork server has yet to
        start (the launch converted the first article, `reader.convert.head_start`): its
        imports would take the cores from a reader who has just got the article."""
        pause = SERVER_PAUSE if _started_context.cache_info().currsize == 0 else 0.0
        timer = Timer(pause, self.warm)
        timer.name, timer.daemon = "converters-warm", True
        timer.start()

    def start(self, fetched: Fetched, base_url: str | None, name: str = "", key: str | None = None) -> Conversion:
        """Convert `fetched` in the waiting child (or a new one); the next is forked once this
        conversion has ended (a child waiting meanwhile is memory held, 65 MB as the system
        counts it, while the conversion needs it most). `key`: the bytes' cache key
        (`pipeline.cache_key`), when known."""
        with self._lock:
            if self._closed:
                raise Cancelled("cancelled")
            child, self._waiting = self._waiting, None
            if child is None or not child.process.is_alive():
                child = _Child()
        ended = self.warm_in_background
        try:
            return Conversion(child, fetched, base_url, name, key=key, ended=ended)
        except OSError:  # the waiting child died meanwhile (killed from outside): once more
            child.kill()
            return Conversion(_Child(), fetched, base_url, name, key=key, ended=ended)

    def close(self) -> None:
        """Kill the waiting child; start no more (the app is closing)."""
        with self._lock:
            self._closed = True
            child, self._waiting = self._waiting, None
        if child is not None:
            child.kill()

    @property
    def waiting_pid(self) -> int | None:
        with self._lock:
            return self._waiting.process.pid if self._waiting is not None else None
