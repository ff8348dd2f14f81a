"""The header line draws itself again only when what it shows changes: the percentage read
(not at every `j`), and the reading time of an arriving article at most every
`MINUTES_INTERVAL`, its last value always shown in the end."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from reader.model import Metadata
from reader.ui import header as header_module
from reader.ui.header import HeaderLine, Status
from tests.waiting import until


class HeaderApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.percent = 0

    def compose(self) -> ComposeResult:
        yield HeaderLine(lambda: self.percent, id="header")


async def test_minutes_arriving_come_at_most_an_interval_apart_and_the_last_shows() -> None:
    async with HeaderApp().run_test(size=(80, 3)) as pilot:
        header = pilot.app.query_one(HeaderLine)
        header.set_metadata(Metadata(title="Arriving"))
        header.set_minutes(3, arriving=True)
        assert header.minutes == 3, "the first change shows at once"
        for minutes in (5, 8, 13):
            header.set_minutes(minutes, arriving=True)
        assert header.minutes == 3, "later ones wait for the interval"
        await until(pilot, lambda: header.minutes == 13, "the last value")
        header.set_minutes(21, arriving=True)
        header.set_minutes(34)  # the article is whole: shown now, and the one waiting dropped
        assert header.minutes == 34
        await pilot.pause(header_module.MINUTES_INTERVAL + 0.1)
        assert header.minutes == 34
        assert "34 min read" in header.render().plain
        header.status = Status.PARTIAL
        assert "34+ min read" in header.render().plain, "a part is not the whole article's time"


async def test_the_line_is_drawn_again_when_its_percentage_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    async with HeaderApp().run_test(size=(80, 3)) as pilot:
        app = pilot.app
        assert isinstance(app, HeaderApp)
        header = app.query_one(HeaderLine)
        header.set_metadata(Metadata(title="Moving"))
        await pilot.pause()
        refreshed: list[bool] = []
        refresh = header.refresh
        monkeypatch.setattr(header, "refresh", lambda *args, **kwargs: refreshed.append(True) or refresh())
        header.show_progress()
        assert refreshed == [], "the same percentage: not drawn again"
        app.percent = 7
        header.show_progress()
        assert refreshed == [True]
        await until(pilot, lambda: "7%" in str(app.query_one(HeaderLine).render()), "7% drawn")
