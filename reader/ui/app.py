"""The Textual app: settings, themes, the system browser, and the reading screen.

The app owns what outlives one article: the settings (column width, theme), the theme
catalog (bundled plus the user's own files), and the command palette's list of actions.
Reading itself lives in `ReadingScreen`; the library screen will sit beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from reader.config import Config, load_config, user_themes_dir
from reader.theme import DEFAULT_THEME, ThemeCatalog, ThemeSpec, load_themes
from reader.ui import system
from reader.ui.keys import APP_KEYS, READING_KEYS, bindings
from reader.ui.reading import ReadingScreen
from reader.ui.themes import textual_theme

if TYPE_CHECKING:
    from reader.fetch import Fetched


class ReaderApp(App[int]):
    TITLE = "reader"
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP_KEYS)

    def __init__(
        self,
        source: str | None,
        *,
        base_url: str | None = None,
        theme: str | None = None,
        fetched: Fetched | None = None,
        config: Config | None = None,
        catalog: ThemeCatalog | None = None,
        position: tuple[int, int] | None = None,
    ) -> None:
        self.config = config if config is not None else load_config()
        self.catalog = catalog if catalog is not None else load_themes(extra_dirs=[user_themes_dir()])
        self._source = source
        self._base_url = base_url
        self._fetched = fetched
        self._position = position
        self._notices: list[str] = list(self.catalog.problems)
        if self.config.problem:
            self._notices.append(self.config.problem)
        super().__init__()
        wanted = theme or self.config.theme or DEFAULT_THEME
        if wanted not in self.catalog.themes:
            if theme or self.config.theme:
                self._notices.append(f"No theme named {wanted!r}; using {DEFAULT_THEME!r}.")
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.catalog.themes else next(iter(self.catalog.themes), "")
        for spec in self.catalog.themes.values():
            self.register_theme(textual_theme(spec))
        self._applied_theme = wanted
        if wanted:
            self.theme = wanted
            # Only our themes: each has the article styles a Textual built-in theme lacks.
            for name in list(self.available_themes):
                if name not in self.catalog.themes:
                    self.unregister_theme(name)

    @property
    def spec(self) -> ThemeSpec:
        """The article styles of the current theme."""
        return self.catalog.get(self.theme)

    def get_default_screen(self) -> Screen[Any]:
        return ReadingScreen(
            self._source,
            base_url=self._base_url,
            fetched=self._fetched,
            column=self.config.width,
            position=self._position,
        )

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for notice in self._notices:
            self.notify(notice, title="Settings", severity="warning", timeout=10)

    # themes
    def action_next_theme(self) -> None:
        names = list(self.catalog.themes)
        if not names:
            return
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=2)

    def _theme_changed(self, theme: object) -> None:
        spec = self.spec
        if spec.name == self._applied_theme:
            return
        self._applied_theme = spec.name
        for screen in self.screen_stack:
            if isinstance(screen, ReadingScreen):
                screen.apply_theme(spec)
        self.save_setting(theme=spec.name)

    # settings
    def save_setting(self, **changes: Any) -> None:
        """Change settings and save them; a failure to save is shown, never raised."""
        changed = False
        for name, value in changes.items():
            if getattr(self.config, name) != value:
                setattr(self.config, name, value)
                changed = True
        if not changed:
            return
        try:
            self.config.save()
        except OSError as exc:
            self.notify(f"Could not save the settings: {exc}", severity="error")

    # the system browser
    def open_in_browser(self, url: str) -> None:
        if system.open_url(url):
            self.notify(f"Opened {url}", timeout=3)
        else:
            self.copy_to_clipboard(url)
            self.notify(f"No browser to hand it to. The address was copied: {url}", timeout=8)

    # help and the command palette
    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, ReadingScreen):
            screen.help()
        else:
            from reader.ui.dialogs import HelpScreen
            from reader.ui.keys import help_rows

            self.push_screen(HelpScreen(help_rows()))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the reading screen and the app, plus Textual's own commands."""
        if isinstance(screen, ReadingScreen):
            for key in READING_KEYS:
                if key.palette:
                    yield SystemCommand(key.title, key.help, partial(screen.run_action, key.action))
        for key in APP_KEYS:
            yield SystemCommand(key.title, key.help, partial(self.run_action, key.action))
        for spec in self.catalog.themes.values():
            yield SystemCommand(
                f"Theme: {spec.name}", f"Use the {spec.name} colours", partial(self._set_theme, spec.name)
            )
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit",):
                yield command

    def _set_theme(self, name: str) -> None:
        self.theme = name
