"""A decoded picture x a width x a height limit -> lines of cells, like any other lines.

A picture is N lines of the layout, so the line-based view draws it through `render_line`
as it draws text, and scrolling a page full of pictures costs what scrolling text costs.
Two ways to fill the cells:

- half-blocks (`Graphics.BLOCKS`), in any colour terminal: each cell is `▀`, its foreground
  the upper pixel and its background the lower one: two square pixels per cell;
- Kitty's Unicode placeholders (`Graphics.KITTY`, see `kitty`), where the terminal draws the
  picture itself at its full resolution over the same cells.

Both take the same cells for a picture (`fit_cells`), so the space a picture takes never
depends on how it is drawn, and can be reserved from the `width`/`height` the page gives
before the picture arrives. Pictures are not recoloured by the theme; transparent parts show
the theme's background, and the caption and the loading line use the theme's styles.

Why not textual-image (0.12, tried under Textual 8): importing its renderables asks the
terminal (two queries with 0.1 s timeouts, reading the keys the user types meanwhile, and
writing escapes under `--dump`): 0.18 s on top of Rich and Pillow in tmux, 0.06-0.09 s
without a terminal; it prefers Sixel, which a line-based view cannot draw; its Kitty mode
writes to `sys.__stdout__` from inside rendering, between Textual's own writes, with no tmux
passthrough; and its renderables draw whole pictures, not lines one at a time. What we need
of it (the `▀` cells and the placeholder cells) is a few dozen lines here, and its half-cell
renderer was slower: 121 ms for an 800 x 600 picture in 80 x 30 cells, against 40 ms here
(one machine, busy; both off the UI thread's way once cached per width).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable
from enum import StrEnum
from typing import TYPE_CHECKING

from rich.color import Color, ColorParseError, ColorType
from rich.color_triplet import ColorTriplet
from rich.segment import Segment
from rich.style import Style

from reader.chars import cell_len
from reader.layout import kitty
from reader.layout.linebreak import break_lines
from reader.layout.theme import ThemeSpec

if TYPE_CHECKING:
    from PIL.Image import Image

Row = tuple[Segment, ...]

HALF_BLOCK = "▀"
NOMINAL_CELL = (8, 16)
"""Pixels of a typical terminal cell: a picture's natural size in cells (cells are about
twice as tall as wide). A 640 x 480 photograph takes 80 x 30 cells, then is fitted."""
LOADING = "loading picture…"
CACHE_CELLS = 400_000
"""Cells of drawn pictures kept (about 50 pictures of 80 x 100 cells)."""


class Graphics(StrEnum):
    """How pictures are drawn: chosen once before the app starts (`--images`, the setting,
    or what the terminal supports)."""

    KITTY = "kitty"
    BLOCKS = "blocks"
    OFF = "off"


def fit_cells(size: tuple[int, int], max_cols: int, max_rows: int) -> tuple[int, int]:
    """Cells (columns, rows) for a picture of `size` pixels: its natural size in cells, shrunk
    to fit `max_cols` x `max_rows` with its aspect ratio kept. Never less than one cell."""
    width, height = size
    cols = max(width, 1) / NOMINAL_CELL[0]
    rows = max(height, 1) / NOMINAL_CELL[1]
    limit = min(max(max_cols, 1), kitty.MAX_CELLS), min(max(max_rows, 1), kitty.MAX_CELLS)
    scale = min(1.0, limit[0] / cols, limit[1] / rows)
    return max(1, min(limit[0], round(cols * scale))), max(1, min(limit[1], round(rows * scale)))


def half_blocks(picture: Image, cols: int, rows: int, background: tuple[int, int, int]) -> list[Row]:
    """The picture in `cols` x `rows` cells of `▀`: two pixels a cell, runs of equal cells
    merged into one segment. Transparent pixels take `background`."""
    from PIL import Image as PILImage

    pixels = picture
    if picture.mode != "RGB":
        flat = PILImage.new("RGB", picture.size, background)
        flat.paste(picture, mask=picture.getchannel("A") if "A" in picture.getbands() else None)
        pixels = flat
    small = pixels.resize((cols, rows * 2), PILImage.Resampling.BOX)
    data = small.tobytes()
    stride = cols * 3
    styles: dict[bytes, Style] = {}
    lines: list[Row] = []
    for row in range(rows):
        upper = data[2 * row * stride : (2 * row + 1) * stride]
        lower = data[(2 * row + 1) * stride : (2 * row + 2) * stride]
        segments: list[Segment] = []
        run_key, run = b"", 0
        for col in range(0, stride, 3):
            key = upper[col : col + 3] + lower[col : col + 3]
            if key == run_key:
                run += 1
                continue
            if run:
                segments.append(Segment(HALF_BLOCK * run, _cell_style(run_key, styles)))
            run_key, run = key, 1
        segments.append(Segment(HALF_BLOCK * run, _cell_style(run_key, styles)))
        lines.append(tuple(segments))
    return lines


def _cell_style(key: bytes, styles: dict[bytes, Style]) -> Style:
    style = styles.get(key)
    if style is None:
        # Style.from_color and a ready-made Color: a third of the cost of Style(color=...),
        # which counts with a new style for nearly every cell of a photograph.
        upper = Color("", ColorType.TRUECOLOR, triplet=ColorTriplet(key[0], key[1], key[2]))
        lower = Color("", ColorType.TRUECOLOR, triplet=ColorTriplet(key[3], key[4], key[5]))
        style = styles[key] = Style.from_color(upper, lower)
    return style


def background_of(theme: ThemeSpec) -> tuple[int, int, int]:
    """The theme's background as RGB (white when the theme names none or no colour)."""
    try:
        triplet = Color.parse(theme.colors.get("background", "#ffffff")).get_truecolor()
    except ColorParseError:
        return (255, 255, 255)
    return (triplet.red, triplet.green, triplet.blue)


def caption_lines(alt: str, width: int, theme: ThemeSpec, note: str = "") -> list[Row]:
    """The alt text under a picture (or in its place), wrapped to `width` and each line
    centred in it, as the picture is (in display cells: a wide character takes two), in the
    theme's `image` style; `note` (a failure's reason) follows in the `meta` style."""
    text = alt.strip() or "picture"
    label = f"{text} · {note}" if note else text
    style, note_style = theme.style("image"), theme.style("meta")
    split = len(text)
    lines: list[Row] = []
    for line in break_lines(label, max(width, 1)):
        middle = min(max(split, line.start), line.end)
        pad = (width - cell_len(label[line.start : line.end])) // 2
        pieces = (
            Segment(" " * pad),
            Segment(label[line.start : middle], style),
            Segment(label[middle : line.end], note_style),
        )
        lines.append(tuple(piece for piece in pieces if piece.text))
    return lines


def loading_lines(rows: int, theme: ThemeSpec) -> list[Row]:
    """What stands in for a picture on its way: the loading line, then blank lines to fill
    the `rows` reserved for it (so that its arrival moves nothing)."""
    return [(Segment(LOADING, theme.style("meta")),), *([()] * (max(rows, 1) - 1))]


class PictureCells:
    """Drawn pictures by (picture, cells, graphics, background): drawing is done once per
    width, not once per frame. Bounded by the cells it holds; the least recently used go."""

    def __init__(self, max_cells: int = CACHE_CELLS) -> None:
        self._max_cells = max_cells
        self._cells = 0
        self._rows: OrderedDict[Hashable, tuple[list[Row], int]] = OrderedDict()

    def get(self, key: Hashable) -> list[Row] | None:
        found = self._rows.get(key)
        if found is None:
            return None
        self._rows.move_to_end(key)
        return found[0]

    def put(self, key: Hashable, rows: list[Row], cells: int) -> None:
        old = self._rows.pop(key, None)
        if old is not None:
            self._cells -= old[1]
        self._rows[key] = (rows, cells)
        self._cells += cells
        while self._cells > self._max_cells and len(self._rows) > 1:
            _, (_, dropped) = self._rows.popitem(last=False)
            self._cells -= dropped

    def __len__(self) -> int:
        return len(self._rows)


def draw(
    picture: Image,
    cols: int,
    rows: int,
    graphics: Graphics,
    *,
    background: tuple[int, int, int],
    image_id: int = 0,
) -> list[Row]:
    """The `rows` lines of a picture in `cols` x `rows` cells, drawn the way `graphics` says
    (`image_id` is the id the picture was sent under, for Kitty placeholders)."""
    if graphics is Graphics.KITTY:
        return kitty.placeholder_rows(image_id, cols, rows)
    return half_blocks(picture, cols, rows, background)


def reserved_rows(width_attr: str, height_attr: str, max_cols: int, max_rows: int) -> int | None:
    """Rows to keep for a picture whose page gave `width` and `height` attributes (in CSS
    pixels; `100%` and other units say nothing of the aspect): None when they are unusable."""
    try:
        width, height = float(width_attr.removesuffix("px")), float(height_attr.removesuffix("px"))
    except ValueError:
        return None
    if not (math.isfinite(width) and math.isfinite(height)) or width < 1 or height < 1:
        return None
    return fit_cells((round(width), round(height)), max_cols, max_rows)[1]
