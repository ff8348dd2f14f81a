"""Small edits of an lxml tree that keep its text where a reader expects it.

lxml keeps the text after an element in that element's `tail`: removing an element the
plain way loses the words that follow it, and appending text after its last child means
writing that child's tail. The passes make those edits through these helpers only.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import html

from reader.convert.clean.policy import BLOCK_TAGS


def drop(node: html.HtmlElement) -> None:
    """Remove an element with its content, keeping the text that follows it."""
    if node.getparent() is not None:
        node.drop_tree()


def unwrap(node: html.HtmlElement) -> None:
    """Replace an element by its content."""
    if node.getparent() is not None:
        node.drop_tag()


def append_text(node: html.HtmlElement, text: str) -> None:
    """Add text at the end of an element's content, after its last child if it has one."""
    if not text:
        return
    if len(node):
        last = node[-1]
        last.tail = (last.tail or "") + text
    else:
        node.text = (node.text or "") + text


def holds_blocks(node: html.HtmlElement) -> bool:
    """Whether an element holds something html2text writes as a block of its own."""
    return any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in node.iterdescendants())


def text_slots(root: html.HtmlElement) -> Iterator[tuple[html.HtmlElement, str]]:
    """(element, "text" | "tail") in document order, leaving out preformatted text."""

    def walk(node: html.HtmlElement) -> Iterator[tuple[html.HtmlElement, str]]:
        if node.tag in ("pre", "textarea"):
            return
        yield node, "text"
        for child in node:
            if isinstance(child.tag, str):
                yield from walk(child)
            yield child, "tail"

    yield from walk(root)
