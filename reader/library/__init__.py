"""The library: history, reading positions, bookmarks and offline copies in one SQLite file.

A pipeline-side package: it imports no Textual, so the command line and tests use it alone.
How the app uses it:

    library = Library.open()                   # the user's file; cheap (well under 1 ms)
    entry = library.find(source)               # before loading: the position to restore
    entry = library.record_open(document)      # once loaded: history entry, with position
    library.save_position(entry.id, block, offset, percent)   # debounced, and on quit
    library.toggle_bookmark(document)          # `b`; True when saved now
    document = library.offline_document(entry) # a file that is gone, or stdin

Calls are thread-safe; `record_open`, `toggle_bookmark` and `offline_document` hash or parse
the whole article, so a long one belongs in a worker.
"""

from __future__ import annotations

from reader.library.entry import Entry, Position, Record, View
from reader.library.store import ImportResult, Library, default_path

__all__ = ["Entry", "ImportResult", "Library", "Position", "Record", "View", "default_path"]
