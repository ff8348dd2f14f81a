"""The Netscape bookmark file: the HTML every browser exports and imports.

Written with `ADD_DATE` (Unix seconds) and `TAGS` (comma-separated), the attributes browsers
and read-later services agree on; archived posts go in a folder named "Archive". Read with
the standard library's tolerant HTML tokenizer, since these files are tag soup (`<DT>` is
never closed). Pocket's own HTML export (`<h1>Read Archive</h1>`, `time_added`, `tags`) reads too.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from html.parser import HTMLParser

from reader.library.entry import Record, clean_text, parse_time
from reader.library.keys import href_of_source, is_web, source_of_href

ARCHIVE_FOLDER = "Archive"
_ARCHIVE_HEADINGS = frozenset({"archive", "read archive"})

_HEAD = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
"""


def _anchor(record: Record, indent: str) -> str:
    attributes = [f'HREF="{html.escape(href_of_source(record.url or record.source))}"']
    if record.saved is not None:
        attributes.append(f'ADD_DATE="{int(record.saved)}"')
    if record.tags:
        attributes.append(f'TAGS="{html.escape(",".join(record.tags))}"')
    title = html.escape(record.title or record.url or record.source, quote=False)
    return f"{indent}<DT><A {' '.join(attributes)}>{title}</A>\n"


def dumps(records: Iterable[Record]) -> str:
    """The bookmarks among `records` (history alone is not a bookmark) as a bookmark file."""
    saved = [record for record in records if record.saved is not None]
    parts = [_HEAD]
    parts.extend(_anchor(record, "    ") for record in saved if not record.archived)
    archived = [record for record in saved if record.archived]
    if archived:
        parts.append(f"    <DT><H3>{ARCHIVE_FOLDER}</H3>\n    <DL><p>\n")
        parts.extend(_anchor(record, "        ") for record in archived)
        parts.append("    </DL><p>\n")
    parts.append("</DL><p>\n")
    return "".join(parts)


class _Reader(HTMLParser):
    """Collects links with the folder (or Pocket heading) they sit under."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.records: list[Record] = []
        self._folders: list[bool] = []
        """For each open `<DL>`: whether it is the archive folder."""
        self._heading: list[str] | None = None
        self._pending_archive = False
        self._section_archive = False
        """Pocket's layout: a `<h1>Read Archive</h1>` heading before a flat list."""
        self._link: tuple[dict[str, str], list[str]] | None = None

    def _archived(self) -> bool:
        return self._section_archive or any(self._folders)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "dl":
            self._folders.append(self._pending_archive)
            self._pending_archive = False
        elif tag == "a":
            self._link = ({name: value or "" for name, value in attrs}, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            name = clean_text("".join(self._heading)).casefold()
            if tag == "h3":
                self._pending_archive = name in _ARCHIVE_HEADINGS
            else:
                self._section_archive = name in _ARCHIVE_HEADINGS
            self._heading = None
        elif tag == "dl" and self._folders:
            self._folders.pop()
        elif tag == "a" and self._link is not None:
            self._finish_link(*self._link)
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link[1].append(data)
        elif self._heading is not None:
            self._heading.append(data)

    def _finish_link(self, attributes: dict[str, str], text: list[str]) -> None:
        href = attributes.get("href", "").strip()
        if not (is_web(href) or href.lower().startswith("file:")):
            return  # place: queries, javascript: and the like are not posts
        tags = attributes.get("tags", "")
        separator = "|" if "|" in tags and "," not in tags else ","
        self.records.append(
            Record(
                source=source_of_href(href),
                title=clean_text("".join(text)),
                saved=parse_time(attributes.get("add_date") or attributes.get("time_added")),
                tags=tuple(tag for tag in tags.split(separator) if tag.strip()),
                archived=self._archived(),
            )
        )


def loads(text: str) -> list[Record]:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.records
