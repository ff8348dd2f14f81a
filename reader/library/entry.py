"""The library's plain data: entries as the app and the screen see them, and the neutral
records every import and export format converts to and from."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reader.chars import strip_controls
from reader.library.anchors import Anchor, Placement, Quote
from reader.library.keys import is_web
from reader.model import Position
from reader.source.urls import split_url


class View(StrEnum):
    """Which part of the library a list shows."""

    SAVED = "saved"
    """Bookmarks not archived, newest first."""
    HISTORY = "history"
    """Everything opened, last read first."""
    ARCHIVE = "archive"
    """Archived bookmarks, newest first."""
    BOOKMARKS = "bookmarks"
    """Every bookmark, archived or not, newest first (the command line's list)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One post in the library: its history, its bookmark (if saved), or both."""

    id: int
    key: str
    source: str
    """Where it was last opened from: an absolute path or a final URL."""
    url: str
    """Canonical URL, when the page gave one."""
    content_hash: str
    title: str
    author: str
    date: str
    site: str
    language: str
    categories: tuple[str, ...]
    image: str
    first_read: float | None
    """Unix time of the first opening; None for a bookmark never opened here."""
    last_read: float | None
    position: Position
    """Where the reader stopped: it survives a new width (block 0 is the top)."""
    position_quote: Quote
    """What the text said there: finds the place again in a changed text (`position_anchor`)."""
    percent: float
    """How far through, 0 to 100, for showing progress without laying the article out."""
    saved: float | None
    """Unix time the bookmark was added; None when it is not a bookmark."""
    archived: bool
    tags: tuple[str, ...]
    has_copy: bool
    """An offline copy of the Markdown is stored, so the post opens without its source."""

    @property
    def bookmarked(self) -> bool:
        return self.saved is not None

    @property
    def position_anchor(self) -> Anchor:
        """The reading position as an anchor, to `locate` in the article as it is now."""
        end = Position(self.position.block, self.position.offset + len(self.position_quote.text))
        return Anchor(self.position, end, self.position_quote)

    @property
    def is_web(self) -> bool:
        return is_web(self.source)

    @property
    def reopenable(self) -> bool:
        """The source can be opened again: not stdin, which is gone once read."""
        return bool(self.source) and self.source != "-"

    @property
    def missing(self) -> bool:
        """The source is a local file that is no longer there (a web page is never known missing)."""
        if self.is_web or not self.reopenable:
            return False
        return not Path(self.source).exists()

    @property
    def place(self) -> str:
        """What to show as the post's site: the site name, else the host, else the name of a
        local file's folder (`notes/`), or "stdin" for a piped post."""
        if self.site:
            return self.site
        parts = split_url(self.url or self.source) if (self.url or self.is_web) else None
        host = parts.hostname if parts is not None else None
        if host:
            return host
        if not self.source or self.source == "-":
            return "stdin"
        folder = os.path.dirname(self.source)
        if folder == os.path.expanduser("~"):
            return "~/"
        name = os.path.basename(folder)
        return f"{name}/" if name else "file"

    @property
    def display_title(self) -> str:
        return self.title or self.url or self.source or f"entry {self.id}"


@dataclass(eq=False, frozen=True, slots=True)
class Record:
    """An entry outside the database: what exports write and imports read.

    `key` may be empty: the library then derives it from `url`, `source` and `markdown`.
    """

    source: str
    title: str = ""
    key: str = ""
    url: str = ""
    content_hash: str = ""
    author: str = ""
    date: str = ""
    site: str = ""
    language: str = ""
    categories: tuple[str, ...] = ()
    image: str = ""
    first_read: float | None = None
    last_read: float | None = None
    position: Position = field(default_factory=Position)
    position_quote: Quote = field(default_factory=Quote)
    percent: float = 0.0
    saved: float | None = None
    archived: bool = False
    tags: tuple[str, ...] = ()
    markdown: str | None = None
    """The offline copy, if the record carries one."""
    copy_mode: str = "markdown"
    """How the copy parses back into the post's blocks (`reader.library.offline.ParseMode`)."""
    highlights: tuple[Highlight, ...] = ()


@dataclass(eq=False, frozen=True, slots=True)
class Highlight:
    """A passage the reader marked, with their note. `uid` names it across libraries (an
    import of the same highlight merges into it); `id` and `entry_id` are this library's."""

    uid: str
    anchor: Anchor
    note: str = ""
    placement: Placement = Placement.SAME
    """Where it was found the last time its article was opened."""
    created: float = 0.0
    updated: float = 0.0
    """When the note last changed: of two copies of a highlight, the later note wins."""
    id: int = 0
    entry_id: int = 0


def clean_text(value: object) -> str:
    """Imported text is data from elsewhere: one line, no terminal control characters."""
    if value is None or value == "":
        return ""
    return " ".join(strip_controls(str(value)).split())


def normalize_tags(values: object) -> tuple[str, ...]:
    """Tags as given, split on commas, trimmed, without duplicates (first spelling wins)."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple | set | frozenset):
        return ()
    seen: dict[str, str] = {}
    for value in values:
        for part in str(value).split(","):
            tag = clean_text(part).lstrip("#").strip()
            if tag and tag.casefold() not in seen:
                seen[tag.casefold()] = tag
    return tuple(seen.values())


def iso_time(stamp: float | None, *, precise: bool = False) -> str | None:
    """Unix time as an ISO 8601 UTC timestamp, for exports people and scripts read; to the
    second, or to the microsecond (`precise`) where a round trip must give the time back."""
    if stamp is None:
        return None
    return dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat(timespec="microseconds" if precise else "seconds")


def parse_time(value: object) -> float | None:
    """A time from an import: Unix seconds (number or digits) or ISO 8601; None when unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        return number if number > 0 else None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()
