"""`make bench`: start-up, the dump and the app as whole processes, long and hostile articles,
then the extraction and web benchmarks when they are there.

`python -m benchmarks [startup|dump|app|...]` runs only the named ones.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("startup", "dump", "app", "long", "hostile", "pictures", "search", "extraction", "web")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    status = 0
    for name in names:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"benchmarks.{name}":
                raise
            print(f"== {name}: not available")
            continue
        print(f"== {name}")
        sys.stdout.flush()
        status = module.main([]) or status
        print()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
