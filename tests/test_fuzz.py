"""Fuzzing the whole pipeline and the layout with hostile documents (issue 10).

Properties, for every document of `tests/fuzz_strategies.py` at every width:
- nothing raises but our own clean errors (`ReaderError`: binary data is refused);
- no line is wider than the width;
- no control character comes out: not in the lines, the Markdown, nor the metadata;
- for HTML fragments, Markdown and posts (nothing is extracted from them), no text is lost:
  every word of the visible text is in the article, and the layout shows every character
  of every block but blanks.

`make test` runs the "fast" profile; `make fuzz` (`python -m tests.fuzz`) runs the "long" one
for ten minutes and prints what it tried.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.convert.document import Document, finish
from reader.convert.pipeline import open_fetched
from reader.errors import ReaderError
from reader.layout.lines import Layout, Line
from reader.model import HEADER, BlockKind
from reader.source.fetch import Fetched
from tests.fuzz_strategies import (
    Sample,
    any_document,
    html_document,
    markdown_document,
    post_document,
    widths,
)

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

settings.register_profile(
    "fast", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "long", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("READER_FUZZ_PROFILE", "fast"))

TRIED: Counter[str] = Counter()
"""What the properties were given, for `make fuzz` to print: kinds, depths, sizes, outcomes."""


@dataclass
class Outcome:
    document: Document | None
    lines: list[Line]
    error: ReaderError | None


def run(sample: Sample, width: int) -> Outcome:
    """The whole pipeline and the layout, as `reader FILE --dump` runs them."""
    fetched = Fetched(sample.data, sample.media_type, None, "/fuzz/input", "file:///fuzz/input")
    _note(sample, width)
    try:
        # Not os.environ itself: the setting would outlive the test in this worker process
        # and turn off the caches other tests check.
        with mock.patch.dict(os.environ, {"READER_NO_CACHE": "1"}):
            document = finish(open_fetched(fetched))
    except ReaderError as error:
        TRIED[f"outcome: refused ({type(error).__name__})"] += 1
        return Outcome(None, [], error)
    lines = list(Layout(document.article, width, keep=len(document.article.blocks) + 1).lines())
    TRIED["outcome: read"] += 1
    return Outcome(document, lines, None)


def _note(sample: Sample, width: int) -> None:
    TRIED[f"kind: {sample.kind}"] += 1
    TRIED[f"size: {_bucket(len(sample.data), (1_000, 10_000, 100_000, 1_000_000))} bytes"] += 1
    if sample.depth:
        TRIED[f"nesting: {_bucket(sample.depth, (100, 1_000))} levels"] += 1
    TRIED[f"width: {_bucket(width, (20, 40, 80, 120))} columns"] += 1


def _bucket(value: int, limits: tuple[int, ...]) -> str:
    for limit in limits:
        if value < limit:
            return f"< {limit:,}"
    return f">= {limits[-1]:,}"


def check_safe(sample: Sample, width: int) -> Outcome:
    """Never raises but ours, never wider than the width, no control character out."""
    outcome = run(sample, width)
    if outcome.document is None:
        return outcome
    for line in outcome.lines:
        assert line.cell_length <= width, (width, line.text)
        assert not CONTROL.search(line.text), line.text
    document = outcome.document
    assert not CONTROL.search(document.markdown)
    meta = document.article.metadata
    for value in (meta.title, meta.author, meta.date, meta.site, meta.image, *meta.categories):
        assert not CONTROL.search(value), value
    return outcome


def check_nothing_lost(sample: Sample, width: int) -> None:
    outcome = check_safe(sample, width)
    if not sample.words and outcome.error is not None and str(outcome.error).startswith("nothing to read"):
        return  # a sample without a word (nor a picture) has nothing to read: refused as such
    assert outcome.error is None, outcome.error
    document = outcome.document
    assert document is not None
    article = document.article
    shown = "".join(
        [article.metadata.title, article.metadata.author, *(block.text for block in article.blocks)]
    ).translate(_BLANKS)
    for word in sample.words:
        assert word.translate(_BLANKS) in shown, word
    _check_layout_shows_blocks(outcome)


_BLANKS = str.maketrans("", "", " \t\n\r\xa0\u3000\u200b")


def _check_layout_shows_blocks(outcome: Outcome) -> None:
    """The lines of each flowing block cover every character of its text but blanks."""
    assert outcome.document is not None
    article = outcome.document.article
    covered: dict[int, list[tuple[int, int]]] = {}
    for line in outcome.lines:
        covered.setdefault(line.block, []).append((line.start, line.end))
    header = "".join(line.text for line in outcome.lines if line.block == HEADER).translate(_BLANKS)
    for index, block in enumerate(article.blocks):
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST, BlockKind.QUOTE):
            continue
        if index not in covered and _says_title(block.text, article.metadata.title):
            assert block.text.translate(_BLANKS) in header, (index, block.text[:80])
            continue  # a first heading repeating the title is shown once, as the title
        text = block.text.replace("\t", " ")
        shown = bytearray(len(text))
        for start, end in covered.get(index, []):
            shown[start:end] = b"\x01" * (end - start)
        lost = [char for char, seen in zip(text, shown, strict=True) if not seen and not char.isspace()]
        assert not lost, (index, "".join(lost)[:80])


def _says_title(text: str, title: str) -> bool:
    return bool(text.strip()) and " ".join(text.split()) == " ".join(title.split())


def test_a_heading_repeating_the_title_counts_as_shown() -> None:
    """Found by `make fuzz`: the title heading takes no lines of its own (the header shows it)."""
    check_nothing_lost(Sample(b"<h2>aa \x00 <br>aa \x00 </h2>", "text/html", "html", ["aa", "aa"]), 8)


@given(html_document(), widths)
def test_html_fragments_lose_no_text(sample: Sample, width: int) -> None:
    check_nothing_lost(sample, width)


@given(markdown_document(), widths)
def test_markdown_loses_no_text(sample: Sample, width: int) -> None:
    check_nothing_lost(sample, width)


@given(post_document(), widths)
def test_posts_lose_no_text(sample: Sample, width: int) -> None:
    check_nothing_lost(sample, width)


@given(any_document, widths)
def test_any_document_is_read_or_refused_cleanly(sample: Sample, width: int) -> None:
    check_safe(sample, width)


@given(st.binary(max_size=20_000), st.sampled_from(["text/html", "text/markdown", ""]), widths)
def test_any_bytes_are_read_or_refused_cleanly(data: bytes, media_type: str, width: int) -> None:
    check_safe(Sample(data, media_type, "raw bytes"), width)


PROPERTIES = (
    test_html_fragments_lose_no_text,
    test_markdown_loses_no_text,
    test_posts_lose_no_text,
    test_any_document_is_read_or_refused_cleanly,
    test_any_bytes_are_read_or_refused_cleanly,
)
"""What `make fuzz` runs, in turn, until its time is up."""
