"""Main-content extraction for full web pages (placeholder until the web issue lands).

Interface the pipeline relies on: `is_full_page(markup)` and `extract(markup, url)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.model import Metadata

_FULL_PAGE = re.compile(r"<html[\s>]|<body[\s>]|<!doctype\s+html", re.I)


@dataclass(slots=True)
class Extracted:
    html: str
    """The article's HTML (the whole page when nothing better was found)."""
    metadata: Metadata = field(default_factory=Metadata)


def is_full_page(markup: str) -> bool:
    """A document with `<html>`/`<body>` is a page with navigation around the article;
    a fragment or a post body is the article itself and is never cut."""
    return bool(_FULL_PAGE.search(markup[:4096]))


def extract(markup: str, url: str = "") -> Extracted:
    title = re.search(r"<title[^>]*>(.*?)</title>", markup, re.I | re.S)
    metadata = Metadata(title=re.sub(r"\s+", " ", title.group(1)).strip() if title else "")
    return Extracted(markup, metadata)
