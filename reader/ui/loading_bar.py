"""The loading bar above the footer: what is loading, and how far it has got.

A module of its own so that Textual's ProgressBar loads only when a load takes long enough
to show one (`LOADING_BAR_DELAY`), never for the first frame of a local article.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


class LoadingBar(Horizontal):
    """What is loading, a progress bar of bytes (indeterminate when the size is unknown)."""

    DEFAULT_CSS = """
    LoadingBar {
        height: 1;
        display: none;
        background: $panel;
        padding: 0 1;
    }
    LoadingBar.-loading { display: block; }
    LoadingBar > #loading-label { width: 1fr; }
    LoadingBar > ProgressBar { width: auto; }
    LoadingBar > #loading-hint { width: auto; color: $text-muted; padding: 0 0 0 1; }
    """

    _source = ""
    _received = 0
    _total: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="loading-label")
        yield ProgressBar(total=None, show_eta=False, id="loading-progress")
        yield Static("Esc cancels", id="loading-hint")

    def on_mount(self) -> None:
        self._show()

    @property
    def is_loading(self) -> bool:
        return self.has_class("-loading")

    def start(self, source: str) -> None:
        self._source, self._received, self._total = source, 0, None
        self.add_class("-loading")
        self._show()

    def report(self, received: int, total: int | None) -> None:
        self._received, self._total = received, total
        self._show()

    def stop(self) -> None:
        self.remove_class("-loading")

    def _show(self) -> None:
        """Draw what loads, in the parts there are. The bar may be told before its parts are
        mounted (it is mounted when a load has taken a while, and a second load or the app's
        end may come while that mount is under way; asking for a part then raised `NoMatches`,
        a traceback): `on_mount` draws it once they are."""
        label = f"Loading {self._source}"
        if self._received:
            label += f" ({_size(self._received)}{' of ' + _size(self._total) if self._total else ''})"
        for part in self.query("#loading-label").results(Static):
            part.update(Text(label, no_wrap=True, overflow="ellipsis"))
        total = self._total or None
        for bar in self.query(ProgressBar):
            bar.update(total=total, progress=min(self._received, total) if total else 0)
