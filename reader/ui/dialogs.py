"""The screens shown over the reading screen: help, the link list, errors and "open"."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.chars import strip_controls
from reader.errors import ReaderError, UnsupportedContent
from reader.model import Image, Link
from reader.ui import messages

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > Vertical {{
    width: 90%;
    max-width: 100;
    height: auto;
    max-height: 90%;
    border: round $primary;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog-title {{
    text-style: bold;
    color: $primary;
    padding: 0 0 1 0;
}}
{name} .dialog-hint {{
    color: $text-muted;
    padding: 1 0 0 0;
}}
"""


class HelpScreen(ModalScreen[None]):
    """Every key, generated from the bindings so it cannot fall out of date."""

    DEFAULT_CSS = DIALOG_CSS.format(name="HelpScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", show=False),
        # The list is taller than a small terminal: it scrolls with the keys it teaches.
        Binding("j", "move('scroll_down')", show=False),
        Binding("k", "move('scroll_up')", show=False),
        Binding("space", "move('page_down')", show=False),
        Binding("shift+space", "move('page_up')", show=False),
        Binding("g", "move('scroll_home')", show=False),
        Binding("G", "move('scroll_end')", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def action_move(self, how: str) -> None:
        scroll = self.query_one(VerticalScroll)
        moves = {
            "scroll_down": scroll.action_scroll_down,
            "scroll_up": scroll.action_scroll_up,
            "page_down": scroll.action_page_down,
            "page_up": scroll.action_page_up,
            "scroll_home": scroll.action_scroll_home,
            "scroll_end": scroll.action_scroll_end,
        }
        moves[how]()

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, description in self.rows:
            table.add_row(Text(keys), Text(description))
        with Vertical():
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(table, id="help-keys")
            yield Static("Esc closes this screen.", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


class LinksScreen(ModalScreen[int | None]):
    """The article's links, numbered, then its pictures; choosing one returns its index in
    that list (links first). Typing an entry's number moves to it, so digits and Enter choose."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="LinksScreen")
        + """
    LinksScreen OptionList {
        height: auto; max-height: 30; border: none; background: $surface;
        text-wrap: nowrap; text-overflow: ellipsis;  /* one line an entry: a Text's no_wrap is not heeded */
    }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f", "close", "Close", show=False)]
    HINT = "Enter follows the link or opens the picture; type a number to go to it; Esc closes."

    def __init__(self, links: list[Link], images: Sequence[Image] = ()) -> None:
        super().__init__()
        self.links = links
        self.images = list(images)
        self.typed = ""
        """The number typed so far."""

    def compose(self) -> ComposeResult:
        entries = [(link.text, link.href) for link in self.links]
        entries += [(f"[picture] {image.alt}".rstrip(), image.src) for image in self.images]
        width = len(str(len(entries)))
        options = []
        for number, (text, href) in enumerate(entries, start=1):
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(f"{number:>{width}}  ", style="bold")
            label.append(text or href)
            if text and text != href:
                label.append(" \N{EN SPACE}→ " + href, style="dim")
            options.append(Option(label, id=str(number - 1)))
        title = f"Links ({len(self.links)})"
        if self.images:
            title += f" and pictures ({len(self.images)})"
        with Vertical():
            yield Static(title, classes="dialog-title")
            yield OptionList(*options, id="links")
            yield Static(self.HINT, classes="dialog-hint", id="links-hint")

    def on_key(self, event: events.Key) -> None:
        """Digits pick the entry with that number (Enter then follows it); Backspace takes the
        last digit back."""
        options = self.query_one(OptionList)
        if event.character is not None and event.character.isdecimal():
            typed = self.typed + event.character
            if not 1 <= int(typed) <= options.option_count:
                typed = event.character if 1 <= int(event.character) <= options.option_count else ""
        elif event.key == "backspace" and self.typed:
            typed = self.typed[:-1]
        else:
            return
        event.stop()
        event.prevent_default()
        self.typed = typed
        hint = self.HINT
        if typed:
            options.highlighted = int(typed) - 1
            hint = f"Number {typed}: Enter follows it."
        self.query_one("#links-hint", Static).update(Text(hint))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_close(self) -> None:
        self.dismiss(None)


class ErrorScreen(ModalScreen[str | None]):
    """Why a source could not be opened, and what the reader can do next.

    Dismissed with "open" (open another), "browser" (hand it to the system browser), "back",
    "quit", or None (close).
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ErrorScreen")
        + """
    ErrorScreen > Vertical { border: round $error; }
    ErrorScreen .dialog-title { color: $error; }
    ErrorScreen Horizontal { height: auto; padding: 1 0 0 0; }
    ErrorScreen Button { margin: 0 1 0 0; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('close')", "Close", show=False),
        Binding("q", "choose('quit')", "Quit", show=False),
        Binding("o", "choose('browser')", "Open in browser", show=False),
        Binding("backspace", "choose('back')", "Back", show=False),
        Binding("ctrl+o", "choose('open')", "Open another", show=False),
    ]

    def __init__(self, source: str, reason: str, *, can_go_back: bool, browser_url: str | None = None) -> None:
        super().__init__()
        self.source = source
        self.reason = reason
        self.can_go_back = can_go_back
        self.browser_url = browser_url

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Could not open this"), classes="dialog-title")
            # A source or a reason may carry a hostile link's target: text, without controls.
            yield Static(Text(strip_controls(self.source)), id="error-source")
            # The line above names the source: not again at the reason's start.
            yield Static(Text(strip_controls(self.reason.removeprefix(f"{self.source}: "))), id="error-reason")
            with Horizontal():
                if self.browser_url:
                    yield Button("Open in browser (o)", id="browser", variant="primary")
                if self.can_go_back:
                    yield Button("Back (Backspace)", id="back")
                yield Button("Open another… (ctrl+o)", id="open")
                yield Button("Close (Esc)", id="close")
                yield Button("Quit (q)", id="quit", variant="error")

    def on_mount(self) -> None:
        """Enter does the likeliest next step, not the first button's: the browser, when the
        source is one for it, else back to where the reader was, else closing the dialog (it
        opened another source's dialog after a failed link)."""
        first = "browser" if self.browser_url else "back" if self.can_go_back else "close"
        self.set_focus(self.query_one(f"#{first}", Button))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(event.button.id or "close")

    def action_choose(self, choice: str) -> None:
        if (choice == "browser" and not self.browser_url) or (choice == "back" and not self.can_go_back):
            return
        self.dismiss(None if choice == "close" else choice)


class OpenScreen(ModalScreen[str | None]):
    """Ask for a path or URL to open."""

    DEFAULT_CSS = DIALOG_CSS.format(name="OpenScreen")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Open a file or a web address", classes="dialog-title")
            yield Input(placeholder="path/to/article.md or https://…", id="open-source")
            yield Static("Enter opens; Esc closes.", classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_close(self) -> None:
        self.dismiss(None)


def offer_choices(
    screen: Screen[Any],
    source: str,
    error: ReaderError,
    actions: Mapping[str, Callable[[], object]],
    *,
    can_go_back: bool,
) -> None:
    """Nothing of an article could be shown: say why, and offer where to go instead (the
    `actions` by name: open, back, quit; or the system browser, for content it can show)."""
    browser = error.url if isinstance(error, UnsupportedContent) else None

    def choose(choice: str | None) -> None:
        if choice == "browser" and browser:
            screen.post_message(messages.OpenInBrowser(browser))
        elif choice is not None and choice in actions:
            actions[choice]()

    screen.app.push_screen(ErrorScreen(source, str(error), can_go_back=can_go_back, browser_url=browser), choose)
