"""Search matching: case- and width-insensitive, exact offsets in the original text."""

from __future__ import annotations

from reader.find import Match, find_in_blocks, find_in_text
from reader.model import Block, BlockKind, Span


def test_ascii_is_case_insensitive() -> None:
    assert find_in_text("Search and SEARCH and search", "search") == [(0, 6), (11, 17), (22, 28)]


def test_matches_do_not_overlap() -> None:
    assert find_in_text("aaaa", "aa") == [(0, 2), (2, 4)]


def test_cjk_text_and_full_width_letters() -> None:
    text = "开头是 ＹＡＭＬ 元数据，下面是 HTML 正文。"
    assert find_in_text(text, "yaml") == [(4, 8)]
    assert find_in_text(text, "ＨＴＭＬ") == [(17, 21)]
    start, end = find_in_text(text, "元数据")[0]
    assert text[start:end] == "元数据"


def test_folding_that_changes_length_keeps_offsets() -> None:
    text = "Die Straße ist groß"
    start, end = find_in_text(text, "STRASSE")[0]
    assert text[start:end] == "Straße"
    start, end = find_in_text("ｶﾀｶﾅ and カタカナ", "カタカナ")[0]
    assert (start, end) == (0, 4)


def test_blank_queries_match_nothing() -> None:
    assert find_in_text("anything", "") == []
    assert find_in_text("any thing", "  ") == []


def test_blocks_in_reading_order() -> None:
    blocks = [
        Block(BlockKind.PARAGRAPH, (Span("one match"),)),
        Block(BlockKind.CODE, code="no MATCH here? match!"),
        Block(BlockKind.PARAGRAPH, (Span("none"),)),
    ]
    assert find_in_blocks(blocks, "match") == [Match(0, 4, 9), Match(1, 3, 8), Match(1, 15, 20)]
