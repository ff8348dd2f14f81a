"""The library: history, reading positions, bookmarks and offline copies in one SQLite file.

A pipeline-side package: it imports no Textual, so the command line and tests use it alone.
How the app uses it:

    library = Library.open()                   # the user's file; cheap (well under 1 ms)
    entry = library.find(source)               # before loading: the position to restore
    entry = library.record_open(document)      # once loaded: history entry, with position
    library.save_position(entry.id, position, percent)  # debounced, and on quit
    library.toggle_bookmark(document)          # `b`; True when saved now
    document = library.offline_document(entry) # a file that is gone, or stdin

Calls are thread-safe; `record_open`, `toggle_bookmark` and `offline_document` hash or parse
the whole article, so a long one belongs in a worker. Reads never wait for a writer (another
copy of the reader, or a write of ours waiting for that copy): the UI may list on its thread.

The modules: `entry` (the plain values), `columns` (each column once: cleaning, SQL, merge
rules), `rows` (statements on a connection), `merge` (openings and imports into one entry per
post), `store` (the `Library`), `connection` and `schema` (the file), `offline` (stored
copies), `keys` (what makes two openings one post), `exchange` and `formats/` (files).

The names below load with their module when first used, not with the package: a module of
it imported alone (`anchors`, by the reading screen) does not bring in the store, its SQLite and
its columns (about 25 ms of the app's start, before its first frame).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.library.entry import Entry, Record, View
    from reader.library.store import ImportResult, Library, default_path, saved_place

__all__ = ["Entry", "ImportResult", "Library", "Record", "View", "default_path", "saved_place"]

_HOMES = {"Entry": "entry", "Record": "entry", "View": "entry"} | dict.fromkeys(
    ["ImportResult", "Library", "default_path", "saved_place"], "store"
)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"reader.library.{_HOMES[name]}"), name)
