"""Hostile and broken articles (issue 10): time and peak memory of each, in the dump and the app.

For each input of `tests/hostile_inputs.py` (one per row of the issue's table), with the
conversion cache off:
- `reader FILE --dump --format text --width 80` in a child process: wall time, CPU time
  (user + system: the machine is shared, so wall time varies with the load) and peak
  resident memory, against the goals of 3 s and 600 MB;
- the app in a pseudo-terminal of 120x40: seconds until a known piece of the article's
  first screen (or of the error screen) is on the terminal, against the goal of 2 s.

The figures of the code before issue 10 (measured the same way, `--root` pointed at a checkout
of 244863c) are printed beside them.

Standalone: `python -m benchmarks.hostile [--root CHECKOUT] [--no-app] [--only NAME ...]`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.hostile_inputs import TABLE, Hostile  # noqa: E402

DUMP_GOAL_SECONDS = 3.0
DUMP_GOAL_MB = 600
APP_GOAL_SECONDS = 2.0
TIMEOUT = 120.0
XDG_NAMES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")

BEFORE: dict[str, str] = {
    # The same runs at 244863c (a checkout of it as --root), load average 7-10 on 2 cores.
    "deep-divs": "dump 1.3 s (0.5 s CPU), 34 MB, exit 0 with the paragraph missing; app: never shown",
    "deep-lists": "dump 1.4 s (0.5 s CPU), 33 MB, exit 0 with the item missing; app: never shown",
    "long-word": "dump killed after 120 s (29 s CPU), 141 MB; app: nothing after 30 s",
    "headings": "dump 62.9 s (14.8 s CPU), 79 MB; app: 6.8 s",
    "table": "dump 42.2 s (22.7 s CPU), 201 MB; app: nothing after 30 s",
    "references": "dump 1.5 s, exit 1 'internal error: ValueError'; app: error screen",
    "random": "dump 6.8 s (1.6 s CPU), 53 MB, exit 0: 251 min read of mojibake; app: the mojibake",
}


@dataclass(frozen=True)
class DumpRun:
    wall: float
    cpu: float
    peak_mb: float
    status: int | None
    """Exit status; None when it was killed at the time limit."""
    stdout: str
    stderr: str


def run_dump(path: Path, root: Path) -> DumpRun:
    """Run the dump of `path` with the code in `root`; rusage of that one child (wait4)."""
    env = {**os.environ, "READER_NO_CACHE": "1", "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "reader", str(path), "--dump", "--format", "text", "--width", "80"]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=err)
        deadline = started + TIMEOUT
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                status = -1
                break
            time.sleep(0.02)
        process.returncode = 0  # reaped by wait4: keep Popen from waiting again
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace").strip()
    code = None if status == -1 else os.waitstatus_to_exitcode(status)
    return DumpRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, stdout, stderr)


def outcome(hostile: Hostile, dump: DumpRun) -> tuple[str, bool]:
    """What the dump did, and whether that is what issue 10 asks of this input."""
    if dump.status is None:
        return f"killed after {TIMEOUT:.0f} s", False
    last = dump.stderr.splitlines()[-1][:80] if dump.stderr else ""
    if dump.status != 0:
        expected = hostile.refused and last.startswith("reader: error:") and "internal error" not in last
        return f"exit {dump.status}: {last}", expected
    missing = [text for text in hostile.expect if text not in dump.stdout]
    if hostile.refused:
        return "exit 0: shown, not refused", False
    return ("exit 0" + (f", missing {missing[0][:30]!r}" if missing else ", all text there")), not missing


def app_first_screen(path: Path, marker: str, root: Path) -> float | str:
    """Seconds until `marker` shows in the app, or why it did not."""
    from benchmarks import startup

    program = startup.Program(path.name, [sys.executable, "-m", "reader", str(path)], marker)
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "READER_NO_CACHE": "1",
            "PYTHONPATH": str(root),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            **{name: os.path.join(home, name) for name in XDG_NAMES},
        }
        try:
            return startup.time_to_first_screen(program, env, cwd=root)
        except RuntimeError as exc:
            return str(exc)


def report(hostile: Hostile, root: Path, app: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{hostile.name}{hostile.suffix}"
        path.write_bytes(hostile.build())
        dump = run_dump(path, root)
        did, right = outcome(hostile, dump)
        fast = dump.wall < DUMP_GOAL_SECONDS and dump.peak_mb < DUMP_GOAL_MB
        goal = "ok" if right and fast else "WRONG" if not right else "OVER GOAL"
        print(f"  {hostile.name:<11} {hostile.row}")
        print(f"    dump: {dump.wall:5.1f} s ({dump.cpu:4.1f} s CPU), peak {dump.peak_mb:4.0f} MB, {did} [{goal}]")
        if app:
            seconds = app_first_screen(path, hostile.marker, root)
            shown = f"{seconds:4.1f} s" if isinstance(seconds, float) else seconds
            flag = "" if not isinstance(seconds, float) else " [ok]" if seconds < APP_GOAL_SECONDS else " [OVER GOAL]"
            print(f"    app first screen: {shown}{flag}")
        print(f"    before: {BEFORE.get(hostile.name, '?')}")
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code is measured")
    parser.add_argument("--no-app", action="store_true", help="time the dump only")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="measure these inputs only")
    args = parser.parse_args(argv)
    print(
        f"Hostile inputs (cache off; goals: dump < {DUMP_GOAL_SECONDS:.0f} s and < {DUMP_GOAL_MB} MB, "
        f"app's first screen < {APP_GOAL_SECONDS:.0f} s; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores):"
    )
    for hostile in TABLE:
        if args.only and hostile.name not in args.only:
            continue
        report(hostile, args.root.resolve(), app=not args.no_app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
