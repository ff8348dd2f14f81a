"""Page furniture that both extractors keep, found by what it is rather than by who voted.

What readability-lxml and trafilatura agree on is nearly all the article's; what is left
are classes of furniture that sit inside the article's own box and read like text to both:

- text said twice: a gallery writes each caption in full and again cut short before a
  "... more" toggle (the page's script shows one of them), and a slideshow repeats its
  captions and credits;
- paragraphs that are one link, or a short label and a link ("SEE MORE: <another story>"), teasers of other stories set
  among the article's paragraphs, and the short label over them ("Don't miss");
- boxes whose class or id says what they are: a call to subscribe or to take out a
  membership (`cta`, `newsletter`, `paywall`), a promotion, an advert, the author's box
  with a picture and a few lines of biography.

An image whose alt text the caption below it says again keeps its picture and loses the
alt text, which the text dump (and the app with pictures off) would show as a second copy;
so does one whose alt text is the page's title again, filled in for search engines.
"""

from __future__ import annotations

import re
from itertools import pairwise

from lxml import html

from reader.convert.extraction.blocks import Block
from reader.convert.extraction.votes import words

REPEAT_MIN = 6
"""Words a block must have for a second copy of it to go: a short line ("Photo: AP",
"Share") may come back in an article for good reasons."""
CREDIT_MIN = 2
"""The same, for a caption or a picture credit ("Photo: Jane Doe"), which a gallery repeats."""
LINK_ONLY = 0.8
"""A paragraph with more of its text in links than this points to another page."""
LINK_ONLY_WORDS = 3
"""Fewer words in links make a "Next" or "Top" button, which the clean pass judges."""
READ_MORE_WORDS = 3
"""Words of a label before a colon and a link to another story ("Read more:", "Lire aussi :")."""
LABEL_MAX = 6
"""Words of a label over such links ("You may also like...", "Don't miss")."""
_PARAGRAPHS = frozenset({"p", "div", "span", "section", "center", "font"})
"""Blocks that would be paragraphs of running text; not list items, cells or headings, whose
links make a contents, a list of sources or a section's title."""
FURNITURE_WORDS = frozenset(
    {
        "cta", "newsletter", "subscribe", "subscription", "promo", "advert", "advertisement", "paywall",
        "outbrain", "taboola",
    }
)  # fmt: skip
"""Words of a class or id (split at `-`, `_` and spaces) naming a box that is not the article."""
_AUTHOR = re.compile(r"author|autor", re.I)
"""In a class or id, a box about the author (`saboxplugin-author`, `artDetailAutor`)."""
AUTHOR_BOX_MAX = 600
"""Characters of an author's box: a longer one named so holds the article."""
_CAPTION = re.compile(r"caption|credit", re.I)
_BOUNDARIES = frozenset({"body", "html", "article", "main"})
"""Where the search for a box's name stops: the article's own box is never furniture."""
CAPTION_DEPTH = 3
"""How far up from a block a figure or a caption's box may be."""
CAPTION_BLOCKS = 2
"""Blocks after an image where its caption may be (a credit line may come first)."""
_TITLE_PARTS = re.compile(r"\s+[|–—·:-]+\s+")
"""What parts a `<title>` into the article's title and the site's name."""
ALT_REPEATED = 4
"""Words at the start of an alt text that, said again by the caption, make it a copy."""


def furniture(blocks: list[Block], kept: set[int]) -> set[int]:
    """The kept blocks that are page furniture."""
    chosen = [block for block in blocks if block.index in kept]
    links = _link_only(chosen)
    bare = {block.index for block in chosen if block.index in links and block.link_density > LINK_ONLY}
    return _repeated(chosen) | links | _labels(chosen, links, bare) | _named(chosen)


def drop_repeated_alts(blocks: list[Block], kept: set[int]) -> None:
    """Clear the alt text of each kept image whose caption (one of the next blocks) begins
    with the same words."""
    chosen = [block for block in blocks if block.index in kept]
    for position, block in enumerate(chosen):
        alt = words(block.element.get("alt") or "") if block.is_image else []
        if len(alt) < ALT_REPEATED:
            continue
        for after in chosen[position + 1 : position + 1 + CAPTION_BLOCKS]:
            if after.is_image:
                break
            if words(after.text)[:ALT_REPEATED] == alt[:ALT_REPEATED]:
                block.element.set("alt", "")
                break


def drop_title_alts(blocks: list[Block], kept: set[int], document: html.HtmlElement) -> None:
    """Clear the alt text of each kept image that begins with the words of the page's title
    (its `<h1>` or `<title>`): filled in for search engines ("<title> 2", "<title> 3"), it
    says nothing of the picture, and the header already shows the title."""
    titles = {tuple(words(block.text)[:ALT_REPEATED]) for block in blocks if block.tag == "h1"}
    for title in document.iter("title"):
        for part in _TITLE_PARTS.split(title.text_content()):
            titles.add(tuple(words(part)[:ALT_REPEATED]))
    titles = {title for title in titles if len(title) == ALT_REPEATED}
    for block in blocks:
        alt = words(block.element.get("alt") or "") if block.is_image and block.index in kept else []
        if tuple(alt[:ALT_REPEATED]) in titles:
            block.element.set("alt", "")


def _repeated(chosen: list[Block]) -> set[int]:
    """Captions said again by a block before them, and blocks saying the start of what a
    neighbour says in full (the "... more" copy of a caption)."""
    found: set[int] = set()
    seen: set[tuple[str, ...]] = set()
    said = [tuple(words(block.text)) for block in chosen]
    for position, (block, key) in enumerate(zip(chosen, said, strict=True)):
        if block.is_image or block.is_heading or block.tag == "pre" or not key:
            continue
        caption = is_caption(block.element)
        if len(key) < (CREDIT_MIN if caption else REPEAT_MIN):
            continue
        if key in seen and caption:
            found.add(block.index)
            continue
        seen.add(key)
        stem = key[:-1]
        for other in said[max(0, position - 2) : position + 3]:
            if other != key and len(other) > len(stem) and other[: len(stem)] == stem:
                found.add(block.index)
                break
    return found


def _link_only(chosen: list[Block]) -> set[int]:
    return {
        block.index
        for block in chosen
        if block.tag in _PARAGRAPHS and _points_away(block) and len(words(block.text)) >= LINK_ONLY_WORDS
    }


def _points_away(block: Block) -> bool:
    """Whether the block is a link, or a short label and a link ("Dowiedz się więcej: <another
    story>", "Lesen Sie auch: ..."): the label, in any language, is not linked, and lowered the
    share of links below `LINK_ONLY` in a paragraph whose link was short."""
    if block.link_density > LINK_ONLY:
        return True
    label, colon, rest = block.text.partition(":")
    rest = rest.strip()
    # More characters in links than the rest has: the label is a link too, a credit ("<a>Gefüllte
    # Paprika</a> - Foto: Copyright © <a>Marufish</a>"), not a label over a story's link.
    linked = LINK_ONLY * len(rest) < block.link_chars <= len(rest)
    return bool(colon and rest) and len(words(label)) <= READ_MORE_WORDS and linked


def _labels(chosen: list[Block], found: set[int], bare: set[int]) -> set[int]:
    """A short line right above links that went (`found`), the first of them a bare link
    (`bare`): it labels them, and says nothing alone. A heading only when nothing of the
    article follows it: a section may open with a link. A line that has its own label ("Fotos:
    <a>Sophia Mahnert</a>") takes none from above: that is the article's (a list's last item)."""
    labels: set[int] = set()
    written = [block for block in chosen if not block.is_image]
    for position, (block, after) in enumerate(pairwise(written)):
        if block.index in found or after.index not in bare or len(words(block.text)) > LABEL_MAX:
            continue
        if block.is_heading and any(later.index not in found for later in written[position + 1 :]):
            continue
        labels.add(block.index)
    return labels


def _named(chosen: list[Block]) -> set[int]:
    return {block.index for block in chosen if _in_named_box(block.element)}


def _in_named_box(element: html.HtmlElement) -> bool:
    for box in (element, *element.iterancestors()):
        if box.tag in _BOUNDARIES:
            return False
        names = f"{box.get('class') or ''} {box.get('id') or ''}"
        if not FURNITURE_WORDS.isdisjoint(re.split(r"[\s_-]+", names.lower())):
            return True
        if _AUTHOR.search(names) and len(box.text_content()) < AUTHOR_BOX_MAX:
            return True
    return False


def is_caption(element: html.HtmlElement) -> bool:
    """Whether the element is a picture's caption or credit: inside a figure, or in a box
    named for it, close by."""
    for depth, box in enumerate((element, *element.iterancestors())):
        if depth > CAPTION_DEPTH:
            return False
        names = f"{box.get('class') or ''} {box.get('id') or ''}"
        if box.tag in ("figure", "figcaption") or _CAPTION.search(names):
            return True
    return False
