"""Highlights as files: one highlight as JSON (in the library's export, and read back by its
import), and every highlight grouped by article, as Markdown for a notes app or as JSON.

The Markdown is for people: each article a section with its title, source and date, each quote
a block quote with its note below it. Article text and notes are data: a quote that holds
Markdown syntax stays a quote (its lines are each marked `> `).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from reader.library.anchors import Anchor, Placement, Quote
from reader.library.entry import Entry, Highlight, iso_time, parse_time
from reader.model import Position

Groups = Sequence[tuple[Entry, Sequence[Highlight]]]


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def quote_to_json(quote: Quote) -> dict[str, str]:
    return {"text": quote.text, "before": quote.before, "after": quote.after, "digest": quote.digest}


def quote_from_json(item: object) -> Quote:
    if not isinstance(item, dict):
        return Quote()
    return Quote(
        _text(item.get("text")), _text(item.get("before")), _text(item.get("after")), _text(item.get("digest"))
    )


def highlight_to_json(highlight: Highlight) -> dict[str, Any]:
    """A highlight as the library export keeps it: everything that finds it again."""
    anchor = highlight.anchor
    return {
        "uid": highlight.uid,
        "start": {"block": anchor.start.block, "offset": anchor.start.offset},
        "end": {"block": anchor.end.block, "offset": anchor.end.offset},
        "quote": quote_to_json(anchor.quote),
        "note": highlight.note,
        "placement": highlight.placement.value,
        "created": iso_time(highlight.created, precise=True),
        "updated": iso_time(highlight.updated, precise=True),
    }


def _position(item: object) -> Position:
    item = item if isinstance(item, dict) else {}
    return Position(_int(item.get("block")), _int(item.get("offset")))


def highlight_from_json(item: object) -> Highlight | None:
    """A highlight from the library export; None when it has no uid or no quote."""
    if not isinstance(item, dict):
        return None
    uid = _text(item.get("uid")).strip()
    quote = quote_from_json(item.get("quote"))
    if not uid or not quote.text:
        return None
    try:
        placement = Placement(_text(item.get("placement")))
    except ValueError:
        placement = Placement.SAME
    created = parse_time(item.get("created")) or 0.0
    updated = parse_time(item.get("updated")) or created
    anchor = Anchor(_position(item.get("start")), _position(item.get("end")), quote)
    return Highlight(uid, anchor, _text(item.get("note")), placement, created, updated)


def _article_json(entry: Entry) -> dict[str, Any]:
    return {
        "title": entry.display_title,
        "source": entry.url or entry.source,
        "site": entry.place,
        "author": entry.author,
        "date": entry.date,
    }


def groups_to_json(groups: Groups) -> str:
    """Every highlight by article: what `reader highlights export --format json` writes."""
    articles = [
        {
            **_article_json(entry),
            "highlights": [
                {
                    "quote": highlight.anchor.quote.text,
                    "note": highlight.note,
                    "created": iso_time(highlight.created),
                    "placement": highlight.placement.value,
                    "block": highlight.anchor.start.block,
                    "offset": highlight.anchor.start.offset,
                }
                for highlight in highlights
            ],
        }
        for entry, highlights in groups
    ]
    return json.dumps(articles, ensure_ascii=False, indent=1) + "\n"


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


def groups_to_markdown(groups: Groups) -> str:
    """Every highlight by article, as Markdown: a section per article, a block quote per
    highlight with its note below it."""
    parts = ["# Highlights"]
    for entry, highlights in groups:
        parts.append(f"## {' '.join(entry.display_title.split())}")
        facts = [fact for fact in (entry.url or entry.source, entry.author, entry.date) if fact]
        if facts:
            parts.append(" · ".join(facts))
        for highlight in highlights:
            quote = _blockquote(highlight.anchor.quote.text)
            if highlight.placement is Placement.LOST:
                quote += "\n>\n> (no longer found in the article)"
            parts.append(quote)
            if highlight.note:
                parts.append(f"Note: {highlight.note.strip()}")
    return "\n\n".join(parts) + "\n"
