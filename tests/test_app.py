"""Pilot tests of the reading app on the bundled sample: every key, at a fixed size."""

from __future__ import annotations

import asyncio
import gc
import json
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, Tree

from reader.config import config_dir
from reader.model import HEADER, Article, Block, Position
from reader.ui import messages
from reader.ui.app import ReaderApp
from reader.ui.article_view import ArticleView
from reader.ui.bars import SearchBar
from reader.ui.collector import NEVER
from reader.ui.contents import ContentsPane
from reader.ui.dialogs import ErrorScreen, HelpScreen, LinksScreen
from reader.ui.footer import KeysFooter
from reader.ui.keys import APP_KEYS
from reader.ui.loader import Load
from reader.ui.reading import ReadingScreen
from tests.conftest import SAMPLES
from tests.waiting import until

WELCOME = str(SAMPLES / "welcome.md")
WELCOME_ZH = str(SAMPLES / "welcome-zh.md")
SIZE = (100, 30)


def make_app(source: str | None = WELCOME, **kwargs: object) -> ReaderApp:
    return ReaderApp(source, **kwargs)  # type: ignore[arg-type]


def footer_keys(screen: ReadingScreen) -> set[str]:
    """The keys the footer drew last."""
    return {key.key for key in screen.query_one(KeysFooter).shown()}


async def loaded(pilot: Pilot[int], timeout: float = 30.0) -> ReadingScreen:
    """Wait until the reading screen finished loading; return it (the deadline is only for a
    load that never ends: on a busy machine a picture-laden post took over 10 s)."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        screen = app.screen_stack[0]
        if isinstance(screen, ReadingScreen) and screen.is_mounted and not screen.is_loading and screen.complete:
            await pilot.pause()
            return screen
        if time.monotonic() > deadline:
            raise AssertionError("the article did not load in time")
        await pilot.pause(0.02)


async def error_shown(pilot: Pilot[int], timeout: float = 10.0) -> ErrorScreen:
    """Wait until the error dialog is the screen shown; return it."""
    deadline = time.monotonic() + timeout
    while not isinstance(screen := pilot.app.screen, ErrorScreen):
        assert time.monotonic() < deadline, "no error dialog"
        await pilot.pause(0.02)
    return screen


def screen_text(view: ArticleView) -> str:
    """What the reading pane shows now, one line per row."""
    height = view.scrollable_content_region.height
    return "\n".join(view.render_line(y).text.rstrip() for y in range(height))


def link_on_screen(view: ArticleView, wanted: Callable[[str], bool]) -> tuple[int, int]:
    """The cell (x, y) where the first link on screen whose target is `wanted` begins."""
    for y in range(view.scrollable_content_region.height):
        x = 0
        for segment in view.render_line(y):
            if segment.style and segment.style.link and wanted(segment.style.link):
                return x, y
            x += segment.cell_length
    raise AssertionError("the link is not on screen")


def last_notice(pilot: Pilot[int]) -> str:
    return str(list(pilot.app._notifications)[-1].message)


async def open_another(pilot: Pilot[int], source: str) -> ReadingScreen:
    """Open `source` with ctrl+o, as the reader types it; the reading screen once it has loaded."""
    await pilot.press("ctrl+o")
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = source
    await pilot.press("enter")
    return await loaded(pilot)


def heading_line(screen: ReadingScreen, text: str) -> int:
    article = screen.article
    assert article is not None
    heading = next(h for h in article.headings if h.text == text)
    layout = screen.view.text_layout
    assert layout is not None
    return layout.block_line(heading.block)


async def test_opens_the_sample_with_header_contents_and_text() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        assert screen.article is not None
        assert screen.article.metadata.title == "Welcome to reader"
        header = screen.header.render().plain
        assert "Welcome to reader" in header
        assert "The reader team" in header
        assert "2026-11-24" in header
        assert "min read" in header
        assert header.rstrip().endswith("0%")
        text = screen_text(view)
        assert "reader is a terminal article reader" in text
        assert screen.contents.count == len(screen.article.headings) == 9
        assert view.has_focus
        # No raw markup reaches the screen.
        for marker in ("**", "](", "<b>", "&amp;", "[/"):
            assert marker not in text


async def test_text_sits_in_a_centred_column() -> None:
    async with make_app().run_test(size=(140, 30)) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        assert view.text_layout is not None
        assert view.text_layout.width == 80
        pane = view.scrollable_content_region.width
        first = view.render_line(view.text_layout.line_of(Position(0)) - view.top).text
        indent = len(first) - len(first.lstrip())
        assert indent == (pane - 80) // 2
        assert all(len(view.render_line(y).text) == pane for y in range(5))


async def test_line_keys_scroll_one_line() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await pilot.press("j")
        assert view.top == 1
        await pilot.press("down", "down")
        assert view.top == 3
        await pilot.press("k")
        assert view.top == 2
        await pilot.press("up")
        assert view.top == 1


async def test_page_keys_scroll_one_screen() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        page = view.scrollable_content_region.height - 2
        await pilot.press("space")
        assert view.top == page
        await pilot.press("pagedown")
        assert view.top == 2 * page
        await pilot.press("shift+space")
        assert view.top == page
        await pilot.press("pageup")
        assert view.top == 0


async def test_top_and_end() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await pilot.press("G")
        assert view.top == round(view.max_scroll_y) > 0
        assert view.at_end
        assert "kept for next time" in screen_text(view)
        assert screen.header.render().plain.rstrip().endswith("100%")
        await pilot.press("g")
        assert view.top == 0
        await pilot.press("end")
        assert view.at_end
        await pilot.press("home")
        assert view.top == 0
        # They are jumps: Backspace goes back to where each one left.
        await pilot.press(*["j"] * 8)
        assert view.top == 8
        await pilot.press("G", "backspace")
        await pilot.pause()
        assert view.top == 8
        await pilot.press("g", "backspace")
        await pilot.pause()
        assert view.top == 8


async def test_section_keys_and_contents_follow() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await pilot.press("right_square_bracket")
        assert view.top == heading_line(screen, "Moving around")
        assert screen.contents.followed == 0
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert view.top == heading_line(screen, "What search looks at")
        await pilot.pause()
        assert screen.contents.followed == 2
        tree = screen.contents.heading_tree
        assert tree.cursor_node is not None and tree.cursor_node.data == 2
        await pilot.press("left_square_bracket")
        assert view.top == heading_line(screen, "Searching")
        assert screen.contents.followed == 1
        # Back above the first heading: no section is highlighted.
        await pilot.press("g")
        await pilot.pause()
        assert screen.contents.followed == -1
        assert tree.has_class("-no-section")

        def background(y: int) -> object:
            label = [segment for segment in tree.render_line(y) if segment.text.strip()][-1]
            return label.style.bgcolor if label.style else None

        assert tree.cursor_line == 0 and round(tree.scroll_y) == 0
        assert background(0) == background(1)  # the cursor's row looks like the others
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert not tree.has_class("-no-section")
        assert background(0) != background(1)


async def test_contents_follow_plain_scrolling() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        target = heading_line(screen, "Following links")
        for _ in range(target):
            await pilot.press("j")
        await pilot.pause()
        assert screen.view.top == target
        assert screen.contents.followed == 3
        await pilot.press("k")
        await pilot.pause()
        assert screen.contents.followed == 2


async def test_choosing_a_heading_puts_it_at_the_top() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("tab")
        tree = screen.contents.heading_tree
        assert tree.has_focus
        tree.move_cursor_to_line(4)  # Themes and width
        await pilot.press("enter")
        await pilot.pause()
        assert screen.view.top == heading_line(screen, "Themes and width")


async def test_j_and_k_move_through_the_contents_when_it_has_the_focus() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("tab")
        tree = screen.contents.heading_tree
        assert tree.has_focus
        await pilot.press("j", "j", "j", "k")
        assert tree.cursor_line == 1
        assert screen.view.top == 0  # the article did not scroll
        await pilot.press("enter")
        await pilot.pause()
        assert screen.view.top == heading_line(screen, "Searching")


async def test_clicking_a_heading_puts_it_at_the_top() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        tree = screen.contents.heading_tree
        node = tree.get_node_at_line(5)
        assert node is not None and node.data == 5  # Your library
        await pilot.click(Tree, offset=(4, 5))
        await pilot.pause()
        assert screen.view.top == heading_line(screen, "Your library")


async def test_t_toggles_contents_and_tab_moves_between_panes() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        contents = screen.query_one(ContentsPane)
        assert contents.display
        width_with = screen.view.size.width
        await pilot.press("t")
        await pilot.pause()
        assert not contents.display
        assert screen.view.size.width > width_with
        await pilot.press("t")
        await pilot.pause()
        assert contents.display
        assert screen.view.has_focus
        await pilot.press("tab")
        assert contents.heading_tree.has_focus
        await pilot.press("tab")
        assert screen.view.has_focus


async def test_search_with_no_match() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash")
        bar = screen.query_one(SearchBar)
        assert bar.is_open
        assert screen.query_one("#search-input", Input).has_focus
        await pilot.press(*"zqxv")
        await pilot.pause()
        assert screen.view.matches == []
        assert "no matches" in str(screen.query_one("#search-count").render())
        assert screen.view.top == 0
        await pilot.press("enter")
        await pilot.press("n")
        assert screen.view.top == 0


async def test_search_with_matches_highlights_and_steps() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await pilot.press("slash", *"search")
        await pilot.pause()
        count = len(view.matches)
        assert count >= 4
        assert view.current_match == 0
        assert f"1/{count} matches" in str(screen.query_one("#search-count").render())
        # The current match is on screen and painted with the theme's current-match style.
        spec = pilot.app.spec
        y = view.match_line(0) - view.top
        strip = view.render_line(y)
        assert any(seg.style and spec.style("current_match").bgcolor == seg.style.bgcolor for seg in strip)
        assert "search" in "".join(seg.text for seg in strip if seg.style and seg.style.bgcolor).lower()
        await pilot.press("enter")
        assert view.has_focus
        await pilot.press("n")
        assert view.current_match == 1
        assert f"2/{count} matches" in str(screen.query_one("#search-count").render())
        await pilot.press("N", "N")
        assert view.current_match == count - 1
        await pilot.press("escape")
        assert not screen.search.is_open
        assert view.matches == []


async def test_search_finds_a_phrase_broken_across_lines() -> None:
    async with make_app().run_test(size=(60, 30)) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        layout = view.text_layout
        assert layout is not None
        # A phrase of the first paragraph that the layout breaks at this width.
        article = screen.article
        assert article is not None
        block = 1
        text = article.blocks[block].text
        first_line = layout.line(layout.line_of(Position(block, 0)))
        cut = first_line.end
        phrase = text[cut - 8 : cut + 8].strip()
        await pilot.press("slash", *phrase)
        await pilot.pause()
        assert len(view.matches) == 1
        match = view.matches[0]
        assert layout.locate(match.block, match.start)[0] != layout.locate(match.block, match.end - 1)[0]


async def test_search_in_chinese_is_width_and_case_insensitive() -> None:
    async with make_app(WELCOME_ZH).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"目录")
        await pilot.pause()
        assert len(screen.view.matches) >= 3
        screen.query_one("#search-input", Input).value = "ＹＡＭＬ"  # full-width letters
        await pilot.pause()
        assert len(screen.view.matches) >= 1


async def test_link_to_an_anchor_jumps_and_back_returns() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("f")
        await pilot.pause()
        links_screen = pilot.app.screen
        assert isinstance(links_screen, LinksScreen)
        options = links_screen.query_one(OptionList)
        assert options.virtual_size.height == options.option_count, "one line an entry, however long its address"
        index = next(i for i, link in enumerate(links_screen.links) if link.href == "#themes")
        assert f"{index + 1}" in str(options.get_option_at_index(index).prompt)
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.view.top == heading_line(screen, "Themes and width")
        await pilot.press("backspace")
        assert screen.view.top == 0
        await pilot.press("alt+right")
        assert screen.view.top == heading_line(screen, "Themes and width")
        await pilot.press("alt+left")
        assert screen.view.top == 0


async def test_links_are_osc8_hyperlinks() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await pilot.press(*["right_square_bracket"] * 4)
        rows = [view.render_line(y) for y in range(view.scrollable_content_region.height)]
        linked = [seg for strip in rows for seg in strip if seg.style and seg.style.link == "#themes"]
        assert linked
        assert all(seg.style is not None and seg.style.underline for seg in linked)
        rendered = "".join(strip.render(pilot.app.console) for strip in rows)
        assert "\x1b]8;" in rendered and "#themes" in rendered


async def test_relative_link_opens_the_file_and_back_returns(tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text("# Other page\n\nThe other page's text.\n\n## Part two\n\nMore.\n", "utf-8")
    first = tmp_path / "first.md"
    first.write_text("# First\n\nSee [the other page](other.md#part-two) and [mail](mailto:a@b.c).\n", "utf-8")
    async with make_app(str(first)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.article is not None
        href = screen.article.links[0].href
        screen.follow_link(href)
        screen = await loaded(pilot)
        assert screen.article is not None and screen.article.metadata.title == "Other page"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.article is not None and screen.article.metadata.title == "First"
        await pilot.press("alt+right")
        await pilot.pause()
        assert screen.article.metadata.title == "Other page"


async def test_refused_links_are_not_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("reader.ui.system.open_url", lambda url: opened.append(url) or True)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        article = screen.article
        screen.follow_link("javascript:alert(1)")
        screen.follow_link("data:text/html,hi")
        await pilot.pause()
        assert screen.article is article
        assert not screen.is_loading
        assert opened == []
        screen.follow_link("mailto:someone@example.org")
        await pilot.pause()  # the app hands it to the browser, asked by a message
        assert opened == ["mailto:someone@example.org"]


async def test_o_opens_the_article_or_current_link_in_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("reader.ui.system.open_url", lambda url: opened.append(url) or True)
    async with make_app().run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        assert opened == [Path(WELCOME).resolve().as_uri()]
        screen = pilot.app.screen
        assert isinstance(screen, ReadingScreen)
        screen.presenter.current_link = "https://example.org/page"
        await pilot.press("o")
        assert opened[-1] == "https://example.org/page"


async def test_resize_keeps_the_reading_position() -> None:
    async with make_app().run_test(size=(120, 30)) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        for _ in range(4):
            await pilot.press("right_square_bracket")
        await pilot.press("j", "j", "j")
        before = view.position
        assert before.block > 0
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        assert view.text_layout is not None and view.text_layout.width < 80
        after = view.position
        assert after.block == before.block
        line = view.text_layout.line(view.top)
        assert line.start <= before.offset <= max(line.end, line.start)
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert view.position.block == before.block


async def test_width_keys_change_the_column_and_save_it() -> None:
    async with make_app().run_test(size=(140, 30)) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await pilot.press("minus")
        await pilot.pause()
        assert view.text_layout is not None and view.text_layout.width == 70
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert view.text_layout.width == 90
        saved = json.loads((config_dir() / "config.json").read_text("utf-8"))
        assert saved["width"] == 90


async def test_theme_key_cycles_and_saves() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        app = pilot.app
        assert isinstance(app, ReaderApp)
        assert app.theme == "paper"
        names = list(app.catalog.themes)
        await pilot.press("T")
        await pilot.pause()
        assert app.theme == names[(names.index("paper") + 1) % len(names)]
        assert screen.view.spec.name == app.theme
        saved = json.loads((config_dir() / "config.json").read_text("utf-8"))
        assert saved["theme"] == app.theme
        assert set(app.available_themes) == set(names)


async def test_theme_from_settings_and_command_line() -> None:
    config = config_dir()
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.json").write_text('{"theme": "night", "width": 60}', "utf-8")
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert pilot.app.theme == "night"
        assert screen.view.column == 60
    async with make_app(theme="sepia").run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert pilot.app.theme == "sepia"


async def test_user_theme_is_picked_up_and_a_broken_one_reported() -> None:
    themes = config_dir() / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('name = "mine"\ndark = true\n[colors]\nprimary = "#ff0000"\n', "utf-8")
    (themes / "broken.toml").write_text("name = [unclosed\n", "utf-8")
    async with make_app().run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app = pilot.app
        assert isinstance(app, ReaderApp)
        assert "mine" in app.available_themes
        messages = [notification.message for notification in app._notifications]
        assert any("broken.toml" in message for message in messages)


async def test_help_screen_lists_every_key() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        shown = "\n".join(f"{keys} {text}" for keys, text in help_screen.rows)
        for needle in ("j", "space", "]", "/", "n", "N", "f", "o", "Backspace", "T", "?", "q", "+", "-", "Tab"):
            assert needle in shown
        rows = dict(help_screen.rows)
        assert "Save the post" in rows["b"] and "library" in rows["L"]
        assert rows["ctrl+c"].startswith("Quit")
        scroll = help_screen.query_one(VerticalScroll)
        assert scroll.max_scroll_y > 0  # the list is taller than the screen here
        await pilot.press("j")
        assert scroll.scroll_target_y == 1
        await pilot.press("G")
        assert scroll.scroll_target_y == scroll.max_scroll_y
        await pilot.press("k", "g")
        assert scroll.scroll_target_y == 0
        await pilot.press("space")
        assert scroll.scroll_target_y > 1
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReadingScreen)


async def test_command_palette_lists_every_action() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        titles = {command.title for command in pilot.app.get_system_commands(screen)}
        actions = ["Next section", "Search", "Links", "Back", "Wider", "Narrower", "Save", "Library"]
        for action in (*actions, "Next theme", "Help", "Quit"):
            assert action in titles
        assert {"Theme: paper", "Theme: night", "Theme: sepia", "Theme: contrast"} <= titles


async def test_q_quits() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_missing_source_shows_an_error_screen_and_stays_usable(tmp_path: Path) -> None:
    async with make_app(str(tmp_path / "nope.md")).run_test(size=SIZE) as pilot:
        app = pilot.app
        error = await error_shown(pilot)
        assert "no such file" in error.reason
        await pilot.pause()  # the dialog mounted (under load the Esc came before it could take it)
        await pilot.press("escape")
        deadline = time.monotonic() + 10
        while not isinstance(app.screen, ReadingScreen):  # the dialog closes a message later
            assert time.monotonic() < deadline, "escape did not close the error screen"
            await pilot.pause(0.02)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        assert "Nothing is open" in screen_text(screen.view)
        # The footer offers only keys that do something with nothing open.
        deadline = time.monotonic() + 10
        while {"right_square_bracket", "slash", "f", "v", "m"} & footer_keys(screen):
            assert time.monotonic() < deadline, "the footer still offers keys that need an article"
            await pilot.pause(0.02)
        assert {"L", "q"} <= footer_keys(screen)
        screen = await open_another(pilot, WELCOME)
        assert screen.article is not None and screen.article.metadata.title == "Welcome to reader"
        deadline = time.monotonic() + 10
        while "f" not in footer_keys(screen):
            assert time.monotonic() < deadline, "the article's keys did not come back to the footer"
            await pilot.pause(0.02)


async def test_an_article_without_headings_offers_no_section_keys(tmp_path: Path) -> None:
    """The footer led with `] Next section` in an article without headings, and `]` did nothing."""
    plain = tmp_path / "plain.md"
    plain.write_text("".join(f"Paragraph {n} of a note with no headings at all.\n\n" for n in range(60)), "utf-8")
    async with make_app(str(plain)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.article is not None and not screen.article.headings
        await until(pilot, lambda: "right_square_bracket" not in footer_keys(screen), "the footer without ]")
        assert {"slash", "q"} <= footer_keys(screen)
        screen = await open_another(pilot, WELCOME)
        # An article with headings has it back.
        await until(pilot, lambda: "right_square_bracket" in footer_keys(screen), "] back in the footer")
        top = screen.view.top
        await pilot.press("right_square_bracket")
        assert screen.view.top > top


async def test_the_error_dialog_names_the_source_once_and_enter_closes_it() -> None:
    """The reason said the address again under it (`http://...: connection refused`), and
    Enter pressed the first button, "Open another…", which opened a second dialog."""
    with socket.socket() as sock:  # a port nothing listens on: bound, then closed
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/story"
    async with make_app(url).run_test(size=SIZE) as pilot:
        app = pilot.app
        error = await error_shown(pilot)
        await pilot.pause()
        assert error.reason.startswith(f"{url}: ")
        shown = str(error.query_one("#error-reason", Static).render())
        assert shown == error.reason.removeprefix(f"{url}: ") and url not in shown
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReadingScreen), "enter to close the error screen")


async def test_error_while_reading_keeps_the_current_article(tmp_path: Path) -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        article = screen.article
        await pilot.press("G", "g")  # two jumps: a place to go back to, not where the reader is
        screen.open_source(str(tmp_path / "missing.html"))
        error = await error_shown(pilot)
        assert not error.can_go_back  # Back took the reader to the end, where they were before `g`
        await pilot.press("backspace")
        assert pilot.app.screen is error
        await pilot.press("escape")
        assert screen.article is article
        assert screen.view.top == 0
        await pilot.press("j")
        assert screen.view.top == 1
        # A page that converts to nothing (no text, no picture) fails as a missing one does.
        hollow = tmp_path / "hollow.html"
        hollow.write_text("<html><body><div> </div></body></html>", "utf-8")
        place = screen.view.position
        screen.open_source(str(hollow))
        error = await error_shown(pilot)
        assert "nothing to read" in error.reason
        await pilot.press("escape")
        assert screen.article is article
        assert screen.view.position == place


async def test_escape_cancels_a_slow_load(monkeypatch: pytest.MonkeyPatch) -> None:
    release = asyncio.Event()
    started: list[bool] = []

    def slow_open(
        source: str, base_url: str | None = None, *, progress: object = None, cancel: object = None, **_: object
    ) -> None:
        import threading

        assert isinstance(cancel, threading.Event)
        started.append(True)
        cancel.wait(10)
        from reader.errors import Cancelled

        raise Cancelled("cancelled")

    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        article = screen.article
        monkeypatch.setattr("reader.source.fetch.fetch", slow_open)
        screen.open_source("https://example.org/slow")
        deadline = time.monotonic() + 5
        while not started:
            assert time.monotonic() < deadline
            await pilot.pause(0.02)
        assert screen.is_loading
        while screen.presenter.loading_bar is None or not screen.presenter.loading_bar.is_loading:
            assert time.monotonic() < deadline, "no progress bar for a slow load"
            await pilot.pause(0.02)
        await pilot.press("escape")
        assert not screen.is_loading
        assert not screen.presenter.loading_bar.is_loading
        assert screen.article is article
        release.set()


async def test_long_article_loads_in_chunks_with_contents_filling_in(tmp_path: Path) -> None:
    sections = [f"## Section {n}\n\n" + ("Some words of text here. " * 60 + "\n\n") * 4 for n in range(200)]
    path = tmp_path / "long.md"
    path.write_text("# Long\n\n" + "".join(sections), "utf-8")
    chunk_calls: list[int] = []
    full_collections: set[int] = set()  # their threshold while parts arrive (none: `reader.ui.collector`)
    threshold = gc.get_threshold()
    async with make_app(str(path)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, timeout=60)
        original = screen.presenter.add_blocks

        def counting(load: Load, blocks: list[Block]) -> None:
            chunk_calls.append(len(blocks))
            full_collections.add(gc.get_threshold()[2])
            original(load, blocks)

        screen.presenter.add_blocks = counting  # type: ignore[method-assign]
        screen.open_source(str(path))
        screen = await loaded(pilot, timeout=60)
        assert len(chunk_calls) > 1
        assert screen.article is not None
        assert screen.contents.count == len(screen.article.headings) == 201
        assert full_collections == {NEVER}
        assert gc.get_threshold() == threshold, "full collections as ever once the article is whole"
        await pilot.press("G")
        assert "Section 199" in "\n".join(h.text for h in screen.article.headings)
        assert screen.view.position.block > 0


async def test_article_loaded_hook_and_position_api(tmp_path: Path) -> None:
    events: list[str] = []

    class Recording(ReaderApp):
        def on_article_loaded(self, event: messages.ArticleLoaded) -> None:
            events.append(event.source)

    async with Recording(WELCOME).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert events == [WELCOME]
        screen.go_to_position(Position(5, 0))
        assert screen.position.block == 5
        assert screen.position != Position(HEADER, 0)


async def test_initial_position_is_restored() -> None:
    async with ReaderApp(WELCOME, position=Position(10, 0)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.position.block == 10


async def test_unsupported_content_offers_the_system_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.errors import UnsupportedContent

    opened: list[str] = []
    monkeypatch.setattr("reader.ui.system.open_url", lambda url: opened.append(url) or True)

    def pdf(source: str, base_url: str | None = None, **_: object) -> None:
        raise UnsupportedContent("not an article: application/pdf", url=source, media_type="application/pdf")

    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        monkeypatch.setattr("reader.source.fetch.fetch", pdf)
        screen.open_source("https://example.org/paper.pdf")
        error = await error_shown(pilot)
        assert error.browser_url == "https://example.org/paper.pdf"
        assert "application/pdf" in error.reason
        await pilot.press("o")
        deadline = time.monotonic() + 10
        while not opened:  # the choice travels from the dialog through the screen to the app
            assert time.monotonic() < deadline, "the browser was not asked"
            await pilot.pause(0.02)
        assert opened == ["https://example.org/paper.pdf"]
        assert pilot.app.screen is screen


async def test_clicking_a_link_follows_it() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await pilot.press(*["right_square_bracket"] * 4)
        x, y = link_on_screen(view, lambda link: link == "#themes")
        await pilot.click(ArticleView, offset=(x + 1, y))
        await pilot.pause()
        assert view.top == heading_line(screen, "Themes and width")


def _no_repr(self: object) -> str:
    raise AssertionError(f"a {type(self).__name__} written out whole (seconds of the UI thread at 25 MB)")


async def test_long_articles_relay_out_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    # The workers' descriptions: Textual's default, the repr of the work, wrote out the article
    # (the layout's) or the load (with a fetched page's bytes) on the UI thread.
    monkeypatch.setattr(Article, "__repr__", _no_repr)
    monkeypatch.setattr(Load, "__repr__", _no_repr)
    monkeypatch.setattr("reader.ui.article_view.BACKGROUND_LAYOUT_BLOCKS", 5)
    # A second of quiet before the background layout starts: wide enough for a busy machine to
    # see the header say so (the old lines stay meanwhile).
    monkeypatch.setattr("reader.ui.article_view.BACKGROUND_LAYOUT_DELAY", 1.0)
    monkeypatch.setattr("reader.ui.search.BACKGROUND_LAYOUT_BLOCKS", 5)
    async with make_app().run_test(size=(120, 30)) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        await pilot.press(*["right_square_bracket"] * 4)
        before = view.position
        old = view.text_layout
        await pilot.resize_terminal(70, 30)
        deadline = time.monotonic() + 10
        while "laying out" not in screen.header.render().plain:
            assert time.monotonic() < deadline, "the header never said the article is being laid out"
            await pilot.pause(0.02)
        assert view.relaying
        while view.relaying or view.text_layout is old:
            assert time.monotonic() < deadline, "the background layout never arrived"
            await pilot.pause(0.02)
        assert view.text_layout is not None and view.text_layout.width < 80
        await pilot.pause()
        assert "laying out" not in screen.header.render().plain
        assert view.position.block == before.block
        assert screen.view.current_heading() == 3
        # Search in a long article waits for a pause in typing, then finds as before.
        await pilot.press("slash", *"search")
        deadline = time.monotonic() + 5
        while not view.matches:
            assert time.monotonic() < deadline, "the delayed search never ran"
            await pilot.pause(0.05)
        assert view.current_match >= 0


async def test_g_while_a_long_article_is_laid_out_again_stays_at_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exact layout arriving after G must not leave the reader short of the end (it was
    saved as 98% and reopened there)."""
    monkeypatch.setattr("reader.ui.article_view.BACKGROUND_LAYOUT_BLOCKS", 5)
    monkeypatch.setattr(
        "reader.ui.article_view.BACKGROUND_LAYOUT_DELAY", 2.0
    )  # a busy machine: 0.3 s, and at load 25 even 1 s, could pass in one pause
    async with make_app().run_test(size=(120, 30)) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        old = view.text_layout
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        assert view.relaying
        await pilot.press("G")
        deadline = time.monotonic() + 20
        while view.relaying or view.text_layout is old:
            assert time.monotonic() < deadline, "the background layout never arrived"
            await pilot.pause(0.02)
        await pilot.pause()
        assert view.at_end and view.progress == 100


async def test_a_reopened_article_is_in_the_first_frame() -> None:
    """The second time, the sample's conversion comes from the cache and shows without a
    worker: the reading screen holds the whole article as soon as it is mounted."""
    async with make_app().run_test(size=SIZE) as pilot:
        await loaded(pilot)
    async with make_app().run_test(size=SIZE) as pilot:
        screen = pilot.app.screen_stack[0]
        assert isinstance(screen, ReadingScreen)
        assert screen.complete and not screen.is_loading
        assert "reader is a terminal article reader" in screen_text(screen.view)


async def test_quitting_at_once_while_the_library_records() -> None:
    """The library's answer may arrive after the screen is gone: nothing breaks."""
    async with make_app().run_test(size=SIZE) as pilot:
        await loaded(pilot)
    for _ in range(5):
        async with make_app().run_test(size=SIZE):
            pass


async def test_the_collector_paused_for_the_start_runs_again_after_the_first_frame() -> None:
    """`launch` turns the garbage collector off for the start; the app turns it back on, or
    a long session would keep every reference cycle it ever made."""
    gc.disable()
    try:
        async with make_app().run_test(size=SIZE) as pilot:
            await loaded(pilot)
            assert gc.isenabled()
        gc.disable()
        async with make_app(None).run_test(size=SIZE) as pilot:  # the library at start
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_footer_closes_up_on_an_80_column_terminal() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        footer = screen.query_one(KeysFooter)
        assert footer.compact and footer.show_command_palette
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert not footer.compact


async def test_footer_is_one_line_that_follows_the_bindings_without_mounting_a_widget() -> None:
    """Textual's footer mounted a widget per key each time the screen announced new bindings;
    the first time, after a long article's first frame, the first key pressed waited 90 ms for
    it. This footer draws one line, whatever the bindings."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        footer = screen.query_one(KeysFooter)
        await until(pilot, lambda: "slash" in footer_keys(screen), "the footer's keys")
        assert not footer.children
        for _ in range(2):  # article -> contents -> article
            await pilot.press("tab")
            await pilot.pause()
        await pilot.press("slash")  # while a search is typed, the reading keys leave the footer
        assert screen.search.typing
        await until(pilot, lambda: "slash" not in footer_keys(screen), "the footer without /")
        await pilot.press("escape")
        await until(pilot, lambda: "slash" in footer_keys(screen), "/ back in the footer")
        assert not footer.children


async def test_a_click_on_a_footer_key_presses_it_and_hovering_tells_what_it_does() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        footer = screen.query_one(KeysFooter)
        await until(pilot, lambda: "question_mark" in footer_keys(screen), "the footer's keys")
        line = footer.render().plain
        at = line.index(" ? ") + 1
        await pilot.hover(KeysFooter, offset=(at, 0))
        (help_key,) = (key for key in APP_KEYS if key.action == "help")
        assert footer.tooltip == help_key.help
        await pilot.click(KeysFooter, offset=(at, 0))
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "the help screen")


async def test_the_hovered_footer_key_is_the_one_under_the_mouse_after_the_keys_move() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        footer = screen.query_one(KeysFooter)
        await until(pilot, lambda: "b" in footer_keys(screen), "the footer's keys")
        at = footer.render().plain.index(" b Save") + 1
        await pilot.hover(KeysFooter, offset=(at, 0))
        assert footer.tooltip == next(key.tooltip for key in footer.shown() if key.key == "b")
        await pilot.press("v")  # selecting: h and H come in before b
        await until(pilot, lambda: "h" in footer_keys(screen), "the selection's keys")
        under = footer.key_at(at)
        assert under is not None and under.key != "b"
        await until(pilot, lambda: footer.tooltip == under.tooltip, "the tooltip of the key now under the mouse")


async def test_a_click_on_the_palettes_edge_opens_the_palette() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        footer = screen.query_one(KeysFooter)
        await until(pilot, lambda: "ctrl+p" in footer_keys(screen), "the palette's key")
        await pilot.click(KeysFooter, offset=(footer.render().plain.index("▏"), 0))
        await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the command palette")


async def test_footer_shows_the_main_keys_wherever_the_focus_is() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await loaded(pilot)
        main_keys = {"right_square_bracket", "slash", "f", "b", "L", "question_mark", "q"}
        for focused in (ArticleView, Tree):
            assert isinstance(pilot.app.focused, focused)
            assert pilot.app.screen.query_one(KeysFooter).display
            shown = {binding.key for _, binding, _, _ in pilot.app.screen.active_bindings.values() if binding.show}
            assert main_keys <= shown
            await pilot.press("tab")
            await pilot.pause()


async def test_an_article_without_headings_hides_the_contents_and_says_why(tmp_path: Path) -> None:
    post = tmp_path / "plain.md"
    post.write_text("One paragraph and no headings at all.\n\nAnother one.\n", encoding="utf-8")
    async with make_app(str(post)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.article is not None and not screen.article.headings
        assert not screen.contents.display
        assert screen.view.size.width == SIZE[0]  # the text has the whole width
        for key in ("t", "right_square_bracket"):
            await pilot.press(key)
            await pilot.pause()
            assert "no headings" in last_notice(pilot)
            assert not screen.contents.display
        # Opening an article with headings brings the contents back.
        screen.open_source(WELCOME)
        screen = await loaded(pilot)
        assert screen.contents.display and screen.contents.count == 9


async def test_next_match_before_any_search_says_how_to_search() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert "press / to search" in last_notice(pilot)


async def test_n_after_esc_brings_the_last_search_back() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"search", "enter")
        await pilot.pause()
        count = len(screen.view.matches)
        assert count > 1
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.view.matches and not screen.search.is_open
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        assert screen.search.is_open and screen.search.query == "search"
        assert len(screen.view.matches) == count and screen.view.current_match >= 0
        assert screen.view.has_focus  # n and N go on stepping through the matches
        await pilot.press("n")
        assert screen.view.current_match >= 1


async def test_a_narrow_terminal_starts_with_the_contents_hidden() -> None:
    async with make_app().run_test(size=(60, 20)) as pilot:
        screen = await loaded(pilot)
        assert not screen.contents.display
        footer = screen.query_one(KeysFooter)
        assert footer.compact and not footer.show_command_palette
        await pilot.press("t")
        await pilot.pause()
        assert screen.contents.display


async def test_long_headings_end_in_an_ellipsis_in_the_contents(tmp_path: Path) -> None:
    post = tmp_path / "long.md"
    long_heading = "Foreign relations and military matters of a very long heading indeed"
    post.write_text(f"# Title\n\nText.\n\n## {long_heading}\n\nMore text.\n", encoding="utf-8")
    async with make_app(str(post)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        tree = screen.contents.heading_tree
        row = tree.render_line(1).text.rstrip()
        assert row.endswith("…") and "Foreign relations" in row
        assert not tree.show_horizontal_scrollbar


async def test_keys_typed_right_behind_the_slash_go_into_the_search() -> None:
    """A paste, or a fast typist: `/bug` arrives in one read. The `b` must not save the post,
    nor the `g` jump to the top; all three are the search's text."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        for key, character in (("slash", "/"), ("b", "b"), ("u", "u"), ("g", "g")):
            pilot.app.post_message(events.Key(key, character))  # queued together, no pause
        await pilot.pause()
        await pilot.pause()
        assert screen.search.query == "bug"
        assert not screen.header.saved
        await pilot.press("slash", "x")  # inside the search box, / is a character
        assert screen.search.query == "bug/x"


async def test_the_reading_pane_lists_no_keys_of_its_own() -> None:
    """Every key is in the screen's table (and the help); none of ScrollView's sideways keys."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        actions = {binding.key: binding.action for _, binding, _, _ in screen.active_bindings.values()}
        assert "left" not in actions and "ctrl+pageup" not in actions  # ← → are the selection's (v), bound then
        for key in ("down", "up", "pagedown", "pageup", "home", "end"):
            assert any(key in binding.key.split(",") for _, binding, _, _ in screen.active_bindings.values()), key


async def test_coming_back_from_a_suspension_redraws_the_whole_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.driver import Driver

    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        calls: list[dict[str, object]] = []
        original = screen.refresh
        monkeypatch.setattr(screen, "refresh", lambda *a, **k: calls.append(k) or original(*a, **k))
        pilot.app.post_message(Driver.SignalResume())  # what the driver sends after `fg`
        await pilot.pause()
        assert any(call.get("repaint") for call in calls)


def after_first_chunk(screen: ReadingScreen, do: Callable[[], None]) -> list[bool]:
    """Run `do` once, as the next load's first blocks arrive (while the rest still loads);
    the list says whether it ran."""
    presenter = screen.presenter
    ran: list[bool] = []

    def then_do(shown: Callable[[Load, Any], None]) -> Callable[[Load, Any], None]:
        def show(load: Load, part: Any) -> None:
            shown(load, part)
            if not ran and presenter.article is not None and presenter.article.blocks:
                ran.append(True)
                do()

        return show

    presenter.begin = then_do(presenter.begin)  # type: ignore[method-assign]
    presenter.add_blocks = then_do(presenter.add_blocks)  # type: ignore[method-assign]
    return ran


def _long_article(tmp_path: Path) -> Path:
    sections = [f"## Section {n}\n\n" + ("Some words of text here. " * 60 + "\n\n") * 4 for n in range(200)]
    path = tmp_path / "long.md"
    path.write_text("# Long\n\n" + "".join(sections), "utf-8")
    return path


async def test_moving_while_loading_wins_over_the_place_the_load_was_going_to(tmp_path: Path) -> None:
    """Opened at a link's #anchor, an article goes there once that part arrives; a search made
    before then is where the reader wants to be, and stays. (Opened at a position, the article
    shows there from its first frame: a search made while the rest arrives stays too.)"""
    path = _long_article(tmp_path)
    async with make_app(str(path)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, timeout=60)
        assert screen.article is not None and screen.article.anchor_block("section-199") is not None
        searched = after_first_chunk(screen, lambda: screen.search.search_now("Section 1"))
        screen.open_source(str(path), fragment="section-199", record=False)
        screen = await loaded(pilot, timeout=60)
        assert searched
        assert screen.view.current_heading() < 5  # at the match, not at the anchor near the end
        middle = len(screen.article.blocks) // 2 if screen.article else 0
        searched = after_first_chunk(screen, lambda: screen.search.search_now("Section 1"))
        screen.open_source(str(path), position=Position(middle, 0), record=False)
        screen = await loaded(pilot, timeout=60)
        assert searched
        view = screen.view
        match = view.match_line(view.current_match)
        assert view.top <= match < view.top + view.scrollable_content_region.height  # at the match, still


async def test_G_while_loading_follows_the_end(tmp_path: Path) -> None:
    path = _long_article(tmp_path)
    async with make_app(str(path)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, timeout=60)
        pressed = after_first_chunk(screen, screen.action_end)
        screen.open_source(str(path), record=False)
        screen = await loaded(pilot, timeout=60)
        await pilot.pause()
        assert pressed and screen.view.at_end
        assert screen.header.progress == 100


async def test_cancelling_halfway_marks_the_article_partial(tmp_path: Path) -> None:
    path = _long_article(tmp_path)
    async with make_app(str(path)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, timeout=60)
        cancelled = after_first_chunk(screen, screen.action_cancel_load)
        screen.open_source(str(path), record=False)
        deadline = time.monotonic() + 30
        while not (cancelled and pilot.app._notifications):  # the notice is a message away
            assert time.monotonic() < deadline, "the first blocks never came"
            await pilot.pause(0.02)
        assert not screen.is_loading and screen.article is not None
        assert len(screen.article.headings) < 201
        assert "partial" in screen.header.render().plain
        assert "only the part shown" in last_notice(pilot)
        assert gc.get_threshold()[2] != NEVER, "full collections as ever once the load is given up"


async def test_moving_in_the_old_article_keeps_the_new_ones_target() -> None:
    """Keys pressed before the next article shows move the one on screen; they do not cancel
    where the next one opens (its #anchor here)."""
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        screen.open_source(WELCOME, fragment="themes", record=False)
        screen.action_end()  # still the old article on screen
        screen = await loaded(pilot)
        await pilot.pause()
        assert screen.view.top == heading_line(screen, "Themes and width")


async def test_N_after_esc_goes_backwards() -> None:
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"search", "enter", "n", "n")
        stepped = screen.view.current_match
        assert stepped >= 2
        await pilot.press("escape", "N")
        await pilot.pause()
        assert 0 <= screen.view.current_match < stepped
        assert screen.view.has_focus


async def test_an_article_without_headings_never_shows_the_contents_while_loading(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("".join(f"Paragraph {n} with some words in it.\n\n" for n in range(3000)), "utf-8")
    async with make_app().run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        seen: list[bool] = []
        after_first_chunk(screen, lambda: seen.append(screen.contents.display))
        screen.open_source(str(path), record=False)
        screen = await loaded(pilot, timeout=60)
        assert seen == [False]
        assert not screen.contents.display
        deadline = time.monotonic() + 10
        while screen.view.relaying:  # the pane's width went to the text: perhaps laid out again
            assert time.monotonic() < deadline
            await pilot.pause(0.05)
        await pilot.pause()
        assert "laying out" not in screen.header.render().plain
