"""The footer: the main keys, as many as fit whole, the least needed left out first.

Textual's footer lays its keys out in a row and cuts the row at the screen's edge, mid-key
("# Ta"). This one closes up its spacing on narrow terminals, drops the command palette's
key below `PALETTE_FROM` columns, and shows only the keys that fit whole, leaving out those
last in `FOOTER_PRIORITY` (keys it does not name go after those it names, in their order).

It is one widget that draws one line, where Textual's footer mounts a widget per key and
composes them all again whenever the screen says its bindings may have changed. Its first
composition came right after a long article's first frame: 49 ms, and 43 ms more for the
layout it caused, which the first key pressed then waited for. Drawing this line takes well
under a millisecond and changes no layout. Clicks and tooltips go by the cells each key
takes in the line. Binding groups are not drawn as groups: the reader has none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from reader.chars import cell_len
from reader.ui.keys import FOOTER_PRIORITY

COMPACT_BELOW = 100
"""Below this width the footer closes up its spacing."""
PALETTE_FROM = 70
"""From this width on, the command palette's key shows at the right."""
PALETTE_EDGE = "▏"
"""The line between the keys and the command palette's key (Textual's `vkey` border)."""


@dataclass(frozen=True)
class FooterKey:
    """One key the footer offers, as the screen's active bindings give it."""

    key: str
    """The key's name, as pressing it is simulated ("question_mark")."""
    shown: str
    """The key as the footer shows it ("?")."""
    description: str
    action: str
    enabled: bool
    tooltip: str


@dataclass(frozen=True)
class _Span:
    """Where a key is drawn in the line, in cells: what a click there presses."""

    start: int
    end: int
    key: FooterKey
    palette: bool = False
    """The command palette's key, at the right, with its edge."""


class KeysFooter(Widget, can_focus=False):
    """A footer that never cuts a key in two."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keys-footer--key",
        "keys-footer--description",
        "keys-footer--edge",
        "keys-footer--hover",
    }
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-footer--edge {
            color: $foreground 20%;
        }
        & > .keys-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ready = False
        """The screen has said its bindings once: before, they may not be its own yet."""
        self._spans: list[_Span] = []
        """The keys drawn last, where they are."""
        self._mouse_x: int | None = None
        """Where the mouse is over the line, if it is."""
        self._hovered: FooterKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self._ready = True
        self.refresh()

    @property
    def compact(self) -> bool:
        """Spacing closed up, on a narrow line (from its width, so the first frame has it right)."""
        return self.size.width < COMPACT_BELOW

    @property
    def show_command_palette(self) -> bool:
        """The command palette's key at the right, on a line wide enough."""
        return self.size.width >= PALETTE_FROM

    # what it offers
    def keys(self) -> list[FooterKey]:
        """Every key the footer would offer now, in the screen's order; the command palette's last."""
        if not self._ready or not self.is_attached:
            return []
        app = self.app
        offered: dict[str, FooterKey] = {}
        palette: FooterKey | None = None
        for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items():
            shown = FooterKey(key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip)
            if key == app.COMMAND_PALETTE_BINDING:
                palette = replace(shown, tooltip=binding.tooltip or binding.description)
            elif binding.show:
                offered.setdefault(binding.action, shown)  # one key per action, as Textual's footer
        if palette is not None and self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            return [*offered.values(), palette]
        return list(offered.values())

    def shown(self) -> list[FooterKey]:
        """The keys drawn last (those that fit)."""
        return [span.key for span in self._spans]

    # drawing
    def render(self) -> Text:
        self._spans = self._place(self.keys())
        under = self.key_at(self._mouse_x)
        if under != self._hovered:  # the keys moved under the mouse
            self.call_later(self._hover, under)
        line = Text(no_wrap=True, overflow="crop", end="")
        for span in self._spans:
            line.append(" " * (span.start - line.cell_len))
            piece = self._palette_text(span.key) if span.palette else self._key_text(span.key, compact=self.compact)
            if span.key == under:
                piece.stylize(Style(bgcolor=self.get_component_rich_style("keys-footer--hover").bgcolor))
            line.append_text(piece)
        return line

    def _place(self, keys: list[FooterKey]) -> list[_Span]:
        """Where each key that fits goes: in a row from the left, the command palette's at the
        right. The last key's margin may touch the palette's edge, as in Textual's footer."""
        palette = keys.pop() if keys and keys[-1].key == self.app.COMMAND_PALETTE_BINDING else None
        width, compact = self.size.width, self.compact
        palette_cells = self._palette_cells(palette) if palette is not None else 0
        if palette_cells > width:
            palette, palette_cells = None, 0
        room = width - palette_cells + (1 if compact and palette_cells else 0)
        kept = set(fitting(keys, room, self._cells))
        spans, x = [], 0
        for key in keys:
            if key in kept:
                cells = self._cells(key)
                spans.append(_Span(x, x + cells - (1 if compact else 0), key))  # compact: a margin after it
                x += cells
        if palette is not None:
            spans.append(_Span(width - palette_cells, width, palette, palette=True))
        return spans

    def _key_text(self, key: FooterKey, *, compact: bool) -> Text:
        """A key, then what it does, spaced as Textual's footer spaces them."""
        key_style = self.get_component_rich_style("keys-footer--key")
        description_style = self.get_component_rich_style("keys-footer--description")
        if compact:
            shown, description = key.shown, f" {key.description}"
        else:
            shown, description = f" {key.shown} ", f"{key.description} "
        text = Text.assemble((shown, key_style), (description if key.description else "", description_style))
        if not key.enabled:
            text.stylize(Style(dim=True))
        return text

    def _palette_text(self, key: FooterKey) -> Text:
        """The command palette's key: its edge, the key as in a compact footer, a cell after."""
        text = Text(PALETTE_EDGE, self.get_component_rich_style("keys-footer--edge"), end="")
        text.append_text(self._key_text(key, compact=True))
        text.append(" ")
        return text

    def _cells(self, key: FooterKey) -> int:
        """Cells a key takes in the line, with the space after it."""
        text = cell_len(key.shown) + (1 + cell_len(key.description) if key.description else 0)
        return text + (1 if self.compact else 2)

    def _palette_cells(self, key: FooterKey) -> int:
        return 1 + cell_len(key.shown) + 1 + cell_len(key.description) + 1

    # the mouse
    def key_at(self, x: int | None) -> FooterKey | None:
        """The key drawn at cell `x` of the line, if any: what a click there presses."""
        return next((span.key for span in self._spans if x is not None and span.start <= x < span.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._mouse_x = event.x
        self._hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._mouse_x = None
        self._hover(None)

    def _hover(self, key: FooterKey | None) -> None:
        """Highlight the key under the mouse, with its tooltip and a hand for a pointer."""
        if key == self._hovered:
            return
        self._hovered = key
        self.tooltip = (key.tooltip or None) if key is not None else None
        self.styles.pointer = "pointer" if key is not None else "default"
        self.refresh()
        if key is not None:
            # Textual shows a tooltip once the mouse enters a widget, and hides it as the mouse
            # moves inside: a key next to the last shows its own after the same delay.
            self.set_timer(self.app.TOOLTIP_DELAY, partial(self._show_tooltip, key))

    def _show_tooltip(self, key: FooterKey) -> None:
        if key == self._hovered and self.is_attached:
            self.screen._handle_tooltip_timer(self)  # private in Textual: what its own timer calls

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


def fitting(keys: Sequence[FooterKey], room: int, cells: Callable[[FooterKey], int]) -> list[FooterKey]:
    """The keys to show in `room` cells: all when they fit, else without the least needed."""

    def rank(key: FooterKey) -> tuple[int, int]:
        known = key.action in FOOTER_PRIORITY
        return (FOOTER_PRIORITY.index(key.action) if known else len(FOOTER_PRIORITY), keys.index(key))

    kept = sorted(keys, key=rank)
    while kept and sum(cells(key) for key in kept) > room:
        kept.pop()
    return kept
