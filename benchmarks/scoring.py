"""The corpus's extraction pages and how they are scored, as `../shared/tools/quality.py` does.

Three folders of `../shared/corpus` have a gold standard for extraction: `readability/`
(Mozilla Readability's pages: the expected article, its headings and title), `extra/` (news and
blog pages with the article's text) and `snippets/` (pages with strings the article must keep
and strings of the page's furniture it must drop). Each folder is split in two halves by a hash
of the page's name: half A to tune on, half B to check that what was tuned holds on pages it
was not tuned on.

A page goes through the whole pipeline in this process (fetch to blocks), then the text dump
at one width is scored: token precision/recall/F1 against the gold text (a token is a CJK
character or a Latin word), snippets kept and leaked, headings recall (longest common
subsequence of the found and expected heading texts) and exact titles.
"""

from __future__ import annotations

import io
import json
import re
import statistics
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lhtml

from reader.cli.dump import dump_text
from reader.convert.document import Document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = ("readability", "extra", "snippets")

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Page:
    kind: str
    """The corpus folder: readability, extra or snippets."""
    name: str
    source: Path
    gold: str = ""
    """The expected article's text (none for snippets)."""
    headings: tuple[str, ...] = ()
    """The expected article's h1-h6, in order (readability only)."""
    title: str = ""
    keep: tuple[str, ...] = ()
    """Strings the article must keep (snippets)."""
    drop: tuple[str, ...] = ()
    """Strings of the page's furniture the article must not show (snippets)."""
    readerable: bool = True

    @property
    def half(self) -> str:
        return half_of(self.name)


def half_of(name: str) -> str:
    """'A' (the half tuned on) or 'B' (the half checked), by a hash of the page's name: stable,
    and blind to the site a name may spell."""
    return "AB"[zlib.crc32(name.encode()) % 2]


@dataclass(frozen=True, slots=True)
class Score:
    page: Page
    precision: float = 1.0
    recall: float = 1.0
    f1: float = 1.0
    kept: int = 0
    leaked: int = 0
    headings_matched: int = 0
    headings_got: int = 0
    title_ok: bool | None = None
    """None when the page has no expected title."""
    seconds: float = 0.0


def tokens(text: str) -> Counter[str]:
    return Counter(token.lower() for token in _TOKEN.findall(text))


def f1(got: Counter[str], gold: Counter[str]) -> tuple[float, float, float]:
    if not gold:
        return (1.0, 1.0, 1.0) if not got else (0.0, 1.0, 0.0)
    common = sum((got & gold).values())
    precision = common / max(1, sum(got.values()))
    recall = common / sum(gold.values())
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def gold_text(markup: str) -> tuple[str, tuple[str, ...]]:
    """The expected article's text and headings, with what the scorer leaves out left out."""
    if not markup.strip():
        return "", ()
    doc = lhtml.fromstring(markup)
    for bad in doc.xpath("//script|//style|//svg|//button|//noscript|//template|//*[contains(@class,'copy-code')]"):
        bad.drop_tree()
    headings = (norm(h.text_content()) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6"))
    return str(doc.text_content()), tuple(h for h in headings if h)


def lcs(a: Iterable[str], b: Iterable[str]) -> int:
    first, second = list(a), list(b)
    previous = [0] * (len(second) + 1)
    for x in first:
        current = [0]
        for j, y in enumerate(second):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def pages(corpus: Path = CORPUS, kinds: Iterable[str] = KINDS) -> Iterator[Page]:
    """The pages of the named folders, in the scorer's order; none for a missing folder."""
    readers = {"readability": _readability_pages, "extra": _extra_pages, "snippets": _snippet_pages}
    for kind in kinds:
        if (corpus / kind).is_dir():
            yield from readers[kind](corpus / kind)


def _readability_pages(folder: Path) -> Iterator[Page]:
    for path in sorted(folder.glob("*/source.html")):
        expected, meta_path = path.parent / "expected.html", path.parent / "expected-metadata.json"
        gold, headings = gold_text(expected.read_text("utf-8", "replace")) if expected.is_file() else ("", ())
        meta = json.loads(meta_path.read_text("utf-8", "replace")) if meta_path.is_file() else {}
        yield Page(
            "readability",
            path.parent.name,
            path,
            gold,
            headings,
            meta.get("title") or "",
            readerable=meta.get("readerable", True) is not False,
        )


def _extra_pages(folder: Path) -> Iterator[Page]:
    for path in sorted(folder.glob("*/source.html")):
        gold = path.parent / "gold.txt"
        yield Page("extra", path.parent.name, path, gold.read_text("utf-8", "replace") if gold.is_file() else "")


def _snippet_pages(folder: Path) -> Iterator[Page]:
    for path in sorted(folder.glob("*/source.html")):
        gold = json.loads((path.parent / "gold.json").read_text("utf-8"))
        keep, drop = tuple(gold.get("with", [])), tuple(gold.get("without", []))
        yield Page("snippets", path.parent.name, path, title=gold.get("title") or "", keep=keep, drop=drop)


def text_of(document: Document, width: int) -> str:
    out = io.StringIO()
    dump_text(document, width, out)
    return out.getvalue()


def score(page: Page, document: Document, width: int, seconds: float = 0.0) -> Score:
    """How the reader's `document` of `page` fares against the page's gold standard."""
    text = text_of(document, width)
    precision = recall = f = 1.0
    if page.gold:
        precision, recall, f = f1(tokens(text), tokens(page.gold))
    flat = _SPACE.sub("", text)
    kept = sum(1 for s in page.keep if (w := _SPACE.sub("", s)) and w in flat)
    leaked = sum(1 for s in page.drop if (w := _SPACE.sub("", s)) and w in flat)
    found = [norm(heading.text) for heading in document.article.headings]
    matched = lcs(found, page.headings) if page.headings else 0
    title_ok = norm(document.article.metadata.title) == norm(page.title) if page.title else None
    return Score(page, precision, recall, f, kept, leaked, matched, len(found), title_ok, seconds)


@dataclass(frozen=True, slots=True)
class Summary:
    """The figures of a set of pages; None where the set has no gold for one."""

    pages: int
    f1: float | None
    precision: float | None
    recall: float | None
    kept: float | None
    leaked: float | None
    headings_recall: float | None
    headings_precision: float | None
    titles: float | None
    seconds_median: float
    seconds_max: float
    worst: list[tuple[float, str]] = field(default_factory=list)
    """The lowest F1s, for a look at what fails."""


def summarize(scores: list[Score]) -> Summary:
    texts = [s for s in scores if s.page.gold]
    keep = sum(len(s.page.keep) for s in scores)
    drop = sum(len(s.page.drop) for s in scores)
    wanted = sum(len(s.page.headings) for s in scores)
    got = sum(s.headings_got for s in scores if s.page.headings)
    titled = [s.title_ok for s in scores if s.title_ok is not None]
    seconds = [s.seconds for s in scores] or [0.0]
    return Summary(
        pages=len(scores),
        f1=statistics.fmean(s.f1 for s in texts) if texts else None,
        precision=statistics.fmean(s.precision for s in texts) if texts else None,
        recall=statistics.fmean(s.recall for s in texts) if texts else None,
        kept=sum(s.kept for s in scores) / keep if keep else None,
        leaked=sum(s.leaked for s in scores) / drop if drop else None,
        headings_recall=sum(s.headings_matched for s in scores) / wanted if wanted else None,
        headings_precision=sum(s.headings_matched for s in scores if s.page.headings) / got if got else None,
        titles=sum(titled) / len(titled) if titled else None,
        seconds_median=statistics.median(seconds),
        seconds_max=max(seconds),
        worst=sorted((round(s.f1, 3), s.page.name) for s in texts)[:5],
    )
