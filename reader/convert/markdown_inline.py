"""Inline tokens to spans: the text of one paragraph, heading or cell, with its styles.

markdown-it gives a block's content as a flat run of inline tokens (text, emphasis opening
and closing, links, images, breaks). They become `Span`s of text, each with the set of
styles and the link in force, and `InlineImage`s where a picture stands. A soft line break
is resolved here, once its neighbours are known: it vanishes between two CJK characters,
as a browser renders it, and is a space elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from reader.chars import is_cjk, is_cjk_punctuation
from reader.model import Inline, Span

_SOFT_BREAK = "\u2028"
"""Stands for a soft line break until its neighbours are known (see `_resolve_breaks`)."""


@dataclass(slots=True)
class InlineImage:
    """A picture within a paragraph: it becomes a block of its own, or a label in a cell."""

    alt: str
    src: str
    width: int = 0
    height: int = 0
    """The size the page gave the picture (`{width=… height=…}` after it), 0 when none."""


def inline_pieces(children: Sequence[Token]) -> list[Span | InlineImage]:
    """The spans and pictures of one leaf's inline tokens, neighbours of one style merged."""
    pieces: list[Span | InlineImage] = []
    styles: list[Inline] = []
    hrefs: list[str] = []

    def add(text: str, extra: Inline | None = None) -> None:
        if not text:
            return
        active = frozenset(styles) | ({extra} if extra else set())
        href = hrefs[-1] if hrefs else None
        if href is not None:
            active |= {Inline.LINK}
        pieces.append(Span(text, active, href))

    for token in children:
        kind = token.type
        if kind == "text":
            add(token.content)
        elif kind == "code_inline":
            add(token.content, Inline.CODE)
        elif kind == "softbreak":
            add(_SOFT_BREAK)
        elif kind == "hardbreak":
            add("\n")
        elif kind in ("strong_open", "em_open", "s_open"):
            styles.append(_STYLE_OF[kind])
        elif kind in ("strong_close", "em_close", "s_close"):
            style = _STYLE_OF[kind]
            if style in styles:
                styles.reverse()
                styles.remove(style)
                styles.reverse()
        elif kind == "link_open":
            hrefs.append(str(token.attrGet("href") or ""))
        elif kind == "link_close":
            if hrefs:
                hrefs.pop()
        elif kind == "image":
            alt = "".join(child.content for child in token.children or []) or token.content
            width, height = _pixels(token.attrGet("width")), _pixels(token.attrGet("height"))
            if not (width and height):
                width = height = 0
            pieces.append(InlineImage(alt.strip(), str(token.attrGet("src") or ""), width, height))
        elif kind == "html_inline" and re.match(r"<br\s*/?>", token.content, re.I):
            add("\n")
    return _merge(_resolve_breaks(pieces))


def _pixels(value: str | int | float | None) -> int:
    text = str(value or "").strip().removesuffix("px")
    return int(text) if text.isdecimal() and len(text) <= 5 else 0


_STYLE_OF = {
    "strong_open": Inline.STRONG,
    "strong_close": Inline.STRONG,
    "em_open": Inline.EMPHASIS,
    "em_close": Inline.EMPHASIS,
    "s_open": Inline.STRIKE,
    "s_close": Inline.STRIKE,
}


def _resolve_breaks(pieces: list[Span | InlineImage]) -> list[Span | InlineImage]:
    """A soft break vanishes between two CJK characters and is a space elsewhere."""
    if not any(isinstance(p, Span) and _SOFT_BREAK in p.text for p in pieces):
        return pieces
    text = "".join(p.text if isinstance(p, Span) else "\ufffc" for p in pieces)
    resolved: list[Span | InlineImage] = []
    position = 0
    for piece in pieces:
        if not isinstance(piece, Span):
            resolved.append(piece)
            position += 1
            continue
        chars = []
        for offset, char in enumerate(piece.text):
            if char != _SOFT_BREAK:
                chars.append(char)
                continue
            before = text[position + offset - 1] if position + offset > 0 else ""
            after = text[position + offset + 1] if position + offset + 1 < len(text) else ""
            chars.append("" if _joins(before) and _joins(after) else " ")
        resolved.append(Span("".join(chars), piece.styles, piece.href))
        position += len(piece.text)
    return resolved


def _joins(char: str) -> bool:
    return bool(char) and (is_cjk(char) or is_cjk_punctuation(char)) and not "\uac00" <= char <= "\ud7af"


def _merge(pieces: list[Span | InlineImage]) -> list[Span | InlineImage]:
    merged: list[Span | InlineImage] = []
    for piece in pieces:
        previous = merged[-1] if merged else None
        if (
            isinstance(piece, Span)
            and isinstance(previous, Span)
            and previous.styles == piece.styles
            and previous.href == piece.href
        ):
            merged[-1] = Span(previous.text + piece.text, piece.styles, piece.href)
        elif not isinstance(piece, Span) or piece.text:
            merged.append(piece)
    return merged


def image_span(image: InlineImage) -> Span:
    """An image in a table cell, which holds text only: its label, linked to its source."""
    label = f"[image: {image.alt}]" if image.alt else "[image]"
    return Span(label, frozenset({Inline.LINK}), image.src or None)


def one_line(span: Span) -> Span:
    return Span(span.text.replace("\n", " "), span.styles, span.href) if "\n" in span.text else span


def split_lines(spans: list[Span]) -> list[list[Span]]:
    lines: list[list[Span]] = [[]]
    for span in spans:
        parts = span.text.split("\n")
        for number, part in enumerate(parts):
            if number:
                lines.append([])
            if part:
                lines[-1].append(Span(part, span.styles, span.href))
    return lines


def trim(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Drop leading and trailing whitespace (and the spans it empties)."""
    items = list(spans)
    while items and not items[0].text.strip():
        items.pop(0)
    while items and not items[-1].text.strip():
        items.pop()
    if not items:
        return ()
    first, last = items[0], items[-1]
    items[0] = Span(first.text.lstrip(), first.styles, first.href)
    last = items[-1]
    items[-1] = Span(last.text.rstrip(), last.styles, last.href)
    return tuple(items)
