"""Whether markup is a whole web page (navigation around the article: extraction cuts it) or
the article itself (a fragment, a post's body: never cut).

Light on purpose, regular expressions only: the app asks it before it starts, to warm up the
extractors only for what will need them (`reader.convert.pipeline.what_comes`).
"""

from __future__ import annotations

import re

_FULL_PAGE = re.compile(r"<html[\s>]|<body[\s>]|<!doctype\s+html", re.I)
_PREAMBLE = re.compile(
    r"(?:\s+|<!--.*?-->|<(style|script|title|noscript)\b[^>]*>.*?</\1\s*>|<(?:meta|link|base)\b[^>]*>)*", re.I | re.S
)
"""What some pages send before their `<html>`: styles, scripts, comments, head elements."""


def is_full_page(markup: str) -> bool:
    """A document with `<html>`/`<body>` is a page with navigation around the article; a
    fragment or a post body is the article itself and is never cut by extraction."""
    start = _PREAMBLE.match(markup)
    return bool(_FULL_PAGE.search(markup, 0, (start.end() if start else 0) + 4096))
