"""How the bench reads the app's screen back (`benchmarks/app.py`): a pane that scrolled is
seen to scroll, with wide characters in the contents beside it; a screen settles at its last
change, not at its last write.

A row of pyte's screen as text has one character fewer for each wide one (its second cell is
empty), so the contents' edge is at a different index in each row. Cut at one index for all
rows, the reading pane never seemed to scroll, and every `j` pressed while a long CJK article
loaded counted as unanswered until the presses ended (the bench's bimodal key latencies).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pyte = pytest.importorskip("pyte")

from benchmarks import process  # noqa: E402 - once pyte is known to be there
from benchmarks.app import pane, scrolled, settled  # noqa: E402
from benchmarks.terminal import Terminal  # noqa: E402

CONTENTS = ["Contents      ", "Part 1        ", "一、产业互联网", "二、不是强化  ", "Part 2        ", "三、终点      "]
"""Each 14 cells wide."""
TEXT = [f"line {n} 产业互联网的发展" for n in range(20)]


def screen(top: int) -> list[str]:
    """The rows of a 60x10 screen: a header, the contents beside the text from line `top`, a footer."""
    terminal = pyte.Screen(60, 10)
    stream = pyte.Stream(terminal)
    contents = CONTENTS + [" " * 14] * 2
    rows = ["header"] + [contents[n] + "▕" + TEXT[top + n] for n in range(8)] + ["footer"]
    stream.feed("\r\n".join(rows))
    columns = range(terminal.columns)
    return ["".join(row[x].data for x in columns) for row in map(terminal.buffer.__getitem__, range(terminal.lines))]


def test_the_pane_is_what_is_right_of_the_contents_in_every_row() -> None:
    assert [row.strip() for row in pane(screen(0))] == TEXT[:8]


def test_a_pane_scrolled_by_a_line_is_seen_to_scroll_beside_wide_headings() -> None:
    assert scrolled(pane(screen(0)), pane(screen(1)))
    assert scrolled(pane(screen(0)), pane(screen(3)))
    assert not scrolled(pane(screen(2)), pane(screen(2)))


REDRAWN = """
import signal, sys, time
def changed(*_):
    sys.stdout.write("\\x1b[2;1Hchanged")
    sys.stdout.flush()
    time.sleep(0.6)
    with open(sys.argv[1], "w") as note:
        note.write("%.6f" % time.monotonic())  # the clock `perf_counter` reads here
    sys.stdout.write("\\x1b[2;1H\\x1b[1m\\x1b[0m")  # written, the screen the same
    sys.stdout.flush()
signal.signal(signal.SIGWINCH, changed)
sys.stdout.write("\\x1b[1;1Hready")
sys.stdout.flush()
sys.stdin.read(1)
"""


def test_a_screen_settles_at_its_last_change_not_at_a_redraw_that_changed_nothing(tmp_path: Path) -> None:
    """The resize figure: the app drew a picture below the view again 0.5 s after a resize,
    the screen the same, and the sample's resize read 550 ms where its text had settled in 75."""
    note = tmp_path / "redrawn"
    args = [sys.executable, "-c", REDRAWN, str(note)]
    terminal = Terminal(args, process.isolated_env(tmp_path, cache=True), process.ROOT)
    try:
        terminal.wait_for_text("ready", 60.0)
        resized = terminal.resize(100, 24)
        settled_at = settled(terminal, resized, quiet=1.5)  # longer than the pause before the redraw
        redrawn = float(note.read_text())
        assert terminal.last_read >= redrawn  # the redraw was read ...
    finally:
        terminal.close("\n")
    assert resized < settled_at < redrawn  # ... and not taken for a change
