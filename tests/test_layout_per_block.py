"""What the layout does once for every block, done the short way, gives what the long way gives.

The reading time is counted a batch of blocks at a time (`reading_load_of`), ASCII texts joined
and counted in one call; a layout made as blocks arrive, a few at a time, is the layout made of
the whole article at once.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.layout.lines import Layout
from reader.layout.reading_time import _WORD, _cjk_char, reading_load_of
from reader.model import Article, Block, BlockKind, Metadata, Span

TEXT = st.text(alphabet=st.sampled_from(list("ab Z9 -_,.\t\n中かé한𠀀")), max_size=30)


def _counted_by_expressions(text: str) -> tuple[int, int]:
    """The reading load by its definition: CJK characters, and `_WORD` matches."""
    return sum(map(len, _cjk_char().findall(text))), len(_WORD.findall(text))


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(TEXT, max_size=40))
def test_a_batch_of_texts_counts_what_each_text_counts(texts: list[str]) -> None:
    each = [_counted_by_expressions(text) for text in texts]
    assert reading_load_of(texts) == (sum(cjk for cjk, _ in each), sum(words for _, words in each))


def test_more_texts_than_a_batch_are_all_counted() -> None:
    texts = ["one two", "three", "", "  four-five  "] * 1000
    assert reading_load_of(texts) == (0, 5000)


BLOCK = st.builds(
    Block,
    kind=st.sampled_from([BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.QUOTE, BlockKind.LIST]),
    spans=st.lists(st.builds(Span, TEXT), min_size=1, max_size=2).map(tuple),
    level=st.integers(min_value=1, max_value=3),
    quote_depth=st.integers(min_value=0, max_value=2),
    list_depth=st.integers(min_value=0, max_value=2),
    marker=st.sampled_from(["", "•", "12."]),
    list_id=st.integers(min_value=0, max_value=2),
    continues=st.booleans(),
)


@settings(max_examples=100, deadline=None)
@given(
    blocks=st.lists(BLOCK, min_size=1, max_size=12),
    cuts=st.lists(st.integers(min_value=1, max_value=4), min_size=12, max_size=12),
    title=st.sampled_from(["", "Ab"]),
    width=st.integers(min_value=8, max_value=40),
)
def test_blocks_laid_out_as_they_arrive_are_the_whole_article_laid_out(
    blocks: list[Block], cuts: list[int], title: str, width: int
) -> None:
    whole = Article(Metadata(title=title))
    whole.extend(blocks)
    growing = Article(Metadata(title=title))
    layout = Layout(growing, width)
    start = 0
    for cut in cuts:
        growing.extend(blocks[start : start + cut])
        layout.update()
        start += cut
    at_once = Layout(whole, width)
    assert list(layout.lines()) == list(at_once.lines())
    assert layout.reading_minutes == at_once.reading_minutes
