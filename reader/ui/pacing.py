"""A key's frame before the next part of an arriving article.

The loader hands over a part once the screen has drawn the last (`Loader.take`), but a key
pressed meanwhile sits in the queue before it: the key scrolls, then the part is taken in
(tens of milliseconds on a busy machine), and only then is the scroll drawn. A part that
finds the view moved since the last frame waits for the next one (the loader hands over
nothing more until it is taken in, so the parts keep their order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reader.ui.messages import BlocksArrived, LoadMessage

if TYPE_CHECKING:
    from textual.screen import Screen


class InputFirst:
    """Passes the loader's messages on to `receive`, a part after the frame of a move."""

    def __init__(self, screen: Screen[Any], top: Callable[[], int], receive: Callable[[LoadMessage], None]) -> None:
        self._screen = screen
        self._top = top
        """The view's top line."""
        self._receive = receive
        self._drawn_top: int | None = None
        """The top line when the last frame after a part was drawn (None: none yet)."""

    def receive(self, message: LoadMessage) -> None:
        if not isinstance(message, BlocksArrived):
            self._receive(message)
            return
        moved = self._drawn_top is not None and self._top() != self._drawn_top
        self._screen.call_after_refresh(self._drawn)
        if moved:
            self._screen.call_after_refresh(self._receive, message)
        else:
            self._receive(message)

    def _drawn(self) -> None:
        self._drawn_top = self._top()
