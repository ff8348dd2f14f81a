"""Keys typed while the app starts are kept for it, not echoed onto the shell's screen.

Between the command and Textual taking the terminal there is half a second or more (the
imports), and the terminal echoed a key typed then: a `q` pressed early stayed on the shell's
screen after the app had quit. The launch turns the echo off at once (`hold`), and the keys
wait in the terminal's input for the app, which reads them as any other. The terminal's
settings as they were are kept here: the driver puts those back when it leaves the terminal
or is suspended (ctrl+z), not the echo-less ones it found, and `release` puts them back if the
app never took the terminal, also when SIGTERM or SIGHUP ends the start-up (the app's own
handlers take over once it runs).

No Textual here: the launch imports this before anything heavy.
"""

from __future__ import annotations

import contextlib
import os
import signal
import termios
from collections.abc import Callable
from typing import Any

_held: list[tuple[int, list[Any], int]] = []
"""The terminal's descriptor, its settings before `hold`, and the process that held it, while held."""
_ENDING = (signal.SIGTERM, signal.SIGHUP)
_handlers_before: dict[int, Any] = {}
_undo: list[Callable[[], object]] = []
"""What else puts the terminal back if a signal ends the start-up (`also_undo`)."""


def hold(fd: int) -> None:
    """Turn the echo of terminal `fd` off until the app takes it; nothing if it is no terminal."""
    with contextlib.suppress(OSError, ValueError, termios.error):
        before = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(fd, termios.TCSANOW, quiet)  # TCSANOW: what was typed stays to be read
        _held[:] = [(fd, before, os.getpid())]
        for number in _ENDING:
            _handlers_before[number] = signal.signal(number, _ended)


def also_undo(undo: Callable[[], object]) -> None:
    """Call `undo` too if SIGTERM or SIGHUP ends the start-up: the driver's, once it has taken
    the terminal (the alternate screen, the mouse), before the app handles those signals."""
    _undo[:] = [undo]


def settings_before() -> list[Any] | None:
    """The terminal's settings from before `hold`, if it is held."""
    return _held[0][1] if _held else None


def release() -> None:
    """Put the terminal's settings back as they were before `hold` (errors: it has gone)."""
    if _held:
        fd, before, _ = _held.pop()
        with contextlib.suppress(OSError, ValueError, termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, before)
    for number, handler in _handlers_before.items():
        if signal.getsignal(number) is _ended:  # else the app's, or a child's own
            signal.signal(number, handler)
    _handlers_before.clear()
    _undo.clear()


def _ended(number: int, frame: object) -> None:
    """SIGTERM or SIGHUP before the app handles them: the terminal as it was, then the signal's
    own end. A child forked meanwhile (the launch's converter) inherits this handler but not
    the terminal: it only ends."""
    if _held and _held[0][2] == os.getpid():
        for undo in _undo:
            with contextlib.suppress(Exception):  # ending anyway: the rest is put back below
                undo()
        release()
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)
