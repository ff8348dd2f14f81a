"""A program run in a pseudo-terminal, its screen kept by a terminal emulator (pyte).

The bench drives the real `reader` command as a user does: keys in, the screen read back.
Every wait returns the time at which the bytes that satisfied it came from the terminal, so
the emulator's own work is not counted against the program. A thread reads the terminal and
notes when each read came; the emulator parses in the bench's thread. Read and parsed in turn,
the parsing of a frame's first bytes (pyte took 41 ms for the sample's 15 kB first frame) held
back the reading of its last ones, and the figure counted that parsing.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyte

from benchmarks.process import kilobytes, set_pty_size, start_in_pty

SWITCH_INTERVAL = 0.0005
"""Seconds the interpreter lets one thread run before another may take it, while a terminal is
read (Python's default is 5 ms): the thread that notes when each read came waits that long for
the emulator's thread to let go, at every read of a frame that comes in pieces."""

MEMORY_SAMPLE_INTERVAL = 0.025
"""Seconds between samples of the program's memory."""

Screen = list[str]
"""The rows of the terminal, as text."""


class TimedOut(Exception):
    """The program did not show what was waited for in time."""


class Terminal:
    """One program in a pty of `columns` x `rows`."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, columns: int = 120, rows: int = 40) -> None:
        self.process, self.master, self.started = start_in_pty(args, env, cwd, columns, rows)
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.last_read = self.started
        self.peak_rss = 0
        self.peak_pss = 0
        self._closed = threading.Event()
        self._switch_interval = sys.getswitchinterval()  # put back by `close`
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._reads: queue.Queue[tuple[float, bytes]] = queue.Queue()
        self._reader = threading.Thread(target=self._read_until_closed, daemon=True)
        self._reader.start()
        threading.Thread(target=self._sample_memory_until_closed, daemon=True).start()

    # reading
    def _read_until_closed(self) -> None:
        """Each read of the terminal, with the clock time it came, until the program closes the
        terminal (then an empty read) or the bench closes it."""
        while not self._closed.is_set():
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(self.master, 1 << 16)
            except OSError:
                data = b""
            self._reads.put((time.perf_counter(), data))
            if not data:
                return

    def pump(self, timeout: float) -> bool:
        """Parse what the program wrote, waiting up to `timeout` for it; False if nothing came."""
        try:
            reads = [self._reads.get(timeout=timeout)]
        except queue.Empty:
            return False
        with contextlib.suppress(queue.Empty):
            while True:  # and what else came meanwhile, in one go (the rows are made once)
                reads.append(self._reads.get_nowait())
        for came, data in reads:
            if not data:
                raise TimedOut("the program closed its terminal")
            self.stream.feed(data)
            self.last_read = came
        return True

    @property
    def rows(self) -> Screen:
        """The rows as text. Not pyte's `display`, which fails on a cell emptied by a wide
        character that was overwritten: a wide character fills its cell, the next one is empty."""
        columns = range(self.screen.columns)
        return [
            "".join(row[x].data for x in columns)
            for row in map(self.screen.buffer.__getitem__, range(self.screen.lines))
        ]

    def text(self) -> str:
        return "\n".join(self.rows)

    def wait(self, condition: Callable[[Screen], bool], timeout: float) -> float:
        """Wait until `condition(rows)` holds; the clock time at which it came true."""
        deadline = time.perf_counter() + timeout
        if condition(self.rows):
            return time.perf_counter()
        while time.perf_counter() < deadline:
            if self.pump(0.05) and condition(self.rows):
                return self.last_read
            if self.process.poll() is not None:
                raise TimedOut(f"the program exited with {self.process.returncode}")
        raise TimedOut(f"not on screen after {timeout:.0f} s")

    def wait_for_text(self, text: str, timeout: float) -> float:
        return self.wait(lambda rows: any(text in row for row in rows), timeout)

    def drain(self, quiet: float = 0.3, limit: float = 10.0) -> None:
        """Read until the program has written nothing for `quiet` seconds."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end and self.pump(quiet):
            pass

    # writing
    def send(self, keys: str) -> float:
        """Type `keys`; the clock time they were sent. What came before is parsed first: a
        press is answered by what comes after it, and a screen that showed what came before
        (the article arriving) would be taken for its answer, timed before the press."""
        with contextlib.suppress(TimedOut):  # it ended: the write says so, or the wait (its exit)
            while self.pump(0):
                pass
        os.write(self.master, keys.encode())
        return time.perf_counter()

    def resize(self, columns: int, rows: int) -> float:
        set_pty_size(self.master, columns, rows)
        self.screen.resize(rows, columns)
        # The program is not the terminal's foreground job (it has a session of its own).
        os.kill(self.process.pid, signal.SIGWINCH)
        return time.perf_counter()

    # the process
    def family(self) -> list[int]:
        """The program and every process it started, still running."""
        found: list[int] = []
        todo = [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:  # a process may end while it is looked at: its folder goes
                tasks = list(Path(f"/proc/{pid}/task").iterdir())
            except OSError:
                continue
            for task in tasks:
                try:
                    todo += [int(child) for child in (task / "children").read_text().split()]
                except OSError:
                    continue
        return found

    def _sample_memory_until_closed(self) -> None:
        """Every 25 ms, also while the bench waits in `select` for a program that writes
        nothing (a re-layout in a thread of the app holds its old and new lines a second or
        two; samples taken only around reads missed that peak)."""
        while not self._closed.wait(MEMORY_SAMPLE_INTERVAL):
            self.sample_memory()

    def sample_memory(self) -> None:
        """Note the memory of the program and its children together: the sum of their resident
        sets (RSS), which counts each page a forked child shares with its parent (the fork
        server's imports, in every child of it) once per process; and the sum of their
        proportional sets (PSS: a shared page split between the processes sharing it), which
        adds up to the memory the whole takes."""
        rss = pss = 0
        for pid in self.family():
            rss += kilobytes(f"/proc/{pid}/status", "VmRSS:")
            pss += kilobytes(f"/proc/{pid}/smaps_rollup", "Pss:")
        self.peak_rss = max(self.peak_rss, rss * 1024)
        self.peak_pss = max(self.peak_pss, pss * 1024)

    def close(self, quit_keys: str = "q") -> list[int]:
        """Quit as a user does (then kill if need be); the processes it left behind, killed."""
        family = self.family()
        self._closed.set()
        try:
            self.send(quit_keys)
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            self._reader.join()  # its last select ends within 50 ms; the descriptor is then closed
            os.close(self.master)
            sys.setswitchinterval(self._switch_interval)
        left = [pid for pid in family[1:] if _alive(pid, wait=1.0)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        return left


def _alive(pid: int, wait: float) -> bool:
    deadline = time.perf_counter() + wait
    while time.perf_counter() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        if state == "Z":
            return False
        time.sleep(0.05)
    return True
