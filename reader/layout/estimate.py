"""About how many lines a block takes at a width, without breaking it into lines.

A long article reopened far down is laid out from the place the reader stopped: the blocks
above it get these estimates, so that its first frame shows that place without breaking
thousands of blocks into lines first; the exact layout follows in the background and takes
its place (the reading position, not the line, is kept).
"""

from __future__ import annotations

from reader.chars import cell_len
from reader.model import Block, BlockKind

_DECORATION = 2
"""Cells a level of quote or list takes before the text."""


def estimated_lines(block: Block, width: int, text: str | None = None) -> int:
    """Lines of the block's own content (its separator is counted apart): its cells over the
    room left by its decoration, a heading's rule, a table's rows between its borders.
    `text`: the block's text, when the caller has it already."""
    if block.kind in (BlockKind.RULE, BlockKind.IMAGE):
        return 1
    if block.kind is BlockKind.TABLE:
        return 2 + 2 * len(block.rows)
    room = max(8, width - _DECORATION * (block.quote_depth + block.list_depth))
    lines = max(1, -(-cell_len(block.text if text is None else text) // room))
    if block.kind is BlockKind.HEADING and block.level <= 2:
        lines += 1  # the rule under it
    return lines
