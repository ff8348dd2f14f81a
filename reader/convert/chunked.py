"""The conversion half of the pipeline: decoded text to blocks, chunk by chunk.

Front matter, sniffing HTML from Markdown, extraction of whole pages, the clean pass,
html2text and markdown-it. `reader.convert.pipeline` loads this module only when an article is
actually converted, not when it comes from the cache: these converters take about as long
to import as Textual itself.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import PurePath
from urllib.parse import unquote

from lxml.html import HtmlElement

from reader.chars import strip_controls, xml_safe
from reader.convert.clean import body_of, clean_html, clean_part, document_base, parse_html
from reader.convert.document import CONTINUES, Chunk, OpenedSource
from reader.convert.frontmatter import split_front_matter
from reader.convert.html_to_markdown import iter_markdown
from reader.convert.markdown_limits import limit_markdown
from reader.convert.markdown_to_blocks import MarkdownParser
from reader.convert.page_kind import is_full_page
from reader.errors import ReaderError
from reader.model import Block, BlockKind, Metadata
from reader.source.fetch import Fetched
from reader.source.urls import split_url

_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body|div|p|h[1-6]|article|section|main|table|ul|ol|blockquote|pre|figure|span|img|a|header|center|br|b|strong)[\s>/]",
    re.I | re.S,
)
_MARKDOWN_SYNTAX = re.compile(r"^(?:#{1,6} |```|~~~|\* |- |\d+\. |> )", re.M)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown", "text/plain"})


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


def open_text(
    text: str,
    media_type: str = "",
    source: str = "",
    base_url: str = "",
    fetched: Fetched | None = None,
    *,
    from_html: bool = False,
    large: bool = False,
    ahead: bool = False,
) -> OpenedSource:
    """Metadata and the first chunk now, the rest later: the fast half of the pipeline.
    `large`: a whole web page is extracted as one above `extract.LARGE_PAGE_CHARS` is (see
    `reader.convert.early`). `ahead`: a web page's Markdown is made in a forked process
    while this one parses it (`reader.convert.ahead`)."""
    front, body = split_front_matter(text)
    metadata = Metadata(source=source)
    if front is not None:
        metadata.title = front.title
        metadata.author = front.author
        metadata.date = front.date
        metadata.categories = front.categories
        metadata.image = front.image
    is_markdown = not sniff_html(body, media_type)
    heading_title = ""  # the page's first <h1>: the title when nothing better says it
    parser = MarkdownParser(html_to_blocks=_html_block_converter(base_url), from_html=from_html or not is_markdown)
    if is_markdown:
        chunks = _markdown_chunks(body, parser)
    else:
        if front is None and is_full_page(body):
            from reader.convert import extract  # the extractor loads only for whole web pages

            extracted = extract.extract(body, base_url, large=large)
            _fill(metadata, extracted.metadata)
            page_body = extract.article_body(extracted)
        else:
            page_body = body_of(parse_html(body))
        first_heading = page_body.find(".//h1") if not metadata.title else None
        if first_heading is not None:
            heading_title = " ".join(first_heading.text_content().split())
        markdowns = partial(_html_markdown, page_body, document_base(page_body, base_url), metadata.url)
        chunks = _html_chunks(markdowns, parser, ahead=ahead)
    ready = first_chunks(chunks)
    if not metadata.title and ready:
        metadata.title = next((b.text for b in ready[-1].blocks if b.kind is BlockKind.HEADING), "")
    if not metadata.title:
        metadata.title = heading_title
    if not metadata.title:
        if fetched is not None:
            _read_on_to_something(ready, chunks, source)
        metadata.title = _title_from_source(source)
    return OpenedSource(
        metadata,
        itertools.chain(ready, chunks),
        is_markdown=is_markdown,
        fetched=fetched,
        from_html=from_html or not is_markdown,
    )


def first_chunks(chunks: Iterator[Chunk]) -> list[Chunk]:
    """The chunks up to the first with text, taken from `chunks`: what opening converts before
    it returns (a page may open with a chunk of scripts and navigation that cleaning empties),
    as the title may come from that chunk's first heading."""
    ready: list[Chunk] = []
    for chunk in chunks:
        ready.append(chunk)
        if chunk.blocks:
            break
    return ready


def _read_on_to_something(ready: list[Chunk], chunks: Iterator[Chunk], source: str) -> None:
    """Take chunks into `ready` until one holds text or a picture; `ReaderError` "nothing to
    read" when none does. Without it an empty response, `<html><body></body></html>` or a page
    of scripts would open as an "article" of a title made from its address. Called only when
    the page has no title of its own (a `<title>`, front matter, an `<h1>` say something), and
    for what was fetched (text in hand, an offline copy, shows as it was kept). Done before
    the source counts as opened, so the app shows its error dialog (or the offline copy)."""
    if any(_shows_something(block) for chunk in ready for block in chunk.blocks):
        return
    for chunk in chunks:
        ready.append(chunk)
        if any(_shows_something(block) for block in chunk.blocks):
            return
    name = "standard input" if source in ("", "-") else source
    raise ReaderError(f"nothing to read: {name} has no text")


def _shows_something(block: Block) -> bool:
    if block.kind is BlockKind.IMAGE or any(span.picture for span in block.spans):
        return True
    if block.kind is BlockKind.TABLE:
        return any(cell.text.strip() for row in block.rows for cell in row)
    return bool(block.text.strip())


def _fill(metadata: Metadata, found: Metadata) -> None:
    """Fill the fields front matter left empty from what the page itself says."""
    for name in ("title", "author", "date", "site", "language", "image", "url"):
        if not getattr(metadata, name) and getattr(found, name):
            setattr(metadata, name, getattr(found, name))


def _html_chunks(markdowns: Callable[[], Iterator[str]], parser: MarkdownParser, *, ahead: bool) -> Iterator[Chunk]:
    """Parse the page's Markdown a chunk at a time: the top shows after one chunk. `ahead`:
    the Markdown is made in a forked process meanwhile."""
    if ahead:
        from reader.convert.ahead import made_ahead

        texts = made_ahead(markdowns)
    else:
        texts = markdowns()
    del markdowns  # with it the page's tree, where it is made ahead
    for markdown in texts:
        yield Chunk(markdown, parser.parse(markdown))
    notes = parser.notes()
    if notes:
        yield Chunk("", notes)


def _html_markdown(body: HtmlElement, base_url: str, web_url: str) -> Iterator[str]:
    """Clean and convert the page a chunk at a time, each chunk's Markdown within what
    markdown-it reads whole and fast (`_limited`)."""
    for markdown in iter_markdown(body, clean=partial(clean_part, base_url=base_url, web_url=web_url)):
        yield _limited(markdown)


def _markdown_chunks(text: str, parser: MarkdownParser) -> Iterator[Chunk]:
    for piece, blocks in parser.parse_document(limit_markdown(text)):
        yield Chunk(piece, blocks)


def _limited(markdown: str) -> str:
    """A chunk's Markdown within what markdown-it reads whole and fast (nesting, table size):
    that text is the one kept, so the canonical Markdown parses back to the same blocks."""
    if markdown.startswith(CONTINUES):  # rows of the last chunk's table (see `reader.convert.table_parts`)
        return CONTINUES + limit_markdown(markdown[len(CONTINUES) :])
    return limit_markdown(markdown)


def _html_block_converter(base_url: str) -> Callable[[str], list[Block]]:
    def convert(markup: str) -> list[Block]:
        body = clean_html(markup, base_url)
        nested = MarkdownParser(from_html=True)
        return [block for markdown in iter_markdown(body) for block in nested.parse(limit_markdown(markdown))]

    return convert


def _title_from_source(source: str) -> str:
    if not source or source == "-":
        return ""
    parts = split_url(source) if "://" in source else None
    path = parts.path if parts is not None else source
    stem = PurePath(unquote(path)).stem
    return xml_safe(strip_controls(html.unescape(stem)))  # `%1b` or `&#x1b;` in a name is no title
