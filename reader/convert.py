"""Cleaned HTML to Markdown with html2text: the article's canonical text.

The body is converted in chunks of whole top-level elements, so a long article's first
screen is ready after its first chunk, not after the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import html2text
from lxml import html

from reader.clean import ANCHOR_CLOSE, ANCHOR_OPEN, BLOCK_TAGS, CELL_PIPE, EMPTY_CELL, LANG_CLOSE, LANG_OPEN

FIRST_CHUNK_BYTES = 8 * 1024
CHUNK_BYTES = 64 * 1024
_CONTAINERS = frozenset({"div", "section", "article", "main", "body", "center", "span", "font"})

_ANCHOR = re.compile(rf"[ \t]*{ANCHOR_OPEN}([^{ANCHOR_CLOSE}\n]*){ANCHOR_CLOSE}")
_LANGUAGE = re.compile(rf"^(\s*```)[ \t]*\n(\s*){LANG_OPEN}([^{LANG_CLOSE}\n]*){LANG_CLOSE}", re.M)
_LEFTOVER = re.compile("[\ue000-\ue005]")


class _HTML2Markdown(html2text.HTML2Text):
    """html2text with its space-insertion heuristics turned off.

    html2text puts a space after closing emphasis and before `_` after a letter, so that
    `**a**b` parses; between Chinese characters that space is a visible error. The clean pass
    already shapes emphasis so Markdown parses it without help (`fit_emphasis_to_markdown`).
    """

    # The heuristics keep their state in these three attributes; pinning them disables them.
    @property
    def stressed(self) -> bool:
        return False

    @stressed.setter
    def stressed(self, value: bool) -> None:
        pass

    @property
    def preceding_stressed(self) -> bool:
        return False

    @preceding_stressed.setter
    def preceding_stressed(self, value: bool) -> None:
        pass

    @property
    def preceding_data(self) -> str:
        return ""

    @preceding_data.setter
    def preceding_data(self, value: str) -> None:
        pass


def _converter() -> html2text.HTML2Text:
    converter = _HTML2Markdown()
    converter.body_width = 0  # layout owns line breaking
    converter.unicode_snob = True
    converter.escape_snob = True  # a literal `*` or `[` in the text must stay literal
    converter.skip_internal_links = False
    converter.inline_links = True
    converter.protect_links = True
    converter.wrap_links = False
    converter.backquote_code_style = True
    converter.emphasis_mark = "*"  # `_` cannot open inside a word, and CJK has no spaces
    converter.strong_mark = "**"
    converter.ul_item_mark = "-"
    converter.default_image_alt = ""
    converter.open_quote = "“"
    converter.close_quote = "”"
    return converter


def html_to_markdown(markup: str) -> str:
    """Convert an HTML string (already cleaned) to Markdown."""
    return finish_markdown(_converter().handle(markup))


def finish_markdown(markdown: str) -> str:
    """Turn the clean pass's sentinels into Markdown syntax."""
    markdown = _ANCHOR.sub(lambda m: f" {{#{m.group(1)}}}", markdown)
    markdown = _LANGUAGE.sub(lambda m: f"{m.group(1)}{m.group(3)}\n{m.group(2)}", markdown)
    # An empty cell needs a character Markdown does not trim away (see clean._inline_cell).
    markdown = markdown.replace(CELL_PIPE, "\\|").replace(EMPTY_CELL, "\u200b")
    return _LEFTOVER.sub("", markdown)


def iter_markdown(body: html.HtmlElement) -> Iterator[str]:
    """Markdown for successive groups of the body's top-level elements."""
    limit = FIRST_CHUNK_BYTES
    pending: list[str] = []
    size = 0
    for piece in _pieces(body, limit):
        pending.append(piece)
        size += len(piece)
        if size >= limit:
            yield html_to_markdown("".join(pending))
            pending, size, limit = [], 0, CHUNK_BYTES
    if pending:
        yield html_to_markdown("".join(pending))


def _pieces(node: html.HtmlElement, limit: int) -> Iterator[str]:
    """Serialized block children in order, inline runs wrapped in a paragraph each.

    Generic containers larger than a chunk are descended into, so one wrapper `<div>` around
    a whole article does not make it one chunk.
    """
    run: list[str] = [_escape(node.text or "")]
    for child in node:
        if not isinstance(child.tag, str):
            run.append(_escape(child.tail or ""))
            continue
        if child.tag not in BLOCK_TAGS:
            run.append(html.tostring(child, encoding="unicode", with_tail=False))
            run.append(_escape(child.tail or ""))
            continue
        if "".join(run).strip():
            yield f"<p>{''.join(run)}</p>"
        run = []
        markup = html.tostring(child, encoding="unicode", with_tail=False)
        if len(markup) > limit and child.tag in _CONTAINERS and len(child):
            yield from _pieces(child, limit)
        else:
            yield markup
        run.append(_escape(child.tail or ""))
    if "".join(run).strip():
        yield f"<p>{''.join(run)}</p>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
