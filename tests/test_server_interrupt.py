"""Ctrl-C while the fork server imports its preloaded modules ends it without a traceback."""

from __future__ import annotations

import subprocess
import sys

from reader.convert import worker
from reader.errors import INTERRUPTED

# `reader.convert.server_interrupt` is not imported here: importing it sets the process's
# SIGINT handler (a quiet exit), which would end a test worker on Ctrl-C without its report.

# A process that imports the module first, as the fork server does, then is interrupted in
# the middle of importing the converters (where a Ctrl-C during `--dump` used to land).
_INTERRUPTED_IMPORT = """
import os, signal, sys
import reader.convert.server_interrupt
class Interrupting:
    def find_spec(self, name, path, target=None):
        if name == "reader.convert.chunked":
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupting())
import reader.convert.chunked
print("imported")
"""


def test_the_fork_server_imports_the_quiet_interrupt_first() -> None:
    assert worker.PRELOAD[0] == "reader.convert.server_interrupt"


def test_an_interrupt_during_the_preload_imports_exits_quietly() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_IMPORT], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == INTERRUPTED
    assert done.stderr == ""
    assert "imported" not in done.stdout
