"""The command line runs and the bundled samples convert."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SAMPLES

NOT_FOR_A_SHORT_TEXT_DUMP = ("multiprocessing", "rich.console", "pygments", "textual")
"""What a text dump of a short file to a pipe never uses: the converting child's machinery (for
long sources), Rich's console (for colour), Pygments (code is not coloured), the app."""


def test_dump_sample_runs() -> None:
    """The real command; `-X importtime` names each module it imports on stderr, so the same run
    checks that a short dump imports no more than it needs (each module is start-up time, and
    the suite runs the command a hundred times)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reader", str(SAMPLES / "welcome.md"), "--dump", "--width", "60"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Welcome to reader" in result.stdout
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    assert "reader.convert.markdown_to_blocks" in imported  # the sample was converted, not read from a cache
    for package in NOT_FOR_A_SHORT_TEXT_DUMP:
        assert not {name for name in imported if name == package or name.startswith(package + ".")}, package
