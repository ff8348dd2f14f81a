"""The user's settings: one small JSON file in the platformdirs config folder.

Loading never fails: a missing, unreadable or corrupt file gives the defaults (and a line in
`Config.problem` the app can show). Saving is atomic: a temporary file in the same folder,
flushed to disk, then renamed over the old one, so a crash mid-write never leaves half a file.
Keys this version does not know are kept as they were, so a newer or older reader sharing the
file loses nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.files import write_atomic

DEFAULT_WIDTH = 80
MIN_WIDTH = 20
MAX_WIDTH = 400
WIDTH_STEP = 10
CONFIG_NAME = "config.json"
IMAGE_CHOICES = ("auto", "kitty", "blocks", "off")
"""How pictures are drawn: as the terminal allows, Kitty placeholders, half-blocks, or not."""
MAX_PICTURE_ROWS = 1000


def config_dir() -> Path:
    """`~/.config/reader` on Linux (XDG_CONFIG_HOME is honoured), the platform's folder elsewhere."""
    from platformdirs import user_config_path

    return user_config_path("reader")


def user_themes_dir() -> Path:
    """Where users put their own theme files."""
    return config_dir() / "themes"


def clamp_width(width: int) -> int:
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


@dataclass(eq=False, slots=True)
class Config:
    """The user's settings, read once at start: a missing or broken file gives these defaults."""

    theme: str | None = None
    """Name of the chosen theme; None for the default."""
    width: int = DEFAULT_WIDTH
    """Most cells the text column takes."""
    images: str = "auto"
    """One of `IMAGE_CHOICES`; `i` in the app switches between "off" and "auto"."""
    picture_rows: int = 0
    """Most lines a picture takes; 0: half the reading pane."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, written back unchanged."""
    path: Path | None = None
    """Where the settings were read from and are saved to."""
    problem: str = ""
    """Why the file could not be read, when it could not (the defaults are used)."""

    def to_json(self) -> dict[str, Any]:
        data = dict(self.extra)
        data["theme"] = self.theme
        data["width"] = self.width
        data["images"] = self.images
        data["picture_rows"] = self.picture_rows
        return data

    def save(self) -> None:
        """Write the settings atomically. Failing to save is reported as `OSError`."""
        path = self.path or config_dir() / CONFIG_NAME
        write_atomic(path, json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")


def load_config(path: Path | None = None) -> Config:
    """The saved settings, or the defaults when there are none or they cannot be read."""
    path = path or config_dir() / CONFIG_NAME
    try:
        raw = path.read_text("utf-8")
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        return Config(path=path, problem=f"settings {path}: cannot read: {exc}")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Config(path=path, problem=f"settings {path}: not valid JSON ({exc}); using the defaults")
    if not isinstance(data, dict):
        return Config(path=path, problem=f"settings {path}: not a JSON object; using the defaults")
    config = Config(path=path)
    theme = data.pop("theme", None)
    if isinstance(theme, str) and theme.strip():
        config.theme = theme.strip()
    width = data.pop("width", DEFAULT_WIDTH)
    if isinstance(width, int) and not isinstance(width, bool):
        config.width = clamp_width(width)
    images = data.pop("images", "auto")
    if images in IMAGE_CHOICES:
        config.images = images
    rows = data.pop("picture_rows", 0)
    if isinstance(rows, int) and not isinstance(rows, bool) and 0 <= rows <= MAX_PICTURE_ROWS:
        config.picture_rows = rows
    config.extra = data
    return config
