"""The app as a user meets it: the real `reader` command in a pseudo-terminal, its screen read
back by a terminal emulator (pyte, `benchmarks.terminal`).

For the bundled sample and long pages (see `benchmarks.inputs`), each run in fresh settings:
- a first opening, the conversion cache off: the first screen (against a bare Textual app,
  `benchmarks.bare_app`, started the same way in the same run); `G` (pressed again each second
  until it holds) until the last paragraph shows; the whole article loaded; once loaded, `G`
  from the top, a `]` jump and a resize re-layout (120x40 to 100x40); the peak memory of the
  app and every process it started;
- a second first opening: `j` pressed every 100 ms while the article loads, each press timed
  until the pane has scrolled; then Esc, timed until the header no longer says it loads;
- a reopening with the cache on (filled by a dump of the same file): the first screen and the
  whole article loaded.

Standalone: `python -m benchmarks.app [--runs N] [--mb 2.5 25]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import inputs, process
from benchmarks.figures import Figure
from benchmarks.terminal import Screen, Terminal, TimedOut

COLUMNS, ROWS = 120, 40
NARROWER = 100
LOADING = "loading…"
RELAYING = "laying out…"
KEY_INTERVAL = 0.1
KEY_PHASE = 3.0
"""Seconds of `j` presses while the article loads."""
SEEN = 12
"""Most panes a press waiting is compared with (the one at the press, and the last reads)."""
BARE = [sys.executable, "-m", "benchmarks.bare_app"]
BARE_MARKER = "bare textual app ready"


def patience(item: inputs.Input) -> float:
    """Seconds to wait for a long wait (the whole article, the end): a minute per 10 MB."""
    return 30.0 + 6.0 * item.path.stat().st_size / 1_000_000


@dataclass
class Figures:
    """Every figure of one input, over its runs."""

    item: inputs.Input
    bare: Figure = field(default_factory=lambda: Figure("bare Textual app: first screen"))
    first: Figure = field(default_factory=lambda: Figure("first screen (cache off)"))
    end: Figure = field(default_factory=lambda: Figure("G until the last paragraph shows"))
    loaded: Figure = field(default_factory=lambda: Figure("whole article loaded"))
    end_loaded: Figure = field(default_factory=lambda: Figure("G once loaded"))
    jump: Figure = field(default_factory=lambda: Figure("] jump once loaded"))
    resize: Figure = field(default_factory=lambda: Figure(f"resize {COLUMNS} to {NARROWER} columns"))
    keys: Figure = field(default_factory=lambda: Figure("j while loading: each answer", counted="presses"))
    slowest_key: Figure = field(default_factory=lambda: Figure("j while loading: the slowest"))
    stop: Figure = field(default_factory=lambda: Figure("Esc while loading until stopped"))
    memory: Figure = field(default_factory=lambda: Figure("peak memory (RSS summed, with children)", unit="MB"))
    shared_once: Figure = field(
        default_factory=lambda: Figure("peak memory (PSS summed: shared pages once)", unit="MB")
    )
    reopen_first: Figure = field(default_factory=lambda: Figure("reopened (cached): first screen"))
    reopen_loaded: Figure = field(default_factory=lambda: Figure("reopened (cached): whole article"))
    left_behind: int = 0
    """Processes still running after the app quit."""

    def lines(self) -> list[str]:
        big = self.item.copies > 0
        size = self.item.path.stat().st_size / 1_000_000
        shown = [
            self.bare.describe(),
            self.first.describe(self.bare, goal=("<= 4x at 2.5 MB, <= 10x at 25 MB" if big else "<= 1.5x")),
            self.end.describe(goal="<= 3 s at 2.5 MB, <= 30 s at 25 MB" if big else ""),
            self.loaded.describe(),
            self.end_loaded.describe(goal="<= 0.3 s" if big else ""),
            self.jump.describe(goal="<= 50 ms"),
            self.resize.describe(),
            self.keys.describe(goal="every one <= 100 ms"),
            self.slowest_key.describe(),
            self.stop.describe(goal="<= 200 ms"),
            self.memory.describe(goal="<= 600 MB" if size > 10 else ""),
            self.shared_once.describe(),
            self.reopen_first.describe(self.bare),
            self.reopen_loaded.describe(goal="<= 5 s" if big else ""),
        ]
        if self.left_behind:
            shown.append(f"  WRONG: {self.left_behind} processes left running after quitting")
        return shown


def header(rows: Screen) -> str:
    return rows[0]


def loading(rows: Screen) -> bool:
    return LOADING in header(rows)


def pane(rows: Screen) -> list[str]:
    """The reading pane's rows: right of the contents when they are shown, without the header,
    the footer and the scroll bar's column. Each row is cut at its own edge of the contents: a
    row's text is shorter than the screen by one character for each wide one (a CJK heading in
    the contents), so one column for all rows cut some of them inside the pane, and the pane
    never seemed to scroll while the contents beside it held headings of different widths."""
    return [row[row.find("▕") + 1 : -2] for row in rows[1:-1]]


def scrolled(before: list[str], after: list[str]) -> bool:
    """Whether the pane's text moved up (the rows that were lower are now higher), allowing
    for a few rows that changed for other reasons (a reading time that grows as it loads)."""
    if before == after:
        return False
    size = len(before)
    for shift in range(1, size // 2):
        same = sum(
            1 for new, old in zip(after[: size - shift], before[shift:], strict=True) if new == old and new.strip()
        )
        if same >= 0.6 * sum(1 for row in before[shift:] if row.strip()) > 0:
            return True
    return False


def settled(terminal: Terminal, since: float, quiet: float = 1.0, timeout: float = 60.0) -> float:
    """The clock time of the last change to the screen after `since`, once the program has
    written nothing for `quiet` seconds and the header no longer says it lays out (a long
    article is laid out again in a thread, after a pause for more sizes). A redraw that leaves
    the screen as it was is no change: a picture below the view, drawn again for the new width
    0.5 s after a resize, made the sample's resize read 550 ms where its text had settled in 75."""
    deadline = since + timeout
    shown, changed = terminal.rows, since
    while time.perf_counter() < deadline:
        if terminal.pump(quiet):
            rows = terminal.rows
            if rows != shown:
                shown, changed = rows, terminal.last_read
        elif changed > since and RELAYING not in header(shown):
            return changed
    raise TimedOut(f"still laying out after {timeout:.0f} s")


class Session:
    """The reader on one input, in fresh settings of `home`."""

    def __init__(self, item: inputs.Input, env: dict[str, str]) -> None:
        self.item = item
        self.terminal = Terminal(process.reader_command(str(item.path)), env, process.ROOT, COLUMNS, ROWS)

    def shows(self, text: str) -> Callable[[Screen], bool]:
        return lambda rows: any(text in row for row in rows[1:-1])

    def first_screen(self) -> float:
        shown = self.terminal.wait(self.shows(self.item.first_text), patience(self.item))
        return shown - self.terminal.started

    def until_loaded(self, timeout: float) -> float:
        """The clock time at which the header stopped saying the article loads."""
        try:
            return self.terminal.wait(lambda rows: not loading(rows), timeout)
        except TimedOut as exc:
            raise TimedOut(f"still loading after {timeout:.0f} s ({exc})") from None

    def press_until(self, key: str, condition: Callable[[Screen], bool], timeout: float, again: float = 1.0) -> float:
        """Seconds from pressing `key` until `condition` holds, pressing it again every `again`
        seconds (a key pressed while the end is still loading takes the reader to the end so far)."""
        pressed = self.terminal.send(key)
        deadline = pressed + timeout
        while True:
            try:
                return self.terminal.wait(condition, min(again, deadline - time.perf_counter())) - pressed
            except TimedOut:
                if time.perf_counter() >= deadline:
                    raise TimedOut(f"not within {timeout:.0f} s") from None
                self.terminal.send(key)

    def settle(self) -> None:
        self.terminal.drain(quiet=0.3, limit=5.0)


def opening(figures: Figures, home: str) -> None:
    """A first opening: first screen, G to the end, loading, then G, ] and a resize."""
    item = figures.item
    session = Session(item, process.isolated_env(home, cache=False))
    terminal = session.terminal
    try:
        figures.first.add(session.first_screen())
        at_end = session.shows(item.end_text)
        try:
            figures.end.add(session.press_until("G", at_end, patience(item)))
        except TimedOut as exc:
            figures.end.failed = f"G: {exc}"
        try:
            figures.loaded.add(session.until_loaded(patience(item)) - terminal.started)
        except TimedOut as exc:
            figures.loaded.failed = str(exc)
            return
        session.settle()
        session.press_until("g", lambda rows: not at_end(rows), 10.0)
        session.settle()
        figures.end_loaded.add(session.press_until("G", at_end, 10.0, again=10.0))
        session.press_until("g", lambda rows: not at_end(rows), 10.0)
        session.settle()
        top = pane(terminal.rows)
        figures.jump.add(session.press_until("]", lambda rows: pane(rows) != top, 10.0, again=10.0))
        session.settle()
        resized = terminal.resize(NARROWER, ROWS)
        figures.resize.add(settled(terminal, resized) - resized)
    except TimedOut as exc:
        figures.first.failed = figures.first.failed or str(exc)
    finally:
        terminal.sample_memory()
        figures.memory.add(terminal.peak_rss)
        figures.shared_once.add(terminal.peak_pss)
        figures.left_behind += len(terminal.close())


def keys_while_loading(figures: Figures, home: str) -> None:
    """A first opening with `j` every 100 ms while it loads, then Esc."""
    session = Session(figures.item, process.isolated_env(home, cache=False))
    terminal = session.terminal
    try:
        session.first_screen()
        if not loading(terminal.rows):
            figures.keys.failed = figures.stop.failed = "loaded before the first key"
            return
        pending: list[float] = []
        answers: list[float] = []
        seen: list[list[str]] = []  # the pane as the first press waiting saw it, and after each read since
        start = next_press = time.perf_counter()
        while time.perf_counter() < start + KEY_PHASE and loading(terminal.rows):
            if time.perf_counter() >= next_press:
                if not pending:
                    seen = [pane(terminal.rows)]
                pending.append(terminal.send("j"))
                next_press += KEY_INTERVAL
            # A scroll from any pane seen since the press, not only from the last read: a frame
            # that arrives in two reads would never show the pane moving from the half-drawn
            # one; nor only from the pane at the press: a frame that laid the text out again
            # (the contents coming with the first heading, at another width) would hide every
            # scroll after it.
            if terminal.pump(max(0.0, next_press - time.perf_counter())) and pending:
                after = pane(terminal.rows)
                if any(scrolled(before, after) for before in seen):
                    answers += [terminal.last_read - pressed for pressed in pending]
                    pending = []
                else:
                    seen = [seen[0], *seen[1:][-(SEEN - 2) :], after]
        # Presses still unanswered when the presses end count as waiting until then (at least).
        answers += [time.perf_counter() - pressed for pressed in pending]
        for answer in answers:
            figures.keys.add(answer)
        if answers:
            figures.slowest_key.add(max(answers))
        if not loading(terminal.rows):
            figures.stop.failed = "loaded before Esc"
            return
        pressed = terminal.send("\x1b")
        figures.stop.add(session.until_loaded(30.0) - pressed)
    except TimedOut as exc:
        figures.stop.failed = str(exc)
    finally:
        figures.left_behind += len(terminal.close())


def reopening(figures: Figures, home: str) -> None:
    """The cache filled by a dump of the same file, then the app opens it again."""
    env = process.isolated_env(home, cache=True)
    process.run(process.reader_command(str(figures.item.path), "--dump"), env, timeout=900.0)
    session = Session(figures.item, env)
    try:
        figures.reopen_first.add(session.first_screen())
        figures.reopen_loaded.add(session.until_loaded(patience(figures.item)) - session.terminal.started)
    except TimedOut as exc:
        figures.reopen_loaded.failed = str(exc)
    finally:
        figures.left_behind += len(session.terminal.close())


def bare_app(figures: Figures, home: str) -> None:
    terminal = Terminal(BARE, process.isolated_env(home, cache=False), process.ROOT, COLUMNS, ROWS)
    try:
        figures.bare.add(terminal.wait_for_text(BARE_MARKER, 30.0) - terminal.started)
    finally:
        terminal.close("\x03")


def measure(item: inputs.Input, runs: int) -> Figures:
    figures = Figures(item)
    for _ in range(runs):
        for step in (bare_app, opening, keys_while_loading, reopening):
            with tempfile.TemporaryDirectory() as home:
                step(figures, home)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.app", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each input (a third of it at 25 MB; default 3)")
    parser.add_argument("--mb", type=float, nargs="*", default=[2.5, 25], help="sizes of the long pages")
    args = parser.parse_args(argv)
    _, seed = inputs.seed_body()
    print(
        f"The app in a {COLUMNS}x{ROWS} pty, whole processes; long pages repeat {seed}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores."
    )
    status = 0
    with tempfile.TemporaryDirectory() as folder:
        # Unmeasured: bytecode written, file caches warm (a shared prefix for every run).
        with tempfile.TemporaryDirectory() as home:
            bare_app(Figures(inputs.SAMPLE_INPUT), home)
            warm = Session(inputs.SAMPLE_INPUT, process.isolated_env(home, cache=False))
            warm.first_screen()
            warm.terminal.close()
        items = [(inputs.SAMPLE_INPUT, args.runs)]
        items += [(inputs.long_input(Path(folder), mb, "page"), args.runs if mb < 10 else 1) for mb in args.mb]
        for item, runs in items:
            print(f"  {item.name} ({item.path.stat().st_size / 1_000_000:.2f} MB):")
            sys.stdout.flush()
            figures = measure(item, runs)
            print("\n".join(figures.lines()))
            status = status or int(figures.left_behind > 0)
            sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
