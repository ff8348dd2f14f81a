"""readability-lxml and trafilatura run on the page, and the article is what their vote keeps."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree, html

from reader.convert.extraction.assemble import assemble
from reader.convert.extraction.blocks import cut
from reader.convert.extraction.calls import calls
from reader.convert.extraction.cards import drop_inline_cards
from reader.convert.extraction.decide import Signals, Votes, decide
from reader.convert.extraction.furniture import drop_repeated_alts, drop_title_alts, furniture
from reader.convert.extraction.signals import article_body, article_container
from reader.convert.extraction.small_print import small_print
from reader.convert.extraction.votes import TextMatch, readability_kept, trafilatura_body, trafilatura_kept

Readability = Callable[[html.HtmlElement], html.HtmlElement | None]
"""readability-lxml run on a copy of the page, returning its article (elements of that copy,
so the block marks come through)."""


def combined_article(document: html.HtmlElement, url: str, readability: Readability) -> html.HtmlElement | None:
    """The page's article as the extractors' vote decides, in the page's own markup; None when
    the vote keeps nothing. Marks and cuts `document` itself."""
    # Comments go, their tails stay: trafilatura loses the text after a comment inside a
    # paragraph (React writes `<!-- -->` between the parts of a sentence).
    etree.strip_elements(document, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    body = document.find("body")
    drop_inline_cards(body if body is not None else document)
    blocks = cut(body if body is not None else document)
    if not blocks:
        return None
    traf = trafilatura_body(document, url)
    votes = Votes(readability_kept(readability(document)), trafilatura_kept(blocks, traf))
    text = article_body(document)
    signals = Signals(TextMatch(text) if text else None, article_container(blocks, votes.agreed(blocks)))
    kept = decide(blocks, votes, signals)
    drop_repeated_alts(blocks, kept)
    drop_title_alts(blocks, kept, document)
    kept -= furniture(blocks, kept)
    kept -= small_print([block for block in blocks if block.index in kept])
    kept -= calls([block for block in blocks if block.index in kept])
    if not kept:
        return None
    return assemble(blocks, kept)
