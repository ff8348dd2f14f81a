"""Text flowed into lines: styled runs broken at a width after a block's decoration.

The one job every kind of block shares (paragraphs, headings, quotes, list items, table
cells, an image's label): its text, the style of each span, and the decoration before its
first and its other lines become `Line`s of Rich `Segment`s. Each line records which
characters of the block it shows, so that the geometry (`reader.layout.lines`) maps reading
positions to lines without painting anything twice.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from functools import partial
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style

from reader.layout.linebreak import LineRange, break_lines, fitting
from reader.model import Span


class Line(NamedTuple):
    """A line of the pane: a named tuple, read by attribute (twice as fast to make as a dataclass)."""

    segments: tuple[Segment, ...]
    block: int
    """Index of the block this line shows; `HEADER` for the title lines."""
    start: int = 0
    """Character offset in the block's text where this line's text begins."""
    end: int = 0
    indent: int = 0
    """Cells of decoration (quote bars, list markers, padding) before the text."""

    @property
    def text(self) -> str:
        segments = self.segments
        return segments[0].text if len(segments) == 1 else "".join([segment.text for segment in segments])

    @property
    def cell_length(self) -> int:
        return sum(segment.cell_length for segment in self.segments)


make_line = partial(tuple.__new__, Line)
"""`Line(*fields)` from a tuple of all five fields, without the named tuple's `__new__` (a
Python function filling defaults in): a third of the cost, where lines are made for every block."""
make_segment = partial(tuple.__new__, Segment)
"""`Segment(*fields)` from (text, style, control) likewise."""


def flow(
    text: str,
    styles: list[Style],
    bounds: list[int],
    *,
    index: int,
    first: list[Segment],
    rest: list[Segment],
    width: int,
) -> list[Line]:
    """The lines of block `index`'s `text` at `width` cells, decoration included: `styles[i]`
    is the style of characters `bounds[i]` to `bounds[i + 1]` (no bounds for one style),
    `first` the decoration before the first line and `rest` before the others."""
    text = text.replace("\t", " ") if "\t" in text else text
    if not text or text.isspace():
        return []
    first_cells = sum(segment.cell_length for segment in first) if first else 0
    rest_cells = first_cells if rest is first else sum(segment.cell_length for segment in rest) if rest else 0
    ranges = break_lines(text, width - max(first_cells, rest_cells))
    if len(styles) == 1:
        return in_one_style(text, ranges, styles[0], index=index, first=(first, first_cells), rest=(rest, rest_cells))
    return in_styles(text, ranges, styles, bounds, index=index, first=(first, first_cells), rest=(rest, rest_cells))


def one_line(text: str, style: Style, index: int, width: int) -> list[Line] | None:
    """A text in one style with no decoration that fits on one line (most headings, short
    paragraphs and table cells), as `flow` lays it out, without breaking it into lines; None
    for any other text."""
    if not text or "\t" in text or text.isspace():  # `flow` makes tabs spaces; blank text has no line
        return None
    line = fitting(text, width)
    if line is None:
        return None
    start, end = line
    return [make_line(((make_segment((text[start:end], style, None)),), index, start, end, 0))]


Decoration = tuple[list[Segment], int]
"""Segments before a line's text, and the cells they take."""


def in_one_style(
    text: str, ranges: list[LineRange], style: Style, *, index: int, first: Decoration, rest: Decoration
) -> list[Line]:
    """`in_styles` for a text in one style (most paragraphs, headings and cells): a segment a
    line, made without the search for the spans' parts, nor a call a line."""
    if not first[0] and not rest[0]:
        return [
            make_line(((make_segment((text[start:end], style, None)),) if end > start else (), index, start, end, 0))
            for start, end in ranges
        ]
    prefix, cells = rest
    lines = [
        make_line(
            (
                (*prefix, make_segment((text[start:end], style, None))) if end > start else tuple(prefix),
                index,
                start,
                end,
                cells,
            )
        )
        for start, end in ranges
    ]
    if lines and first[0] is not prefix:
        (start, end), (prefix, cells) = ranges[0], first
        lines[0] = Line(
            (*prefix, Segment(text[start:end], style)) if end > start else tuple(prefix), index, start, end, cells
        )
    return lines


def in_styles(
    text: str,
    ranges: list[LineRange],
    styles: list[Style],
    bounds: list[int],
    *,
    index: int,
    first: Decoration,
    rest: Decoration,
) -> list[Line]:
    """The lines of `text` cut at `ranges`, each after its decoration (`first` on the first
    line, `rest` on the others): `styles[i]` is the style of characters `bounds[i]` to
    `bounds[i + 1]`."""
    lines = []
    for number, (start, end) in enumerate(ranges):
        prefix, cells = rest if number else first
        lines.append(Line((*prefix, *_slice(text, start, end, bounds, styles)), index, start, end, cells))
    return lines


def span_bounds(spans: Sequence[Span]) -> list[int]:
    """Where each span starts in the block's text, and where the last ends."""
    return [0, *itertools.accumulate(len(span.text) for span in spans)]


def _slice(text: str, line_start: int, line_end: int, bounds: list[int], styles: list[Style]) -> list[Segment]:
    segments: list[Segment] = []
    first = bisect.bisect_right(bounds, line_start) - 1
    for span_index in range(max(first, 0), len(styles)):
        start, end = max(bounds[span_index], line_start), min(bounds[span_index + 1], line_end)
        if start >= line_end:
            break
        if end > start:
            segments.append(Segment(text[start:end], styles[span_index]))
    return segments
