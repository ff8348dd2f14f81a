"""The contents pane while a long article arrives: it holds the headings near the one being
read and takes the rest once the article is whole (the tree is built again whole at each
addition, so thousands of far headings cost every half second while a long article loads)."""

from __future__ import annotations

import time

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets.tree import TreeNode

from reader.model import Heading
from reader.ui import contents
from reader.ui.contents import ContentsPane
from reader.ui.contents_tree import ContentsTree
from tests.waiting import until


class Pane(App[None]):
    def compose(self) -> ComposeResult:
        yield ContentsPane()


def headings(count: int) -> list[Heading]:
    return [Heading(2, f"Part {n}", f"part-{n}", n) for n in range(count)]


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contents, "ARRIVING_AHEAD", 20)
    monkeypatch.setattr(contents, "ARRIVING_INTERVAL", 0.01)


async def test_while_arriving_the_pane_holds_the_headings_near_the_reader_and_all_once_whole() -> None:
    async with Pane().run_test() as pilot:
        pane = pilot.app.query_one(ContentsPane)
        arrived = headings(5)
        pane.headings_arrived(arrived)
        assert pane.count == 5
        arrived += headings(100)[5:]  # the article's list grows in place as blocks arrive
        pane.headings_arrived(arrived)
        await until(pilot, lambda: pane.count >= 20)
        assert pane.count == 20, "far headings are held back while the article arrives"
        pane.follow(2)  # far from the last held: nothing added (each addition lays out the screen)
        await pilot.pause(0.1)
        assert pane.count == 20
        pane.follow(15)  # near it: the next ones come, once the move is drawn (not in its frame)
        assert pane.count == 20
        await until(pilot, lambda: pane.count == 35, f"{pane.count} headings, not 35")
        pane.follow(60)  # the reader went far down: the headings up to there come now
        assert pane.count == 80
        assert pane.followed == 60
        assert pane.heading_tree.cursor_node is not None and pane.heading_tree.cursor_node.data == 60
        pane.finished()
        assert pane.count == 100
        labels = [str(node.label) for node in pane.heading_tree.root.children]
        assert labels == [f"Part {n}" for n in range(100)]


async def test_headings_outgrowing_the_pane_draw_only_their_own_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scroll bar coming (the tree taller than its pane) neither resizes the tree nor has
    it draw again the lines it showed: an addition draws the lines added."""
    drawn: list[int] = []
    render_label = ContentsTree.render_label

    def counted(tree: ContentsTree, node: TreeNode[int], base_style: Style, style: Style) -> Text:
        drawn.append(node.data if node.data is not None else -1)
        return render_label(tree, node, base_style, style)

    monkeypatch.setattr(ContentsTree, "render_label", counted)
    async with Pane().run_test(size=(80, 24)) as pilot:
        pane = pilot.app.query_one(ContentsPane)
        tree = pane.heading_tree
        pane.add_headings(headings(18))
        await until(pilot, lambda: 17 in drawn)
        assert not tree.show_vertical_scrollbar
        width, drawn[:] = tree.size.width, []
        pane.add_headings(headings(30))
        await until(pilot, lambda: tree.show_vertical_scrollbar and bool(drawn))
        await pilot.pause()
        assert tree.size.width == width
        assert drawn and min(drawn) >= 18, "only the lines of the headings added"


async def test_a_whole_article_shown_at_once_lists_every_heading() -> None:
    async with Pane().run_test() as pilot:
        pane = pilot.app.query_one(ContentsPane)
        pane.headings_arrived(headings(50))  # its first and only part
        pane.finished()
        assert pane.count == 50
        deadline = time.monotonic() + 5
        while pane.heading_tree.last_line < 49:
            assert time.monotonic() < deadline
            await pilot.pause(0.02)


async def test_a_heading_of_several_lines_shows_its_first() -> None:
    async with Pane().run_test() as pilot:
        pane = pilot.app.query_one(ContentsPane)
        pane.add_headings([Heading(1, "First line\nsecond line", "", 0), Heading(1, "", "", 1)])
        labels = [str(node.label) for node in pane.heading_tree.root.children]
        assert labels == ["First line", "(untitled)"]


async def test_scrolling_the_contents_near_the_last_held_heading_brings_the_next_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reader browsing the contents ahead of the reading, while the article arrives,
    finds more headings as they scroll (the end of the held ones is not the article's)."""
    monkeypatch.setattr(contents, "ARRIVING_AHEAD", 40)  # more than the pane shows (about 22 lines)
    async with Pane().run_test(size=(80, 24)) as pilot:
        pane = pilot.app.query_one(ContentsPane)
        pane.headings_arrived(headings(200))
        assert pane.count == 40
        tree = pane.heading_tree
        tree.focus()
        deadline = time.monotonic() + 10
        while pane.count < 100:  # End, as often as the reader likes: the headings keep coming
            assert time.monotonic() < deadline, f"the contents ended at heading {pane.count} of 200"
            await pilot.press("end")
            await pilot.pause(0.05)
        assert pane.followed == -1, "browsing the contents is not reading"


class TwoPanes(App[None]):
    def compose(self) -> ComposeResult:
        yield ContentsPane(id="parts")
        yield ContentsPane(id="whole")


async def test_headings_added_in_parts_make_the_tree_one_added_at_once_does() -> None:
    """The tree makes lines only for the headings appended since its last build: their
    nesting, guides (├ before a later sibling, └ for the last), numbers and widths are those
    of a tree built whole."""
    levels = [1, 2, 3, 3, 2, 1, 2, 4, 2, 1, 3, 2, 2, 1, 1, 3]
    arrived = [Heading(level, f"Heading {n} " + "x" * (n % 5), f"h-{n}", n) for n, level in enumerate(levels)]
    async with TwoPanes().run_test(size=(80, 30)) as pilot:
        parts, whole = pilot.app.query_one("#parts", ContentsPane), pilot.app.query_one("#whole", ContentsPane)
        for end in (1, 3, 4, 7, 8, 12, 13, len(arrived)):
            parts.add_headings(arrived[:end])
            assert parts.heading_tree.last_line == end - 1  # built now, from the lines before
        whole.add_headings(arrived)
        whole.heading_tree._invalidate()  # as for a change other than an addition: the next build is whole
        await pilot.pause()

        def shown(pane: ContentsPane) -> list[tuple[list[int | None], bool, int, str]]:
            tree = pane.heading_tree
            return [
                ([node.data for node in line.path], line.last, line.node.line, tree.render_line(y).text)
                for y, line in enumerate(tree._tree_lines)
            ]

        assert shown(parts) == shown(whole)
        assert parts.heading_tree.virtual_size == whole.heading_tree.virtual_size
        assert "├" in "".join(text for *_, text in shown(whole)), "the guides are compared"


async def test_headings_added_between_frames_and_resizes_show_as_a_tree_built_whole() -> None:
    """Parts drawn before the next arrives (their guides cached), a resize between parts (the
    labels cut to another width) and the tree growing past its pane: the lines drawn at the
    end are those of a tree built whole, a later sibling's guide (│) running past the earlier
    one's subsections."""
    levels = [2, 3, 4, 4, 3, 2, 4, 3, 2, 3, 3, 4, 2, 2, 3, 4, 4, 4, 3, 2] * 3
    arrived = [
        Heading(level, f"第{n}节 Section {n} " + "长标题" * (n % 6), f"h-{n}", n) for n, level in enumerate(levels)
    ]
    async with TwoPanes().run_test(size=(120, 40)) as pilot:
        parts, whole = pilot.app.query_one("#parts", ContentsPane), pilot.app.query_one("#whole", ContentsPane)
        for end, width in ((2, 120), (5, 120), (9, 60), (14, 60), (26, 100), (41, 100), (len(arrived), 120)):
            if width != pilot.app.size.width:
                await pilot.resize_terminal(width, 40)
            parts.add_headings(arrived[:end])
            parts.follow(end - 1)
            await pilot.pause()  # drawn: its lines cached until the next addition
        whole.add_headings(arrived)
        await pilot.pause()

        def drawn(pane: ContentsPane) -> list[tuple[list[int | None], bool, str]]:
            tree = pane.heading_tree
            width, style = tree.size.width, tree.rich_style
            return [
                ([node.data for node in line.path], line.last, tree._render_line(y, 0, width, style).text)
                for y, line in enumerate(tree._tree_lines)
            ]

        assert parts.heading_tree.virtual_size.height > parts.heading_tree.scrollable_content_region.height
        assert drawn(parts) == drawn(whole)
        texts = "".join(text for *_, text in drawn(whole))
        assert "│ ├" in texts and "…" in texts, "nested guides and cut labels are compared"


async def test_thousands_held_back_come_a_slice_a_frame_complete_and_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the article is whole, the headings held back are added a slice a frame (keys are
    answered between slices), until every one is there, in order, each with its index."""
    monkeypatch.setattr(contents, "FINISHING_SLICE", 300)
    levels = [2, 3, 3, 4, 2, 3]
    arrived = [Heading(levels[n % len(levels)], f"Part {n}", f"part-{n}", n) for n in range(1000)]
    async with Pane().run_test() as pilot:
        pane = pilot.app.query_one(ContentsPane)
        pane.headings_arrived(arrived[:30])
        pane.headings_arrived(arrived)  # the rest, held back
        assert pane.count < 100
        pane.finished()
        assert pane.count <= 100 + 300, "one slice at once"
        await until(pilot, lambda: pane.count == 1000, f"{pane.count} of 1000 headings")
        tree = pane.heading_tree
        lines = tree._tree_lines
        assert [line.node.data for line in lines] == list(range(1000))
        assert [str(line.node.label) for line in lines] == [f"Part {n}" for n in range(1000)]
        assert [len(line.path) for line in lines[:6]] == [1, 2, 2, 3, 1, 2], "nested by level"


async def test_following_the_end_as_it_arrives_adds_its_headings_once_an_interval(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """G while a long article arrives: the section followed is the last one arrived, at every
    part; the tree takes the new headings, and follows the last, once an interval (each
    addition draws it again), not at every part."""
    monkeypatch.setattr(contents, "ARRIVING_INTERVAL", 1.0)
    async with Pane().run_test() as pilot:
        pane = pilot.app.query_one(ContentsPane)
        arrived = headings(10)
        pane.headings_arrived(arrived)
        pane.follow(9)
        assert (pane.count, pane.followed) == (10, 9)
        arrived += headings(15)[10:]
        pane.headings_arrived(arrived)
        pane.follow(14)  # the next part's last heading, within the interval
        assert (pane.count, pane.followed) == (10, 9), "added at every part"
        await until(pilot, lambda: pane.followed == 14, "the heading followed never came")
        assert pane.count == 15
        node = pane.heading_tree.cursor_node
        assert node is not None and node.data == 14
        arrived += headings(65)[15:]  # a long part: more than ARRIVING_AHEAD past the last held
        pane.headings_arrived(arrived)
        pane.follow(64)  # still the end moving on, not a jump
        assert (pane.count, pane.followed) == (15, 14), "added at every part"
        await until(pilot, lambda: pane.followed == 64, "the heading followed never came")
        assert pane.count == 65


async def test_an_addition_draws_again_only_the_lines_it_changes() -> None:
    """Lines drawn before an addition stay in the tree's cache (each addition drew every line
    on screen again); those it may change are drawn again: the section it is added to, where
    the sibling before it shows a branch (├) instead of an end, and a guide (│) runs past the
    lines under that sibling."""
    levels = [2, 3, 3, 2, 3, 4]
    arrived = [Heading(level, f"Heading {n}", f"h-{n}", n) for n, level in enumerate(levels)]
    async with TwoPanes().run_test(size=(80, 30)) as pilot:
        parts, whole = pilot.app.query_one("#parts", ContentsPane), pilot.app.query_one("#whole", ContentsPane)
        tree = parts.heading_tree
        parts.add_headings(arrived)
        await pilot.pause()
        width, style = tree.size.width, tree.rich_style
        before = [tree._render_line(y, 0, width, style) for y in range(len(arrived))]
        more = [*arrived, Heading(3, "Heading 6", "h-6", 6)]
        parts.add_headings(more)
        whole.add_headings(more)
        await pilot.pause()
        after = [tree._render_line(y, 0, width, style) for y in range(len(more))]
        assert [y for y in range(len(arrived)) if after[y] is before[y]] == [0, 1, 2], "the first section's, cached"
        assert [strip.text for strip in after] == [
            whole.heading_tree._render_line(y, 0, width, style).text for y in range(len(more))
        ]
        assert after[4].text.startswith("├") and after[5].text.startswith("│"), "the lines the addition changed"


async def test_passing_the_first_heading_draws_again_only_the_cursor_line() -> None:
    """Above the first heading the cursor's line looks like the others; below it, as a cursor.
    The change draws that line again (in the cursor's style), not every line of the tree."""
    async with Pane().run_test(size=(60, 30)) as pilot:
        pane = pilot.app.query_one(ContentsPane)
        tree = pane.heading_tree
        pane.add_headings(headings(10))
        pane.follow(-1)
        pilot.app.set_focus(None)  # the reader is in the article (in the contents, the cursor always shows)
        await pilot.pause()
        width, style = tree.size.width, tree.rich_style
        before = [tree._render_line(y, 0, width, style) for y in range(10)]
        pane.follow(0)
        await pilot.pause()
        assert not tree.has_class("-no-section")
        after = [tree._render_line(y, 0, width, style) for y in range(10)]
        assert [y for y in range(10) if after[y] is not before[y]] == [0], "the cursor's line only"
        assert after[0].text == before[0].text
        assert _background(before[0]) == _background(before[1]), "above the first heading, like the others"
        assert _background(after[0]) != _background(after[1]), "below it, the cursor's"
        pane.follow(-1)
        await pilot.pause()
        again = tree._render_line(0, 0, width, style)
        assert again == before[0], "back above it: like the others again"


def _background(line: Strip) -> object:
    """The background of a tree line's label."""
    label = [segment for segment in line if segment.text.strip()][-1]
    return label.style.bgcolor if label.style else None
