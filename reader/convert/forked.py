"""The dump's conversion child, forked from the dump's own process instead of a fork server.

Why: the fork server (`reader.convert.process`) is a new interpreter that imports the converters
from nothing, and `multiprocessing` starts its resource tracker beside it (one more
interpreter): 0.35 s of CPU before the first child can convert (`benchmarks.critical_path`, a
2.5 MB page), on the dump's critical path. A fork of the dump's process starts with what it has
imported already (the command line, `multiprocessing`, `reader.errors` ...), and imports the
rest of the converters (`worker.PRELOAD`, 0.18 s) while its parent imports the layout and
fetches the source; the job then comes over the same kind of pipe as a fork server's child's.

Safe only in a process with one thread: a fork copies the memory, locks held by other threads
included, but not the threads that would release them. The dump's process forks before it
reads anything (no fetching thread yet, no Textual); `fork` checks, and declines otherwise (the
app has Textual's threads and keeps the fork server).

The child ends as a fork server's does (`reader.convert.worker`): killed when the dump's
process dies (PR_SET_PDEATHSIG), ended when its pipe closes, quiet on Ctrl-C (exit
`INTERRUPTED`, `reader.convert.server_interrupt`, installed before SIGINT is let through).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection, Pipe
from typing import NoReturn

from reader.convert import worker
from reader.convert.crossing import kill_with_parent

_REAPING_PAUSE = 0.005


class ForkedProcess:
    """The forked child, seen as `multiprocessing.Process` shows one (the part of it that
    `reader.convert.process` uses): its pid, its exit code once it ended (minus the signal
    that ended it), `is_alive`, `join`, `kill`."""

    def __init__(self, pid: int) -> None:
        self.pid: int | None = pid
        self.exitcode: int | None = None

    def _reap(self, options: int) -> None:
        if self.exitcode is not None or self.pid is None:
            return
        try:
            pid, status = os.waitpid(self.pid, options)
        except ChildProcessError:  # reaped by another (it cannot be waited for twice)
            self.exitcode = 0
            return
        if pid:
            self.exitcode = os.waitstatus_to_exitcode(status)

    def is_alive(self) -> bool:
        self._reap(os.WNOHANG)
        return self.exitcode is None

    def join(self, timeout: float | None = None) -> None:
        if timeout is None:
            self._reap(0)
            return
        deadline = time.monotonic() + timeout
        while self.is_alive() and time.monotonic() < deadline:
            time.sleep(_REAPING_PAUSE)

    def kill(self) -> None:
        """SIGKILL, unless it was reaped already (its pid could be another process's by now)."""
        if self.is_alive() and self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def fork(preload: Sequence[str]) -> tuple[ForkedProcess, Connection] | None:
    """A child of this process that imports `preload`, then serves one job from the returned
    connection as the fork server's children do (`reader.convert.worker.serve`); None when this
    process has other threads than its main one (forking it would be unsafe)."""
    if threading.active_count() != 1 or threading.current_thread() is not threading.main_thread():
        return None
    ours, theirs = Pipe(duplex=True)
    parent = os.getpid()
    # SIGINT waits until the child has its quiet handler (this process's would raise
    # KeyboardInterrupt in it, and print a traceback on the terminal).
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
        if pid == 0:
            _child(parent, ours, theirs, preload)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
    theirs.close()
    return ForkedProcess(pid), ours


def _child(parent: int, ours: Connection, theirs: Connection, preload: Sequence[str]) -> NoReturn:
    """Never returns: whatever happens, the child ends here, without running the parent's exit
    handlers or flushing the parent's buffered output a second time."""
    status = 1
    try:
        from reader.convert import server_interrupt  # not in the parent: it sets SIGINT's handler

        server_interrupt.install()
        kill_with_parent(parent)
        worker.quiet_output()  # the terminal and the dump's output are the parent's
        ours.close()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        for name in preload:
            importlib.import_module(name)
        worker.serve(theirs)
        status = 0
    finally:
        os._exit(status)
