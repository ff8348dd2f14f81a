"""The messages between the reading screen, its loader and the app, in one place.

Three directions, each a group below:
- the loader's worker to the reading screen: an article's parts as they arrive, each with
  its load's token, so that the parts of a load that was replaced are dropped;
- the reading screen to the app: what the library should record, and requests for what the
  app owns (the library screen, the settings, the system browser), so that the screen never
  calls the app (and never imports it);
- the app to the screens: what changed (the theme, the library's answers).

Handled with `@on(messages.Name)`; the messages to the screens go to every screen in the
stack, and a screen that does not show what one is about ignores it. Plain classes rather
than dataclasses: a dataclass takes about a millisecond to make at import, and these are
imported before the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reader.convert.document import Document
    from reader.errors import ReaderError
    from reader.layout.theme import ThemeSpec
    from reader.library import Entry, Library
    from reader.model import Article, Block, Metadata, Position
    from reader.ui.bookkeeper import Reading


# the loader's worker to the reading screen


class LoadMessage(Message, bubble=False):
    """Something about the load `token`: the screen takes it only while that load is current."""

    blocks: Sequence[Block] = ()
    """The article's blocks it brings (only `LoadBegun` and `BlocksArrived` bring some)."""

    def __init__(self, token: int) -> None:
        super().__init__()
        self.token = token


class LoadProgress(LoadMessage):
    """Bytes downloaded so far, and of how many when the server said."""

    def __init__(self, token: int, received: int, total: int | None) -> None:
        super().__init__(token)
        self.received = received
        self.total = total


class LoadBegun(LoadMessage):
    """The article's metadata, with its first blocks: those up to the place it opens at, so
    that its first frame shows that place."""

    def __init__(
        self,
        token: int,
        metadata: Metadata,
        blocks: list[Block],
        entry: Entry | None,
        *,
        from_html: bool,
        document: Document | None = None,
    ) -> None:
        super().__init__(token)
        self.metadata = metadata
        self.blocks: list[Block] = blocks
        self.entry = entry
        """Its library entry, looked up before the load (where the reader stopped; saved or not)."""
        self.from_html = from_html
        self.document = document
        """The whole document, when it came whole (an offline copy)."""


class BlocksArrived(LoadMessage):
    """More blocks, to add at the end."""

    def __init__(self, token: int, blocks: list[Block]) -> None:
        super().__init__(token)
        self.blocks: list[Block] = blocks


class LoadFinished(LoadMessage):
    """Everything arrived; `notice` says why it came from elsewhere (the offline copy)."""

    def __init__(self, token: int, notice: str = "") -> None:
        super().__init__(token)
        self.notice = notice


class LoadFailed(LoadMessage):
    """The load stopped: before anything showed, or part way."""

    def __init__(self, token: int, error: ReaderError) -> None:
        super().__init__(token)
        self.error = error


# the reading screen to the app


class ArticleLoaded(Message):
    """An article finished loading, or stopped part way (`partial`): the library records a
    whole one."""

    def __init__(self, article: Article, source: str, reading: Reading | None, partial: bool) -> None:
        super().__init__()
        self.article = article
        self.source = source
        self.reading = reading
        self.partial = partial


class PositionChanged(Message):
    """The reader moved in a whole article: where to resume it next time (as the library
    stores it: the title above the first block is block 0)."""

    def __init__(self, reading: Reading, position: Position, percent: int) -> None:
        super().__init__()
        self.reading = reading
        self.position = position
        self.percent = percent


class ToggleBookmark(Message):
    """`b`: save the article, or remove it from the saved posts."""

    def __init__(self, reading: Reading) -> None:
        super().__init__()
        self.reading = reading


class ChangeHighlights(Message):
    """Add, note or delete highlights of the article: `change` runs on the library's thread;
    `done` is the notice once it has (`HighlightsChanged` follows)."""

    def __init__(self, reading: Reading, change: Callable[[Library], object], done: str = "") -> None:
        super().__init__()
        self.reading = reading
        self.change = change
        self.done = done


class ShowLibrary(Message):
    """`L`: the library screen."""


class SaveSettings(Message):
    """Change settings (`width`, `theme`: the names of `Config`) and save them."""

    def __init__(self, changes: dict[str, Any]) -> None:
        super().__init__()
        self.changes = changes


class OpenInBrowser(Message):
    """Hand an address to the system browser (or the clipboard, when there is none)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url


# the app to the screens


class ThemeChanged(Message, bubble=False):
    """The theme changed: the article's styles to lay it out again with."""

    def __init__(self, spec: ThemeSpec) -> None:
        super().__init__()
        self.spec = spec


class Recorded(Message, bubble=False):
    """The library recorded an article that was opened: where the reader stopped in it last
    time, and whether it is saved (on its `Reading`)."""

    def __init__(self, reading: Reading, position: Position) -> None:
        super().__init__()
        self.reading = reading
        self.position = position


class HighlightsChanged(Message, bubble=False):
    """The article's highlights as the library has them now (on its `Reading`)."""

    def __init__(self, reading: Reading) -> None:
        super().__init__()
        self.reading = reading


class BookmarkChanged(Message, bubble=False):
    """The library said whether this article is saved now (on its `Reading`); `toggled`:
    because the reader pressed `b` (a newly saved post then keeps its pictures)."""

    def __init__(self, reading: Reading, *, toggled: bool = False) -> None:
        super().__init__()
        self.reading = reading
        self.toggled = toggled
