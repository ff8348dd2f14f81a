"""The footer: the main keys, as many as fit whole, the least needed left out first.

Textual's footer lays its keys out in a row and cuts the row at the screen's edge, mid-key
("# Ta"). This one closes up its spacing on narrow terminals, drops the command palette's
key below `PALETTE_FROM` columns, and shows only the keys that fit whole, leaving out those
last in `FOOTER_PRIORITY` (keys it does not name go after those it names, in their order).

Textual's footer also composes itself again each time the screen says its bindings may have
changed: five times as a reading screen opens (focus, resume, focus styles), each time
mounting a widget per key. On a busy machine that was the UI thread's main work in the
second after the first screen (a key pressed then, `G`, waited 0.2-0.8 s for it). This one
composes again once per refresh at most, and only when the keys it would show changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reader.chars import cell_len
from reader.ui.keys import FOOTER_PRIORITY

COMPACT_BELOW = 100
"""Below this width the footer closes up its spacing."""
PALETTE_FROM = 70
"""From this width on, the command palette's key shows at the right."""


class KeysFooter(Footer):
    """A footer that never cuts a key in two. Keys that do not fit are hidden rather than
    left out of the composition, so a resize changes no widgets (a new composition costs a
    frame on a busy machine, and resizes come many at a time)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._width = 0
        self._composed: Hashable = None
        """What the keys shown were composed from (`_keys_shown`)."""
        self._recompose_due = False

    def on_resize(self, event: events.Resize) -> None:
        self._width = event.size.width
        self.compact = self._width < COMPACT_BELOW
        palette = self._width >= PALETTE_FROM
        if palette != self.show_command_palette:
            self.show_command_palette = palette
            self.refresh(recompose=True)
            return
        self._fit(list(self.query(FooterKey)))

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Compose again after the next refresh, once however often asked, if the keys changed."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen or self._recompose_due:
            return
        self._recompose_due = True
        self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_due = False
        if self.is_attached and self._keys_shown() != self._composed:
            await self.recompose()

    def _keys_shown(self) -> Hashable:
        """The bindings the footer would show now, as Textual's footer composes them."""
        return (
            self.show_command_palette,
            tuple(
                (key, binding.action, binding.description, binding.group, enabled, tooltip)
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == self.app.COMMAND_PALETTE_BINDING
            ),
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed = self._keys_shown()
        widgets = list(super().compose())
        self._fit([widget for widget in widgets if isinstance(widget, FooterKey)])
        yield from widgets

    def _fit(self, keys: list[FooterKey]) -> None:
        """Show the keys that fit whole, hide the others."""
        width = self._width or self.app.size.width
        palette = [key for key in keys if key.has_class("-command-palette")]
        rest = [key for key in keys if key not in palette]
        shown = set(fitting(rest, width - sum(self._cells(key) for key in palette), self._cells))
        for key in rest:
            key.display = key in shown

    def _cells(self, key: FooterKey) -> int:
        """Cells a key takes in the row, as Textual's footer styles lay it out."""
        text = cell_len(key.key_display) + 1 + cell_len(key.description)
        return text + (1 if self.compact else 2)  # compact: a margin (the palette's: a border); else padding


def fitting(keys: list[FooterKey], room: int, cells: Callable[[FooterKey], int]) -> list[FooterKey]:
    """The keys to show in `room` cells: all when they fit, else without the least needed."""

    def rank(key: FooterKey) -> tuple[int, int]:
        known = key.action in FOOTER_PRIORITY
        return (FOOTER_PRIORITY.index(key.action) if known else len(FOOTER_PRIORITY), keys.index(key))

    kept = sorted(keys, key=rank)
    while kept and sum(cells(key) for key in kept) > room:
        kept.pop()
    return kept
