"""The text dump's critical path in CPU seconds, for a machine too busy for its wall time to say.

The dump converts in a child process while its own process lays out (`reader.convert.apart`):
on two free cores its wall time is the chain of what waits for what, not the sum of both. Each
link is measured as CPU time: the dump's process until it starts its child (A), the fork
server, when there is one, until it forks the child (B: an interpreter's start and the
converters' imports; 0 for a child forked from the dump's process, `reader.convert.forked`,
whose imports are in C), the child until its last chunk is sent (C), and the dump's process
after that (D: the last chunk's layout, the writing). A + B + C + D is the wall time on two
free cores, as long as the dump's process lays out a chunk faster than the child converts the
next (its CPU while the child converts is shown, to check), and fetches the source before the
child has imported the converters. Large HTML has its Markdown made by a helper the child
forks (`reader.convert.ahead`), beside C: three processes on two cores, whose wall time is
then also at least half of all their CPU (the helper's is shown). One run in this process per
file, the cache off.

Standalone: `python -m benchmarks.critical_path FILE ... [--width 100]`.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import Any

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_and_parent(pid: int) -> tuple[float, int]:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / _TICK, int(fields[1])


def _reaped_cpu(pid: int) -> float:
    """The CPU time of the children `pid` has waited for: the child's helper that made the
    Markdown ahead (`reader.convert.ahead`), which it reaps before its last message."""
    fields = _stat(pid)
    return (int(fields[13]) + int(fields[14])) / _TICK


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def measure(path: Path, width: int) -> str:
    """The links of one dump of `path`, as a line of text."""
    os.environ["READER_NO_CACHE"] = "1"
    from reader.cli.main import main
    from reader.convert import process

    marks: dict[str, float] = {}
    fork_early, receive, opened = process.fork_early, process.Conversion._receive, process.Conversion.opened

    def started() -> None:
        marks["A"] = _own_cpu()
        fork_early()

    def received(conversion: process.Conversion) -> tuple[Any, ...]:
        message = receive(conversion)
        if conversion.pid is not None:
            try:  # the child ends as soon as it has sent its last message
                marks["C"], server = _cpu_and_parent(conversion.pid)
                marks["helper"] = _reaped_cpu(conversion.pid)
                # forked from this process, the child's imports are in its own CPU time (C)
                marks["B"] = 0.0 if server == os.getpid() else _cpu_and_parent(server)[0]
            except OSError:
                pass
        marks["last"] = _own_cpu()
        return message

    def metadata(conversion: process.Conversion) -> Any:
        result = opened(conversion)
        marks["opened"] = _own_cpu()
        return result

    process.fork_early = started
    process.Conversion._receive = received  # type: ignore[method-assign,assignment]
    process.Conversion.opened = metadata  # type: ignore[method-assign,assignment]
    out, sys.stdout = sys.stdout, io.StringIO()
    try:
        status = main([str(path), "--dump", "--format", "text", "--width", str(width)])
    finally:
        sys.stdout = out
    end = _own_cpu()
    if status != 0 or not {"A", "B", "C", "opened"} <= marks.keys():
        return f"{path.name}: not converted in a child (exit {status})"
    tail = end - marks["last"]
    total = marks["A"] + marks["B"] + marks["C"] + tail
    return (
        f"{path.name}: A {marks['A']:.2f} + B {marks['B']:.2f} + C {marks['C']:.2f} + D {tail:.2f} = {total:.2f} s "
        f"of CPU on the critical path; the dump's process {end:.2f} s in all, "
        f"{marks['last'] - marks['opened']:.2f} s of it while the child converted; "
        f"the child's helper (the Markdown made ahead, beside C) {marks.get('helper', 0.0):.2f} s"
    )


_CHILD = (
    "import sys, pathlib\n"
    "from benchmarks.critical_path import measure\n"
    "print(measure(pathlib.Path(sys.argv[1]), int(sys.argv[2])))"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.critical_path", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--width", type=int, default=100)
    args = parser.parse_args(argv)
    import subprocess

    root = Path(__file__).resolve().parent.parent
    for path in args.files:  # a process each: a fork server is started once per process
        env = {**os.environ, "PYTHONPATH": str(root)}
        command = [sys.executable, "-c", _CHILD, str(path.resolve()), str(args.width)]
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
        print(f"  {done.stdout.strip() or done.stderr.strip()[-300:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
