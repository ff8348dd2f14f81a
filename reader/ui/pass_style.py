"""A widget's own style, worked out once per drawing pass instead of once per line.

Textual's `rich_style` walks the widget and every one of its ancestors, adding up their
backgrounds, colours and text styles, each time it is asked; a widget that draws line by line
(`render_line`) asks it for every line, so a 40-line pane worked it out 40 times a frame (a
tenth of the CPU of the app's first frame, with the contents pane beside the article). Nothing
changes a style while a pass draws, so the first answer of the pass serves the whole pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.style import Style
    from textual.geometry import Region
    from textual.strip import Strip
    from textual.widget import Widget

    _Widget = Widget
else:
    _Widget = object  # a mixin: a second Widget base would reset the widget's `can_focus`


class StyleOncePerPass(_Widget):
    """Mixed in before the widget class: `class Pane(StyleOncePerPass, ScrollView)`."""

    _pass_style: Style | None = None

    @property
    def rich_style(self) -> Style:
        style = self._pass_style
        return super().rich_style if style is None else style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pass_style = super().rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None
