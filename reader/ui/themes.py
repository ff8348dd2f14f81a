"""Our theme files as Textual themes: `ThemeSpec.colors` become a `textual.theme.Theme`."""

from __future__ import annotations

from textual.theme import Theme

from reader.layout.theme import ThemeSpec


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
