"""Highlights: passages the reader marked, with their notes, kept with the post's entry.

A highlight belongs to the entry of its article, saved or only in the history, and goes with
it. Its anchor (`reader.library.anchors`) finds it again when the article has changed: each
time the article is opened whole, `relocate` looks for every highlight, stores where it is now,
and notes "moved" or "lost" (a lost one keeps its old anchor, and is shown as lost: never
dropped). A highlight's `uid` names it in every library it is exported to, so an import merges
it (the later note wins) instead of adding it twice.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from reader.chars import strip_controls
from reader.library import rows
from reader.library.anchors import Anchor, Placement, Quote, TextMap, locate
from reader.library.connection import Database
from reader.library.entry import Entry, Highlight
from reader.model import Position

_COLUMNS = (
    "id, uid, entry_id, block, char_offset, end_block, end_offset, quote, before, after, digest,"
    " note, placement, created, updated"
)
_SELECT = f"SELECT {_COLUMNS} FROM highlights"
_ORDER = "ORDER BY block, char_offset, id"


def highlight_of(row: Sequence[Any]) -> Highlight:
    """A highlight from a row of `_COLUMNS`."""
    id_, uid, entry_id, block, offset, end_block, end_offset, quote, before, after, digest = row[:11]
    note, placement, created, updated = row[11:]
    anchor = Anchor(Position(block, offset), Position(end_block, end_offset), Quote(quote, before, after, digest))
    try:
        where = Placement(placement)
    except ValueError:
        where = Placement.SAME
    return Highlight(uid, anchor, note, where, created, updated, id_, entry_id)


def clean_note(note: str) -> str:
    """A note as typed or imported: no terminal control characters, no surrounding space."""
    return strip_controls(note).strip()


def new_uid() -> str:
    return uuid.uuid4().hex


def _anchor_values(anchor: Anchor) -> tuple[object, ...]:
    quote = anchor.quote
    return (
        anchor.start.block,
        anchor.start.offset,
        anchor.end.block,
        anchor.end.offset,
        strip_controls(quote.text),
        strip_controls(quote.before),
        strip_controls(quote.after),
        quote.digest,
    )


def insert(conn: sqlite3.Connection, entry_id: int, highlight: Highlight) -> bool:
    """Store a highlight in an entry; one with the same uid is merged instead (its note, if
    the incoming one is newer). True when it was new."""
    exists = conn.execute("SELECT 1 FROM highlights WHERE uid = ?", (highlight.uid,)).fetchone() is not None
    conn.execute(
        f"INSERT INTO highlights ({_COLUMNS.removeprefix('id, ')})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (uid) DO UPDATE SET note = excluded.note, updated = excluded.updated"
        " WHERE excluded.updated > highlights.updated",
        (
            highlight.uid,
            entry_id,
            *_anchor_values(highlight.anchor),
            clean_note(highlight.note),
            highlight.placement.value,
            highlight.created,
            highlight.updated,
        ),
    )
    return not exists


def of_entry(conn: sqlite3.Connection, entry_id: int) -> list[Highlight]:
    return [highlight_of(row) for row in conn.execute(f"{_SELECT} WHERE entry_id = ? {_ORDER}", (entry_id,))]


def by_entry(conn: sqlite3.Connection) -> dict[int, list[Highlight]]:
    """Every highlight, by the entry it belongs to, in reading order."""
    grouped: dict[int, list[Highlight]] = {}
    for row in conn.execute(f"{_SELECT} ORDER BY entry_id, block, char_offset, id"):
        highlight = highlight_of(row)
        grouped.setdefault(highlight.entry_id, []).append(highlight)
    return grouped


class Highlights:
    """The highlights of the library: add, note, remove, list, find again, export."""

    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock

    def add(self, entry_id: int, anchor: Anchor, note: str = "") -> Highlight:
        """Mark a passage of an entry's article (saved or only in the history)."""
        now = self._clock()
        highlight = Highlight(new_uid(), anchor, clean_note(note), Placement.SAME, now, now)
        with self._db.write() as conn:
            rows.get(conn, entry_id)
            insert(conn, entry_id, highlight)
            row = conn.execute(f"{_SELECT} WHERE uid = ?", (highlight.uid,)).fetchone()
        return highlight_of(row)

    def set_note(self, highlight_id: int, note: str) -> None:
        with self._db.write() as conn:
            conn.execute(
                "UPDATE highlights SET note = ?, updated = ? WHERE id = ?",
                (clean_note(note), self._clock(), highlight_id),
            )

    def remove(self, highlight_id: int) -> None:
        with self._db.write() as conn:
            conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))

    def of_entry(self, entry_id: int) -> list[Highlight]:
        """An article's highlights, in reading order."""
        with self._db.read() as conn:
            return of_entry(conn, entry_id)

    def count(self, entry_id: int) -> int:
        with self._db.read() as conn:
            return int(conn.execute("SELECT count(*) FROM highlights WHERE entry_id = ?", (entry_id,)).fetchone()[0])

    def listing(self, query: str = "", limit: int | None = None) -> list[tuple[Entry, Highlight]]:
        """Highlights across the library, newest first; `query` narrows them to those whose
        quote, note or article title holds every word of it."""
        clauses, params = [], []
        for word in query.split():
            clauses.append("(instr(lower(h.quote), ?) OR instr(lower(h.note), ?) OR instr(lower(e.title), ?))")
            params.extend([word.lower()] * 3)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        sql = f"SELECT h.{_COLUMNS.replace(', ', ', h.')} FROM highlights h JOIN entries e ON e.id = h.entry_id{where}"
        sql += " ORDER BY h.created DESC, h.id DESC" + (" LIMIT ?" if limit is not None else "")
        with self._db.read() as conn:
            found = [highlight_of(row) for row in conn.execute(sql, [*params, *([limit] if limit is not None else [])])]
            entries = rows.entries_by_id(conn, {highlight.entry_id for highlight in found})
        return [(entries[highlight.entry_id], highlight) for highlight in found]

    def grouped(self) -> list[tuple[Entry, list[Highlight]]]:
        """Every highlight, by article (the articles by title), in reading order within each."""
        with self._db.read() as conn:
            groups = by_entry(conn)
            entries = rows.entries_by_id(conn, set(groups))
        ordered = sorted(groups, key=lambda entry_id: (entries[entry_id].display_title.casefold(), entry_id))
        return [(entries[entry_id], groups[entry_id]) for entry_id in ordered]

    def relocate(self, entry_id: int, text_map: TextMap) -> list[Highlight]:
        """Find an article's highlights in its text as it is now; store where each is, and
        whether it moved or is lost. Returns them, in reading order."""
        with self._db.read() as conn:
            stored = of_entry(conn, entry_id)
        changed = [found for found in (_relocated(highlight, text_map) for highlight in stored) if found is not None]
        if changed:
            with self._db.write() as conn:
                for highlight in changed:
                    conn.execute(
                        "UPDATE highlights SET block = ?, char_offset = ?, end_block = ?, end_offset = ?, quote = ?,"
                        " before = ?, after = ?, digest = ?, placement = ? WHERE id = ?",
                        (*_anchor_values(highlight.anchor), highlight.placement.value, highlight.id),
                    )
        by_id = {highlight.id: highlight for highlight in changed}
        placed = [by_id.get(highlight.id, highlight) for highlight in stored]
        return sorted(placed, key=lambda h: (h.anchor.start, h.id))


def _relocated(highlight: Highlight, text_map: TextMap) -> Highlight | None:
    """The highlight where it is now in the text; None when nothing about it changed."""
    found = locate(highlight.anchor, text_map)
    placement = found.placement
    if placement is Placement.SAME and highlight.placement is Placement.LOST:
        placement = Placement.MOVED  # found again
    elif placement is Placement.SAME:
        placement = highlight.placement  # "moved" stays until the reader has seen it elsewhere
    if found.anchor == highlight.anchor and placement is highlight.placement:
        return None
    return replace(highlight, anchor=found.anchor, placement=placement)
