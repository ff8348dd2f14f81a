"""Whether two checkouts lay out the same articles byte for byte: a check for changes that
are to make the layout or the conversion faster without changing what it shows.

Each checkout dumps, in a child process of its own (`--root`), the corpus's pages and posts
(`../shared/corpus`), the test fixtures, the hostile inputs of issue 10 and the bench's long
post (about 2.5 MB, with `--long`), as text at widths 40, 80 and 120, as text with colours at
80 in the default theme, and as JSON; the digests of the two are compared and the inputs that
differ are named.

Standalone: `python -m benchmarks.same_dumps --root OTHER_CHECKOUT [--long]`; exit 1 when
any dump differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
WIDTHS = (40, 80, 120)

_DUMP = r"""
import hashlib, io, json, os, re, sys
os.environ["READER_NO_CACHE"] = "1"
from reader.cli.dump import article_json, dump_text
from reader.convert.document import finish
from reader.convert.pipeline import open_source
from reader.layout.theme import DEFAULT_THEME, load_themes
theme = load_themes().get(DEFAULT_THEME)
widths = [int(width) for width in sys.argv[2].split(",")]
digests = {}
for path in json.loads(open(sys.argv[1]).read()):
    def digest(text):
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    try:
        document = finish(open_source(path))
    except BaseException as exc:  # a refused input: its error is what it shows
        digests[path] = {"error": f"{type(exc).__name__}: {exc}"}
        continue
    results = {}
    for width in widths:
        out = io.StringIO()
        dump_text(document, width, out)
        results[f"text {width}"] = digest(out.getvalue())
    out = io.StringIO()
    dump_text(document, 80, out, theme, color=True)
    # Rich gives each link a random id: the same article differs by it from run to run.
    results["colour 80"] = digest(re.sub("\x1b]8;id=[0-9]*;", "\x1b]8;;", out.getvalue()))
    results["json"] = digest(json.dumps(article_json(document), ensure_ascii=False, sort_keys=True))
    digests[path] = results
print(json.dumps(digests))
"""


def inputs(folder: Path, long: bool) -> list[str]:
    """The files to dump (hostile inputs and the long post written into `folder`)."""
    sys.path.insert(0, str(ROOT))
    from tests.hostile_inputs import TABLE

    paths: list[Path] = []
    if CORPUS.is_dir():
        paths += sorted(CORPUS.glob("*/*/source.html")) + sorted((CORPUS / "posts").glob("*.md"))
    fixtures = ROOT / "tests" / "fixtures"
    paths += sorted(p for p in fixtures.rglob("*") if p.suffix in (".html", ".md", ".markdown", ".txt"))
    for hostile in TABLE:
        path = folder / f"hostile-{hostile.name}{hostile.suffix}"
        path.write_bytes(hostile.build())
        paths.append(path)
    if long:
        from benchmarks import inputs as bench_inputs

        path = folder / "long-post.md"
        bench_inputs.write(str(path), bench_inputs.copies_for(2.5), "post")
        paths.append(path)
    return [str(path) for path in paths]


def digests(root: Path, listing: Path) -> dict[str, dict[str, str]]:
    env = {**os.environ, "PYTHONPATH": str(root.resolve()), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-c", _DUMP, str(listing), ",".join(map(str, WIDTHS))]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.same_dumps", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="the checkout to compare this one with")
    parser.add_argument("--long", action="store_true", help="the bench's 2.5 MB post too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "inputs.json"
        paths = inputs(Path(folder), args.long)
        listing.write_text(json.dumps(paths))
        with ThreadPoolExecutor(2) as pool:  # a child process each: both cores
            ours, theirs = pool.map(digests, (ROOT, args.root), (listing, listing))
    differ = [path for path in paths if ours.get(path) != theirs.get(path)]
    for path in differ:
        kinds = sorted(k for k in ours.get(path, {}) if ours[path].get(k) != theirs.get(path, {}).get(k))
        print(f"differs: {path} ({', '.join(kinds)})")
    dumps = sum(len(results) for results in ours.values())
    print(f"{len(paths) - len(differ)} of {len(paths)} inputs the same ({dumps} dumps)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
