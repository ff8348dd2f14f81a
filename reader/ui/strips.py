"""One row of the reading pane as a Textual `Strip`: a line of the layout, centred, with the
highlights and search matches painted over it (or a line of the placeholder text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.chars import cell_len

if TYPE_CHECKING:
    from reader.layout.lines import Layout, Line
    from reader.layout.theme import ThemeSpec


class Overlay(Protocol):
    """Something painted over the text: the highlights and the selection, the search matches."""

    def paint(self, line: Line, segments: list[Segment], spec: ThemeSpec) -> list[Segment]: ...


def placeholder_strip(lines: Sequence[str], index: int, width: int, base: Style) -> Strip:
    """Row `index` of text shown centred when no article is open."""
    if 0 <= index < len(lines):
        text = lines[index]
        pad = max(0, (width - cell_len(text)) // 2)
        return Strip([Segment(" " * pad + text)]).apply_style(base).crop_extend(0, width, base)
    return Strip.blank(width, base)


def layout_strip(
    layout: Layout, index: int, width: int, base: Style, *, overlays: Sequence[Overlay | None], spec: ThemeSpec
) -> Strip:
    """Line `index` of the layout, centred in `width` cells, the overlays painted in order."""
    if not 0 <= index < len(layout):
        return Strip.blank(width, base)
    line = layout.line(index)
    pad = max(0, (width - layout.width) // 2)
    segments = list(line.segments)
    for overlay in overlays:
        if overlay is not None:
            segments = overlay.paint(line, segments, spec)
    cells = pad + sum(segment.cell_length for segment in segments)
    if cells > width:  # a pane narrower than the column
        return Strip([Segment(" " * pad), *segments]).apply_style(base).crop_extend(0, width, base)
    # One strip, styles applied here: a Strip costs more to make than its segments.
    styled = [Segment(" " * pad, base)]
    styled += [Segment(text, base + style if style else base) for text, style, _ in segments]
    styled.append(Segment(" " * (width - cells), base))
    return Strip(styled, width)
