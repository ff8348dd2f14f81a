"""Front matter: the block of metadata at the top of a post, YAML between `---` lines or
TOML between `+++` lines (Hugo's).

Posts generated from feeds carry broken YAML (unquoted colons, odd indentation, `date:
Invalid Date`, entities in titles). None of that may cost the reader the article: when the
parser refuses the block, a line-by-line reading still recovers the simple `key: value`
(or `key = value`) fields. A value that is syntax never closed (`"unterminated`, `[bad`)
is left out rather than shown as a fragment of syntax.
"""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reader.chars import strip_controls, xml_safe
from reader.convert.dates import normalize_date

_BLOCK = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_TOML_BLOCK = re.compile(r"\A\ufeff?\s*\+\+\+[ \t]*\r?\n(.*?)(?:\r?\n)?^\+\+\+[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_TOML_LINE = re.compile(r"^([A-Za-z_][\w-]*|\"[^\"]+\")\s*=\s*(.*?)\s*$")
_SYNTAX_START = tuple("\"'[{")
"""A value starting with one of these is syntax to read (a quoted string, a list, a table),
not plain text: when it cannot be read, it is left out."""
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*$")


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
    for pattern, syntax in ((_BLOCK, "yaml"), (_TOML_BLOCK, "toml")):
        match = pattern.match(text)
        if not match:
            continue
        front = parse_front_matter(match.group(1), syntax)
        if match.group(1).strip() and not front.fields:
            return None, text  # a Markdown rule, then prose, then another rule: no front matter
        return front, text[match.end() :]
    return None, text


def parse_front_matter(block: str, syntax: str = "yaml") -> FrontMatter:
    """The fields of a front matter block, in YAML or (`syntax="toml"`) TOML."""
    fields = _load_toml(block) if syntax == "toml" else _load_yaml(block)
    if fields is None:
        fields = _load_lines(
            block, _TOML_LINE if syntax == "toml" else _LINE, _toml_value if syntax == "toml" else _yaml_value
        )
    return FrontMatter(
        title=_text(fields.get("title")),
        author=_text(fields.get("author") or fields.get("authors") or fields.get("byline")),
        date=normalize_date(fields.get("date") or fields.get("published") or fields.get("pubDate")),
        categories=_strings(fields.get("categories") or fields.get("tags")),
        image=_text(fields.get("headimg") or fields.get("image") or fields.get("thumbnail") or fields.get("cover")),
        fields=fields,
    )


def _load_yaml(block: str) -> dict[str, Any] | None:
    import yaml  # loaded with the first front matter: most articles have none, and it takes 40 ms

    try:
        loaded = yaml.safe_load(block)
    except yaml.YAMLError:
        return None
    return loaded if isinstance(loaded, dict) else None


def _load_toml(block: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError:
        return None


def _load_lines(block: str, line_pattern: re.Pattern[str], value_of: Callable[[str], Any]) -> dict[str, Any]:
    """Recover `key: value` (or `key = value`) lines and `- item` lists from a block the parser
    refused as a whole, each value read alone; what cannot be read is left out."""
    fields: dict[str, Any] = {}
    current: str | None = None
    for line in block.splitlines():
        item = line.strip()
        if item.startswith("- ") and current is not None:
            existing = fields.get(current)
            values = existing if isinstance(existing, list) else []
            value = value_of(item[2:].strip())
            if value is not None:
                values.append(value)
            fields[current] = values
            continue
        match = line_pattern.match(item)
        if match:
            current = match.group(1).strip('"')
            value = value_of(match.group(2)) if match.group(2) else None
            if value is None:
                fields.pop(current, None)
            else:
                fields[current] = value
    return fields


def _yaml_value(text: str) -> Any:
    """One value of YAML that did not parse whole: quoted strings and lists read as YAML (None
    when they never close), anything else as the plain text it is (colons and all)."""
    if _BLOCK_SCALAR.match(text):
        return None  # its lines follow, indented: a line-by-line reading cannot gather them
    if not text.startswith(_SYNTAX_START):
        return text
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        closed = len(text) >= 2 and text[0] in "\"'" and text[-1] == text[0]
        return text[1:-1] if closed else None  # quotes inside quotes: the text between the outer ones


def _toml_value(text: str) -> Any:
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return None if text.startswith(_SYNTAX_START) else text


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
