"""About how many lines a block takes at a width, without breaking it into lines.

A long article reopened far down is laid out from the place the reader stopped: the blocks
above it get these estimates, so that its first frame shows that place without breaking
thousands of blocks into lines first; the exact layout follows in the background and takes
its place (the reading position, not the line, is kept).
"""

from __future__ import annotations

import re
from functools import cache

from reader.layout.flow import Line
from reader.model import Block, BlockKind

_DECORATION = 2
"""Cells a level of quote or list takes before the text."""
_WIDE_RUNS = (
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U0001f300-\U0001f64f\U0001f900-\U0001f9ff"
    "\U00020000-\U0003fffd]+"
)
"""Runs of the characters a terminal shows two cells wide (East Asian wide and full-width
forms, most emoji)."""


@cache
def _wide() -> re.Pattern[str]:
    """`_WIDE_RUNS` compiled when a text first needs it: its ranges take 3 ms to compile, a
    cost at start-up that an article in ASCII (the bundled guide) never needs to pay."""
    return re.compile(_WIDE_RUNS)


def cells(text: str) -> int:
    """About the cells `text` takes: a character each, two for a wide one. Measuring each
    character exactly (`cell_len`) cost most of a long Chinese article's estimates (0.4 s in
    one part of a 2.5 MB page, while keys waited); zero-width characters count one here,
    which an estimate can afford."""
    if text.isascii():
        return len(text)
    return len(text) + sum(map(len, _wide().findall(text)))


def estimated_lines(block: Block, width: int, text: str | None = None) -> int:
    """Lines of the block's own content (its separator is counted apart): its cells over the
    room left by its decoration, a heading's rule, a table's rows between its borders.
    `text`: the block's text, when the caller has it already."""
    return lines_of_cells(block, width, block_cells(block, text))


_NO_CELLS = (BlockKind.RULE, BlockKind.IMAGE, BlockKind.TABLE)


def block_cells(block: Block, text: str | None = None) -> int:
    """What `estimated_lines` measures of a block, whatever the width: the cells of its text
    (0 where the count does not depend on it). Kept by a layout, so that one at another width
    divides again instead of measuring the text again (`lines.WidthFree`)."""
    if block.kind in _NO_CELLS:
        return 0
    return cells(block.text if text is None else text)


def lines_of_cells(block: Block, width: int, measured: int) -> int:
    """`estimated_lines` of a block whose cells (`block_cells`) are `measured` already."""
    if block.kind in (BlockKind.RULE, BlockKind.IMAGE):
        return 1
    if block.kind is BlockKind.TABLE:
        return 2 + 2 * len(block.rows)
    room = max(8, width - _DECORATION * (block.quote_depth + block.list_depth))
    lines = max(1, -(-measured // room))
    if block.kind is BlockKind.HEADING and block.level <= 2:
        lines += 1  # the rule under it
    return lines


def fit_to_estimate(lines: list[Line], rows: int, block: int) -> list[Line]:
    """A block's lines in the rows its estimate gave it: cut short, or padded with blanks."""
    if len(lines) >= rows:
        return lines[:rows]
    end = lines[-1].end if lines else 0
    return lines + [Line((), block, end, end)] * (rows - len(lines))
