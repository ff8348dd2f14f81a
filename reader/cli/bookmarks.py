"""`reader bookmarks ...`: the library from the command line (stable: scripts rely on it).

    reader bookmarks list [--json] [--tag T]
    reader bookmarks add SOURCE [--tag T]...
    reader bookmarks remove ID|SOURCE
    reader bookmarks export FILE        .json (everything) or .html (browsers' bookmark file)
    reader bookmarks import FILE        .json, .html, or Pocket's .csv export

User errors raise `ReaderError`; `reader.cli.main` prints them as `reader: error: ...`, exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from reader.errors import ReaderError
from reader.library import Entry, Library, View
from reader.library.entry import iso_time
from reader.library.exchange import format_of, read_records, write_records

EXIT_USAGE = 2


class UsageParser(argparse.ArgumentParser):
    """Usage errors in the same one-line form as every other error, with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"reader: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = UsageParser(prog="reader bookmarks", description="Saved posts: list, add, remove, export and import.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    listing = commands.add_parser("list", help="list saved posts, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON array (for scripts)")
    listing.add_argument("--tag", metavar="T", help="only posts with this tag")

    add = commands.add_parser("add", help="save a post, with an offline copy")
    add.add_argument("source", metavar="SOURCE", help="a file or an http(s) URL")
    add.add_argument("--tag", metavar="T", action="append", default=[], help="a tag (repeat for more)")

    remove = commands.add_parser("remove", help="unsave a post")
    remove.add_argument("ref", metavar="ID|SOURCE", help="the id `list` shows, or the post's file or URL")

    export = commands.add_parser("export", help="write the library to FILE (.json: everything; .html: browsers)")
    export.add_argument("file", metavar="FILE", type=Path)

    load = commands.add_parser("import", help="read FILE (.json, .html, or Pocket's .csv); never duplicates")
    load.add_argument("file", metavar="FILE", type=Path)
    return parser


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    with Library.open() as library:
        return _COMMANDS[args.command](library, args, sys.stdout)


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "title": entry.title,
        "source": entry.source,
        "url": entry.url,
        "site": entry.place,
        "tags": list(entry.tags),
        "added": iso_time(entry.saved),
        "last_read": iso_time(entry.last_read),
        "progress": round(entry.percent, 1),
        "archived": entry.archived,
        "offline": entry.has_copy,
        "missing": entry.missing,
    }


def _list(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    entries = library.entries(View.BOOKMARKS, tag=args.tag)
    if args.json:
        json.dump([entry_json(entry) for entry in entries], out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    for entry in entries:
        added = (iso_time(entry.saved) or "")[:10]
        tags = f"  [{', '.join(entry.tags)}]" if entry.tags else ""
        flags = "".join(f"  ({flag})" for flag, on in (("archived", entry.archived), ("missing", entry.missing)) if on)
        out.write(f"{entry.id:>5}  {entry.percent:>3.0f}%  {added}  {entry.display_title}{tags}{flags}\n")
        out.write(f"{'':>5}  {entry.source}\n")
    return 0


def _add(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    from reader.convert.pipeline import load

    document = load(args.source)
    entry, created = library.add_bookmark(document, args.tag)
    verb = "saved" if created else "already saved, updated"
    out.write(f"{verb} {entry.id}: {entry.display_title}\n")
    return 0


def _remove(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    entry = library.resolve(args.ref)
    if not entry.bookmarked:
        raise ReaderError(f"{entry.display_title!r} ({entry.id}) is not saved")
    library.remove_bookmark(entry.id)
    out.write(f"removed {entry.id}: {entry.display_title}\n")
    return 0


def _export(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    kind = format_of(args.file, importing=False)
    records = library.export_records()
    write_records(args.file, records)
    saved = sum(record.saved is not None for record in records)
    what = f"{len(records)} entries ({saved} saved)" if kind == "json" else f"{saved} bookmarks"
    out.write(f"exported {what} to {args.file}\n")
    return 0


def _import(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    records = read_records(args.file)
    result = library.import_records(records)
    out.write(f"imported {args.file}: {result.added} new, {result.merged} already in the library\n")
    return 0


_COMMANDS = {"list": _list, "add": _add, "remove": _remove, "export": _export, "import": _import}
