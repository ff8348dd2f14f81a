"""Time to first screen: the reader on its welcome sample against a bare Textual app.

Each program runs in a pseudo-terminal of 120x40, started the same way (`python -m ...`,
same interpreter, same environment, settings in an empty temporary folder); the clock runs
from the start of the process until a known piece of its first screen has been written to
the terminal. Runs alternate between the programs, and the medians are compared.

The reader opens its library before every article (to go back to where the reader stopped)
and records each one it shows, so the sample's figure includes that; `reader` with no source
(the library screen, offering the guide while the library is empty) is timed too, and so is an
ordinary news page of the corpus (178 kB of HTML, extracted before its first screen) when
`../shared/corpus` is there.

Standalone: `python -m benchmarks.startup [--runs N]`.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reader" / "samples" / "welcome.md"
NEWS_PAGE = ROOT.parent / "shared" / "corpus" / "extra" / "ef2b3f268a67950c" / "source.html"
"""An ordinary news page (an AP story on a local paper's site: navigation, sidebars, footer)."""
GOAL = 1.5
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


def time_to_first_screen(program: Program, env: dict[str, str], cwd: Path = ROOT) -> float:
    """Seconds from starting `program` in a fresh pty until its marker is on the terminal."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        program.args,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    os.close(slave)
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
                return time.perf_counter() - started
    finally:
        process.kill()
        process.wait()
        os.close(master)


def measure(runs: int = 7) -> tuple[float, float, float, float | None]:
    """Median seconds to first screen for (bare app, reader on the sample, reader's library,
    reader on a news page when the corpus is there)."""
    bare, reader, library = programs()
    page = news_page()
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
        # One unmeasured start each: the first run pays for cold file caches and bytecode.
        time_to_first_screen(bare, env)
        time_to_first_screen(reader, env)
        time_to_first_screen(library, empty_env)
        bare_times: list[float] = []
        reader_times: list[float] = []
        library_times: list[float] = []
        page_times: list[float] = []
        for _ in range(runs):
            bare_times.append(time_to_first_screen(bare, env))
            reader_times.append(time_to_first_screen(reader, env))
            library_times.append(time_to_first_screen(library, empty_env))
            if page is not None:
                # The conversion cache would skip the extraction from the second run on.
                page_times.append(time_to_first_screen(page, {**env, "READER_NO_CACHE": "1"}))
    medians = statistics.median(bare_times), statistics.median(reader_times), statistics.median(library_times)
    return (*medians, statistics.median(page_times) if page_times else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each program (default 7)")
    args = parser.parse_args(argv)
    bare, reader, library, page = measure(args.runs)
    ratio = reader / bare
    print(f"Time to first screen ({COLUMNS}x{ROWS} pty, median of {args.runs} runs each):")
    print(f"  bare Textual app         {bare * 1000:7.0f} ms")
    print(f"  reader, welcome sample   {reader * 1000:7.0f} ms")
    verdict = "within" if ratio <= GOAL else "over"
    print(f"  ratio                    {ratio:7.2f}x  ({verdict} the goal of {GOAL}x)")
    print(f"  reader, library (empty)  {library * 1000:7.0f} ms  ({library / bare:.2f}x)")
    if page is not None:
        print(f"  reader, news page        {page * 1000:7.0f} ms  ({page / bare:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
