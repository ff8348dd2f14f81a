"""CJK-aware line breaking, in display cells.

Rich wraps at spaces only, so a Chinese paragraph (no spaces) is folded anywhere, commas
land at the start of lines and lines end on an opening bracket. This module owns breaking:

- a line may break at spaces, and between two characters when either is CJK;
- never before closing punctuation nor after opening punctuation (kinsoku), nor at the
  space after an opening mark;
- the text is the article's own: no mark is swapped for a narrower form to make room.
  When a closing mark does not fit at the end of a full line, the character before it goes
  down with it and the line ends a cell or two short: a break kinsoku forces;
- a word wider than the line is folded, and code is folded at the width, both by the same
  kinsoku rule (`fold`);
- no line starts or ends with a space.

It works on plain strings and returns character ranges, so layout can slice styled text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import cache
from typing import NamedTuple

from reader.chars import CLOSING, OPENING, cell_len, char_width

_SPACES = frozenset(" \t")
KINSOKU_LOOKBACK = 8
"""How far a fold moves back to keep a closing mark off the next line: a longer run of marks
is cut at the edge (it has no better place, and looking further would make a hostile run of
a million marks quadratic)."""


class LineRange(NamedTuple):
    """One line: characters `[start, end)` of the text. (A named tuple: one is made per line
    laid out, and a frozen dataclass takes twice as long to make.)"""

    start: int
    end: int


def _wide_class() -> re.Pattern[str]:
    """One regular expression for the characters that allow a break on either side: the wide
    ranges of Rich's cell table (what the terminal draws two cells wide), CJK (ideographs,
    kana, hangul), and CJK punctuation."""
    from rich._unicode_data import load

    ranges = [(start, end) for start, end, width in load("auto").widths if width == 2]
    ranges += [(0x3000, 0x303F), (0xFF00, 0xFFEF), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF)]
    ranges += [(0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)]
    parts = "".join(f"{re.escape(chr(start))}-{re.escape(chr(end))}" for start, end in sorted(ranges))
    return re.compile(f"[{parts}]")


@cache
def _wide_run() -> re.Pattern[str]:
    """Compiled on first non-ASCII text: a large character class, and English never needs it."""
    return re.compile(_wide_class().pattern + "+")


_JAMO = re.compile("[\u1100-\u115f]")
"""The only wide characters below U+231A (Hangul leading jamo)."""


def _maybe_wide(text: str) -> bool:
    """Whether `text` may hold a wide character. Typographic quotes, dashes and ellipses (below
    U+231A) never need the large expression compiled, and neither does this test: a class
    reaching U+10FFFF takes milliseconds to compile, `max` is one pass in C."""
    if text.isascii():
        return False
    top = max(text)
    return top >= "\u231a" or (top >= "\u1100" and _JAMO.search(text) is not None)


_SPACE_RUN = re.compile(r"[ \t\n]+")
_AFTER_HYPHEN = re.compile(r"(?<=[^\W_][-/])(?=[^\W_])")
_NO_BREAK_BEFORE = re.compile("[ \t\n" + re.escape("".join(sorted(CLOSING))) + "]")
_NO_BREAK_AFTER = re.compile("[" + re.escape("".join(sorted(OPENING))) + "]")
_OPENING_THEN_SPACE = re.compile("[" + re.escape("".join(sorted(OPENING))) + "][ \t]+")
"""A space after an opening mark is no break either: the line would end on the mark once its
trailing space is trimmed (German closes a quotation with “: `„Brücke 49“ liegt`)."""


def break_opportunities(text: str) -> bytearray:
    """`result[i]` is true when a line may start at `text[i]` (a break between i-1 and i).

    Built with regular expressions and slice assignments rather than a loop per character:
    first every place a break is possible (after spaces, around wide characters, after a
    hyphen or slash inside a word), then the places a rule forbids are cleared."""
    size = len(text)
    allowed = bytearray(size + 1)
    for match in _SPACE_RUN.finditer(text):
        allowed[match.end()] = 1
    if _maybe_wide(text):
        for match in _wide_run().finditer(text):
            allowed[match.start() : match.end() + 1] = b"\x01" * (match.end() - match.start() + 1)
    if "-" in text or "/" in text:
        for match in _AFTER_HYPHEN.finditer(text):
            allowed[match.start()] = 1
    for match in _NO_BREAK_BEFORE.finditer(text):
        allowed[match.start()] = 0
    for match in _NO_BREAK_AFTER.finditer(text):
        allowed[match.end()] = 0
    for match in _OPENING_THEN_SPACE.finditer(text):
        allowed[match.end()] = 0
    allowed[0] = 0
    allowed[size] = 1
    return allowed


def break_lines(text: str, width: int) -> list[LineRange]:
    """Break `text` into lines of at most `width` cells; `\\n` forces a break."""
    width = max(width, 2)
    if len(text) <= width and "\n" not in text and (text.isascii() or cell_len(text) <= width):
        # It fits: one line, trimmed (most headings, list items and table cells).
        start = len(text) - len(text.lstrip(" \t"))
        return [LineRange(start, len(text.rstrip(" \t")))] if start < len(text) else []
    return _Breaker(text, width).run()


class _Breaker:
    """First fit: each line takes the last break opportunity that fits. With kinsoku in the
    opportunities, a shorter line is never a choice but a rule's consequence, so there is
    nothing for a search over the paragraph to improve."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.width = width
        self.size = len(text)
        self.allowed = break_opportunities(text)
        self.cum = None if text.isascii() else [0, *itertools.accumulate(map(_WIDTHS.__getitem__, text))]
        """Cells of `text[:i]`, for finding where a line is full by bisection; None when each
        character is a cell (ASCII): a list of two million counts was a fifth of the layout
        of a 2 MB word."""

    def run(self) -> list[LineRange]:
        lines: list[LineRange] = []
        start = 0
        while start <= self.size:
            end = self.text.find("\n", start)
            if end < 0:
                end = self.size
            segment = self._segment(start, end)
            lines.extend(segment if segment or end < self.size or not lines else [])
            if not segment and end < self.size:
                lines.append(LineRange(start, start))
            start = end + 1
        return lines

    def _skip_spaces(self, position: int, end: int) -> int:
        while position < end and self.text[position] in _SPACES:
            position += 1
        return position

    def _segment(self, start: int, end: int) -> list[LineRange]:
        """Lines for the text between two hard breaks."""
        lines: list[LineRange] = []
        position = self._skip_spaces(start, end)
        while position < end:
            after = self._line_end(position, end)
            lines.append(_trimmed(self.text, position, after))
            position = self._skip_spaces(after, end)
        return lines

    def _edge(self, start: int, end: int) -> int:
        """The first character from `start` that does not fit on the line (`end` when all
        do), found by bisection: spaces may run past the edge, they are trimmed."""
        text, cum = self.text, self.cum
        if cum is None:
            index = min(start + self.width, end)
        else:
            index = bisect.bisect_right(cum, cum[start] + self.width, start, end + 1) - 1
        while index < end and text[index] in _SPACES:
            index += 1
        return index

    def _line_end(self, start: int, end: int) -> int:
        """Where the line that starts at `start` ends: at the edge when a break is allowed
        there, else at the last allowed break before it, else (a word wider than the line)
        folded at the edge."""
        index = self._edge(start, end)
        if index >= end or self.allowed[index]:
            return index
        last_break = self.allowed.rfind(1, start + 1, index + 1)
        if last_break > start:
            return last_break
        return _fold_point(self.text, start, max(index, start + 1))


def _fold_point(text: str, start: int, edge: int) -> int:
    """Where to cut a run that has no break opportunity, at or before `edge`: not before a
    closing mark nor after an opening one when a place within `KINSOKU_LOOKBACK` allows it,
    else at the edge."""
    for fold in range(edge, max(start, edge - KINSOKU_LOOKBACK), -1):
        if text[fold] not in CLOSING and text[fold - 1] not in OPENING:
            return fold
    return edge


def fold(text: str, width: int) -> list[tuple[int, int]]:
    """Character ranges of at most `width` cells that cover `text` exactly (code is folded,
    never re-wrapped: every space stays), cut by the kinsoku rule of prose: no piece starts
    with a closing mark or follows one that ends with an opening mark, unless the run is all
    such marks."""
    pieces: list[tuple[int, int]] = []
    if not text:
        return pieces
    widths = [1] * len(text) if text.isascii() else list(map(_WIDTHS.__getitem__, text))
    cum = [0, *itertools.accumulate(widths)]
    start = 0
    while start < len(text):
        edge = bisect.bisect_right(cum, cum[start] + max(width, 2), start, len(text) + 1) - 1
        if edge >= len(text):
            pieces.append((start, len(text)))
            break
        cut = _fold_point(text, start, max(edge, start + 1))
        pieces.append((start, cut))
        start = cut
    return pieces


class _CellWidths(dict[str, int]):
    """Cell width by character, learnt on first sight: `map` over it runs at C speed."""

    def __missing__(self, char: str) -> int:
        width = self[char] = char_width(char)
        return width


_WIDTHS = _CellWidths()


def _trimmed(text: str, start: int, end: int) -> LineRange:
    while end > start and text[end - 1] in _SPACES:
        end -= 1
    return LineRange(start, end)
