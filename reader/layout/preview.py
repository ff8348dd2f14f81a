"""The first lines of a huge block, painted from the start of its text alone.

A paragraph of megabytes (a 2 MB word) takes a third of a second to break into lines, and the
first screen would wait for all of it; the screen shows a few dozen. So the view's first
settling paints only a prefix of such a block, long enough for the lines asked for and a
margin, and keeps the lines that the rest of the text cannot change; the whole block is laid
out later, when the layout settles its estimated blocks one by one (`Layout.settle_next`).

Breaking is first fit: a line depends on the text from its start to where the line is full,
plus a few characters around that edge (the break rules look at neighbours). A line that ends
more than two lines' worth of cells before the prefix's end, with no run of spaces reaching
that end (the edge skips spaces), comes out the same from the prefix as from the whole text.
"""

from __future__ import annotations

from dataclasses import replace

from reader.chars import cell_len
from reader.layout.flow import Line
from reader.layout.paint import Painter
from reader.model import Block, BlockKind, Span

HUGE_BLOCK = 50_000
"""Characters from which a block's first lines are painted apart."""
_FLOWING = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST})
_LOOKAHEAD = 16
"""Characters past a line's edge that its break may depend on, with room to spare."""


def first_lines(painter: Painter, block: Block, index: int, rows: int, separator: list[Line]) -> list[Line] | None:
    """`separator` and at least the first `rows` lines under it of `block` (index `index`),
    exactly as painting the whole block makes them; None when the block is not huge, or the
    rows asked for are a good part of it (the whole is painted then)."""
    if not is_huge(block):
        return None
    rows -= len(separator)
    text = block.text
    width = painter.width
    size = (max(rows, 1) + 4) * width * 2 + 2 * width + 64
    if size * 4 > len(text):
        return None
    cut = size - 2 * width - 64  # lines ending up to here are kept
    tail = text[cut:size]
    if cell_len(tail) < width + _LOOKAHEAD or not tail[-_LOOKAHEAD:].strip():
        return None
    lines = painter.block(replace(block, spans=_clipped(block.spans, size)), index)
    kept = [line for line in lines if line.end <= cut]
    return separator + kept if len(kept) >= rows else None


def is_huge(block: Block) -> bool:
    """Whether a block is one whose first lines are painted apart: asked of every estimated
    block the view settles, before its text is joined (a table's text is every cell's), and
    by a view about to lay out a short article whole at once (a huge block would hold it)."""
    return block.kind in _FLOWING and sum(len(span.text) for span in block.spans) >= HUGE_BLOCK


def _clipped(spans: tuple[Span, ...], size: int) -> tuple[Span, ...]:
    """The spans of the first `size` characters."""
    clipped: list[Span] = []
    for span in spans:
        if len(span.text) >= size:
            clipped.append(replace(span, text=span.text[:size]))
            break
        clipped.append(span)
        size -= len(span.text)
    return tuple(clipped)
