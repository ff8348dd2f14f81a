"""Markdown to blocks: markdown-it's tokens become the `Article`'s flat list of blocks.

Block tokens (headings, paragraphs, lists, quotes, code, tables) are walked here, keeping
the containers open around each leaf; the text inside a leaf becomes spans in
`reader.convert.markdown_inline`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin

from reader.chars import strip_controls
from reader.convert.cjk_emphasis import use_cjk_friendly_emphasis
from reader.convert.document import CONTINUES, split_markdown
from reader.convert.footnotes import Footnotes, use_footnotes
from reader.convert.markdown_inline import InlineImage, image_span, inline_pieces, one_line, split_lines, trim
from reader.convert.markdown_limits import MAX_NESTING, TABLE_PART_ROWS
from reader.convert.plain_markdown import PlainLine, plain_lines
from reader.model import Block, BlockKind, Cell, Span

_HEADING, _PARAGRAPH, _RULE = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.RULE  # see reader.model._CODE
_ANCHOR_SUFFIX = re.compile(r"[ \t]*\{#([^\s{}]+)\}[ \t]*$")
_BULLETS = ("•", "◦", "▪")

_UNSAFE_SCHEMES = re.compile(r"^\s*(?:javascript|vbscript|data):", re.I)


def _validate_link(url: str) -> bool:
    """Keep `file:` links (local articles link to their neighbours); following any link is
    the app's decision, which refuses `file:` from remote pages."""
    return not _UNSAFE_SCHEMES.match(url) or url.strip().lower().startswith("data:image/")


@cache
def _markdown_it(indented_code: bool = True) -> MarkdownIt:
    """The configured parser, built once: building it took about 4 ms, a tenth of parsing a
    post of 7,500 characters (measured while indexing a library), and it keeps no state
    between parses (footnotes live in each parse's env)."""
    # Deeper nesting was flattened before (`reader.convert.markdown_limits`), within this limit.
    options = {"html": True, "maxNesting": MAX_NESTING}
    md = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    md = use_footnotes(use_cjk_friendly_emphasis(md))
    # `![alt](src){width=640 height=480}`: the size a page gave a picture (html_to_markdown).
    md.use(attrs_plugin, after=("image",), allowed=("width", "height"))
    md.validateLink = _validate_link  # type: ignore[method-assign]
    # An autolink shows its URL percent-decoded: `%1b` would put a raw ESC on the screen.
    normalize_text = md.normalizeLinkText
    md.normalizeLinkText = lambda url: strip_controls(normalize_text(url))  # type: ignore[method-assign,assignment]
    if not indented_code:
        md.disable("code")
    return md


@dataclass(slots=True)
class _Quote:
    pass


@dataclass(slots=True)
class _List:
    ordered: bool
    number: int


@dataclass(slots=True)
class _Item:
    marker: str


_Container = _Quote | _List | _Item


@dataclass(slots=True)
class MarkdownParser:
    """Parses Markdown chunk by chunk, keeping what must stay unique across chunks (anchors).

    `html_to_blocks` handles raw HTML blocks inside Markdown by sending them through the HTML
    pipeline; it is injected to keep this module free of that pipeline.
    """

    html_to_blocks: Callable[[str], list[Block]] | None = None
    from_html: bool = False
    """Markdown written by html2text, which fences all code: an indented block is then an
    artifact of its list indentation, never code."""
    _md: MarkdownIt = field(init=False)
    _anchors: dict[str, int] = field(default_factory=dict)
    _lists: int = 0
    footnotes: Footnotes = field(default_factory=Footnotes)
    _shown: int = 0
    _last: BlockKind | None = None
    _table_head: str = ""
    """The header and delimiter lines of the last table parsed."""

    def __post_init__(self) -> None:
        self._md = _markdown_it(indented_code=not self.from_html)

    def parse(self, markdown: str) -> list[Block]:
        """The blocks of one chunk; its footnotes wait for `notes`. A chunk that opens with
        `CONTINUES` holds rows of the previous chunk's last table: they are parsed under a copy
        of that table's header lines, and the copy's row is left out."""
        continued = markdown.startswith(CONTINUES)
        if continued:
            markdown = self._table_head + markdown[len(CONTINUES) :].lstrip("\n")
        source, plain = plain_lines(markdown) if self.from_html else (markdown, {})
        walker = _Walker(self, plain)
        walker.continued_table = continued and bool(self._table_head)
        blocks = walker.walk(self._md.parse(source, self.footnotes.env()))
        if walker.last_table_line is not None:
            lines = source.split("\n", walker.last_table_line + 2)[walker.last_table_line :][:2]
            self._table_head = "\n".join(lines) + "\n"
        return self._without_bare_rules(blocks)

    def _without_bare_rules(self, blocks: list[Block]) -> list[Block]:
        """Rules that separate nothing go: one at the top (the header draws its own), under
        the first heading (often the title, which the header shows), or after another rule;
        each showed as a band of two rules with nothing between them."""
        kept: list[Block] = []
        for block in blocks:
            bare = self._shown == 0 or self._last is _RULE
            bare = bare or (self._shown == 1 and self._last is _HEADING)
            if block.kind is _RULE and bare and not (block.quote_depth or block.list_depth):
                continue
            kept.append(block)
            self._shown += 1
            self._last = block.kind
        return kept

    def parse_document(self, markdown: str) -> Iterator[tuple[str, list[Block]]]:
        """(Markdown, blocks) of each chunk of a whole document, then ("", the notes)."""
        self.footnotes.expect(markdown)
        for piece in split_markdown(markdown):
            yield piece, self.parse(piece)
        notes = self.notes()
        if notes:
            yield "", notes

    def notes(self) -> list[Block]:
        """The footnotes defined so far, as the section that ends the article."""
        return self.footnotes.section(self.next_list_id()) if self.footnotes.notes else []

    def next_list_id(self) -> int:
        self._lists += 1
        return self._lists

    def unique_anchor(self, anchor: str) -> str:
        seen = self._anchors.get(anchor)
        self._anchors[anchor] = 0 if seen is None else seen + 1
        return anchor if seen is None else f"{anchor}-{seen + 1}"


def parse_markdown(markdown: str) -> list[Block]:
    return MarkdownParser().parse(markdown)


_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


def _alignment(cell: Token) -> str:
    """A column's alignment, which markdown-it writes on each cell as a style."""
    match = _ALIGN.search(str(cell.attrGet("style") or ""))
    return match.group(1) if match else ""


def slugify(text: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    slug = _NOT_IN_SLUG.sub("", text.strip().lower())
    return slug.replace(" ", "-")


class _Walker:
    """One pass over one chunk's tokens."""

    def __init__(self, parser: MarkdownParser, plain: dict[int, list[PlainLine]] | None = None) -> None:
        self.parser = parser
        self.plain = plain or {}
        """The runs of lines `plain_lines` took out, by the line of the rule in their place."""
        self.blocks: list[Block] = []
        self.stack: list[_Container] = []
        self.heading_level = 0
        self.table: list[list[Cell]] | None = None
        self.cell_header = False
        self.cell_align = ""
        self.list_id = 0
        self.continued_table = False
        """The first table goes on the previous chunk's last one (see `MarkdownParser.parse`)."""
        self.last_table_line: int | None = None
        """The line the last top-level table starts on."""
        self.outside_note: tuple[str, list[Block], list[_Container], int] | None = None
        """(label, the blocks, containers and list of the text) while inside a note."""

    def walk(self, tokens: Sequence[Token]) -> list[Block]:
        for token in tokens:
            handler = getattr(self, "on_" + token.type, None)
            if handler is not None:
                handler(token)
        return self.blocks

    # containers
    def on_blockquote_open(self, token: Token) -> None:
        self.stack.append(_Quote())

    def on_blockquote_close(self, token: Token) -> None:
        self.stack.pop()

    def on_bullet_list_open(self, token: Token) -> None:
        self._open_list(_List(ordered=False, number=0))

    def on_ordered_list_open(self, token: Token) -> None:
        start = token.attrGet("start")
        self._open_list(_List(ordered=True, number=int(start) if start is not None else 1))

    def _open_list(self, new: _List) -> None:
        if not any(isinstance(c, _List) for c in self.stack):
            self.list_id = self.parser.next_list_id()
        self.stack.append(new)

    def on_bullet_list_close(self, token: Token) -> None:
        self.stack.pop()

    on_ordered_list_close = on_bullet_list_close

    def on_list_item_open(self, token: Token) -> None:
        current = next(c for c in reversed(self.stack) if isinstance(c, _List))
        if current.ordered:
            marker = f"{current.number}."
            current.number += 1
        else:
            depth = sum(isinstance(c, _List) for c in self.stack)
            marker = _BULLETS[(depth - 1) % len(_BULLETS)]
        self.stack.append(_Item(marker))

    def on_list_item_close(self, token: Token) -> None:
        self.stack.pop()

    # leaves
    def on_heading_open(self, token: Token) -> None:
        self.heading_level = int(token.tag[1])

    def on_heading_close(self, token: Token) -> None:
        self.heading_level = 0

    def on_inline(self, token: Token) -> None:
        pieces = inline_pieces(token.children or [], self.parser.footnotes.reference)
        if self.table is not None:
            spans = tuple(one_line(p) if isinstance(p, Span) else image_span(p) for p in pieces)
            spans = tuple(replace(s, text=s.text.replace("\u200b", "")) for s in spans)
            self.table[-1].append(Cell(trim(spans), header=self.cell_header, align=self.cell_align))
            return
        if self.heading_level:
            self._heading(pieces)
            return
        text_run: list[Span] = []
        for piece in [*pieces, None]:
            if isinstance(piece, Span):
                text_run.append(piece)
                continue
            self._emit_lines(text_run)
            text_run = []
            if isinstance(piece, InlineImage):
                size = {"width": piece.width, "height": piece.height}
                self._emit(BlockKind.IMAGE, spans=(Span(piece.alt),), src=piece.src, **size)

    def _emit_lines(self, spans: list[Span]) -> None:
        """One block per hard-broken line; a blank line (two breaks) starts a new paragraph."""
        continues = False
        for line in split_lines(spans):
            trimmed = trim(tuple(line))
            if trimmed:
                self._emit(self._flow_kind(), spans=trimmed, continues=continues)
                continues = True
            else:
                continues = False

    def _heading(self, pieces: list[Span | InlineImage]) -> None:
        # An image in a heading shows as its label when it has words (they were lost before).
        shown = (one_line(p) if isinstance(p, Span) else image_span(p) for p in pieces if isinstance(p, Span) or p.alt)
        spans = list(trim(tuple(shown)))
        anchor = ""
        if spans:
            last = spans[-1]
            match = _ANCHOR_SUFFIX.search(last.text)
            if match:
                anchor = match.group(1)
                spans[-1] = replace(last, text=last.text[: match.start()])
                spans = list(trim(tuple(spans)))
        self._emit_heading(tuple(spans), self.heading_level, "".join(span.text for span in spans), anchor)

    def _plain_heading(self, level: int, text: str) -> None:
        """`_heading` of a plain line's one span, which has no line break and no blank at
        either end (`_PLAIN_LINE`) but for the anchor's: a third of the time of the general way."""
        match = _ANCHOR_SUFFIX.search(text) if text.endswith("}") else None
        anchor, text = (match.group(1), text[: match.start()].rstrip()) if match else ("", text)
        self._emit_heading((Span(text),) if text else (), level, text, anchor)

    def _emit_heading(self, spans: tuple[Span, ...], level: int, text: str, anchor: str) -> None:
        """A heading of `text` in `spans`, under its own anchor (`{#id}`) or its text's slug."""
        anchor = self.parser.unique_anchor(anchor or slugify(text))
        self._emit(_HEADING, spans=spans, level=level, anchor=anchor)

    def on_fence(self, token: Token) -> None:
        language = token.info.strip().split(" ")[0] if token.info else ""
        self._emit(BlockKind.CODE, code=token.content.rstrip("\n"), language=language)

    def on_code_block(self, token: Token) -> None:
        self._emit(BlockKind.CODE, code=token.content.rstrip("\n"))

    def on_hr(self, token: Token) -> None:
        run = self.plain.get(token.map[0]) if self.plain and token.map else None
        if run is None:
            self._emit(BlockKind.RULE)
            return
        for level, text in run:
            if level:
                self._plain_heading(level, text)
            else:  # one line, no space at either end (`_PLAIN_LINE`): nothing to split or trim
                self._emit(_PARAGRAPH, spans=(Span(text),))

    def on_html_block(self, token: Token) -> None:
        if self.parser.html_to_blocks is None:
            return
        for block in self.parser.html_to_blocks(token.content):
            self.blocks.append(block)

    # footnotes: a note's blocks are set aside for the section at the end
    def on_footnote_reference_open(self, token: Token) -> None:
        self.outside_note = (str(token.meta.get("label", "")), self.blocks, self.stack, self.list_id)
        self.blocks, self.stack, self.list_id = [], [], 0

    def on_footnote_reference_close(self, token: Token) -> None:
        if self.outside_note is None:
            return
        label, note = self.outside_note[0], self.blocks
        self.blocks, self.stack, self.list_id = self.outside_note[1:]
        self.parser.footnotes.notes.setdefault(label, note)
        self.outside_note = None

    # tables
    def on_table_open(self, token: Token) -> None:
        self.table = []
        if token.map and not self.stack:
            self.last_table_line = token.map[0]

    def on_tr_open(self, token: Token) -> None:
        if self.table is not None:
            self.table.append([])

    def on_th_open(self, token: Token) -> None:
        self.cell_header = True
        self.cell_align = _alignment(token)

    def on_td_open(self, token: Token) -> None:
        self.cell_header = False
        self.cell_align = _alignment(token)

    def on_table_close(self, token: Token) -> None:
        rows = tuple(tuple(row) for row in self.table or [] if row)
        self.table = None
        continued, self.continued_table = self.continued_table, False
        if continued:
            rows = rows[1:]  # the copy of the header the rows were parsed under
        for start in range(0, len(rows), TABLE_PART_ROWS):
            self._emit(BlockKind.TABLE, rows=rows[start : start + TABLE_PART_ROWS], continues=continued or start > 0)

    def _flow_kind(self) -> BlockKind:
        for container in reversed(self.stack):
            if isinstance(container, _Quote):
                return BlockKind.QUOTE
            if isinstance(container, _Item):
                return BlockKind.LIST
        return BlockKind.PARAGRAPH

    def _emit(self, kind: BlockKind, **fields: object) -> None:
        if not self.stack:  # most blocks stand outside lists and quotes
            self.blocks.append(Block(kind, **fields))  # type: ignore[arg-type]
            return
        marker = ""
        for container in reversed(self.stack):
            if isinstance(container, _Item):
                marker, container.marker = container.marker, ""
                break
            if isinstance(container, _Quote):
                break
        list_depth = sum(isinstance(c, _List) for c in self.stack)
        block = Block(
            kind,
            quote_depth=sum(isinstance(c, _Quote) for c in self.stack),
            list_depth=list_depth,
            list_id=self.list_id if list_depth else 0,
            marker=marker,
            **fields,  # type: ignore[arg-type]
        )
        self.blocks.append(block)
