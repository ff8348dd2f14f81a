"""Messages from a conversion's child that arrived and wait to be read, within a budget.

The app takes each message off the child's pipe as it comes (`reader.convert.process`), so
that the child never waits for the screen with a pipe full of a chunk or two. Without a
bound, a reader slower than the child (a busy machine, a long layout) held every message of
the article as bytes here, besides the blocks it had read: 42 MB of pickles for a 25 MB page.
Bounded, the thread that takes them off the pipe waits once `MOST_BYTES` wait here; the pipe
fills, and the child waits in its turn, holding only what it converted so far.

The end (of the pipe, or of the conversion, stopped) never waits: it wakes a thread waiting
to put a message (which then drops it: nothing reads after the end) and a thread waiting for
one (which gets the end).
"""

from __future__ import annotations

import threading
from collections import deque

MOST_BYTES = 8 * 1024 * 1024
"""What may wait to be read: some 150 chunks of a long page, pickled (a chunk of blocks is
50 kB or so), a reader's many screens ahead; one message larger than this comes in alone."""


class Arrivals:
    """A queue of messages (bytes) and then their end, holding at most `most_bytes` of them
    (or one message larger than that) unless ended."""

    def __init__(self, most_bytes: int | None = None) -> None:
        self._most = MOST_BYTES if most_bytes is None else most_bytes
        self._held: deque[bytes] = deque()
        self._size = 0
        self._ended = False
        self._changed = threading.Condition()

    def put(self, message: bytes) -> None:
        """Add a message, once there is room for it; dropped when the end came first."""
        with self._changed:
            self._changed.wait_for(lambda: self._ended or not self._held or self._size + len(message) <= self._most)
            if self._ended:
                return
            self._held.append(message)
            self._size += len(message)
            self._changed.notify_all()

    def end(self) -> None:
        """No more messages: those held are still read, then the end, by any later `get`."""
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def get(self) -> bytes | None:
        """The next message, waiting for it; None for the end."""
        with self._changed:
            self._changed.wait_for(lambda: self._ended or bool(self._held))
            if not self._held:
                return None
            message = self._held.popleft()
            self._size -= len(message)
            self._changed.notify_all()
            return message

    def ready(self) -> bool:
        """Whether `get` would answer without waiting (a message, or the end)."""
        with self._changed:
            return self._ended or bool(self._held)

    @property
    def ended(self) -> bool:
        """Whether the end has come (the messages before it may still be held, to be read)."""
        with self._changed:
            return self._ended

    @property
    def held_bytes(self) -> int:
        with self._changed:
            return self._size
