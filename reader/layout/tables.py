"""Tables at a width: how a table's columns are drawn, and the blocks of one table.

A table's columns are worked out over all its rows. Natural widths when they fit the room,
else the wide columns shrunk: the table in one box. A table too wide for that even shrunk is
drawn the way that takes the fewer lines (about: `_lines_in_groups`, `_lines_as_records`):
in column groups that fit, each with the first column again so that a row can be found in
each (printed tables that run over the page's edge do the same), a group's box under the
other's; or as records, `header: value` per line. Groups suit many rows of short cells
(figures, names), which records would spell out one to a line with their labels again and
again; records suit a few long cells, which narrow columns would fold into many lines.

A long table is several blocks (`reader.convert.markdown_limits.TABLE_PART_ROWS` rows each,
each later one `continues` the one before), all drawn with the columns of the whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from reader.chars import cell_len, is_cjk
from reader.convert.markdown_limits import TABLE_PART_ROWS
from reader.model import Block, BlockKind, Cell

MIN_TABLE_COLUMN = 3
MAX_MIN_TABLE_COLUMN = 12
BAND_ROWS = TABLE_PART_ROWS
"""Rows of a table in column groups drawn together: each group's box holds a band of rows,
under its header row, and the next band follows. Rows stay near their other columns (not a
whole long table away), and a band is a block of the table, so that the table drawn from its
blocks is the table drawn whole."""


class ColumnGroup(NamedTuple):
    """Columns of a table drawn in one box."""

    columns: tuple[int, ...]
    widths: tuple[int, ...]


class TableShape(NamedTuple):
    rows: list[list[Cell]]
    """The whole table's rows, each as wide as the widest."""
    groups: tuple[ColumnGroup, ...]
    """How its columns are drawn: one group, all of them in one box; several, a box each, a
    band of rows at a time (`BAND_ROWS`); none, as records."""


def is_header(row: Sequence[Cell]) -> bool:
    """Whether a row is a header row: header cells, and nothing else but empty ones."""
    return all(cell.header for cell in row if cell.spans) and any(cell.header for cell in row)


def table_groups(rows: list[list[Cell]], room: int) -> tuple[ColumnGroup, ...]:
    """How a table's columns are drawn in `room` cells (see `TableShape.groups`)."""
    columns = len(rows[0]) if rows else 0
    lengths = [[cell_len(cell.text) for cell in row] for row in rows]
    natural = [max(MIN_TABLE_COLUMN, *(lengths_of[c] for lengths_of in lengths)) for c in range(columns)]
    minimum = [
        min(natural[c], max(MIN_TABLE_COLUMN, min(MAX_MIN_TABLE_COLUMN, _longest_word(rows, c))))
        for c in range(columns)
    ]
    everything = tuple(range(columns))
    widths = _fit(natural, minimum, room)
    if widths is not None:
        return (ColumnGroup(everything, widths),)
    header = bool(rows) and is_header(rows[0])
    packings: list[list[tuple[int, ...]]] = []
    for measure in (natural, minimum):  # groups that need no folding; the fewest groups
        packed = _pack(measure, minimum, room)
        if packed and packed not in packings:
            packings.append(packed)
    choices = [
        tuple(
            ColumnGroup(group, _fit([natural[c] for c in group], [minimum[c] for c in group], room) or ())
            for group in packed
        )
        for packed in packings
    ]
    best = min(choices, key=lambda groups: _lines_in_groups(lengths, groups, header), default=())
    if best and _lines_in_groups(lengths, best, header) < _lines_as_records(lengths, header, room):
        return best
    return ()


def _fit(natural: list[int], minimum: list[int], room: int) -> tuple[int, ...] | None:
    """Natural widths when they fit, else the wide columns shrunk; None when nothing fits."""
    columns = len(natural)
    available = room - 3 * columns - 1
    if sum(natural) <= available:
        return tuple(natural)
    spare = available - sum(minimum)
    if spare < 0:
        return None
    want = [natural[c] - minimum[c] for c in range(columns)]
    total_want = sum(want) or 1
    widths = [minimum[c] + want[c] * spare // total_want for c in range(columns)]
    leftover = available - sum(widths)
    for c in sorted(range(columns), key=lambda c: -want[c])[: max(0, leftover)]:
        widths[c] += 1
    return tuple(widths)


def _pack(measure: list[int], minimum: list[int], room: int) -> list[tuple[int, ...]]:
    """The columns in groups, in order, each led by the first column and as many of the next
    ones as fit at the widths of `measure` (a column that fits only alone with the first at its
    `minimum` is a group of its own); none when some column does not fit even so."""
    groups: list[tuple[int, ...]] = []
    current = [0]
    for column in range(1, len(measure)):
        if _needs([*current, column], measure) <= room:
            current.append(column)
            continue
        if len(current) > 1:
            groups.append(tuple(current))
        current = [0, column]
        if _needs(current, minimum) > room:
            return []
    groups.append(tuple(current))
    return groups if len(groups) > 1 else []


def _needs(columns: list[int], widths: list[int]) -> int:
    """Cells a box of these columns takes: their widths, a blank each side, the borders."""
    return sum(widths[c] for c in columns) + 3 * len(columns) + 1


def _lines_in_groups(lengths: list[list[int]], groups: tuple[ColumnGroup, ...], header: bool) -> int:
    """About the lines a table takes in column groups: each row as tall as its tallest cell,
    in each group, and each band's borders and header row."""
    bands = -(-max(0, len(lengths) - header) // BAND_ROWS) or 1
    total = 0
    for group in groups:
        heights = [
            max(1, *(-(-row[c] // width) for c, width in zip(group.columns, group.widths, strict=True)))
            for row in lengths
        ]
        total += sum(heights) + bands * (2 + header) + (bands - 1) * (heights[0] if header else 0)
    return total


def _lines_as_records(lengths: list[list[int]], header: bool, room: int) -> int:
    """About the lines a table takes as records: a line (or more) a field, its label first,
    and a rule between records."""
    labels = lengths[0] if header else [0] * len(lengths[0])
    label_cells = [label + 2 if label else 0 for label in labels]
    records = lengths[1:] if header else lengths
    fields = sum(
        max(1, -(-(label + length) // max(1, room)))
        for row in records
        for label, length in zip(label_cells, row, strict=True)
        if label or length
    )
    return fields + max(0, len(records) - 1)


def blocks_of_table(blocks: list[Block], index: int) -> tuple[list[Block], int]:
    """The blocks of the table block `index` is part of, and which of them it is."""
    first = index
    while first > 0 and blocks[first].continues and blocks[first - 1].kind is BlockKind.TABLE:
        first -= 1
    end = index + 1
    while end < len(blocks) and blocks[end].continues and blocks[end].kind is BlockKind.TABLE:
        end += 1
    return blocks[first:end], index - first


def parts_to_relay(blocks: list[Block], block: int, groups: Callable[[Sequence[Block]], object]) -> range:
    """The blocks to lay out again when `block` continues a table that has blocks before it:
    the last of those (it drew the table's bottom border), or all of them when the new rows
    change how the columns are drawn (`groups` of some of a table's blocks)."""
    if not (block > 0 and blocks[block].kind is BlockKind.TABLE and blocks[block].continues):
        return range(0)
    parts, which = blocks_of_table(blocks, block - 1)
    before = parts[: which + 1]
    return range(block - len(before), block) if groups(before) != groups(parts) else range(block - 1, block)


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


def _longest_word(rows: list[list[Cell]], column: int) -> int:
    longest = 0
    for row in rows:
        for word in row[column].text.split():
            # CJK breaks anywhere: a "word" of it needs no more than two characters' room.
            longest = max(longest, 4 if any(is_cjk(char) for char in word) else cell_len(word))
    return longest
