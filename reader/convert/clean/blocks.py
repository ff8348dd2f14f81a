"""Blocks reshaped into what Markdown can hold.

Markdown is stricter than HTML about nesting: a list item's second paragraph must be
indented, a table row is one line, code is text only. html2text writes the HTML as it
comes, so a list breaks into an indented code block, a layout table into a grid of
fragments. These passes reshape the tree first, and rename the tags html2text writes
badly to ones it writes well (`policy.TAGS`).
"""

from __future__ import annotations

import re

from lxml import etree, html

from reader.convert.clean.dom import all_text, drop_all, holds_blocks, text_slots, unwrap
from reader.convert.clean.policy import LAYOUT_IN_CELL_TAGS, RETAGGED
from reader.convert.clean.sentinels import CELL_PIPE, EMPTY_CELL

_IN_LIST_ITEM = ("p", "div", "section", "article", "header", "footer", "figure", "span")
"""Containers that become lines of the list item they are in."""


def flatten_list_items(root: html.HtmlElement) -> None:
    """Paragraphs inside a list item become lines of it.

    html2text writes a list item's second paragraph without indentation, which ends the
    list in Markdown and turns the rest of it into an indented code block. Joined with
    line breaks, the item stays one item.
    """
    for item in list(root.iter("li")):
        for node in list(item.iter(*_IN_LIST_ITEM)):
            if node is item or node.getparent() is None:
                continue
            if node.tag == "span" and not holds_blocks(node):
                continue
            if node.getprevious() is not None or (node.getparent().text or "").strip():
                node.addprevious(html.Element("br"))
            unwrap(node)


def fix_preformatted(root: html.HtmlElement) -> None:
    """Preformatted text is text: links, emphasis and other tags inside it are unwrapped."""
    dropped: list[html.HtmlElement] = []
    for pre in root.iter("pre"):
        for node in list(pre.iterdescendants()):
            if node.getparent() is None or not isinstance(node.tag, str):
                continue
            if node.tag == "br":
                node.tail = "\n" + (node.tail or "")
                dropped.append(node)
            elif node.tag == "img":  # code holds text only: a picture in it says its alt text
                node.tail = (node.get("alt") or "") + (node.tail or "")
                dropped.append(node)
            elif node.tag != "code":
                unwrap(node)
    drop_all(dropped)


def flatten_tables(root: html.HtmlElement) -> None:
    """Keep data tables as tables; turn layout tables into plain flow.

    A Markdown table row is one line, so a cell may hold only inline content; a table whose
    cells hold lists, code or other tables (or that has a single column) is layout, and its
    cells become blocks of their own.
    """
    for table in list(root.iter("table")):
        if table.getparent() is None:
            continue
        cells = list(table.iter("td", "th"))
        nested = _HOLDS_LAYOUT(table)
        columns = max((len(row.findall("td")) + len(row.findall("th")) for row in table.iter("tr")), default=0)
        if nested or columns <= 1:
            for node in list(table.iter("table", "thead", "tbody", "tfoot", "tr", "caption")):
                node.tag = "div"
            for cell in cells:
                cell.tag = "div"
            continue
        for cell in cells:
            _inline_cell(cell)
        _square(table, columns)
        _caption_above(table)


_HOLDS_LAYOUT = etree.XPath(
    "boolean(.//*[self::td or self::th][.//*[" + " or ".join(f"self::{tag}" for tag in LAYOUT_IN_CELL_TAGS) + "]])"
)
"""One search in C: a table of 80,000 cells asked 11 questions of each cell in Python."""


def _square(table: html.HtmlElement, columns: int) -> None:
    """Every row as wide as the widest, and the table a block of its own: Markdown drops the
    cells a row has past its header's, and html2text runs a table into what comes before it
    (two tables in a row became one, and the second lost its last columns)."""
    for row in table.iter("tr"):
        for _ in range(columns - len(row.findall("td")) - len(row.findall("th"))):
            cell = html.Element("td")
            cell.text = EMPTY_CELL
            row.append(cell)
    wrapper = html.Element("div")
    wrapper.tail, table.tail = table.tail, None
    table.addprevious(wrapper)
    wrapper.append(table)


def _caption_above(table: html.HtmlElement) -> None:
    """A data table's `<caption>` as a paragraph of its own above it: html2text wrote its text
    into the first header cell ("Monthly rainfall by cityCity")."""
    for caption in table.findall("caption"):
        paragraph = html.Element("p")
        paragraph.text = caption.text
        paragraph.extend(list(caption))  # its inline markup moves with it
        if caption.tail and caption.tail.strip():  # stray text inside the table stays too
            paragraph.tail = caption.tail
        table.remove(caption)
        if paragraph.text_content().strip() or len(paragraph):
            table.addprevious(paragraph)


def _inline_cell(cell: html.HtmlElement) -> None:
    if not len(cell):  # text only, most cells: nothing to unwrap
        text = cell.text or ""
        cell.text = text.replace("|", CELL_PIPE) if text.strip() else EMPTY_CELL
        return
    if not cell.text_content().strip() and cell.find(".//img") is None:
        # html2text writes an empty first cell as a leading "|", which Markdown does not
        # count as a cell: the header row comes out one cell short and the table is lost.
        cell.text = EMPTY_CELL
        return
    breaks: list[html.HtmlElement] = []
    for node in list(cell.iter("br", "p", "div", "li")):
        if node is cell:
            continue
        node.tail = " " + (node.tail or "")
        if node.tag == "br":
            breaks.append(node)
        else:
            unwrap(node)
    drop_all(breaks)
    for node, attr in text_slots(cell):
        text = getattr(node, attr)
        if text and "|" in text:
            setattr(node, attr, text.replace("|", CELL_PIPE))


def retag(root: html.HtmlElement) -> None:
    """Rename or unwrap the tags html2text writes badly, as `policy.TAGS` says: one tag for
    each kind of emphasis, definition lists as paragraphs, abbreviations as their word."""
    for node in list(root.iter(*RETAGGED)):
        rule = RETAGGED[node.tag]
        if rule.unwrap:
            unwrap(node)
            continue
        node.tag = rule.becomes
        if rule.content_in:
            wrapper = html.Element(rule.content_in)
            wrapper.text, node.text = node.text, None
            for child in list(node):
                wrapper.append(child)
            node.append(wrapper)


DRAWN_RULE = re.compile(r"([-_=*~·•─━═—–])(?:\s*\1){3,}")
"""A paragraph that draws a line with one character repeated (`______`, `* * * *`, `────`)."""


def drawn_rules_as_rules(root: html.HtmlElement) -> None:
    """A separator typed as a paragraph of underscores or dashes is a rule, and shows as one:
    as text it came out as a line of marks (`____` read as markup left on screen)."""
    for node in list(root.iter("p", "div", "center")):
        if len(node) == 0 and DRAWN_RULE.fullmatch((node.text or "").strip()):
            tail = node.tail
            node.clear()
            node.tag, node.tail = "hr", tail


INDENTING_QUOTES = 0.9
"""The share of a part's text, blanks left out, that its outermost quotes must hold to be the
page's indentation rather than quotations."""


def indenting_quotes_as_text(root: html.HtmlElement) -> None:
    """Quotes that between them hold (nearly) all the text are indentation: pages from before
    CSS indent each section's body with `<blockquote>`, section after section. A quotation is
    set off from the text around it; with no text around them, the bar down every line would
    set off nothing, and would mark the whole article as someone else's words. Each becomes a
    plain box; quotes inside them stay quotes. A lone quote is left a quote: a fragment or a
    page may well be one quotation."""
    outermost = [quote for quote in root.iter("blockquote") if next(quote.iterancestors("blockquote"), None) is None]
    if len(outermost) < 2:
        return
    quoted = sum(_solid_length(all_text(quote)) for quote in outermost)
    if quoted >= INDENTING_QUOTES * _solid_length(all_text(root)) > 0:
        for quote in outermost:
            quote.tag = "div"


def _solid_length(text: str) -> int:
    return len(text) - sum(map(text.count, " \t\r\n\xa0"))
