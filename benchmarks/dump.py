"""The dump as a user runs it: `reader FILE --dump --format text --width 100`, whole processes.

For each input (the bundled sample; pages, posts and fragments of about 2.5 and 25 MB made of a
post's body repeated, see `benchmarks.inputs`), with the conversion cache off: wall and CPU time
and peak memory of the dump, against html2text alone on the same file (`python -m html2text
FILE`, also a whole process) measured in the same run. Each long dump is checked to hold the end
marker and every `<h2>`, so no extractor can win by dropping the article.

Standalone: `python -m benchmarks.dump [--runs N] [--mb 2.5 25] [--kinds page post fragment]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from benchmarks import inputs, process
from benchmarks.figures import Figure

WIDTH = 100
GOAL_EXTRACTED = 2.0
"""A page's dump, extraction included, against html2text alone."""
GOAL_PLAIN = 1.5
"""A post's or a fragment's dump (no extraction) against html2text alone."""
GOAL_MB = 600
TIMEOUT = 900.0


def runs_for(megabytes: float, runs: int) -> int:
    """Fewer runs of the 25 MB inputs: a minute each on a busy machine."""
    return runs if megabytes < 10 else max(1, runs // 3)


Figures = tuple[Figure, Figure, Figure, Figure, Figure, Figure]


def measure(item: inputs.Input, runs: int, home: str, root: Path = process.ROOT) -> tuple[Figures, str]:
    """(html2text's time and CPU time, the dump's time, CPU time, its own process's CPU time and
    peak memory), and what went wrong; runs alternate between the two programs. The dump's CPU
    time and memory count every process it started (its conversion's child): all, summed."""
    env = process.isolated_env(home, cache=False, root=root)
    baseline = Figure("html2text alone")
    baseline_cpu = Figure("html2text alone, CPU time")
    dump = Figure(f"{item.name}: dump")
    cpu = Figure(f"{item.name}: dump, CPU time")
    own = Figure(f"{item.name}: dump's own process, CPU")
    memory = Figure(f"{item.name}: dump, peak memory", unit="MB")
    problem = ""
    for _ in range(runs):
        plain = process.run([sys.executable, "-m", "html2text", str(item.path)], env, timeout=TIMEOUT)
        if plain.status == 0:
            baseline.add(plain.wall)
            baseline_cpu.add(plain.cpu)
        ours = process.run(
            process.reader_command(str(item.path), "--dump", "--format", "text", "--width", str(WIDTH)),
            env,
            cwd=root,
            timeout=TIMEOUT,
        )
        if ours.status != 0:
            problem = (
                f"killed after {TIMEOUT:.0f} s" if ours.status is None else f"exit {ours.status}: {ours.stderr[-200:]}"
            )
            continue
        missing = inputs.missing_from_dump(ours.stdout, item)
        if missing:
            problem = f"the dump lost {len(missing)} of its headings and marker, first {missing[0]!r}"
        dump.add(ours.wall)
        cpu.add(ours.cpu)
        own.add(ours.own_cpu)
        memory.add(ours.peak_mb * 1024 * 1024)
    return (baseline, baseline_cpu, dump, cpu, own, memory), problem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dump", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each input (a third of it at 25 MB; default 3)")
    parser.add_argument("--mb", type=float, nargs="*", default=[2.5, 25], help="sizes of the long inputs")
    parser.add_argument("--kinds", nargs="+", default=list(inputs.KINDS), choices=inputs.KINDS)
    parser.add_argument("--root", type=Path, default=process.ROOT, help="the checkout whose code is measured")
    parser.add_argument("--inputs", type=Path, help="a folder to keep the generated inputs in (default: temporary)")
    args = parser.parse_args(argv)
    _, seed = inputs.seed_body()
    print(
        f"The dump, --format text --width {WIDTH}, whole processes, cache off; long inputs repeat {seed}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores."
    )
    print(
        f"Goals: a page's dump within {GOAL_EXTRACTED}x html2text alone, a post's or fragment's within "
        f"{GOAL_PLAIN}x; peak memory within {GOAL_MB} MB."
    )
    status = 0
    with tempfile.TemporaryDirectory() as home:
        folder = args.inputs or Path(home) / "inputs"
        folder.mkdir(parents=True, exist_ok=True)
        items = [(inputs.SAMPLE_INPUT, args.runs)]
        for megabytes in args.mb:
            items += [
                (inputs.long_input(folder, megabytes, kind), runs_for(megabytes, args.runs)) for kind in args.kinds
            ]
        # One unmeasured dump: bytecode is written, file caches are warm.
        process.run(process.reader_command(str(inputs.SAMPLE), "--dump"), process.isolated_env(home, cache=False))
        for item, runs in items:
            size = item.path.stat().st_size / 1_000_000
            (baseline, baseline_cpu, dump, cpu, own, memory), problem = measure(item, runs, home, args.root.resolve())
            goal = GOAL_EXTRACTED if item.name.endswith("page") else GOAL_PLAIN
            print(f"  {item.name} ({size:.2f} MB):")
            print(baseline.describe())
            print(dump.describe(baseline, goal=f"<= {goal}x" if item.copies else ""))
            print(baseline_cpu.describe())
            print(cpu.describe(baseline_cpu, goal="all its processes" if item.copies else ""))
            print(own.describe(baseline_cpu))
            print(memory.describe(goal=f"<= {GOAL_MB} MB, all its processes" if item.copies else ""))
            if problem:
                print(f"    WRONG: {problem}")
                status = 1
            sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
