"""Highlights in a real library file: anchors that survive widths, themes and changed articles,
notes, export in both formats, and the library's own export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.convert.pipeline import load
from reader.layout.lines import Layout
from reader.layout.theme import load_themes
from reader.library import Library
from reader.library.anchors import Anchor, Placement, TextMap, locate
from reader.library.exchange import read_records, write_records
from reader.model import Position
from tests.conftest import FIXTURES

POSTS = FIXTURES / "library" / "memory"
SENTENCE = "Writing in the margins of a book is an old practice."

ARTICLE = """# A changing page

The first paragraph sets the scene.

The quick brown fox jumps over the lazy dog. Then it sleeps all afternoon.

The last paragraph closes the page.
"""
QUOTED = "The quick brown fox jumps over the lazy dog."


def anchor_of(text_map: TextMap, quote: str) -> Anchor:
    at = text_map.text.index(quote)
    return text_map.anchor(text_map.position_of(at), text_map.position_of(at + len(quote)))


def test_an_anchor_keeps_the_quote_and_its_context() -> None:
    text_map = TextMap.of(load(str(POSTS / "en.md")).article)
    anchor = anchor_of(text_map, SENTENCE)
    assert anchor.quote.text == SENTENCE
    assert anchor.start.offset == 0 and anchor.end.offset == len(SENTENCE)
    assert len(anchor.quote.before) == len(anchor.quote.after) == 32
    assert anchor.quote.after.startswith(" The notes become")
    assert anchor.quote.digest == text_map.digest
    assert text_map.offset_of(anchor.start) == text_map.text.index(SENTENCE)


@pytest.mark.parametrize(("width", "theme"), [(40, "paper"), (80, "night"), (120, "sepia"), (30, "contrast")])
def test_a_highlight_made_at_one_width_is_the_same_text_at_another(width: int, theme: str) -> None:
    """Made from the lines on screen at width 60, stored, read back in a new session: at every
    width and theme the same characters are highlighted."""
    document = load(str(POSTS / "zh.md"))
    article = document.article
    made_on = Layout(article, 60, load_themes().get("paper"))
    lines = [line for line in made_on.lines() if line.block >= 0 and line.end > line.start]
    first, last = lines[3], lines[5]
    with Library.open() as library:
        entry = library.record_open(document)
        text_map = TextMap.of(article)
        library.highlights.add(
            entry.id, text_map.anchor(Position(first.block, first.start), Position(last.block, last.end))
        )
    with Library.open() as library:
        (stored,) = library.highlights.of_entry(entry.id)
    again = load(str(POSTS / "zh.md")).article
    found = locate(stored.anchor, TextMap.of(again))
    assert found.placement is Placement.SAME
    shown_on = Layout(again, width, load_themes().get(theme))
    start, end = found.anchor.start, found.anchor.end
    covered = []
    for line in shown_on.lines(shown_on.line_of(start), shown_on.line_of(end) + 1):
        if line.block < 0 or line.end <= line.start:
            continue  # the title, separators, rules
        low = start.offset if line.block == start.block else 0
        high = end.offset if line.block == end.block else line.end
        covered.append(again.blocks[line.block].text[max(line.start, low) : min(line.end, high)])
    assert "".join(covered) == stored.anchor.quote.text.replace("\n\n", "")


def test_reanchoring_after_the_article_changed(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(ARTICLE, "utf-8")
    with Library.open() as library:
        entry = library.record_open(load(str(page)))
        text_map = TextMap.of(load(str(page)).article)
        fox = library.highlights.add(entry.id, anchor_of(text_map, QUOTED), "a note")
        last = library.highlights.add(entry.id, anchor_of(text_map, "The last paragraph closes the page."))

        def reopen(text: str) -> dict[int, tuple[Placement, str]]:
            page.write_text(text, "utf-8")
            article = library.record_open(load(str(page))) and load(str(page)).article
            placed = library.highlights.relocate(entry.id, TextMap.of(article))
            return {h.id: (h.placement, h.anchor.quote.text) for h in placed}

        # A paragraph inserted before: found by its quote and context, one block further.
        moved = reopen(ARTICLE.replace("The first paragraph", "A new paragraph.\n\nThe first paragraph"))
        assert moved[fox.id] == (Placement.MOVED, QUOTED)
        (stored,) = [h for h in library.highlights.of_entry(entry.id) if h.id == fox.id]
        assert stored.anchor.start.block == fox.anchor.start.block + 1
        assert stored.note == "a note"

        # The quoted sentence edited: found approximately, with the new wording.
        edited = reopen(ARTICLE.replace("jumps over", "leaps over"))
        assert edited[fox.id] == (Placement.MOVED, QUOTED.replace("jumps", "leaps"))

        # The sentence removed: lost, and kept.
        lost = reopen(ARTICLE.replace(QUOTED + " ", ""))
        assert lost[fox.id][0] is Placement.LOST
        assert lost[last.id][0] in (Placement.SAME, Placement.MOVED)
        assert {h.id for h in library.highlights.of_entry(entry.id)} == {fox.id, last.id}
        assert library.highlights.count(entry.id) == 2

        # It comes back when the sentence does.
        back = reopen(ARTICLE)
        assert back[fox.id][0] is Placement.MOVED


def test_the_reading_position_uses_the_same_anchor(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(ARTICLE, "utf-8")
    with Library.open() as library:
        document = load(str(page))
        entry = library.record_open(document)
        text_map = TextMap.of(document.article)
        position = Position(2, 20)
        library.save_position(entry.id, position, 50.0, text_map.anchor_at(position).quote)
    page.write_text(ARTICLE.replace("# A changing page", "# A changing page\n\nA note added on top."), "utf-8")
    with Library.open() as library:
        changed = load(str(page))
        entry = library.record_open(changed)
        assert entry.position == position  # as stored: the block index is now one short
        found = locate(entry.position_anchor, TextMap.of(changed.article))
        assert found.placement is Placement.MOVED
        assert found.anchor.start == Position(3, 20)
        assert changed.article.blocks[3].text[20:].startswith("jumps over")


def test_notes_are_edited_and_highlights_removed() -> None:
    document = load(str(POSTS / "en.md"))
    with Library.open() as library:
        entry = library.record_open(document)
        highlight = library.highlights.add(entry.id, anchor_of(TextMap.of(document.article), SENTENCE), " first ")
        assert highlight.note == "first"
        library.highlights.set_note(highlight.id, "second\x1b[31m thought")
        ((listed_entry, listed),) = library.highlights.listing()
        assert listed_entry.id == entry.id
        assert listed.note == "second thought"  # no terminal escape sequence
        assert [h.id for _, h in library.highlights.listing("margins")] == [highlight.id]
        assert library.highlights.listing("nothing-like-this") == []
        library.highlights.remove(highlight.id)
        assert library.highlights.of_entry(entry.id) == []


def test_removing_the_post_removes_its_highlights_but_unsaving_keeps_them() -> None:
    document = load(str(POSTS / "en.md"))
    with Library.open() as library:
        entry, _ = library.add_bookmark(document)  # saved, never opened here
        library.highlights.add(entry.id, anchor_of(TextMap.of(document.article), SENTENCE))
        library.remove_bookmark(entry.id)
        assert library.get(entry.id) is not None  # kept for its highlight
        assert library.highlights.count(entry.id) == 1
        library.remove(entry.id)
        assert library.highlights.count(entry.id) == 0


def _library_with_highlight() -> int:
    document = load(str(POSTS / "en.md"))
    with Library.open() as library:
        entry = library.record_open(document)
        library.highlights.add(entry.id, anchor_of(TextMap.of(document.article), SENTENCE), "margins matter")
        zh = load(str(POSTS / "zh.md"))
        other = library.record_open(zh)
        library.highlights.add(other.id, anchor_of(TextMap.of(zh.article), "分组交换把数据切成小块"))
        return entry.id


def test_export_as_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    _library_with_highlight()
    assert main(["highlights", "export", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Highlights\n")
    assert "## Notes on reading slowly\n" in out
    assert f"> {SENTENCE}\n\nNote: margins matter\n" in out
    assert str((POSTS / "en.md").resolve()) in out and "2022-11-30" in out and "Ada Byron" in out
    assert "## 互联网的早期历史" in out and "> 分组交换把数据切成小块" in out


def test_export_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    _library_with_highlight()
    assert main(["highlights", "export", "--format", "json"]) == 0
    articles = json.loads(capsys.readouterr().out)
    by_title = {article["title"]: article for article in articles}
    english = by_title["Notes on reading slowly"]
    assert english["date"] == "2022-11-30"
    assert english["source"] == str((POSTS / "en.md").resolve())
    assert [(h["quote"], h["note"]) for h in english["highlights"]] == [(SENTENCE, "margins matter")]


def test_the_library_export_carries_highlights_and_a_double_import_adds_nothing(tmp_path: Path) -> None:
    entry_id = _library_with_highlight()
    export = tmp_path / "library.json"
    with Library.open() as library:
        write_records(export, library.export_records())
        (original,) = library.highlights.of_entry(entry_id)
    other_path = tmp_path / "other.sqlite3"
    with Library.open(other_path) as other:
        other.import_records(read_records(export))
        other.import_records(read_records(export))
        groups = other.highlights.grouped()
        assert sum(len(highlights) for _, highlights in groups) == 2
        imported = next(h for _, hs in groups for h in hs if h.uid == original.uid)
        assert imported.anchor == original.anchor and imported.note == "margins matter"
    # A note edited later in the first library wins when imported again; an older one does not.
    with Library.open() as library:
        library.highlights.set_note(original.id, "edited later")
        write_records(export, library.export_records())
    with Library.open(other_path) as other:
        other.import_records(read_records(export))
        notes = {h.uid: h.note for _, hs in other.highlights.grouped() for h in hs}
        assert notes[original.uid] == "edited later"
        assert len(notes) == 2
