"""Our own JSON format: everything the library holds, offline copies, history and highlights
included, so that moving to a new machine loses nothing. Also reads `reader bookmarks list
--json`. Version 2 added highlights and the text at the reading position; version 1 files read
as before."""

from __future__ import annotations

import json
from typing import Any

from reader.errors import ReaderError
from reader.library.entry import Record, clean_text, iso_time, parse_time
from reader.library.formats.highlights import highlight_from_json, highlight_to_json, quote_from_json, quote_to_json
from reader.library.keys import source_of_href
from reader.model import Position

FORMAT = "reader-library"
VERSION = 2


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
        "categories": list(record.categories),
        "image": record.image,
        "content_hash": record.content_hash,
        "first_read": iso_time(record.first_read, precise=True),
        "last_read": iso_time(record.last_read, precise=True),
        "position": {
            "block": record.position.block,
            "offset": record.position.offset,
            "percent": record.percent,
            "quote": quote_to_json(record.position_quote),
        },
        "added": iso_time(record.saved, precise=True),
        "archived": record.archived,
        "tags": list(record.tags),
        "markdown": record.markdown,
        "copy_mode": record.copy_mode,
        "highlights": [highlight_to_json(highlight) for highlight in record.highlights],
    }


def dumps(records: list[Record]) -> str:
    document = {"format": FORMAT, "version": VERSION, "entries": [record_to_json(record) for record in records]}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _texts(value: object) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def record_from_json(item: object) -> Record | None:
    """A record from our format, or from `bookmarks list --json`; None when it names no post."""
    if not isinstance(item, dict):
        return None
    source = _text(item.get("source")) or _text(item.get("url"))
    if not source.strip():
        return None
    position = item.get("position")
    position = position if isinstance(position, dict) else {}
    markdown = item.get("markdown")
    highlights = item.get("highlights")
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
        categories=_texts(item.get("categories")),
        image=_text(item.get("image")),
        first_read=parse_time(item.get("first_read")),
        last_read=parse_time(item.get("last_read")),
        position=Position(_int(position.get("block")), _int(position.get("offset"))),
        position_quote=quote_from_json(position.get("quote")),
        percent=_number(position.get("percent", item.get("progress", 0))),
        saved=parse_time(item.get("added")),
        archived=item.get("archived") is True,
        tags=_texts(item.get("tags")),
        markdown=markdown if isinstance(markdown, str) else None,
        copy_mode=_text(item.get("copy_mode")) or "markdown",
        highlights=tuple(
            found
            for found in map(highlight_from_json, highlights if isinstance(highlights, list) else [])
            if found is not None
        ),
    )


def loads(text: str) -> list[Record]:
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
