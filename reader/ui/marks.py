"""The highlights and the selection in an article, painted over its lines.

Plain data and Rich segments, no Textual, like the search's `Matches`: the article view keeps
one `Marks` and has it paint each line it draws, under the search matches. A mark is a range
of the article's text from one (block, offset) to another, across blocks if it spans them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style

from reader.chars import cell_len
from reader.layout.lines import Line
from reader.layout.theme import ThemeSpec
from reader.model import Block, Position
from reader.ui.matches import paint


@dataclass(frozen=True, slots=True)
class Mark:
    """A range of the article drawn in a style of its own: a highlight or the selection."""

    start: Position
    end: Position
    """Excluded."""
    style: str
    """The theme's style name: `highlight` or `selection`."""

    def span_in(self, block: int, length: int) -> tuple[int, int] | None:
        """The part of `block` (of `length` characters) the mark covers, if any."""
        if not self.start.block <= block <= self.end.block:
            return None
        start = self.start.offset if block == self.start.block else 0
        end = self.end.offset if block == self.end.block else length
        return (start, end) if end > start or self.start.block < block < self.end.block else None


class Marks:
    """The highlights of the article on screen, and the selection being made."""

    def __init__(self, blocks: Sequence[Block], highlights: Sequence[tuple[Position, Position]] = ()) -> None:
        self._blocks = blocks
        self.highlights = [Mark(start, end, "highlight") for start, end in highlights]
        self.selection: Mark | None = None

    def select(self, start: Position, end: Position) -> None:
        self.selection = Mark(min(start, end), max(start, end), "selection")

    def paints_as(self, other: Marks | None) -> bool:
        """Whether `other` (None: no marks) paints the same: a view whose marks would be
        replaced by the same is not drawn again (the library's answer for an article without
        highlights redrew the whole screen, a frame a key could wait for)."""
        if other is None:
            return not self.highlights and self.selection is None
        same_marks = other.highlights == self.highlights and other.selection == self.selection
        return other._blocks is self._blocks and same_marks

    def paint(self, line: Line, segments: list[Segment], spec: ThemeSpec) -> list[Segment]:
        """The line's segments with the marks on it painted over (the selection over a highlight)."""
        ranges = self.ranges(line, spec)
        return paint(segments, ranges) if ranges else segments

    def ranges(self, line: Line, spec: ThemeSpec) -> list[tuple[int, int, Style]]:
        """Cell ranges of the line (before centring) that marks cover, with their style."""
        if not 0 <= line.block < len(self._blocks):
            return []
        marks = [*([self.selection] if self.selection is not None else []), *self.highlights]
        text = self._blocks[line.block].text
        ranges: list[tuple[int, int, Style]] = []
        for mark in marks:
            span = mark.span_in(line.block, len(text))
            if span is None:
                continue
            if line.end <= line.start:  # a line with no characters of its own (a table, a picture)
                ranges.append(
                    (line.indent, line.indent + sum(s.cell_length for s in line.segments), spec.style(mark.style))
                )
                continue
            start, end = max(span[0], line.start), min(span[1], line.end)
            if end > start:
                left = line.indent + cell_len(text[line.start : start])
                ranges.append((left, left + cell_len(text[start:end]), spec.style(mark.style)))
        return ranges
