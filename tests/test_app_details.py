"""Small things that felt broken: pictures in the links list, numbers in it, the column's
widest, a failed search, and narrow footers and library columns. Pilot tests, fixed sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from reader.library import Library
from reader.ui.app import ReaderApp
from reader.ui.article_view import ArticleView
from reader.ui.dialogs import LinksScreen
from reader.ui.footer import KeysFooter
from reader.ui.reading import ReadingScreen
from tests.test_app import SIZE, WELCOME, last_notice, link_on_screen, loaded
from tests.test_library_screen import Host, library
from tests.waiting import until

__all__ = ["library"]  # the fixture, shared with the library screen's tests

PAGE = """# Pictures

See [the first](https://example.org/one) and [the second](https://example.org/two).

![A red square](square.png)

The last line, with [a third link](https://example.org/three).
"""


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app handed to the system's opener."""
    handed: list[str] = []
    monkeypatch.setattr("reader.ui.system.open_url", lambda url: handed.append(url) or True)
    return handed


def page(tmp_path: Path) -> str:
    path = tmp_path / "pictures.md"
    path.write_text(PAGE, "utf-8")
    return str(path)


async def links_dialog(pilot: Pilot[int]) -> LinksScreen:
    await pilot.press("f")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, LinksScreen)
    return dialog


async def test_pictures_follow_the_links_and_open_in_the_system_viewer(tmp_path: Path, opened: list[str]) -> None:
    source = page(tmp_path)
    async with ReaderApp(source).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        dialog = await links_dialog(pilot)
        options = dialog.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(prompts) == 4
        assert "the third" not in prompts[3] and "A red square" in prompts[3] and prompts[3].startswith("4")
        options.highlighted = 3
        await pilot.press("enter")
        await pilot.pause()
        assert opened == [(tmp_path / "square.png").as_uri()]
        assert pilot.app.screen is screen and screen.presenter.source == source  # not loaded as an article


async def test_clicking_a_picture_opens_it_in_the_viewer(tmp_path: Path, opened: list[str]) -> None:
    source = page(tmp_path)
    async with ReaderApp(source).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        x, y = link_on_screen(view, lambda link: link.endswith("square.png"))
        await pilot.click(ArticleView, offset=(x + 1, y))
        await pilot.pause()
        assert opened == [(tmp_path / "square.png").as_uri()]
        assert screen.presenter.source == source and screen.article is not None and screen.article.images


async def test_digits_and_enter_choose_in_the_links_list(tmp_path: Path) -> None:
    for n in range(1, 13):
        (tmp_path / f"page{n}.md").write_text(f"# Page {n}\n\nText {n}.\n", "utf-8")
    many = "\n\n".join(f"[Link {n}](page{n}.md)" for n in range(1, 13))
    path = tmp_path / "many.md"
    path.write_text(f"# Many\n\n{many}\n", "utf-8")
    async with ReaderApp(str(path)).run_test(size=SIZE) as pilot:
        await loaded(pilot)
        dialog = await links_dialog(pilot)
        options = dialog.query_one(OptionList)
        await pilot.press("1", "2")
        assert options.highlighted == 11
        await pilot.press("backspace")
        assert options.highlighted == 0 and dialog.typed == "1"
        await pilot.press("1")
        assert options.highlighted == 10  # "11"
        await pilot.press("9")  # no entry 119: a new number begins
        assert options.highlighted == 8 and dialog.typed == "9"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, LinksScreen)
        screen = await loaded(pilot)
        assert screen.article is not None and screen.article.metadata.title == "Page 9"


def notices(pilot: Pilot[int], kind: str) -> list[str]:
    return [str(notice.message) for notice in pilot.app._notifications if str(notice.message).startswith(kind)]


async def test_plus_stops_at_what_the_pane_shows_and_minus_narrows_at_once() -> None:
    async with ReaderApp(WELCOME).run_test(size=(70, 24)) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        widest = view.widest_column()
        for _ in range(5):
            await pilot.press("plus")
        await pilot.pause()
        assert view.column == widest and view.text_layout is not None and view.text_layout.width == widest
        assert last_notice(pilot) == f"Column: {widest} cells, as wide as this pane shows"
        # One notice says where the column is: each press's took the last one's place (ten
        # presses of + stacked ten notices over the text and the header).
        assert notices(pilot, "Column:") == [last_notice(pilot)]
        await pilot.press("minus")
        await pilot.pause()
        assert view.text_layout.width == widest - 10
        assert notices(pilot, "Column:") == [f"Column: at most {widest - 10} cells"]
        await pilot.press("T", "T")
        await pilot.pause()
        assert notices(pilot, "Theme:") == [f"Theme: {pilot.app.theme}"]


def typed_together(pilot: Pilot[int], *keys: tuple[str, str]) -> None:
    """Keys the terminal sends in one read: all queued before the app handles the first."""
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)


async def test_keys_typed_together_with_enter_act_on_the_text_not_the_search_box() -> None:
    """`/zealand`, Enter and `n` typed fast (one read of the terminal) searched for "zealandn":
    the `n` was on its way to the box before Enter took the focus back to the text."""
    async with ReaderApp(WELCOME).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"search")
        await until(pilot, lambda: len(screen.view.matches) > 2, "the matches")
        assert screen.view.current_match == 0
        typed_together(pilot, ("enter", "\r"), ("n", "n"), ("n", "n"))
        await until(pilot, lambda: screen.view.current_match == 2, "both n to step on")
        assert screen.search.query == "search"
        assert screen.focused is screen.view
        await pilot.press("slash", *"x")  # searching again: the box takes what is typed
        assert screen.search.query == "x"


async def test_a_search_without_matches_leaves_the_bar_uncovered() -> None:
    async with ReaderApp(WELCOME).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"zqxv", "enter")
        await pilot.pause()
        assert not pilot.app._notifications  # no notice over the bar
        assert not pilot.app.screen.query("Toast")
        assert str(screen.query_one("#search-count").render()) == "no matches"


def drawn_whole(footer: KeysFooter, width: int) -> list[str]:
    """What the keys the footer drew last do, checking that each is in its line whole and
    that the line fits `width`."""
    line = footer.render()
    assert line.cell_len <= width, (width, line.plain)
    shown = footer.shown()
    assert shown, "no keys in the footer"
    for key in shown:
        assert f"{key.shown} {key.description}" in line.plain, (key, line.plain)
    return [key.description for key in shown]


@pytest.mark.parametrize("width", [40, 50, 60, 80])
async def test_a_narrow_footer_shows_fewer_keys_whole(width: int) -> None:
    async with ReaderApp(WELCOME).run_test(size=(width, 24)) as pilot:
        screen = await loaded(pilot)
        assert isinstance(screen, ReadingScreen)
        footer = screen.query_one(KeysFooter)
        await until(pilot, footer.shown, "the footer's keys")
        shown = drawn_whole(footer, width)
        assert "Help" in shown and "Quit" in shown
        if width <= 50:
            assert "Next section" not in shown
        await pilot.resize_terminal(width - 12, 24)  # narrower still: fewer keys again, each whole
        await pilot.pause()
        assert len(drawn_whole(footer, width - 12)) < len(shown)


@pytest.mark.parametrize(("width", "description"), [(96, "Highlights"), (83, "Next section")])
async def test_the_last_key_may_touch_the_palettes_edge(width: int, description: str) -> None:
    """As in Textual's footer: a compact key's margin is not needed before the edge (`q Quit▏^p`)."""
    async with ReaderApp(WELCOME).run_test(size=(width, 24)) as pilot:
        footer = (await loaded(pilot)).query_one(KeysFooter)
        await until(pilot, footer.shown, "the footer's keys")
        assert description in drawn_whole(footer, width)
        assert "Quit▏^p palette " in footer.render().plain


async def test_a_narrow_footer_is_compact_from_its_first_frame() -> None:
    """Its spacing is worked out from its width as it is drawn (it was set by a resize event,
    which came after the first frame: that frame had the wide spacing and the palette)."""
    footer = KeysFooter()
    assert footer.compact and not footer.show_command_palette  # no width yet
    async with ReaderApp(WELCOME).run_test(size=(60, 24)) as pilot:
        footer = pilot.app.screen.query_one(KeysFooter)
        await until(pilot, footer.shown, "the footer's keys")
        assert footer.compact and not footer.show_command_palette
        assert "▏" not in footer.render().plain and "/ Search f Links" in footer.render().plain


@pytest.mark.parametrize("width", [50, 60, 100])
async def test_the_library_footer_and_title_column_at_narrow_widths(library: Library, width: int) -> None:
    app = Host(library)
    async with app.run_test(size=(width, 24)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#entries", DataTable).row_count == 3, "the list")
        footer = app.screen.query_one(KeysFooter)
        await until(pilot, footer.shown, "the footer's keys")
        drawn_whole(footer, width)
        table = app.screen.query_one("#entries", DataTable)
        title = table.ordered_columns[0].get_render_width(table)
        assert title >= width // 2, (width, title)
        rest = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert rest <= width, (width, rest)
