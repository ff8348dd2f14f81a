"""The command line (stable: tests and scripts rely on it).

    reader [SOURCE]                       open the app; no SOURCE opens the library
    reader SOURCE --dump [--format text|markdown|json] [--width N]
    reader SOURCE --toc                   headings, two spaces of indent per level
    reader bookmarks list|add|remove|export|import ...
    reader search QUERY [--format text|json]
    reader highlights export [--format markdown|json]

Errors are one line on stderr starting `reader: error:` with exit status 1; usage errors
exit 2. No traceback reaches the user: an unexpected one is written to a log file instead.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from reader import __version__
from reader.config import IMAGE_CHOICES
from reader.errors import INTERRUPTED, Interrupted, ReaderError, as_reader_error

if TYPE_CHECKING:
    from reader.convert.document import Document
    from reader.source.limits import Limits

EXIT_ERROR = 1
EXIT_USAGE = 2
MIN_WIDTH = 8


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"reader: error: {message}\n")


def _width(value: str) -> int:
    try:
        width = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if width < MIN_WIDTH:
        raise argparse.ArgumentTypeError(f"width must be at least {MIN_WIDTH}")
    return width


_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def _size(value: str) -> int:
    """A byte count with an optional K, M or G suffix (binary units): `20M`, `512K`."""
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    unit = text[-1:] if text[-1:] in _SIZE_UNITS else ""
    try:
        size = float(text.removesuffix(unit)) * _SIZE_UNITS[unit]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (try 20M)") from None
    if size < 1:
        raise argparse.ArgumentTypeError("the size must be positive")
    return int(size)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError("the time limit must be positive")
    return seconds


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="Read articles in the terminal: HTML pages, Markdown, and blog posts.",
        epilog="The library's commands: `reader bookmarks --help`, `reader search --help`, `reader highlights --help`.",
    )
    parser.add_argument("source", nargs="?", help="a file, an http(s) URL, or - for stdin")
    parser.add_argument("--dump", action="store_true", help="write the article to stdout instead of opening the app")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="what --dump (or --toc) writes (default: text, the reading pane as shown)",
    )
    parser.add_argument("--width", type=_width, help="line width for --dump text (default: the terminal's, or 80)")
    parser.add_argument("--toc", action="store_true", help="print the headings, indented by level")
    parser.add_argument("--base", metavar="URL", help="resolve the page's relative links against URL (for stdin)")
    parser.add_argument(
        "--max-size", type=_size, metavar="SIZE", help="largest page to download, after decompression (default: 20M)"
    )
    parser.add_argument(
        "--timeout", type=_seconds, metavar="SECONDS", help="give up on a download after this long in all (default: 60)"
    )
    parser.add_argument(
        "--images",
        choices=IMAGE_CHOICES,
        help="how the app draws pictures: as the terminal allows (auto), kitty, blocks, or off (default: the setting)",
    )
    parser.add_argument("--theme", help="colour theme for the app: paper, sepia, night, contrast, or one of your own")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # pending until one of `_main`'s handlers ran: still a Ctrl-C
        return _interrupted()


def _main(argv: Sequence[str] | None) -> int:
    """The command; its errors are one line. The terminal sends Ctrl-C's SIGINT to the whole
    group, so the conversion's child may end by it first, and this process's own may land while
    a handler below reports that end: `main` catches it there too (one run of the full suite
    ended with status -2, a KeyboardInterrupt out of a handler)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list[:1] == ["bookmarks"]:
            from reader.cli.bookmarks import main as bookmarks_main

            return bookmarks_main(args_list[1:])
        if args_list[:1] == ["search"]:
            from reader.cli.search import main as search_main

            return search_main(args_list[1:])
        if args_list[:1] == ["highlights"]:
            from reader.cli.highlights import main as highlights_main

            return highlights_main(args_list[1:])
        return _run(build_parser().parse_args(args_list))
    except Interrupted:  # Ctrl-C, seen first as the conversion's child ending by it
        return _interrupted()
    except ReaderError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except Exception as exc:  # the last line of defence: one line, the details in a log
        log = _write_crash_log()
        where = f" (details in {log})" if log else ""
        return fail(f"{as_reader_error(exc)}{where}")


def _interrupted() -> int:
    """The status of a Ctrl-C, which is answered now: the terminal sent it to the whole group, so
    this process's own SIGINT may still be pending when its child's end was seen first, and raised
    on the way out it would end the process by the signal (status -2) instead of with 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return INTERRUPTED


def fail(message: str) -> int:
    first_line = " ".join(message.split())
    print(f"reader: error: {first_line}", file=sys.stderr)
    return EXIT_ERROR


def _run(args: argparse.Namespace) -> int:
    if (args.dump or args.toc) and not args.source:
        build_parser().error("--dump and --toc need a SOURCE")
    if args.dump or args.toc:
        return _dump(args, sys.stdout)
    from reader.ui.launch import launch

    return launch(args.source, base_url=args.base, theme=args.theme, limits=fetch_limits(args), images=args.images)


def fetch_limits(args: argparse.Namespace) -> Limits:
    """The download limits, with what `--max-size` and `--timeout` changed."""
    from reader.source.limits import DEFAULT_LIMITS

    limits = DEFAULT_LIMITS
    if args.max_size is not None:
        limits = dataclasses.replace(limits, max_bytes=args.max_size, max_file_bytes=args.max_size)
    if args.timeout is not None:
        read_timeout = min(limits.read_timeout, args.timeout)
        limits = dataclasses.replace(limits, deadline=args.timeout, read_timeout=read_timeout)
    return limits


def _dump(args: argparse.Namespace, out: TextIO) -> int:
    with _no_full_collections():
        return _write_dump(args, out)


@contextlib.contextmanager
def _no_full_collections() -> Iterator[None]:
    """The collector's full collections put off while a dump runs.

    A dump builds the article's blocks and spans, then the layout's lines, and all of them live
    until it ends; CPython runs a full collection each time the objects that survived the young
    collections grew by a quarter, and each one scans them all again (a tenth of the CPU of a
    dump of 20,000 headings). The young generations are still collected, so short-lived cycles
    are freed as ever; only old ones wait (a dump is one pass: they go with the process)."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, _NEVER)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


_NEVER = 2**30
"""A threshold of young collections that is never reached."""


def _write_dump(args: argparse.Namespace, out: TextIO) -> int:
    if args.format == "text" and not args.toc:
        _write_text(args, out)
        out.flush()
        return 0
    from reader.cli import dump
    from reader.convert.pipeline import load

    try:
        document = load(args.source, base_url=args.base, limits=fetch_limits(args))
    except ReaderError as exc:
        document = _instead_of_failing(args.source, exc)
    if args.toc:
        dump.dump_toc(document, out, args.format)
    elif args.format == "json":
        dump.dump_json(document, out)
    else:
        dump.dump_markdown(document, out)
    out.flush()
    return 0


def _write_text(args: argparse.Namespace, out: TextIO) -> None:
    """The reading pane as text, each chunk laid out here while a child process converts the
    next (`reader.convert.apart`), so that the two run side by side on two cores."""
    from reader.convert import apart

    apart.get_ready(args.source, args.base)  # the converters are imported while the layout is
    import shutil

    from reader.cli.dump import TextDump
    from reader.model import Article

    tty = out.isatty()
    width = args.width or (shutil.get_terminal_size((80, 24)).columns if tty else 80)
    color = tty and "NO_COLOR" not in os.environ
    try:
        opened = apart.open_apart(args.source, args.base, limits=fetch_limits(args))
        text = TextDump(Article(metadata=opened.metadata), width, out, color=color)
        for chunk in opened.chunks:
            text.add(chunk.blocks)
    except ReaderError as exc:  # nothing is written before the last chunk: the copy can stand in
        text = TextDump(_instead_of_failing(args.source, exc).article, width, out, color=color)
    text.write()


def _instead_of_failing(source: str, error: ReaderError) -> Document:
    """The library's offline copy of a source that failed with `error` (said on stderr); the
    error itself when there is none."""
    copy = _saved_copy(source)
    if copy is None:
        raise error
    print(f"reader: {' '.join(str(error).split())}; showing the offline copy from the library", file=sys.stderr)
    return copy


def _saved_copy(source: str) -> Document | None:
    """The library's offline copy of a source that cannot be read, if it has one. The library
    is only read, and only when it exists: a failed dump never creates one."""
    from reader.library import Library, default_path

    path = default_path()
    if not path.is_file():
        return None
    try:
        with Library.open(path) as library:
            return library.saved_copy(source)
    except ReaderError:
        return None


def _silence_stdout() -> None:
    """After a closed pipe (`reader x --dump | head`), exit without a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _write_crash_log() -> Path | None:
    try:
        from platformdirs import user_cache_path

        path = user_cache_path("reader") / "crash.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(traceback.format_exc(), "utf-8")
        return path
    except Exception:
        return None


if __name__ == "__main__":
    sys.exit(main())
