"""The values the conversion hands on: a chunk of converted work, a source opened with its
body still to convert, and a whole converted `Document`; and the steps that join chunks.

Both the light entry points (`reader.convert.pipeline`) and the converters
(`reader.convert.chunked`) use these, so they live apart from both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from reader.model import Article, Block, Metadata
from reader.source.fetch import Fetched

MARKDOWN_CHUNK_CHARS = 64 * 1024
CONTINUES = "\x1e"
"""Opens the Markdown of a chunk that goes on with the rows of the previous chunk's last table
(a long table is converted a part at a time): a control character, which no article text
holds (decoding strips them), taken off when the chunks are joined."""


@dataclass(slots=True)
class Chunk:
    """One step of the remaining work: a piece of Markdown and its blocks."""

    markdown: str
    blocks: list[Block]


@dataclass(eq=False, slots=True)
class OpenedSource:
    """A source fetched and decoded, with metadata known, and the body still to convert."""

    metadata: Metadata
    chunks: Iterator[Chunk]
    is_markdown: bool = False
    fetched: Fetched | None = None
    from_html: bool = False
    """The Markdown chunks were written by html2text (see `Document.from_html`)."""


class StartOver(Exception):
    """Raised by an opened source's chunks after the first: the conversion opened the article
    from a guess (`reader.convert.early`) that the whole page proved wrong. What was taken of
    it is void; `opened` is the article again, its metadata and all its chunks."""

    def __init__(self, opened: OpenedSource) -> None:
        super().__init__("the article starts over")
        self.opened = opened


@dataclass(slots=True)
class Document:
    """A fully converted article and its canonical Markdown."""

    article: Article
    markdown: str
    chunks: list[str] = field(default_factory=list)
    from_html: bool = False
    """The Markdown was written by html2text; parse it back with `load_text(...,
    from_html=True)` to get the same blocks (an offline copy must keep reading positions)."""


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^#{1,6}\s")


def split_markdown(text: str, size: int = MARKDOWN_CHUNK_CHARS) -> Iterator[str]:
    """Split long Markdown before headings outside code fences, into pieces of about `size`."""
    if len(text) <= size:
        yield text
        return
    piece: list[str] = []
    length = 0
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if match:
            fence = None if fence == match.group(1) else (fence or match.group(1))
        if fence is None and _ATX.match(line) and length >= size:
            yield "".join(piece)
            piece, length = [], 0
        piece.append(line)
        length += len(line)
    if piece:
        yield "".join(piece)


def finish(opened: OpenedSource) -> Document:
    """Run the remaining chunks to the end."""
    article = Article(metadata=opened.metadata)
    markdown: list[str] = []
    for chunk in opened.chunks:
        markdown.append(chunk.markdown)
        article.extend(chunk.blocks)
    return assemble(article, markdown, from_html=opened.from_html)


def assemble(article: Article, markdown_chunks: list[str], *, from_html: bool) -> Document:
    """The Document of an article built chunk by chunk (as the app does while showing it)."""
    return Document(article, join_markdown(markdown_chunks), markdown_chunks, from_html)


def join_markdown(markdown_chunks: list[str]) -> str:
    """The chunks' Markdown as one text: a blank line between chunks, none before the rows
    that continue a table (`CONTINUES`), which stays one table, as html2text writes a whole
    one (two spaces after every row but the last)."""
    parts: list[str] = []
    for part in markdown_chunks:
        if part.startswith(CONTINUES) and parts:
            parts[-1] += ("" if parts[-1].endswith("  ") else "  ") + "\n" + part[len(CONTINUES) :].strip("\n")
        elif part:
            parts.append(part.removeprefix(CONTINUES).strip("\n"))
    return "\n\n".join(parts) + "\n"
