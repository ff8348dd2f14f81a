"""The search matches in an article, and how they are painted over its lines.

Plain data and Rich segments, no Textual: the article view keeps the `Matches` of the search
and has it paint each line it draws (`Matches.paint`).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style

from reader.chars import cell_len
from reader.find import Match, find_in_blocks, find_in_text
from reader.layout.lines import Line
from reader.layout.theme import ThemeSpec
from reader.model import Block, Position


class Matches:
    """Every match of one query, in reading order, and which one is current.

    Found at once (`find`), or added as a search in the background finds them (`add`, in
    reading order), until it is `complete`."""

    def __init__(self, blocks: Sequence[Block] = (), query: str = "", *, find: bool = True) -> None:
        self.query = query
        self._blocks = blocks
        self.found: list[Match] = []
        self.current = -1
        self._by_block: defaultdict[int, list[int]] = defaultdict(list)
        self.complete = find
        if find and query:
            self.add(find_in_blocks(blocks, query))

    def add(self, found: list[Match]) -> None:
        """Matches found after those already here."""
        for index, match in enumerate(found, len(self.found)):
            self._by_block[match.block].append(index)
        self.found += found

    def __len__(self) -> int:
        return len(self.found)

    def before(self, position: Position) -> int:
        """How many matches start before `position`."""
        key = (position.block, position.offset)
        return bisect.bisect_left(self.found, key, key=lambda match: (match.block, match.start))

    def after(self, position: Position, *, forward: bool = True) -> int:
        """The index of the first match at or after `position` (the one before it, backwards),
        wrapping around the article."""
        index = self.before(position)
        if not forward:
            index -= 1
        return index % len(self.found)

    def paint(self, line: Line, segments: list[Segment], spec: ThemeSpec) -> list[Segment]:
        """The line's segments with the matches on it painted over."""
        highlights = self.highlights(line, spec)
        return paint(segments, highlights) if highlights else segments

    def highlights(self, line: Line, spec: ThemeSpec) -> list[tuple[int, int, Style]]:
        """Cell ranges of the line (before centring) covered by matches, with their style."""
        numbers = self._by_block.get(line.block)  # get: a defaultdict's [] would add keys
        if not numbers:
            return []
        match_style = spec.style("match")
        current_style = spec.style("current_match")
        text = self._blocks[line.block].text
        ranges: list[tuple[int, int, Style]] = []
        if line.end > line.start:
            for number in numbers:
                match = self.found[number]
                start, end = max(match.start, line.start), min(match.end, line.end)
                if end <= start:
                    continue
                left = line.indent + cell_len(text[line.start : start])
                right = line.indent + cell_len(text[line.start : end])
                ranges.append((left, right, current_style if number == self.current else match_style))
            return ranges
        # Lines that carry no character range (tables, images): find the query in what they show.
        current = self.current in numbers
        shown = "".join(segment.text for segment in line.segments)
        for start, end in find_in_text(shown, self.query):
            left = cell_len(shown[:start])
            right = cell_len(shown[:end])
            ranges.append((left, right, current_style if current else match_style))
        return ranges


def paint(segments: list[Segment], ranges: list[tuple[int, int, Style]]) -> list[Segment]:
    """Apply each range's style over the segments' own (a match stays visible on any colour)."""
    cuts = sorted({cut for left, right, _ in ranges for cut in (left, right)})
    total = sum(segment.cell_length for segment in segments)
    cuts = [cut for cut in cuts if 0 < cut < total] + [total]
    pieces = Segment.divide(segments, cuts)
    painted: list[Segment] = []
    position = 0
    for cut, piece in zip(cuts, pieces, strict=False):
        style = next((style for left, right, style in ranges if left <= position and cut <= right), None)
        if style is None:
            painted.extend(piece)
        else:
            painted.extend(Segment(seg.text, (seg.style or Style.null()) + style, seg.control) for seg in piece)
        position = cut
    return painted
