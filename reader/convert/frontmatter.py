"""YAML front matter: the block between `---` lines at the top of a post.

Posts generated from feeds carry broken YAML (unquoted colons, odd indentation, `date:
Invalid Date`, entities in titles). None of that may cost the reader the article: when YAML
refuses the block, a line-by-line reading still recovers the simple `key: value` fields.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from reader.chars import strip_controls, xml_safe
from reader.convert.dates import normalize_date

_BLOCK = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


@dataclass(slots=True)
class FrontMatter:
    title: str = ""
    author: str = ""
    date: str = ""
    categories: list[str] = field(default_factory=list)
    image: str = ""
    fields: dict[str, Any] = field(default_factory=dict)


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """The front matter (None when there is none) and the body after it."""
    match = _BLOCK.match(text)
    if not match:
        return None, text
    front = parse_front_matter(match.group(1))
    if match.group(1).strip() and not front.fields:
        return None, text  # a Markdown rule, then prose, then another rule: no front matter
    return front, text[match.end() :]


def parse_front_matter(block: str) -> FrontMatter:
    fields = _load_yaml(block)
    if fields is None:
        fields = _load_lines(block)
    return FrontMatter(
        title=_text(fields.get("title")),
        author=_text(fields.get("author") or fields.get("authors") or fields.get("byline")),
        date=normalize_date(fields.get("date") or fields.get("published") or fields.get("pubDate")),
        categories=_strings(fields.get("categories") or fields.get("tags")),
        image=_text(fields.get("headimg") or fields.get("image") or fields.get("thumbnail") or fields.get("cover")),
        fields=fields,
    )


def _load_yaml(block: str) -> dict[str, Any] | None:
    try:
        loaded = yaml.safe_load(block)
    except yaml.YAMLError:
        return None
    return loaded if isinstance(loaded, dict) else None


def _load_lines(block: str) -> dict[str, Any]:
    """Recover `key: value` lines and `- item` lists from YAML that does not parse."""
    fields: dict[str, Any] = {}
    current: str | None = None
    for line in block.splitlines():
        item = line.strip()
        if item.startswith("- ") and current is not None:
            existing = fields.get(current)
            values = existing if isinstance(existing, list) else []
            values.append(_unquote(item[2:]))
            fields[current] = values
            continue
        match = _LINE.match(line.strip())
        if match:
            current = match.group(1)
            fields[current] = _unquote(match.group(2)) if match.group(2) else None
    return fields


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value if item is not None)
    if isinstance(value, dict):
        return _text(value.get("name") or "")
    # YAML's own escapes ("\x1b", "\0") and entities make characters that decoding never saw.
    return xml_safe(strip_controls(html.unescape(str(value)))).strip()


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [_text(item) for item in value if _text(item)]
    return [part.strip() for part in _text(value).split(",") if part.strip()]
