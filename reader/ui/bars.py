"""The search bar above the footer (the loading bar is in `loading_bar`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class SearchBar(Horizontal):
    """`/` opens it: typing searches as you go, Enter returns to the text, Esc closes."""

    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        display: none;
        background: $panel;
    }
    SearchBar.-open { display: block; }
    SearchBar > #search-prompt { width: 2; padding: 0 0 0 1; color: $primary; text-style: bold; }
    SearchBar > Input { width: 1fr; height: 1; border: none; padding: 0; background: $panel; }
    SearchBar > Input:focus { border: none; background: $panel; }
    SearchBar > #search-count { width: auto; min-width: 12; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close search", show=False)]

    class Changed(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Submitted(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query
            """What was being searched for: `n` searches for it again."""

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt")
        yield Input(placeholder="search", id="search-input")
        yield Static("", id="search-count")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, *, focus: bool = True) -> None:
        self.add_class("-open")
        if focus:
            # At once, not after the messages already queued (as `focus()` would): the keys
            # typed right behind `/` are among them.
            self.screen.set_focus(self.input)

    def action_close(self) -> None:
        query = self.input.value
        self.remove_class("-open")
        self.input.value = ""
        self.set_count(None)
        self.post_message(self.Closed(query))

    def set_count(self, count: int | None, current: int = -1, *, searching: bool = False) -> None:
        """`searching`: a long article is still being searched (the count will grow)."""
        label = self.query_one("#search-count", Static)
        more = "…" if searching else ""
        if count is None:
            label.update("")
        elif count == 0:
            label.update(Text(f"searching{more}") if searching else Text("no matches", style="bold"))
        elif current >= 0:
            label.update(Text(f"{current + 1}/{count}{more} matches"))
        else:
            label.update(Text(f"{count}{more} {'match' if count == 1 else 'matches'}"))

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))
