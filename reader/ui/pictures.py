"""Pictures in the reading pane: fetched as their blocks come near the view, in workers, and
shown without moving what the reader is looking at.

One `PictureLoader` per reading screen. It gives the view a `PictureBoard` per article
(`board_for`; a few are kept, so that Back shows their pictures at once), watches the view's
scrolling and layout, and for the image blocks from a screen above the view to two below
starts a worker per picture (`picture_work.fetch_and_draw`: fetch, decode, draw), at most
`JOBS` at a time; none of that runs on the UI thread. What a worker brings is given to the
board on the UI thread and its block painted again: a picture above the top of the view moves
the view by as many lines as it grew, so the text at the top of the view stays there. Kitty
pictures are sent through Textual's driver on the UI thread, between its frames (never to
`sys.__stdout__`), and placed again when a new column width changes their cells.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from reader.errors import Cancelled, ReaderError
from reader.layout import kitty
from reader.layout.picture_board import Drawing, PictureBoard, Stage
from reader.layout.pictures import Graphics, PictureCells, Row
from reader.ui.graphics import Terminal

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.model import Article, Image
    from reader.ui.article_view import ArticleView
    from reader.ui.bookkeeper import Reading
    from reader.ui.picture_work import Arrival, Job, Keep, Stored, Workers
    from reader.ui.presenter import Presenter

JOBS = 2
"""Pictures fetched and drawn at once."""
KEPT_BOARDS = 4
"""Articles whose pictures stay in memory (the one shown, and a few to go back to)."""
MIN_ROWS = 4
STILL = 0.4
"""Seconds the view stays still (no key moved it, no article newly shown) before the first
picture of the process is fetched: that one imports the web client and the decoders, about
0.4 s of CPU in a worker's thread, which takes the interpreter lock from the UI thread in
slices; keys pressed meanwhile waited for it (the first presses after a long article showed)."""


@dataclass(eq=False, frozen=True, slots=True)
class PictureOptions:
    """How pictures show, decided before the app started (`--images`, the setting, the terminal)."""

    terminal: Terminal = field(default_factory=lambda: Terminal(Graphics.BLOCKS))
    """How the terminal draws them when they are on."""
    on: bool = True
    max_rows: int = 0
    """Most lines a picture takes; 0: half the pane."""
    stored: Stored | None = None
    """A saved post's picture kept in the library (offline)."""
    keep: Keep | None = None
    """Store a newly saved post's pictures in the library."""


class PictureLoader:
    """Fetches, draws and shows the pictures of one reading screen's articles."""

    def __init__(self, screen: Screen[Any], presenter: Presenter, options: PictureOptions) -> None:
        self._screen = screen
        self._presenter = presenter
        self.options = options
        self.on = options.on
        self._cells = PictureCells()
        self._boards: OrderedDict[int, tuple[Article, PictureBoard, threading.Event]] = OrderedDict()
        self._busy: set[tuple[int, int]] = set()
        """(board, block) of the pictures a worker is fetching or drawing."""
        self._workers: Workers | None = None
        """Made with the first job: `picture_work` is imported after the first screen."""
        self._image_ids = itertools.count(random.randrange(1, 1 << 23))
        self._scan_due = False
        self._wake_due = False
        self._near: tuple[int, int, int] = (0, 0, -1)
        """(board, first block, last block) near the view at the last scan: a job for a picture
        that has left it (after `G`, the pictures at the top) is dropped before it starts."""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._view: ArticleView | None = None
        self._moved_at = time.monotonic()
        """When the view last moved or showed a new article (`STILL`)."""

    @property
    def working(self) -> int:
        """Pictures a worker is fetching or drawing, or has waiting to start."""
        return len(self._busy)

    @property
    def graphics(self) -> Graphics:
        return self.options.terminal.graphics if self.on else Graphics.OFF

    def attach(self, view: ArticleView) -> None:
        """Start showing pictures in `view` (on the UI thread, once it is mounted)."""
        self._view = view
        self._loop = asyncio.get_running_loop()
        view.boards = self.board_for
        self._screen.watch(view, "scroll_y", self._moved, init=False)
        self._screen.watch(view, "virtual_size", self.soon, init=False)

    def board_for(self, article: Article) -> PictureBoard:
        """The board of `article`'s pictures, made on first use; older ones go."""
        found = self._boards.get(id(article))
        if found is None or found[0] is not article:
            self._moved_at = time.monotonic()
            found = (article, PictureBoard(self.graphics, cells=self._cells, wake=self._wake), threading.Event())
            self._boards[id(article)] = found
            while len(self._boards) > KEPT_BOARDS:
                _, (_, board, cancel) = self._boards.popitem(last=False)
                cancel.set()
                self._forget(board)
        self._boards.move_to_end(id(article))
        board = found[1]
        board.graphics, board.max_rows = self.graphics, self._max_rows()
        return board

    def _max_rows(self) -> int:
        if self.options.max_rows:
            return max(MIN_ROWS, self.options.max_rows)
        height = self._view.scrollable_content_region.height if self._view is not None else 0
        return max(MIN_ROWS, (height or self._screen.app.size.height) // 2)

    def toggle(self) -> bool:
        """`i`: pictures on or off; True when they are on now."""
        self.on = not self.on
        for _, board, _ in self._boards.values():
            board.graphics = self.graphics
        if self._view is not None:
            self._view.set_theme(self._view.spec)  # lays the article out again, at its place
        return self.on

    def keep(self, reading: Reading) -> None:
        """A post just saved keeps its pictures in the library (fetched by a worker, most
        from the cache of pictures already shown), so that it shows them offline."""
        keep = self.options.keep
        if keep is None or not reading.article.images:
            return
        base, _ = self._where()
        sources = [image.src for image in reading.article.images]

        def job() -> None:
            from reader.ui.picture_work import fetch_for_keeping

            keep(reading, fetch_for_keeping(sources, base))

        self._submit(job)

    # when to look
    def _moved(self, *_: object) -> None:
        self._moved_at = time.monotonic()
        self.soon()

    def soon(self, *_: object) -> None:
        """Look for pictures to fetch once the screen has been drawn (once however often asked)."""
        if not self._scan_due:
            self._scan_due = True
            self._screen.call_after_refresh(self.scan)

    def _wake(self) -> None:
        """A painted block needs its picture fetched, drawn or placed (from any thread)."""
        if not self._wake_due:
            self._wake_due = True
            self._to_ui(self._woken)

    def _woken(self) -> None:
        self._wake_due = False
        self.soon()

    def scan(self) -> None:
        """Start a worker for each picture near the view that needs one; place Kitty pictures."""
        self._scan_due = False
        view = self._view
        layout = view.text_layout if view is not None else None
        if view is None or layout is None or layout.pictures is None:
            return
        board, article = layout.pictures, layout.article
        self._write("".join(kitty.place(i, *cells, tmux=self._tmux) for i, cells in board.take_placements().items()))
        if board.graphics is Graphics.OFF or not article.images or self._moving():
            return
        height = max(1, view.scrollable_content_region.height)
        first = layout.position_at(max(0, view.top - height)).block
        last = layout.position_at(view.top + 2 * height).block
        self._near = (id(board), first, last)
        start = bisect.bisect_left(article.images, first, key=lambda image: image.block)
        for image in article.images[start:]:
            if image.block > last:
                break
            self._start(board, image)

    def _moving(self) -> bool:
        """Before the first picture of the process: whether the view moved less than `STILL`
        seconds ago; if so, look again once it has been still that long."""
        from reader.ui.picture_work import warmed_up

        wait = self._moved_at + STILL - time.monotonic()
        if wait <= 0 or warmed_up():
            return False
        if not self._scan_due:
            self._scan_due = True
            self._screen.set_timer(wait, self.scan)
        return True

    def _start(self, board: PictureBoard, image: Image) -> None:
        key = (id(board), image.block)
        if key in self._busy:
            return
        picture = board.picture(image.block, image.src)
        drawing = board.needs(image.block)
        if picture.stage is Stage.WAITING and picture.room:
            base, entry_id = self._where()
            image_id = self._next_image_id() if board.graphics is Graphics.KITTY else 0
            cells = (board.graphics, picture.room, board.max_rows, board.background, picture.token)
            from reader.ui.picture_work import Job

            job = Job(image.src, base, *cells, entry_id=entry_id, image_id=image_id, tmux=self._tmux)
            work = partial(self._fetch, board, image.block, job, self._cancel_of(board))
        elif drawing is not None:
            work = partial(self._draw, board, drawing)
        else:
            return
        self._busy.add(key)
        self._submit(work)

    def _submit(self, work: Callable[[], None]) -> None:
        if self._workers is None:
            from reader.ui.picture_work import Workers

            self._workers = Workers(JOBS)
        self._workers.submit(work)

    def _next_image_id(self) -> int:
        return next(self._image_ids) % (1 << 24) or 1

    def _where(self) -> tuple[str, int | None]:
        """What the article's picture addresses resolve against, and its entry when it is saved."""
        from reader.source.images import base_of

        presenter = self._presenter
        reading = presenter.reading
        source = reading.article.metadata.source if reading is not None else ""
        entry_id = reading.entry_id if reading is not None and reading.bookmarked else None
        return base_of(source or presenter.source, presenter.base_url), entry_id

    def _cancel_of(self, board: PictureBoard) -> threading.Event:
        for _, kept, cancel in self._boards.values():
            if kept is board:
                return cancel
        return threading.Event()

    # on the workers' threads
    def _fetch(self, board: PictureBoard, block: int, job: Job, cancel: threading.Event) -> None:
        arrival: Arrival | str | None
        try:
            if cancel.is_set() or not self._wanted(board, block):
                raise Cancelled(job.src)
            from reader.ui.picture_work import fetch_and_draw

            arrival = fetch_and_draw(job, self.options.stored, cancel)
        except Cancelled:
            arrival = None
        except ReaderError as exc:  # `ImageFailure` says why in a word or two
            arrival = getattr(exc, "reason", "unreadable")
        except Exception as exc:  # a bug in a decoder must not cost the reader the article
            arrival = f"error: {type(exc).__name__}"
        self._to_ui(self._arrived, board, block, job, arrival)

    def _draw(self, board: PictureBoard, drawing: Drawing) -> None:
        try:
            from reader.ui.picture_work import draw

            rows: list[Row] | None = draw(drawing) if self._wanted(board, drawing.block) else None
        except Exception:  # drawn blank; tried again when next shown
            rows = None
        self._to_ui(self._drawn, board, drawing, rows)

    def _wanted(self, board: PictureBoard, block: int) -> bool:
        """Whether a picture is still near the view (read from a worker: a tuple swapped whole)."""
        near_board, first, last = self._near
        return near_board == id(board) and first <= block <= last

    def _to_ui(self, callback: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is not None:
            with suppress(RuntimeError):  # the loop has stopped meanwhile
                loop.call_soon_threadsafe(partial(self._on_ui, callback, *args))

    def _on_ui(self, callback: Callable[..., None], *args: Any) -> None:
        """Run a worker's news on the UI thread, unless the view has gone meanwhile (quit)."""
        if self._view is not None and self._view.is_attached:
            callback(*args)

    # back on the UI thread
    def _arrived(self, board: PictureBoard, block: int, job: Job, arrival: Arrival | str | None) -> None:
        self._busy.discard((id(board), block))
        if arrival is None:  # cancelled: fetched again when it is near the view again
            return
        if isinstance(arrival, str):
            board.failed(block, arrival)
        else:
            board.arrived(block, arrival.size, image=arrival.image, image_id=job.image_id)
            if arrival.escapes:
                self._write(arrival.escapes)
                board.placed(block, (arrival.cols, arrival.rows))
            if arrival.drawn is not None:
                board.cells.put(arrival.key, arrival.drawn, arrival.cols * arrival.rows)
        self._repaint(board, block)

    def _drawn(self, board: PictureBoard, drawing: Drawing, rows: list[Row] | None) -> None:
        self._busy.discard((id(board), drawing.block))
        if rows is not None:
            board.drawn(drawing, rows)
            self._repaint(board, drawing.block)

    def _repaint(self, board: PictureBoard, block: int) -> None:
        """Paint the block again; when it grew or shrank above the top of the view, move the
        view with it, so the line at the top stays the same text. The pane is drawn again only
        when the block shows in it: pictures near the view are fetched a screen ahead, and
        each one drawn below it drew the whole pane again, the same (after a resize, 0.5 s
        later, for each picture redrawn at the new width)."""
        view = self._view
        layout = view.text_layout if view is not None else None
        if view is None or layout is None or layout.pictures is not board:
            return
        top = view.top
        start, old, new = layout.repaint_block(block)
        view.lines_moved(0, at_end=False)  # drawn again, the scroll range follows
        if top < start + max(old, new) and start < top + (view.scrollable_content_region.height or view.size.height):
            view.refresh()
        if new != old and start < top:
            view.scroll_to_line(top + new - old if start + old <= top else min(top, start + new - 1))
        self.soon()

    # the terminal
    @property
    def _tmux(self) -> bool:
        return self.options.terminal.tmux

    def _write(self, escapes: str) -> None:
        """Kitty escapes, through the driver that writes Textual's frames, in order with them."""
        driver = getattr(self._screen.app, "_driver", None)  # Textual keeps it private
        if escapes and driver is not None and not driver.is_headless:
            driver.write(escapes)

    def _forget(self, board: PictureBoard) -> None:
        """Free the terminal's copies of a board's Kitty pictures."""
        ids = [picture.image_id for block in board.blocks() if (picture := board.get(block)) and picture.image_id]
        self._write("".join(kitty.delete(image_id, tmux=self._tmux) for image_id in ids))
