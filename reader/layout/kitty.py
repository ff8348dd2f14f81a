"""The Kitty graphics protocol's Unicode placeholders: a picture drawn as lines of text.

The picture is sent to the terminal once (`transmit`: PNG in base64 chunks of an APC escape,
quiet, with a *virtual placement* of `cols` x `rows` cells). Then every cell of the picture
is the character U+10EEEE, its foreground colour the image id (24 bits), with two combining
marks from `DIACRITICS` saying which row and column of the picture it shows. So the picture
is text to the application: lines of segments that the line-based view draws, scrolls and
crops like any other line, and tmux passes along (with `allow-passthrough` for the escape
that sends it). Specification: sw.kovidgoyal.net/kitty/graphics-protocol, "Unicode
placeholders"; terminals that draw them: kitty, Ghostty.
"""

from __future__ import annotations

import base64
import io
from functools import cache
from typing import TYPE_CHECKING

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

if TYPE_CHECKING:
    from PIL.Image import Image

PLACEHOLDER = "\U0010eeee"

_DIACRITIC_RANGES = (
    "0305 030D-030E 0310 0312 033D-033F 0346 034A-034C 0350-0352 0357 035B 0363-036F 0483-0487 "
    "0592-0595 0597-0599 059C-05A1 05A8-05A9 05AB-05AC 05AF 05C4 0610-0617 0657-065B 065D-065E "
    "06D6-06DC 06DF-06E2 06E4 06E7-06E8 06EB-06EC 0730 0732-0733 0735-0736 073A 073D 073F-0741 "
    "0743 0745 0747 0749-074A 07EB-07F1 07F3 0816-0819 081B-0823 0825-0827 0829-082D 0951 "
    "0953-0954 0F82-0F83 0F86-0F87 135D-135F 17DD 193A 1A17 1A75-1A7C 1B6B 1B6D-1B73 1CD0-1CD2 "
    "1CDA-1CDB 1CE0 1DC0-1DC1 1DC3-1DC9 1DCB-1DCC 1DD1-1DE6 1DFE 20D0-20D1 20D4-20D7 20DB-20DC "
    "20E1 20E7 20E9 20F0 2CEF-2CF1 2DE0-2DFF A66F A67C-A67D A6F0-A6F1 A8E0-A8F1 AAB0 AAB2-AAB3 "
    "AAB7-AAB8 AABE-AABF AAC1 FE20-FE26 10A0F 10A38 1D185-1D189 1D1AA-1D1AD 1D242-1D244"
)
"""kitty's `rowcolumn-diacritics.txt`: combining marks of class 230 (above) from Unicode 6.0
without decompositions, in order; the n-th stands for the number n."""


def _expand(ranges: str) -> tuple[str, ...]:
    marks: list[str] = []
    for item in ranges.split():
        first, _, last = item.partition("-")
        marks.extend(chr(code) for code in range(int(first, 16), int(last or first, 16) + 1))
    return tuple(marks)


DIACRITICS = _expand(_DIACRITIC_RANGES)
MAX_CELLS = len(DIACRITICS)
"""Most rows or columns a placeholder can address (297)."""

CHUNK = 4096
"""Largest base64 payload in one escape (the protocol's limit)."""
PLACEMENT = 1
"""Every picture has one virtual placement, replaced when its size in cells changes."""
CELL_PIXELS = (10, 20)
"""Pixels per cell the picture is sent at: sharp on common fonts, never more than needed."""

GRAPHICS_QUERY = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
"""Asks the terminal to check a 1x1 picture without keeping it; a Kitty-graphics terminal
answers `ESC _G i=31;OK ESC \\` (followed by a device-attributes query, which every terminal
answers, so that one that does not know the protocol is found out without a timeout)."""
DEVICE_ATTRIBUTES = "\x1b[c"


def placeholder_rows(image_id: int, cols: int, rows: int) -> list[tuple[Segment, ...]]:
    """The lines that show picture `image_id` over `cols` x `rows` cells.

    Every cell carries its row and its column, so a line stands alone: the view may draw any
    line of the picture, or crop it, without the cells to its left.
    """
    if not 0 < image_id < 1 << 24:
        raise ValueError(f"image id {image_id} does not fit a 24-bit colour")
    if not (0 < cols <= MAX_CELLS and 0 < rows <= MAX_CELLS):
        raise ValueError(f"{cols} x {rows} cells: a placeholder addresses at most {MAX_CELLS}")
    style = _id_style(image_id)
    return [
        (Segment("".join(PLACEHOLDER + DIACRITICS[row] + DIACRITICS[col] for col in range(cols)), style),)
        for row in range(rows)
    ]


@cache
def _id_style(image_id: int) -> Style:
    return Style(color=Color.from_rgb(image_id >> 16 & 0xFF, image_id >> 8 & 0xFF, image_id & 0xFF))


def transmit(png: bytes, image_id: int, cols: int, rows: int, *, tmux: bool = False) -> str:
    """The escapes that send a PNG and make its virtual placement of `cols` x `rows` cells.

    Quiet (`q=2`): the terminal answers nothing, so no reply lands among the keys the app reads.
    """
    payload = base64.standard_b64encode(png).decode("ascii")
    chunks = [payload[start : start + CHUNK] for start in range(0, len(payload), CHUNK)] or [""]
    head = f"a=T,f=100,t=d,i={image_id},p={PLACEMENT},U=1,c={cols},r={rows},q=2"
    escapes = []
    for number, chunk in enumerate(chunks):
        more = 1 if number < len(chunks) - 1 else 0
        keys = f"{head},m={more}" if number == 0 else f"m={more},q=2"
        escapes.append(_wrap(f"\x1b_G{keys};{chunk}\x1b\\", tmux))
    return "".join(escapes)


def place(image_id: int, cols: int, rows: int, *, tmux: bool = False) -> str:
    """A new size in cells for a picture already sent (after a resize): nothing is sent again."""
    return _wrap(f"\x1b_Ga=p,i={image_id},p={PLACEMENT},U=1,c={cols},r={rows},q=2\x1b\\", tmux)


def delete(image_id: int, *, tmux: bool = False) -> str:
    """Free the picture and its placements in the terminal."""
    return _wrap(f"\x1b_Ga=d,d=I,i={image_id},q=2\x1b\\", tmux)


def _wrap(escape: str, tmux: bool) -> str:
    """Inside tmux, an escape for the outer terminal goes through tmux's passthrough."""
    if not tmux:
        return escape
    return "\x1bPtmux;" + escape.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def query(*, tmux: bool = False) -> str:
    """What `terminal graphics detection` writes: the graphics query, then device attributes."""
    return _wrap(GRAPHICS_QUERY, tmux) + DEVICE_ATTRIBUTES


def png_for(picture: Image, cols: int, rows: int) -> bytes:
    """The picture as PNG, at most `CELL_PIXELS` per cell of its placement (never enlarged)."""
    box = (cols * CELL_PIXELS[0], rows * CELL_PIXELS[1])
    image = picture
    if picture.width > box[0] or picture.height > box[1]:
        image = picture.copy()
        image.thumbnail(box)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
