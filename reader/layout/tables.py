"""Tables at a width: the column widths a table's rows need, and the blocks of one table.

A table's column widths are worked out over all its rows: natural widths when they fit the
room, else the wide columns shrunk, else none (the table is drawn as records, `header: value`).
A long table is several blocks (`reader.convert.markdown_limits.TABLE_PART_ROWS` rows each,
each later one `continues` the one before), all drawn with the widths of the whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from reader.chars import cell_len, is_cjk
from reader.model import Block, BlockKind, Cell

MIN_TABLE_COLUMN = 3
MAX_MIN_TABLE_COLUMN = 12


class TableShape(NamedTuple):
    rows: list[list[Cell]]
    """The whole table's rows, each as wide as the widest."""
    widths: list[int] | None
    """Its column widths; None: too wide, drawn as records."""


def blocks_of_table(blocks: list[Block], index: int) -> tuple[list[Block], int]:
    """The blocks of the table block `index` is part of, and which of them it is."""
    first = index
    while first > 0 and blocks[first].continues and blocks[first - 1].kind is BlockKind.TABLE:
        first -= 1
    end = index + 1
    while end < len(blocks) and blocks[end].continues and blocks[end].kind is BlockKind.TABLE:
        end += 1
    return blocks[first:end], index - first


def parts_to_relay(blocks: list[Block], block: int, widths: Callable[[Sequence[Block]], list[int] | None]) -> range:
    """The blocks to lay out again when `block` continues a table that has blocks before it:
    the last of those (it drew the table's bottom border), or all of them when the new rows
    change the column widths (`widths` of some of a table's blocks)."""
    if not (block > 0 and blocks[block].kind is BlockKind.TABLE and blocks[block].continues):
        return range(0)
    parts, which = blocks_of_table(blocks, block - 1)
    before = parts[: which + 1]
    return range(block - len(before), block) if widths(before) != widths(parts) else range(block - 1, block)


def row_starts(block: Block) -> list[int]:
    """Where each row of a table block begins in its text (`Block.text`: rows joined by line
    breaks, cells by ` | `): a table's lines start there, so that a reading position, a bookmark
    or a search match inside a table stands at its row, not at the top of the block."""
    starts, offset = [], 0
    for row in block.rows:
        starts.append(offset)
        offset += len(" | ".join(cell.text for cell in row)) + 1
    return starts


def aligned(fill: int, align: str) -> tuple[int, int]:
    """Spaces before and after a cell's text, by its column's alignment."""
    if align == "right":
        return fill, 0
    if align == "center":
        return fill // 2, fill - fill // 2
    return 0, fill


def column_widths(rows: list[list[Cell]], columns: int, room: int) -> list[int] | None:
    """Natural widths when they fit, else shrink the wide columns; None when nothing fits."""
    available = room - 3 * columns - 1
    natural = [max(MIN_TABLE_COLUMN, *(cell_len(row[c].text) for row in rows)) for c in range(columns)]
    if sum(natural) <= available:
        return natural
    minimum = [
        min(natural[c], max(MIN_TABLE_COLUMN, min(MAX_MIN_TABLE_COLUMN, _longest_word(rows, c))))
        for c in range(columns)
    ]
    spare = available - sum(minimum)
    if spare < 0:
        return None
    want = [natural[c] - minimum[c] for c in range(columns)]
    total_want = sum(want) or 1
    widths = [minimum[c] + want[c] * spare // total_want for c in range(columns)]
    leftover = available - sum(widths)
    for c in sorted(range(columns), key=lambda c: -want[c])[: max(0, leftover)]:
        widths[c] += 1
    return widths


def _longest_word(rows: list[list[Cell]], column: int) -> int:
    longest = 0
    for row in rows:
        for word in row[column].text.split():
            # CJK breaks anywhere: a "word" of it needs no more than two characters' room.
            longest = max(longest, 4 if any(is_cjk(char) for char in word) else cell_len(word))
    return longest
