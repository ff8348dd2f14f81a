"""Finding a query in text: case-insensitive and width-insensitive (the reading pane's search,
and the marks in the library's search results).

Matching runs on the blocks' plain text, not on laid-out lines, so a phrase the layout broke
across two lines is still found. Each character is folded on its own (NFKC, then casefold):
full-width Latin letters match ASCII ones, half-width katakana match full-width ones, "ß"
matches "ss". A map from folded positions back to the text keeps offsets exact.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reader.model import Block


@dataclass(frozen=True, slots=True)
class Match:
    """Where a search found its text: positions in the article's blocks, so the view can scroll there."""

    block: int
    start: int
    """Character offset in the block's text where the match begins."""
    end: int


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of the character it came from."""
    if text.isascii():
        return text.lower(), []
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def fold_query(query: str) -> str:
    return "".join(_fold_char(char) for char in query)


def find_in_text(text: str, query: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) character ranges of `query` in `text`."""
    needle = fold_query(query)
    if not needle.strip():
        return []
    haystack, origin = fold(text)
    found: list[tuple[int, int]] = []
    at = haystack.find(needle)
    while at >= 0:
        last = at + len(needle) - 1
        if origin:
            found.append((origin[at], origin[last] + 1))
        else:
            found.append((at, last + 1))
        at = haystack.find(needle, at + len(needle))
    return found


def find_in_blocks(blocks: Sequence[Block], query: str, first: int = 0) -> list[Match]:
    """Every match of `query` in the blocks, in reading order; `first` is the number of the
    first block (a long article is searched a slice at a time)."""
    if not fold_query(query).strip():
        return []
    return [
        Match(number, start, end)
        for number, block in enumerate(blocks, first)
        for start, end in find_in_text(block.text, query)
    ]
