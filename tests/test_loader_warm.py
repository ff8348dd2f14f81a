"""The converters are warmed up for the next article once the load under way is over: the fork
server's imports (a second or two of CPU) would otherwise compete with an article read from
the cache."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from reader.ui.loader import Loader


class Converters:
    def __init__(self) -> None:
        self.warmed = 0

    def warm_in_background(self) -> None:
        self.warmed += 1


def loader() -> tuple[Loader, Converters]:
    screen: Any = SimpleNamespace(workers=SimpleNamespace(cancel_group=lambda *args: None))
    made = Loader(screen, lambda source, entry: None)
    converters = Converters()
    made._converters = converters  # type: ignore[assignment]
    return made, converters


def test_warming_waits_for_the_load_under_way() -> None:
    made, converters = loader()
    load = made.new("article.html")
    made.warm()
    assert converters.warmed == 0, "warmed while the article loads"
    made.finished(load)
    assert converters.warmed == 1


def test_with_no_load_the_converters_warm_at_once() -> None:
    made, converters = loader()
    made.warm()
    assert converters.warmed == 1
    made.finished(made.new("article.html"))
    assert converters.warmed == 1, "warmed again with no call for it"
