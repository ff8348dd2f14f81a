"""A large web page's first screen from the page's start, before the whole page is extracted.

Above `page_kind.LARGE_PAGE_CHARS`, opening a page parses all of it, reads its metadata and runs
readability-lxml over it before the first chunk: 8 s of CPU at 25 MB, where the first screen
shows a few kilobytes of the article. An article nearly always starts near the page's start,
so what the extraction finds at the start of the page's start is what it finds at the start of
the whole page.

`open_text` opens a large page from its start (`PREFIX_CHARS` of markup, scripts and styles
not counted, cut before a tag) with the extraction a large page gets, and returns that guess's
metadata and first chunk at once, then the start's next chunks but the last two (which may be
cut short where the start ends), more than a screen to read. The chunks after those wait for
the whole page's conversion in one go, which checks the guess: the same metadata and the same
chunks so far, and the rest of that conversion follows, so the chunks are exactly a one-go
conversion's; else the chunks raise
`StartOver` with the whole conversion, to be shown in place of the guess. A page's start that
says too little (a long menu before the article, a decoy) costs a visible start over, never a
wrong article.

Only for a reader waiting for a first screen (the app's child process): the dump converts in
one go, as it shows nothing until it has it all. Large HTML (the whole page's conversion, or a
large fragment's) comes sooner made in two processes side by side, here as in the dump
(`reader.convert.ahead`, `pipeline.open_text`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial

from reader.convert import chunked
from reader.convert.document import Chunk, OpenedSource, StartOver
from reader.convert.frontmatter import split_front_matter
from reader.convert.html_to_markdown import FIRST_CHUNK_BYTES
from reader.convert.memory import release_freed_memory
from reader.convert.page_kind import LARGE_PAGE_CHARS, is_full_page
from reader.model import Metadata
from reader.source.fetch import Fetched

PREFIX_CHARS = 8 * FIRST_CHUNK_BYTES
"""The page's start, in characters of markup outside scripts and styles: a first chunk's
worth of the article many times over, as the markup around the text (attributes, wrappers)
is often several times the text, and readability-lxml needs several paragraphs to score the
article's box. 0.03 s of extraction, where the whole of a 25 MB page takes 8 s. No more: what
the start gives is converted twice (the whole page's conversion checks it), and a start of
256 kB made a 2.5 MB page whole 0.9 s later in the app; 64 kB, no later (`make bench`)."""
_SCRIPTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)


def open_text(
    text: str, media_type: str = "", source: str = "", base_url: str = "", fetched: Fetched | None = None
) -> OpenedSource:
    """`chunked.open_text`, whose first chunk comes from the page's start when it is large;
    the Markdown of large HTML made in a forked process while this one parses it (see
    `reader.convert.ahead`)."""
    whole = partial(chunked.open_text, text, media_type, source, base_url, fetched, ahead=len(text) > LARGE_PAGE_CHARS)
    start = page_start(text, media_type)
    if start is None:
        return whole()
    try:
        guess = chunked.open_text(start, media_type, source, base_url, fetched, large=True)
        first = chunked.first_chunks(guess.chunks)
    except Exception:  # a guess that fails costs the wait, never the article
        return whole()
    if not first or not first[-1].blocks:  # nothing to show: surely not the article's start
        return whole()
    sent = list(first)
    checked = _checked(whole, replace(guess.metadata), sent)
    return replace(guess, chunks=itertools.chain(first, _whole_ones(guess.chunks, sent), checked))


def page_start(text: str, media_type: str = "") -> str | None:
    """The start of a large whole web page, cut before a tag; None for anything else (a post,
    a fragment, Markdown, a page that is not large)."""
    if len(text) <= LARGE_PAGE_CHARS:
        return None
    front, body = split_front_matter(text)
    if front is not None or not chunked.sniff_html(body, media_type) or not is_full_page(body):
        return None
    counted = done = hidden = 0  # markup outside scripts and styles up to `done`; inside them
    end: int | None = None
    for match in _SCRIPTS.finditer(body):
        if end is None and counted + match.start() - done >= PREFIX_CHARS:
            end = done + PREFIX_CHARS - counted
        counted += match.start() - done
        done = match.end()
        hidden += match.end() - match.start()
    if end is None:
        end = done + PREFIX_CHARS - counted
    # Large as the extraction measures it (scripts and styles not counted), or the whole page
    # would take the other extraction, and the guess would be wrong.
    if len(body) - hidden <= max(LARGE_PAGE_CHARS, 2 * PREFIX_CHARS):
        return None
    cut = body.rfind("<", 0, end)
    return body[:cut] if cut > 0 else None


def _whole_ones(chunks: Iterator[Chunk], sent: list[Chunk]) -> Iterator[Chunk]:
    """The start's next chunks (each added to `sent`) but its last two, which may be cut short
    where the start ends (the last may be the footnotes, after the one cut short): the reader
    has more than a screen to read while the whole page is extracted (seconds at 25 MB)."""
    held: list[Chunk] = []
    for chunk in chunks:
        held.append(chunk)
        if len(held) > 2:
            sent.append(held.pop(0))
            yield sent[-1]


def _checked(convert: Callable[[], OpenedSource], metadata: Metadata, sent: list[Chunk]) -> Iterator[Chunk]:
    """The whole page's chunks after those `sent`, once its conversion in one go (`convert`)
    has given the same metadata and first chunks as the guess; `StartOver` with it if not."""
    whole = convert()
    del convert  # and with it the page's text: 25 MB of a 25 MB page
    release_freed_memory()  # the extraction's trees are gone
    again = chunked.first_chunks(whole.chunks)
    again += itertools.islice(whole.chunks, max(0, len(sent) - len(again)))
    if whole.metadata != metadata or again != sent:
        raise StartOver(replace(whole, chunks=itertools.chain(again, whole.chunks)))
    yield from whole.chunks
