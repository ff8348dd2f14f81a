"""Article × width × theme → lines, with maps between blocks and lines.

A line is a tuple of Rich `Segment`s (the UI wraps it in a Textual `Strip`); the layout
never makes a widget per block. `Layout` keeps where each block's lines start, and paints
a block's lines (`reader.layout.paint`) when they are asked for, keeping them in a bounded
cache, so a huge article costs its line count, not its painted lines, in memory. A reading
position is (block, character offset), which survives a new width or theme.
"""

from __future__ import annotations

import bisect
import time
from collections import OrderedDict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.chars import cell_len
from reader.layout.estimate import block_cells, fit_to_estimate, lines_of_cells
from reader.layout.flow import Line
from reader.layout.paint import Painter
from reader.layout.preview import first_lines
from reader.layout.reading_time import article_minutes, reading_load_of, reading_minutes
from reader.layout.tables import parts_to_relay
from reader.layout.theme import PLAIN, ThemeSpec
from reader.layout.units import Units
from reader.layout.width_free import WidthFree
from reader.model import HEADER, Article, BlockKind, Position

if TYPE_CHECKING:
    from reader.layout.picture_board import PictureBoard

__all__ = ["Layout", "Line", "WidthFree", "article_minutes"]
"""What the view and the dump take from the layout: the lines, a line, and reading time."""

BLOCK_CACHE = 2048
_CODE = BlockKind.CODE
"""A global, not the enum's attribute, asked for every block (see `reader.model._CODE`)."""


class Layout:
    """The lines of an article at one width.

    Call `update()` after blocks were appended to the article (progressive loading); it lays
    out only the new ones. Unit 0 is the header; unit `i + 1` is block `i`.

    `estimate_before`: the blocks before this one get estimated heights (`estimated_lines`), fitted
    into when drawn, so that a place far down shows at once; an exact layout is to replace this one.

    `lazy`: every block gets an estimated height when it is added, and is laid out only when `settle`
    is asked for the lines that show it (the view asks for those on screen), fitted into its estimate
    until then: a long article costs the lines seen, not every block; a huge block, its first lines.

    `pictures`: what image blocks show (`PictureBoard`); `repaint_block` paints one whose picture came.

    `width_free`: what another layout of the same article counted (`width_free()`), taken over.
    """

    def __init__(
        self,
        article: Article,
        width: int,
        theme: ThemeSpec = PLAIN,
        *,
        estimate_before: int = 0,
        keep: int = BLOCK_CACHE,
        pictures: PictureBoard | None = None,
        lazy: bool = False,
        width_free: WidthFree | None = None,
    ) -> None:
        """`keep`: units whose lines stay cached (the dump, reading every line once, keeps them all)."""
        self.article = article
        self.width = max(8, width)
        self.theme = theme
        self.estimate_before = estimate_before
        self.lazy = lazy
        self._estimated: set[int] = set()
        """Units (of a lazy layout) whose height is an estimate, not laid out yet."""
        self._next_estimated = 0
        """No unit before this one is estimated (where `settle_next` looks first)."""
        self._keep = keep
        self.pictures = pictures
        self._painter = Painter(self.width, theme, pictures)
        self._units = Units(article, self._painter)
        self._starts: list[int] = []
        """First line (separators included) of each unit."""
        self._leads: list[int] = []
        """Separator lines at the top of each unit."""
        self._total = 0
        self._cache: OrderedDict[int, list[Line]] = OrderedDict()
        self._cells: list[int] = []  # `block_cells` of each block (-1: not measured), for `width_free`
        self._cjk_chars = 0
        self._words = 0
        self._known = width_free  # taken over by the first `update`, then let go
        self.update()

    # building
    def update(self) -> bool:
        """Lay out blocks the article gained since the last call; whether lines laid out before
        changed (the parts of a table that went on, see `_table_went_on`)."""
        if not self._starts:
            self._starts.append(0)
            self._leads.append(0)
            self._remember(0, [])  # the header, painted below with the reading time
        first_new = len(self._starts)
        title = self._units.title_block()  # the blocks do not change while they are laid out
        blocks = self.article.blocks
        for unit in range(first_new, len(blocks) + 1):
            self._append_unit(unit, title)
        counted = first_new - 1
        known, self._known = self._known, None
        if known is not None:
            counted = len(known.cells)
            self._cjk_chars += known.cjk
            self._words += known.words
        cjk, words = reading_load_of([block.text for block in blocks[counted:]])
        self._cjk_chars += cjk
        self._words += words
        changed = first_new < len(self._starts) and self._table_went_on(first_new - 1)
        self._refresh_header()
        return changed

    def _table_went_on(self, block: int) -> bool:
        """When `block` continues a table some of whose blocks are laid out, lay those out again
        (see `parts_to_relay`); a lazy layout gives them back their estimates (their heights
        so far), to be laid out when shown. Whether any was laid out."""
        changed = False
        for unit in (index + 1 for index in parts_to_relay(self.article.blocks, block, self._painter.table_groups)):
            if not self.lazy:
                self.repaint_block(unit - 1)
                changed = True
            elif unit not in self._estimated:
                self._cache.pop(unit, None)
                self._estimated.add(unit)
                self._next_estimated = min(self._next_estimated, unit)
                changed = True
        return changed

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self._cjk_chars, self._words)

    def _append_unit(self, unit: int, title: int | None) -> None:
        """Lay out (or estimate) block `unit - 1` after the others; `title` is `title_block()`.
        (Once for every block: its separator is made once, a new unit goes to the cache's end.)"""
        block = self.article.blocks[unit - 1]
        known = self._known
        separator: list[Line] | None = None
        if known is not None and unit <= len(known.cells):
            lead, measured = known.leads[unit], known.cells[unit - 1]
        else:
            separator = self._units.separator(unit, title)
            lead, measured = len(separator), -1
        self._starts.append(self._total)
        self._leads.append(lead)
        if block.kind is _CODE:
            self._total += lead + self._painter.code_line_count(block)
        elif (self.lazy or unit <= self.estimate_before) and unit - 1 != title:
            if measured < 0:
                measured = block_cells(block)
            self._total += lead + lines_of_cells(block, self.width, measured)
            if self.lazy:
                self._estimated.add(unit)
        else:
            lines = self._units.lines(unit, separator, title)
            self._total += len(lines)
            cache = self._cache
            cache[unit] = lines
            if len(cache) > self._keep:
                cache.popitem(last=False)
        self._cells.append(measured)

    def width_free(self) -> WidthFree:
        """What this layout counted that a layout of its article at another width or theme
        takes over (a copy: this one goes on counting the blocks that arrive)."""
        return WidthFree(self._leads[:], self._cells[:], self._cjk_chars, self._words)

    def _refresh_header(self) -> None:
        """Re-lay the header (its reading time grows with the article); shift if it grew."""
        lines = self._paint_unit(0)
        old = self._unit_size(0)
        if len(lines) != old:
            delta = len(lines) - old
            self._starts = [0] + [start + delta for start in self._starts[1:]]
            self._total += delta
        self._remember(0, lines)

    @property
    def header_height(self) -> int:
        """Lines of the header (the title, the byline, the reading time) at the top."""
        return self._unit_size(0)

    def _unit_size(self, unit: int) -> int:
        end = self._starts[unit + 1] if unit + 1 < len(self._starts) else self._total
        return end - self._starts[unit]

    def _remember(self, unit: int, lines: list[Line]) -> None:
        cache = self._cache
        if unit in cache:
            cache.move_to_end(unit)
        cache[unit] = lines  # a new unit goes to the end
        while len(cache) > self._keep:
            cache.popitem(last=False)

    def _unit_lines(self, unit: int) -> list[Line]:
        lines = self._cache.get(unit)
        if lines is None:
            lines = self._paint_unit(unit)
            if unit and len(lines) != self._unit_size(unit):
                # An estimated block; or a picture that changed and is not repainted yet
                # (`repaint_block` follows): its lines keep the rows the geometry knows.
                lines = fit_to_estimate(lines, self._unit_size(unit), unit - 1)
            self._remember(unit, lines)
        else:
            self._cache.move_to_end(unit)
        return lines

    def repaint_block(self, block: int) -> tuple[int, int, int]:
        """Paint a block again (its picture arrived, failed or was drawn): (its first line,
        its lines before, its lines now). The lines after it move by the difference."""
        unit = block + 1
        if not 0 < unit < len(self._starts):
            return self._total, 0, 0
        start, old = self._starts[unit], self._unit_size(unit)
        if unit <= self.estimate_before or unit in self._estimated:  # keeps its estimate until laid out
            self._cache.pop(unit, None)
            return start, old, old
        lines = self._paint_unit(unit)
        if len(lines) != old:
            self._move_after({unit: len(lines) - old})
        self._remember(unit, lines)
        return start, old, len(lines)

    # settling (lazy layouts)
    @property
    def estimating(self) -> bool:
        """Some blocks' heights are still estimates."""
        return bool(self._estimated)

    @property
    def previewing(self) -> bool:
        """Some estimated block has lines painted (a huge one's first, `_preview`): to draw before laying out."""
        return any(unit in self._cache for unit in self._estimated)

    @property
    def estimated_count(self) -> int:
        """How many blocks' heights are still estimates."""
        return len(self._estimated)

    def settle(self, start: int, end: int, anchor: int) -> int:
        """Lay out the estimated blocks that show on lines `start` to `end` (which grow or
        shrink to their real heights, the lines after them moving); the lines the block at line
        `anchor` moved by (the view keeps its top line in place by scrolling that much)."""
        if not self._estimated:
            return 0
        first = bisect.bisect_right(self._starts, max(0, start)) - 1
        anchor_unit = bisect.bisect_right(self._starts, max(0, anchor)) - 1
        changes: dict[int, int] = {}
        shift = 0
        unit = max(0, first)
        while unit < len(self._starts) and self._starts[unit] + shift < end:
            if unit in self._estimated and not self._preview(unit, end - self._starts[unit] - shift):
                delta = self._settle_unit(unit)
                if delta:
                    changes[unit] = delta
                    shift += delta
            unit += 1
        self._move_after(changes)
        return sum(delta for changed, delta in changes.items() if changed < anchor_unit)

    def settle_block(self, block: int) -> None:
        """Lay out one block (a place to go to, a search match) at its real height."""
        unit = block + 1
        if unit in self._estimated:
            delta = self._settle_unit(unit)
            self._move_after({unit: delta} if delta else {})

    def settle_next(self, count: int, anchor: int, until: float = float("inf")) -> tuple[bool, int]:
        """Lay out up to `count` estimated blocks, the first first, one at least, until `until`
        (`perf_counter`): (whether some are left, the lines the block at line `anchor` moved by)."""
        changes: dict[int, int] = {}
        unit, settled = self._next_estimated, 0
        while settled < count and unit < len(self._starts) and (not settled or time.perf_counter() < until):
            if unit in self._estimated:
                settled += 1
                delta = self._settle_unit(unit)
                if delta:
                    changes[unit] = delta
            unit += 1
        self._next_estimated = unit
        anchor_unit = bisect.bisect_right(self._starts, max(0, anchor)) - 1
        self._move_after(changes)
        return bool(self._estimated), sum(delta for changed, delta in changes.items() if changed < anchor_unit)

    def _preview(self, unit: int, rows: int) -> bool:
        """Show a huge estimated block's first `rows` lines alone (`first_lines`): whether it was one."""
        block = self.article.blocks[unit - 1]
        lines = first_lines(self._painter, block, unit - 1, rows, self._units.separator(unit))
        if lines is not None:
            self._remember(unit, fit_to_estimate(lines, self._unit_size(unit), unit - 1))
        return lines is not None

    def _settle_unit(self, unit: int) -> int:
        """Lay out an estimated unit; how many lines it grew by (its followers not moved yet)."""
        self._estimated.discard(unit)
        lines = self._paint_unit(unit)
        self._remember(unit, lines)
        return len(lines) - self._unit_size(unit)

    def _move_after(self, changes: dict[int, int]) -> None:
        """Move the lines after each unit that changed size by how much it did."""
        if not changes:
            return
        starts = self._starts
        order = sorted(changes)
        moved = 0
        for index, unit in enumerate(order):
            moved += changes[unit]
            stop = order[index + 1] + 1 if index + 1 < len(order) else len(starts)
            starts[unit + 1 : stop] = [line + moved for line in starts[unit + 1 : stop]]
        self._total += moved

    def _paint_unit(self, unit: int) -> list[Line]:
        """The unit's lines: the header's (with the reading time so far), or a block's (`Units`)."""
        if unit == 0:
            minutes = reading_minutes(self._cjk_chars, self._words) if self._cjk_chars + self._words else 0
            return self._painter.header(self.article.metadata, minutes)
        return self._units.lines(unit)

    # queries
    def __len__(self) -> int:
        return self._total

    def line(self, y: int) -> Line:
        unit = bisect.bisect_right(self._starts, y) - 1
        return self._unit_lines(unit)[y - self._starts[unit]]

    def lines(self, start: int = 0, end: int | None = None) -> Iterator[Line]:
        """Lines `start` to `end`, a unit's at a time (finding each line's unit was a tenth of a dump's layout)."""
        end = self._total if end is None else min(end, self._total)
        y = max(0, start)
        while y < end:
            unit = bisect.bisect_right(self._starts, y) - 1
            first = self._starts[unit]
            lines = self._unit_lines(unit)
            stop = min(end, first + self._unit_size(unit))
            yield from lines[y - first : stop - first]
            y = stop

    def block_line(self, block: int) -> int:
        """The first line of a block's content (after its separator)."""
        unit = block + 1
        if unit >= len(self._starts):
            return self._total
        if block == self._units.title_block():
            return 0  # the heading that says the title is the header's title
        return self._starts[unit] + self._leads[unit]

    def heading_lines(self) -> list[int]:
        """The line of each heading, in order (the view finds a heading's line by its block,
        `reader.ui.sections`: this list is made whole at each call)."""
        return [self.block_line(heading.block) for heading in self.article.headings]

    def position_at(self, y: int) -> Position:
        """The reading position of line y: its block and the offset its text starts at."""
        if self._total == 0:
            return Position(HEADER, 0)
        y = min(max(0, y), self._total - 1)
        unit = bisect.bisect_right(self._starts, y) - 1
        index = max(self._leads[unit], y - self._starts[unit])  # a unit's lines begin with its leading blanks
        lines = self._unit_lines(unit)
        if index >= len(lines):
            return Position(unit - 1, 0)
        return Position(unit - 1, lines[index].start)

    def line_of(self, position: Position) -> int:
        """The line showing the position's character."""
        block, offset = position.block, position.offset
        unit = block + 1
        if unit >= len(self._starts):
            return max(0, self._total - 1)
        if block == self._units.title_block():
            return 0
        lines = self._unit_lines(unit)
        first = self._starts[unit]
        best, best_start = first + self._leads[unit], -1
        for index, line in enumerate(lines[self._leads[unit] :], start=self._leads[unit]):
            if line.start > offset:
                break
            if line.start > best_start:  # lines that share a start (an image's, a table's): the first
                best, best_start = first + index, line.start
        return best

    def locate(self, block: int, offset: int) -> tuple[int, int]:
        """(line, cell column) of character `offset` of `block`, for search highlights."""
        y = self.line_of(Position(block, offset))
        line = self.line(y)
        text = self.article.blocks[block].text if 0 <= block < len(self.article.blocks) else ""
        column = line.indent + cell_len(text[line.start : max(line.start, offset)])
        return y, column
