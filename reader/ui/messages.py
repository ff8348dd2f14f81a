"""The messages between the reading screen, its loader and the app, in one place.

Three directions, each a group below:
- the loader's worker to the reading screen: an article's parts as they arrive, each with
  its load's token, so that the parts of a load that was replaced are dropped;
- the reading screen to the app: what the library should record, and requests for what the
  app owns (the library screen, the settings, the system browser), so that the screen never
  calls the app (and never imports it);
- the app to the screens: what changed (the theme, the library's answers).

Handled with `@on(messages.Name)`; the messages to the screens go to every screen in the
stack, and a screen that does not show what one is about ignores it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from reader.convert.document import Document
    from reader.errors import ReaderError
    from reader.layout.theme import ThemeSpec
    from reader.library import Entry
    from reader.model import Article, Block, Metadata, Position
    from reader.ui.bookkeeper import Reading


# the loader's worker to the reading screen


@dataclass
class LoadMessage(Message, bubble=False):
    """Something about the load `token`: the screen takes it only while that load is current."""

    token: int


@dataclass
class LoadProgress(LoadMessage):
    """Bytes downloaded so far, and of how many when the server said."""

    received: int
    total: int | None


@dataclass
class LoadBegun(LoadMessage):
    """The article's metadata, with its first blocks: those up to the place it opens at, so
    that its first frame shows that place."""

    metadata: Metadata
    blocks: list[Block]
    entry: Entry | None
    """Its library entry, looked up before the load (where the reader stopped; saved or not)."""
    from_html: bool
    document: Document | None = None
    """The whole document, when it came whole (an offline copy)."""


@dataclass
class BlocksArrived(LoadMessage):
    """More blocks, to add at the end."""

    blocks: list[Block]


@dataclass
class LoadFinished(LoadMessage):
    """Everything arrived; `notice` says why it came from elsewhere (the offline copy)."""

    notice: str = ""


@dataclass
class LoadFailed(LoadMessage):
    """The load stopped: before anything showed, or part way."""

    error: ReaderError


# the reading screen to the app


@dataclass
class ArticleLoaded(Message):
    """An article finished loading, or stopped part way (`partial`): the library records a
    whole one."""

    article: Article
    source: str
    reading: Reading | None
    partial: bool


@dataclass
class PositionChanged(Message):
    """The reader moved in a whole article: where to resume it next time (as the library
    stores it: the title above the first block is block 0)."""

    reading: Reading
    position: Position
    percent: int


@dataclass
class ToggleBookmark(Message):
    """`b`: save the article, or remove it from the saved posts."""

    reading: Reading


class ShowLibrary(Message):
    """`L`: the library screen."""


@dataclass
class SaveSettings(Message):
    """Change settings (`width`, `theme`: the names of `Config`) and save them."""

    changes: dict[str, Any]


@dataclass
class OpenInBrowser(Message):
    """Hand an address to the system browser (or the clipboard, when there is none)."""

    url: str


# the app to the screens


@dataclass
class ThemeChanged(Message, bubble=False):
    """The theme changed: the article's styles to lay it out again with."""

    spec: ThemeSpec


@dataclass
class Recorded(Message, bubble=False):
    """The library recorded an article that was opened: where the reader stopped in it last
    time, and whether it is saved (on its `Reading`)."""

    reading: Reading
    position: Position


@dataclass
class BookmarkChanged(Message, bubble=False):
    """The library said whether this article is saved now (on its `Reading`)."""

    reading: Reading
