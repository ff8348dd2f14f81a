"""The conversion's child process: what runs there, and the messages it sends back.

The app converts an article in another process (`reader.convert.process` starts it), so that
the conversion's CPU work never holds the interpreter lock of the process that answers keys,
and so that a load can be stopped at once by killing it. The child waits for one job (the
fetched bytes), runs `open_fetched` on it (the cache included: a cached conversion is read
here and stored here), and sends back the metadata, then each chunk as it is converted.

This module is light on purpose: the app imports it to name the child's entry point, while
the converters are imported only in the fork server, which warms them up before it forks
(`PRELOAD`).

The child must never outlive the app: it asks the kernel for SIGKILL when its parent dies
(`PR_SET_PDEATHSIG`, Linux), and a thread of it watches its pipe to the app, which the app
never writes to once the job is sent, so that anything readable there is the app gone.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import TYPE_CHECKING

from reader.convert.crossing import encode_error, kill_with_parent
from reader.convert.memory import release_freed_memory

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection

    from reader.source.fetch import Fetched

OPENED = "opened"
"""(OPENED, metadata, is_markdown, from_html): the article's metadata, before its chunks."""
CHUNK = "chunk"
"""(CHUNK, markdown, blocks): one converted chunk."""
RESTART = "restart"
"""(RESTART, metadata, is_markdown, from_html): the chunks so far are void, the article starts
over (`reader.convert.document.StartOver`); its chunks follow."""
DONE = "done"
"""(DONE,): every chunk was sent; (DONE, answer) when the job asked a question (`convert`'s `then`)."""
FAILED = "failed"
"""(FAILED, error): a `ReaderError` as `crossing.encode_error` makes it."""
PRELOAD = (
    "reader.convert.server_interrupt",
    "__main__",
    "reader.convert.worker",
    "reader.convert.pipeline",
    "reader.convert.chunked",
)
"""What the fork server imports once, so that every child starts with the converters loaded,
and with the program's main module, which a child would otherwise import again itself; first,
the quiet end of a Ctrl-C that comes while it imports them (`server_interrupt`)."""

WARM_UP = "reader.convert.warm"
"""Imported too when the app expects a web page: the extractors, imported and run once
(a second of CPU that a post or a Markdown file would only wait for)."""


def serve(connection: Connection) -> None:
    """The child's entry point: one job, converted and streamed back, then exit."""
    die_with_parent()
    quiet_output()
    try:
        fetched, base_url, name, key, early, then, environment = connection.recv()
    except (EOFError, OSError):
        return  # the app went away before it had a job for this warm child
    # The fork server's environment is the app's as it was when the server started; the
    # cache's folder and switch are read from the app's as it is now.
    os.environ.clear()
    os.environ.update(environment)
    threading.Thread(target=_exit_when_parent_goes, args=(connection,), daemon=True).start()
    try:
        convert(connection, fetched, base_url, name, key, early=early, then=then)
    except (BrokenPipeError, ConnectionResetError):
        return  # the app stopped listening: nothing to do but end


def convert(
    connection: Connection,
    fetched: Fetched,
    base_url: str | None,
    name: str,
    key: str | None = None,
    *,
    early: bool = True,
    then: Callable[[], object] | None = None,
) -> None:
    """`key`: the bytes' cache key, worked out by the app (None: hashed here). `early`: a large
    page's first chunk is sent from its start, and RESTART if the whole page proves it wrong
    (`reader.convert.early`); for a reader waiting for a first screen. `then`: a question for
    this process once the article is converted, its answer sent with DONE (None if it fails):
    the app's first article asks where the reader stopped in it, while the app starts."""
    from reader.convert.document import StartOver
    from reader.convert.pipeline import open_fetched

    try:
        opened = open_fetched(fetched, base_url, name=name, key=key, early=early)
        release_freed_memory()  # the extraction's trees are gone
        connection.send((OPENED, opened.metadata, opened.is_markdown, opened.from_html))
        while True:
            try:
                for chunk in opened.chunks:
                    connection.send((CHUNK, chunk.markdown, chunk.blocks))
                break
            except StartOver as over:
                opened = over.opened
                connection.send((RESTART, opened.metadata, opened.is_markdown, opened.from_html))
    except (BrokenPipeError, ConnectionResetError):
        raise
    except Exception as exc:  # its ReaderError, or a bug in a stage: the app reports it and stays alive
        connection.send((FAILED, encode_error(exc)))
        return
    connection.send((DONE,) if then is None else (DONE, _answer(then)))


def _answer(question: Callable[[], object]) -> object:
    try:
        return question()
    except Exception:  # a question is never worth the article: it is answered None
        return None


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent (the fork server, which ends with
    the app) dies; end now if it already has. Linux only; elsewhere the watched pipe does it."""
    if not kill_with_parent():
        return
    # The fork server hands each child the write end of the pipe it watches to know the app
    # is alive; held here, the server would outlive the app while this child converts.
    from multiprocessing import forkserver

    alive = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_alive_fd", None)
    if isinstance(alive, int):
        with contextlib.suppress(OSError):
            os.close(alive)


def quiet_output() -> None:
    """The terminal is the app's: nothing a converter prints may reach it."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _exit_when_parent_goes(connection: Connection) -> None:
    """The app sends nothing after the job: the pipe turning readable means it closed."""
    with contextlib.suppress(OSError, EOFError):
        connection.poll(None)
    os._exit(0)
