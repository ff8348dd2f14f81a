"""The contents pane's tree of headings, which grows at its end as a long article arrives.

Textual's `Tree` numbers its lines again from the root, and measures every label, whenever a
node is added: adding the headings of a long article as they come cost the square of their
count (12,000 headings of a 25 MB page: a tenth of a second a build). The pane only ever
appends headings (`append`), in the order they are shown, so this tree makes lines for the
nodes appended since its last build and keeps the others; anything else (a clear, a new
width) builds it whole, as `Tree` does. The lines drawn before stay in its cache too (`Tree`
drew every line on screen again at each addition, 15 ms of the UI thread): those an addition
changes are those under the parent it was added to, whose count of changes `Tree` keys the
cache by, and those under the sibling before it, which shows a branch (├) instead of an end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ClassVar, Self

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Tree
from textual.widgets._tree import _TreeLine  # the lines `Tree._build` makes (private in Textual)
from textual.widgets.tree import TreeNode

from reader.chars import cell_len
from reader.ui import scroll_bar
from reader.ui.pass_style import StyleOncePerPass


@dataclass(eq=False, slots=True)
class _Built:
    """The lines of the last build, and what a build that only appends lines needs of it."""

    root: TreeNode[int]
    width: int
    """The tree's width then (labels are cut to it)."""
    lines: list[_TreeLine[int]]
    widest: int
    """The widest line (the tree's virtual width)."""
    last_child: dict[int, _TreeLine[int]] = field(default_factory=dict)
    """Each parent node's (by id) last child's line: a sibling appended after it makes it
    show a branch (├) instead of an end (└)."""


class ContentsTree(StyleOncePerPass, Tree[int]):
    """The headings; each node's data is the heading's index in `Article.headings`.

    Every node stays expanded and shows no expand arrow: nesting shows by the guides alone,
    so headings of one level line up whether or not they have subsections.
    """

    DEFAULT_CSS = """
    /* The bar's column is kept when there is no bar: the bar coming as the headings of an
       arriving article outgrow the pane resized the tree, which then drew every line it
       shows again (17-21 ms of the UI thread in one frame, a key's frame waiting). */
    ContentsTree {
        background: transparent;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    /* Above the first heading no section is being read: the cursor (which a Tree always
       has) shows only while the reader is in the contents. */
    ContentsTree.-no-section:blur > .tree--cursor {
        background: transparent;
        text-style: none;
    }
    """
    # While the contents have the focus, j and k move through them as through any list
    # (the reading screen's j and k would scroll the article instead).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next heading", show=False),
        Binding("k", "cursor_up", "Previous heading", show=False),
    ]

    _built: _Built | None = None
    _appended: list[TreeNode[int]] | None = None
    """Nodes appended since the last build (None: none, or the next build is whole)."""

    def append(self, parent: TreeNode[int], label: Text, heading: int) -> TreeNode[int]:
        """A heading's node, last in the tree (its lines are made at the next build)."""
        updates = self._updates  # the tree's count of changes, which keys every line drawn
        node = parent.add(label, data=heading, expand=True, allow_expand=False)
        self._updates = updates  # (counted by `Tree._add_node`): the lines drawn stay
        if self._appended is None:
            self._appended = []
        self._appended.append(node)
        return node

    _drawn_width = 0
    """The room the lines in the cache were drawn for (labels are cut to it)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.scrollable_content_region.width
        if width != self._drawn_width:  # the scroll bar came or went (not a resize: `Tree` keys by that)
            self._drawn_width = width
            self._updates += 1
        return super().render_lines(crop)

    _cursor_style_only = False
    """The style update under way changes only how the cursor's line looks (`no_section`)."""

    def no_section(self, none: bool) -> None:
        """Whether the reader is above the first heading, where the cursor's line looks like the
        others (`-no-section`). Only that line is drawn again when it changes: as for any change
        of its styles, `Tree` forgot every line it drew and built its lines anew (17-21 ms of the
        UI thread, keys waiting, as the reader scrolled past the first heading of an arriving
        article)."""
        if self.has_class("-no-section") == none:
            return
        self._cursor_style_only = True
        try:
            self.set_class(none, "-no-section")
        finally:
            self._cursor_style_only = False

    def notify_style_update(self) -> None:
        if not self._cursor_style_only:
            super().notify_style_update()
            return
        Widget.notify_style_update(self)  # the widget's own styles, not `Tree`'s lines
        if (node := self.cursor_node) is not None:
            node._updates += 1  # in the key of its line (and those under it) in the cache
            self._refresh_line(self.cursor_line)

    def clear(self) -> Self:
        self._built, self._appended = None, None
        return super().clear()

    def render_label(self, node: TreeNode[int], base_style: Style, style: Style) -> Text:
        """A heading longer than the pane ends in an ellipsis (the pane never scrolls sideways)."""
        label = super().render_label(node, base_style, style)
        room = self._room(node)
        if 0 < room < label.cell_len:
            label.truncate(room, overflow="ellipsis")
        return label

    def process_label(self, label: str | Text) -> Text:
        """A `Text` label as it is: the pane gives each a single line already (`_label`), and
        the tree's own processing (a split into lines) was half the cost of adding thousands."""
        return label if isinstance(label, Text) else super().process_label(label)

    def get_label_width(self, node: TreeNode[int]) -> int:
        """The width `render_label` gives, without rendering: the tree measures every label
        whenever a node is added (thousands, in a long article)."""
        label = node.label  # no expand arrows: the label is all there is
        width = label.cell_len if isinstance(label, Text) else cell_len(label)
        room = self._room(node)
        return room if 0 < room < width else width

    _batched = 0
    """Nodes added since `adding` began (each addition would otherwise invalidate the tree,
    and ask for a layout, once per node)."""

    @contextmanager
    def adding(self) -> Iterator[None]:
        """Add many nodes at once: the tree is invalidated once, at the end, and its lines made
        then, if it is on screen (not while the next frame draws them: the scroll bar that the
        lines' count calls for then came in a frame of its own, the whole screen laid out
        again, a key's frame waiting)."""
        self._batched = 1
        try:
            yield
        finally:
            added, self._batched = self._batched > 1, 0
            if added:
                self._appending = True
                try:
                    self._invalidate()
                finally:
                    self._appending = False
                if self.size:
                    _ = self.last_line  # the lines made, and the tree's virtual size set
                    self._refresh_scrollbars()  # shown in the frame that draws the lines

    _appending = False
    """The tree is invalidated for nodes appended (`adding`): the next build may keep the lines."""

    def _invalidate(self) -> None:
        if self._batched:
            self._batched += 1
            return
        if not self._appending:  # a change of another kind (a node removed, collapsed): built whole
            self._built = None
        self._quiet = True  # the tree's own size is the pane's: `_build` asks for a layout if need be
        try:
            if self._built is None:
                super()._invalidate()
            else:  # `Tree._invalidate` but for its cache of drawn lines, which stay (`_append_lines`)
                self._tree_lines_cached = None
                self.root._reset()
                self.refresh(layout=True)
        finally:
            self._quiet = False

    _quiet = False
    """Layouts asked for now are not needed: the nodes changed, not the tree's size."""
    _height_before = 0

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        """Without a layout of the whole screen (0.1-0.3 s on a busy machine while an article
        arrives, keys waiting) when the nodes changed, or the tree grew or shrank while taller
        than its pane before and after (only its scroll bar changes, `_build`)."""
        room = self.scrollable_content_region.height
        if layout and (self._quiet or min(self._height_before, self.virtual_size.height) > room > 0):
            layout = False
            scroll_bar.grow(self, self.virtual_size)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    _width: int | None = None
    """The tree's width while `_build` measures every label (asked once, not per heading:
    finding the widget's region is most of what measuring thousands of labels costs)."""

    def _build(self) -> None:
        self._width = width = self.scrollable_content_region.width
        self._height_before = self.virtual_size.height
        built, appended, self._appended = self._built, self._appended, None
        try:
            if built is not None and built.root is self.root and built.width == width:
                self._append_lines(built, appended or [])
            else:
                super()._build()
                self._built = self._record(width)
        finally:
            self._width = None
            self._height_before = 0

    def _record(self, width: int) -> _Built:
        """What a whole build made, for the builds that follow."""
        lines = self._tree_lines_cached or []
        built = _Built(self.root, width, lines, self.virtual_size.width if lines else 0)
        for line in lines:
            built.last_child[id(line.node.parent)] = line
        return built

    def _append_lines(self, built: _Built, nodes: list[TreeNode[int]]) -> None:
        """`Tree._build` for nodes appended after the lines built (each under a node shown
        before it, as the pane adds headings): their lines, the widest, the cursor's line."""
        lines, guide_depth, show_root = built.lines, self.guide_depth, self.show_root
        for node in nodes:
            parent = node.parent
            if parent is None or parent is self.root:
                line = _TreeLine([node], True)  # as `Tree._build` makes a hidden root's children
            else:
                line = _TreeLine([*lines[parent.line].path, node], True)
                if (before := built.last_child.get(id(parent))) is not None:
                    before.last = False
                    before.node._updates += 1  # its line and those under it: drawn again
            node._line = len(lines)
            lines.append(line)
            built.last_child[id(parent)] = line
            width = self.get_label_width(node) + line._get_guide_width(guide_depth, show_root)
            built.widest = max(built.widest, width)
        self._tree_lines_cached = lines
        self.virtual_size = Size(built.widest if lines else self.size.width, len(lines))
        if self.cursor_line != -1 and self.cursor_node is not None:
            self.cursor_line = self.cursor_node._line

    def _room(self, node: TreeNode[int]) -> int:
        """Cells left for a node's label beside its guides."""
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        width = self.scrollable_content_region.width if self._width is None else self._width
        return width - depth * self.guide_depth
