"""Measure main-content extraction on Mozilla Readability's test pages.

Standalone: `python -m benchmarks.extraction [--corpus DIR] [--width N] [--candidates a,b]`.
Each candidate extractor replaces `reader.convert.extract.extract` in turn; the page then goes through
the whole pipeline (clean, html2text, parse, layout) and the text dump at `--width` is scored
against `expected.html` the way `../shared/tools/quality.py` scores it: token F1 (a token is a
CJK character or a Latin word), and an exact title match against `expected-metadata.json`.
Times are CPU time of this process (the machine is shared, wall time is not repeatable):
the extractor alone, and the whole load (fetch to blocks) that includes it.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from lxml import html as lhtml

from reader.cli.dump import dump_text
from reader.convert import extract as extract_module
from reader.convert.document import Document
from reader.convert.pipeline import load
from reader.model import Article, BlockKind

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
"""The corpus scorer's tokens (`quality.py`): each CJK character, each Latin word."""

Extractor = Callable[[str, str], extract_module.Extracted]


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    source: Path
    gold: str
    """The expected article's text."""
    headings: tuple[str, ...]
    """The expected article's h1-h6, in order."""
    title: str
    readerable: bool


@dataclass(frozen=True, slots=True)
class Score:
    page: str
    precision: float
    recall: float
    f1: float
    f1_without_image_urls: float
    """The F1 the text would score if the layout showed images without their URLs."""
    title_ok: bool | None
    """None when the page has no expected title."""
    headings_wanted: int
    headings_got: int
    headings_matched: int
    """Length of the longest common subsequence of expected and found heading texts."""
    extract_ms: float
    load_ms: float


def tokens(text: str) -> Counter[str]:
    return Counter(token.lower() for token in _TOKEN.findall(text))


def f1(got: Counter[str], gold: Counter[str]) -> tuple[float, float, float]:
    if not gold:
        return (1.0, 1.0, 1.0) if not got else (0.0, 1.0, 0.0)
    common = sum((got & gold).values())
    precision = common / max(1, sum(got.values()))
    recall = common / sum(gold.values())
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def gold_text(markup: str) -> tuple[str, tuple[str, ...]]:
    """The expected article's text and headings, with what the scorer leaves out left out."""
    if not markup.strip():
        return "", ()
    doc = lhtml.fromstring(markup)
    for bad in doc.xpath("//script|//style|//svg|//button|//noscript|//template"):
        bad.drop_tree()
    headings = (_norm(h.text_content()) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6"))
    return str(doc.text_content()), tuple(h for h in headings if h)


def lcs(a: list[str] | tuple[str, ...], b: list[str] | tuple[str, ...]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def readability_pages(corpus: Path = CORPUS) -> Iterator[Page]:
    for folder in sorted((corpus / "readability").glob("*")):
        source, expected = folder / "source.html", folder / "expected.html"
        if not source.is_file():
            continue
        gold, headings = gold_text(expected.read_text("utf-8", "replace")) if expected.is_file() else ("", ())
        meta_path = folder / "expected-metadata.json"
        meta = json.loads(meta_path.read_text("utf-8", "replace")) if meta_path.is_file() else {}
        title = meta.get("title") or ""
        yield Page(folder.name, source, gold, headings, title, meta.get("readerable", True) is not False)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@contextmanager
def _extractor(extractor: Extractor | None, timings: list[float]) -> Iterator[None]:
    """Swap the pipeline's extractor, timing each call."""
    if extractor is None:
        extractor = extract_module.extract
    inner = extractor

    def timed(markup: str, url: str = "") -> extract_module.Extracted:
        start = time.process_time()
        try:
            return inner(markup, url)
        finally:
            timings.append(time.process_time() - start)

    # Converted articles may be cached by their bytes: each candidate must convert afresh.
    with mock.patch.object(extract_module, "extract", timed), mock.patch.dict(os.environ, {"READER_NO_CACHE": "1"}):
        yield


def text_of(document: Document, width: int, image_urls: bool = True) -> str:
    """The text dump; without image URLs, what it would be if the layout left them out."""
    if not image_urls:
        article = document.article
        blocks = [dataclasses.replace(b, src="") if b.kind is BlockKind.IMAGE else b for b in article.blocks]
        document = Document(Article(metadata=article.metadata, blocks=blocks), document.markdown)
    out = io.StringIO()
    dump_text(document, width, out)
    return out.getvalue()


def score_page(page: Page, extractor: Extractor | None = None, width: int = 80) -> Score:
    timings: list[float] = []
    with _extractor(extractor, timings):
        start = time.process_time()
        document = load(str(page.source))
        load_ms = (time.process_time() - start) * 1000
    gold = tokens(page.gold)
    precision, recall, f = f1(tokens(text_of(document, width)), gold)
    f_without_urls = f1(tokens(text_of(document, width, image_urls=False)), gold)[2]
    title_ok = _norm(document.article.metadata.title) == _norm(page.title) if page.title else None
    found = [_norm(heading.text) for heading in document.article.headings]
    matched = lcs(found, page.headings) if page.headings else 0
    return Score(
        page.name,
        precision,
        recall,
        f,
        f_without_urls,
        title_ok,
        len(page.headings),
        len(found) if page.headings else 0,
        matched,
        sum(timings) * 1000,
        load_ms,
    )


@dataclass(frozen=True, slots=True)
class Summary:
    f1: float
    f1_without_image_urls: float
    precision: float
    recall: float
    title_match: float
    headings_recall: float
    headings_precision: float
    extract_ms_median: float
    extract_ms_max: float
    load_ms_median: float
    load_ms_max: float


def summarize(scores: list[Score]) -> Summary:
    titled = [s.title_ok for s in scores if s.title_ok is not None]
    return Summary(
        f1=statistics.fmean(s.f1 for s in scores),
        f1_without_image_urls=statistics.fmean(s.f1_without_image_urls for s in scores),
        precision=statistics.fmean(s.precision for s in scores),
        recall=statistics.fmean(s.recall for s in scores),
        title_match=sum(titled) / len(titled) if titled else 1.0,
        headings_recall=sum(s.headings_matched for s in scores) / max(1, sum(s.headings_wanted for s in scores)),
        headings_precision=sum(s.headings_matched for s in scores) / max(1, sum(s.headings_got for s in scores)),
        extract_ms_median=statistics.median(s.extract_ms for s in scores),
        extract_ms_max=max(s.extract_ms for s in scores),
        load_ms_median=statistics.median(s.load_ms for s in scores),
        load_ms_max=max(s.load_ms for s in scores),
    )


# Candidates ---------------------------------------------------------------------------------


def _whole_page(markup: str, url: str = "") -> extract_module.Extracted:
    return extract_module.Extracted(markup)


def _trafilatura(markup: str, url: str = "") -> extract_module.Extracted:
    """trafilatura alone: its HTML output and its metadata, keeping what it can of the structure."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    from reader.model import Metadata

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


def _readability(markup: str, url: str = "") -> extract_module.Extracted:
    """readability-lxml alone: its summary and its title."""
    from readability import Document as ReadabilityDocument

    from reader.model import Metadata

    document = ReadabilityDocument(markup, url=url or None)
    return extract_module.Extracted(document.summary(html_partial=True), Metadata(title=document.short_title()))


CANDIDATES: dict[str, Extractor | None] = {
    "none": _whole_page,
    "trafilatura": _trafilatura,
    "readability": _readability,
    "reader": None,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--width", type=int, default=80)
    parser.add_argument("--candidates", default=",".join(CANDIDATES))
    parser.add_argument("--pages", action="store_true", help="print one line per page")
    args = parser.parse_args(argv)
    pages = list(readability_pages(args.corpus))
    if not pages:
        print(f"no pages under {args.corpus / 'readability'}", file=sys.stderr)
        return 1
    print(f"{len(pages)} pages, width {args.width}; F1-img: the F1 if images were shown without their URLs")
    print(
        f"{'candidate':12} {'F1':>6} {'F1-img':>6} {'prec':>6} {'recall':>6} {'title':>6} {'h.rec':>6} {'h.prec':>6}"
        f" {'extract CPU ms med/max':>22} {'load CPU ms med/max':>20}"
    )
    for name in args.candidates.split(","):
        scores = [score_page(page, CANDIDATES[name], args.width) for page in pages]
        if args.pages:
            for s in scores:
                print(
                    f"  {s.page:40} F1 {s.f1:.3f} P {s.precision:.3f} R {s.recall:.3f} title {s.title_ok!s:5}"
                    f" headings {s.headings_matched}/{s.headings_wanted}/{s.headings_got} {s.extract_ms:6.1f} ms"
                )
        total = summarize(scores)
        print(
            f"{name:12} {total.f1:6.3f} {total.f1_without_image_urls:6.3f} {total.precision:6.3f}"
            f" {total.recall:6.3f} {total.title_match:6.3f}"
            f" {total.headings_recall:6.3f} {total.headings_precision:6.3f}"
            f" {total.extract_ms_median:13.1f}/{total.extract_ms_max:7.1f}"
            f" {total.load_ms_median:11.1f}/{total.load_ms_max:7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
