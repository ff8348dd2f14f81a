"""Article × width × theme → lines, with maps between blocks and lines.

A line is a tuple of Rich `Segment`s (the UI wraps it in a Textual `Strip`); the layout
never makes a widget per block. `Layout` keeps where each block's lines start, and paints
a block's lines (`reader.layout.paint`) when they are asked for, keeping them in a bounded
cache, so a huge article costs its line count, not its painted lines, in memory. A reading
position is (block, character offset), which survives a new width or theme.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterator

from reader.chars import cell_len
from reader.layout.estimate import estimated_lines
from reader.layout.paint import Line, Painter
from reader.layout.reading_time import article_minutes, reading_load, reading_minutes
from reader.layout.theme import PLAIN, ThemeSpec
from reader.model import HEADER, Article, BlockKind, Position

__all__ = ["Layout", "Line", "article_minutes"]
"""What the view and the dump take from the layout: the lines, a line, and reading time."""

BLOCK_CACHE = 2048


class Layout:
    """The lines of an article at one width.

    Call `update()` after blocks were appended to the article (progressive loading); it lays
    out only the new ones. Unit 0 is the header; unit `i + 1` is block `i`.

    `estimate_before`: the blocks before this one get estimated heights (`estimated_lines`)
    and are fitted into them when drawn, so that a place far down a long article shows at
    once; an exact layout is to replace this one.
    """

    def __init__(
        self,
        article: Article,
        width: int,
        theme: ThemeSpec = PLAIN,
        *,
        estimate_before: int = 0,
        keep: int = BLOCK_CACHE,
    ) -> None:
        """`keep` is how many units' lines stay cached: the dump, which reads every line
        once right after, keeps them all rather than laying out each block twice."""
        self.article = article
        self.width = max(8, width)
        self.theme = theme
        self.estimate_before = estimate_before
        self._keep = keep
        self._painter = Painter(self.width, theme)
        self._starts: list[int] = []
        """First line (separators included) of each unit."""
        self._leads: list[int] = []
        """Separator lines at the top of each unit."""
        self._total = 0
        self._cache: OrderedDict[int, list[Line]] = OrderedDict()
        self._cjk_chars = 0
        self._words = 0
        self.update()

    # building
    def update(self) -> None:
        """Lay out blocks the article gained since the last call."""
        if not self._starts:
            self._append_unit(0)
        while len(self._starts) - 1 < len(self.article.blocks):
            self._append_unit(len(self._starts))
        self._refresh_header()

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self._cjk_chars, self._words)

    def _append_unit(self, unit: int) -> None:
        lead = len(self._separator(unit)) if unit > 0 else 0
        block = self.article.blocks[unit - 1] if unit > 0 else None
        self._starts.append(self._total)
        self._leads.append(lead)
        if block is not None and block.kind is BlockKind.CODE:
            self._total += lead + self._painter.code_line_count(block)
        elif block is not None and unit <= self.estimate_before and unit - 1 != self._title_block():
            self._total += lead + estimated_lines(block, self.width)
        else:
            lines = self._paint_unit(unit)
            self._total += len(lines)
            self._remember(unit, lines)
        if block is not None:
            cjk, words = reading_load(block.text)
            self._cjk_chars += cjk
            self._words += words

    def _refresh_header(self) -> None:
        """Re-lay the header (its reading time grows with the article); shift if it grew."""
        lines = self._paint_unit(0)
        old = self._unit_size(0)
        if len(lines) != old:
            delta = len(lines) - old
            self._starts = [0] + [start + delta for start in self._starts[1:]]
            self._total += delta
        self._remember(0, lines)

    def _unit_size(self, unit: int) -> int:
        end = self._starts[unit + 1] if unit + 1 < len(self._starts) else self._total
        return end - self._starts[unit]

    def _remember(self, unit: int, lines: list[Line]) -> None:
        self._cache[unit] = lines
        self._cache.move_to_end(unit)
        while len(self._cache) > self._keep:
            self._cache.popitem(last=False)

    def _unit_lines(self, unit: int) -> list[Line]:
        lines = self._cache.get(unit)
        if lines is None:
            lines = self._paint_unit(unit)
            if 0 < unit <= self.estimate_before:
                lines = _fit(lines, self._unit_size(unit), unit - 1)
            self._remember(unit, lines)
        else:
            self._cache.move_to_end(unit)
        return lines

    def _separator(self, unit: int) -> list[Line]:
        index = unit - 1
        if index == self._title_block():
            return []
        previous = self.article.blocks[index - 1] if index > 0 else None
        return self._painter.separator(previous, self.article.blocks[index], index)

    def _paint_unit(self, unit: int) -> list[Line]:
        if unit == 0:
            minutes = reading_minutes(self._cjk_chars, self._words) if self._cjk_chars + self._words else 0
            return self._painter.header(self.article.metadata, minutes)
        if unit - 1 == self._title_block():
            return []
        return self._separator(unit) + self._painter.block(self.article.blocks[unit - 1], unit - 1)

    def _title_block(self) -> int | None:
        """The first heading when it says the title: the header above already shows the title,
        with the byline under it, so this heading takes no lines (shown, it would put the
        byline above the title, or the title twice)."""
        for index, block in enumerate(self.article.blocks[:2]):
            if block.kind is BlockKind.HEADING:
                same = " ".join(block.text.split()) == " ".join(self.article.metadata.title.split())
                return index if same and block.text.strip() else None
        return None

    # queries
    def __len__(self) -> int:
        return self._total

    def line(self, y: int) -> Line:
        unit = bisect.bisect_right(self._starts, y) - 1
        return self._unit_lines(unit)[y - self._starts[unit]]

    def lines(self, start: int = 0, end: int | None = None) -> Iterator[Line]:
        end = self._total if end is None else min(end, self._total)
        for y in range(max(0, start), end):
            yield self.line(y)

    def block_line(self, block: int) -> int:
        """The first line of a block's content (after its separator)."""
        unit = block + 1
        if unit >= len(self._starts):
            return self._total
        if block == self._title_block():
            return 0  # the heading that says the title is the header's title
        return self._starts[unit] + self._leads[unit]

    def heading_lines(self) -> list[int]:
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
        if block == self._title_block():
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


def _fit(lines: list[Line], rows: int, block: int) -> list[Line]:
    """A block's lines in the rows its estimate gave it: cut short, or padded with blanks."""
    if len(lines) >= rows:
        return lines[:rows]
    end = lines[-1].end if lines else 0
    return lines + [Line((), block, end, end)] * (rows - len(lines))
