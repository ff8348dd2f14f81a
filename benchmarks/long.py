"""Long articles: how soon the top shows, and what the whole costs.

Builds an HTML article of the given size from the bundled samples (our own text, English and
Chinese), then times, in one process with the conversion cache off:
- `open_source` to the first chunk: what the app waits for before it can draw the top;
- converting the rest, chunk by chunk (the app does this in its load worker);
- laying out everything at width 80 (the app lays out as chunks arrive);
- the peak memory of the whole.

Standalone: `python -m benchmarks.long [--mb 2.5 25]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "reader" / "samples"


def article_of_size(megabytes: float) -> str:
    from reader.convert.frontmatter import split_front_matter

    bodies = []
    for name in ("welcome.md", "welcome-zh.md"):
        _, body = split_front_matter((SAMPLES / name).read_text("utf-8"))
        bodies.append(body)
    unit = "".join(bodies)
    target = int(megabytes * 1024 * 1024)
    count = max(1, target // len(unit.encode("utf-8")))
    parts = [f"<section><h1 id='part-{n}'>Part {n}</h1>{unit}</section>" for n in range(count)]
    head = "<!doctype html><html><head><title>Long</title></head><body><article>"
    return head + "".join(parts) + "</article></body></html>"


def measure(megabytes: float) -> None:
    os.environ["READER_NO_CACHE"] = "1"
    from reader.convert.pipeline import open_source
    from reader.layout.lines import Layout
    from reader.model import Article

    html = article_of_size(megabytes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.html"
        path.write_text(html, "utf-8")
        size = path.stat().st_size
        started = time.perf_counter()
        opened = open_source(str(path))
        first = next(opened.chunks)
        article = Article(metadata=opened.metadata)
        article.extend(first.blocks)
        Layout(article, 80)
        top = time.perf_counter() - started
        for chunk in opened.chunks:
            article.extend(chunk.blocks)
        converted = time.perf_counter() - started
        layout_started = time.perf_counter()
        layout = Layout(article, 80)
        laid = time.perf_counter() - layout_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  {size / 1024 / 1024:6.1f} MB: top shown after {top * 1000:6.0f} ms; "
        f"all {len(article.blocks):,} blocks converted after {converted:5.1f} s; "
        f"{len(layout):,} lines laid out in {laid:4.1f} s; peak memory {peak:,.0f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.long", description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[2.5], help="article sizes in MB (default 2.5)")
    args = parser.parse_args(argv)
    print("Long articles (HTML built from the samples, width 80, conversion cache off):")
    for megabytes in args.mb:
        # A fresh process per size, so memory and imports do not carry over.
        import subprocess

        code = f"from benchmarks.long import measure; measure({megabytes})"
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
