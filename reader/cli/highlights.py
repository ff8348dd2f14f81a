"""`reader highlights ...`: the passages marked while reading, with their notes.

    reader highlights export [--format markdown|json]

Grouped by article, each with its title, source and date; each quote with its note. Markdown
is ready for a notes app; JSON for scripts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reader.cli.bookmarks import UsageParser
from reader.library import Library
from reader.library.formats.highlights import groups_to_json, groups_to_markdown


def build_parser() -> argparse.ArgumentParser:
    parser = UsageParser(prog="reader highlights", description="The passages you marked while reading.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    export = commands.add_parser("export", help="write every highlight to stdout, grouped by article")
    export.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="what to write (default: markdown)"
    )
    return parser


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    with Library.open() as library:
        groups = library.highlights.grouped()
    sys.stdout.write(groups_to_json(groups) if args.format == "json" else groups_to_markdown(groups))
    return 0
