"""Main-content extraction measured on the corpus: the reader against each extractor alone.

Standalone: `python -m benchmarks.extraction [--corpus DIR] [--width N] [--kinds a,b]
[--candidates a,b] [--jobs N] [--pages] [--report OUT.json]`.

Each candidate replaces `reader.convert.extract.extract` in turn; the page then goes through the
whole pipeline (clean, html2text, parse, layout) and the text dump at `--width` is scored the
way `../shared/tools/quality.py` scores it (see `benchmarks.scoring`), for each folder and each
of its halves (A: tuned on; B: not). Times are CPU seconds of the whole load (fetch to blocks).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from benchmarks.scoring import CORPUS, KINDS, Page, Score, Summary, pages, score, summarize
from reader.convert import extract as extract_module
from reader.convert.pipeline import load
from reader.model import Metadata

Extractor = Callable[[str, str], extract_module.Extracted]


def _whole_page(markup: str, url: str = "", *, large: bool = False) -> extract_module.Extracted:
    return extract_module.Extracted(markup)


def _trafilatura(markup: str, url: str = "", *, large: bool = False) -> extract_module.Extracted:
    """trafilatura alone, as a user would run it: its HTML output (with links, images,
    formatting and tables) and its metadata."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    body = trafilatura.extract(
        markup,
        url=url or None,
        output_format="html",
        include_links=True,
        include_images=True,
        include_formatting=True,
        include_tables=True,
    )
    found = extract_metadata(markup, url or None)
    metadata = Metadata(
        title=found.title or "",
        author=found.author or "",
        date=found.date or "",
        site=found.sitename or "",
        language=found.language or "",
        image=found.image or "",
        url=found.url or "",
    )
    return extract_module.Extracted(body or markup, metadata)


def _readability(markup: str, url: str = "", *, large: bool = False) -> extract_module.Extracted:
    """readability-lxml alone: its summary and its title."""
    from readability import Document as ReadabilityDocument

    document = ReadabilityDocument(markup, url=url or None)
    return extract_module.Extracted(document.summary(html_partial=True), Metadata(title=document.short_title()))


CANDIDATES: dict[str, Extractor | None] = {
    "reader": None,
    "trafilatura": _trafilatura,
    "readability": _readability,
    "none": _whole_page,
}


@contextmanager
def _extractor(extractor: Extractor | None) -> Iterator[None]:
    """Swap the pipeline's extractor; converted articles may be cached by their bytes, so each
    candidate converts afresh."""
    with mock.patch.dict(os.environ, {"READER_NO_CACHE": "1"}):
        if extractor is None:
            yield
            return
        with mock.patch.object(extract_module, "extract", extractor):
            yield


def score_page(page: Page, candidate: str = "reader", width: int = 80) -> Score:
    with _extractor(CANDIDATES[candidate]):
        start = time.process_time()
        document = load(str(page.source))
        seconds = time.process_time() - start
    return score(page, document, width, seconds)


def _score_job(job: tuple[Page, str, int]) -> Score:
    return score_page(*job)


def score_all(todo: list[Page], candidate: str, width: int, jobs: int = 1) -> list[Score]:
    work = [(page, candidate, width) for page in todo]
    if jobs <= 1:
        return [_score_job(job) for job in work]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(_score_job, work, chunksize=4))


def _figure(value: float | None) -> str:
    return f"{value:6.3f}" if value is not None else f"{'-':>6}"


HEADER = (
    f"{'folder':12} {'half':4} {'candidate':12} {'pages':>5} {'F1':>6} {'prec':>6} {'recall':>6}"
    f" {'kept':>6} {'leaked':>6} {'h.rec':>6} {'h.prec':>6} {'title':>6} {'CPU s med/max':>14}"
)


def row(kind: str, half: str, candidate: str, total: Summary) -> str:
    figures = (
        total.f1,
        total.precision,
        total.recall,
        total.kept,
        total.leaked,
        total.headings_recall,
        total.headings_precision,
        total.titles,
    )
    return (
        f"{kind:12} {half:4} {candidate:12} {total.pages:5d} {' '.join(map(_figure, figures))}"
        f" {total.seconds_median:6.2f}/{total.seconds_max:6.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--width", type=int, default=80)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--candidates", default="reader,trafilatura")
    parser.add_argument("--half", choices=("A", "B"), help="only the pages of this half")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--pages", action="store_true", help="print one line per page")
    parser.add_argument("--report", type=Path, help="write every page's figures to this JSON file")
    args = parser.parse_args(argv)
    todo = [page for page in pages(args.corpus, args.kinds.split(",")) if args.half in (None, page.half)]
    if not todo:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 1
    print(f"{len(todo)} pages, text dump at width {args.width}; half A is tuned on, half B is not")
    print(HEADER)
    report: dict[str, list[dict[str, object]]] = {}
    for candidate in args.candidates.split(","):
        scores = score_all(todo, candidate, args.width, args.jobs)
        report[candidate] = [_page_figures(s) for s in scores]
        for kind in dict.fromkeys(page.kind for page in todo):
            for half in ("A", "B", "all"):
                chosen = [s for s in scores if s.page.kind == kind and half in ("all", s.page.half)]
                if chosen:
                    print(row(kind, half, candidate, summarize(chosen)))
        if args.pages:
            for s in scores:
                print(
                    f"  {s.page.kind:11} {s.page.half} {s.page.name:40} F1 {s.f1:.3f} P {s.precision:.3f}"
                    f" R {s.recall:.3f} kept {s.kept}/{len(s.page.keep)} leaked {s.leaked}/{len(s.page.drop)}"
                    f" headings {s.headings_matched}/{len(s.page.headings)} title {s.title_ok}"
                )
        sys.stdout.flush()
    if args.report:
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return 0


def _page_figures(s: Score) -> dict[str, object]:
    figures = dataclasses.asdict(s)
    page = figures.pop("page")
    figures.update(kind=page["kind"], name=page["name"], half=s.page.half)
    figures.update(keep_total=len(s.page.keep), drop_total=len(s.page.drop), headings_total=len(s.page.headings))
    return figures


if __name__ == "__main__":
    sys.exit(main())
