"""`--dump` and `--toc`: the article written to stdout as text, Markdown or JSON."""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from reader.convert.document import Document
from reader.layout.lines import Layout, article_minutes
from reader.layout.theme import PLAIN, ThemeSpec
from reader.model import Article, Heading, Metadata
from reader.source.links import is_web_url


def dump_text(document: Document, width: int, out: TextIO, theme: ThemeSpec = PLAIN, color: bool = False) -> None:
    """The reading pane as it looks at `width`; ANSI styles only when `color` is set."""
    layout = Layout(document.article, width, theme if color else PLAIN, keep=len(document.article.blocks) + 1)
    if color:
        console = Console(file=out, width=width, force_terminal=True, highlight=False, soft_wrap=True)
        for line in layout.lines():
            console.print(_text_of(line.segments))
        return
    batch: list[str] = []
    for line in layout.lines():
        batch.append(line.text.rstrip())
        if len(batch) == _WRITE_LINES:
            _write_lines(out, batch)
    _write_lines(out, batch)


_WRITE_LINES = 4096
"""Lines written at a time: a write a line was a tenth of the dump of 20,000 headings."""


def _write_lines(out: TextIO, lines: list[str]) -> None:
    if lines:
        out.write("\n".join(lines) + "\n")
        lines.clear()


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
        "headings": [_heading_json(h) for h in article.headings],
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
    """The article's Markdown after its metadata as YAML front matter, so that the file
    opens again with its title, author and date."""
    front = front_matter(document.article.metadata)
    if front:
        out.write(f"---\n{front}---\n\n")
    out.write(document.markdown)


def front_matter(metadata: Metadata) -> str:
    """The metadata a reader shows, as YAML (empty when there is none): the fields
    `reader.convert.frontmatter` reads back."""
    import yaml

    fields: dict[str, Any] = {
        "title": metadata.title,
        "author": metadata.author,
        "date": metadata.date,
        "site": metadata.site,
        "language": metadata.language,
        "categories": list(metadata.categories),
        "image": metadata.image,
        "url": metadata.url or (metadata.source if is_web_url(metadata.source) else ""),
    }
    fields = {name: value for name, value in fields.items() if value}
    if not fields:
        return ""
    return str(yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1_000_000))


def dump_toc(document: Document, out: TextIO, form: str = "text") -> None:
    """The headings: indented text, a JSON list, or a Markdown list of links to them."""
    headings = document.article.headings
    if form == "json":
        json.dump([_heading_json(h) for h in headings], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for heading in headings:
        indent = "  " * (heading.level - 1)
        if form == "markdown":
            out.write(f"{indent}- [{_escaped(heading.text)}](#{heading.anchor})\n")
        else:
            out.write(indent + heading.text + "\n")


def _heading_json(heading: Heading) -> dict[str, Any]:
    return {"level": heading.level, "text": heading.text, "anchor": heading.anchor}


def _escaped(text: str) -> str:
    return re.sub(r"([\\\[\]*_`])", r"\\\1", text)
