"""A child forked from this process that dies with it: the one way the conversion forks.

Used by the dump's conversion child (`reader.convert.forked`) and by the process that makes a
large page's Markdown ahead of the app's conversion child (`reader.convert.ahead`); each talks
to its child over a pipe of its own kind, made before the fork.

What every such child needs, done here once:
- the kernel kills it when this process dies (PR_SET_PDEATHSIG, `crossing.kill_with_parent`),
  asked for with this process's pid as known before the fork (so that a parent gone already is
  seen);
- SIGINT held from before the fork until the child has its own handler (`on_sigint`), so that
  a Ctrl-C in between never runs this process's handler there (a KeyboardInterrupt and a
  traceback on the terminal);
- it never returns into this process's stack, nor runs its exit handlers or flushes its
  buffered output a second time: whatever happens, it ends with `os._exit`;
- on request, none of this process's other descriptors held open (a pipe to the app kept open
  by a grandchild would hide the child's end).
The parent's handle (`ForkedProcess`) shows the child as `multiprocessing.Process` shows one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable
from typing import NoReturn

from reader.convert.crossing import kill_with_parent

_REAPING_PAUSE = 0.005


class ForkedProcess:
    """A forked child, seen as `multiprocessing.Process` shows one (the part of it that
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


def fork_child(
    run: Callable[[], object], *, on_sigint: Callable[[], object] | None = None, only_descriptor: int | None = None
) -> ForkedProcess:
    """A child that runs `run`, then ends (exit status 0; 1 if `run` raised). `on_sigint`:
    installs the child's SIGINT handler, before SIGINT is let through there (else the one
    inherited). `only_descriptor`: the one descriptor above stderr the child keeps open."""
    parent = os.getpid()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
        if pid == 0:
            _child(run, parent, before, on_sigint, only_descriptor)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
    return ForkedProcess(pid)


def _child(
    run: Callable[[], object],
    parent: int,
    mask: set[int | signal.Signals],
    on_sigint: Callable[[], object] | None,
    only_descriptor: int | None,
) -> NoReturn:
    status = 1
    try:
        if on_sigint is not None:
            on_sigint()
        for number in (signal.SIGTERM, signal.SIGHUP):  # the parent's handlers (the launch puts
            signal.signal(number, signal.SIG_DFL)  # the terminal back on them) are not the child's
        kill_with_parent(parent)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if only_descriptor is not None:
            os.closerange(3, only_descriptor)
            os.closerange(only_descriptor + 1, _open_descriptors_limit())
        run()
        status = 0
    finally:
        os._exit(status)


def _open_descriptors_limit() -> int:
    try:
        return min(os.sysconf("SC_OPEN_MAX"), 65536)
    except (OSError, ValueError):
        return 1024
