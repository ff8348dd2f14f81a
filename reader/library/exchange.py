"""Export and import: the library as a file, in our own JSON format, the browsers' bookmark
HTML, or (import only) Pocket's CSV. The format follows the file name.

Our JSON holds everything, offline copies and history included, so that moving to a new
machine loses nothing. Exports are written to a temporary file and renamed into place, so an
interrupted export never leaves half a file under the real name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.errors import ReaderError
from reader.files import write_atomic
from reader.library import netscape, pocket
from reader.library.entry import Position, Record, clean_text, iso_time, parse_time
from reader.library.keys import source_of_href

FORMAT = "reader-library"
VERSION = 1

_EXPORTS = {".json": "json", ".html": "html", ".htm": "html"}
_IMPORTS = {**_EXPORTS, ".csv": "csv"}


def format_of(path: Path, *, importing: bool) -> str:
    kinds = _IMPORTS if importing else _EXPORTS
    kind = kinds.get(path.suffix.lower())
    if kind is None:
        names = ", ".join(sorted(kinds))
        raise ReaderError(f"{path}: unknown format (the file name must end in one of {names})")
    return kind


def record_to_json(record: Record) -> dict[str, Any]:
    return {
        "key": record.key,
        "source": record.source,
        "url": record.url,
        "title": record.title,
        "author": record.author,
        "date": record.date,
        "site": record.site,
        "language": record.language,
        "categories": record.categories,
        "image": record.image,
        "content_hash": record.content_hash,
        "first_read": iso_time(record.first_read, precise=True),
        "last_read": iso_time(record.last_read, precise=True),
        "position": {
            "block": record.position.block,
            "offset": record.position.offset,
            "percent": record.position.percent,
        },
        "added": iso_time(record.saved, precise=True),
        "archived": record.archived,
        "tags": record.tags,
        "markdown": record.markdown,
        "copy_mode": record.copy_mode,
    }


def dumps_json(records: list[Record]) -> str:
    document = {"format": FORMAT, "version": VERSION, "entries": [record_to_json(record) for record in records]}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def record_from_json(item: object) -> Record | None:
    """A record from our format, or from `bookmarks list --json`; None when it names no post."""
    if not isinstance(item, dict):
        return None
    source = _text(item.get("source")) or _text(item.get("url"))
    if not source.strip():
        return None
    position = item.get("position")
    position = position if isinstance(position, dict) else {}
    percent = position.get("percent", item.get("progress", 0))
    markdown = item.get("markdown")
    categories = item.get("categories")
    tags = item.get("tags")
    return Record(
        source=source_of_href(source) if "://" in source else source,
        title=clean_text(_text(item.get("title"))),
        key=_text(item.get("key")),
        url=_text(item.get("url")),
        content_hash=_text(item.get("content_hash")),
        author=_text(item.get("author")),
        date=_text(item.get("date")),
        site=_text(item.get("site")),
        language=_text(item.get("language")),
        categories=[str(c) for c in categories] if isinstance(categories, list) else [],
        image=_text(item.get("image")),
        first_read=parse_time(item.get("first_read")),
        last_read=parse_time(item.get("last_read")),
        position=Position(
            _int(position.get("block")),
            _int(position.get("offset")),
            float(percent) if isinstance(percent, int | float) and not isinstance(percent, bool) else 0.0,
        ),
        saved=parse_time(item.get("added")),
        archived=item.get("archived") is True,
        tags=[str(t) for t in tags] if isinstance(tags, list) else [],
        markdown=markdown if isinstance(markdown, str) else None,
        copy_mode=_text(item.get("copy_mode")) or "markdown",
    )


def loads_json(text: str) -> list[Record]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReaderError(f"not valid JSON: {exc}") from None
    if isinstance(document, dict):
        if document.get("format") != FORMAT:
            raise ReaderError('not a reader library export (no "format": "reader-library")')
        items = document.get("entries")
    else:
        items = document
    if not isinstance(items, list):
        raise ReaderError("not a reader library export (no list of entries)")
    return [record for record in map(record_from_json, items) if record is not None]


def read_records(path: Path) -> list[Record]:
    """The records of an import file, by its name: `.json`, `.html`/`.htm` or `.csv`."""
    kind = format_of(path, importing=True)
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise ReaderError(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise ReaderError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ReaderError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        if kind == "json":
            return loads_json(text)
        if kind == "csv":
            return pocket.loads(text)
        return netscape.loads(text)
    except ReaderError as exc:
        raise ReaderError(f"{path}: {exc}") from None


def write_records(path: Path, records: list[Record]) -> None:
    """Write an export by its name (`.json` or `.html`), atomically."""
    kind = format_of(path, importing=False)
    text = dumps_json(records) if kind == "json" else netscape.dumps(records)
    write_text(path, text)


def write_text(path: Path, text: str) -> None:
    """Write an export atomically; a failure is one line for the user."""
    try:
        write_atomic(path.resolve(), text)
    except OSError as exc:
        raise ReaderError(f"cannot write {path}: {exc.strerror or exc}") from None
