"""Whole processes as a user starts them: an environment of their own, and what one run cost.

Every benchmark that runs the real command starts it the same way: the same interpreter,
settings, library and caches in a temporary folder (the user's own stay untouched), bytecode
written once into a folder of its own, and the conversion cache on or off as asked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
XDG_NAMES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


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
    cpu: float
    """User + system seconds: the machine is shared, so wall time varies with the load."""
    peak_mb: float
    status: int | None
    """Exit status; None when it was killed at the time limit."""
    stdout: str
    stderr: str


def run(command: list[str], env: dict[str, str], *, cwd: Path = ROOT, timeout: float = 600.0) -> Run:
    """Run `command` to its end with its output in files; the rusage of that one child (wait4)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                status = -1
                break
            time.sleep(0.01)
        process.returncode = 0  # reaped by wait4: keep Popen from waiting again
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace").strip()
    code = None if status == -1 else os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, stdout, stderr)


def reader_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reader", *args]
