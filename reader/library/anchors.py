"""Anchors: a place or a passage in an article's text, found again after the text changed.

A block index and a character offset are exact while the article stays as it was, but a
converter change shifts block indices and a page fetched again may gain a paragraph or lose a
sentence. So an anchor also keeps what the text said there: the quote, about `CONTEXT` characters
before and after it, and a digest of the whole text (the blocks' text joined as the JSON dump
gives it, `Article.text`). Finding it again (`locate`) tries, in order: the digest (the text is
the same: nothing to do), the offset (the quote is still where it was), the quote with its
context (the best of its exact occurrences), then the quote approximately (an edited sentence).
The answer says whether the passage is where it was, moved, or lost; a lost anchor is kept as it
was, never dropped, so it can be found again or shown as lost.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from reader.model import Article, Position

CONTEXT = 32
"""Characters of text kept before and after a quote."""
POSITION_QUOTE = 32
"""Characters of text a reading position keeps from where it is."""
SEPARATOR = "\n\n"
"""What joins the blocks' text (`Article.text`, the JSON dump)."""
FUZZY_SCORE = 80.0
"""The least similarity (0 to 100) of an edited passage to its old quote to count as found."""
SHORT_QUOTE = 12
"""Quotes shorter than this occur by chance: an exact occurrence of one counts only where part of
its context agrees."""
MAX_OCCURRENCES = 2000


class Placement(StrEnum):
    """Where `locate` found an anchor."""

    SAME = "ok"
    """Where it was."""
    MOVED = "moved"
    """Elsewhere in the text, or in an edited form."""
    LOST = "lost"
    """Not in the text any more (the anchor is kept as it was)."""


@dataclass(frozen=True, slots=True)
class Quote:
    """What the text said at a place, and the text it was in: what finds the place again."""

    text: str = ""
    before: str = ""
    """Up to `CONTEXT` characters of text right before the quote."""
    after: str = ""
    """Up to `CONTEXT` characters of text right after the quote."""
    digest: str = ""
    """`text_digest` of the whole article text the quote was taken from."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """A passage from `start` to `end` (the end excluded), with what it said."""

    start: Position
    end: Position
    quote: Quote


@dataclass(frozen=True, slots=True)
class Found:
    """What `locate` made of an anchor in the current text: where it is now, or that it is lost."""

    anchor: Anchor
    """The anchor at its place in the current text (as it was, when lost)."""
    placement: Placement


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TextMap:
    """An article's text as one string, with the maps between (block, offset) positions and
    offsets in that string. Build it once per article (it joins and hashes the whole text)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.starts: list[int] = []
        at = 0
        for text in self.texts:
            self.starts.append(at)
            at += len(text) + len(SEPARATOR)
        self.text = SEPARATOR.join(self.texts)

    @classmethod
    def of(cls, article: Article) -> TextMap:
        return cls([block.text for block in article.blocks])

    @cached_property
    def digest(self) -> str:
        return text_digest(self.text)

    def offset_of(self, position: Position) -> int:
        """The offset in `text` of a position (the title, or a block past the end, clamped)."""
        if position.block < 0 or not self.texts:
            return 0
        if position.block >= len(self.texts):
            return len(self.text)
        return self.starts[position.block] + min(max(position.offset, 0), len(self.texts[position.block]))

    def position_of(self, offset: int) -> Position:
        """The position of an offset in `text`; one between two blocks is the next block's start."""
        if not self.texts:
            return Position()
        block = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        inside = offset - self.starts[block]
        if inside > len(self.texts[block]) and block + 1 < len(self.texts):
            return Position(block + 1, 0)
        return Position(block, min(inside, len(self.texts[block])))

    def anchor(self, start: Position, end: Position) -> Anchor:
        """The anchor of the passage from `start` to `end` as the text is now."""
        first, last = sorted((self.offset_of(start), self.offset_of(end)))
        return self.anchor_between(first, last)

    def anchor_at(self, position: Position, length: int = POSITION_QUOTE) -> Anchor:
        """The anchor of a reading position: the text from there to the end of its block, at
        most `length` characters."""
        first = self.offset_of(position)
        block = min(max(position.block, 0), len(self.texts) - 1) if self.texts else 0
        block_end = self.starts[block] + len(self.texts[block]) if self.texts else 0
        return self.anchor_between(first, max(first, min(first + length, block_end)))

    def anchor_between(self, first: int, last: int) -> Anchor:
        text = self.text
        quote = Quote(
            text=text[first:last],
            before=text[max(first - CONTEXT, 0) : first],
            after=text[last : last + CONTEXT],
            digest=self.digest,
        )
        return Anchor(self.position_of(first), self.position_of(last), quote)


def locate(anchor: Anchor, text_map: TextMap) -> Found:
    """Find an anchor in the text as it is now: by digest, offset, quote with context, or
    approximately; lost when none of them finds it."""
    quote = anchor.quote
    if quote.digest and quote.digest == text_map.digest:
        return Found(anchor, Placement.SAME)
    wanted = quote.text
    if not wanted:
        return Found(anchor, Placement.SAME if anchor.start.block < len(text_map.texts) else Placement.LOST)
    text = text_map.text
    at = text_map.offset_of(anchor.start) if anchor.start.block < len(text_map.texts) else -1
    if at >= 0 and text.startswith(wanted, at):
        return Found(text_map.anchor_between(at, at + len(wanted)), Placement.SAME)
    found = _best_occurrence(quote, text, at)
    if found is None:
        found = _approximate(quote, text)
    if found is None:
        return Found(anchor, Placement.LOST)
    return Found(text_map.anchor_between(*found), Placement.MOVED)


def _best_occurrence(quote: Quote, text: str, near: int) -> tuple[int, int] | None:
    """The exact occurrence of the quote whose surroundings agree best with its context (the
    nearest to its old place among equals)."""
    wanted = quote.text
    best: tuple[int, int] | None = None
    best_key: tuple[int, int] | None = None
    at = text.find(wanted)
    seen = 0
    while at >= 0 and seen < MAX_OCCURRENCES:
        seen += 1
        end = at + len(wanted)
        agreement = _common_suffix(quote.before, text[max(at - CONTEXT, 0) : at]) + _common_prefix(
            quote.after, text[end : end + CONTEXT]
        )
        key = (agreement, -abs(at - near) if near >= 0 else 0)
        if best_key is None or key > best_key:
            best, best_key = (at, end), key
        at = text.find(wanted, at + 1)
    if best is None or best_key is None:
        return None
    if len(wanted) < SHORT_QUOTE and best_key[0] < min(SHORT_QUOTE, len(quote.before) + len(quote.after)):
        return None
    return best


def _approximate(quote: Quote, text: str) -> tuple[int, int] | None:
    """The passage of the text most like the quote (an edited sentence), if it is alike enough."""
    wanted = quote.text
    if len(wanted) < SHORT_QUOTE or not text:
        return None
    # Imported here: only an edited passage comes this far, and importing rapidfuzz (its
    # compiled modules, chosen for the processor) is 15 ms of the app's start for nothing.
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(wanted, text, score_cutoff=FUZZY_SCORE)
    if alignment is None:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    if end - start < len(wanted) // 2:
        return None
    return start, end


def _common_prefix(left: str, right: str) -> int:
    count = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        count += 1
    return count


def _common_suffix(left: str, right: str) -> int:
    return _common_prefix(left[::-1], right[::-1])
