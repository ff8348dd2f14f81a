"""Blocks painted in a theme at a width: the styled lines of text, tables and code.

Painting turns one block into its lines of Rich `Segment`s: the text broken by our own
CJK-aware line breaking, decorated with quote bars, list markers and heading rules, tables
drawn in boxes (or as records when too wide), code folded (by the kinsoku rule of the text)
and highlighted. Each `Line` also records which characters of its block it shows, so the
geometry (`reader.layout.lines`) can map reading positions to lines without painting twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from reader.chars import cell_len
from reader.layout.code_colour import highlight, segments
from reader.layout.flow import Line, flow, make_line, make_segment, one_line, span_bounds
from reader.layout.linebreak import fold
from reader.layout.tables import BAND_ROWS, ColumnGroup, TableShape, aligned, is_header, row_starts, table_groups
from reader.layout.theme import ThemeSpec
from reader.model import HEADER, Block, BlockKind, Cell, Inline, Metadata, Span

if TYPE_CHECKING:
    from reader.layout.picture_board import PictureBoard

CODE_PAD = 2


class Painter:
    """Paints blocks at one width in one theme, keeping the styles it has combined."""

    def __init__(self, width: int, theme: ThemeSpec, pictures: PictureBoard | None = None) -> None:
        """`pictures`: what the article's pictures show (without it, or with pictures off,
        an image is its `[image: alt]` line and its address)."""
        self.width = width
        self.theme = theme
        self.pictures = pictures
        self._style_cache: dict[tuple[frozenset[Inline], str | None, str], Style] = {}
        self._table_key: tuple[object, ...] = ((), 0, ())
        self._table = TableShape([], ())
        self._text = theme.style("text")
        self._headings = tuple(theme.style(f"h{level}") for level in range(1, 7))
        """The styles of most blocks, asked for each: a theme's `style` is three calls."""

    def header(self, metadata: Metadata, minutes: int) -> list[Line]:
        """The title, the byline and the reading time, and a rule under them."""
        lines: list[Line] = []
        if metadata.title:
            lines += self._flow((Span(metadata.title),), HEADER, [], [], base=self._style("title"))
        details = [metadata.author, metadata.date, f"{minutes}\xa0min\xa0read" if minutes else ""]
        info = " · ".join(part for part in details if part)
        if info:
            lines += self._flow((Span(info),), HEADER, [], [], base=self._style("meta"))
        if lines:
            lines.append(Line((Segment("─" * self.width, self._style("rule")),), HEADER))
        return lines

    def separator(self, previous: Block | None, current: Block, index: int) -> list[Line]:
        """The blank line before a block: none inside a list or a continued paragraph, and
        inside a quote a line of the quote's bars."""
        if previous is None:
            return [make_line(((), index, 0, 0, 0))]
        if current.continues:
            return []
        if previous.list_id == current.list_id != 0 and previous.kind in _PLAIN and current.kind in _PLAIN:
            return []
        if previous.quote_depth and current.quote_depth:
            return [Line(tuple(self._quote_prefix(min(previous.quote_depth, current.quote_depth))), index)]
        return [make_line(((), index, 0, 0, 0))]

    def block(self, block: Block, index: int) -> list[Line]:
        painter = _PAINTERS.get(block.kind, Painter._paint_flow)
        return painter(self, block, index)

    def code_line_count(self, block: Block) -> int:
        """A code block's line count, without highlighting it: the count depends on the
        characters only, and highlighting waits until the block is shown (it loads Pygments)."""
        _, _, room = self._code_room(block)
        return sum(len(fold(line, room)) or 1 for line in _code_lines(block.code))

    def _style(self, name: str) -> Style:
        return self.theme.style(name)

    def _span_style(self, span: Span, base: Style) -> Style:
        key = (span.styles, span.href, str(base))
        style = self._style_cache.get(key)
        if style is None:
            style = base
            for inline in (Inline.STRONG, Inline.EMPHASIS, Inline.STRIKE, Inline.CODE, Inline.LINK):
                if inline in span.styles:
                    style += self._style(inline.value)
            if span.href:
                style += Style(link=span.href)
            self._style_cache[key] = style
        return style

    def _prefixes(self, block: Block, first: bool = True) -> tuple[list[Segment], list[Segment]]:
        """Decoration before the first line and before the other lines of a block."""
        if not block.list_depth:
            quote = self._quote_prefix(block.quote_depth) if block.quote_depth else _NONE
            return quote, quote
        quote = self._quote_prefix(block.quote_depth)
        # Decoration takes at most half the width: deeper lists share the last indentation,
        # a marker too long for it ("123456789.") shows its end.
        room = self.width // 2 - 2 * len(quote)
        indent = "  " * min(block.list_depth - 1, max(0, room - 2) // 2)
        marker = _fit_marker(block.marker, room - len(indent) - 1) if first else ""
        if marker:
            hang = " " * (cell_len(marker) + 1)
            head = [*quote, Segment(indent), Segment(marker, self._style("list_marker")), Segment(" ")]
            return head, [*quote, Segment(indent + hang)]
        hang = "  "
        return [*quote, Segment(indent + hang)], [*quote, Segment(indent + hang)]

    def _quote_prefix(self, depth: int) -> list[Segment]:
        # At most a quarter of the width: deeper quotes share the last bar, the text keeps its room.
        return [Segment("│ ", self._style("quote_bar")) for _ in range(min(depth, self.width // 8))] if depth else []

    def _paint_flow(self, block: Block, index: int) -> list[Line]:
        first, rest = self._prefixes(block)
        base = self._style("quote") if block.kind is _QUOTE else self._text
        return self._flow(block.spans, index, first, rest, base=base)

    def _paint_heading(self, block: Block, index: int) -> list[Line]:
        first, rest = self._prefixes(block)
        style = self._headings[min(max(block.level, 1), 6) - 1]
        lines = self._flow(block.spans, index, first, rest, base=style)
        if block.level <= 2 and lines:
            # The widest line's text, measured on the text rather than on its segments (the same
            # cells, a tenth of the time: a segment measures itself through a property).
            text = block.text
            text = text.replace("\t", " ") if "\t" in text else text
            if text.isascii() and text.isprintable():  # a cell a character: no measuring
                longest = (
                    lines[0].end - lines[0].start if len(lines) == 1 else max(line.end - line.start for line in lines)
                )
            else:
                longest = max(cell_len(text[line.start : line.end]) for line in lines)
            rule = "━" if block.level == 1 else "─"
            end = len(text)
            lines.append(make_line(((*rest, make_segment((rule * longest, style, None))), index, end, end, 0)))
        return lines

    def _paint_image(self, block: Block, index: int) -> list[Line]:
        first, rest = self._prefixes(block)
        if self.pictures is not None:
            indent = max(sum(s.cell_length for s in first), sum(s.cell_length for s in rest))
            rows = self.pictures.lines(block, index, self.width - indent, self.theme)
            if rows is not None:
                return [Line((*(rest if y else first), *row), index, 0, 0, indent) for y, row in enumerate(rows)]
        alt = block.text.strip()
        label = f"[image: {alt}]" if alt else "[image]"
        # The label is the link to the picture; its address, a line or two of path, is not
        # shown: text stays text (the links list, Markdown and JSON carry the address).
        spans = (Span(label, frozenset({Inline.LINK}), block.src or None),)
        lines = self._flow(spans, index, first, rest, base=self._style("image"))
        return [Line(line.segments, index, 0, 0, line.indent) for line in lines]

    def _paint_rule(self, block: Block, index: int) -> list[Line]:
        first, _ = self._prefixes(block)
        room = self.width - sum(segment.cell_length for segment in first)
        return [Line((*first, Segment("─" * room, self._style("rule"))), index)]

    def _code_room(self, block: Block) -> tuple[list[Segment], list[Segment], int]:
        first, rest = self._prefixes(block, first=True)
        prefix_cells = sum(segment.cell_length for segment in first)
        return first, rest, max(1, self.width - prefix_cells - CODE_PAD)

    def _paint_code(self, block: Block, index: int) -> list[Line]:
        first, rest, room = self._code_room(block)
        prefix_cells = sum(segment.cell_length for segment in first)
        background = self._style("code_block")
        sources = _code_lines(block.code)
        highlighted = highlight("\n".join(sources), block.language, self.theme.code_theme).split("\n", allow_blank=True)
        lines: list[Line] = []
        offset = 0
        pad = Segment(" " * CODE_PAD, background)
        for number, source in enumerate(sources):
            code_line = highlighted[number] if number < len(highlighted) else Text(source)
            if code_line.plain != source:
                code_line = Text(source)
            folds = fold(source, room) or [(0, 0)]
            # One division of the line, not a slice per fold: a slice of a Text walks all of it.
            pieces = code_line.divide(end for _, end in folds[:-1]) if len(folds) > 1 else [code_line]
            for (start, end), piece in zip(folds, pieces, strict=True):
                painted = segments(piece)
                used = cell_len(source[start:end])
                fill = Segment(" " * (room - used), background)
                prefix = first if number == 0 and start == 0 else rest
                styled = [Segment(s.text, background + s.style if s.style else background) for s in painted]
                lines.append(
                    Line((*prefix, pad, *styled, fill), index, offset + start, offset + end, prefix_cells + CODE_PAD)
                )
            offset += len(source) + 1
        return lines

    def _paint_table(self, block: Block, index: int) -> list[Line]:
        return self.table_part((block,), 0, index)

    def table_part(self, parts: Sequence[Block], which: int, index: int) -> list[Line]:
        """The lines of `parts[which]`, one of the blocks a long table is split into (each
        `continues` the one before): drawn with the whole table's columns and header, so that
        the parts' lines in a row are the table's lines (a box's top on the first, its bottom on
        the last; or, in column groups, the part's bands)."""
        block = parts[which]
        first, rest = self._prefixes(block)
        prefix_cells = sum(segment.cell_length for segment in first)
        shape = self._table_shape(parts, self.width - prefix_cells)
        start = sum(len(part.rows) for part in parts[:which])
        end = start + len(block.rows)
        numbered = list(zip(range(start, end), shape.rows[start:end], row_starts(block), strict=True))
        if not shape.groups:
            return self._paint_table_as_list(block, shape.rows, numbered, index)
        box = _Box(self, index, rest, prefix_cells, len(shape.rows))
        if len(shape.groups) == 1:
            group = shape.groups[0]
            lines = [box.rule(group, "┌┬┐", 0)] if which == 0 else []
            lines += box.rows(group, numbered)
            if which == len(parts) - 1:
                lines.append(box.rule(group, "└┴┘", lines[-1].start if lines else 0))
            return lines
        lines = []
        header = is_header(shape.rows[0])
        bands: dict[int, list[tuple[int, list[Cell], int]]] = {}
        for row in numbered:
            bands.setdefault(row[0] // BAND_ROWS, []).append(row)
        for band in bands.values():
            at = band[0][2]
            shown = [(0, shape.rows[0], at), *band] if header and band[0][0] > 0 else band
            for group in shape.groups:
                lines.append(box.rule(group, "┌┬┐", at))
                lines += box.rows(group, shown)
                lines.append(box.rule(group, "└┴┘", lines[-1].start))
        return lines

    def table_groups(self, parts: Sequence[Block]) -> tuple[ColumnGroup, ...]:
        """How the columns of a table's parts are drawn (`TableShape.groups`)."""
        first, _ = self._prefixes(parts[0])
        return self._table_shape(parts, self.width - sum(segment.cell_length for segment in first)).groups

    def _table_shape(self, parts: Sequence[Block], room: int) -> TableShape:
        """The rows of a table's parts made square, and how its columns are drawn; kept for the
        parts asked for in turn (each part's lines need the whole table's columns)."""
        key = (tuple(map(id, parts)), room)
        if self._table_key[:2] == key:
            return self._table
        rows_of = [row for part in parts for row in part.rows]
        columns = max(len(row) for row in rows_of)
        rows = [list(row) + [Cell(())] * (columns - len(row)) for row in rows_of]
        self._table = TableShape(rows, table_groups(rows, room))
        self._table_key = (*key, tuple(parts))  # the parts kept alive, so that their ids stay theirs
        return self._table

    def _paint_table_as_list(
        self, block: Block, rows: list[list[Cell]], numbered: list[tuple[int, list[Cell], int]], index: int
    ) -> list[Line]:
        """A table too wide for the screen reads as records: `header: value` per line (`rows`:
        the whole table's, `numbered`: this part's, by their place in it)."""
        _, rest = self._prefixes(block)
        has_header = all(cell.header for cell in rows[0])
        headers = [cell.text for cell in rows[0]] if has_header else []
        lines: list[Line] = []
        for place, row, at in numbered:
            if has_header and place == 0:
                continue
            record: list[Line] = []
            if place > has_header:  # a record after the first
                room = self.width - sum(segment.cell_length for segment in rest)
                record.append(Line((*rest, Segment("┄" * min(8, room), self._style("table_border"))), index))
            for column, cell in enumerate(row):
                label = headers[column] if column < len(headers) else ""
                spans = ((Span(f"{label}: ", frozenset({Inline.STRONG})),) if label else ()) + cell.spans
                if cell.text.strip() or label:
                    record += self._flow(spans, index, rest, rest, base=self._style("text"))
            lines += [Line(line.segments, index, at, at, line.indent) for line in record]
        return lines

    def _flow(
        self,
        spans: Sequence[Span],
        index: int,
        first: list[Segment],
        rest: list[Segment],
        *,
        base: Style,
        width: int | None = None,
    ) -> list[Line]:
        """Break inline spans into lines after the given decoration (`flow`)."""
        width = width or self.width
        if len(spans) != 1:
            text = "".join([span.text for span in spans])
            styles = [self._span_style(span, base) for span in spans]
            return flow(text, styles, span_bounds(spans), index=index, first=first, rest=rest, width=width)
        span = spans[0]
        plain = not span.styles and span.href is None  # in the block's style (most blocks)
        if plain and not first and not rest and (lines := one_line(span.text, base, index, width)) is not None:
            return lines
        style = base if plain else self._span_style(span, base)
        return flow(span.text, [style], [], index=index, first=first, rest=rest, width=width)


class _Box:
    """Draws boxes of a table's columns for a painter: the rules and the rows of one group."""

    def __init__(self, painter: Painter, index: int, rest: list[Segment], prefix_cells: int, rows: int) -> None:
        self.painter = painter
        self.index = index
        self.rest = rest
        self.prefix_cells = prefix_cells
        self.last_row = rows - 1
        self.border = painter._style("table_border")

    def rule(self, group: ColumnGroup, corners: str, at: int) -> Line:
        """A border across the group's columns (`corners`: left, middle, right), standing at `at`."""
        left, middle, right = corners[0], corners[1], corners[2]
        text = left + middle.join("─" * (width + 2) for width in group.widths) + right
        return Line((*self.rest, Segment(text, self.border)), self.index, at, at, self.prefix_cells)

    def rows(self, group: ColumnGroup, numbered: Sequence[tuple[int, list[Cell], int]]) -> list[Line]:
        """The lines of rows (their number in the table, their cells, their start in the block's
        text) in the group's columns, a rule under a header row."""
        painter, index, border = self.painter, self.index, self.border
        lines: list[Line] = []
        for number, row, at in numbered:
            header = is_header(row)
            base = painter._style("text") + (painter._style("table_header") if header else Style.null())
            cells = [row[column] for column in group.columns]
            wrapped = [
                painter._flow(cell.spans, index, [], [], base=base, width=width) or [Line((), index)]
                for cell, width in zip(cells, group.widths, strict=True)
            ]
            for y in range(max(len(cell_lines) for cell_lines in wrapped)):
                segments: list[Segment] = [*self.rest, Segment("│", border)]
                for cell, cell_lines, width in zip(cells, wrapped, group.widths, strict=True):
                    content = cell_lines[y] if y < len(cell_lines) else Line((), index)
                    before, after = aligned(width - content.cell_length, cell.align)
                    segments += [
                        Segment(" " * (1 + before)),
                        *content.segments,
                        Segment(" " * (after + 1)),
                        Segment("│", border),
                    ]
                lines.append(Line(tuple(segments), index, at, at, self.prefix_cells))
            if header and number < self.last_row:
                lines.append(self.rule(group, "├┼┤", at))
        return lines


_QUOTE = BlockKind.QUOTE
"""A global, not the enum's attribute, asked for every paragraph (see `reader.model._CODE`)."""
_NONE: list[Segment] = []
"""No decoration (most blocks): one list for all, never changed."""

_PLAIN = frozenset((BlockKind.LIST, BlockKind.PARAGRAPH, BlockKind.QUOTE))
"""Kinds of block that follow one another in a list without a blank line."""

_PAINTERS: dict[BlockKind, Callable[[Painter, Block, int], list[Line]]] = {
    BlockKind.HEADING: Painter._paint_heading,
    BlockKind.IMAGE: Painter._paint_image,
    BlockKind.RULE: Painter._paint_rule,
    BlockKind.CODE: Painter._paint_code,
    BlockKind.TABLE: Painter._paint_table,
}


def _fit_marker(marker: str, cells: int) -> str:
    if cell_len(marker) <= cells:
        return marker
    return "…" + marker[-(cells - 1) :] if cells > 1 else marker[-1:]


def _code_lines(code: str) -> list[str]:
    return code.expandtabs(4).split("\n")
