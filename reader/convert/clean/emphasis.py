"""Emphasis that Markdown parsers read as emphasis.

html2text writes `<strong><b>好</b></strong>` as `****好****` and `<b>好。</b>的` as `**好。**的`,
which no CommonMark parser reads as bold: a closing `**` between punctuation inside and a
letter outside does not close. So emphasis is reduced to one tag per kind, never nested in
itself nor run next to its twin, and edge whitespace and punctuation are moved outside it
where Markdown needs them to be.
"""

from __future__ import annotations

from lxml import html

from reader.chars import is_punctuation
from reader.convert.clean.dom import append_text, holds_blocks, unwrap
from reader.convert.clean.policy import EMPHASIS_TAGS


def normalize_emphasis(root: html.HtmlElement) -> None:
    """No emphasis inside the same emphasis, no adjacent twins (the tags were made one per
    kind by `blocks.retag`)."""
    for node in list(root.iter(*EMPHASIS_TAGS)):
        if node.getparent() is None:
            continue
        if next(node.iterancestors(node.tag), None) is not None:
            unwrap(node)
    for node in list(root.iter(*EMPHASIS_TAGS)):
        following = node.getnext()
        parts: list[str] = []  # text for the end of `node`, joined once: 100,000 twins in a row
        while following is not None and following.tag == node.tag and not (node.tail or "").strip():
            parts += (node.tail or "", following.text or "")
            node.tail = None
            children = list(following)
            if children:
                append_text(node, "".join(parts))
                parts = []
                for child in children:
                    node.append(child)
            node.tail = following.tail
            following.getparent().remove(following)
            following = node.getnext()
        append_text(node, "".join(parts))


def fit_emphasis_to_markdown(root: html.HtmlElement) -> None:
    """Move edge whitespace and, where needed, punctuation out of emphasis.

    Markdown closes `**` only when the mark is not stuck between punctuation inside and a
    letter outside: `**好。**的` stays literal, so `**好**。的` is written instead. The same
    holds at the opening mark. Whitespace inside the marks never works, so it goes out too.
    """
    for node in list(root.iter(*EMPHASIS_TAGS)):
        if node.getparent() is None:
            continue
        if holds_blocks(node) or (not node.text_content().strip() and node.find(".//img") is None):
            unwrap(node)
            continue
        _move_edge_breaks(node)
        if not _move_leading(node) or not _move_trailing(node):
            unwrap(node)


def _move_edge_breaks(node: html.HtmlElement) -> None:
    """`<b>title<br></b>` would put the closing mark on the next line: move the break out."""
    while len(node) and node[-1].tag == "br" and not (node[-1].tail or "").strip():
        br = node[-1]
        node.remove(br)
        br.tail = node.tail
        node.tail = None
        node.addnext(br)
    while len(node) and node[0].tag == "br" and not (node.text or "").strip():
        br = node[0]
        node.text = br.tail
        br.tail = None
        node.remove(br)
        node.addprevious(br)


def _move_leading(node: html.HtmlElement) -> bool:
    text = node.text or ""
    if not text.strip() and len(node):
        return not text  # the first content is an element: only fine without leading blank
    stripped = text.lstrip()
    moved = text[: len(text) - len(stripped)]
    before = moved[-1] if moved else _char_before(node)
    if stripped and is_punctuation(stripped[0]) and before and not before.isspace() and not is_punctuation(before):
        count = 0
        while count < len(stripped) and is_punctuation(stripped[count]):
            count += 1
        moved += stripped[:count]
        stripped = stripped[count:]
        if not stripped and not len(node):
            return False
    if moved:
        node.text = stripped
        _add_text_before(node, moved)
    return True


def _move_trailing(node: html.HtmlElement) -> bool:
    if len(node):
        last = node[-1]
        text = last.tail or ""
        if not text.strip():
            return not text
    else:
        last = None
        text = node.text or ""
    stripped = text.rstrip()
    moved = text[len(stripped) :]
    after = moved[:1] or (node.tail or "")[:1]
    if stripped and is_punctuation(stripped[-1]) and after and not after.isspace() and not is_punctuation(after):
        kept = stripped
        while kept and is_punctuation(kept[-1]):
            kept = kept[:-1]
        moved = stripped[len(kept) :] + moved
        stripped = kept
        if not stripped and last is None:
            return False
    if moved:
        if last is None:
            node.text = stripped
        else:
            last.tail = stripped
        node.tail = moved + (node.tail or "")
    return True


def _char_before(node: html.HtmlElement) -> str:
    previous = node.getprevious()
    if previous is not None:
        text = previous.tail or ""
        return text[-1:] if text else ")"  # an element before: its Markdown ends in a mark
    parent = node.getparent()
    text = (parent.text or "") if parent is not None else ""
    return text[-1:]


def _add_text_before(node: html.HtmlElement, text: str) -> None:
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = node.getparent()
        parent.text = (parent.text or "") + text
