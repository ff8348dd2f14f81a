"""What is not the article: scripts, forms, hidden boxes, donate and share boxes.

Pages and feed posts wrap their text in widgets that html2text would write out as words
("Share on X", a QR code's caption, a donate button). An element goes when its tag says so
(`policy.DROP_TAGS`), when the page hides it, or when it is a short box whose class or words
name it junk; a long box is content whatever its class says.
"""

from __future__ import annotations

import re

from lxml import etree, html

from reader.convert.clean.dom import drop_all
from reader.convert.clean.policy import (
    BOX_TAGS,
    BOX_TEXT_MAX,
    DROP_TAGS,
    JUNK_CLASSES,
    JUNK_TEXT,
    JUNK_TEXT_MAX,
    JUNK_WORDS,
    TEXT_BOX_TAGS,
)


def is_dropped(node: html.HtmlElement) -> bool:
    """Whether the clean pass removes this element whole (a hidden box, a script, a form ...)."""
    return node.tag in DROP_TAGS or _is_hidden(node) or _is_junk_box(node)


def drop_junk(root: html.HtmlElement) -> None:
    """Remove what is not the article: comments, scripts, forms, widgets, junk boxes."""
    drop_all(root.iter(etree.Comment, etree.ProcessingInstruction))
    drop_all(root.iter(*DROP_TAGS))
    drop_all(node for node in root.iter() if isinstance(node.tag, str) and (_is_hidden(node) or _is_junk_box(node)))


def _is_hidden(node: html.HtmlElement) -> bool:
    if node.get("hidden") is not None:
        return True
    style = (node.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _is_junk_box(node: html.HtmlElement) -> bool:
    if node.tag not in BOX_TAGS:
        return False
    text: str | None = None
    names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    if names.strip():
        classes = set(names.split())
        words = set(re.split(r"[\s_-]+", names))
        if classes & JUNK_CLASSES or words & JUNK_WORDS:
            text = node.text_content()
            holds_heading = node.find(".//h1") is not None or any(True for _ in node.iter("h2", "h3", "h4"))
            if len(text.strip()) <= BOX_TEXT_MAX and not holds_heading:
                return True
    if node.tag in TEXT_BOX_TAGS:
        text = _short_text(node, JUNK_TEXT_MAX) if text is None else text
        if text is not None and len(text.strip()) <= JUNK_TEXT_MAX and JUNK_TEXT.search(text):
            return True
    return False


def _short_text(node: html.HtmlElement, limit: int) -> str | None:
    """The element's text when it has at most `limit` characters that are not blank, else
    None, read no further than that: nested boxes would each read their whole subtree."""
    pieces: list[str] = []
    letters = 0
    for piece in node.itertext():
        pieces.append(piece)
        letters += len(piece) - sum(map(piece.count, " \t\n\r\f\xa0"))
        if letters > limit:
            return None
    return "".join(pieces)
