"""A layout made from a place far down an article (`estimate_before`): exact from that block
on, estimated above it, and every line above still drawable."""

from __future__ import annotations

import time

from reader.convert.pipeline import load_text
from reader.layout.lines import Layout
from reader.model import Article, BlockKind, Position

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


def test_a_lazy_layout_settled_in_any_order_gives_the_exact_lines() -> None:
    article = _article()
    exact = Layout(article, WIDTH)
    lazy = Layout(article, WIDTH, lazy=True)
    assert lazy.estimating
    for start in (len(lazy) // 2, len(lazy) - 5, 0, len(lazy) // 3):
        lazy.settle(start, start + 10, start)
    while lazy.settle_next(7, 0)[0]:
        pass
    assert not lazy.estimating
    assert [line.text for line in lazy.lines()] == [line.text for line in exact.lines()]
    assert lazy.heading_lines() == exact.heading_lines()


def test_settling_by_time_lays_out_one_block_at_least_and_stops_at_its_deadline() -> None:
    """The view settles a long article in steps of a few milliseconds between keys
    (`settler.SETTLE_SECONDS`), not of a fixed count of blocks: a page of many short blocks took
    hundreds of steps. A step whose time is up still lays out one block, so settling always ends."""
    article = _article()
    exact = Layout(article, WIDTH)
    lazy = Layout(article, WIDTH, lazy=True)
    left = lazy.estimated_count
    assert lazy.settle_next(left, 0, until=time.perf_counter() - 1)[0]  # the time was up already
    assert lazy.estimated_count == left - 1
    more, _ = lazy.settle_next(left, 0, until=time.perf_counter() + 60)
    assert not more and not lazy.estimating
    assert [line.text for line in lazy.lines()] == [line.text for line in exact.lines()]


def test_settling_above_a_line_says_how_far_that_line_moved() -> None:
    """The view keeps its top line's text in place by scrolling as far as `settle` says."""
    article = _article()
    lazy = Layout(article, WIDTH, lazy=True)
    top = len(lazy) // 2
    text = lazy.line(top).text
    moved = lazy.settle(0, top, top)
    assert lazy.line(top + moved).text == text


def test_blocks_added_to_a_lazy_layout_wait_to_be_seen() -> None:
    article = _article()
    growing = Article(metadata=article.metadata)
    growing.extend(article.blocks[:5])
    lazy = Layout(growing, WIDTH, lazy=True)
    lazy.settle(0, len(lazy), 0)
    assert not lazy.estimating
    growing.extend(article.blocks[5:])
    lazy.update()
    # Code blocks are counted exactly from their characters, and drawn when shown.
    estimated = [index for index, block in enumerate(article.blocks) if block.kind is not BlockKind.CODE]
    assert lazy.estimated_count == len([index for index in estimated if index >= 5])
    lazy.settle_block(estimated[-1])
    assert lazy.estimated_count == len([index for index in estimated if index >= 5]) - 1


def test_a_layout_taking_over_another_widths_counts_is_the_one_made_afresh() -> None:
    """A resize takes over what the old layout counted whatever the width (separators, the
    estimates' cells, the reading time), including while the article still arrives."""
    article = _article()
    growing = Article(metadata=article.metadata)
    half = len(article.blocks) // 2
    growing.extend(article.blocks[:half])
    wide = Layout(growing, WIDTH + 30, lazy=True)
    wide.settle(0, 20, 0)  # some blocks laid out, some estimated
    known = wide.width_free()
    growing.extend(article.blocks[half:])  # arrived after the counts were taken
    for lazy in (True, False):
        afresh = Layout(growing, WIDTH, lazy=lazy)
        taken_over = Layout(growing, WIDTH, lazy=lazy, width_free=known)
        assert taken_over.reading_minutes == afresh.reading_minutes
        assert [line.text for line in taken_over.lines()] == [line.text for line in afresh.lines()]
        assert taken_over.heading_lines() == afresh.heading_lines()
        if lazy:  # and counted alike for the next (an exact layout measures no cells)
            assert taken_over.width_free() == afresh.width_free()
