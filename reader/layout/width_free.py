"""What a layout counts of an article that no width or theme changes, handed to the next."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WidthFree:
    """What a layout counted of its article's first blocks that no width or theme changes: a
    layout of the same article at another width takes it over (`Layout(width_free=...)`)
    instead of reading the whole text again. At 25 MB (64,289 blocks) the reading time's
    count, the estimates' cells and the separators were most of a new lazy layout's 1.10 s of
    CPU, spent on each resize while the old lines stayed on screen: 0.23 s taken over."""

    leads: list[int]
    """Separator lines of each unit (the header's 0 first)."""
    cells: list[int]
    """`block_cells` of each block; -1 where not measured (a block laid out at once)."""
    cjk: int
    words: int
    """The reading load (`reading_load`) of those blocks."""
