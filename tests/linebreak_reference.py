"""The line breaking rules written the plain way, as the oracle of `reader.layout.linebreak`.

The module works the opportunities out with masks over its characters' classes, and breaks
lines in one loop; this is the earlier form of the same rules, a regular expression a rule
and a cell count per character (`rich.cells`), kept to compare with (`tests/test_linebreak_fast.py`)."""

from __future__ import annotations

import bisect
import itertools
import re

from rich.cells import get_character_cell_size

from reader.chars import CLOSING, OPENING
from reader.layout.linebreak import _fold_point

_SPACES = " \t"
_SPACE_RUN = re.compile(r"[ \t\n]+")
_AFTER_HYPHEN = re.compile(r"(?<=[^\W_][-/])(?=[^\W\d_])")  # not before a digit: `2026-11-24` stays whole
_NO_BREAK_BEFORE = re.compile("[ \t\n" + re.escape("".join(sorted(CLOSING))) + "]")
_NO_BREAK_AFTER = re.compile("[" + re.escape("".join(sorted(OPENING))) + "]")
_OPENING_THEN_SPACE = re.compile("[" + re.escape("".join(sorted(OPENING))) + "][ \t]+")


def wide_class() -> re.Pattern[str]:
    """The characters that allow a break on either side, as one regular expression: the wide
    ranges of Rich's cell table (what the terminal draws two cells wide), CJK (ideographs,
    kana, hangul), and CJK punctuation."""
    from rich._unicode_data import load

    ranges = [(start, end) for start, end, width in load("auto").widths if width == 2]
    ranges += [(0x3000, 0x303F), (0xFF00, 0xFFEF), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF)]
    ranges += [(0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)]
    parts = "".join(f"{re.escape(chr(start))}-{re.escape(chr(end))}" for start, end in sorted(ranges))
    return re.compile(f"[{parts}]")


_WIDE = wide_class()
_WIDE_RUN = re.compile(_WIDE.pattern + "+")
_CLOSING_AFTER_WIDE = re.compile("(?<=" + _WIDE.pattern + ")[" + re.escape("".join(sorted(CLOSING))) + "]")
_OPENING_BEFORE_WIDE = re.compile("[" + re.escape("".join(sorted(OPENING))) + "](?=" + _WIDE.pattern + ")")


def opportunities(text: str) -> bytearray:
    """Set every break a rule allows, then clear every one a rule forbids."""
    allowed = bytearray(len(text) + 1)
    for match in _SPACE_RUN.finditer(text):
        allowed[match.end()] = 1
    for match in _WIDE_RUN.finditer(text):
        allowed[match.start() : match.end() + 1] = b"\x01" * (match.end() - match.start() + 1)
    for match in _AFTER_HYPHEN.finditer(text):
        allowed[match.start()] = 1
    for match in _CLOSING_AFTER_WIDE.finditer(text):
        allowed[match.end()] = 1
    for match in _OPENING_BEFORE_WIDE.finditer(text):
        allowed[match.start()] = 1
    for match in _NO_BREAK_BEFORE.finditer(text):
        allowed[match.start()] = 0
    for match in _NO_BREAK_AFTER.finditer(text):
        allowed[match.end()] = 0
    for match in _OPENING_THEN_SPACE.finditer(text):
        allowed[match.end()] = 0
    allowed[0] = 0
    allowed[len(text)] = 1
    return allowed


def break_lines(text: str, width: int) -> list[tuple[int, int]]:
    """First fit over the opportunities, between hard breaks, measured a character at a time
    (`cells`)."""
    width = max(width, 2)
    allowed = opportunities(text)
    cum = [0, *itertools.accumulate(cells(text))]
    lines: list[tuple[int, int]] = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        segment = _segment(text, start, end, width, allowed=allowed, cum=cum)
        lines += segment
        if not segment and end < len(text):
            lines.append((start, start))
        start = end + 1
    return lines


def _segment(
    text: str, start: int, end: int, width: int, *, allowed: bytearray, cum: list[int]
) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    position = _skip(text, start, end)
    while position < end:
        edge = _skip(text, bisect.bisect_right(cum, cum[position] + width, position, end + 1) - 1, end)
        after = edge
        if edge < end and not allowed[edge]:
            last = allowed.rfind(1, position + 1, edge + 1)
            after = last if last > position else _fold_point(text, position, max(edge, position + 1))
        stop = after
        while stop > position and text[stop - 1] in _SPACES:
            stop -= 1
        lines.append((position, stop))
        position = _skip(text, after, end)
    return lines


def _skip(text: str, position: int, end: int) -> int:
    while position < end and text[position] in _SPACES:
        position += 1
    return position


def _breakable(char: str) -> bool:
    """A place to cut code anyway: a blank, or a character of a script without spaces."""
    return char in _SPACES or get_character_cell_size(char) == 2 or bool(_WIDE_RUN.match(char))


def cells(text: str) -> list[int]:
    """Each character's cells: ASCII a cell each, control characters included (a tab found in
    ASCII text among them: Hypothesis found `a\ta` at width 2 measured as two cells here and
    three by the line breaking), else Rich's count."""
    return [1] * len(text) if text.isascii() else list(map(get_character_cell_size, text))


def fold(text: str, width: int) -> list[tuple[int, int]]:
    """Code folded at the width: after the last blank that follows some text when the width
    falls inside a word (and the word starts with no closing mark), else by the kinsoku rule,
    measured a character at a time (`cells`)."""
    cum = [0, *itertools.accumulate(cells(text))]
    pieces: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        edge = bisect.bisect_right(cum, cum[start] + max(width, 2), start, len(text) + 1) - 1
        if edge >= len(text):
            pieces.append((start, len(text)))
            break
        cut = _fold_point(text, start, max(edge, start + 1))
        if edge > start and not _breakable(text[edge - 1]) and not _breakable(text[edge]):
            blanks = [m.end() for m in re.finditer(r"[ \t]+", text[start:edge]) if m.start() > 0]
            if blanks and text[start + blanks[-1]] not in CLOSING:
                cut = start + blanks[-1]
        pieces.append((start, cut))
        start = cut
    return pieces
