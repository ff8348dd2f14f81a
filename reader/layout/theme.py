"""Themes as data: TOML files giving the app's colours and the article's styles.

Bundled themes live in `themes/` at the project's top; a wheel carries them as
`reader/themes`. `themes_dir()` finds them in both layouts. Users add their own files to
`<config dir>/themes/`; a broken file is reported by name and skipped, never a crash.
This module has no Textual in it: the UI turns a `ThemeSpec` into a Textual theme.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rich.errors import StyleSyntaxError
from rich.style import Style

from reader.errors import ReaderError

STYLE_NAMES = (
    "text",
    "title",
    "meta",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "emphasis",
    "strike",
    "code",
    "code_block",
    "link",
    "quote",
    "quote_bar",
    "list_marker",
    "rule",
    "image",
    "table_border",
    "table_header",
    "match",
    "current_match",
    "highlight",
    "selection",
)

COLOR_NAMES = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "success",
    "warning",
    "error",
)

DEFAULT_THEME = "paper"

_FALLBACK_STYLES = {
    "title": "bold",
    "meta": "italic",
    "h1": "bold",
    "h2": "bold",
    "h3": "bold",
    "h4": "bold",
    "h5": "bold italic",
    "h6": "italic",
    "strong": "bold",
    "emphasis": "italic",
    "strike": "strike",
    "code": "bold",
    "link": "underline",
    "quote": "italic",
    "list_marker": "bold",
    "table_header": "bold",
    "match": "reverse",
    "current_match": "reverse bold",
    "highlight": "underline",
    "selection": "reverse",
}


@dataclass(eq=False, frozen=True, slots=True)
class ThemeSpec:
    """One colour theme: Textual's colours for the app's chrome and the article's own styles."""

    name: str
    dark: bool = False
    colors: Mapping[str, str] = field(default_factory=dict)
    """Textual theme colours (primary, background, ...)."""
    styles: Mapping[str, Style] = field(default_factory=dict)
    """Article styles by name (see `STYLE_NAMES`); missing names fall back to plain styles."""
    code_theme: str = "default"
    """Pygments style for code blocks."""
    path: Path | None = None

    def style(self, name: str) -> Style:
        return self.styles.get(name) or Style.null()


PLAIN = ThemeSpec(
    name="plain",
    styles={name: Style.parse(_FALLBACK_STYLES.get(name, "none")) for name in STYLE_NAMES},
)
"""Styles for output without colour (the text dump): emphasis kept, no colours."""

TEXT_ONLY = ThemeSpec(name="text", styles=PLAIN.styles, code_theme="")
"""For output whose styles are all dropped (the text dump to a file or a pipe): code is not
highlighted, which would only colour it (and import Pygments: a sixth of a short dump's CPU)."""


def themes_dir() -> Path:
    """The bundled themes: `reader/themes` in a wheel, `themes/` beside the package in a
    checkout or an editable install."""
    package = Path(__file__).resolve().parent.parent  # reader/
    for candidate in (package / "themes", package.parent / "themes"):
        if candidate.is_dir():
            return candidate
    return package / "themes"


def load_theme_file(path: Path) -> ThemeSpec:
    """Read one theme file; any fault raises `ReaderError` naming the file and the fault."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ReaderError(f"theme {path.name}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReaderError(f"theme {path.name}: not valid TOML: {exc}") from None
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        raise ReaderError(f"theme {path.name}: 'name' must be a non-empty string")
    colors = data.get("colors", {})
    styles = data.get("styles", {})
    if not isinstance(colors, dict) or not isinstance(styles, dict):
        raise ReaderError(f"theme {path.name}: [colors] and [styles] must be tables")
    parsed: dict[str, Style] = {}
    for key in STYLE_NAMES:
        definition = styles.get(key, _FALLBACK_STYLES.get(key, ""))
        if not isinstance(definition, str):
            raise ReaderError(f"theme {path.name}: style '{key}' must be a string")
        try:
            parsed[key] = Style.parse(definition or "none")
        except StyleSyntaxError as exc:
            raise ReaderError(f"theme {path.name}: style '{key}': {exc}") from None
    color_values = {key: str(value) for key, value in colors.items() if key in COLOR_NAMES}
    for key, value in color_values.items():
        try:
            Style.parse(value)
        except StyleSyntaxError:
            raise ReaderError(f"theme {path.name}: colour '{key}' is not a colour: {value!r}") from None
    return ThemeSpec(
        name=name.strip(),
        dark=bool(data.get("dark", False)),
        colors=color_values,
        styles=parsed,
        code_theme=str(data.get("code_theme", "monokai" if data.get("dark") else "friendly")),
        path=path,
    )


@dataclass(eq=False, slots=True)
class ThemeCatalog:
    """The themes found, and what went wrong with the rest, to be said once the app is up."""

    themes: dict[str, ThemeSpec] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """One line per theme file that could not be loaded."""

    def get(self, name: str) -> ThemeSpec:
        return self.themes.get(name) or self.themes.get(DEFAULT_THEME) or PLAIN


def load_themes(extra_dirs: Iterable[Path] = ()) -> ThemeCatalog:
    """Bundled themes, then the user's (which may replace a bundled one by name)."""
    catalog = ThemeCatalog()
    for directory in (themes_dir(), *extra_dirs):
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ReaderError as exc:
                catalog.problems.append(str(exc))
                continue
            catalog.themes[theme.name] = theme
    return catalog
