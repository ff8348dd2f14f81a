"""Inline tokens to spans: the text of one paragraph, heading or cell, with its styles.

markdown-it gives a block's content as a flat run of inline tokens (text, emphasis opening
and closing, links, images, breaks). They become `Span`s of text, each with the set of
styles and the link in force, and `InlineImage`s where a picture stands. A soft line break
is resolved here, once its neighbours are known: it vanishes between two CJK characters,
as a browser renders it, and is a space elsewhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from markdown_it.token import Token

from reader.chars import is_cjk, is_cjk_punctuation
from reader.convert.clean.images import declared_size
from reader.model import Inline, Span

_IMG_TAG = re.compile(r"<img\s", re.I)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_PLAIN: frozenset[Inline] = frozenset()
_SOFT_BREAK = "\u2028"
"""Stands for a soft line break until its neighbours are known (see `_resolve_breaks`)."""


@dataclass(slots=True)
class InlineImage:
    """A picture alone on its line in a paragraph: it becomes a block of its own, or a label in
    a cell. A picture inside a sentence reads as its alt text (`_images_in_sentences`)."""

    alt: str
    src: str
    href: str | None = None
    """The link around the picture, if any."""
    width: int = 0
    height: int = 0
    """The size the page gave the picture (`{width=… height=…}` after it), 0 when none."""


def inline_pieces(children: Sequence[Token], footnote: Callable[[str], Span] | None = None) -> list[Span | InlineImage]:
    """The spans and pictures of one leaf's inline tokens, neighbours of one style merged;
    `footnote` gives the span of a footnote reference, by its label."""
    pieces: list[Span | InlineImage] = []
    styles: list[Inline] = []
    hrefs: list[str] = []

    def add(text: str, extra: Inline | None = None) -> None:
        if not text:
            return
        active = frozenset(styles) if styles else _PLAIN  # most text has no style: no sets made
        if extra:
            active |= {extra}
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
        elif kind == "footnote_ref" and footnote is not None:
            pieces.append(footnote(str(token.meta.get("label", ""))))
        elif kind == "image":
            alt = "".join(child.content for child in token.children or []) or token.content
            src, size = str(token.attrGet("src") or ""), _size(token.attrGet("width"), token.attrGet("height"))
            pieces.append(InlineImage(alt.strip(), src, hrefs[-1] if hrefs else None, *size))
        elif kind == "html_inline" and re.match(r"<br\s*/?>", token.content, re.I):
            add("\n")
        elif kind == "html_inline" and _IMG_TAG.match(token.content):
            attributes = {
                name.lower(): html.unescape(value.strip("\"'")) for name, value in _ATTRIBUTE.findall(token.content)
            }
            alt = " ".join(attributes.get("alt", "").split())
            size = _size(attributes.get("width"), attributes.get("height"))
            pieces.append(InlineImage(alt, attributes.get("src", ""), hrefs[-1] if hrefs else None, *size))
    return _merge(_images_in_sentences(_resolve_breaks(pieces)))


def _size(width: str | int | float | None, height: str | int | float | None) -> tuple[int, int]:
    """(width, height) in pixels when both are given in pixels, else (0, 0)."""
    found = declared_size(str(width or ""), str(height or ""))
    return found if found is not None else (0, 0)


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
        resolved.append(replace(piece, text="".join(chars)))
        position += len(piece.text)
    return resolved


def _images_in_sentences(pieces: list[Span | InlineImage]) -> list[Span | InlineImage]:
    """An image on a line with text (a formula, an icon, an emoji picture) stays in the
    sentence as its alt text; only an image alone on its line (or beside other images only)
    stands as a picture of its own. A block there would cut the sentence in two."""
    if not any(isinstance(p, InlineImage) for p in pieces):
        return pieces
    flat: list[Span | InlineImage] = []
    for piece in pieces:
        if isinstance(piece, Span) and "\n" in piece.text:
            for number, part in enumerate(piece.text.split("\n")):
                if number:
                    flat.append(replace(piece, text="\n", anchor=""))
                if part:
                    flat.append(replace(piece, text=part))
        else:
            flat.append(piece)
    result: list[Span | InlineImage] = []
    line: list[Span | InlineImage] = []
    for item in [*flat, None]:
        if item is None or (isinstance(item, Span) and item.text == "\n"):
            result.extend(_line_images(line))
            line = []
            if item is not None:
                result.append(item)
        else:
            line.append(item)
    return result


def _line_images(line: list[Span | InlineImage]) -> list[Span | InlineImage]:
    if not any(isinstance(p, Span) and p.text.strip() for p in line):
        return line
    return [
        Span(p.alt, frozenset({Inline.LINK}) if p.href else frozenset(), p.href, picture=p.src)
        if isinstance(p, InlineImage)
        else p
        for p in line
    ]


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
            and not previous.anchor
            and not piece.anchor
            and not previous.picture
            and not piece.picture
        ):
            merged[-1] = replace(previous, text=previous.text + piece.text)
        elif not isinstance(piece, Span) or piece.text:
            merged.append(piece)
    return merged


def image_span(image: InlineImage) -> Span:
    """An image in a table cell, which holds text only: its label, linked to its source."""
    label = f"[image: {image.alt}]" if image.alt else "[image]"
    return Span(label, frozenset({Inline.LINK}), image.src or None)


def one_line(span: Span) -> Span:
    return replace(span, text=span.text.replace("\n", " ")) if "\n" in span.text else span


def split_lines(spans: list[Span]) -> list[list[Span]]:
    lines: list[list[Span]] = [[]]
    for span in spans:
        if "\n" not in span.text:
            if span.text:
                lines[-1].append(span)
            continue
        parts = span.text.split("\n")
        for number, part in enumerate(parts):
            if number:
                lines.append([])
            if part:
                lines[-1].append(replace(span, text=part))
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
    first = items[0]
    if first.text[:1].isspace():
        items[0] = replace(first, text=first.text.lstrip())
    last = items[-1]
    if last.text[-1:].isspace():
        items[-1] = replace(last, text=last.text.rstrip())
    return tuple(items)
