"""What the page itself says about where its article is, to settle what the extractors
disagree on: the article's text in its JSON-LD (`articleBody`), and its `<article>`/`<main>`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from lxml import html

from reader.convert.extraction.blocks import Block, common_ancestor

_LD_TYPE = "application/ld+json"
_CDATA = re.compile(r"^\s*<!\[CDATA\[|\]\]>\s*$")
ARTICLE_BODY_MIN = 500
"""A shorter `articleBody` is a teaser, not the article: it says nothing of the rest."""
_CONTAINERS = "//article|//main|//*[@role='main']"


def article_body(document: html.HtmlElement) -> str:
    """The longest `articleBody` of the page's JSON-LD, if it is long enough to be the article."""
    best = ""
    for script in document.iter("script"):
        if (script.get("type") or "").strip().lower() != _LD_TYPE or not script.text:
            continue
        try:
            parsed = json.loads(_CDATA.sub("", script.text))
        except ValueError:
            continue
        for body in _bodies(parsed):
            if len(body) > len(best):
                best = body
    return best if len(best) >= ARTICLE_BODY_MIN else ""


def _bodies(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "articleBody" and isinstance(item, str):
                yield item
            else:
                yield from _bodies(item)
    elif isinstance(value, list):
        for item in value:
            yield from _bodies(item)


def article_container(blocks: list[Block], agreed: set[int]) -> html.HtmlElement | None:
    """The page's `<article>`, `<main>` or `role=main` holding most of the text both extractors
    kept, if the page marks its article up at all."""
    if not agreed:
        return None
    root = blocks[0].element.getroottree().getroot()
    containers = set(root.xpath(_CONTAINERS))
    if not containers:
        return None
    held: Counter[html.HtmlElement] = Counter()
    for block in blocks:
        if block.index in agreed:
            for ancestor in block.element.iterancestors():
                if ancestor in containers:
                    held[ancestor] += block.size
    if not held:
        return None
    # The innermost container holding as much as the best: an <article> inside <main>.
    most = max(held.values())
    best = [element for element, size in held.items() if size == most]
    return max(best, key=lambda element: sum(1 for _ in element.iterancestors()))


def inside(block: Block, container: html.HtmlElement) -> bool:
    return any(ancestor is container for ancestor in block.element.iterancestors())


def article_box(blocks: list[Block], agreed: set[int]) -> html.HtmlElement | None:
    """The smallest element holding all the agreed blocks, unless that is the whole page."""
    box = common_ancestor([block.element for block in blocks if block.index in agreed])
    return None if box.tag in ("body", "html") else box


CARD_MAX = 300
"""Characters of a card: a box with more text holds the article, whatever links it has."""
_CARD_DEPTH = 3
"""How far up from a block its card may be (a headline's div, the card's content, the card)."""


def in_linked_card(block: Block) -> bool:
    """Whether the block lies in a card that is a link to another page: a small box (a teaser
    of another story, with its picture, kicker and headline) holding an empty `<a href>` that
    the page's style stretches over the whole card, so that its words, which are in no link,
    are one (a "Most read" rail set among the article's paragraphs)."""
    for depth, box in enumerate(block.element.iterancestors()):
        # A box too large is no card, nor is any box around it: asked first, and stopped at
        # CARD_MAX, so that a block in a long article costs no walk over its links.
        if depth >= _CARD_DEPTH or box.tag in ("body", "article", "main") or not _small(box):
            return False
        if any(_is_stretched(link) for link in box.iter("a")):
            return True
    return False


def _small(box: html.HtmlElement) -> bool:
    size = 0
    for text in box.itertext():
        size += len("".join(text.split()))
        if size > CARD_MAX:
            return False
    return True


_SEEN_IN_LINKS = ("img", "picture", "svg", "i")
"""What shows in a link without words: a picture, an icon (SVG, or an icon font's `<i>`)."""


def _is_stretched(link: html.HtmlElement) -> bool:
    """An empty link to another page (not "#top", not a script's button), with nothing in it:
    a link holding a picture or an icon (a share button's SVG beside a pull quote) is seen,
    where a stretched one is drawn only by the page's style (an empty box in it, a count a
    script fills, shows nothing)."""
    href = (link.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:")):
        return False
    return not "".join(link.itertext()).strip() and next(link.iter(*_SEEN_IN_LINKS), None) is None
