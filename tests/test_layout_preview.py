"""A huge block's first screen is painted from the start of its text (`reader.layout.preview`):
the same lines as the whole block laid out in one go, the rest of it laid out later."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.layout.lines import Layout
from reader.layout.preview import HUGE_BLOCK
from reader.model import Article, Block, BlockKind, Inline, Metadata, Span
from reader.ui.app import ReaderApp
from tests.test_app_lazy_layout import loaded, shown, wait_for

WIDTH = 60


def article(*blocks: Block) -> Article:
    return Article(Metadata(title="Huge"), list(blocks))


def paragraph(*texts: str, kind: BlockKind = BlockKind.PARAGRAPH) -> Block:
    spans = tuple(Span(text, frozenset({Inline.EMPHASIS}) if n % 2 else frozenset()) for n, text in enumerate(texts))
    return Block(kind, spans, quote_depth=1 if kind is BlockKind.QUOTE else 0)


HUGE = [
    paragraph("x" * 2 * HUGE_BLOCK),
    paragraph("Words of a long paragraph, " * 4_000, "some emphasised, " * 500, "中文的句子。" * 3_000),
    paragraph(("a-b/c " + "  " * 9 + "(「括弧」)\u0301 ") * 5_000, kind=BlockKind.QUOTE),
]


@pytest.mark.parametrize("huge", HUGE)
def test_the_first_screen_of_a_huge_block_is_its_start_and_the_whole_comes_later(huge: Block) -> None:
    blocks = (paragraph("Before it."), huge, paragraph("After it."))
    whole = list(Layout(article(*blocks), WIDTH).lines())
    layout = Layout(article(*blocks), WIDTH, lazy=True)
    layout.update()
    layout.settle(0, 40, 0)
    assert list(layout.lines(0, 40)) == whole[:40]
    assert layout.estimated_count == 2  # the huge block is left for later, with the one under it
    layout.settle_next(len(blocks), 0)
    assert not layout.estimating
    assert list(layout.lines()) == whole


def test_a_huge_block_seen_far_down_is_laid_out_whole() -> None:
    huge = HUGE[0]
    layout = Layout(article(huge), WIDTH, lazy=True)
    layout.update()
    layout.settle(0, len(layout), 0)
    assert not layout.estimating
    assert list(layout.lines()) == list(Layout(article(huge), WIDTH).lines())


async def test_the_app_shows_the_start_of_a_huge_word_then_lays_it_all_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.ui.settler.SETTLE_INTERVAL", 600.0)  # laid out whole only when asked, below
    page = tmp_path / "word.html"
    page.write_text("<!doctype html><html><body><p>" + "x" * 4 * HUGE_BLOCK + "</p></body></html>", "utf-8")
    async with ReaderApp(str(page)).run_test(size=(90, 24)) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await wait_for(pilot, lambda: any(line.startswith("x" * 40) for line in shown(view)), "the word's start")
        layout = view.text_layout
        assert layout is not None and layout.estimating  # the first screen did not wait for the whole word
        view.settler.settle_some(10**6)
        await pilot.pause()
        assert screen.article is not None and not layout.estimating
        assert list(layout.lines()) == list(Layout(screen.article, layout.width, layout.theme).lines())
        # Laid out again for a new width once whole, the huge word is previewed again, not
        # broken into lines at once on the UI thread (as a short article's blocks are).
        await pilot.resize_terminal(70, 24)
        await wait_for(pilot, lambda: view.text_layout is not layout, "the layout for the new width")
        assert view.text_layout is not None and view.text_layout.estimating
