"""SVG snapshots of the sample in two themes, with the contents open and closed.

Deterministic: the header has no clock, nothing blinks (no input is focused), the article is
fully loaded before the picture is taken, and settings come from an empty temporary folder.
Update with `pytest tests/test_snapshots.py --snapshot-update` after a deliberate change.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.ui.app import ReaderApp
from reader.ui.reading import ReadingScreen
from tests.conftest import SAMPLES

SIZE = (110, 34)
SnapCompare = Callable[..., bool]


def _before(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        deadline = time.monotonic() + 20
        while True:
            screen = pilot.app.screen_stack[0]
            if isinstance(screen, ReadingScreen) and screen.complete and not screen.is_loading:
                break
            assert time.monotonic() < deadline, "the sample did not load"
            await pilot.pause(0.02)
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", ["paper", "night"])
def test_sample_with_contents(snap_compare: SnapCompare, theme: str) -> None:
    app = ReaderApp(str(SAMPLES / "welcome.md"), theme=theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("right_square_bracket", "right_square_bracket"))


@pytest.mark.parametrize("theme", ["paper", "night"])
def test_sample_without_contents(snap_compare: SnapCompare, theme: str) -> None:
    app = ReaderApp(str(SAMPLES / "welcome.md"), theme=theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("t"))


def test_chinese_sample_with_a_search(snap_compare: SnapCompare) -> None:
    app = ReaderApp(str(SAMPLES / "welcome-zh.md"), theme="sepia")
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("slash", "目", "录", "enter"))
