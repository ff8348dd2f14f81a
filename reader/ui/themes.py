"""Our theme files as Textual themes: `ThemeSpec.colors` become a `textual.theme.Theme`."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

from reader.layout.theme import ThemeSpec
from reader.ui.notices import notify_replacing


def textual_theme(spec: ThemeSpec) -> Theme:
    colors = dict(spec.colors)
    text = spec.styles.get("text")
    foreground = colors.get("foreground") or (str(text.color.name) if text and text.color else None)
    background = colors.get("background")
    return Theme(
        name=spec.name,
        primary=colors.get("primary") or ("#7aa2f7" if spec.dark else "#1a5fb4"),
        secondary=colors.get("secondary"),
        accent=colors.get("accent"),
        foreground=foreground,
        background=background,
        surface=colors.get("surface"),
        panel=colors.get("panel"),
        success=colors.get("success"),
        warning=colors.get("warning"),
        error=colors.get("error"),
        dark=spec.dark,
    )


def start_with(app: App[Any], name: str) -> None:
    """Make `name` (a registered theme) the theme of an app that is not running yet.

    `app.theme = name` in the constructor would have its watcher queue a `refresh_css` that
    parses every CSS source of the app a second time and restyles before the first frame
    (about 10 ms of the start). Set before anything is parsed, the theme needs none of that:
    its variables go to the stylesheet, and its classes and ANSI colour mapping are set as
    the watcher sets them (Textual's own `App.__init__` sets the default theme's this way)."""
    app.set_reactive(App.theme, name)
    dark = app.current_theme.dark
    app.stylesheet.set_variables(app.get_css_variables())
    app.set_class(dark, "-dark-mode", update=False)
    app.set_class(not dark, "-light-mode", update=False)
    app.set_class(True, f"-theme-{name}", update=False)
    app._refresh_truecolor_filter(app.ansi_theme)  # the ANSI colours of a light or dark theme


def next_theme(app: App[Any], names: list[str]) -> None:
    """`T`: the next of our themes (`names`), said in a notice that replaces the last one."""
    if not names:
        return
    index = names.index(app.theme) if app.theme in names else -1
    app.theme = names[(index + 1) % len(names)]
    notify_replacing(app, "theme", f"Theme: {app.theme}", timeout=2)
