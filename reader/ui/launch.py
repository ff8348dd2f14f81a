"""Start the app from the command line: `reader SOURCE` and `reader -`.

Kept small and light on imports: Textual and the app load only when the app starts, the
pipeline loads in the worker that opens the article, and the converters in the fork server
started first thing (`start_converters`), so the first screen comes early.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from functools import partial
from typing import TYPE_CHECKING

from reader.config import load_config
from reader.errors import ReaderError
from reader.ui import typeahead

if TYPE_CHECKING:
    from reader.model import Position
    from reader.source.fetch import Fetched
    from reader.source.limits import Limits
    from reader.ui.pictures import PictureOptions


ESCAPE_DELAY_MS = "50"
"""How long after an Esc byte a sequence's next byte may come (the key and the sequences it
starts are told apart by time), unless the environment's ESCDELAY says otherwise: Textual's
100 ms made Esc, which stops a load, the slowest key. A terminal writes a sequence's bytes
at once, but over SSH they may come apart: 50 ms (Neovim's `ttimeoutlen`) leaves room for
that, where a split arrow key would read as Esc, `[` and a letter."""


def launch(
    source: str | None,
    *,
    base_url: str | None = None,
    theme: str | None = None,
    limits: Limits | None = None,
    images: str | None = None,
) -> int:
    """Run the app on `source` (a path, a URL, or "-"); no source opens the library.
    `limits` bound every download, as `--max-size` and `--timeout` set them; `images` is
    `--images` (None: the setting).

    Returns the exit status.
    """
    if not sys.stdout.isatty():
        raise ReaderError("the app needs a terminal; use --dump to write the article out")
    os.environ.setdefault("ESCDELAY", ESCAPE_DELAY_MS)  # read once, as Textual loads
    typeahead.hold(sys.stdout.fileno())
    # Start-up creates a great many objects that live as long as the program (our modules and
    # Textual's, styles and widgets, the article); each collection while they pile up rescans
    # them all, for nothing: about 20 ms of a 200 ms start (`make bench`). The collector is
    # off until the app's first frame is out; the app turns it back on then, with what
    # start-up made out of its view (`reader.ui.collector`).
    gc.disable()
    try:
        if source is not None:
            start_converters(source, base_url, limits)
        fetched: Fetched | None = None
        if source == "-":
            fetched = _read_stdin(limits)
            convert_piped(fetched, base_url)
        config = load_config()
        pictures = picture_options(images or config.images, config.picture_rows)
        from reader.ui.app import ReaderApp

        app = ReaderApp(
            source,
            base_url=base_url,
            theme=theme,
            fetched=fetched,
            limits=limits,
            config=config,
            pictures=pictures,
            handle_signals=True,
        )
        app.run()
    finally:
        gc.enable()
        typeahead.release()
        _drop_head_start()
    return app.return_code or 0


def start_converters(source: str, base_url: str | None, limits: Limits | None = None) -> None:
    """The first screen of an article waits for its conversion, in a child process, which
    takes a second or more of CPU to import and warm up the converters: started now, that
    runs on another core while Textual starts, instead of after it. A local file is read now
    anyway (to look it up in the cache): its conversion starts now too, in a child forked from
    this process (`reader.convert.head_start`), and the fork server waits for the next article;
    for stdin the child is forked now and handed the bytes once they are read (`convert_piped`):
    a piped sample showed in 0.47 s instead of 1.2 s, a piped news page in 0.99 s instead of 1.4 s.
    For a URL the fork server starts, and warms up the extractors only for a web page
    that the vote extracts (a post, Markdown or a large page, which readability-lxml extracts
    alone, would wait for their warm-up for nothing). Nothing starts for an article whose
    conversion is cached, shown without a converter: there the server would only compete with
    the first screen (it starts after it); nor for a file over the size `limits` allow (the
    app refuses it). A failure here is met again, and shown, when the article is opened."""
    from reader.convert.pipeline import QUICK_FILE_BYTES, Coming, look_ahead
    from reader.source.limits import DEFAULT_LIMITS

    ahead = look_ahead(source, base_url)
    most = DEFAULT_LIMITS.max_file_bytes if limits is None else limits.max_file_bytes
    if ahead.coming is Coming.CACHED or (ahead.fetched is not None and len(ahead.fetched.data) > most):
        return  # nor is `multiprocessing` imported
    from reader.convert import head_start, process

    small = ahead.fetched is not None and len(ahead.fetched.data) <= QUICK_FILE_BYTES  # shown in the first frame
    then = partial(saved_place, source) if small else None
    with contextlib.suppress(OSError):
        if head_start.start(ahead, source, base_url, then=then) or (source == "-" and head_start.fork_now()):
            if ahead.coming is Coming.PAGE:
                process.warm_up_later()
        else:
            process.start_server(warm=ahead.coming is Coming.PAGE)


def saved_place(source: str) -> Position:
    """Where the reader stopped in `source`: asked of the first article's conversion child
    (`start_converters`), which answers it with the article, on the other core, while this
    process imports Textual (the library's modules, their SQLite and its opening: 30-40 ms of
    the first frame's CPU). The library loads in the child only: it is forked from this process,
    which has this function, and imports the library when asked."""
    from reader.library import saved_place

    return saved_place(source)


def convert_piped(fetched: Fetched, base_url: str | None) -> None:
    """Piped bytes, read: the child `start_converters` forked for them converts them now (as
    the app's load will name them: no name), unless the cache holds them (the app reads those
    itself; the child goes)."""
    from reader.convert import cache, head_start
    from reader.convert.pipeline import cache_key

    key = cache_key(fetched, base_url)
    if (cache.enabled() and cache.has(key)) or not head_start.give(fetched, key, base_url, ""):
        head_start.drop()


def _drop_head_start() -> None:
    """A first article's conversion the app never took (it failed to start, or opened
    something else first) ends with it."""
    if "reader.convert.head_start" in sys.modules:
        from reader.convert import head_start

        head_start.drop()


def picture_options(choice: str, max_rows: int) -> PictureOptions:
    """How pictures show: the terminal is asked once, here, before the app takes it (and
    never under `--dump`, which does not come here). With pictures off, the terminal is still
    found out, so that `i` can turn them on."""
    from reader.ui.graphics import detect
    from reader.ui.pictures import PictureOptions

    on = choice != "off"
    return PictureOptions(detect(choice if on else "auto"), on=on, max_rows=max_rows)


def _read_stdin(limits: Limits | None) -> Fetched:
    """Read the piped article, then give the app the terminal for its keys."""
    from reader.source.fetch import fetch_stdin

    if sys.stdin.isatty():
        raise ReaderError("nothing piped to stdin: use `reader -` after a pipe, e.g. curl -s URL | reader -")
    fetched = fetch_stdin() if limits is None else fetch_stdin(limits=limits)
    reattach_tty()
    return fetched


def reattach_tty() -> None:
    """Make the controlling terminal our stdin again (the app reads keys from fd 0)."""
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise ReaderError("stdin was a pipe and there is no terminal to read keys from") from None
    try:
        os.dup2(fd, 0)
    finally:
        os.close(fd)
