"""Offline copies: the Markdown of a saved post, and how to turn it back into the same blocks.

A reading position is a block index, so the copy must parse into the blocks the reader saw.
`reader.convert.pipeline.load_text` parses Markdown as Markdown; but Markdown that html2text wrote
from a web page is parsed with `from_html=True` (an indented line is list indentation, never
code). `Document.from_html` says which; a Markdown body that opens with a `---` rule would be
taken for front matter by `load_text`, so that one case is settled by checking which mode
gives back the document's blocks. The mode is found once, when the copy is stored, and kept
beside it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from reader.model import Article, Block, Metadata

if TYPE_CHECKING:
    from reader.convert.document import Document


class ParseMode(StrEnum):
    TEXT = "markdown"
    """`load_text(markdown, "text/markdown")`: what the pipeline does with a Markdown file."""
    HTML = "html"
    """The parser html2text output goes through (`from_html=True`), with no front matter split."""
    PLAIN = "plain"
    """The Markdown parser with no front matter split (a body that begins with a `---` rule)."""


def _signature(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(block.kind.value, block.text) for block in blocks]


def parse_mode_of(document: Document) -> ParseMode:
    """The mode that turns `document.markdown` back into `document.article.blocks`."""
    markdown = document.markdown
    if document.from_html:
        return ParseMode.HTML
    if not markdown.startswith("---"):
        # Markdown the pipeline read as Markdown: `load_text` reads it the same way again,
        # unless a `---` at the top would now be taken for front matter.
        return ParseMode.TEXT
    wanted = _signature(document.article.blocks)
    for mode in ParseMode:
        if _signature(parse_copy(markdown, mode, Metadata()).article.blocks) == wanted:
            return mode
    return ParseMode.HTML


def parse_copy(markdown: str, mode: ParseMode | str, metadata: Metadata) -> Document:
    """The document an offline copy stands for, with the metadata stored beside it.

    The parsers load here, not with the library: the app opens the library before every
    article, and most openings never read a copy back."""
    from reader.convert.document import Document
    from reader.convert.markdown_to_blocks import MarkdownParser
    from reader.convert.pipeline import load_text

    try:
        mode = ParseMode(mode)
    except ValueError:
        mode = ParseMode.TEXT
    if mode is ParseMode.TEXT:
        document = load_text(markdown, "text/markdown", source=metadata.source)
        document.article.metadata = metadata
        return document
    parser = MarkdownParser(from_html=mode is ParseMode.HTML)
    article = Article(metadata=metadata)
    chunks: list[str] = []
    for piece, blocks in parser.parse_document(markdown):
        chunks.append(piece)
        article.extend(blocks)
    return Document(article, markdown, chunks, from_html=mode is ParseMode.HTML)
