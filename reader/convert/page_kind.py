"""Whether markup is a whole web page (navigation around the article: extraction cuts it) or
the article itself (a fragment, a post's body: never cut), and whether a page is large
(extracted by one extractor instead of the vote).

Light on purpose, regular expressions only: the app asks it before it starts, to warm up the
extractors only for what will need them (`reader.convert.pipeline.what_comes`).
"""

from __future__ import annotations

import re

# The patterns are kept as text: `re` compiles each when it is first used and keeps it in its
# own cache. The app imports this module on every start, and an article whose conversion is
# cached (a file read before) never asks it anything.
_FULL_PAGE = r"<html[\s>]|<body[\s>]|<!doctype\s+html"
_PREAMBLE = r"(?:\s+|<!--.*?-->|<(style|script|title|noscript)\b[^>]*>.*?</\1\s*>|<(?:meta|link|base)\b[^>]*>)*"
"""What some pages send before their `<html>`: styles, scripts, comments, head elements."""


LARGE_PAGE_CHARS = 1_000_000
"""Above this (HTML without scripts and styles), one extractor runs instead of the vote, and a
page that marks its article up (`<article>`, `<main>`) is taken at its word: readability-lxml
costs about 0.4 s a megabyte and trafilatura twice that, all of it before the first screen."""
_HIDDEN = rb"<(script|style)\b[^>]*>.*?</\1\s*>"
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
"""The bytes that go on with a character in UTF-8: the rest start one each."""


def is_large_page(data: bytes) -> bool:
    """Whether a whole web page's bytes surely hold more than `LARGE_PAGE_CHARS` characters
    outside scripts and styles: its extraction is readability-lxml's alone, and the vote's
    extractors (trafilatura, jusText), whose warm-up in the fork server came before a large
    page's first screen (half a second of CPU), are never asked for.

    Counted on the bytes, without decoding them (4 ms of CPU for 2.5 MB): its characters as
    UTF-8 counts them, less every byte of its scripts and styles. That is never more than
    the characters the extraction counts, so a page said to be large is; a large page in
    another encoding may be missed, and its first screen waits for the warm-up as before."""
    if len(data) <= LARGE_PAGE_CHARS:
        return False
    hidden = sum(match.end() - match.start() for match in re.finditer(_HIDDEN, data, re.I | re.S))
    if len(data) - hidden <= LARGE_PAGE_CHARS:  # there are no more characters than bytes
        return False
    return len(data.translate(None, _CONTINUATION_BYTES)) - hidden > LARGE_PAGE_CHARS


def is_full_page(markup: str) -> bool:
    """A document with `<html>`/`<body>` is a page with navigation around the article; a
    fragment or a post body is the article itself and is never cut by extraction."""
    start = re.match(_PREAMBLE, markup, re.I | re.S)
    return bool(re.compile(_FULL_PAGE, re.I).search(markup, 0, (start.end() if start else 0) + 4096))
