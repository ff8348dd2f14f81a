"""The collector's policy for long articles (`reader.ui.collector`): what arrives is moved out
of the full collections' view, and what dies in a cycle meanwhile is collected at the next load."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from reader.ui.collector import KEEP_EVERY, NEVER, Collector


class Node:
    """An object in a cycle (a weak reference tells when it is freed)."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    enabled = gc.isenabled()
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_the_first_frame_keeps_what_start_up_made_and_turns_the_collector_back_on() -> None:
    gc.disable()
    before = gc.get_freeze_count()
    Collector().first_frame()
    assert gc.isenabled()
    assert gc.get_freeze_count() > before


def test_a_collector_that_was_never_paused_is_left_as_it_is() -> None:
    gc.enable()
    before = gc.get_freeze_count()
    Collector().first_frame()
    assert gc.get_freeze_count() == before


def test_blocks_arrived_are_kept_out_of_view_each_thousand() -> None:
    collector = Collector()
    kept = [Node() for _ in range(100)]
    before = gc.get_freeze_count()
    collector.arrived(KEEP_EVERY - 1)
    assert gc.get_freeze_count() == before
    collector.arrived(1)
    assert gc.get_freeze_count() >= before + len(kept)


def test_young_garbage_is_collected_before_the_rest_is_kept() -> None:
    collector = Collector()
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    collector.arrived(KEEP_EVERY)
    assert gone() is None


def test_what_dies_in_a_cycle_after_it_was_kept_is_collected_when_the_next_load_starts() -> None:
    collector = Collector()
    node = Node()
    gone = weakref.ref(node)
    collector.arrived(KEEP_EVERY)  # kept: alive then
    del node
    gc.collect()
    assert gone() is not None, "a kept cycle is out of the collector's view"
    collector.renew()
    assert gone() is None
    assert gc.get_freeze_count() > 0, "what is left alive is kept again"


def test_no_full_collection_while_an_article_arrives_and_what_came_last_is_kept_once_it_is_whole() -> None:
    collector = Collector()
    young, middle, full = gc.get_threshold()
    collector.arrived(KEEP_EVERY)
    assert gc.get_threshold() == (young, middle, NEVER)
    collector.arrived(1)
    kept = [Node() for _ in range(100)]
    before = gc.get_freeze_count()
    collector.done()
    assert gc.get_threshold() == (young, middle, full)
    assert gc.get_freeze_count() >= before + len(kept), "the next full collection does not scan the last blocks"
    collector.done()  # a second end (a load given up after its last part) changes nothing
    assert gc.get_threshold() == (young, middle, full)


def test_a_short_article_is_left_in_view_and_the_next_load_collects_nothing() -> None:
    collector = Collector()
    young, middle, full = gc.get_threshold()
    collector.arrived(KEEP_EVERY - 1)
    before = gc.get_freeze_count()
    collector.done()
    assert gc.get_threshold() == (young, middle, full)
    assert gc.get_freeze_count() == before
    collections = gc.get_stats()[2]["collections"]
    collector.renew()
    assert gc.get_stats()[2]["collections"] == collections, "no full collection for a short article"


def test_blocks_laid_out_are_kept_out_of_view_each_thousand_with_full_collections_left_on() -> None:
    """The settler's: it may stop at any time, with no `done` to turn them on again."""
    collector = Collector()
    threshold = gc.get_threshold()
    kept = [Node() for _ in range(100)]
    before = gc.get_freeze_count()
    collector.laid_out(KEEP_EVERY - 1)
    assert gc.get_freeze_count() == before
    collector.laid_out(1)
    assert gc.get_freeze_count() >= before + len(kept)
    assert gc.get_threshold() == threshold
