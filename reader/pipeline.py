"""The article pipeline from a source to an `Article`: fetch, decode, front matter, extract,
clean, convert, parse. No stage here knows about the screen.

`open_source` does the fast part and returns the remaining work as an iterator of chunks,
so the app can show the top of a long article while the rest is still being converted.
"""

from __future__ import annotations

import html
import itertools
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from reader import extract
from reader.clean import body_of, clean_html, clean_tree, parse_html
from reader.convert import iter_markdown
from reader.decode import decode
from reader.fetch import DEFAULT_LIMITS, Fetched, Limits, Progress, fetch
from reader.frontmatter import split_front_matter
from reader.model import Article, Block, BlockKind, Metadata
from reader.parse import MarkdownParser

MARKDOWN_CHUNK_CHARS = 64 * 1024

_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body|div|p|h[1-6]|article|section|main|table|ul|ol|blockquote|pre|figure|span|img|a|header|center|br|b|strong)[\s>/]",
    re.I | re.S,
)
_MARKDOWN_SYNTAX = re.compile(r"^(?:#{1,6} |```|~~~|\* |- |\d+\. |> )", re.M)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown", "text/plain"})


@dataclass(slots=True)
class Chunk:
    """One step of the remaining work: a piece of Markdown and its blocks."""

    markdown: str
    blocks: list[Block]


@dataclass(slots=True)
class OpenedSource:
    """A source fetched and decoded, with metadata known, and the body still to convert."""

    metadata: Metadata
    chunks: Iterator[Chunk]
    is_markdown: bool = False
    fetched: Fetched | None = None
    from_html: bool = False
    """The Markdown chunks were written by html2text (see `Document.from_html`)."""


@dataclass(slots=True)
class Document:
    """A fully converted article and its canonical Markdown."""

    article: Article
    markdown: str
    chunks: list[str] = field(default_factory=list)
    from_html: bool = False
    """The Markdown was written by html2text; parse it back with `load_text(...,
    from_html=True)` to get the same blocks (an offline copy must keep reading positions)."""


def sniff_html(text: str, media_type: str) -> bool:
    """Whether a body is HTML: by its type when the transport says, else by its content.

    Posts in `.md` files carry an HTML body after their front matter, so a Markdown file
    extension alone decides nothing; but a Markdown README that opens with a centred logo in
    `<p>` is still Markdown, which its headings or fences give away.
    """
    if media_type in _HTML_TYPES:
        return True
    head = text[:20_000]
    if not _HTML_START.match(head):
        return False
    return not (media_type in _MARKDOWN_TYPES and _MARKDOWN_SYNTAX.search(head))


def open_source(
    source: str,
    base_url: str | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> OpenedSource:
    fetched = fetch(source, progress=progress, cancel=cancel, limits=limits)
    return open_fetched(fetched, base_url)


def open_fetched(fetched: Fetched, base_url: str | None = None) -> OpenedSource:
    text = decode(fetched.data, fetched.charset).text
    return open_text(text, fetched.media_type, fetched.source, base_url or fetched.base_url, fetched)


def open_text(
    text: str,
    media_type: str = "",
    source: str = "",
    base_url: str = "",
    fetched: Fetched | None = None,
    *,
    from_html: bool = False,
) -> OpenedSource:
    """Metadata and the first chunk now, the rest later: the fast half of the pipeline."""
    front, body = split_front_matter(text)
    metadata = Metadata(source=source)
    if front is not None:
        metadata.title = front.title
        metadata.author = front.author
        metadata.date = front.date
        metadata.categories = front.categories
        metadata.image = front.image
    is_markdown = not sniff_html(body, media_type)
    parser = MarkdownParser(html_to_blocks=_html_block_converter(base_url), from_html=from_html or not is_markdown)
    if is_markdown:
        chunks = _markdown_chunks(body, parser)
    else:
        if front is None and extract.is_full_page(body):
            extracted = extract.extract(body, base_url)
            _fill(metadata, extracted.metadata)
            body = extracted.html
        page_body = body_of(parse_html(body))
        clean_tree(page_body, base_url)
        chunks = _html_chunks(page_body, parser)
    first = next(chunks, None)
    if first is not None:
        chunks = itertools.chain([first], chunks)
        if not metadata.title:
            metadata.title = next((b.text for b in first.blocks if b.kind is BlockKind.HEADING), "")
    if not metadata.title:
        metadata.title = _title_from_source(source)
    return OpenedSource(
        metadata, chunks, is_markdown=is_markdown, fetched=fetched, from_html=from_html or not is_markdown
    )


def _fill(metadata: Metadata, found: Metadata) -> None:
    """Fill the fields front matter left empty from what the page itself says."""
    for name in ("title", "author", "date", "site", "language", "image", "url"):
        if not getattr(metadata, name) and getattr(found, name):
            setattr(metadata, name, getattr(found, name))


def _html_chunks(body: HtmlElement, parser: MarkdownParser) -> Iterator[Chunk]:
    for markdown in iter_markdown(body):
        yield Chunk(markdown, parser.parse(markdown))


def _markdown_chunks(text: str, parser: MarkdownParser) -> Iterator[Chunk]:
    for piece in split_markdown(text):
        yield Chunk(piece, parser.parse(piece))


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


def _html_block_converter(base_url: str) -> Callable[[str], list[Block]]:
    def convert(markup: str) -> list[Block]:
        body = clean_html(markup, base_url)
        nested = MarkdownParser(from_html=True)
        return [block for markdown in iter_markdown(body) for block in nested.parse(markdown)]

    return convert


def _title_from_source(source: str) -> str:
    if not source or source == "-":
        return ""
    path = urlsplit(source).path if "://" in source else source
    stem = PurePath(unquote(path)).stem
    return html.unescape(stem)


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
    markdown = "\n\n".join(part.strip("\n") for part in markdown_chunks) + "\n"
    return Document(article, markdown, markdown_chunks, from_html)


def load(source: str, base_url: str | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    return finish(open_source(source, base_url, limits=limits))


def load_text(
    text: str, media_type: str = "", source: str = "", base_url: str = "", *, from_html: bool = False
) -> Document:
    """Convert text already in hand; `from_html` for Markdown that html2text wrote."""
    return finish(open_text(text, media_type, source, base_url, from_html=from_html))
