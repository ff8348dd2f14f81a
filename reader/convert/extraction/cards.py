"""Cards that pop up over a word: a picture and links to other stories, inside a sentence.

Some pages put a card inside a paragraph, beside a name it explains: the person's picture, their
full name and links to other stories about them ("Kristi Noem" then "Kristi Lynn Noem / South
Dakota governor doubles down ... / MORE"), which the page's style hides until the pointer rests
on the name. Both extractors keep the paragraph, and with it the card's words in the middle of
the sentence. A card is told from the sentence's own links by its form: an inline element inside
a paragraph holding a picture and two links or more, all its words in links, with words of the
sentence around it.
"""

from __future__ import annotations

from lxml import etree, html

_INLINE = frozenset({"span", "a", "b", "i", "em", "strong", "small", "font", "cite", "q", "abbr", "label", "br"})
"""What a card may be made of, inside a paragraph."""
CARD_LINKS = 2
"""Links in a card: one link with a picture is a linked picture of the story."""
CARD_LINKS_MAX = 12
"""More links make a row of linked pictures (a gallery's thumbnails), not a card about a name."""
_LINKED = 0.9
"""The share of a card's text (its characters, blanks left out) inside its links."""


def drop_inline_cards(root: html.HtmlElement) -> None:
    """Remove the cards inside `root`'s paragraphs, keeping the words around them."""
    judged: dict[html.HtmlElement, bool] = {}
    """Each span asked once, however many pictures it holds."""
    for card in {card for image in root.iter("img") if (card := _card_of(image, judged)) is not None}:
        card.drop_tree()  # its tail, the sentence's next words, stays


def _card_of(image: html.HtmlElement, judged: dict[html.HtmlElement, bool]) -> html.HtmlElement | None:
    """The innermost inline element around the picture, inside a paragraph, that is a card:
    with words of the sentence around it (a paragraph that is all one span, the article's own
    picture and its credit, has no sentence for a card to pop up over)."""
    found = None
    for box in image.iterancestors():
        if box.tag == "p":
            return found if found is not None and _printed_chars(box) > _printed_chars(found) else None
        if box.tag not in _INLINE:
            return None
        if found is None and box.tag == "span":
            if box not in judged:
                judged[box] = _is_card(box)
            if judged[box]:
                found = box
    return None


def _printed_chars(box: html.HtmlElement) -> int:
    """The characters of `box`'s text, blanks left out."""
    return len("".join(box.text_content().split()))


def _is_card(box: html.HtmlElement) -> bool:
    links = box.findall(".//a[@href]")
    if not CARD_LINKS <= len(links) <= CARD_LINKS_MAX or any(
        d.tag not in _INLINE and d.tag != "img" for d in box.iterdescendants(etree.Element)
    ):
        return False
    size = _printed_chars(box)
    linked = sum(_printed_chars(link) for link in links)
    return bool(size) and linked >= _LINKED * size
