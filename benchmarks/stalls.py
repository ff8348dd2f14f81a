"""Where the app's event loop stalls while a long article arrives and keys are pressed.

`python -m benchmarks.stalls [--runs N] [--mb 2.5]` runs the key phase of `benchmarks.app`
(`j` every 100 ms while a long page loads, then Esc) with the real command started under a
stall logger, and prints each run's key latencies and the longest stalls of the UI thread.

The logger (`--inside LOG -- ARGS`, the command the bench starts) times every callback the
event loop runs (a Textual message handler, a task's step, a timer): one that holds the loop
more than `STALL` seconds is a stall, during which a thread samples the main thread's stack
every `SAMPLE` seconds; it also times every full collection of the garbage collector, and
every turn of the loop (the callbacks run between two waits for input). Each stall is written
with its duration (wall and the UI thread's CPU time) and its most frequent stacks; each frame
with its CPU time and that of the widgets it drew (their `render_lines`), the costliest first.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

STALL = 0.05
SAMPLE = 0.005
OURS = ("reader/", "textual/", "rich/", "asyncio/")


def _stack(frame: FrameType | None, depth: int = 14) -> str:
    """The innermost `depth` frames, innermost first (no source lines read: this runs while
    the main thread is stalled, and must not stall it more)."""
    rows = []
    while frame is not None and len(rows) < depth:
        path = frame.f_code.co_filename
        where = next((path[path.rindex(part) :] for part in OURS if part in path), os.path.basename(path))
        rows.append(f"{where}:{frame.f_lineno} {frame.f_code.co_name}")
        frame = frame.f_back
    return " < ".join(rows)


class Logger:
    """Times the loop's callbacks in this process; samples the main thread during long ones."""

    def __init__(self, path: str) -> None:
        self.out = open(path, "w", buffering=1)  # noqa: SIM115 - open for the process's life
        self.main = threading.get_ident()
        self.running: float | None = None
        self.samples: collections.Counter[str] = collections.Counter()
        self.turn_started: float | None = None
        self.gc_started = 0.0
        self.gc_cpu = 0.0
        self.began = time.perf_counter()

    def write(self, **record: Any) -> None:
        now = time.perf_counter()
        record["t"] = round(now - self.began, 3)
        record["at"] = round(now, 4)  # the system's monotonic clock, as the bench's presses
        self.out.write(json.dumps(record) + "\n")

    def install(self) -> None:
        logger = self
        original_run = asyncio.events.Handle._run

        def timed_run(handle: asyncio.events.Handle) -> None:
            if threading.get_ident() != logger.main:
                original_run(handle)
                return
            start = time.perf_counter()
            cpu = time.thread_time()
            logger.running = start
            logger.samples = collections.Counter()
            try:
                original_run(handle)
            finally:
                logger.running = None
                took = time.perf_counter() - start
                if took > STALL:
                    logger.write(
                        kind="callback",
                        wall=round(took, 4),
                        cpu=round(time.thread_time() - cpu, 4),
                        what=repr(handle)[:300],
                        stacks=logger.samples.most_common(4),
                    )

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]

        import selectors

        selector = selectors.DefaultSelector
        original_select = selector.select

        def timed_select(self: selectors.BaseSelector, timeout: float | None = None) -> Any:
            if threading.get_ident() != logger.main:
                return original_select(self, timeout)
            now = time.perf_counter()
            if logger.turn_started is not None and now - logger.turn_started > STALL:
                logger.write(kind="turn", wall=round(now - logger.turn_started, 4))
            try:
                return original_select(self, timeout)
            finally:
                logger.turn_started = time.perf_counter()

        selector.select = timed_select  # type: ignore[method-assign]

        def collected(phase: str, info: dict[str, int]) -> None:
            if info["generation"] != 2:
                return
            if phase == "start":
                logger.gc_started = time.perf_counter()
                logger.gc_cpu = time.thread_time()
            else:
                took = time.perf_counter() - logger.gc_started
                cpu = round(time.thread_time() - logger.gc_cpu, 4)
                main = threading.get_ident() == logger.main
                logger.write(kind="gc2", wall=round(took, 4), cpu=cpu, main=main, objects=len(gc.get_objects()))

        gc.callbacks.append(collected)
        self._timeline()
        threading.Thread(target=self._sample, daemon=True, name="stall-sampler").start()

    def _timeline(self) -> None:
        """Each `j`'s action and each write to the terminal, to line up with the presses."""
        from reader.ui import driver
        from reader.ui.reading import ReadingScreen

        logger = self
        scroll = ReadingScreen.action_scroll_lines

        def scrolled(screen: ReadingScreen, count: int) -> None:
            logger.write(kind="key", top=screen.view.top)
            scroll(screen, count)

        ReadingScreen.action_scroll_lines = scrolled  # type: ignore[method-assign]
        escape = ReadingScreen.action_escape

        def escaped(screen: ReadingScreen) -> None:
            start, cpu = time.perf_counter(), time.thread_time()
            escape(screen)
            took = round(time.perf_counter() - start, 4)
            logger.write(kind="escape", wall=took, cpu=round(time.thread_time() - cpu, 4))

        ReadingScreen.action_escape = escaped  # type: ignore[method-assign]
        write = driver._Output.write

        def written(output: driver._Output, text: str) -> None:
            logger.write(kind="write", size=len(text))
            write(output, text)

        driver._Output.write = written  # type: ignore[method-assign]
        from textual.screen import Screen

        refresh = Screen._compositor_refresh

        drawn: collections.Counter[str] = collections.Counter()
        """CPU seconds of each widget's `render_lines` in the frame being drawn."""

        def frame(screen: Screen[Any]) -> None:
            drawn.clear()
            start, cpu = time.perf_counter(), time.thread_time()
            refresh(screen)
            widgets = {name: round(took * 1000, 1) for name, took in drawn.most_common(6)}
            logger.write(
                kind="frame",
                wall=round(time.perf_counter() - start, 4),
                cpu=round(time.thread_time() - cpu, 4),
                widgets=widgets,
            )

        Screen._compositor_refresh = frame  # type: ignore[method-assign]
        from textual.widget import Widget

        render_lines = Widget.render_lines

        def rendered(widget: Widget, crop: Any) -> Any:
            cpu = time.thread_time()
            lines = render_lines(widget, crop)
            drawn[f"{type(widget).__name__}#{widget.id or ''}"] += time.thread_time() - cpu
            return lines

        Widget.render_lines = rendered  # type: ignore[method-assign]
        from reader.convert import process

        receive = process.Conversion._receive

        def received(conversion: process.Conversion) -> tuple[Any, ...]:
            start, cpu = time.perf_counter(), time.thread_time()
            message = receive(conversion)
            took = round(time.perf_counter() - start, 4)
            blocks = len(message[2]) if message[0] == "chunk" else 0
            logger.write(kind="recv", wall=took, cpu=round(time.thread_time() - cpu, 4), blocks=blocks)
            return message

        process.Conversion._receive = received  # type: ignore[method-assign]

    def _sample(self) -> None:
        while True:
            time.sleep(SAMPLE)
            started = self.running
            if started is None or time.perf_counter() - started < STALL * 0.6:
                continue
            frame = sys._current_frames().get(self.main)
            self.samples[_stack(frame)] += 1


def inside(log: str, args: list[str]) -> int:
    Logger(log).install()
    from reader.cli.main import main as reader_main

    return reader_main(args)


def _collection(record: dict[str, Any]) -> str:
    return f"{record['wall'] * 1000:.0f} ms at {record['t']:.1f} s, {record['objects']} objects"


def report(log: Path, top: int) -> list[str]:
    records = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    lines = []
    callbacks = [r for r in records if r["kind"] == "callback"]
    turns = [r for r in records if r["kind"] == "turn"]
    collections_ = [r for r in records if r["kind"] == "gc2"]
    longest_turn = max((r["wall"] for r in turns), default=0)
    lines.append(
        f"    callbacks > {STALL * 1000:.0f} ms: {len(callbacks)}, total {sum(r['wall'] for r in callbacks):.2f} s; "
        f"loop turns > {STALL * 1000:.0f} ms: {len(turns)} (longest {longest_turn:.3f} s); "
        f"full collections: {len(collections_)} "
        f"({', '.join(_collection(r) for r in collections_)})"
    )
    for record in sorted(callbacks, key=lambda r: -r["wall"])[:top]:
        took = f"{record['wall'] * 1000:6.0f} ms (cpu {record['cpu'] * 1000:.0f})"
        lines.append(f"    {took} at {record['t']:.2f} s: {record['what'][:140]}")
        for stack, count in record["stacks"][:2]:
            lines.append(f"        {count:3d}x {stack[:600]}")
    return lines


def escape_times(log: Path, pressed: float) -> str:
    """When the app ran Esc's action and made the frame after it, from the press: apart from
    when the screen showed that frame, which on a busy machine can come seconds later, once the
    frames written before it have been read (by the bench's emulator: at load 15 on 2 cores it
    read about one 8.5 kB frame a second, and the header's frame came 6 s after the press)."""
    records = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    action = next((r for r in records if r["kind"] == "escape" and r["at"] >= pressed), None)
    if action is None:
        return "    Esc: no action logged"
    frame = next((r for r in records if r["kind"] == "frame" and r["at"] > action["at"]), None)
    shown = f", the frame after it made at +{(frame['at'] - pressed) * 1000:.0f} ms" if frame else ""
    done = (action["at"] - pressed) * 1000
    return f"    Esc: its action done at +{done:.0f} ms{shown} (the figure above: until the screen showed it)"


def _note_presses(presses: list[tuple[str, float]]) -> None:
    from benchmarks.terminal import Terminal

    send = Terminal.send

    def sent(terminal: Terminal, keys: str) -> float:
        at = send(terminal, keys)
        presses.append((keys, at))
        return at

    Terminal.send = sent  # type: ignore[method-assign]


def _record_key_phase(app: Any, out: Path) -> None:
    """Start py-spy on the app once its first screen is out, for the key phase (collapsed
    stacks, one thread each, idle frames left out)."""
    import subprocess

    first_screen = app.Session.first_screen

    def recorded(session: Any) -> float:
        shown: float = first_screen(session)
        spy = Path(sys.executable).parent / "py-spy"
        command = [str(spy), "record", "--pid", str(session.terminal.process.pid), "--format", "raw"]
        command += ["--threads", "--gil", "--rate", "200", "--duration", "4", "--output", str(out), "--nonblocking"]
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return shown

    app.Session.first_screen = recorded


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--inside"]:
        return inside(argv[1], argv[3:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stalls", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--mb", type=float, default=2.5)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--logs", type=Path, help="keep each run's log in this folder")
    parser.add_argument("--plain", action="store_true", help="the bench's figures only, without the logger")
    parser.add_argument(
        "--py-spy", action="store_true", help="also record the app with py-spy during the key phase (into --logs)"
    )
    args = parser.parse_args(argv)
    from benchmarks import app, inputs, process

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    presses: list[tuple[str, float]] = []
    _note_presses(presses)
    with tempfile.TemporaryDirectory() as folder:
        item = inputs.long_input(Path(folder), args.mb, "page")
        for run in range(args.runs):
            log = (args.logs or Path(folder)) / f"stalls-{run}.jsonl"

            def command(*reader_args: str, log: Path = log) -> list[str]:
                return [sys.executable, "-m", "benchmarks.stalls", "--inside", str(log), "--", *reader_args]

            if not args.plain:
                process.reader_command = command  # type: ignore[assignment]
            presses.clear()
            if args.py_spy:
                _record_key_phase(app, (args.logs or Path(folder)) / f"py-spy-{run}.txt")
            figures = app.Figures(item)
            with tempfile.TemporaryDirectory() as home:
                app.keys_while_loading(figures, home)
            keys = figures.keys.values
            print(f"  run {run + 1}:")
            print("\n".join(figures.lines()[7:10]))
            if keys:
                print(f"    answers (ms): {[round(k * 1000) for k in keys]}")
                print(f"    median {statistics.median(keys) * 1000:.0f} ms")
            if log.exists():
                print("\n".join(report(log, args.top)))
                escapes = [at for key, at in presses if key == "\x1b"]
                if escapes:
                    print(escape_times(log, escapes[0]))
                with log.open("a") as out:
                    out.writelines(
                        json.dumps({"kind": "press", "key": key, "at": round(at, 4)}) + "\n" for key, at in presses
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
