"""The app's end when its terminal goes away (SIGHUP) or it is told to stop (SIGTERM).

The clean way out (save the reading place, `App.exit`, Textual's shutdown) runs on the event
loop, and may never finish: the loop may be held by the UI thread's work, and the shutdown
may wait on a thread that waits on something else (a write to a terminal that is gone, a
worker reading the conversion child's pipe). A process that outlived its terminal, spinning
on the closed terminal's end of file, is what that gave. So the stop is in two parts:

- the handler (`signal.signal`, so it runs on the main thread between two bytecodes even
  while the loop is busy) asks the loop for the clean exit, and starts a deadline;
- the deadline, a thread of its own, waits `GRACE` seconds; if the process is still there,
  it sends the positions noted so far to the library, waits a little for the writes, puts
  the terminal back as it can, and ends the process with `os._exit`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.ui.bookkeeper import Bookkeeper

GRACE = 2.0
"""Seconds the clean exit has before the deadline ends the process."""
LAST_WRITES = 0.5
"""Seconds the deadline waits for the library's last writes."""
SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Stopper:
    """Handles `SIGNALS` once installed: `clean_exit` is called on the event loop's thread.
    When it has not ended the process after `GRACE`, the deadline's thread notes the places
    on screen (`note_places`, best effort: the UI thread may be changing them), has the
    bookkeeper write them, and puts the terminal back (`ReaderDriver.restore_terminal`)."""

    def __init__(
        self,
        call_soon: Callable[[Callable[[], None]], object],
        clean_exit: Callable[[], None],
        note_places: Callable[[], None],
        bookkeeper: Bookkeeper,
        driver: object,
    ) -> None:
        self._call_soon = call_soon
        self._clean_exit = clean_exit
        self._note_places = note_places
        self._bookkeeper = bookkeeper
        self._driver = driver
        self._deadline: threading.Thread | None = None

    def install(self) -> None:
        for number in SIGNALS:
            with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal
                signal.signal(number, self._handle)

    @property
    def stopping(self) -> bool:
        return self._deadline is not None

    def _handle(self, number: int, _frame: object) -> None:
        if self._deadline is not None:
            return  # SIGHUP then SIGTERM (or twice one): one stop
        self._deadline = threading.Thread(target=self._hard_exit, args=(number,), name="reader-deadline", daemon=True)
        self._deadline.start()
        with contextlib.suppress(RuntimeError):  # the loop is closed: the process is ending anyway
            self._call_soon(self._clean_exit)

    def _hard_exit(self, number: int) -> None:
        time.sleep(GRACE)
        # Best effort from here: any failure must still end in the exit.
        with contextlib.suppress(Exception):
            self._note_places()
        with contextlib.suppress(Exception):
            self._bookkeeper.flush()
            self._bookkeeper.wait(LAST_WRITES)
        with contextlib.suppress(Exception):
            getattr(self._driver, "restore_terminal", lambda: None)()
        os._exit(128 + number)
