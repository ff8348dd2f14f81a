"""Whole processes as a user starts them: an environment of their own, and what one run cost.

Every benchmark that runs the real command starts it the same way: the same interpreter,
settings, library and caches in a temporary folder (the user's own stay untouched), bytecode
written once into a folder of its own, and the conversion cache on or off as asked.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import functools
import itertools
import os
import resource
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
XDG_NAMES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


_PRCTL = ctypes.CDLL(None, use_errno=True).prctl
"""Looked up here, in the bench's process: the child forked to start a program only calls it."""
_PR_SET_PDEATHSIG = 1


def _die_with_bench() -> None:
    """Run in a program's child process before it starts (`preexec_fn`): the program is
    killed when the bench ends, however it ends. A Textual app whose terminal closes spins on
    it (the bare app does; the reader's driver stops), and a bare app left behind by a bench
    that failed or was killed took a core through every measurement after it. Safe beside the
    bench's threads (the memory samplers): one C call, no lock and no import in the child."""
    _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)


def start_in_pty(
    args: list[str], env: dict[str, str], cwd: Path, columns: int, rows: int
) -> tuple[subprocess.Popen[bytes], int, float]:
    """`args` started in a new pty of `columns` x `rows`, in a session of its own, and killed
    when the bench ends: the process, the pty's end to read and write, and the clock time it
    was started at."""
    master, slave = os.openpty()
    set_pty_size(slave, columns, rows)
    started = time.perf_counter()
    process = subprocess.Popen(
        args,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        start_new_session=True,
        preexec_fn=_die_with_bench,  # noqa: PLW1509 (one C call: `_die_with_bench`)
    )
    os.close(slave)
    return process, master, started


def set_pty_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


PYCACHE = Path(tempfile.gettempdir()) / "reader-bench-pycache"
"""Bytecode of every run, shared: a user's machine compiles it once, not at every start."""


def isolated_env(home: str | Path, *, cache: bool, root: Path = ROOT) -> dict[str, str]:
    """The environment of a user whose folders are all under `home`; `cache=False` is the
    reader's cache-off option (`READER_NO_CACHE=1`), for a first opening every time."""
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "PYTHONPATH": str(root),
        **{name: os.path.join(home, name.lower()) for name in XDG_NAMES},
        "PYTHONPYCACHEPREFIX": str(PYCACHE),
    }
    for name in ("TEXTUAL", "COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE", "READER_NO_CACHE"):
        env.pop(name, None)
    if not cache:
        env["READER_NO_CACHE"] = "1"
    return env


@dataclass(frozen=True)
class Run:
    wall: float
    """Until the command itself ended (what its user waits for)."""
    cpu: float
    """User + system seconds of the command and of every process it started (a dump's
    conversion child, the fork server): the machine is shared, so wall time varies with the load."""
    peak_mb: float
    """The sum of each process's peak resident memory (the command's, and each of the others')."""
    status: int | None
    """Exit status; None when it was killed at the time limit."""
    stdout: str
    stderr: str
    own_cpu: float = 0.0
    """The command's own process alone."""


def run(command: list[str], env: dict[str, str], *, cwd: Path = ROOT, timeout: float = 600.0) -> Run:
    """Run `command` to its end with its output in files; the rusage of it and its descendants."""
    _adopt_orphans()
    token = f"{uuid.uuid4()}"
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            command, cwd=cwd, env={**env, _TOKEN: token}, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        deadline = started + timeout
        descendants: set[int] = set()
        seen: dict[int, tuple[float, int, int]] = {}
        for turn in itertools.count():
            for watched in (process.pid, *descendants):
                last = _sampled(watched)
                if last is not None:  # a zombie's status has no memory: keep the largest seen
                    before = seen.get(watched, last)
                    seen[watched] = (max(before[0], last[0]), max(before[1], last[1]), last[2])
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                status = -1
                break
            if turn % 10 == 0:
                descendants |= _with_token(token)
            time.sleep(0.01)
        process.returncode = 0  # reaped by wait4: keep Popen from waiting again
        wall = time.perf_counter() - started
        descendants |= _with_token(token)
        others = _reap_left(set(descendants))
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace").strip()
    code = None if status == -1 else os.waitstatus_to_exitcode(status)
    # The command's rusage holds its own and that of the descendants reaped inside it (a dump's
    # forked conversion child, and the helper that child forks to make Markdown ahead): the
    # CPU added up, the memory only as the largest of them. So those descendants count as last
    # seen (`_sampled`, every 10 ms), and the command's own memory too; the processes that
    # outlived it come with their own rusage (`others`).
    inside = descendants - set(others) - {process.pid}
    theirs = [seen[pid] for pid in inside if pid in seen and seen[pid][2] not in others]
    own = usage.ru_utime + usage.ru_stime - sum(cpu for cpu, _, _ in theirs)
    own_peak = seen[process.pid][1] if theirs and process.pid in seen else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime + sum(other.ru_utime + other.ru_stime for other in others.values())
    peak = (own_peak + sum(peak for _, peak, _ in theirs) + sum(other.ru_maxrss for other in others.values())) / 1024
    return Run(wall, cpu, peak, code, stdout, stderr, own)


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _sampled(pid: int) -> tuple[float, int, int] | None:
    """(CPU seconds, peak resident kB, parent) of a live process, from /proc (Linux; else None)."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS, kilobytes(f"/proc/{pid}/status", "VmHWM:"), int(fields[1])


def kilobytes(path: str, field: str) -> int:
    """A field in kB of a process's status or smaps_rollup file; 0 once it is gone (or a
    zombie, whose status has no memory)."""
    try:
        text = Path(path).read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command's name (state, parent, ...); None once gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


_TOKEN = "READER_BENCH_RUN"
"""Put in a command's environment, to know its descendants by (they inherit it)."""
_PR_SET_CHILD_SUBREAPER = 36


@functools.cache
def _adopt_orphans() -> None:
    """Have the processes a command leaves behind (a fork server lives on after the dump that
    started it, for a moment) come to this process when their parent ends, not to init, so
    that their CPU time and memory can be counted as the command's (Linux; elsewhere they are
    not counted)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap_left(pids: set[int], timeout: float = 30.0) -> dict[int, resource.struct_rusage]:
    """Wait until the command's processes `pids` are gone, reaping those that outlived their
    parent and came to this process (each with the processes it reaped itself); killed if
    they last longer than `timeout`. The rusage of those reaped here, by pid."""
    usages: dict[int, resource.struct_rusage] = {}
    deadline = time.perf_counter() + timeout
    me = os.getpid()
    while pids:
        for pid in list(pids):
            parent = _parent(pid)
            if parent is None:
                pids.discard(pid)  # gone, reaped by its own parent
            elif parent == me:
                with contextlib.suppress(ChildProcessError):
                    done, _, usage = os.wait4(pid, os.WNOHANG)
                    if done:
                        usages[pid] = usage
                        pids.discard(pid)
            if pid in pids and time.perf_counter() > deadline:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)
    return usages


def _parent(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[1])


def _with_token(token: str) -> set[int]:
    """The live processes started with the token in their environment."""
    found = set()
    mark = f"{_TOKEN}={token}".encode()
    for entry in Path("/proc").iterdir() if sys.platform.startswith("linux") else []:
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if mark in (entry / "environ").read_bytes():
                    found.add(int(entry.name))
    return found


def reader_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reader", *args]
