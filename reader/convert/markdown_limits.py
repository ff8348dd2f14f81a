"""Markdown that markdown-it reads whole and in good time: nesting flattened, tables cut.

markdown-it stops at its nesting limit and drops the rest of the document without a word:
an item inside 5,000 nested lists (or a line of 5,000 `>`) came out as nothing. Each line's
containers are its leading quote marks and list markers and its indentation; a line with
more than `MAX_MARKERS` of them, or indented more than `MAX_INDENT` columns, keeps that many
and loses the rest, so deeper items become items of the deepest list kept and their text is
read. Lines inside fenced code keep their content as it is.

A table of more than `MAX_TABLE_CELLS` cells keeps its first rows, and a line after it says
how many more there were (each cell costs a fraction of a millisecond in every later stage).

A document within the limits is returned as it was, after a search or two for a line that
might not be.
"""

from __future__ import annotations

import re

MAX_MARKERS = 16
"""Quote marks and list markers before one line's text."""
MAX_INDENT = 48
"""Columns of indentation before one line's text (24 levels of two-space lists)."""
MAX_TABLE_CELLS = 10_000
"""Cells of one table shown (HTML tables too, see `reader.convert.html_to_markdown`)."""
TABLE_PART_ROWS = 16
"""Rows of a table in one block: a longer table is a block of its first rows and blocks that
continue it (`Block.continues`), so that a screen of it is laid out, and a long one arrives,
a part at a time (`reader.convert.html_to_markdown` cuts an HTML table at these rows too)."""
MAX_NESTING = 2 * (MAX_MARKERS + MAX_INDENT // 2) + 16
"""What markdown-it must then accept (its `maxNesting`): a list is two levels (the list and
its item), and a paragraph or two more."""

_SUSPECT = re.compile(rf"^[ \t>*+\-0-9.)]{{{min(MAX_MARKERS, MAX_INDENT)},}}", re.M)
"""Lines long enough in container characters to need a look."""
_MARKER = re.compile(r"[ \t]*(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_QUOTE = re.compile(r"[ \t]*>[ \t]?")


def limit_markdown(text: str) -> str:
    """`text` within the limits of the module docstring."""
    return flatten_markdown(limit_tables(text))


_DELIMITER_ROW = re.compile(r"^[ \t]*+(?=[^\n]*\|)\|?(?:[ \t]*+:?-++:?[ \t]*+\|?)++[ \t]*$", re.M)
"""The row under a table's header: `|---|:--:|`. Every repeat is possessive (`*+`, `++`), so a
line is never split again a different way: the indentation given back a space at a time made
each retry scan the rest of the line again (a list indented 6,000 spaces deep took a minute),
and `(-+)+`-style runs split every way they can be, so `|- - - ... x` took time doubling with
each dash (2 s at 22, found by the fuzz test). Each part of a cell is a different character,
so taking all of it never loses a match."""


def limit_tables(text: str) -> str:
    """Tables cut to `MAX_TABLE_CELLS` cells, whole rows, with a line saying how many rows are left out."""
    if len(text) < MAX_TABLE_CELLS:  # every cell takes at least one character
        return text
    pieces: list[str] = []
    done = 0
    for delimiter in _DELIMITER_ROW.finditer(text):
        if delimiter.start() < done:
            continue
        columns = max(1, delimiter.group().strip().strip("|").count("|") + 1)
        keep = max(1, MAX_TABLE_CELLS // columns)
        position = cut = delimiter.end() + 1
        rows = 0
        while position < len(text):  # the body: the lines up to a blank one
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            if not text[position:end].strip():
                break
            rows += 1
            if rows == keep + 1:
                cut = position
            position = end + 1
        if rows > keep:
            pieces += (text[done:cut], f"\n[… {rows - keep:,} more rows not shown]\n\n")
            done = min(position, len(text))
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def flatten_markdown(text: str) -> str:
    """`text` with nesting past the limits taken out (see the module docstring)."""
    if not _SUSPECT.search(text):
        return text
    lines = text.split("\n")
    fence = ""
    changed = False
    for number, line in enumerate(lines):
        flat, fence = _flatten_line(line, fence)
        if flat is not line:
            lines[number] = flat
            changed = True
    return "\n".join(lines) if changed else text


def _flatten_line(line: str, fence: str) -> tuple[str, str]:
    """The line within the limits, and the fence open after it ("" when none)."""
    markers: list[str] = []
    position = 0
    marker = _QUOTE if fence else _MARKER  # in code, only the quotes around it are containers
    while (match := marker.match(line, position)) and match.end() > position:
        markers.append(match.group())
        position = match.end()
    rest = line[position:]
    if fence:
        if rest.strip().startswith(fence) and not rest.strip().strip(fence[0]):
            fence = ""
    elif opening := _FENCE.match(rest):
        fence = opening.group(1)
    indent = _columns(line[: position + len(rest) - len(rest.lstrip(" \t"))]) if not fence else 0
    if len(markers) <= MAX_MARKERS and indent <= MAX_INDENT:
        return line, fence
    kept = [item.strip(" \t") for item in markers[:MAX_MARKERS]]
    lead = min(_columns(line[: len(line) - len(line.lstrip(" \t"))]), MAX_INDENT)
    text = rest.lstrip(" \t") if not fence else rest
    return " " * lead + "".join(item + " " for item in kept) + text, fence


def _columns(whitespace: str) -> int:
    """Columns of a run of characters, tabs to the next multiple of four."""
    return len(whitespace.expandtabs(4)) if "\t" in whitespace else len(whitespace)
