"""The command line: the app's entry, `--dump`/`--toc`, and the `bookmarks` commands."""

from reader.cli.main import main

__all__ = ["main"]
