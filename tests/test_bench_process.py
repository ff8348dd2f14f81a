"""The programs the bench starts in a pty end with it (`benchmarks.process.start_in_pty`): a
bare Textual app left behind by a failed bench spun on a core through every measurement after it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.waiting import wait_for

_BENCH = """
import os, sys
from pathlib import Path
from benchmarks.process import start_in_pty
sleep = [sys.executable, "-c", "import time; time.sleep(120)"]
program, _, _ = start_in_pty(sleep, dict(os.environ), Path.cwd(), 80, 24)
print(program.pid, flush=True)
raise SystemExit("the bench failed")
"""


def _running(pid: int) -> bool:
    """Whether `pid` runs (an ended process not yet reaped by its new parent is a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_program_the_bench_started_ends_when_the_bench_fails() -> None:
    command = [sys.executable, "-c", _BENCH]
    bench = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bench.returncode == 1, bench.stderr
    pid = int(bench.stdout)
    try:
        wait_for(lambda: not _running(pid), "the bench's program to end with it", timeout=10)
    finally:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
