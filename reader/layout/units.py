"""What each unit of the layout shows: the line before a block, then the block painted.

The geometry (`reader.layout.lines`) keeps where units start and which are painted; this
module says what a unit's lines are. It is asked once for every block of an article (tens of
thousands in a long one), so its path is short: one call for the separator, one for the
block, no lookup made twice.
"""

from __future__ import annotations

from reader.layout.flow import Line
from reader.layout.paint import Painter
from reader.layout.tables import blocks_of_table
from reader.layout.title import TitleHeading
from reader.model import Article, BlockKind

ASK = -2
"""A title block not worked out yet (`Units.title_block` gives a block index or None)."""
_TABLE = BlockKind.TABLE
"""A global, not the enum's attribute, asked for every block (see `reader.model._CODE`)."""


class Units:
    """The lines of unit `i + 1`, which shows block `i` of `article` (unit 0, the header, is
    the layout's own: its reading time is the layout's count)."""

    def __init__(self, article: Article, painter: Painter) -> None:
        self.article = article
        self.painter = painter
        self._title = TitleHeading()

    def title_block(self) -> int | None:
        """The first heading when it says the title (see `TitleHeading`): it takes no lines."""
        return self._title.index(self.article)

    def separator(self, unit: int, title: int | None = ASK) -> list[Line]:
        """The unit's separator lines; `title` is `title_block()` when the caller has it."""
        index = unit - 1
        if index == (self.title_block() if title == ASK else title):
            return []
        blocks = self.article.blocks
        return self.painter.separator(blocks[index - 1] if index else None, blocks[index], index)

    def lines(self, unit: int, separator: list[Line] | None = None, title: int | None = ASK) -> list[Line]:
        """The unit's lines, its separator's first; `separator` and `title` (`title_block()`)
        when the caller has them already (asked twice for each block, the title was a
        twentieth of a dump's layout)."""
        index = unit - 1
        if title == ASK:
            title = self.title_block()
        if index == title:
            return []
        if separator is None:
            separator = self.separator(unit, title)
        blocks = self.article.blocks
        block = blocks[index]
        if block.kind is _TABLE:
            parts, which = blocks_of_table(blocks, index)
            painted = self.painter.table_part(parts, which, index)
        else:
            painted = self.painter.block(block, index)
        return separator + painted if separator else painted
