"""A page cut into blocks: the units the extractors vote on.

A block is a block-level element together with its own text: the text directly inside it and
inside its inline descendants, not the text of the blocks nested in it. So `<li>` with a nested
list owns the words before the nested list, and `<div>Intro <p>Body</p> outro</div>` makes two
blocks, the div's "Intro outro" and the paragraph's "Body". A table of data and preformatted
text are blocks whole (their cells and lines are one thing to keep or drop); so is an image,
which has no text but a source. Every block is marked with its index in an attribute that the
extractors carry through untouched, so what each of them kept can be read back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import html

MARK = "data-reader-block"
"""The attribute holding a block's index."""

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header",
        "hgroup", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul", *_HEADINGS,
    }
)  # fmt: skip
"""Elements that start a block of their own (html2text's blocks and the parts of tables)."""
_SKIPPED = frozenset({"script", "style", "template", "head", "title", "meta", "link", "noscript", "svg", "math"})
"""Elements whose text no reader sees."""
_TABLE_LAYOUT = ("table", "p", "div", "ul", "ol", "pre", "blockquote", "section", "article", "h1", "h2", "h3")
"""What a table holding it uses itself as page layout, not as data."""
_SPACE = re.compile(r"\s+")
_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]")


@dataclass(slots=True)
class Block:
    index: int
    element: html.HtmlElement
    text: str
    """The block's own text, white space collapsed."""
    link_chars: int
    """How much of that text is inside links."""
    src: str = ""
    """For an image, its source."""

    @property
    def tag(self) -> str:
        return str(self.element.tag)

    @property
    def is_heading(self) -> bool:
        return self.tag in _HEADINGS

    @property
    def is_image(self) -> bool:
        return self.tag == "img"

    @property
    def size(self) -> int:
        """The text's length, a wide (CJK) character counting as three, as it says as much as
        about three Latin letters."""
        return len(self.text) + 2 * len(_WIDE.findall(self.text))

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def is_data_table(table: html.HtmlElement) -> bool:
    """A table of data (rows and cells of short text) rather than one laying out the page."""
    return not any(True for _ in table.iterdescendants(*_TABLE_LAYOUT))


def _is_atomic(element: html.HtmlElement) -> bool:
    return element.tag == "pre" or (element.tag == "table" and is_data_table(element))


def cut(root: html.HtmlElement) -> list[Block]:
    """The blocks of `root` in document order, each element marked with its index."""
    texts = _Texts()
    work: list[tuple[bool, html.HtmlElement, html.HtmlElement, bool, bool]] = [(True, root, root, False, False)]
    """(entering?, element, owner of the text around it, inside a link?, owner whole?)"""
    while work:
        entering, element, owner, in_link, whole = work.pop()
        is_element = isinstance(element.tag, str)
        breaks = is_element and (element.tag in _BLOCK_TAGS or element.tag == "br")
        if not entering:
            texts.add(owner, " " if breaks else "", in_link)
            texts.add(owner, element.tail, in_link)
            continue
        work.append((False, element, owner, in_link, whole))
        if not is_element or element.tag in _SKIPPED:
            continue
        if breaks:
            texts.add(owner, " ", in_link)
        inner, inner_whole = owner, whole
        if element.tag == "img" or (element.tag in _BLOCK_TAGS and not whole):
            inner, inner_whole = element, _is_atomic(element)
            texts.start(element)
        inside_link = in_link or element.tag == "a"
        texts.add(inner, element.text, inside_link)
        work.extend((True, child, inner, inside_link, inner_whole) for child in reversed(element))
    blocks: list[Block] = []
    for element in texts.order:
        text = _SPACE.sub(" ", "".join(texts.parts[element])).strip()
        if not text and element.tag != "img":
            continue
        block = Block(len(blocks), element, text, texts.links.get(element, 0), _source(element))
        element.set(MARK, str(block.index))
        blocks.append(block)
    return blocks


class _Texts:
    """The text pieces of each block, gathered in document order."""

    def __init__(self) -> None:
        self.parts: dict[html.HtmlElement, list[str]] = {}
        self.links: dict[html.HtmlElement, int] = {}
        self.order: list[html.HtmlElement] = []

    def start(self, owner: html.HtmlElement) -> None:
        if owner not in self.parts:
            self.parts[owner] = []
            self.order.append(owner)

    def add(self, owner: html.HtmlElement, text: str | None, in_link: bool) -> None:
        if not text:
            return
        self.start(owner)
        self.parts[owner].append(text)
        if in_link and not text.isspace():
            self.links[owner] = self.links.get(owner, 0) + len(_SPACE.sub(" ", text).strip())


def _source(element: html.HtmlElement) -> str:
    return str(element.get("src") or "").strip() if element.tag == "img" else ""


def common_ancestor(elements: list[html.HtmlElement]) -> html.HtmlElement:
    """The innermost element holding all of `elements` (itself, for one element)."""
    lineage = [*reversed(list(elements[0].iterancestors())), elements[0]]
    depth = len(lineage)
    for element in elements[1:]:
        ancestors = {id(node) for node in element.iterancestors()} | {id(element)}
        while depth > 1 and id(lineage[depth - 1]) not in ancestors:
            depth -= 1
    return lineage[depth - 1]


def marked(root: html.HtmlElement) -> Iterator[tuple[int, html.HtmlElement]]:
    """The marked elements under `root` (an extractor's output) and their block indexes."""
    for element in root.iter():
        value = element.get(MARK) if isinstance(element.tag, str) else None
        if value is not None and value.isdigit():
            yield int(value), element


def enclosing_box(element: html.HtmlElement) -> html.HtmlElement | None:
    """The nearest element around `element` that starts a block of its own."""
    return next((box for box in element.iterancestors() if box.tag in _BLOCK_TAGS), None)


def drop_own_text(element: html.HtmlElement) -> None:
    """Remove a block's own text and inline content, leaving the blocks nested in it (and its
    own tail, which belongs to the block around it)."""
    if _is_atomic(element) or not any(True for _ in element.iterdescendants(*_BLOCK_TAGS, "img")):
        _remove(element)
        return
    element.text = None
    for child in list(element):
        if isinstance(child.tag, str) and (child.tag in _BLOCK_TAGS or child.tag == "img"):
            child.tail = None
        elif isinstance(child.tag, str) and any(True for _ in child.iterdescendants(*_BLOCK_TAGS, "img")):
            drop_own_text(child)
            child.tail = None
        else:
            child.tail = None
            element.remove(child)


def _remove(element: html.HtmlElement) -> None:
    """Remove an element, keeping its tail (text of the block around it) in place."""
    parent = element.getparent()
    if parent is None:
        return
    element.drop_tree()
