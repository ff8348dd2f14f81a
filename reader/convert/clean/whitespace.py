"""Whitespace as a browser renders it, which html2text does not do.

A browser joins `中文\n中文` into `中文中文` (CSS Text's segment-break rule); html2text writes
`中文 中文`, a visible error in Chinese and Japanese. No-break and ideographic spaces are
layout tricks in feeds, which html2text would keep as wide blanks at a paragraph's start.
"""

from __future__ import annotations

import re

from lxml import html

from reader.chars import is_wide
from reader.convert.clean.dom import all_text, text_slots

_SEGMENT_BREAK = re.compile(r"[ \t]*\n[\s]*")
_FIRST_WIDE = "\u1100"
"""No character below this one takes two cells (Hangul Jamo are the first that do)."""
_ODD_SPACE = re.compile("[\xa0\u3000\u200b\u00ad\u2060\ufeff]")
_PLAIN = str.maketrans({"\xa0": " ", "\u3000": " ", "\u200b": None, "\u00ad": None, "\u2060": None, "\ufeff": None})
"""Odd spaces made plain, and the invisible characters gone: zero-width spaces, soft hyphens
(`&shy;`, in every long German word of some sites), word joiners and zero-width no-break
spaces. A terminal shows a soft hyphen as a hyphen, or not, and counts its cell, or not; the
others as a blank cell in some terminals. Left in, `Bundes­regierung` was two words to search
and to compare, and `Fernwärme` was not found in `Fern­wärme`."""


def normalize_whitespace(root: html.HtmlElement) -> None:
    """Odd spaces made plain (`normalize_spaces`), then segment breaks applied
    (`apply_segment_breaks`), each walk only when the text, read once in C, asks for it: a
    page of short paragraphs spent a tenth of its clean pass in walks with nothing to do.
    The text read before the spaces are made plain serves both: making them plain adds no
    newline and no wide character."""
    text = all_text(root)
    if _ODD_SPACE.search(text):
        normalize_spaces(root)
    if "\n" in text and not text.isascii() and max(text) >= _FIRST_WIDE:
        apply_segment_breaks(root)


def apply_segment_breaks(root: html.HtmlElement) -> None:
    """CSS Text segment-break rule: a newline between two wide CJK characters vanishes.

    Text is walked in document order so a newline next to an inline element's edge is seen
    with the character on the other side.
    """
    slots = list(text_slots(root))
    texts = [getattr(node, attr) or "" for node, attr in slots]
    for index, text in enumerate(texts):
        if "\n" not in text:
            continue
        new = _join_segment_breaks(text, _neighbour(texts, index, -1), _neighbour(texts, index, +1))
        if new != text:
            texts[index] = new
            node, attr = slots[index]
            setattr(node, attr, new)


def _join_segment_breaks(text: str, before: str, after: str) -> str:
    """`text` with the segment breaks between two joining characters removed; `before` and
    `after` are the characters next to the text in document order."""

    def replace(match: re.Match[str]) -> str:
        left = text[match.start() - 1] if match.start() > 0 else before
        right = text[match.end()] if match.end() < len(text) else after
        if left and right and _segment_joins(left) and _segment_joins(right):
            return ""
        return match.group(0)

    return _SEGMENT_BREAK.sub(replace, text)


def _segment_joins(char: str) -> bool:
    """Wide characters other than Hangul, whose words are spaced, join across a newline."""
    return is_wide(char) and not ("\uac00" <= char <= "\ud7af" or "\u1100" <= char <= "\u11ff")


def _neighbour(texts: list[str], index: int, step: int) -> str:
    position = index + step
    while 0 <= position < len(texts):
        text = texts[position].strip()
        if text:
            return text[-1] if step < 0 else text[0]
        position += step
    return ""


def normalize_spaces(root: html.HtmlElement) -> None:
    """No-break and ideographic spaces become spaces outside code, invisible characters go (`_PLAIN`)."""
    for node, attr in text_slots(root):
        text = getattr(node, attr)
        if text and _ODD_SPACE.search(text):
            setattr(node, attr, text.translate(_PLAIN))
