"""Where a dump's CPU time goes, stage by stage, in one process with the cache off: imports,
opening (the extraction of a page and the first chunk), converting the rest (clean pass,
html2text, markdown-it), and the layout written out as text. The profile summary behind the
figures of `benchmarks.dump`; `--root` measures another checkout (a child process each).

Standalone: `python -m benchmarks.stages FILE ... [--root CHECKOUT] [--width 100]`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import process

_MEASURE = """
import io, os, sys, time
os.environ["READER_NO_CACHE"] = "1"
clock = time.process_time
started = clock()
from reader.cli.dump import dump_text
from reader.convert.document import finish
from reader.convert.pipeline import open_source
import reader.convert.chunked, reader.convert.extract
imported = clock()
opened = open_source(sys.argv[1])
first = clock()
document = finish(opened)
converted = clock()
dump_text(document, int(sys.argv[2]), io.StringIO())
laid = clock()
print(f"imports {imported - started:.2f} s, opening {first - imported:.2f} s, "
      f"the rest of the conversion {converted - first:.2f} s, layout {laid - converted:.2f} s; "
      f"{laid - started:.2f} s of CPU")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stages", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--root", type=Path, default=process.ROOT, help="the checkout whose code is measured")
    parser.add_argument("--width", type=int, default=100)
    args = parser.parse_args(argv)
    for path in args.files:
        env = {**os.environ, "PYTHONPATH": str(args.root.resolve())}
        command = [sys.executable, "-c", _MEASURE, str(path.resolve()), str(args.width)]
        result = subprocess.run(command, cwd=args.root, env=env, capture_output=True, text=True, check=False)
        print(f"  {path.name}: {result.stdout.strip() or result.stderr.strip()[-300:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
