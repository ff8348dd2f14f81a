"""Small print both extractors keep: lines about the article or its pictures, not of it.

Inside the article's own box, around its text, pages set short lines that read like text to
both extractors and that no reader of the article wants twice:

- a picture's credit ("Photo: Jane Doe/AP", "(Image: GETTY)", "Bild: Agentur", "© Studio",
  "Getty Images", "Courtesy of Jane Doe"),
  under the picture, right above it (a caption set before the picture) or in its caption;
- the page's estimate of the reading time ("Reading time: 4 minutes"), which the reader's own
  header already gives;
- label lines of the page's filing ("Filed under: Politics", "Category: Press releases",
  "Last modified: 03-10-2004");
- a line that is only the date (and time) of publication, above or below the article's text,
  which the header already shows.

Each is judged by what it says (a few words in the languages of the corpus) and by being
short, never by the site; a date line only at the article's edges, as a live blog's times
inside the article are its own.
"""

from __future__ import annotations

import re

from reader.convert.extraction.blocks import Block
from reader.convert.extraction.furniture import CAPTION_BLOCKS, is_caption
from reader.convert.extraction.votes import words

_CREDIT_LABEL = r"(?:photos?|fotos?|bild|image|picture|credits?|crédits?)\s*:"
"""The label of a picture's credit ("Photo:", "Bild:", "Credit:")."""
_CREDIT_WORDS = (
    r"getty\s+images|shutterstock|istock(?:photo)?|unsplash|courtesy\s+of|public\s+domain|domena\s+publiczna"
)
"""Words only a picture's credit says: the stock agencies', a loan's, a licence's."""
CREDIT = re.compile(rf"\b{_CREDIT_LABEL}|\b(?:{_CREDIT_WORDS})\b|©", re.I)
"""A picture's credit: a label and a colon, a credit's own words, or the copyright sign."""
_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME = rf"[{_UPPER}][\w.'’-]*"
_BY = rf"(?:{_NAME}\s+)*{_NAME}\s*/\s*[{_UPPER}]"
"""A photographer's name, a slash and the agency's capital."""
AGENCY_CREDIT = re.compile(rf"\(\s*{_BY}[^()/]{{0,40}}\)|^{_BY}[\w .'’-]{{0,40}}$")
"""A picture's credit as news agencies write it, the photographer and the agency: "(AP
Photo/Gene Puskar)" closing a caption, or a line that is only "Jason Cipriani/ZDNet"."""
CREDIT_MAX = 300
"""Characters of a caption that may go for its credit: a longer one is the article's."""
READING_TIME = re.compile(
    r"\b(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tempo de leitura|tiempo de lectura)\b"
    r"|\b\d+\s*(?:min|mins|minutes?)\.?\s+(?:read|reading)\b",
    re.I,
)
FILING = re.compile(
    r"\b(?:filed under|posted in|categor(?:y|ies)|kategorien?|catégories?|categorias?|tags|schlagwörter"
    r"|news date|last modified|last updated)\s*:",
    re.I,
)
"""A label of the page's filing, followed by its value."""
LINE_MAX = 120
"""Characters of a line of small print: a longer block holds more than its label."""
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_NUMBER = re.compile(r"\d+")
DATE_WORDS = 6
"""Words besides numbers in a date line ("sexta-feira, 22 de outubro de 2010 às 20:13")."""
PARAGRAPH_MIN = 150
"""Characters of a paragraph of the article's running text; the edges lie beyond the first
and the last one."""


def small_print(chosen: list[Block]) -> set[int]:
    """The chosen blocks that are small print about the article or its pictures."""
    found = {block.index for block in chosen if _is_label_line(block)}
    found |= _credits(chosen)
    found |= _date_lines(chosen)
    return found


def _is_label_line(block: Block) -> bool:
    if block.is_image or block.is_heading or block.tag == "pre" or len(block.text) > LINE_MAX:
        return False
    return bool(READING_TIME.search(block.text) or FILING.search(block.text))


def _credits(chosen: list[Block]) -> set[int]:
    """Captions and lines by a picture that give its credit: under it, or right above it (a
    page may set the caption before the picture in its markup)."""
    found: set[int] = set()
    since_image = CAPTION_BLOCKS
    for position, block in enumerate(chosen):
        if block.is_image:
            since_image = 0
            continue
        since_image += 1
        above = position + 1 < len(chosen) and chosen[position + 1].is_image
        near = above or since_image <= CAPTION_BLOCKS or is_caption(block.element)
        if not near or block.is_heading or len(block.text) > CREDIT_MAX:
            continue
        if CREDIT.search(block.text) or AGENCY_CREDIT.search(block.text):
            found.add(block.index)
    return found


def _date_lines(chosen: list[Block]) -> set[int]:
    """Lines that are only a date, before the article's first paragraph or after its last."""
    written = [block for block in chosen if not block.is_image and not block.is_heading]
    long = [position for position, block in enumerate(written) if block.size >= PARAGRAPH_MIN]
    if not long:
        return set()
    edges = written[: long[0]] + written[long[-1] + 1 :]
    return {block.index for block in edges if is_date_line(block.text)}


def is_date_line(text: str) -> bool:
    """Whether the text is a date, perhaps with a weekday and a time, and nothing more."""
    if len(text) > LINE_MAX or not _YEAR.search(text) or len(_NUMBER.findall(text)) < 2:
        return False
    return len([word for word in words(text) if not word.isdigit()]) <= DATE_WORDS
