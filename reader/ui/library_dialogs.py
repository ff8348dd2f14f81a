"""The library screen's questions: whether to remove a post (or a highlight), what its tags
are, and what a highlight's note says."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; y or Enter says yes, n or Esc says no."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    ConfirmScreen Label { width: 100%; }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmScreen Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self._question))
            yield Label(Text("y removes it; n or Esc keeps it.", style="dim"))
            with Horizontal():
                yield Button("Remove", variant="error", id="yes")
                yield Button("Cancel", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class LineScreen(ModalScreen[str | None]):
    """Edit one line of text; Enter keeps it, Esc leaves it as it was."""

    DEFAULT_CSS = """
    LineScreen { align: center middle; }
    LineScreen > Vertical {
        width: 72; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 1 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, label: Text, value: str, input_id: str, placeholder: str = "") -> None:
        super().__init__()
        self._label = label
        self._value = value
        self._input_id = input_id
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._label)
            yield Input(self._value, id=self._input_id, placeholder=self._placeholder)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagsScreen(LineScreen):
    """A post's tags as one comma-separated line."""

    def __init__(self, title: str, tags: tuple[str, ...]) -> None:
        super().__init__(Text.assemble("Tags for ", (title, "bold"), " (comma-separated)"), ", ".join(tags), "tags")


class NoteScreen(LineScreen):
    """A highlight's note, under the passage it is about."""

    def __init__(self, quote: str, note: str) -> None:
        shown = " ".join(quote.split())
        shown = shown if len(shown) <= 200 else shown[:199] + "…"
        label = Text.assemble(("“" + shown + "”", "italic"), "\n\nYour note (Enter keeps it, Esc leaves it):")
        super().__init__(label, note, "note", placeholder="A note about this passage")
