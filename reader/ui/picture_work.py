"""What a picture worker does, away from the UI thread: fetch, decode, draw.

Blocking, and without Textual, so that it is tested alone; `reader.ui.pictures` runs it on
a `Workers` pool and hands the result to the board on the UI thread. A picture is read from the
library first when its post is saved there (offline), else from the cache of downloaded
pictures or where its address says (`reader.source.images`); then decoded with Pillow's
limits, and drawn for the cells it takes now: half-blocks, or for Kitty the escapes that
send it to the terminal (written by the UI thread, through Textual's driver).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Hashable
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.errors import Cancelled
from reader.layout import kitty
from reader.layout.pictures import Graphics, Row, fit_cells, half_blocks
from reader.library.pictures import MAX_POST_BYTES

if TYPE_CHECKING:
    from PIL.Image import Image

    from reader.layout.picture_board import Drawing
    from reader.ui.bookkeeper import Reading

KEEP_SIDE = 400
"""Longest side of the decoded picture kept to draw it again at another width (half-blocks
take one pixel a column, two a row: 400 covers the widest column)."""

Stored = Callable[[int, str], "bytes | None"]
"""A saved post's picture from the library: (entry id, address) -> bytes or None."""
Keep = Callable[["Reading", list[tuple[str, bytes]]], object]
"""Store a saved post's pictures ((address, bytes)) in the library (`Bookkeeper.keep_pictures`)."""


_WARMED_UP = threading.Event()
"""Set once a picture was fetched in this process: the web client and the decoders are
imported, and the first fetch's 0.4 s of CPU is paid (`reader.ui.pictures.STILL`)."""


def warmed_up() -> bool:
    """Whether a picture was fetched in this process (its modules are loaded)."""
    return _WARMED_UP.is_set()


@dataclass(frozen=True, slots=True)
class Job:
    """One picture to fetch and draw, with what its drawing depends on, taken when it started."""

    src: str
    base: str
    """What `src` resolves against (`reader.source.images.base_of`)."""
    graphics: Graphics
    room: int
    max_rows: int
    background: tuple[int, int, int]
    token: int
    """The picture's token on the board: part of the key its drawn cells are kept under."""
    entry_id: int | None = None
    """The saved post it belongs to, whose library may keep it."""
    image_id: int = 0
    """The id to send it under (Kitty)."""
    tmux: bool = False


@dataclass(frozen=True, slots=True)
class Arrival:
    """A picture fetched and drawn by a worker, handed to the UI thread to show."""

    size: tuple[int, int]
    cols: int
    rows: int
    image: Image | None = None
    """The picture kept small, to draw again (half-blocks)."""
    drawn: list[Row] | None = None
    key: Hashable = None
    escapes: str = ""
    """What sends the picture to the terminal (Kitty)."""


class Workers:
    """A few threads of our own for pictures, newest job first.

    Not Textual's thread workers: those share asyncio's default executor (six threads on two
    cores) with the article's load, which a page of slow pictures would keep waiting. The
    newest job goes first because it is nearest the view (after `G`, the end's pictures come
    before the top's). Daemon threads: a download under way never holds up quitting."""

    def __init__(self, count: int) -> None:
        self._count = count
        self._jobs: queue.LifoQueue[Callable[[], None]] = queue.LifoQueue()
        self._threads: list[threading.Thread] = []

    def submit(self, job: Callable[[], None]) -> None:
        self._jobs.put(job)
        if len(self._threads) < self._count:
            thread = threading.Thread(target=self._run, name="reader-pictures", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            with suppress(Exception):  # a job reports its own failures; the thread lives on
                job()


def fetch_and_draw(job: Job, stored: Stored | None, cancel: threading.Event) -> Arrival:
    """The picture of `job`, decoded and drawn. Raises `ImageFailure` (with its short reason)
    or `Cancelled`."""
    from reader.source.image_decode import MAX_SIDE, decode_sized
    from reader.source.images import ImageBytes, load_image, resolve

    url = resolve(job.src, job.base)
    data = stored(job.entry_id, url) if stored is not None and job.entry_id is not None else None
    try:
        got = ImageBytes(data, "", url) if data else load_image(job.src, job.base, cancel=cancel)
    finally:
        _WARMED_UP.set()
    if cancel.is_set():
        raise Cancelled(url)
    kitty_graphics = job.graphics is Graphics.KITTY
    picture, size = decode_sized(got.data, max_side=MAX_SIDE if kitty_graphics else KEEP_SIDE)
    cols, rows = fit_cells(size, job.room, job.max_rows)
    if kitty_graphics:
        png = kitty.png_for(picture, cols, rows)
        return Arrival(size, cols, rows, escapes=kitty.transmit(png, job.image_id, cols, rows, tmux=job.tmux))
    kept = picture  # no more than KEEP_SIDE: decoded at that size
    drawn = half_blocks(kept, cols, rows, job.background)
    return Arrival(size, cols, rows, image=kept, drawn=drawn, key=(job.token, cols, rows, job.background))


def fetch_for_keeping(sources: list[str], base: str, max_bytes: int = MAX_POST_BYTES) -> list[tuple[str, bytes]]:
    """The pictures of a post being saved, (address, bytes) in the article's order, up to
    `max_bytes` in all: each one once, from the cache when it was shown, the ones that fail
    left out. `data:` pictures are part of the article's text already."""
    from reader.source.image_decode import decode
    from reader.source.images import ImageFailure, load_image, resolve

    found: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    total = 0
    for src in sources:
        url = resolve(src, base)
        if url in seen or url.lower().startswith("data:"):
            continue
        seen.add(url)
        try:
            data = load_image(src, base).data
            decode(data)  # a corrupt picture or a bomb is not worth keeping
        except ImageFailure:
            continue
        if total + len(data) <= max_bytes:
            found.append((url, data))
            total += len(data)
    return found


def draw(drawing: Drawing) -> list[Row]:
    """The cells of a ready picture at a new size or on a new background."""
    return half_blocks(drawing.image, drawing.cols, drawing.rows, drawing.background)
