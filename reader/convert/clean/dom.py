"""Small edits of an lxml tree that keep its text where a reader expects it.

lxml keeps the text after an element in that element's `tail`: removing an element the
plain way loses the words that follow it, and appending text after its last child means
writing that child's tail. The passes make those edits through these helpers only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree, html

from reader.convert.clean.policy import BLOCK_TAGS


def drop(node: html.HtmlElement) -> None:
    """Remove an element with its content, keeping the text that follows it."""
    if node.getparent() is not None:
        node.drop_tree()


def drop_all(nodes: Iterable[etree._Element]) -> None:
    """`drop` for many elements, in one pass over each parent's children: dropped one by one,
    a run of siblings appends each tail to the same growing text (20,000 comments in a
    paragraph took a minute). Elements inside others dropped too are dropped with them."""
    by_parent: dict[etree._Element, set[etree._Element]] = {}
    for node in list(nodes):
        parent = node.getparent()
        if parent is not None:
            by_parent.setdefault(parent, set()).add(node)
    for parent, gone in by_parent.items():
        parts = [parent.text or ""]
        holder: etree._Element | None = None  # whose tail the text goes to; None: the parent's text
        for child in list(parent):
            if child in gone:
                parts.append(child.tail or "")
                parent.remove(child)
                continue
            _set_text(parent, holder, parts)
            holder, parts = child, [child.tail or ""]
        _set_text(parent, holder, parts)


def _set_text(parent: etree._Element, holder: etree._Element | None, parts: list[str]) -> None:
    if len(parts) == 1:
        return  # nothing was dropped after it
    text = "".join(parts) or None
    if holder is None:
        parent.text = text
    else:
        holder.tail = text


def unwrap(node: html.HtmlElement) -> None:
    """Replace an element by its content (lxml's `drop_tag` looks the element up among its
    siblings, which made unwrapping a run of them quadratic)."""
    parent = node.getparent()
    if parent is None:
        return
    previous = node.getprevious()
    children = list(node)
    tail = node.tail
    if node.text and isinstance(node.tag, str):
        if previous is not None:
            previous.tail = (previous.tail or "") + node.text
        else:
            parent.text = (parent.text or "") + node.text
    for child in children:
        node.addprevious(child)
    if tail:
        if children:
            children[-1].tail = (children[-1].tail or "") + tail
        elif previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    node.tail = None
    parent.remove(node)


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


def all_text(root: html.HtmlElement) -> str:
    """The element's text and its descendants' (tails included, comments' own text not), read
    in C: a pass can ask it whether there is anything to do before walking the text in Python."""
    return str(etree.tostring(root, method="text", encoding="unicode", with_tail=False))


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
