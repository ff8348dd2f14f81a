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

    def compose(self) -> ComposeResult:
        yield Static("", id="loading-label")
        yield ProgressBar(total=None, show_eta=False, id="loading-progress")
        yield Static("Esc cancels", id="loading-hint")

    @property
    def is_loading(self) -> bool:
        return self.has_class("-loading")

    def start(self, source: str) -> None:
        self._source = source
        self.query_one("#loading-label", Static).update(Text(f"Loading {source}", no_wrap=True, overflow="ellipsis"))
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.add_class("-loading")

    def report(self, received: int, total: int | None) -> None:
        bar = self.query_one(ProgressBar)
        if total:
            bar.update(total=total, progress=min(received, total))
        label = f"Loading {self._source} ({_size(received)}{' of ' + _size(total) if total else ''})"
        self.query_one("#loading-label", Static).update(Text(label, no_wrap=True, overflow="ellipsis"))

    def stop(self) -> None:
        self.remove_class("-loading")
