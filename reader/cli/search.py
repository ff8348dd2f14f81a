"""`reader search QUERY`: the posts whose text holds every term, best first.

    reader search QUERY [--format text|json] [--limit N]

Text output: the id, title, site and date of each post, and a snippet of its text with the
matches in bold (when stdout is a terminal). JSON: one array of objects with the same, the
snippet's matches as [start, end] character offsets, and where the first match is in the
article's text. Posts whose text is not indexed yet (a library made by an older reader) are
indexed first, with a progress line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from reader.cli.bookmarks import UsageParser
from reader.library import Library
from reader.library.entry import Entry, iso_time
from reader.library.index_build import build_all
from reader.library.search import Hit, Marks


def build_parser() -> argparse.ArgumentParser:
    parser = UsageParser(prog="reader search", description="Search the text of every post in the library.")
    parser.add_argument("query", metavar="QUERY", nargs="+", help='words (all must match); "a phrase" in quotes')
    parser.add_argument("--format", choices=("text", "json"), default="text", help="what to write (default: text)")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N posts (default: 20)")
    return parser


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    query = " ".join(args.query)
    with Library.open() as library:
        finish_index(library, sys.stderr)
        hits = library.index.search(query, max(args.limit, 1))
    if args.format == "json":
        json.dump([hit_json(hit) for hit in hits], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        write_text(hits, sys.stdout)
    return 0


def finish_index(library: Library, err: TextIO) -> None:
    """Index the posts still waiting (an older library), saying so on `err`."""
    waiting = library.index.pending()
    if not waiting:
        build_all(library.index)  # nothing to parse; a build killed before its end is finished
        return
    err.write(f"reader: indexing {waiting:,} posts for search (once)…\n")
    tty = err.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            err.write(f"\r  {done:,} of {total:,}")
            err.flush()

    build_all(library.index, progress)
    if tty:
        err.write("\n")


def _date(entry: Entry) -> str:
    return entry.date or (iso_time(entry.saved or entry.last_read) or "")[:10]


def hit_json(hit: Hit) -> dict[str, Any]:
    entry = hit.entry
    return {
        "id": entry.id,
        "title": entry.display_title,
        "site": entry.place,
        "date": _date(entry),
        "source": entry.source,
        "url": entry.url,
        "saved": entry.bookmarked,
        "snippet": hit.snippet.text,
        "matches": [list(span) for span in hit.snippet.marks],
        "title_matches": [list(span) for span in hit.title_marks],
        "first_match": hit.first_match,
    }


def _marked(text: str, marks: Marks) -> Text:
    shown = Text(text, end="")
    for start, end in marks:
        shown.stylize("bold reverse", start, end)
    return shown


def write_text(hits: Sequence[Hit], out: TextIO) -> None:
    if not hits:
        out.write("nothing found\n")
        return
    color = out.isatty() and "NO_COLOR" not in os.environ
    console = Console(file=out, force_terminal=color, no_color=not color, highlight=False, soft_wrap=True)
    for hit in hits:
        entry = hit.entry
        facts = ", ".join(fact for fact in (entry.place, _date(entry)) if fact)
        line = Text(f"{entry.id:>5}  ")
        line.append_text(_marked(entry.display_title, hit.title_marks))
        line.append(f"  ({facts})" if facts else "")
        console.print(line)
        if hit.snippet.text:
            console.print(Text("       ").append_text(_marked(hit.snippet.text, hit.snippet.marks)))
