"""Memory a conversion freed, given back to the system (a child process converts a 25 MB page
with several parsed trees of it in turn)."""

from __future__ import annotations

import contextlib
import sys


def release_freed_memory() -> None:
    """Give the memory freed so far back to the system. The C library keeps what it freed for
    the process's next allocations, and a parsed page's trees (an extraction makes several)
    are many small blocks it never returns on its own: 125 MB of a 25 MB page, held by the
    child to its end. glibc's `malloc_trim`; elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)
