"""A long table converted a part of its rows at a time, so that its first rows show first.

A table is one element, and the chunker (`reader.convert.html_to_markdown`) splits a page
between elements only: a table of 2,000 rows was converted whole (html2text, markdown-it)
before the app showed its first row. Once a group of elements is cleaned (the table is then
squared and known to be data, not layout), a table of more rows than a part holds is cut:
the group up to its first `TABLE_PART_ROWS` rows, then the rest of its rows in tables of
their own, each under a copy of the header row, then what follows it.

Each later part's Markdown is its rows alone (html2text's header and delimiter lines taken
off), after `CONTINUES`: the chunks' Markdown joined is the one table html2text writes for
the whole (`reader.convert.document.join_markdown`), and the parser reads the rows under the
previous part's header lines. The parser cuts every table into blocks of `TABLE_PART_ROWS`
rows anyway, so the blocks are the same whichever way the table came; the layout draws the
blocks of one table with its one set of column widths (`reader.layout.paint`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree, html

from reader.convert.document import CONTINUES
from reader.convert.markdown_limits import TABLE_PART_ROWS

ROWS = etree.XPath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
"""A table's rows, in order."""
_DELIMITER = re.compile(r"[ \t]*+\|?[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+\|?[ \t]*+")
"""A Markdown table's delimiter line (`---|:---:|---`), possessive throughout so that a long run of
blanks is read once, not tried at every split (quadratic: 1.2 s for 8,000 blanks)."""


def table_parts(group: html.HtmlElement, part_bytes: int) -> Iterator[tuple[html.HtmlElement, bool]]:
    """The cleaned `group` as groups to convert in turn, each with whether it continues the
    table of the one before: a long table among its children (itself or in the wrapper the
    clean pass puts around it) is cut after its first `TABLE_PART_ROWS` rows, and its other rows
    go in parts of about `part_bytes` (whole multiples of `TABLE_PART_ROWS` rows)."""
    current = html.Element("div")
    for child in list(group):
        table = _long_table(child)
        if table is None:
            current.append(child)
            continue
        rows = ROWS(table)
        row_bytes = max(1, len(html.tostring(table)) // len(rows))
        step = max(1, part_bytes // (row_bytes * TABLE_PART_ROWS)) * TABLE_PART_ROWS
        later = rows[TABLE_PART_ROWS:]
        for row in later:
            row.getparent().remove(row)
        tail, child.tail = child.tail, None
        current.append(child)
        yield current, False
        parts = [later[start : start + step] for start in range(0, len(later), step)]
        for number, part in enumerate(parts):
            piece = html.Element("table")
            piece.append(copy.deepcopy(rows[0]))
            piece.extend(part)
            wrapper = html.Element("div")
            wrapper.append(piece)
            wrapper.tail = tail if number == len(parts) - 1 else None
            yield wrapper, True
        current = html.Element("div")
    if len(current):
        yield current, False


def _long_table(child: html.HtmlElement) -> html.HtmlElement | None:
    """The table `child` is, or holds alone, when it has more rows than a part."""
    table = child
    if child.tag == "div" and len(child) == 1 and not (child.text or "").strip():
        table = child[0]
    if table.tag != "table" or ((table.tail or "").strip() and table is not child):
        return None
    return table if len(ROWS(table)) > TABLE_PART_ROWS else None


def continued_rows(markdown: str) -> str | None:
    """The Markdown of a later part without its header and delimiter lines, after `CONTINUES`;
    None when html2text did not write it as one table from its first line."""
    lines = markdown.lstrip("\n").split("\n", 2)
    if len(lines) < 3 or "|" not in lines[0] or not _DELIMITER.fullmatch(lines[1]):
        return None
    return CONTINUES + lines[2]
