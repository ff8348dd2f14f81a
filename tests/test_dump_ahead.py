"""A dump's conversion of large HTML has its Markdown made ahead, in a forked process
(`reader.convert.ahead`), as the app's conversion has: html2text there, markdown-it here, side
by side; the article is the one a conversion in one process makes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from reader.convert import ahead, pipeline
from reader.convert.document import finish
from tests.test_conversion_process import long_page


@pytest.fixture
def made_ahead(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many conversions had their Markdown made ahead."""
    made: list[int] = []
    real = ahead.made_ahead

    def counted(make: Callable[[], Iterable[str]]) -> Iterator[str]:
        made.append(1)
        return real(make)

    monkeypatch.setattr(ahead, "made_ahead", counted)
    return made


@pytest.mark.parametrize("page", [True, False])
def test_large_html_is_made_ahead_into_the_same_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made_ahead: list[int], page: bool
) -> None:
    text = long_page(tmp_path / "long.html", 60, page=page).read_text("utf-8")
    alone = finish(pipeline.open_text(text, "text/html", "long.html"))
    assert not made_ahead, "a page under LARGE_PAGE_CHARS was made ahead"
    monkeypatch.setattr(pipeline, "LARGE_PAGE_CHARS", len(text) - 1)
    together = finish(pipeline.open_text(text, "text/html", "long.html"))
    assert made_ahead == [1]
    assert together.markdown == alone.markdown
    assert together.article == alone.article
