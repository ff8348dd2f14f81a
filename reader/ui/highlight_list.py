"""`m`: the highlights of the article being read, in reading order, with their notes.

Enter brings the chosen one into view; `n` edits its note and `d` deletes it (after asking),
both through the app's one write path (`messages.ChangeHighlights`); the list follows the
library's answer (`messages.HighlightsChanged`). Quotes and notes are shown as `Text`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.library.anchors import Placement
from reader.library.entry import Highlight
from reader.ui import messages
from reader.ui.bookkeeper import Reading
from reader.ui.library_dialogs import ConfirmScreen, NoteScreen


def _option(highlight: Highlight) -> Option:
    text = Text(" ".join(highlight.anchor.quote.text.split()), no_wrap=False)
    if highlight.placement is Placement.LOST:
        text.append("  (no longer found in the article)", style="bold red")
    elif highlight.placement is Placement.MOVED:
        text.append("  (moved)", style="italic")
    if highlight.note:
        text.append("\n✎ " + " ".join(highlight.note.split()), style="italic")
    return Option(text, id=str(highlight.id))


class HighlightListScreen(ModalScreen[Highlight | None]):
    """The article's highlights; Enter goes to one, `n` notes it, `d` deletes it, Esc closes."""

    DEFAULT_CSS = """
    HighlightListScreen { align: center middle; }
    HighlightListScreen > Vertical {
        width: 90%; max-width: 100; height: 80%; border: thick $accent; background: $surface; padding: 0 1;
    }
    HighlightListScreen OptionList { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,m", "close", "Close"),
        Binding("n", "note", "Note"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(self, reading: Reading) -> None:
        super().__init__()
        self.reading = reading

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Highlights: Enter goes there · n edits the note · d deletes · Esc closes", style="dim"))
            yield OptionList(*map(_option, self.reading.highlights), id="highlights")

    @property
    def options(self) -> OptionList:
        return self.query_one("#highlights", OptionList)

    @property
    def current(self) -> Highlight | None:
        index = self.options.highlighted
        highlights = self.reading.highlights
        return highlights[index] if index is not None and 0 <= index < len(highlights) else None

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.dismiss(self.current)

    @on(messages.HighlightsChanged)
    def _changed(self, event: messages.HighlightsChanged) -> None:
        if event.reading is not self.reading:
            return
        index = self.options.highlighted or 0
        self.options.clear_options()
        self.options.add_options(map(_option, self.reading.highlights))
        if self.reading.highlights:
            self.options.highlighted = min(index, len(self.reading.highlights) - 1)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_note(self) -> None:
        highlight = self.current
        if highlight is None:
            return

        def noted(note: str | None) -> None:
            if note is not None:
                change = lambda library: library.highlights.set_note(highlight.id, note)  # noqa: E731
                self.post_message(messages.ChangeHighlights(self.reading, change, "Note saved"))

        self.app.push_screen(NoteScreen(highlight.anchor.quote.text, highlight.note), noted)

    def action_delete(self) -> None:
        highlight = self.current
        if highlight is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                change = lambda library: library.highlights.remove(highlight.id)  # noqa: E731
                self.post_message(messages.ChangeHighlights(self.reading, change, "Highlight deleted"))

        quote = " ".join(highlight.anchor.quote.text.split())
        self.app.push_screen(ConfirmScreen(f"Delete the highlight “{quote[:80]}”?"), answered)
