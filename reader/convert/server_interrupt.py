"""Ctrl-C while the fork server starts: a quiet exit, not a traceback on the reader's terminal.

The fork server (`reader.convert.process`) shares the terminal's process group, so Ctrl-C
during `reader FILE --dump` reaches it too. `multiprocessing` ignores SIGINT in the server only
once its preloaded modules are imported (a second of the dump's start): a Ctrl-C before then
raised KeyboardInterrupt inside an import and printed its traceback under the dump's own quiet
exit. Imported first (`worker.PRELOAD`), this module ends the server quietly instead; the
children it forks later get this handler back too (the server restores the one it found), so
a child interrupted mid-conversion also ends without a word, its reader gone anyway.
"""

from __future__ import annotations

import os
import signal
from types import FrameType

from reader.errors import INTERRUPTED


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    os._exit(INTERRUPTED)


def install() -> None:
    """This process's Ctrl-C: a quiet exit with `INTERRUPTED` (importing the module does it once;
    a child forked from a process that had imported it calls it again, `reader.convert.forked`)."""
    signal.signal(signal.SIGINT, _exit_quietly)


install()
