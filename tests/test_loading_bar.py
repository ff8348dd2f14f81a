"""The loading bar takes what it is told before its parts are mounted."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import ProgressBar, Static

from reader.ui.loading_bar import LoadingBar


class _BarApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("the page")


async def test_a_bar_told_what_loads_before_its_parts_are_mounted_shows_it() -> None:
    """The presenter mounts the bar when a load has taken a while, and a second load (or the
    app closing) may tell it what loads while that mount is still under way: its label and
    progress bar are not there yet. That raised `NoMatches`, a traceback on the screen."""
    app = _BarApp()
    async with app.run_test(size=(80, 10)) as pilot:
        bar = LoadingBar(id="loading")
        mounting = app.screen.mount(bar)
        bar.start("https://example.org/post")
        bar.report(2048, 4096)
        await mounting
        await pilot.pause()
        label = bar.query_one("#loading-label", Static)
        assert "Loading https://example.org/post (2 KB of 4 KB)" in str(label.render())
        assert bar.query_one(ProgressBar).progress == 2048
        assert bar.is_loading
        bar.stop()
        assert not bar.is_loading
