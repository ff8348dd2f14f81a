"""The byline a page writes in its markup: the element marked as the author's name."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from reader.convert.clean.junk import in_junk_box
from reader.convert.dates import is_date_only
from reader.convert.extraction.small_print import is_date_line

_BYLINE_WORDS = frozenset({"byline", "author", "authors", "authorname", "writtenby", "dateline"})
_BYLINE_HINT = re.compile(r"author|byline|writtenby|dateline", re.I)
"""A quick test before `_BYLINE_WORDS` checks whole words."""
_PICTURE_WORDS = frozenset({"image", "img", "photo", "foto", "picture", "caption", "credit", "credits"})
"""Beside "author" in a class, they name a picture's author ("article__image-author"), not the byline."""
BYLINE_MAX = 100
"""Characters of a byline: a longer element marked so holds more than the name."""


def byline_in_markup(document: HtmlElement) -> str:
    """A short element marked as the author: `rel=author` or `itemprop=author` first, then a
    class or id naming a byline; not one that holds only a date, nor a donate box."""
    body = document.find("body")
    if body is None:
        return ""
    for element in byline_elements(body):
        name_node = element.find(".//*[@itemprop='name']")
        text = " ".join((name_node if name_node is not None else element).text_content().split())
        if len(text) < BYLINE_MAX:
            text = _without_date_lines(element, text)
        if 0 < len(text) < BYLINE_MAX and not is_date_only(text) and not in_junk_box(element, text):
            return text
    return ""


def _without_date_lines(element: HtmlElement, text: str) -> str:
    """The byline's text without the lines inside it that are only its date ("Published 11:11
    PM EST Nov 19, 2019" under the name in a "byline" box): the header shows the date apart."""
    for part in element.iterdescendants(etree.Element):
        said = " ".join(part.text_content().split())
        if said and said != text and is_date_line(said):
            text = " ".join(text.replace(said, " ").split())
    return text


_MARKABLE = etree.XPath("descendant-or-self::*[@rel or @itemprop or @class or @id]")
"""The elements that can mark a byline, found in C: a table of 80,000 bare cells asked each in
Python whether it had attributes took a tenth of a second."""


def byline_elements(root: HtmlElement) -> list[HtmlElement]:
    """Elements that mark their content as the author's name, most explicit first (one walk
    over the tree: an XPath per marker took 50 ms on a long Wikipedia page)."""
    marked: list[HtmlElement] = []
    hinted: list[HtmlElement] = []
    for element in _MARKABLE(root):
        attributes = element.attrib
        if attributes.get("rel") == "author" or "author" in (attributes.get("itemprop") or "").split():
            marked.append(element)
        names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
        said = set(re.split(r"[\s_-]+", names.lower())) if _BYLINE_HINT.search(names) else set()
        if said & _BYLINE_WORDS and not said & _PICTURE_WORDS:
            hinted.append(element)
    return [*marked, *hinted]
