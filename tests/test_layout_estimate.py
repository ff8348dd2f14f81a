"""A layout made from a place far down an article (`estimate_before`): exact from that block
on, estimated above it, and every line above still drawable."""

from __future__ import annotations

from reader.convert.pipeline import load_text
from reader.layout.lines import Layout
from reader.model import Article, Position

WIDTH = 50


def _article() -> Article:
    parts = []
    for n in range(40):
        parts.append(f"## Part {n}\n\n" + "Words of text that wrap. " * (n % 7 + 1))
        parts.append(f"> A quote in part {n}, " + "quoted on. " * (n % 3 + 1))
        parts.append(f"- item one of {n}\n- item two of {n}\n\n```\ncode line {n}\nsecond line\n```")
    return load_text("\n\n".join(parts), "text/markdown").article


def test_from_the_place_on_the_lines_are_the_exact_ones() -> None:
    article = _article()
    exact = Layout(article, WIDTH)
    place = Position(len(article.blocks) * 2 // 3, 0)
    estimated = Layout(article, WIDTH, estimate_before=place.block)
    start, exact_start = estimated.line_of(place), exact.line_of(place)
    assert estimated.position_at(start) == exact.position_at(exact_start) == place
    after = len(exact) - exact_start
    assert len(estimated) - start == after  # the rest of the article takes the same lines
    for offset in range(after):
        assert estimated.line(start + offset).text == exact.line(exact_start + offset).text


def test_the_estimated_lines_are_drawable_and_keep_their_blocks_in_order() -> None:
    article = _article()
    place = len(article.blocks) - 5
    estimated = Layout(article, WIDTH, estimate_before=place)
    blocks = [line.block for line in estimated.lines()]
    assert blocks == sorted(blocks)
    # Every block has lines, but the first heading: it says the title, which the header shows.
    assert article.blocks[0].text == article.metadata.title
    assert set(range(1, len(article.blocks))) <= set(blocks)
    for block in range(1, place):
        line = estimated.line_of(Position(block, 0))
        assert estimated.position_at(line).block == block
