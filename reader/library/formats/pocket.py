"""Pocket's CSV export: `title,url,time_added,tags,status`, tags joined by `|`,
status `unread` or `archive`."""

from __future__ import annotations

import csv
import io

from reader.errors import ReaderError
from reader.library.entry import Record, clean_text, parse_time
from reader.library.keys import is_web, source_of_href

COLUMNS = ("title", "url", "time_added", "tags", "status")


def loads(text: str) -> list[Record]:
    rows = csv.DictReader(io.StringIO(text))
    fields = {name.strip().lower() for name in rows.fieldnames or ()}
    if "url" not in fields:
        raise ReaderError(f"not a Pocket CSV export: no url column (columns: {', '.join(sorted(fields)) or 'none'})")
    records: list[Record] = []
    for raw in rows:
        row = {(name or "").strip().lower(): (value or "") for name, value in raw.items() if isinstance(value, str)}
        url = row.get("url", "").strip()
        if not is_web(url):
            continue
        records.append(
            Record(
                source=source_of_href(url),
                title=clean_text(row.get("title", "")),
                saved=parse_time(row.get("time_added")),
                tags=tuple(tag for tag in row.get("tags", "").split("|") if tag.strip()),
                archived=row.get("status", "").strip().lower() in ("archive", "archived", "read"),
            )
        )
    return records
