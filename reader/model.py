"""The article as plain data: what every stage after parsing works on.

Nothing here knows about Textual or Rich markup, so the same `Article` feeds the text dump,
the JSON dump, the app and the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_Frozen = TypeVar("_Frozen", bound=type)
_T = TypeVar("_T")

HEADER = -1
"""The block index of the title and meta lines above the article's first block."""


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A place in an article's text: a block and a character offset in that block's text.

    The one shape of a reading position everywhere (the view, the history, the library):
    unlike a screen row it survives a new width, a new theme and a restart. Block `HEADER`
    is the title above the first block."""

    block: int = 0
    offset: int = 0

    @property
    def is_header(self) -> bool:
        return self.block < 0

    def stored(self) -> Position:
        """The position as the library keeps it: the title above block 0 is the top, block 0."""
        return Position(0, 0) if self.block < 0 else self


class Inline(StrEnum):
    """Inline styles a span of text can carry."""

    STRONG = "strong"
    EMPHASIS = "emphasis"
    CODE = "code"
    LINK = "link"
    STRIKE = "strike"


def _pickled_as_calls(cls: _Frozen) -> _Frozen:
    """Pickle a frozen dataclass as a call with its fields, up to the last one off its default.

    A long article's cache entry and its chunks sent over the conversion's pipe hold a hundred
    thousand blocks and spans. Pickled the dataclass way (a state set field by field, which
    looks up the class's fields for every object) they took twice as long to read back."""
    names = [item.name for item in fields(cls)]
    defaults = [None if item.default is MISSING else item.default for item in fields(cls)]
    required = sum(item.default is MISSING for item in fields(cls))
    values_of = attrgetter(*names)

    def reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
        values = values_of(self)
        count = len(values)
        while count > required and values[count - 1] == defaults[count - 1]:
            count -= 1
        return cls, values[:count]

    setattr(cls, "__reduce__", reduce)  # noqa: B010 (mypy forbids assigning a method)
    return cls


def _quick_init(cls: _Frozen) -> _Frozen:
    """Give a frozen dataclass an `__init__` that sets each slot through its descriptor.

    The dataclass's own calls `object.__setattr__` by name for every field (the way round its
    frozen `__setattr__`), which made a block take 6 us to build, a tenth of a long article's
    conversion; the slots' setters do the same in a third of the time. Same signature and
    defaults; only for fields with a plain default or none (no factory, no `__post_init__`)."""
    items = fields(cls)
    assert all(item.default_factory is MISSING and item.init for item in items)
    assert not hasattr(cls, "__post_init__")
    names = [item.name for item in items]
    scope: dict[str, Any] = {f"_set_{name}": cls.__dict__[name].__set__ for name in names}
    scope |= {f"_default_{item.name}": item.default for item in items if item.default is not MISSING}
    parameters = [name if f"_default_{name}" not in scope else f"{name}=_default_{name}" for name in names]
    body = "".join(f"\n    _set_{name}(self, {name})" for name in names)
    exec(f"def __init__(self, {', '.join(parameters)}) -> None:{body}", scope)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, "__init__", init)  # noqa: B010 (mypy forbids assigning a method)
    return cls


@dataclass_transform(frozen_default=True)
def _record(cls: type[_T]) -> type[_T]:
    """A frozen dataclass with slots and `_quick_init`'s `__init__`, the dataclass's own left
    unmade: each generated method is compiled from source at import, and the model's are
    compiled by every process that starts (the app's first screen waits for them)."""
    return _quick_init(dataclass(frozen=True, slots=True, init=False)(cls))


@_pickled_as_calls
@_record
class Span:
    """A run of text with one set of inline styles."""

    text: str
    styles: frozenset[Inline] = frozenset()
    href: str | None = None
    """Target of the link this span belongs to, if any."""
    anchor: str = ""
    """The name a `#name` link jumps to at this span (a footnote reference, which its note
    links back to); empty for most spans."""
    picture: str = ""
    """The source of the picture this span stands for (one inside a sentence reads as its alt
    text), so the article still lists it among its pictures; empty for most spans."""


class BlockKind(StrEnum):
    """What a block is; containers (quote, list) are the innermost one around the text."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST = "list"
    CODE = "code"
    TABLE = "table"
    IMAGE = "image"
    RULE = "rule"


_CODE, _TABLE, _HEADING, _IMAGE = BlockKind.CODE, BlockKind.TABLE, BlockKind.HEADING, BlockKind.IMAGE
"""Members as module names where each block asks for them: in Python 3.11 `BlockKind.CODE`
goes through the enum's metaclass (its `__getattr__` keeps the interpreter from caching the
lookup), several times the cost of a global; the layout asks a few for every block."""


@_record
class Cell:
    """One table cell."""

    spans: tuple[Span, ...]
    header: bool = False
    align: str = ""
    """"left", "center" or "right" when the table says (`:---`, `:---:`, `---:`); else empty."""

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@_pickled_as_calls
@_record
class Block:
    """One unit of the article's flow.

    Containers are flattened: a paragraph inside a quote inside a list item is one block with
    `quote_depth=1` and `list_depth=1`. That keeps layout a simple loop over blocks, and a
    reading position a plain (block index, character offset) pair.
    """

    kind: BlockKind
    spans: tuple[Span, ...] = ()
    level: int = 0
    """Heading level, 1 to 6."""
    anchor: str = ""
    """The name `#anchor` links jump to: a heading's, or a footnote's."""
    quote_depth: int = 0
    list_depth: int = 0
    marker: str = ""
    """List marker of the item's first block ("•", "3."); empty on its later blocks."""
    code: str = ""
    language: str = ""
    rows: tuple[tuple[Cell, ...], ...] = ()
    src: str = ""
    """Image source."""
    width: int = 0
    height: int = 0
    """An image's size in CSS pixels as its page gave it (0: not given): the room its picture
    takes is known before the picture arrives."""
    list_id: int = 0
    """Which top-level list the block belongs to (0: none); blocks of one list sit together,
    two lists in a row are kept apart."""
    continues: bool = False
    """The block goes on the previous one's paragraph after a hard line break (`<br>`):
    no blank line between them. Each line of a `<br>`-broken paragraph is a block, as feeds
    use `<br>` between what are paragraphs in all but name."""

    @property
    def text(self) -> str:
        """The block's plain text, as shown (images as their alt text, tables row by row)."""
        kind = self.kind
        if kind is _CODE:
            return self.code
        if kind is _TABLE:
            return "\n".join(" | ".join(cell.text for cell in row) for row in self.rows)
        spans = self.spans
        return spans[0].text if len(spans) == 1 else "".join([span.text for span in spans])


@_record
class Heading:
    """A heading of the article as the contents pane and `--toc` list it."""

    level: int
    text: str
    anchor: str
    block: int
    """Index of the heading's block in `Article.blocks`."""


@_record
class Link:
    """A link of the article as the link list and link following see it."""

    text: str
    href: str
    block: int


@_record
class Image:
    """A picture of the article, found in an image block or a span, for the picture list."""

    alt: str
    src: str
    block: int


@dataclass(slots=True)
class Metadata:
    """What is known about the article beside its text: shown above it, stored with it, dumped with it."""

    title: str = ""
    author: str = ""
    date: str = ""
    """ISO date (YYYY-MM-DD) when the source's date could be read, else as given, else empty."""
    site: str = ""
    language: str = ""
    categories: list[str] = field(default_factory=list)
    image: str = ""
    source: str = ""
    """Where the article came from: an absolute path, a final URL, or "-" for stdin."""
    url: str = ""
    """The canonical URL when the page declares one (`<link rel=canonical>`, og:url)."""


@dataclass(slots=True)
class Article:
    """Metadata plus the flow of blocks, with indexes into it for contents, links and images.

    Mutable on purpose: a long article is built block by block while the app already shows
    its top (`extend`).
    """

    metadata: Metadata = field(default_factory=Metadata)
    blocks: list[Block] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    """The block each `#anchor` jumps to: headings, footnotes and footnote references."""

    def extend(self, blocks: list[Block]) -> None:
        """Append blocks, indexing their headings, links and images."""
        for block in blocks:
            index = len(self.blocks)
            self.blocks.append(block)
            kind = block.kind
            if kind is _HEADING:
                self.headings.append(Heading(block.level, block.text, block.anchor, index))
            elif kind is _IMAGE:
                self.images.append(Image(block.text, block.src, index))
            if block.anchor:
                self.anchors.setdefault(block.anchor, index)
            spans: Sequence[Span] = block.spans
            if block.rows:
                spans = [*spans, *(span for row in block.rows for cell in row for span in cell.spans)]
            elif len(spans) == 1 and spans[0].href is None and not spans[0].picture and not spans[0].anchor:
                continue  # most blocks: one span of plain text (told without making a generator)
            if not any(span.href is not None or span.picture or span.anchor for span in spans):
                continue  # most blocks: plain text, nothing to index
            self.links.extend(_links_of(spans, index))
            self.images.extend(Image(span.text, span.picture, index) for span in spans if span.picture)
            for span in spans:
                if span.anchor:
                    self.anchors.setdefault(span.anchor, index)

    def anchor_block(self, anchor: str) -> int | None:
        """The block a `#anchor` points at, if the article has it."""
        return self.anchors.get(anchor)

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


def _links_of(spans: Sequence[Span], block: int) -> list[Link]:
    """Group consecutive spans with the same target into one link each."""
    links: list[Link] = []
    href: str | None = None
    text: list[str] = []
    for span in [*spans, Span("")]:
        if span.href != href:
            if href is not None:
                links.append(Link("".join(text).strip(), href, block))
            href, text = span.href, []
        if href is not None:
            text.append(span.text)
    return links
