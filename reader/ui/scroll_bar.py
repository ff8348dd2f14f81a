"""A long text's scroll bar, drawn again only when its thumb moves.

Textual draws a widget's scroll bar again whenever its virtual height or its scroll offset
changes. While a long article arrives its height grows at every part, and each `j` moves the
offset: the bar was drawn again each time, the largest cost of the frame (3-5 ms of the UI
thread's time, a frame after every part), while the thumb of a bar 40 cells high over 50,000
lines stayed the same cell. Here the bar takes the new height or offset without being drawn
again when its drawing (Textual's own, `ScrollBarRender.render_bar`) would be the same.
"""

from __future__ import annotations

from math import ceil

from textual.geometry import Size
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widget import Widget


def _drawing(bar: ScrollBar, virtual_height: int, position: float) -> list[object]:
    """The cells of a vertical bar (as `ScrollBar._render_bar` would ask for them)."""
    window = bar.window_size if bar.window_size < virtual_height else 0
    drawn = ScrollBarRender.render_bar(
        size=bar.size.height, virtual_size=ceil(virtual_height), window_size=ceil(window), position=position
    )
    return list(drawn.segments)


def _steady(widget: Widget) -> ScrollBar | None:
    """The widget's vertical bar when it shows and its window is the widget's height (else
    Textual's own update is needed: the bar appears, goes, or its pane changed size)."""
    if not widget.show_vertical_scrollbar:
        return None
    bar = widget.vertical_scrollbar
    window = widget.container_size.height - widget.scrollbar_size_horizontal
    return bar if bar.size.height and bar.window_size == window else None


def grow(widget: Widget, virtual_size: Size) -> None:
    """`Widget._scroll_update` for a widget whose virtual height changed, taller than its pane
    before and after (its virtual size set already, without a layout)."""
    bar = _steady(widget)
    height = virtual_size.height
    if (
        bar is not None
        and height >= bar.window_virtual_size  # grown: the offset needs no clamping
        and _drawing(bar, height, bar.position) == _drawing(bar, bar.window_virtual_size, bar.position)
    ):
        bar.set_reactive(ScrollBar.window_virtual_size, height)
    else:
        widget._scroll_update(virtual_size)


def move(widget: Widget, offset: float) -> None:
    """Give the bar the widget's new scroll offset, without drawing it if its thumb stays (call
    before `Widget.watch_scroll_y`, which then finds the bar's position set)."""
    bar = _steady(widget)
    if bar is not None and _drawing(bar, bar.window_virtual_size, offset) == _drawing(
        bar, bar.window_virtual_size, bar.position
    ):
        bar.set_reactive(ScrollBar.position, offset)
