"""Pilot tests of the reading pane's selections and highlights: `v`, `j` `k`, `←` `→`, `h`,
`H`, Esc, `m` (with its `n`, `d` and Enter), the highlight style in the text, the footer, and
highlights found again when the article is opened again."""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.events import MouseMove
from textual.pilot import Pilot
from textual.widgets import Input

from reader.library import Library
from reader.model import Position
from reader.ui.article_view import ArticleView
from reader.ui.bars import SearchBar
from reader.ui.bookkeeper import Reading
from reader.ui.footer import KeysFooter
from reader.ui.highlight_list import HighlightListScreen
from reader.ui.keys import help_rows
from reader.ui.library_dialogs import ConfirmScreen, NoteScreen
from reader.ui.marking import Marking, word_end
from reader.ui.reading import ReadingScreen
from tests.test_app import SIZE, WELCOME_ZH, loaded, make_app
from tests.waiting import until


def painted(view: ArticleView, line: int, style: Style) -> str:
    """The text of a laid-out line drawn with `style`'s background."""
    assert style.bgcolor is not None
    strip = view.render_line(line - view.top)
    return "".join(text for text, seg_style, _ in strip if seg_style is not None and seg_style.bgcolor == style.bgcolor)


def footer_keys(screen: ReadingScreen) -> set[str]:
    """The keys the footer drew last."""
    return {key.key for key in screen.query_one(KeysFooter).shown()}


def selection(screen: ReadingScreen) -> tuple[Position, Position]:
    chosen = screen.marking.selection
    assert chosen is not None
    return chosen


async def recorded(pilot: Pilot[int], screen: ReadingScreen) -> None:
    """Highlights are kept in the article's history entry: wait for it."""
    await until(pilot, lambda: screen.reading is not None and screen.reading.entry_id is not None, "the entry")


async def test_v_selects_the_top_line_and_j_k_extend_it_without_scrolling() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        layout = view.text_layout
        assert layout is not None
        await pilot.press("j", "j", "j", "j")
        top = view.top
        await pilot.press("v")
        start, end = selection(screen)
        first = layout.line(layout.line_of(start))
        assert layout.line_of(start) >= top and (start.offset, end.offset) == (first.start, first.end)
        style = view.spec.style("selection")
        assert painted(view, layout.line_of(start), style).strip()
        await pilot.press("j")
        _, extended = selection(screen)
        assert layout.line_of(Position(extended.block, extended.offset - 1)) > layout.line_of(start)
        assert view.top == top  # j extends while selecting: it does not scroll
        await pilot.press("k")
        assert selection(screen) == (start, end)
        await pilot.press("escape")
        assert screen.marking.selection is None and view.marks is not None and view.marks.selection is None
        await pilot.press("j")
        assert view.top == top + 1  # without a selection j scrolls again


async def test_v_starts_at_the_current_search_match() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"pipeline", "enter")
        view = screen.view
        match = view.matches[view.current_match]
        await pilot.press("v")
        assert selection(screen) == (Position(match.block, match.start), Position(match.block, match.end))


async def test_arrows_move_the_end_of_the_selection_by_words() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"pipeline", "enter", "v")
        article = screen.article
        assert article is not None
        start, end = selection(screen)
        await pilot.press("right")
        _, on = selection(screen)
        text = article.blocks[start.block].text
        assert text[end.offset : on.offset] == " that"
        await pilot.press("right", "left")
        assert selection(screen) == (start, on)
        await pilot.press("left", "left")  # never before the start
        assert selection(screen)[0] == start and selection(screen)[1] > start


def test_a_word_of_chinese_or_japanese_is_a_character() -> None:
    texts = ["读书 reader，很好。", "next block"]
    assert word_end(texts, Position(0, 0), forward=True) == Position(0, 1)
    assert word_end(texts, Position(0, 2), forward=True) == Position(0, 9)  # " reader"
    assert word_end(texts, Position(0, 9), forward=True) == Position(0, 11)  # "，很"
    assert word_end(texts, Position(0, 14), forward=True) == Position(1, 4)  # into the next block
    assert word_end(texts, Position(1, 4), forward=False) == Position(1, 0)
    assert word_end(texts, Position(1, 0), forward=False).block == 0  # back across it
    assert word_end(texts, Position(0, 9), forward=False) == Position(0, 2)


async def test_h_highlights_in_the_theme_style_counts_it_and_the_footer_follows() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await recorded(pilot, screen)
        assert "h" not in footer_keys(screen) and "v" in footer_keys(screen)
        await pilot.press("h")  # bound only while selecting: nothing happens
        await pilot.press("v", "j")
        assert {"h", "H"} <= footer_keys(screen)
        bindings = {binding.key: binding.action for _, binding, _, _ in screen.active_bindings.values()}
        assert bindings["left"] == "extend_words(-1)" and bindings["right"] == "extend_words(1)"
        start, end = selection(screen)
        await pilot.press("h")
        reading = screen.reading
        assert reading is not None
        await until(pilot, lambda: len(reading.highlights) == 1, "the highlight")
        await pilot.pause()
        (highlight,) = reading.highlights
        assert (highlight.anchor.start, highlight.anchor.end) == (start, end) and not highlight.note
        assert screen.marking.selection is None and "h" not in footer_keys(screen)
        assert "1 highlight" in screen.header.render().plain
        layout = screen.view.text_layout
        assert layout is not None
        shown = painted(screen.view, layout.line_of(start), screen.view.spec.style("highlight"))
        assert shown.strip() and shown.strip() in reading.article.blocks[start.block].text
        with Library.open() as library:
            assert [h.anchor.quote.text for h in library.highlights.of_entry(highlight.entry_id)] == [
                highlight.anchor.quote.text
            ]


async def test_H_asks_for_a_note_and_keeps_it() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await recorded(pilot, screen)
        await pilot.press("v", "H")
        await until(pilot, lambda: isinstance(pilot.app.screen, NoteScreen), "the note's dialog")
        await pilot.press(*"worth a reread", "enter")
        reading = screen.reading
        assert reading is not None
        await until(pilot, lambda: len(reading.highlights) == 1, "the highlight")
        assert reading.highlights[0].note == "worth a reread"


async def test_escape_drops_the_selection_then_closes_the_search() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"pipeline", "enter", "v")
        bar = screen.query_one(SearchBar)
        assert screen.marking.selecting and bar.is_open
        await pilot.press("escape")
        assert not screen.marking.selecting and bar.is_open and screen.view.matches
        await pilot.press("escape")
        assert not bar.is_open


async def test_m_lists_the_highlights_to_go_to_note_and_delete() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await recorded(pilot, screen)
        reading = screen.reading
        assert reading is not None
        await pilot.press("m")  # none yet: a notice, no list
        assert not isinstance(pilot.app.screen, HighlightListScreen)
        await pilot.press("G", "v", "h")
        await until(pilot, lambda: len(reading.highlights) == 1, "the highlight")
        place = reading.highlights[0].anchor.start
        await pilot.press("g", "m")
        await until(pilot, lambda: isinstance(pilot.app.screen, HighlightListScreen), "the list")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.screen, NoteScreen), "the note's dialog")
        await pilot.press(*"the end", "enter")
        await until(pilot, lambda: reading.highlights[0].note == "the end", "the note")
        await pilot.press("enter")  # goes there
        await until(pilot, lambda: pilot.app.screen is screen, "the reading screen")
        layout = screen.view.text_layout
        assert layout is not None
        height = screen.view.scrollable_content_region.height
        assert screen.view.top <= layout.line_of(place) < screen.view.top + height
        await pilot.press("m", "d")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await until(pilot, lambda: not reading.highlights, "the deletion")
        assert "highlight" not in screen.header.render().plain


async def test_highlights_are_shown_again_when_the_article_is_reopened() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await recorded(pilot, screen)
        await pilot.press("v", "j", "h")
        reading = screen.reading
        assert reading is not None
        await until(pilot, lambda: len(reading.highlights) == 1, "the highlight")
        start = reading.highlights[0].anchor.start
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await until(pilot, lambda: screen.reading is not None and screen.reading.highlights, "the highlights")
        await until(pilot, lambda: "1 highlight" in screen.header.render().plain, "the count")
        layout = screen.view.text_layout
        assert layout is not None
        screen.view.scroll_to_line(layout.line_of(start))
        await pilot.pause()
        assert painted(screen.view, layout.line_of(start), screen.view.spec.style("highlight")).strip()


async def test_an_article_recorded_without_highlights_is_not_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's answer changed nothing on screen: no frame of the whole screen for it (a
    key pressed as a long article's entry was recorded waited for one)."""
    redraws: list[ArticleView] = []
    redraw, answer = ArticleView.refresh_view, Marking.recorded
    drawn_for_answers: list[int] = []

    def refresh_view(view: ArticleView) -> None:
        redraws.append(view)
        redraw(view)

    def recorded(marking: Marking, reading: Reading, saved: Position) -> None:
        before = len(redraws)
        answer(marking, reading, saved)
        drawn_for_answers.append(len(redraws) - before)

    monkeypatch.setattr(ArticleView, "refresh_view", refresh_view)
    monkeypatch.setattr(Marking, "recorded", recorded)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await until(pilot, lambda: drawn_for_answers, "the library's answer")
        assert drawn_for_answers == [0]
        before = len(redraws)
        await pilot.press("v")  # a selection is drawn
        assert len(redraws) > before and screen.view.marks is not None and screen.view.marks.selection is not None


async def test_a_note_typed_in_the_dialog_is_not_taken_for_keys() -> None:
    """While the note's box has the focus, h, v and j are letters of the note."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await recorded(pilot, screen)
        await pilot.press("v", "H")
        await until(pilot, lambda: isinstance(pilot.app.screen, NoteScreen), "the note's dialog")
        await pilot.press(*"hvj")
        assert pilot.app.screen.query_one(Input).value == "hvj"


async def test_a_mouse_drag_across_the_text_selects() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view, layout = screen.view, screen.view.text_layout
        assert layout is not None
        y = next(y for y in range(view.top, len(layout)) if layout.line(y).block >= 0 and layout.line(y).end > 0)
        line = layout.line(y)
        region = view.scrollable_content_region
        left = region.x + (region.width - layout.width) // 2 + line.indent
        row = y - view.top
        await pilot.mouse_down(ArticleView, offset=(left - view.region.x, row))
        await pilot._post_mouse_events([MouseMove], ArticleView, (left - view.region.x + 5, row + 1), button=1)
        await pilot.mouse_up(ArticleView, offset=(left - view.region.x + 5, row + 1))
        start, end = selection(screen)
        assert start == Position(line.block, line.start)
        assert layout.line_of(Position(end.block, end.offset - 1)) == y + 1


def test_the_help_lists_every_key_of_the_selection() -> None:
    rows = dict(help_rows())
    for key in ("v", "h", "H", "m", "←", "→", "Esc"):
        assert key in rows, key
    assert "selecting" in rows["j  ↓"].lower() and "selection" in rows["Esc"].lower()


async def test_opening_another_article_drops_the_selection() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("v")
        assert screen.marking.selecting
        screen.open_source(WELCOME_ZH)
        await until(
            pilot, lambda: screen.article is not None and "欢迎" in screen.article.metadata.title, "the article"
        )
        assert not screen.marking.selecting
        await until(pilot, lambda: "h" not in footer_keys(screen), "the footer without h")  # drawn on the next refresh
