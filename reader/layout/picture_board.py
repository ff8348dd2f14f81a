"""The pictures of one article as far as they have come: what an image block shows now.

An image block is lines like any other (`pictures` draws them); which lines depends on how
far its picture has come:

- waiting: the loading line, then blank lines to the height the page's `width`/`height`
  reserve (one line when it gave none), then the alt text as a caption;
- ready: the picture's cells, centred in the column, then the caption, centred under it;
- failed: the alt text and the reason in a word or two (`404`, `too large`).

The layout asks `lines` when it paints a block; what it gets depends only on the picture's
stage, the room and `max_rows`, so a block's height changes only when the app changes the
stage (and then repaints that block: `Layout.repaint_block`). The cells are drawn off the UI
thread (`needs` says which to draw); until then a ready picture is blank lines of its size.
Kitty's placeholders are only text, made here; their placement in the terminal follows the
cells a picture takes (`take_placements`, written by the app).

No Textual and no I/O here: the app's picture loader fetches, decodes and draws, and tells
the board (`arrived`, `failed`, `drawn`).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from rich.segment import Segment

from reader.layout import kitty
from reader.layout.pictures import (
    Graphics,
    PictureCells,
    Row,
    background_of,
    caption_lines,
    fit_cells,
    loading_lines,
    reserved_rows,
)
from reader.layout.theme import ThemeSpec
from reader.model import Article, Block

if TYPE_CHECKING:
    from PIL.Image import Image

BoardOf = Callable[[Article], "PictureBoard | None"]
"""The board of an article's pictures, for its layouts (the app keeps one per article)."""
DEFAULT_MAX_ROWS = 20
_tokens = itertools.count(1)


class Stage(Enum):
    WAITING = "waiting"
    READY = "ready"
    FAILED = "failed"


@dataclass(eq=False, slots=True)
class Picture:
    """One image block's picture."""

    src: str
    stage: Stage = Stage.WAITING
    size: tuple[int, int] = (0, 0)
    """Pixels, once decoded."""
    reason: str = ""
    """Why it failed, in a word or two."""
    image: Image | None = None
    """The decoded picture, kept small, to draw again at another width (half-blocks)."""
    image_id: int = 0
    """The id it was sent to the terminal under (Kitty)."""
    placed: tuple[int, int] = (0, 0)
    """The cells of its placement in the terminal (Kitty)."""
    room: int = 0
    """The cells of column the layout gave it last."""
    token: int = field(default_factory=lambda: next(_tokens))


@dataclass(eq=False, frozen=True, slots=True)
class Drawing:
    """Cells to draw for a ready picture (half-blocks): its image at `cols` x `rows`."""

    block: int
    image: Image
    cols: int
    rows: int
    background: tuple[int, int, int]
    key: Hashable


class PictureBoard:
    """The pictures of one article by block index, and how to draw each as lines."""

    def __init__(
        self,
        graphics: Graphics,
        *,
        max_rows: int = DEFAULT_MAX_ROWS,
        cells: PictureCells | None = None,
        wake: Callable[[], None] | None = None,
    ) -> None:
        """`cells`: drawn pictures (shared between boards); `wake`: called when a painted
        block shows a picture still to fetch or to draw (from the thread that paints)."""
        self.graphics = graphics
        """How pictures are drawn; `Graphics.OFF` paints the `[image: alt]` line instead."""
        self.max_rows = max_rows
        self.cells = cells if cells is not None else PictureCells()
        self.wake = wake
        self.background: tuple[int, int, int] = (255, 255, 255)
        """The theme's background that transparent pixels take (the theme painted last)."""
        self._pictures: dict[int, Picture] = {}
        self._placements: dict[int, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def picture(self, block: int, src: str = "") -> Picture:
        found = self._pictures.get(block)
        if found is None:
            found = self._pictures[block] = Picture(src)
        return found

    def get(self, block: int) -> Picture | None:
        return self._pictures.get(block)

    def blocks(self) -> list[int]:
        """The image blocks the board knows of."""
        return list(self._pictures)

    # what the app tells the board (UI thread); the block is then painted again
    def arrived(self, block: int, size: tuple[int, int], *, image: Image | None = None, image_id: int = 0) -> None:
        picture = self.picture(block)
        picture.stage, picture.size, picture.image, picture.image_id = Stage.READY, size, image, image_id

    def failed(self, block: int, reason: str) -> None:
        picture = self.picture(block)
        picture.stage, picture.reason, picture.image = Stage.FAILED, reason, None

    def drawn(self, drawing: Drawing, rows: list[Row]) -> None:
        self.cells.put(drawing.key, rows, drawing.cols * drawing.rows)

    def placed(self, block: int, cells: tuple[int, int]) -> None:
        """The picture was sent to the terminal with a placement of `cells`."""
        self.picture(block).placed = cells

    def take_placements(self) -> dict[int, tuple[int, int]]:
        """Kitty pictures whose cells changed since they were placed: image id -> cells."""
        with self._lock:
            taken, self._placements = self._placements, {}
        return taken

    # geometry
    def cells_of(self, picture: Picture) -> tuple[int, int]:
        """(columns, rows) a ready picture takes in the room the layout gave it."""
        return fit_cells(picture.size, picture.room, self.max_rows)

    def needs(self, block: int) -> Drawing | None:
        """The drawing a ready half-block picture still needs at its present size, if any."""
        picture = self._pictures.get(block)
        if picture is None or picture.stage is not Stage.READY or picture.image is None:
            return None
        if self.graphics is not Graphics.BLOCKS or not picture.room:
            return None
        cols, rows = self.cells_of(picture)
        key = (picture.token, cols, rows, self.background)
        if self.cells.get(key) is not None:
            return None
        return Drawing(block, picture.image, cols, rows, self.background, key)

    # painting (from the layout, on any thread)
    def lines(self, block: Block, index: int, room: int, theme: ThemeSpec) -> list[Row] | None:
        """The lines of image block `index` in `room` cells; None with pictures off."""
        if self.graphics is Graphics.OFF:
            return None
        self.background = background_of(theme)
        picture = self.picture(index, block.src)
        picture.room = room = max(room, 1)
        alt = block.text.strip()
        if picture.stage is Stage.FAILED:
            return caption_lines(alt, room, theme, picture.reason)
        caption = caption_lines(alt, room, theme) if alt else []
        if picture.stage is Stage.WAITING:
            self._wake()
            reserved = reserved_rows(str(block.width), str(block.height), room, self.max_rows) if block.width else None
            return loading_lines(reserved or 1, theme) + caption
        cols, rows = self.cells_of(picture)
        drawn = self._drawn(index, picture, cols, rows)
        if drawn is None:
            self._wake()
            drawn = [()] * rows
        pad = (Segment(" " * ((room - cols) // 2)),) if room > cols + 1 else ()
        return [pad + row for row in drawn] + caption

    def _drawn(self, index: int, picture: Picture, cols: int, rows: int) -> list[Row] | None:
        if self.graphics is not Graphics.KITTY:
            return self.cells.get((picture.token, cols, rows, self.background))
        if not picture.image_id:
            return None
        if picture.placed != (cols, rows):
            with self._lock:
                self._placements[picture.image_id] = (cols, rows)
            picture.placed = (cols, rows)
        key = ("kitty", picture.image_id, cols, rows)
        found = self.cells.get(key)
        if found is None:
            found = kitty.placeholder_rows(picture.image_id, cols, rows)
            self.cells.put(key, found, cols * rows)
        return found

    def _wake(self) -> None:
        if self.wake is not None:
            self.wake()
