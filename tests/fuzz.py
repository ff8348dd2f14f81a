"""`make fuzz`: the fuzzing properties of `tests/test_fuzz.py` with the long profile, in turn,
`BATCH` examples each, until the time is up; then what was tried. A failure stops the run with
Hypothesis's smallest example and exit status 1.

    python -m tests.fuzz [--seconds 600]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="how long to fuzz (default: 600)")
    args = parser.parse_args(argv)
    os.environ["READER_FUZZ_PROFILE"] = "long"
    with tempfile.TemporaryDirectory() as home:  # the library, settings and cache of the runs
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[name] = os.path.join(home, name)
        return _fuzz(args.seconds)


BATCH = 20
"""Examples a property runs before the next one has its turn and the clock is looked at: the
long profile's 200 of one property took four minutes on a busy machine, and the run must end
on time having tried every property."""


def _fuzz(seconds: float) -> int:
    from hypothesis import settings

    from tests import test_fuzz

    started = time.monotonic()
    rounds = 0
    print(f"Fuzzing {len(test_fuzz.PROPERTIES)} properties for {seconds:.0f} s (Hypothesis profile 'long')")
    batches = [settings(settings.get_profile("long"), max_examples=BATCH)(prop) for prop in test_fuzz.PROPERTIES]
    while time.monotonic() - started < seconds:
        for prop, batch in zip(test_fuzz.PROPERTIES, batches, strict=True):
            if time.monotonic() - started >= seconds:
                break
            before = sum(test_fuzz.TRIED[key] for key in test_fuzz.TRIED if key.startswith("kind: "))
            begun = time.monotonic()
            try:
                batch()
            except Exception:
                print(f"\nFAILED: {prop.__name__} after {time.monotonic() - started:.0f} s", file=sys.stderr)
                _report(test_fuzz.TRIED, time.monotonic() - started)
                raise
            after = sum(test_fuzz.TRIED[key] for key in test_fuzz.TRIED if key.startswith("kind: "))
            print(f"  {prop.__name__}: {after - before} examples in {time.monotonic() - begun:.1f} s", flush=True)
        rounds += 1
    _report(test_fuzz.TRIED, time.monotonic() - started)
    print(f"No failure in {rounds} rounds of {BATCH} examples a property.")
    return 0


def _report(tried: object, elapsed: float) -> None:
    from collections import Counter

    assert isinstance(tried, Counter)
    total = sum(count for key, count in tried.items() if key.startswith("kind: "))
    print(f"\nTried {total:,} documents in {elapsed:.0f} s:")
    for key in sorted(tried):
        print(f"  {key:<40} {tried[key]:>8,}")


if __name__ == "__main__":
    sys.exit(main())
