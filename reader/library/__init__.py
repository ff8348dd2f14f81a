"""The library: history, reading positions, bookmarks and offline copies in one SQLite file.

A pipeline-side package: it imports no Textual, so the command line and tests use it alone.
"""

from __future__ import annotations

from reader.library.entry import Entry, Position, Record, View
from reader.library.store import ImportResult, Library, default_path

__all__ = ["Entry", "ImportResult", "Library", "Position", "Record", "View", "default_path"]
