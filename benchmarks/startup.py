"""Time to first screen: the reader on its welcome sample against a bare Textual app.

Each program runs in a pseudo-terminal of 120x40, started the same way (`python -m ...`,
same interpreter, same environment, settings in an empty temporary folder); the clock runs
from the start of the process until a known piece of its first screen has been written to
the terminal. Runs alternate between the programs, and the medians are compared.

The reader opens its library before every article (to go back to where the reader stopped)
and records each one it shows, so the sample's figure includes that; `reader` with no source
(the library screen, offering the guide while the library is empty) is timed too, and so is an
ordinary news page of the corpus (178 kB of HTML, extracted before its first screen, its
conversion cache off) when `../shared/corpus` is there.

Each figure comes with the CPU time the program's processes had used by then: on a busy
machine the wall times stretch with the load (give the load average with them), the CPU
time much less.

Standalone: `python -m benchmarks.startup [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.process import start_in_pty

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reader" / "samples" / "welcome.md"
NEWS_PAGE = ROOT.parent / "shared" / "corpus" / "extra" / "ef2b3f268a67950c" / "source.html"
"""An ordinary news page (an AP story on a local paper's site: navigation, sidebars, footer)."""
GOAL = 1.5
PAGE_GOAL = 3.9
"""The news page: its first screen before the extraction vote (3.0x) plus 30% (issue 15)."""
COLUMNS, ROWS = 120, 40
TIMEOUT = 30.0

_ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f]")


@dataclass(frozen=True)
class Program:
    name: str
    args: list[str]
    marker: str
    """Text of the first screen that says it is there."""


def programs() -> tuple[Program, Program, Program]:
    python = sys.executable
    bare = Program("bare Textual app", [python, "-m", "benchmarks.bare_app"], "bare textual app ready")
    reader = Program("reader, welcome sample", [python, "-m", "reader", str(SAMPLE)], "terminal article reader")
    library = Program("reader, library", [python, "-m", "reader"], "a short guide to the keys")
    return bare, reader, library


def news_page() -> Program | None:
    if not NEWS_PAGE.is_file():
        return None
    return Program("reader, news page", [sys.executable, "-m", "reader", str(NEWS_PAGE)], "A cat who has been missing")


@dataclass(frozen=True)
class Timing:
    wall: float
    """Seconds from the start of the process to its marker on the terminal."""
    cpu: float
    """CPU seconds used by then by the process and every process it started (the converters'
    fork server and its children included): what a busy machine makes wait, as the tree
    shares one scheduling group with the others (Linux's autogroup, one per session)."""


def time_to_first_screen(program: Program, env: dict[str, str], cwd: Path = ROOT) -> float:
    """Seconds from starting `program` in a fresh pty until its marker is on the terminal."""
    return first_screen(program, env, cwd).wall


def first_screen(program: Program, env: dict[str, str], cwd: Path = ROOT) -> Timing:
    """`time_to_first_screen`, with the CPU time its processes used until then."""
    process, master, started = start_in_pty(program.args, env, cwd, COLUMNS, ROWS)
    output = b""
    try:
        while True:
            elapsed = time.perf_counter() - started
            if elapsed > TIMEOUT:
                raise RuntimeError(f"{program.name}: {program.marker[:30]!r} not shown after {TIMEOUT:.0f} s")
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    raise RuntimeError(f"{program.name} exited with {process.returncode}")
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{program.name} closed its terminal")
            output += chunk
            text = _ESCAPES.sub("", output.decode("utf-8", "replace"))
            if program.marker in text:
                wall = time.perf_counter() - started
                return Timing(wall, tree_cpu(process.pid))
    finally:
        process.kill()
        process.wait()
        os.close(master)


_TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its descendants, those still running and those they reaped."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(field) for field in fields[11:15])  # utime stime cutime cstime
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
    return total / _TICKS


@dataclass(frozen=True)
class Figure:
    """One program's runs."""

    timings: list[Timing]

    @property
    def wall(self) -> float:
        return statistics.median(timing.wall for timing in self.timings)

    @property
    def cpu(self) -> float:
        return statistics.median(timing.cpu for timing in self.timings)

    def spread(self) -> str:
        walls = [timing.wall for timing in self.timings]
        return f"{min(walls) * 1000:.0f}-{max(walls) * 1000:.0f}"


@dataclass(frozen=True)
class Figures:
    bare: Figure
    reader: Figure
    library: Figure
    page: Figure | None
    load: tuple[float, float]
    """The 1-minute load average before and after the runs."""


def measure(runs: int = 7) -> Figures:
    """First screens of the bare app, the reader on the sample, the reader's library, and
    the reader on a news page when the corpus is there."""
    bare, reader, library = programs()
    page = news_page()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as empty_data:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_CACHE_HOME": os.path.join(home, "cache"),
            "XDG_STATE_HOME": os.path.join(home, "state"),
        }
        for name in ("TEXTUAL", "COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        # Bytecode as a user's machine has it: written once (by the unmeasured first runs) and
        # read after, for every module alike, into a folder of its own (not the checkout).
        # Without it every module of ours is compiled from source at every start.
        env["PYTHONPYCACHEPREFIX"] = os.path.join(home, "pycache")
        # The library screen is timed on a library that stays empty (its first run).
        empty_env = {**env, "XDG_DATA_HOME": empty_data}
        # The conversion cache would skip the extraction from the second run on.
        page_env = {**env, "READER_NO_CACHE": "1"}
        # One unmeasured start each: the first run pays for cold file caches and bytecode.
        first_screen(bare, env)
        first_screen(reader, env)
        first_screen(library, empty_env)
        if page is not None:
            first_screen(page, page_env)
        timings: dict[str, list[Timing]] = {"bare": [], "reader": [], "library": [], "page": []}
        for _ in range(runs):
            timings["bare"].append(first_screen(bare, env))
            timings["reader"].append(first_screen(reader, env))
            timings["library"].append(first_screen(library, empty_env))
            if page is not None:
                timings["page"].append(first_screen(page, page_env))
    return Figures(
        Figure(timings["bare"]),
        Figure(timings["reader"]),
        Figure(timings["library"]),
        Figure(timings["page"]) if timings["page"] else None,
        (load_before, os.getloadavg()[0]),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each program (default 7)")
    args = parser.parse_args(argv)
    figures = measure(args.runs)
    bare = figures.bare
    print(f"Time to first screen ({COLUMNS}x{ROWS} pty, median of {args.runs} runs each, min-max;")
    print("CPU: the median CPU time its processes used until then):")
    print(f"  bare Textual app         {_row(bare, bare)}")
    print(f"  reader, welcome sample   {_row(figures.reader, bare)}")
    ratio = figures.reader.wall / bare.wall
    verdict = "within" if ratio <= GOAL else "over"
    print(f"  ratio                    {ratio:7.2f}x  ({verdict} the goal of {GOAL}x)")
    print(f"  reader, library (empty)  {_row(figures.library, bare)}")
    if figures.page is not None:
        page = figures.page.wall / bare.wall
        verdict = "within" if page <= PAGE_GOAL else "over"
        print(f"  reader, news page        {_row(figures.page, bare)}  ({verdict} the goal of {PAGE_GOAL}x)")
    else:
        print(f"  reader, news page        skipped: {NEWS_PAGE} is absent")
    print(f"  load average (1 min)     {figures.load[0]:.1f} before, {figures.load[1]:.1f} after")
    return 0


def _row(figure: Figure, bare: Figure) -> str:
    return (
        f"{figure.wall * 1000:7.0f} ms  ({figure.wall / bare.wall:.2f}x, {figure.spread()} ms)"
        f"  CPU {figure.cpu * 1000:5.0f} ms"
    )


if __name__ == "__main__":
    sys.exit(main())
