"""`--dump` and `--toc`: the article written to stdout as text, Markdown or JSON."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, TextIO

from rich.segment import Segment
from rich.text import Text

from reader.convert.document import Document
from reader.layout.lines import Layout, Line, article_minutes
from reader.layout.tables import blocks_of_table
from reader.layout.theme import PLAIN, TEXT_ONLY, ThemeSpec
from reader.model import Article, Block, BlockKind, Heading, Metadata
from reader.source.links import is_web_url

if TYPE_CHECKING:
    from rich.console import Console


def dump_text(document: Document, width: int, out: TextIO, theme: ThemeSpec = PLAIN, color: bool = False) -> None:
    """The reading pane as it looks at `width`; ANSI styles only when `color` is set."""
    TextDump(document.article, width, out, theme=theme, color=color).write()


class TextDump:
    """The reading pane as text, laid out as the article's blocks arrive (`add`), written at
    the end (`write`): the header above the text gives the whole article's reading time, so
    nothing can be written before the last block. Meanwhile each chunk is laid out as it
    comes (while a child process converts the next, `reader.convert.apart`) and kept as the
    text written, not as painted lines. Byte for byte what laying out the whole article at
    once writes: a block's lines never change once the next block has come, except those of
    a table that may go on in the next chunk (its column widths then change, see
    `reader.layout.tables.parts_to_relay`), which wait for that."""

    def __init__(
        self, article: Article, width: int, out: TextIO, *, theme: ThemeSpec = PLAIN, color: bool = False
    ) -> None:
        """`article`: what has come so far (all of it for a converted `Document`)."""
        self.article = article
        self._out = out
        self._layout = Layout(article, width, theme if color else TEXT_ONLY, keep=max(len(article.blocks) + 1, _KEEP))
        self._render = _Styled(out, width).render if color else _plain
        self._body: list[str] = []
        """The text of the lines laid out for good, a batch at a time."""
        self._lines = 0
        """How many lines (after the header) `_body` holds."""

    def add(self, blocks: list[Block]) -> None:
        """Lay out the blocks that came next, and keep the text of every line that is final."""
        self.article.extend(blocks)
        self._layout.update()
        self._take(_final_blocks(self.article.blocks))

    def write(self) -> None:
        """Write the header and every line to the output."""
        self._take(len(self.article.blocks))
        layout, out = self._layout, self._out
        out.write(self._render(list(layout.lines(0, layout.header_height))))
        for text in self._body:
            out.write(text)
        self._body.clear()

    def _take(self, end: int) -> None:
        """Keep the text of the lines not kept yet of the blocks before `end`."""
        batch: list[Line] = []
        for line in self._layout.lines(self._layout.header_height + self._lines):
            if line.block >= end:
                break
            batch.append(line)
            if len(batch) == _WRITE_LINES:
                self._keep(batch)
        self._keep(batch)

    def _keep(self, batch: list[Line]) -> None:
        if batch:
            self._body.append(self._render(batch))
            self._lines += len(batch)
            batch.clear()


def _final_blocks(blocks: list[Block]) -> int:
    """How many of the blocks so far have their last lines: all but a table at the end, which
    may go on in the next chunk."""
    if not blocks or blocks[-1].kind is not BlockKind.TABLE:
        return len(blocks)
    _, which = blocks_of_table(blocks, len(blocks) - 1)
    return len(blocks) - 1 - which


_KEEP = 16_384
"""Blocks whose painted lines a dump keeps while it streams: more than a chunk has, so that
a chunk's lines are painted once (the text is kept, the lines can go)."""
_WRITE_LINES = 4096
"""Lines turned into text at a time: a write a line was a tenth of the dump of 20,000 headings."""


def _plain(lines: list[Line]) -> str:
    return "\n".join([line.text.rstrip() for line in lines]) + "\n" if lines else ""


class _Styled:
    """Lines as a terminal shows them, ANSI styles included, as Rich writes them to `out`."""

    def __init__(self, out: TextIO, width: int) -> None:
        from rich.console import Console  # not for the text without styles

        self._console: Console = Console(file=out, width=width, force_terminal=True, highlight=False, soft_wrap=True)

    def render(self, lines: list[Line]) -> str:
        with self._console.capture() as capture:
            for line in lines:
                self._console.print(_text_of(line.segments))
        return capture.get()


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
