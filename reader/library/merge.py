"""One entry per post: what arrives (an article opened, a record imported) either becomes a new
entry or merges into the entry of the same post, field by field, by the rules in
`reader.library.columns.FIELDS`.

An opening brings the article as it is now: its metadata replaces what it says anew, a moved
file gets its new path, an edited one its new hash. An import brings what another library
knew: it fills what the entry lacks and keeps what it has; the later reading wins the
position, and a post saved on either side stays saved.
"""

from __future__ import annotations

import sqlite3

from reader.convert.document import Document
from reader.library import highlights, rows
from reader.library.columns import Field, Rule, changes, record_of_metadata, values_of
from reader.library.entry import Record, normalize_tags
from reader.library.index import has_text, mark_pending, set_text
from reader.library.keys import content_hash, entry_key, is_web
from reader.library.offline import parse_mode_of
from reader.source.urls import split_url


def _on_open(field: Field) -> Rule:
    return field.on_open


def _on_import(field: Field) -> Rule:
    return field.on_import


def upsert_document(conn: sqlite3.Connection, document: Document, now: float, *, read: bool) -> int:
    """The entry for a document, created or brought up to date; a saved post's offline copy
    follows a changed text, and so does the search index. `read`: the document is being opened
    now (not only saved)."""
    meta = document.article.metadata
    markdown = document.markdown
    stamp = now if read else None
    record = record_of_metadata(
        meta,
        key=entry_key(url=meta.url, source=meta.source, markdown=markdown),
        content_hash=content_hash(markdown),
        site=site_of(meta.site, meta.url, meta.source),
        first_read=stamp,
        last_read=stamp,
    )
    incoming = values_of(record)
    entry_id = rows.find_id(conn, incoming["key"], incoming["source"])
    if entry_id is None:
        entry_id = rows.insert(conn, incoming)
        set_text(conn, entry_id, document.article.text)
        return entry_id
    entry = rows.get(conn, entry_id)
    rows.update(conn, entry_id, changes(values_of(entry), incoming, _on_open))
    if entry.content_hash != incoming["content_hash"] or not has_text(conn, entry_id):
        set_text(conn, entry_id, document.article.text)
    if entry.bookmarked and (entry.content_hash != incoming["content_hash"] or not entry.has_copy):
        rows.store_copy(conn, entry_id, markdown, parse_mode_of(document), now)
    return entry_id


def merge_record(conn: sqlite3.Connection, record: Record, now: float) -> bool:
    """Insert a record as a new entry (True), or merge it into the entry of the same post. A
    copy it brings is indexed later (`reader.library.index`); its highlights merge by uid."""
    source = record.source.strip()
    markdown = record.markdown
    saved = record.saved
    if saved is None and record.first_read is None and record.last_read is None:
        saved = now  # neither read nor saved says nothing: a bare link is a bookmark
    incoming = values_of(
        record,
        source=source,
        key=record.key or entry_key(url=record.url, source=source, markdown=markdown),
        content_hash=content_hash(markdown) if markdown is not None else record.content_hash,
        site=site_of(record.site, record.url, source),
        saved=saved,
        archived=record.archived and saved is not None,
    )
    entry_id = rows.find_id(conn, incoming["key"], source)
    added = entry_id is None
    if entry_id is None:
        entry_id = rows.insert(conn, incoming)
    else:
        rows.update(conn, entry_id, changes(rows.values(conn, entry_id), incoming, _on_import))
    rows.add_tags(conn, entry_id, normalize_tags(record.tags))
    if markdown is not None:
        stored = conn.execute(
            "INSERT OR IGNORE INTO copies (entry_id, markdown, mode, stored) VALUES (?, ?, ?, ?)",
            (entry_id, markdown, record.copy_mode, now),
        ).rowcount
        if stored and not has_text(conn, entry_id):
            mark_pending(conn, entry_id)
    for highlight in record.highlights:
        highlights.insert(conn, entry_id, highlight)
    return added


def site_of(site: str, url: str, source: str) -> str:
    """The site's name, else the host of its address: what the library lists as its site."""
    if site:
        return site
    for candidate in (url, source):
        if is_web(candidate) and (parts := split_url(candidate)) is not None:
            return parts.hostname or ""
    return ""
