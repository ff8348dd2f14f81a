"""Cleaned HTML to Markdown with html2text: the article's canonical text.

The body is converted in chunks of whole top-level elements, so a long article's first
screen is ready after its first chunk, not after the whole page.

html2text drops an image's `width` and `height`, which the reading pane needs to keep a
picture's room before it arrives; they follow the image as attributes in the syntax pandoc
and markdown-it's attrs plugin read: `![alt](src){width=640 height=480}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import html2text
from lxml import etree, html

from reader.convert.clean import BLOCK_TAGS, append_text, declared_size, is_dropped, new_element, sentinels_to_markdown
from reader.convert.markdown_limits import MAX_TABLE_CELLS
from reader.convert.plain_html import group_html2text
from reader.convert.table_parts import ROWS, continued_rows, table_parts

_ESCAPABLE = re.compile(r"[\\`*_{}\[\]()#!]|^\s*(?:\d+\.|[+-])", re.M)
"""What html2text's escaping (`escape_md_section`, with `escape_snob`) could change in a text:
a Markdown character, or a line starting like a list item (a wider net than its own rules)."""

_MARKUP_CHARS = frozenset("<>&")
"""Characters of the text that Markdown could read as markup (a tag, a quote, an entity)."""

FIRST_CHUNK_BYTES = 8 * 1024
CHUNK_BYTES = 64 * 1024
_CONTAINERS = frozenset({"div", "section", "article", "main", "body", "center", "span", "font"})


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

    def handle_data(self, data: str, entity_char: bool = False) -> None:
        if entity_char and data in _MARKUP_CHARS and not self.code and not self.pre:
            # A `<`, `>` or `&` of the text reaches here as an entity (lxml writes them so), and
            # html2text writes it bare: `&lt;video&gt;` became an HTML tag to markdown-it, shown
            # as nothing, and `&amp;lt;` became `<`. Escaped, it is the character it was.
            data = "\\" + data
        # Text with nothing to escape skips the escaping (five regular expressions a text, a
        # tenth of html2text's time), which `entity_char` turns off and does nothing else to.
        super().handle_data(data, entity_char or not _ESCAPABLE.search(data))

    def handle_tag(self, tag: str, attrs: dict[str, str | None], start: bool) -> None:
        super().handle_tag(tag, attrs, start)
        if tag == "img" and start and attrs.get("src"):
            size = declared_size(attrs.get("width"), attrs.get("height"))
            if size is not None:
                self.o(f"{{width={size[0]} height={size[1]}}}")


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
    return sentinels_to_markdown(_converter().handle(markup))


def iter_markdown(body: html.HtmlElement, clean: Callable[[html.HtmlElement], None] | None = None) -> Iterator[str]:
    """Markdown for successive groups of the body's top-level elements.

    With `clean`, each group is cleaned just before it is converted, so a long page's first
    screen waits for its first group only. The body is taken apart as it goes.
    """
    limit_tables(body)
    limit = FIRST_CHUNK_BYTES
    group = new_element("div")
    size = 0
    for piece, piece_size in _pieces(body, limit):
        group.append(piece)
        size += piece_size
        if size >= limit:
            yield from _group_markdown(group, clean)
            group, size, limit = new_element("div"), 0, CHUNK_BYTES
    if len(group):
        yield from _group_markdown(group, clean)


def limit_tables(root: html.HtmlElement) -> None:
    """Cut each table to `MAX_TABLE_CELLS` cells, whole rows, with a line saying how many rows
    are left out: each cell costs some 0.2 ms through the converters and the layout, and a
    table of 2,000 rows of 40 columns took 15 s."""
    for table in list(root.iter("table")):
        rows = ROWS(table)
        if len(rows) < 2 or sum(len(row) for row in rows) <= MAX_TABLE_CELLS:
            continue
        cells = 0
        for kept, row in enumerate(rows):
            cells += len(row)
            if cells > MAX_TABLE_CELLS and kept:
                break
        for row in rows[kept:]:
            row.getparent().remove(row)
        marker = html.Element("p")
        marker.text = f"[… {len(rows) - kept:,} more rows not shown]"
        marker.tail, table.tail = table.tail, None
        table.addnext(marker)


def _group_markdown(group: html.HtmlElement, clean: Callable[[html.HtmlElement], None] | None) -> Iterator[str]:
    """The Markdown of a group, cleaned first: one text, or more when a long table in it is
    converted a part at a time (`reader.convert.table_parts`)."""
    if clean is not None:
        clean(group)
    for part, continues in table_parts(group, CHUNK_BYTES):
        markdown = sentinels_to_markdown(group_html2text(part, _converter, _ESCAPABLE))
        rows = continued_rows(markdown) if continues else None
        yield markdown if rows is None else rows


def _pieces(node: html.HtmlElement, limit: int, *, oversized: bool = False) -> Iterator[tuple[html.HtmlElement, int]]:
    """Block children in order with their serialized size, inline runs gathered in a
    paragraph each. The pieces are moved out of `node`.

    Generic containers larger than a chunk are descended into, so one wrapper `<div>` around
    a whole article does not make it one chunk; one the clean pass would drop (hidden, say)
    is dropped here whole. `oversized` says `node` was measured larger than a chunk: a lone
    wrapper inside it is then as large, and is descended into without serializing it again
    (a hundred nested wrappers would otherwise serialize the page a hundred times).
    """
    run: html.HtmlElement | None = None
    text = [node.text or ""]
    """Text for the end of the run, joined when it is needed: the tails of dropped children
    appended one by one made a run of them quadratic."""
    lone = oversized and len(node) == 1 and not (node.text or "").strip()
    for child in list(node):
        if isinstance(child.tag, str) and is_dropped(child):
            # Dropped now rather than by the clean pass, so scripts and styles do not count
            # towards a chunk's size: the first chunk holds a first screen of text.
            text.append(child.tail or "")
            node.remove(child)
            continue
        if not isinstance(child.tag, str) or child.tag not in BLOCK_TAGS:
            run = _run_with(run, text)
            text = [""]
            run.append(child)  # an inline element (or a comment) and the text after it
            continue
        run = _run_with(run, text) if "".join(text).strip() else run
        if run is not None and _has_content(run):
            yield run, _written_size(run)
        tail, child.tail = child.tail, None
        run, text = None, [tail or ""]
        if child.tag in _CONTAINERS and len(child) and lone and not (tail or "").strip():
            yield from _pieces(child, limit, oversized=True)
            continue
        size = serialized_size(child, limit)
        if size > limit and child.tag in _CONTAINERS and len(child):
            if not is_dropped(child):
                yield from _pieces(child, limit, oversized=True)
        else:
            yield child, size
    run = _run_with(run, text) if "".join(text).strip() else run
    if run is not None and _has_content(run):
        yield run, _written_size(run)


def serialized_size(element: html.HtmlElement, limit: int) -> int:
    """`len(html.tostring(element))` when that is at most `limit`; some larger number when it is
    larger, found without writing a whole generic container out (the article's wrapper, at
    25 MB, made a copy of 60 MB of HTML only to be found larger than a chunk): a container's
    HTML holds its children's, so once theirs add up to more than `limit`, so does its own.
    Other elements are written out as before: they are what a chunk is made of, seldom larger."""
    if element.tag in _CONTAINERS and len(element):
        total = 0
        for child in element:
            total += serialized_size(child, limit - total)
            if total > limit:
                return total
    size = _text_size(element) if element.tag in _TEXT_LEAVES else None
    return _written_size(element) if size is None else size


def _written_size(element: html.HtmlElement) -> int:
    """`len(html.tostring(element))`, written out by `etree.tostring`: `html.tostring` then
    searches all it wrote for a `<meta http-equiv="Content-Type">` to take out, which only
    HTML holding a `<meta` can have (the search was a tenth of the time)."""
    written = etree.tostring(element, method="html")
    return len(html.tostring(element)) if b"<meta" in written else len(written)


def _text_size(element: html.HtmlElement) -> int | None:
    """The length of the element's HTML when it has no attributes and holds ASCII text, or
    elements of `_TEXT_INLINE` that do the same, and nothing else; None otherwise. That HTML
    is `<tag>text<b>more</b> text</tag>tail`: measured, not written out. Text beyond ASCII is
    written as character references, which Python counts slower than lxml writes them."""
    if element.keys() or not (element.text or len(element)):
        return None
    text, tail = element.text or "", element.tail or ""
    if not (text.isascii() and tail.isascii()):
        return None
    size = 2 * len(element.tag) + 5 + _escaped_size(text) + _escaped_size(tail)
    for child in element:
        inner = _text_size(child) if child.tag in _TEXT_INLINE else None
        if inner is None:
            return None
        size += inner
    return size


_TEXT_LEAVES = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "figcaption"})
"""Elements whose HTML, when they hold nothing but text, is `<tag>text</tag>` (not a void
element like `<br>`, nor one whose text is written raw like `<script>`; an empty `<li>` loses
its end tag, so an empty element is written out): most of an article's
pieces, measured without writing them out (a page of 20,000 headings wrote out 40,000)."""
_TEXT_INLINE = frozenset(
    {"b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "code", "kbd", "cite", "q"}
)
"""Inline elements measured the same way inside those: a paragraph with emphasis in it (a
third of a post's paragraphs) was written out only to be measured."""


def _escaped_size(text: str) -> int:
    """The length of ASCII `text` as lxml writes it in HTML: `&`, `<` and `>` as entities."""
    return len(text) + 4 * text.count("&") + 3 * (text.count("<") + text.count(">"))


def _run_with(run: html.HtmlElement | None, text: list[str]) -> html.HtmlElement:
    """The run of inline content being gathered, with `text` at its end; made on first need:
    most block children have no text between them, and a paragraph each was a tenth of the time."""
    if run is None:
        run = html.Element("p")
    append_text(run, "".join(text))
    return run


def _has_content(run: html.HtmlElement) -> bool:
    return bool(
        (run.text or "").strip() or any(isinstance(child.tag, str) or (child.tail or "").strip() for child in run)
    )
