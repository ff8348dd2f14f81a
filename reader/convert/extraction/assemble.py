"""The article put together from the page's own markup: the kept blocks in their places, so
headings keep their ids, lists their nesting, code its lines and tables their cells."""

from __future__ import annotations

from lxml import html

from reader.convert.extraction.blocks import MARK, Block, common_ancestor, drop_own_text, enclosing_box, marked

_EMPTY_BOXES = frozenset(
    {
        "article", "aside", "blockquote", "center", "dd", "details", "div", "dl", "dt", "figure",
        "footer", "header", "li", "main", "menu", "nav", "ol", "p", "section", "span", "ul",
        "a", "strong", "em", "b", "i", "small", "figcaption", "summary", "form", "label",
    }
)  # fmt: skip
"""Elements with no use once nothing is left in them."""
_CONTENT = ("img", "video", "audio", "iframe", "picture", "object", "embed", "table", "pre", "hr")


def assemble(blocks: list[Block], kept: set[int]) -> html.HtmlElement:
    """The smallest element holding every kept block, with the other blocks taken out of it.
    Works on the page's tree itself."""
    _drop_unseen_pictures(blocks, kept)
    for block in reversed(blocks):
        if block.index not in kept:
            drop_own_text(block.element)
    elements = [block.element for block in blocks if block.index in kept]
    root = _article_root(elements)
    _unform(root, elements)
    _drop_empty(root)
    for element in root.iter():
        if isinstance(element.tag, str):
            element.attrib.pop(MARK, None)
    return root


def _drop_unseen_pictures(blocks: list[Block], kept: set[int]) -> None:
    """Remove the pictures in `<noscript>` that the vote could not see, where nothing around
    them was kept: the clean pass would bring them back as images (a lazy page's teaser of
    another story among the article's paragraphs). Those beside kept text stay with it."""
    if not blocks:
        return
    root = blocks[0].element.getroottree().getroot()
    for noscript in list(root.iter("noscript")):
        if noscript.getparent() is None or not any(True for _ in noscript.iter("img")):
            continue
        box = enclosing_box(noscript)
        if box is not None and not any(index in kept for index, _ in marked(box)):
            noscript.drop_tree()


def _article_root(elements: list[html.HtmlElement]) -> html.HtmlElement:
    root = common_ancestor(elements)
    # An article that is one block (a table) comes with its parent, so it stays a block.
    if root in elements and root.getparent() is not None:
        root = root.getparent()
    return root


def _unform(root: html.HtmlElement, kept: list[html.HtmlElement]) -> None:
    """A form around kept blocks is the page's scaffolding (ASP.NET wraps whole pages in one),
    not a form to fill: it becomes a plain box, as the clean pass drops forms whole."""
    for element in kept:
        for box in (element, *element.iterancestors()):
            if box.tag == "form":
                box.tag = "div"
            if box is root:
                break


def _drop_empty(root: html.HtmlElement) -> None:
    """Remove boxes emptied by the vote (a list whose items all went), innermost first."""
    for element in reversed(list(root.iter(*_EMPTY_BOXES))):
        if element is root or element.getparent() is None:
            continue
        if (element.text_content() or "").strip() or any(True for _ in element.iter(*_CONTENT)):
            continue
        element.drop_tree()
