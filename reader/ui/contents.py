"""The contents pane: a Tree of the article's headings, nested by level.

It fills in as headings arrive (a long article loads chunk by chunk), follows the reading
(`follow` moves the cursor to the section at the top of the reading pane and keeps it in
view), and says so when an article has no headings. Choosing an entry posts `Selected`.
"""

from __future__ import annotations

import time
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from reader.model import Heading
from reader.ui.contents_tree import ContentsTree

ARRIVING_INTERVAL = 0.5
"""Seconds between additions of headings while a long article arrives: each addition draws
every line the tree shows again."""
ARRIVING_AHEAD = 60
"""Most headings past the one being read that the tree holds while the article arrives (more
than the pane shows); the rest come once it is whole, or as the reader goes past them. Each
addition once laid out the whole screen again, as the tree's size changed (0.1-0.3 s on a
busy machine, with keys waiting), for lines out of sight; it now only repaints the tree and
its scroll bar (`ContentsTree.refresh`), and makes the lines of the headings added."""
FINISHING_SLICE = 2000
"""Most headings added in one frame once the article is whole: the rest come a slice a frame
(12,000 held back while a 25 MB page arrived took 0.2-0.4 s at once, keys waiting)."""


class ContentsPane(Vertical):
    DEFAULT_CSS = """
    ContentsPane {
        width: 32;
        max-width: 40%;
        height: 1fr;
        border-right: vkey $panel;
        background: $surface;
    }
    ContentsPane > #contents-title {
        color: $text-muted;
        text-style: bold;
        padding: 0 1;
    }
    ContentsPane > #contents-empty {
        color: $text-muted;
        padding: 1 1;
        display: none;
    }
    ContentsPane.-empty > #contents-empty {
        display: block;
    }
    ContentsPane.-empty > ContentsTree {
        display: none;
    }
    """

    class Selected(Message):
        """The reader chose a heading (Enter or a click)."""

        def __init__(self, heading: int) -> None:
            super().__init__()
            self.heading = heading

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._heading_nodes: list[TreeNode[int]] = []
        self._stack: list[tuple[int, TreeNode[int]]] = []
        self._followed = -1
        self._arriving: list[Heading] | None = None
        """The article's headings, to add once `_timer` fires."""
        self._timer: Timer | None = None
        self._wanted = -1
        """The heading last asked to follow (one not held yet is followed once it is added)."""
        self._added_at = 0.0
        """When headings were last added while the article arrives (`time.monotonic()`)."""

    def compose(self) -> ComposeResult:
        yield Static("Contents", id="contents-title")
        # A Text label, not a str: a str is parsed as markup, which loads Rich's emoji table.
        tree: ContentsTree = ContentsTree(Text("Contents"), id="contents-tree", classes="-no-section")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield Static("This article has no headings.", id="contents-empty")

    def on_mount(self) -> None:
        self.watch(self.heading_tree, "scroll_y", self._contents_scrolled, init=False)

    def _contents_scrolled(self) -> None:
        """The reader scrolled the contents (the wheel, PageDown, the cursor) near the last
        heading held while the article arrives: the next ones come, as when the reading nears
        it (else the contents would end there, and their scroll bar say so, until the
        article is whole)."""
        if self._arriving is None or not self._heading_nodes:
            return
        tree = self.heading_tree
        # Every node is one line, in the headings' order (the root is hidden).
        bottom = min(int(tree.scroll_y) + tree.scrollable_content_region.height, len(self._heading_nodes)) - 1
        if self._short_of(len(self._arriving), bottom):
            self._add_arrived(heading=bottom)

    @property
    def heading_tree(self) -> ContentsTree:
        return self.query_one(ContentsTree)

    @property
    def count(self) -> int:
        return len(self._heading_nodes)

    def reset(self) -> None:
        self._stop_timer()
        self.heading_tree.clear()
        self._heading_nodes = []
        self._stack = []
        self._followed = self._wanted = -1
        self.heading_tree.add_class("-no-section")
        self.remove_class("-empty")

    def headings_arrived(self, headings: list[Heading]) -> None:
        """`add_headings` while the article arrives: the first at once, then every
        `ARRIVING_INTERVAL` (after the frame under way, `_add_after_frame`), up to
        `ARRIVING_AHEAD` past the one being read (`finished` adds the rest)."""
        first = not self._heading_nodes
        self._arriving = headings
        if first:
            self._add_arrived()
        elif self._timer is None and self._short_of(len(headings)):
            self._timer = self.set_timer(ARRIVING_INTERVAL, self._add_after_frame)

    def _short_of(self, arrived: int, heading: int = -1) -> bool:
        """Whether the tree lacks headings the reader may soon see: it holds fewer than
        `ARRIVING_AHEAD`, or the reader is within a third of that of its last (not at every
        heading the reader passes: each addition lays out the screen again)."""
        held = len(self._heading_nodes)
        near = max(self._followed, heading, 0) + ARRIVING_AHEAD // 3
        return held < arrived and (held < ARRIVING_AHEAD or near >= held)

    def _room_ahead(self, heading: int = -1) -> int:
        """How many headings the tree holds while the article arrives."""
        return max(self._followed, heading, 0) + ARRIVING_AHEAD

    def _add_arrived(self, *, whole: bool = False, heading: int = -1) -> None:
        """Add the headings that arrived (up to `ARRIVING_AHEAD` past `heading` or the one
        followed, unless `whole`); those held back stay in `_arriving`."""
        headings = self._arriving
        self._stop_timer()
        if headings is None:
            return
        room = len(headings) if whole else self._room_ahead(heading)
        self._added_at = time.monotonic()
        if whole and room > self.count + FINISHING_SLICE:  # the rest a slice a frame
            room = self.count + FINISHING_SLICE
            self.call_after_refresh(partial(self._add_arrived, whole=True))
        self.add_headings(headings[:room])
        if room < len(headings):
            self._arriving = headings

    def _timed_addition(self) -> None:
        """The headings that arrived, up to `ARRIVING_AHEAD` past the one wanted, which is followed now."""
        self._add_arrived(heading=self._wanted)
        self.follow(self._wanted)

    _after_frame = False
    """An addition waits for the frame under way (`_add_after_frame`)."""

    def _add_after_frame(self) -> None:
        """`_timed_addition` once the frame under way is drawn (at once when none is): the
        reader's move that asked for it, or a key pressed as the interval ended, is drawn
        first. Made with the move, the addition's lines (the first addition: 30-40 lines,
        15-25 ms of the UI thread on a busy machine, and the tree's scroll bar) were drawn in
        the key's own frame, the first key or two after the first screen waiting for them;
        drawn after it, they take the gap before the next key."""
        if not self._after_frame:
            self._after_frame = True
            self.call_after_refresh(self._added_after_frame)

    def _added_after_frame(self) -> None:
        self._after_frame = False
        if self._arriving is not None:
            self._timed_addition()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._arriving = None

    def add_headings(self, headings: list[Heading]) -> None:
        """Append headings (those the pane does not have yet are taken from the list's end)."""
        self._stop_timer()
        tree = self.heading_tree
        with tree.adding():
            for heading in headings[len(self._heading_nodes) :]:
                while self._stack and self._stack[-1][0] >= heading.level:
                    self._stack.pop()
                parent = self._stack[-1][1] if self._stack else tree.root
                node = tree.append(parent, _label(heading), len(self._heading_nodes))
                self._heading_nodes.append(node)
                self._stack.append((heading.level, node))

    def finished(self) -> None:
        """The article is complete: the headings held back come (`FINISHING_SLICE` a frame);
        say so if it has none."""
        self._add_arrived(whole=True)
        self.set_class(not self._heading_nodes, "-empty")

    def follow(self, heading: int) -> None:
        """Highlight the heading of the section being read and keep it in view; -1 (above
        the first heading) highlights none, with the cursor waiting on the first. While the
        article arrives, headings are added at most every `ARRIVING_INTERVAL` (each addition
        draws the tree again: at every part, when the view follows the end after G), and after
        the move's frame, unless the reader went far past them (a jump shows its section at
        once); one not held yet is followed once it is."""
        self._wanted = heading
        if self._arriving is not None and self._short_of(len(self._arriving), heading):
            # A jump (a reopening, a search, G): not the end moving on while the reader follows it.
            far = heading >= self.count + ARRIVING_AHEAD and self._followed < self.count - 1
            if far:
                self._add_arrived(heading=heading)
            elif time.monotonic() - self._added_at >= ARRIVING_INTERVAL:
                self._add_after_frame()  # the reader nears the headings held back
            elif self._timer is None:
                self._timer = self.set_timer(ARRIVING_INTERVAL, self._add_after_frame)
        if heading == self._followed or heading >= len(self._heading_nodes) or not self._heading_nodes:
            return
        self._followed = heading
        tree = self.heading_tree
        tree.no_section(heading < 0)
        node = self._heading_nodes[max(heading, 0)]
        if node.line < 0:
            _ = tree.last_line  # the tree numbers its lines lazily: make it do so now
        tree.move_cursor(node)
        if heading < 0:
            tree.scroll_home(animate=False)

    @property
    def followed(self) -> int:
        return self._followed

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[int]) -> None:
        event.stop()
        if event.node.data is not None:
            self._followed = event.node.data
            self.post_message(self.Selected(event.node.data))


def _label(heading: Heading) -> Text:
    """A heading's first line (a tree node shows one line)."""
    label = Text(heading.text or "(untitled)")
    return label.split()[0] if "\n" in heading.text else label
