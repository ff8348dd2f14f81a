"""Keys typed while the app starts are kept for it, not echoed onto the shell's screen.

Between the command and Textual taking the terminal there is half a second or more (the
imports), and the terminal echoed a key typed then: a `q` pressed early stayed on the shell's
screen after the app had quit. The launch turns the echo off at once (`hold`), and the keys
wait in the terminal's input for the app, which reads them as any other. The terminal's
settings as they were are kept here: the driver puts those back when it leaves the terminal
or is suspended (ctrl+z), not the echo-less ones it found, and `release` puts them back if the
app never took the terminal.

No Textual here: the launch imports this before anything heavy.
"""

from __future__ import annotations

import contextlib
import termios
from typing import Any

_held: list[tuple[int, list[Any]]] = []
"""The terminal's descriptor and its settings before `hold`, while held."""


def hold(fd: int) -> None:
    """Turn the echo of terminal `fd` off until the app takes it; nothing if it is no terminal."""
    with contextlib.suppress(OSError, ValueError, termios.error):
        before = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(fd, termios.TCSANOW, quiet)  # TCSANOW: what was typed stays to be read
        _held[:] = [(fd, before)]


def settings_before() -> list[Any] | None:
    """The terminal's settings from before `hold`, if it is held."""
    return _held[0][1] if _held else None


def release() -> None:
    """Put the terminal's settings back as they were before `hold` (errors: it has gone)."""
    if _held:
        fd, before = _held.pop()
        with contextlib.suppress(OSError, ValueError, termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, before)
