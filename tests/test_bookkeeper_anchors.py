"""The app's side of anchors: a reading position is saved with the text around it, and an
opening finds that place, and the article's highlights, again in a changed article."""

from __future__ import annotations

from pathlib import Path

from reader.convert.pipeline import load
from reader.library import Library
from reader.library.anchors import Placement
from reader.model import Position
from reader.ui.bookkeeper import Bookkeeper, Reading

ARTICLE = """# A changing page

The first paragraph sets the scene.

The quick brown fox jumps over the lazy dog. Then it sleeps all afternoon.

The last paragraph closes the page.
"""


def reading_of(page: Path) -> Reading:
    document = load(str(page))
    return Reading(document.article, document=document, complete=True)


def test_an_opening_finds_the_position_and_the_highlights_in_the_changed_text(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(ARTICLE, "utf-8")
    with Library.open() as library:
        keeper = Bookkeeper(library=library)
        reading = reading_of(page)
        entry = keeper.record(reading).result()
        fox = reading.text_map().anchor(Position(2, 4), Position(2, 19))  # "quick brown fox"
        library.highlights.add(entry.id, fox, "the fox")
        keeper.note_position(reading, Position(2, 20), 40.0)
        keeper.flush()
        assert keeper.wait()
        stored = library.get(entry.id)
        assert stored is not None and stored.position_quote.text.startswith("jumps over the lazy dog")

        # The page gains a paragraph at the top: every block index after it shifts by one.
        page.write_text(ARTICLE.replace("The first paragraph", "A new paragraph.\n\nThe first paragraph"), "utf-8")
        again = reading_of(page)
        entry = keeper.record(again).result()
        assert entry.position == Position(3, 20)
        assert again.article.blocks[3].text[20:].startswith("jumps over")
        (highlight,) = again.highlights
        assert highlight.placement is Placement.MOVED
        assert highlight.anchor.start == Position(3, 4) and highlight.anchor.quote.text == "quick brown fox"
        keeper.close()
