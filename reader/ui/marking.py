"""Selections and highlights in the reading screen: `v`, then `j` `k` and `←` `→`, then `h` or `H`;
`m` lists the article's highlights.

`v` starts a selection at the current search match, or on the top line of text; `j` and `k`
move its end by lines, `←` and `→` by words (a character of Chinese or Japanese); Esc drops it.
A drag of the mouse across the text selects too.
`h` keeps it as a highlight, `H` with a note. The library does the writing: the screen asks
the app with `messages.ChangeHighlights` (its one write path), and hears back with
`messages.HighlightsChanged`, once the highlights are stored, to paint them (`Marks`) and count
them in the header. An article's highlights arrive with its recording (`Recorded`), found again
in its text as it is now; so does its reading position, when the text changed under it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events

from reader.chars import cell_len, is_cjk
from reader.library.anchors import Placement
from reader.model import Position
from reader.ui import messages
from reader.ui.article_view import ArticleView
from reader.ui.header import HeaderLine
from reader.ui.marks import Marks

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.library import Library
    from reader.library.entry import Highlight
    from reader.ui.bookkeeper import Reading

STARTED = "Selecting: j k extend it by lines, ← → by words; h highlights it, H with a note; Esc drops it."
NOT_READY = "Highlights need the whole article, kept in the library: wait for it to load."


class Marking:
    """The selection being made in one reading screen, and the highlights it shows."""

    def __init__(self, screen: Screen[Any], reading: Callable[[], Reading | None]) -> None:
        """`reading`: the article on screen (the presenter's)."""
        self._screen = screen
        self._reading = reading
        self._start: Position | None = None
        self._end: Position | None = None
        self._pressed: Position | None = None
        """Where the mouse's button went down in the text (a drag selects from there)."""

    @property
    def view(self) -> ArticleView:
        return self._screen.query_one(ArticleView)

    @property
    def selecting(self) -> bool:
        return self._start is not None

    @property
    def selection(self) -> tuple[Position, Position] | None:
        if self._start is None or self._end is None:
            return None
        return min(self._start, self._end), max(self._start, self._end)

    # the selection
    def start(self) -> None:
        """`v`: select the current search match, or the top line of text."""
        view, layout = self.view, self.view.text_layout
        if layout is None or view.article is None:
            return
        if 0 <= view.current_match < len(view.matches):
            match = view.matches[view.current_match]
            self._show(Position(match.block, match.start), Position(match.block, match.end))
            return
        y = self._text_line(view.top, 1)
        if y is not None:
            line = layout.line(y)
            self._show(Position(line.block, line.start), Position(line.block, line.end))

    def extend_lines(self, count: int) -> bool:
        """`j` `k` while selecting: the selection's end moves by lines. False when there is no
        selection (the keys scroll then)."""
        if self._start is None or self._end is None or self.view.text_layout is None:
            return False
        layout = self.view.text_layout
        last = layout.line_of(Position(self._end.block, max(self._end.offset - 1, 0)))
        y = self._text_line(last + count, count)
        first = layout.line_of(self._start)
        if y is None or y < first:
            return True
        line = layout.line(y)
        self._show(self._start, Position(line.block, line.end))
        height = self.view.scrollable_content_region.height
        if not self.view.top <= y < self.view.top + height:
            self.view.scroll_to_line(y - height + 1 if count > 0 else y)
        return True

    def extend_words(self, count: int) -> None:
        """`←` `→`: the selection's end moves by a word (by a character in unspaced text)."""
        if self._start is None or self._end is None or self.view.article is None:
            return
        texts = [block.text for block in self.view.article.blocks]
        end = self._end
        for _ in range(abs(count)):
            end = word_end(texts, end, forward=count > 0)
        if end > self._start:
            self._show(self._start, end)

    def cancel(self) -> bool:
        """Esc: drop the selection; False when there was none."""
        if self._start is None:
            return False
        self._start = self._end = None
        self._paint()
        self._screen.refresh_bindings()
        return True

    # the mouse
    def press(self, x: int, y: int) -> None:
        """The button went down at (x, y) on the screen: a drag from here selects."""
        self._pressed = self.position_at(x, y)

    def drag(self, x: int, y: int) -> None:
        """The mouse moved with the button down: select from where it went down to here, the
        character under the pointer included."""
        at = self.position_at(x, y)
        if self._pressed is None or at is None or at == self._pressed:
            return
        start, end = min(self._pressed, at), max(self._pressed, at)
        self._show(start, Position(end.block, end.offset + 1))

    def release(self) -> None:
        self._pressed = None

    def position_at(self, x: int, y: int) -> Position | None:
        """The character at (x, y) on the screen, if text of a block is there."""
        view, layout, article = self.view, self.view.text_layout, self.view.article
        region = view.scrollable_content_region
        if layout is None or article is None or not region.contains(x, y):
            return None
        index = view.top + y - region.y
        if not 0 <= index < len(layout):
            return None
        line = layout.line(index)
        if line.block < 0 or line.end <= line.start:
            return None
        cell = x - region.x - max(0, (region.width - layout.width) // 2) - line.indent
        text, offset, used = article.blocks[line.block].text, line.start, 0
        while offset < line.end - 1 and used + cell_len(text[offset]) <= cell:
            used += cell_len(text[offset])
            offset += 1
        return Position(line.block, offset)

    def _text_line(self, y: int, step: int) -> int | None:
        """The first line from `y` (going `step` ways) that shows text of a block."""
        layout = self.view.text_layout
        if layout is None:
            return None
        step = 1 if step >= 0 else -1
        while 0 <= y < len(layout):
            line = layout.line(y)
            if line.block >= 0 and line.end > line.start:
                return y
            y += step
        return None

    def _show(self, start: Position, end: Position) -> None:
        if self._start is None:
            self._screen.notify(STARTED, timeout=4)
        self._start, self._end = start, end
        self._paint()
        self._screen.refresh_bindings()

    # highlights
    def highlight(self, *, with_note: bool = False) -> None:
        """`h`, `H`: keep the selection as a highlight (with a note asked for first)."""
        reading, selection = self._reading(), self.selection
        if selection is None:  # h and H are bound only while selecting
            return
        if reading is None or not reading.complete:
            self._screen.notify(NOT_READY, severity="warning")
            return
        start, end = selection

        def add(note: str) -> Callable[[Library], object]:
            def job(library: Library) -> object:
                return library.highlights.add(_entry_of(reading), reading.text_map().anchor(start, end), note)

            return job

        if not with_note:
            self.cancel()
            self._screen.post_message(messages.ChangeHighlights(reading, add(""), "Highlighted"))
            return
        from reader.ui.library_dialogs import NoteScreen

        quote = _quote([block.text for block in reading.article.blocks], start, end)

        def noted(note: str | None) -> None:
            if note is not None:
                self.cancel()
                self._screen.post_message(messages.ChangeHighlights(reading, add(note), "Highlighted, with a note"))

        self._screen.app.push_screen(NoteScreen(quote, ""), noted)

    def show_list(self) -> None:
        """`m`: the article's highlights; the chosen one's place is brought into view."""
        reading = self._reading()
        if reading is None or not reading.highlights:
            self._screen.notify("No highlights in this article yet: v selects, h highlights.")
            return
        from reader.ui.highlight_list import HighlightListScreen

        def chosen(highlight: Highlight | None) -> None:
            if highlight is not None and highlight.placement is not Placement.LOST:
                self.go_to(highlight)

        self._screen.app.push_screen(HighlightListScreen(reading), chosen)

    def go_to(self, highlight: Highlight) -> None:
        view, layout = self.view, self.view.text_layout
        if layout is not None:
            view.scroll_to_line(layout.line_of(highlight.anchor.start) - view.scrollable_content_region.height // 3)

    # the library's answers
    def recorded(self, reading: Reading, saved: Position) -> None:
        """The article was recorded: its highlights as found now; and, when its text changed
        under the reading position, the position where that text is now (unless the reader
        has moved since it opened)."""
        if reading is not self._reading():
            return
        moved_from = reading.moved_from
        if moved_from is not None and self.view.position.stored() == moved_from:
            self.view.go_to(saved)
        self.changed(reading)

    def changed(self, reading: Reading) -> None:
        """The article's highlights changed (or arrived): paint them, count them."""
        if reading is self._reading():
            self._paint()

    def _paint(self) -> None:
        view, reading = self.view, self._reading()
        if view.article is None or reading is None or reading.article is not view.article:
            return
        placed = [h for h in reading.highlights if h.placement is not Placement.LOST]
        marks = Marks(view.article.blocks, [(h.anchor.start, h.anchor.end) for h in placed])
        if self.selection is not None:
            marks.select(*self.selection)
        if not marks.paints_as(view.marks):
            view.marks = marks
            view.refresh_view()
        self._screen.query_one(HeaderLine).highlights = len(reading.highlights)


class MarkingActions:
    """The reading screen's actions for selections and highlights, mixed into it."""

    marking: Marking

    def action_select(self) -> None:
        self.marking.start()

    def action_extend_words(self, count: int) -> None:
        self.marking.extend_words(count)

    def action_highlight(self, with_note: bool) -> None:
        self.marking.highlight(with_note=with_note)

    def action_highlights(self) -> None:
        self.marking.show_list()

    # a drag in the text selects (the events bubble up from the article view)
    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1:
            self.marking.press(event.screen_x, event.screen_y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if event.button == 1:
            self.marking.drag(event.screen_x, event.screen_y)

    def on_mouse_up(self) -> None:
        self.marking.release()


def _entry_of(reading: Reading) -> int:
    from reader.errors import ReaderError

    if reading.entry_id is None:
        raise ReaderError("this article is not in the library")
    return reading.entry_id


def _is_word(char: str) -> bool:
    return char.isalnum() and not is_cjk(char)


def word_end(texts: list[str], end: Position, *, forward: bool) -> Position:
    """Where a selection's end goes with `→` (the end of the next word) or `←` (the end of the
    word before); in unspaced text a word is a character. It crosses into the next or previous
    block at the ends of one."""
    block, at = end.block, end.offset
    if forward:
        while at >= len(texts[block]) or not texts[block][at].isalnum():
            if at >= len(texts[block]):
                if block + 1 >= len(texts):
                    return Position(block, len(texts[block]))
                block, at = block + 1, 0
            else:
                at += 1
        text = texts[block]
        if is_cjk(text[at]):
            return Position(block, at + 1)
        while at < len(text) and _is_word(text[at]):
            at += 1
        return Position(block, at)
    while at == 0 and block > 0:
        block -= 1
        at = len(texts[block])
    text = texts[block]
    if at > 0 and is_cjk(text[at - 1]):
        return Position(block, at - 1)
    while at > 0 and _is_word(text[at - 1]):
        at -= 1
    while at > 0 and not text[at - 1].isalnum():
        at -= 1
    return Position(block, at)


def _quote(texts: list[str], start: Position, end: Position) -> str:
    """The selected text, for the note's dialog (the start of it when it spans blocks)."""
    if start.block == end.block:
        return texts[start.block][start.offset : end.offset]
    return texts[start.block][start.offset :] + " …"
