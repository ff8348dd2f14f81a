"""What crosses from a conversion's process to the one that reads it: errors, as parts that
pickle, and the end of the reading process, which the converting one must not outlive.

Shared by the app's conversion child (`reader.convert.worker`) and the process that makes a
page's Markdown ahead of it (`reader.convert.ahead`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import Any

from reader.errors import ReaderError, as_reader_error

_PR_SET_PDEATHSIG = 1


def encode_error(error: Exception) -> tuple[type[ReaderError], str, dict[str, Any]]:
    """A `ReaderError` as picklable parts: its class, its message and its attributes (its
    subclasses take other arguments than the message, so it cannot be rebuilt by calling them).
    Any other exception is a bug in a stage, carried as the `internal error` it is reported as."""
    error = as_reader_error(error)
    return type(error), str(error), dict(vars(error))


def decode_error(parts: tuple[type[ReaderError], str, dict[str, Any]]) -> ReaderError:
    kind, message, attributes = parts
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    vars(error).update(attributes)
    return error


def kill_with_parent(parent: int | None = None) -> bool:
    """Ask the kernel to SIGKILL this process when its parent (`parent`, when known from
    before the fork) dies; end now if it already has. False where that cannot be asked (not
    Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    parent = os.getppid() if parent is None else parent
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)
    return True
