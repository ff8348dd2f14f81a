"""Library jobs finishing on the bookkeeper's thread, answered on the UI thread.

The bookkeeper knows no Textual: it hands back `Future`s. `when_done` brings each one back to
the app's message queue, so whatever follows a write (a notice, a list drawn again) runs on the
UI thread, in the order the app's other messages arrive, and nothing ever waits for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from textual.message_pump import MessagePump

from reader.errors import as_reader_error

T = TypeVar("T")


def when_done(pump: MessagePump, future: Future[T], then: Callable[[Future[T]], object]) -> None:
    """Run `then(future)` on `pump`'s thread once `future` is done (at once if it is already:
    still through the queue, never inside the caller)."""

    def done(finished: Future[T]) -> None:
        with contextlib.suppress(RuntimeError):  # the app is gone: nothing to tell
            pump.call_later(then, finished)

    future.add_done_callback(done)


def failure(future: Future[object]) -> str | None:
    """What to tell the user when a library job failed (one line); None when it did not."""
    error = future.exception()
    if error is None:
        return None
    return f"Library: {as_reader_error(error)}"
