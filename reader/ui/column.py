"""The text column's width: `+` and `-` change it, never past what the pane shows (or `-`
would seem to do nothing for a few presses), and say where it is."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from reader.config import MIN_WIDTH, clamp_width
from reader.ui import messages
from reader.ui.article_view import ArticleView
from reader.ui.notices import notify_replacing


def set_column(screen: Screen[Any], view: ArticleView, width: int) -> None:
    widest = view.widest_column()
    width = max(min(clamp_width(width), widest), MIN_WIDTH)
    shown = f"{width} cells, as wide as this pane shows" if width >= widest else f"at most {width} cells"
    view.column = width
    notify_replacing(screen.app, "column", f"Column: {shown}", timeout=2)
    screen.post_message(messages.SaveSettings({"width": width}))
