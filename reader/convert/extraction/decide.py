"""The vote: which blocks of the page make the article.

What both extractors keep is kept and what neither keeps goes: measured on the corpus, 99% of
the text both keep is the article's and 99% of the text neither keeps is not. Where they
disagree (about half of those blocks are the article's), the page's own signals decide:

- between the first and the last agreed block (short agreed blocks at the end, parted from
  the rest by a long stretch of text neither kept, left out), a disputed block is the
  article's, unless the page's JSON-LD `articleBody` leaves it out, it is mostly links (a
  share bar, a list of related stories) or lies in a small card that is one link (a teaser of
  another story, its empty link stretched over it), or it lies outside the page's `<article>`/`<main>`
  holding the agreed text;
- above and below that span, only running text joins (paragraphs, and headings over them; not
  captions, date lines or pictures), only while no long stretch of text that neither kept lies
  between it and the article, and only from trafilatura or from the box holding the agreed
  blocks: measured on the corpus, readability-lxml's choices outside it are mostly not the
  article's (an intro above the first heading is trafilatura's; an author's bio is not).

Inside the span, a quote neither kept (a tweet the story embeds) is the article's too, unless
the article says it already (a pull quote) or it is links.

A disputed heading stays only when the text after it stays: a heading over a dropped list of
related stories goes with the list, the heading of a kept section stays. A heading that is a
link is judged so too (not by its links: a listicle's items name what they link to), but it
needs a paragraph of running text under it, which a teaser's or a video's title lacks.
Likewise a disputed list item stays when a list nested in it stays: its words head that list
(an outline's short outer items, which trafilatura leaves out at the top of a page, are no
running text to join by).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html

from reader.convert.article_finder import links_away
from reader.convert.extraction.blocks import Block
from reader.convert.extraction.signals import article_box, in_linked_card, inside
from reader.convert.extraction.votes import TextMatch

AGREEMENT_MIN = 0.5
"""The share of the shorter extraction that both must keep for them to have found the same
article."""
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

    def agreed(self, blocks: list[Block]) -> set[int]:
        """What both keep. When one of them found nothing (readability-lxml picks an empty box
        on some pages), or they picked different parts of the page (what both keep is less
        than half of what the shorter keeps), the choice of the one that keeps more."""
        if not self.readability or not self.trafilatura:
            return self.readability | self.trafilatura
        both = self.readability & self.trafilatura
        readability, trafilatura = _size(blocks, self.readability), _size(blocks, self.trafilatura)
        if _size(blocks, both) < AGREEMENT_MIN * min(readability, trafilatura):
            return self.readability if readability >= trafilatura else self.trafilatura
        return both


def _size(blocks: list[Block], chosen: set[int]) -> int:
    return sum(blocks[index].size for index in chosen)


@dataclass(slots=True)
class Signals:
    article_body: TextMatch | None = None
    """The JSON-LD `articleBody`, when the page gives one long enough to be the article."""
    container: html.HtmlElement | None = None
    """The page's `<article>`/`<main>` holding the agreed text."""


def decide(blocks: list[Block], votes: Votes, signals: Signals) -> set[int]:
    """The indexes of the blocks that make the article."""
    agreed = votes.agreed(blocks)
    if not agreed:
        return set()
    agreed = _without_stragglers(blocks, agreed, votes)
    first, last = min(agreed), max(agreed)
    kept = set(agreed)
    box = article_box(blocks, agreed)
    for block in blocks[first:last]:
        if _disputed(block, votes) and _settle(block, signals):
            kept.add(block.index)
    kept |= _quoted_posts(blocks[first:last], votes, signals, agreed)
    for above, outward in ((False, blocks[last + 1 :]), (True, reversed(blocks[:first]))):
        gap = 0
        for block in outward:
            if block.index in kept:
                gap = 0
            elif (
                gap <= GAP_MAX
                and _disputed(block, votes)
                and (_joins(block, votes, box) or (above and gap == 0 and (_lede(block, votes) or _headline(block))))
                and _settle(block, signals)
            ):
                kept.add(block.index)
                gap = 0
            else:
                gap += block.size
    _keep_items_over_kept_lists(blocks, kept, votes)
    _keep_headings_with_their_text(blocks, kept, agreed)
    return kept


def _quoted_posts(span: list[Block], votes: Votes, signals: Signals, agreed: set[int]) -> set[int]:
    """The blocks of quotes inside the agreed span that neither extractor kept: a post the
    story embeds (a tweet, a post from Instagram: a `<blockquote>` a script would dress), which
    both leave out, and the story quotes as its own. Not a pull quote (a sentence the article
    says again), nor a quote's links (the embed's "View this post" button)."""
    voted = votes.readability | votes.trafilatura
    quotes: dict[html.HtmlElement, list[Block]] = {}
    for block in span:
        quote = _quote_of(block)
        if quote is not None and block.index not in voted and not block.is_image:
            quotes.setdefault(quote, []).append(block)
    if not quotes:
        return set()
    said = TextMatch(" ".join(block.text for block in span if block.index in agreed))
    found: set[int] = set()
    for quoted in quotes.values():
        if any(said.holds(block) for block in quoted):
            continue
        found |= {block.index for block in quoted if _settle(block, signals)}
    return found


def _quote_of(block: Block) -> html.HtmlElement | None:
    return next((box for box in (block.element, *block.element.iterancestors()) if box.tag == "blockquote"), None)


def _without_stragglers(blocks: list[Block], agreed: set[int], votes: Votes) -> set[int]:
    """The agreed blocks without the short ones at the end that a long stretch of text neither
    extractor kept parts from the rest: a copyright line or an author's picture below the
    page's lists of other stories. Left in, they stretch the span in which the disputed
    blocks are kept over all that lies between."""
    chosen = sorted(agreed)
    either = votes.readability | votes.trafilatura
    while len(chosen) > 1:
        last, before = chosen[-1], chosen[-2]
        between = sum(block.size for block in blocks[before + 1 : last] if block.index not in either)
        if blocks[last].size >= PARAGRAPH_MIN or between <= GAP_MAX:
            break
        chosen.pop()
    return set(chosen)


def _disputed(block: Block, votes: Votes) -> bool:
    return (block.index in votes.readability) != (block.index in votes.trafilatura)


def _settle(block: Block, signals: Signals) -> bool:
    if block.is_image:
        return not links_away(block.element)
    if signals.article_body is not None:
        return signals.article_body.holds(block)
    if not block.is_heading and (block.link_density > LINK_DENSITY_MAX or in_linked_card(block)):
        return False
    return signals.container is None or inside(block, signals.container)


def _joins(block: Block, votes: Votes, box: html.HtmlElement | None) -> bool:
    """Outside the agreed span, only running text: an intro above the first heading, the last
    paragraphs one extractor left out; not a caption, a date line, a teaser or a picture. And
    only from trafilatura, unless it lies in the box that holds the agreed blocks:
    readability-lxml's choices outside the article are mostly not the article's."""
    if block.is_image or not (block.is_heading or block.size >= PARAGRAPH_MIN):
        return False
    return block.index in votes.trafilatura or (box is not None and inside(block, box))


def _lede(block: Block, votes: Votes) -> bool:
    """A paragraph of one sentence right above the article, nothing between: a news story's
    first line ("Hong Kong (CNN) A muddled view of ... investors."), too short for running
    text. Trafilatura's only, and a sentence's end, which a date line or a teaser's title has
    not; a caption's box is no paragraph. Not below the article: there a sentence of its own
    is a promotion's ("Get the day's top headlines delivered to your inbox.")."""
    return block.tag == "p" and block.index in votes.trafilatura and block.text.rstrip(_CLOSING).endswith(_STOPS)


def _headline(block: Block) -> bool:
    """A heading right above the article, nothing between: its headline, which trafilatura
    leaves out of a page without an `<article>` (taking it for the title). Dropped, it was
    nowhere when the page's `<title>` says something else ("Example News - Latest stories"):
    the header shows the `<title>`, and the headline said again is dropped there
    (`extract.drop_title_heading`)."""
    return block.is_heading


_STOPS = (".", "!", "?", "。", "！", "？")
_CLOSING = "\"'”’»)] "


def _keep_items_over_kept_lists(blocks: list[Block], kept: set[int], votes: Votes) -> None:
    """Keep each list item that one extractor kept and that holds a kept block: without its own
    words, the nested list it heads shows under an empty bullet (and the outer items of a page
    made of nested lists went missing)."""
    voted = votes.readability | votes.trafilatura
    items = {block.element: block.index for block in blocks if block.tag == "li" and block.index in voted}
    seen: set[html.HtmlElement] = set()
    for index in sorted(kept):
        for item in blocks[index].element.iterancestors("li"):
            if item in seen:
                break  # and so were the items around it
            seen.add(item)
            if item in items:
                kept.add(items[item])


def _keep_headings_with_their_text(blocks: list[Block], kept: set[int], agreed: set[int]) -> None:
    """A disputed heading stays only over kept text; one that is a link (a listicle's item
    naming what it links to, or a teaser's title) only over a kept paragraph of running text:
    under a teaser's or a video's linked title come a line or two, not a paragraph."""
    following = running = False
    """Whether the next block with text, below the one at hand, is kept; and is running text."""
    for block in reversed(blocks):
        if block.is_image:
            continue
        if block.is_heading:
            linked = block.link_density > LINK_DENSITY_MAX
            if block.index in kept and block.index not in agreed and not (running if linked else following):
                kept.discard(block.index)
            continue
        following = block.index in kept
        running = following and block.size >= PARAGRAPH_MIN
