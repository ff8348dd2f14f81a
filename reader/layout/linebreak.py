"""CJK-aware line breaking, in display cells.

Rich wraps at spaces only, so a Chinese paragraph (no spaces) is folded anywhere, commas
land at the start of lines and lines end on an opening bracket. This module owns breaking:

- a line may break at spaces, and between two characters when either is CJK;
- never before closing punctuation nor after opening punctuation (kinsoku);
- when a closing mark does not fit at the end of a full line, the line is squeezed
  (the push-in of CJK typesetting: a space between CJK and Latin text closes up, or a
  full-width mark takes its one-cell form, preferably the one ending the line; brackets
  never, or they would no longer match) rather than pushing the last character down and
  leaving a gap a character wide;
- a word wider than the line is folded;
- no line starts or ends with a space.

It works on plain strings and returns character ranges, so layout can slice styled text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cache

from reader.chars import CLOSING, OPENING, cell_len, char_width, half_width, is_cjk, is_cjk_punctuation

MAX_SQUEEZE = 3
"""At most this many marks are squeezed on one line, so it still reads as set text."""

_SPACES = frozenset(" \t")


@dataclass(frozen=True, slots=True)
class LineRange:
    """One line: characters `[start, end)` of the text, and which marks are squeezed."""

    start: int
    end: int
    squeezed: frozenset[int] = frozenset()


def _breaks_around(char: str) -> bool:
    """Characters that allow a break on either side: ideographs, kana, CJK punctuation."""
    return is_cjk(char) or is_cjk_punctuation(char) or char_width(char) == 2


def _wide_class() -> re.Pattern[str]:
    """One regular expression for every character `_breaks_around` accepts: the wide ranges of
    Rich's cell table (what the terminal draws two cells wide), CJK, and CJK punctuation."""
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
_NUMBER_THEN_CLOSING = re.compile(r"\d[\d.]*(?![\d.])(?=[" + re.escape("".join(sorted(CLOSING))) + "])")
"""A number directly followed by a closing mark ("5,974," or "2022，") does not start a
line: read at a line start it looks like a list number and a stray mark."""


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
    for match in _NUMBER_THEN_CLOSING.finditer(text):
        allowed[match.start() : match.end()] = bytes(match.end() - match.start())
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


GAP_COST = 1000
"""A line ended early although the next CJK character would have fitted."""
SQUEEZE_COST = 1
"""One punctuation mark shown in its one-cell form."""
INSIDE_SQUEEZE_COST = 3
"""More for a mark squeezed inside the line, where its narrow form shows most."""
EARLY_COST = 2
"""A line ended early beside Latin text or a bracket: ragged, but no gap in CJK text.
Each cell it leaves empty costs one more, so the search prefers squeezing a mark."""
EARLIER_BREAKS = 3
"""How many such earlier breaks each line offers the paragraph-level search."""

_Option = tuple[LineRange, int, int]
"""(line, where the next line starts, cost)"""


class _Breaker:
    """Greedy filling first; where that leaves a gap (a line's last character pushed down
    by a closing mark with room to spare), the paragraph is re-broken by dynamic
    programming over the few sensible ends of each line: full, squeezed, or pushed out."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.width = width
        self.size = len(text)
        self.allowed = break_opportunities(text)
        self.widths = [1] * self.size if text.isascii() else list(map(_WIDTHS.__getitem__, text))
        self.cum = [0, *itertools.accumulate(self.widths)]
        """Cells of `text[:i]`, for finding where a line is full by bisection."""

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
        gaps = False
        while position < end:
            line, after, cost = self._first(position, end)
            lines.append(line)
            gaps |= cost >= GAP_COST
            position = self._skip_spaces(after, end)
        if not gaps:
            return lines
        return self._optimal(self._skip_spaces(start, end), end)

    def _optimal(self, start: int, end: int) -> list[LineRange]:
        options: dict[int, list[_Option]] = {}
        pending = [start]
        while pending:
            position = pending.pop()
            if position in options or position >= end:
                continue
            options[position] = self._options(position, end)
            pending.extend(self._skip_spaces(after, end) for _, after, _ in options[position])
        best: dict[int, tuple[int, int]] = {end: (0, -1)}
        """position -> (cost of the rest of the paragraph, index of the chosen option)"""
        for position in sorted(options, reverse=True):
            choices = options[position]
            best[position] = min(
                (
                    (cost + best[self._skip_spaces(after, end)][0], number)
                    for number, (_, after, cost) in enumerate(choices)
                ),
            )
        lines: list[LineRange] = []
        position = start
        while position < end:
            line, after, _ = options[position][best[position][1]]
            lines.append(line)
            position = self._skip_spaces(after, end)
        return lines

    def _first(self, start: int, end: int) -> _Option:
        """`_options(start, end)[0]`, found without walking the line character by character."""
        index = self._edge(start, end)
        if index >= end:
            return _trimmed(self.text, start, end), end, 0
        if self.allowed[index]:
            return _trimmed(self.text, start, index), index, 0
        return self._options(start, end)[0]

    def _edge(self, start: int, end: int) -> int:
        """The first character from `start` that does not fit on the line (`end` when all
        do), found by bisection: spaces may run past the edge, they are trimmed."""
        text, cum = self.text, self.cum
        index = bisect.bisect_right(cum, cum[start] + self.width, start, end + 1) - 1
        while index < end and text[index] in _SPACES:
            index += 1
        return index

    def _options(self, start: int, end: int) -> list[_Option]:
        """Ways to end a line that starts at `start`, the greedy one first."""
        text, allowed = self.text, self.allowed
        index = self._edge(start, end)
        if index >= end:
            return [(_trimmed(text, start, end), end, 0)]
        used = self.cum[index] - self.cum[start]
        last_break = allowed.rfind(1, start + 1, index + 1)
        options: list[_Option] = []
        if allowed[index]:
            options.append((_trimmed(text, start, index), index, 0))
        options.extend(self._squeezed(start, index, used, end))
        if not allowed[index] and last_break > start:
            options.append(self._short(start, last_break, 0))
        options.extend(self._earlier(start, last_break if not allowed[index] else index))
        if not options:
            # A word wider than the line: fold it, keeping a closing mark off the next line.
            fold = index
            while fold > start + 1 and text[fold] in CLOSING:
                fold -= 1
            fold = max(fold, start + 1)
            options.append((_trimmed(text, start, fold), fold, 0))
        return options

    def _short(self, start: int, end: int, cost: int) -> _Option:
        """A line ending before `end`, which leaves room: a gap when the next character is
        CJK and would have fitted, costed as such."""
        line = _trimmed(self.text, start, end)
        shown = sum(self.widths[line.start : line.end])
        gap = is_cjk(self.text[end]) and shown + self.widths[end] <= self.width
        ends_cjk = line.end > line.start and _breaks_around(self.text[line.end - 1])
        return line, end, GAP_COST if gap and ends_cjk else cost

    def _earlier(self, start: int, limit: int) -> list[_Option]:
        """Breaks before `limit` where the line ends beside Latin text or a bracket: short,
        but not a gap in CJK text. They give the paragraph room to avoid a gap further on."""
        options: list[_Option] = []
        position = limit - 1
        while position > start and len(options) < EARLIER_BREAKS:
            if self.allowed[position] and not (is_cjk(self.text[position]) and is_cjk(self.text[position - 1])):
                line = _trimmed(self.text, start, position)
                room = self.width - sum(self.widths[line.start : line.end])
                option = self._short(start, position, EARLY_COST + room)
                if option[2] < GAP_COST:
                    options.append(option)
            position -= 1
        return options

    def _squeezed(self, start: int, index: int, used: int, end: int) -> list[_Option]:
        """Lines reaching past `index` by squeezing marks: one, two or three more breaks."""
        options: list[_Option] = []
        cells = used
        visible = used
        """Cells up to the last character that is not a space: what squeezing must fit."""
        position = index
        while position < end and len(options) < MAX_SQUEEZE:
            cells += self.widths[position]
            if self.text[position] not in _SPACES:
                visible = cells
            position += 1
            if visible - self.width > MAX_SQUEEZE:
                break  # past what any squeezing recovers: without this a long word is walked to its end, per line
            if position < end and not self.allowed[position]:
                continue
            shown = _trimmed(self.text, start, position)
            line = self._fit(start, shown.end, cells - sum(self.widths[shown.end : position]))
            if line is None:
                break
            options.append((line, position, self._squeeze_cost(line)))
        return options

    def _fit(self, start: int, end: int, cells: int) -> LineRange | None:
        overflow = cells - self.width
        if overflow <= 0:
            return LineRange(start, end)
        text, widths = self.text, self.widths
        marks = [i for i in range(end - 1, start - 1, -1) if widths[i] == 2 and half_width(text[i]) != text[i]]
        spaces = [i for i in range(end - 2, start, -1) if text[i] == " " and self._cjk_boundary(i)]
        # A closed-up space shows least, then a mark at the end of the line; a narrow mark
        # inside the line shows most.
        last = [i for i in marks if i == end - 1]
        candidates = spaces + last + [i for i in marks if i != end - 1]
        if overflow > min(len(candidates), MAX_SQUEEZE):
            return None
        return LineRange(start, end, frozenset(candidates[:overflow]))

    def _squeeze_cost(self, line: LineRange) -> int:
        inside = sum(1 for i in line.squeezed if i != line.end - 1 and self.text[i] != " ")
        return SQUEEZE_COST * len(line.squeezed) + INSIDE_SQUEEZE_COST * inside

    def _cjk_boundary(self, index: int) -> bool:
        """A single space between CJK and Latin text: spacing, not a word break, so it may
        close up like the thin space a typesetter would put there."""
        before, after = self.text[index - 1], self.text[index + 1]
        if before in _SPACES or after in _SPACES:
            return False
        return (is_cjk(before) or is_cjk_punctuation(before)) != (is_cjk(after) or is_cjk_punctuation(after))


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


def render_range(text: str, line: LineRange, start: int | None = None, end: int | None = None) -> str:
    """Characters `[start, end)` of a line (all of it by default) as shown: squeezed marks in
    their one-cell form, squeezed spaces gone."""
    start = line.start if start is None else start
    end = line.end if end is None else end
    if not line.squeezed:
        return text[start:end]
    return "".join(_squeezed(text[i]) if i in line.squeezed else text[i] for i in range(start, end))


def _squeezed(char: str) -> str:
    return "" if char == " " else half_width(char)
