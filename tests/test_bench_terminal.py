"""The bench's terminal (`benchmarks.terminal`) times what the program wrote, not its own parsing.

A program writes a screenful that the emulator is slow to parse, then a marker; the wait for
the marker must return when the marker came, not once the screenful was parsed. Read and
parsed in turn, the parsing of a frame's first bytes held back the reading of its last ones,
and every app figure of `make bench` counted the emulator's work.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pyte")

from benchmarks import process  # once pyte is known to be there
from benchmarks.terminal import Terminal

PROGRAM = """
import sys, time
sys.stdout.write("\\x1b[1;1H" + "\\x1b[31mx\\x1b[0m" * 20000)  # colours: slow for pyte to parse
sys.stdout.flush()
time.sleep(0.1)  # the bench is parsing the screenful when the marker comes
sys.stdout.write("\\x1b[1;1Hmarker %.6f" % time.monotonic())  # the clock `perf_counter` reads here
sys.stdout.flush()
sys.stdin.read(1)
"""


def test_a_wait_returns_when_the_awaited_bytes_came_not_when_they_were_parsed(tmp_path: Path) -> None:
    switching = sys.getswitchinterval()
    terminal = Terminal([sys.executable, "-c", PROGRAM], process.isolated_env(tmp_path, cache=True), process.ROOT)
    try:
        shown = terminal.wait_for_text("marker", 60.0)
        parsed = time.perf_counter()
        row = next(row for row in terminal.rows if "marker" in row)
        written = float(re.search(r"marker (\d+\.\d{6})", row)[1])  # type: ignore[index]
    finally:
        terminal.close("\n")
    assert sys.getswitchinterval() == switching  # the bench's setting is put back
    # Came after it was written, and well before the bench had parsed everything.
    assert written <= shown
    assert shown - written < (parsed - written) / 2, (shown - written, parsed - written)


def test_a_key_is_sent_once_what_came_before_it_is_on_the_screen(tmp_path: Path) -> None:
    """A press is answered by what comes after it. What came before it but was not parsed yet
    (an arriving article's lines) would change the screen after the press and be taken for the
    answer, timed before the press (`benchmarks.app` once saw a `j` answered in -120 ms)."""
    program = 'import sys\nsys.stdout.write("before the key")\nsys.stdout.flush()\nsys.stdin.read(1)\n'
    terminal = Terminal([sys.executable, "-c", program], process.isolated_env(tmp_path, cache=True), process.ROOT)
    try:
        deadline = time.monotonic() + 60
        while terminal._reads.empty():  # come, not parsed yet
            assert time.monotonic() < deadline, "the program wrote nothing"
            time.sleep(0.01)
        assert not any("before the key" in row for row in terminal.rows)
        terminal.send("x")
        assert any("before the key" in row for row in terminal.rows)
    finally:
        terminal.close("\n")
