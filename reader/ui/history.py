"""Back and forward through what the reader opened and where it was in each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.model import HEADER, Position

if TYPE_CHECKING:
    from reader.source.fetch import Fetched
    from reader.ui.bookkeeper import Reading


@dataclass(eq=False, slots=True)
class Place:
    """An article and a reading position in it."""

    source: str
    base_url: str | None = None
    position: Position = field(default_factory=lambda: Position(HEADER, 0))
    fetched: Fetched | None = None
    """Bytes that cannot be read again (stdin)."""
    reading: Reading | None = None
    """The article with its tie to the library, when it was whole: going back needs no new load."""


@dataclass(eq=False, slots=True)
class History:
    """Places to go back and forward to, as links are followed within and between articles."""

    back: list[Place]
    forward: list[Place]

    def __init__(self) -> None:
        self.back = []
        self.forward = []

    def push(self, place: Place) -> None:
        """Leaving `place` for somewhere new: it goes on the back stack; forward is dropped."""
        self.back.append(place)
        self.forward.clear()

    def go_back(self, current: Place | None) -> Place | None:
        if not self.back:
            return None
        if current is not None:
            self.forward.append(current)
        return self.back.pop()

    def go_forward(self, current: Place | None) -> Place | None:
        if not self.forward:
            return None
        if current is not None:
            self.back.append(current)
        return self.forward.pop()
