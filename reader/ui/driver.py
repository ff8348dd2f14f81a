"""Textual's terminal driver, made to stay down once the app has stopped with it, and to
tell the app when the terminal has gone.

A terminal that closes sends SIGHUP and then SIGCONT. The app handles SIGHUP (it saves the
reading position, then quits), so the process lives on to see the SIGCONT, which Textual's
driver takes for the end of a ctrl+z suspension: it starts its terminal mode again, with a
new input thread. When that happened as the app was quitting, the thread outlived the app,
and the process never ended, spinning on the closed terminal. Here SIGCONT resumes only what
SIGTSTP (or `App.suspend`) suspended.

A terminal can also go without a SIGHUP reaching us (a process outside the terminal's
session), and Textual's threads then see only its end: the input thread takes the end of
file for a pause of the keys and spins on it, the output thread dies on the first failed
write (EIO), after which the UI thread blocks for good once its queue of writes is full.
Here a failed write is dropped, and the terminal's hang-up (the first failed write, or
POLLHUP on the terminal, watched by a thread of its own) is turned into a SIGHUP to this
process, which the app handles as any other (`reader.ui.hangup`).

Keys typed ahead, before the first frame, wait for it (`take_input`, which the app calls once
it is out, or `INPUT_HOLD_LIMIT`): sent at once, they reached the app before the reading screen
had its article, and were lost there or meant something else. A `/` typed ahead did nothing
(search is off with no article on screen), and the query typed after it ran as keys of the
reading pane (`t`, `m`, `b` ...). They are read and parsed as they come all the same, the
events held back, not the bytes: an Esc and a key typed ahead, read together later, would
parse as alt and the key.

A lone Esc is told from the start of an escape sequence by time: the parser reports it once
no more bytes came within Textual's `ESCAPE_DELAY`. Textual's input thread looks at the
parser's clock only when its wait for input ends, 0.1 s after the last byte when nothing more
is typed, so a shorter delay made no difference. Here the wait ends when the parser's delay
does; with the delay `reader.ui.launch` sets (50 ms), Esc (which stops a load) is reported 50 ms
after it came instead of 100 ms (25 ms with ESCDELAY=25, measured on a pipe).
"""

from __future__ import annotations

import contextlib
import os
import select
import selectors
import signal
import sys
import termios
import threading
import time
from codecs import getincrementaldecoder
from typing import IO, TYPE_CHECKING, Any

from textual import events
from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from reader.ui import typeahead

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message

RESET = "\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?7h"
"""What Textual writes when it leaves the terminal: keyboard protocol, alternate screen,
cursor, focus events, mouse, bracketed paste and line wrap back as they were."""
INPUT_WAIT = 0.1
"""Longest wait for input before the input thread looks whether the app is stopping."""
INPUT_HOLD_LIMIT = 10.0
"""Longest time keys typed ahead wait for the app's first frame (`ReaderDriver.take_input`): a
bound for an app that never says it is ready, far above a start on a busy machine (with 2 s, a
test's `/` typed ahead was lost once in a clean clone's full run, both cores busy: most likely
the bound running out before the first frame)."""


def _wait(parser: XTermParser) -> float:
    """How long to wait for input: until the parser's pending delay ends, if it has one."""
    deadline: float | None = parser._timeout_time  # private in Textual: None when nothing is pending
    return INPUT_WAIT if deadline is None else min(INPUT_WAIT, max(0.0, deadline - get_time()))


def hang_up() -> None:
    """The terminal is gone: stop as on a closed terminal's SIGHUP (once is enough)."""
    os.kill(os.getpid(), signal.SIGHUP)


class _Output:
    """The terminal as Textual's output thread writes to it: a failed write is the terminal
    gone, said once; the writes after it are dropped, so the thread lives on and its queue
    keeps draining."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self._gone = False

    def write(self, text: str) -> None:
        self._guarded(self._file.write, text)

    def flush(self) -> None:
        self._guarded(self._file.flush)

    def fileno(self) -> int:
        return self._file.fileno()

    def _guarded(self, action: Any, *args: Any) -> None:
        if self._gone:
            return
        try:
            action(*args)
        except (OSError, ValueError):
            self._gone = True
            hang_up()


class _HangupWatch:
    """A thread that waits for the terminal's hang-up (POLLHUP, which `poll` reports with no
    event asked for) and says it, until `stop`."""

    def __init__(self, fileno: int) -> None:
        self._fileno = fileno
        self._wake_read, self._wake_write = os.pipe()
        self._thread = threading.Thread(target=self._run, name="reader-hangup-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        poller = select.poll()
        poller.register(self._fileno, 0)
        poller.register(self._wake_read, select.POLLIN)
        try:
            while True:
                for fd, _events in poller.poll():
                    if fd == self._fileno:
                        hang_up()
                    return
        finally:
            os.close(self._wake_read)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_write, b"x")
        self._thread.join()
        os.close(self._wake_write)


class ReaderDriver(LinuxDriver):
    _suspended = False
    _watch: _HangupWatch | None = None

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self._held: list[Message] | None = []
        """What was typed before the app's first frame, for it (None once it is out: `take_input`)."""
        self._hold_lock = threading.Lock()
        self._hold_ends = time.monotonic() + INPUT_HOLD_LIMIT

    def start_application_mode(self) -> None:
        self._file = _Output(self._terminal())  # type: ignore[assignment]
        super().start_application_mode()  # type: ignore[no-untyped-call]
        if self.attrs_before is not None and (before := typeahead.settings_before()) is not None:
            self.attrs_before = before  # the echo on again when it leaves (the launch turned it off)
            typeahead.also_undo(self.restore_terminal)  # a SIGTERM before the app handles it
        if self.input_tty and self._watch is None:
            self._watch = _HangupWatch(self.fileno)

    def take_input(self) -> None:
        """The app's first frame is out: what was typed ahead goes to it now, in order, and the
        rest as it comes."""
        with self._hold_lock:
            held, self._held = self._held or [], None
            for message in held:
                super().process_message(message)

    def process_message(self, message: Message) -> None:
        with self._hold_lock:
            if self._held is not None and isinstance(message, (events.InputEvent, events.Paste)):
                self._held.append(message)
                return
            super().process_message(message)

    def stop_application_mode(self) -> None:
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        super().stop_application_mode()

    def suspend_application_mode(self) -> None:
        self._suspended = True
        super().suspend_application_mode()

    def resume_application_mode(self) -> None:
        self._suspended = False
        super().resume_application_mode()

    def run_input_thread(self) -> None:
        """Textual's input thread (`LinuxDriver.run_input_thread`), its wait for input cut to
        the parser's pending delay (`_wait`)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for last, (_key, mask) in loop_last(ready):
                if mask & selectors.EVENT_READ:
                    text = decode(os.read(self.fileno, 4096), final=final and last)
                    if not text:
                        break  # piped input that ended
                    for event in parser.feed(text):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(_wait(parser)))
                if self._held is not None and time.monotonic() > self._hold_ends:
                    self.take_input()  # no first frame yet: the keys go to the app as it is
            selector.unregister(self.fileno)
            process(selector.select(INPUT_WAIT), final=True)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass

    def _sigcont_application(self, *args: Any) -> None:
        if self._suspended:
            super()._sigcont_application(*args)

    @staticmethod
    def _terminal() -> IO[str]:
        """Where Textual writes: the process's standard error as it started."""
        assert sys.__stderr__ is not None, "a terminal app has a standard error"
        return sys.__stderr__

    def restore_terminal(self) -> None:
        """Put the terminal back as Textual does on leaving it, from any thread and without
        its output thread: for a process that ends without Textual's shutdown. Errors (the
        terminal is gone) are ignored."""
        with contextlib.suppress(OSError, ValueError, termios.error):
            if self.attrs_before is not None:
                termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)
        with contextlib.suppress(OSError, ValueError):
            os.write(self._terminal().fileno(), RESET.encode())
