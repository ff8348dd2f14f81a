"""CJK-aware line breaking, in display cells.

Rich wraps at spaces only, so a Chinese paragraph (no spaces) is folded anywhere, commas
land at the start of lines and lines end on an opening bracket. This module owns breaking:

- a line may break at spaces, between two characters when either is CJK, on the outer
  side of a mark that closes or opens CJK text (`城”|27`, `证”|“体`), and after a hyphen or
  slash inside a word, unless a digit follows it (`2026-11-24` stays whole);
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
from typing import NamedTuple

from reader.chars import CLOSING, OPENING, cell_len, char_width, is_cjk, is_cjk_punctuation

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


def _wide(char: str, cells: int) -> bool:
    """Whether a character (of `cells` cells) allows a break on either side: what the terminal
    draws two cells wide (Rich's cell table, which `cells` comes from), CJK (ideographs, kana,
    hangul), and CJK punctuation. Asked once per character met (`_CLASSES`): tests of ranges,
    where a regular expression of the same class took 20-30 ms to compile at the first
    non-ASCII line, on the UI thread, as the first keys came."""
    return cells == 2 or is_cjk(char) or is_cjk_punctuation(char)


_HYPHEN_THEN_DIGIT = re.compile(r"\w[-/](?=\d)")
"""Nor after a hyphen or slash that a digit follows: a date, a telephone number, a version or
a range stays whole (`2026-` then `11-24` on the next line read as two numbers), as Unicode's
line breaking keeps a hyphen with the number after it (UAX #14, LB25)."""

_OPENING_THEN_SPACE = re.compile("[" + re.escape("".join(sorted(OPENING))) + "][ \t]+")
"""A space after an opening mark is no break either: the line would end on the mark once its
trailing space is trimmed (German closes a quotation with “: `„Brücke 49“ liegt`)."""

# What a character is to line breaking, as bits of one byte (`_Classes`). The bits of ASCII
# characters stay below 128, so that ASCII text is translated by CPython's fast path.
_WIDTH = 0b11
"""Its cells (0, 1 or 2)."""
_SPACE = 4
"""A space, tab or newline: a line may start after it, never at it."""
_CLOSE = 8
"""Closing punctuation (`CLOSING`): never at a line's start."""
_OPEN = 16
"""Opening punctuation (`OPENING`): never at a line's end."""
_HYPHEN = 32
"""A hyphen or slash: a break after it inside a word."""
_WORD = 64
"""A letter or digit (`[^\\W_]`): what a hyphen joins."""
_WIDE = 128
"""In the wide class (`_wide`): a break on either side."""


def _class_of(char: str) -> str:
    """The character's bits, as the character of that number."""
    cells = char_width(char)
    bits = cells
    bits |= _SPACE if char in " \t\n" else 0
    bits |= _CLOSE if char in CLOSING else 0
    bits |= _OPEN if char in OPENING else 0
    bits |= _HYPHEN if char in "-/" else 0
    bits |= _WORD if char.isalnum() else 0
    bits |= _WIDE if _wide(char, cells) else 0
    return chr(bits)


_CLASSES = {code: _class_of(chr(code)) for code in range(256)}
"""The bits of the characters met so far, by code point: `str.translate` through it
classifies a whole text in C. A plain dict (a subclass learning in `__missing__` took a third
longer a character); Latin-1 is in it from the start, so that any character left untranslated
is one past it, which encoding the result as Latin-1 finds."""


def _classes(text: str) -> bytes:
    """The class byte of each character of `text`."""
    try:
        return text.translate(_CLASSES).encode("latin-1")
    except UnicodeEncodeError:
        for char in [char for char in set(text) if ord(char) not in _CLASSES]:
            _CLASSES[ord(char)] = _class_of(char)
        return text.translate(_CLASSES).encode("latin-1")


def _has(bit: int) -> bytes:
    """A table for `bytes.translate`: 1 for the class bytes with `bit`, else 0."""
    return bytes(1 if code & bit else 0 for code in range(256))


_HAS_SPACE, _HAS_CLOSE, _HAS_OPEN, _HAS_HYPHEN, _HAS_WORD, _HAS_WIDE = map(
    _has, (_SPACE, _CLOSE, _OPEN, _HYPHEN, _WORD, _WIDE)
)
_CELLS = bytes(code & _WIDTH for code in range(256))


def _mask(classes: bytes, table: bytes) -> int:
    """A byte a character, 1 where its class has the table's bit: an integer whose shifts by
    8 bits look at the characters before (`<< 8` puts `text[i - 1]`'s byte at `i`)."""
    return int.from_bytes(classes.translate(table), "little")


def break_opportunities(text: str, classes: bytes | None = None) -> bytearray:
    """`result[i]` is true when a line may start at `text[i]` (a break between i-1 and i).

    Worked out for every place at once, in C: each rule is a mask over the characters'
    classes (`_classes`, given as `classes` when the caller has them), shifted to look at
    their neighbours. A break is possible after a space, on either side of a wide character,
    and after a hyphen or slash between two letters or digits, unless a digit follows it; it
    is not before a space or a closing mark, nor after an opening one (nor after the spaces
    that follow it). A closing mark
    after a wide character allows a break after it, an opening mark before one a break
    before it: Chinese writes its quotation marks with the one-cell ”“ of General
    Punctuation, not wide, so `证”“体` and `城”27天` had no break between the marks or after
    them, and the line ended early, before `证` or `城`, where after 」 or ） it breaks."""
    size = len(text)
    if classes is None:
        classes = _classes(text)
    spaces = _mask(classes, _HAS_SPACE)
    allow = spaces << 8
    opening = _mask(classes, _HAS_OPEN)
    closing = _mask(classes, _HAS_CLOSE)
    if not text.isascii():
        wide = _mask(classes, _HAS_WIDE)
        allow |= wide | wide << 8
        allow |= closing << 8 & wide << 16 | opening & wide >> 8
    hyphens = "-" in text or "/" in text
    if hyphens:
        words = _mask(classes, _HAS_WORD)
        allow |= words << 16 & _mask(classes, _HAS_HYPHEN) << 8 & words
    forbid = spaces | closing | opening << 8
    everywhere = (1 << 8 * (size + 1)) - 1
    allowed = bytearray((allow & ~forbid & everywhere).to_bytes(size + 1, "little"))
    if opening:
        for match in _OPENING_THEN_SPACE.finditer(text):
            allowed[match.end()] = 0
    if hyphens:
        for match in _HYPHEN_THEN_DIGIT.finditer(text):
            allowed[match.end()] = 0
    allowed[0] = 0
    allowed[size] = 1
    return allowed


def break_lines(text: str, width: int) -> list[LineRange]:
    """Break `text` into lines of at most `width` cells; `\\n` forces a break."""
    line = fitting(text, width)
    if line is None:
        return _Breaker(text, max(width, 2)).run()
    start, end = line
    return [LineRange(start, end)] if start < end else []


def fitting(text: str, width: int) -> tuple[int, int] | None:
    """The one line of a text that fits on one line (most headings, list items and table
    cells), as `break_lines` makes it: (start, end), trimmed, empty (`start >= end`) for blank
    text; found without breaking. None when `text` does not fit."""
    width = max(width, 2)
    if len(text) > width or "\n" in text or (not text.isascii() and cell_len(text) > width):
        return None
    return len(text) - len(text.lstrip(" \t")), len(text.rstrip(" \t"))


class _Breaker:
    """First fit: each line takes the last break opportunity that fits. With kinsoku in the
    opportunities, a shorter line is never a choice but a rule's consequence, so there is
    nothing for a search over the paragraph to improve."""

    def __init__(self, text: str, width: int) -> None:
        self.text = text
        self.width = width
        self.size = len(text)
        classes = _classes(text)
        self.allowed = break_opportunities(text, classes)
        self.cum: list[int] | None = None
        """Cells of `text[:i]`, for finding where a line is full by bisection; None when each
        character is a cell (ASCII, or none wide nor zero-width): a list of two million counts
        was a fifth of the layout of a 2 MB word. The widths come from the classes, a byte
        each, added up in C."""
        if not text.isascii():
            cells = classes.translate(_CELLS)
            if cells.count(1) != self.size:
                self.cum = [0, *itertools.accumulate(cells)]

    def run(self) -> list[LineRange]:
        text, size = self.text, self.size
        if "\n" not in text:
            return self._segment(0, size)
        lines: list[LineRange] = []
        start = 0
        while start <= size:
            end = text.find("\n", start)
            if end < 0:
                end = size
            segment = self._segment(start, end)
            lines += segment
            if not segment and end < size:
                lines.append(LineRange(start, start))
            start = end + 1
        return lines

    def _segment(self, start: int, end: int) -> list[LineRange]:
        """Lines for the text between two hard breaks: each ends at the edge when a break is
        allowed there, else at the last allowed break before it, else (a word wider than the
        line) folded at the edge; the spaces between lines belong to neither. (One loop, not
        a call per step: a few lines a paragraph, each paid the calls more than the work.)"""
        text, cum, width, allowed = self.text, self.cum, self.width, self.allowed
        lines: list[LineRange] = []
        position = start
        while position < end and text[position] in _SPACES:
            position += 1
        while position < end:
            # The first character that does not fit (spaces may run past the edge: trimmed).
            if cum is None:
                index = min(position + width, end)
            else:
                index = bisect.bisect_right(cum, cum[position] + width, position, end + 1) - 1
            while index < end and text[index] in _SPACES:
                index += 1
            if index < end and not allowed[index]:
                last_break = allowed.rfind(1, position + 1, index + 1)
                index = last_break if last_break > position else _fold_point(text, position, max(index, position + 1))
            after = index
            while index > position and text[index - 1] in _SPACES:
                index -= 1
            lines.append(LineRange(position, index))
            position = after
            while position < end and text[position] in _SPACES:
                position += 1
        return lines


def _fold_point(text: str, start: int, edge: int) -> int:
    """Where to cut a run that has no break opportunity, at or before `edge`: not before a
    closing mark nor after an opening one when a place within `KINSOKU_LOOKBACK` allows it,
    else at the edge."""
    for fold in range(edge, max(start, edge - KINSOKU_LOOKBACK), -1):
        if text[fold] not in CLOSING and text[fold - 1] not in OPENING:
            return fold
    return edge


def _space_fold_point(text: str, start: int, edge: int) -> int | None:
    """Where to cut a line of code that the edge would cut inside a word: after the last blank
    before the word, as an editor's soft wrap does (a word cut in two reads as two words, and a
    long line of prose in a `<pre>`, an RFC's, was cut every few words); None when the edge
    falls beside a blank or a wide character (a place to break anyway), when the piece has no
    blank after some text, or when the word would start with a closing mark."""
    before, after = text[edge - 1], text[edge]
    if before in _SPACES or after in _SPACES or _wide(before, char_width(before)) or _wide(after, char_width(after)):
        return None
    blank = max(text.rfind(" ", start, edge), text.rfind("\t", start, edge))
    if blank <= start or not text[start:blank].strip(" \t") or text[blank + 1] in CLOSING:
        return None
    return blank + 1


def fold(text: str, width: int) -> list[tuple[int, int]]:
    """Character ranges of at most `width` cells that cover `text` exactly (code is folded,
    never re-wrapped: every space stays), after a blank rather than inside a word where the
    piece has one (`_space_fold_point`), else cut by the kinsoku rule of prose: no piece starts
    with a closing mark or follows one that ends with an opening mark, unless the run is all
    such marks."""
    pieces: list[tuple[int, int]] = []
    if not text:
        return pieces
    cum = list(range(len(text) + 1)) if text.isascii() else [0, *itertools.accumulate(_classes(text).translate(_CELLS))]
    start = 0
    while start < len(text):
        edge = bisect.bisect_right(cum, cum[start] + max(width, 2), start, len(text) + 1) - 1
        if edge >= len(text):
            pieces.append((start, len(text)))
            break
        cut = _space_fold_point(text, start, edge) if edge > start else None
        cut = cut or _fold_point(text, start, max(edge, start + 1))
        pieces.append((start, cut))
        start = cut
    return pieces
