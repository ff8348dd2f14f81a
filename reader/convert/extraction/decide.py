"""The vote: which blocks of the page make the article.

What both extractors keep is kept and what neither keeps goes: measured on the corpus, 99% of
the text both keep is the article's and 99% of the text neither keeps is not. Where they
disagree (about half of those blocks are the article's), the page's own signals decide, in
this order, each only when it has something to say:

1. the article's text in the page's JSON-LD (`articleBody`): a block is kept if it is there;
2. a block mostly made of links (a share bar, a list of related stories) goes;
3. a block outside the page's `<article>`/`<main>` that holds the agreed text goes;
4. a block between the first and the last agreed block is part of the article;
5. outside that span, the extractor that kept it decides: trafilatura's choices there are the
   article's more often than not, readability-lxml's less often.

A disputed heading stays only when the text after it stays: a heading over a dropped list of
related stories goes with the list, the heading of a kept section stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html

from reader.convert.extraction.blocks import Block, links_away
from reader.convert.extraction.signals import inside
from reader.convert.extraction.votes import TextMatch

LINK_DENSITY_MAX = 0.5
"""A disputed block with more of its text in links than this is navigation."""
PARAGRAPH_MIN = 150
"""Characters of a paragraph of running text (a CJK character counts as three)."""
GAP_MAX = 200
"""Outside the agreed span, a disputed block is the article's only if no more text than this
(in characters) lies between it and the article: past a longer stretch that neither
extractor kept, it is another part of the page."""


@dataclass(slots=True)
class Votes:
    readability: set[int]
    trafilatura: set[int]

    def agreed(self) -> set[int]:
        """What both keep; when one of them found nothing (readability-lxml picks an empty box
        on some pages), what the other keeps."""
        if self.readability and self.trafilatura:
            return self.readability & self.trafilatura
        return self.readability | self.trafilatura


@dataclass(slots=True)
class Signals:
    article_body: TextMatch | None = None
    """The JSON-LD `articleBody`, when the page gives one long enough to be the article."""
    container: html.HtmlElement | None = None
    """The page's `<article>`/`<main>` holding the agreed text."""


def decide(blocks: list[Block], votes: Votes, signals: Signals) -> set[int]:
    """The indexes of the blocks that make the article."""
    agreed = votes.agreed()
    if not agreed:
        return set()
    first, last = min(agreed), max(agreed)
    kept = set(agreed)
    for block in blocks[first:last]:
        if _disputed(block, votes) and _settle(block, signals):
            kept.add(block.index)
    for outward in (blocks[last + 1 :], reversed(blocks[:first])):
        gap = 0
        for block in outward:
            if gap <= GAP_MAX and _disputed(block, votes) and _joins(block, votes) and _settle(block, signals):
                kept.add(block.index)
                gap = 0
            else:
                gap += block.size
    _keep_headings_with_their_text(blocks, kept, agreed)
    return kept


def _disputed(block: Block, votes: Votes) -> bool:
    return (block.index in votes.readability) != (block.index in votes.trafilatura)


def _settle(block: Block, signals: Signals) -> bool:
    if block.is_image:
        return not links_away(block.element)
    if signals.article_body is not None:
        return signals.article_body.holds(block)
    if block.link_density > LINK_DENSITY_MAX:
        return False
    return signals.container is None or inside(block, signals.container)


def _joins(block: Block, votes: Votes) -> bool:
    """Outside the agreed span, only running text that trafilatura kept: an intro above the
    first heading, the last paragraphs readability-lxml left out; not a caption, a date line,
    a teaser or a picture."""
    return block.index in votes.trafilatura and not block.is_image and (block.is_heading or block.size >= PARAGRAPH_MIN)


def _keep_headings_with_their_text(blocks: list[Block], kept: set[int], agreed: set[int]) -> None:
    following = False
    """Whether the next block with text, below the one at hand, is kept."""
    for block in reversed(blocks):
        if block.is_image:
            continue
        if block.is_heading:
            if block.index in kept and block.index not in agreed and not following:
                kept.discard(block.index)
            continue
        following = block.index in kept
