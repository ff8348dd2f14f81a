"""A conversion child forked from this process instead of a fork server: the dump's, and the
app's first article's (`reader.convert.head_start`).

Why: the fork server (`reader.convert.process`) is a new interpreter that imports the converters
from nothing, and `multiprocessing` starts its resource tracker beside it (one more
interpreter): 0.35 s of CPU before the first child can convert (`benchmarks.critical_path`, a
2.5 MB page), on the dump's critical path. A fork of the dump's process starts with what it has
imported already (the command line, `multiprocessing`, `reader.errors` ...), and imports the
rest of the converters (`worker.PRELOAD`, 0.18 s) while its parent imports the layout and
fetches the source; the job then comes over the same kind of pipe as a fork server's child's.

Safe only in a process with one thread: a fork copies the memory, locks held by other threads
included, but not the threads that would release them. The dump's process forks before it
reads anything (no fetching thread yet, no Textual), and the app's launch before it starts
Textual; `fork` checks, and declines otherwise (the app's later articles go to the fork server).

The child ends as a fork server's does (`reader.convert.worker`): killed when its parent's
process dies, ended when its pipe closes, quiet on Ctrl-C (exit `INTERRUPTED`,
`reader.convert.server_interrupt`, installed before SIGINT is let through); the fork itself is
`reader.convert.forking`'s.
"""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import Sequence
from functools import partial
from multiprocessing.connection import Connection, Pipe

from reader.convert import worker
from reader.convert.forking import ForkedProcess, fork_child


def fork(preload: Sequence[str]) -> tuple[ForkedProcess, Connection] | None:
    """A child of this process that imports `preload`, then serves one job from the returned
    connection as the fork server's children do (`reader.convert.worker.serve`); None when this
    process has other threads than its main one (forking it would be unsafe)."""
    if threading.active_count() != 1 or threading.current_thread() is not threading.main_thread():
        return None
    ours, theirs = Pipe(duplex=True)
    child = fork_child(partial(_serve, ours, theirs, preload), on_sigint=_quiet_on_sigint)
    theirs.close()
    return child, ours


def _quiet_on_sigint() -> None:
    from reader.convert import server_interrupt  # not in the parent: it sets SIGINT's handler

    server_interrupt.install()


def _serve(ours: Connection, theirs: Connection, preload: Sequence[str]) -> None:
    """The child: the converters imported, one job served; the collector on, as in a fork
    server's child, whatever its parent had it (the app's launch turns it off for a while)."""
    gc.enable()
    worker.quiet_output()  # the terminal and the dump's output are the parent's
    ours.close()
    for name in preload:
        importlib.import_module(name)
    worker.serve(theirs)
