"""The search bar above the footer (the loading bar is in `loading_bar`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class SearchBox(Input):
    """The search box, which hands the keys typed right behind Enter to the text.

    Keys the terminal sends together (`/zealand`, Enter and `n`, typed fast or pasted) are on
    their way to the box before Enter has taken the focus back to the text: `n` went into the
    box, and searched for "zealandn". Behind Enter they wait here until the search has gone
    back to the text (`handed_over`); one still on its way once it has goes after them.
    """

    _behind_enter: list[events.Key] | None = None
    """Keys that came behind Enter, while the search goes back to the text."""

    async def _on_key(self, event: events.Key) -> None:
        if self._behind_enter is not None or not self.has_focus:
            event.stop()
            event.prevent_default()
            if self._behind_enter is not None:
                self._behind_enter.append(event)
            else:
                self._send_on(event)
        elif event.key == "enter":
            event.stop()
            event.prevent_default()
            self._behind_enter = []
            await self.action_submit()
        else:
            await super()._on_key(event)

    def _on_focus(self, event: events.Focus) -> None:
        self._behind_enter = None  # searching again: what it types is the box's
        super()._on_focus(event)

    def handed_over(self) -> None:
        """The search is back in the text: the keys that came behind Enter go there, in order."""
        keys, self._behind_enter = self._behind_enter or [], None
        for key in keys:
            self._send_on(key)

    def _send_on(self, key: events.Key) -> None:
        """`key` again, from the top, as the terminal's keys come: to whatever has the focus now."""
        again = events.Key(key.key, key.character)
        again.set_sender(self.app)
        self.app.post_message(again)


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
        yield SearchBox(placeholder="search", id="search-input")
        yield Static("", id="search-count")

    @property
    def input(self) -> SearchBox:
        return self.query_one(SearchBox)

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
