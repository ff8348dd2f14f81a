"""`--dump` and `--toc`: the article written to stdout as text, Markdown or JSON."""

from __future__ import annotations

import json
from typing import Any, TextIO

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from reader.convert.document import Document
from reader.layout.lines import Layout, article_minutes
from reader.layout.theme import PLAIN, ThemeSpec
from reader.model import Article


def dump_text(document: Document, width: int, out: TextIO, theme: ThemeSpec = PLAIN, color: bool = False) -> None:
    """The reading pane as it looks at `width`; ANSI styles only when `color` is set."""
    layout = Layout(document.article, width, theme if color else PLAIN, keep=len(document.article.blocks) + 1)
    if color:
        console = Console(file=out, width=width, force_terminal=True, highlight=False, soft_wrap=True)
        for line in layout.lines():
            console.print(_text_of(line.segments))
        return
    for line in layout.lines():
        out.write(line.text.rstrip() + "\n")


def _text_of(segments: tuple[Segment, ...]) -> Text:
    text = Text(end="")
    for segment in segments:
        text.append(segment.text, segment.style)
    text.rstrip()
    return text


def article_json(document: Document) -> dict[str, Any]:
    article = document.article
    meta = article.metadata
    return {
        "title": meta.title,
        "author": meta.author,
        "date": meta.date,
        "source": meta.source,
        "site": meta.site,
        "language": meta.language,
        "categories": meta.categories,
        "image": meta.image,
        "reading_minutes": article_minutes(article),
        "headings": [{"level": h.level, "text": h.text, "anchor": h.anchor} for h in article.headings],
        "blocks": [_block_json(article, index) for index in range(len(article.blocks))],
        "links": [{"text": link.text, "href": link.href} for link in article.links],
        "images": [{"alt": image.alt, "src": image.src} for image in article.images],
    }


def _block_json(article: Article, index: int) -> dict[str, Any]:
    block = article.blocks[index]
    data: dict[str, Any] = {"kind": block.kind.value, "text": block.text}
    if block.level:
        data["level"] = block.level
    if block.anchor:
        data["anchor"] = block.anchor
    if block.language:
        data["language"] = block.language
    if block.src:
        data["src"] = block.src
    return data


def dump_json(document: Document, out: TextIO) -> None:
    json.dump(article_json(document), out, ensure_ascii=False, indent=2)
    out.write("\n")


def dump_markdown(document: Document, out: TextIO) -> None:
    out.write(document.markdown)


def dump_toc(document: Document, out: TextIO) -> None:
    for heading in document.article.headings:
        out.write("  " * (heading.level - 1) + heading.text + "\n")
