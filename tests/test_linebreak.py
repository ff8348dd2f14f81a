"""Line breaking: examples of each rule, and properties over generated text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.chars import CLOSING, OPENING, cell_len
from reader.layout.linebreak import break_lines, render_range
from reader.layout.lines import Layout
from reader.model import Article, Block, BlockKind, Span


def lines_of(text: str, width: int) -> list[str]:
    return [render_range(text, line) for line in break_lines(text, width)]


def test_breaks_between_ideographs_and_at_spaces() -> None:
    assert lines_of("一二三四五六", 6) == ["一二三", "四五六"]
    assert lines_of("alpha beta gamma", 10) == ["alpha beta", "gamma"]


def test_no_closing_mark_at_line_start() -> None:
    # "四" fits exactly; "，" may not start the next line, so the line is squeezed.
    lines = lines_of("一二三四，五六七八", 8)
    assert all(line[0] not in CLOSING for line in lines)
    assert all(cell_len(line) <= 8 for line in lines)


def test_no_opening_mark_at_line_end() -> None:
    lines = lines_of("一二三「四五六」七八九", 8)
    assert all(line[-1] not in OPENING for line in lines)


def test_long_word_is_folded() -> None:
    lines = lines_of("supercalifragilistic", 8)
    assert lines == ["supercal", "ifragili", "stic"]


def test_no_spaces_at_line_ends() -> None:
    for line in lines_of("  lead and   trail words  here  ", 9):
        assert line == line.strip()


def test_hard_break_is_kept() -> None:
    assert lines_of("一行\n二行", 20) == ["一行", "二行"]


def test_number_followed_by_comma_does_not_start_a_line() -> None:
    for line in lines_of("转入了交易对交换了5,974,259,851,654个代币", 20):
        assert not (line[0].isdigit() and "," in line[:2])


def test_squeeze_avoids_a_gap() -> None:
    # Width 10: "一，二三" fills 8 cells and "四。" needs 4 more; rather than push "四" down
    # and leave a gap, "，" and "。" take their one-cell forms.
    lines = lines_of("一，二三四。五六", 10)
    assert lines[0] == "一,二三四｡"
    assert all(cell_len(line) <= 10 for line in lines)


def test_squeeze_prefers_a_space_beside_latin_to_a_mark_inside_the_line() -> None:
    # Width 15: "四。" needs two more cells. The spaces around "GNU" close up; "，" inside
    # and "。" at the end keep their full width.
    lines = lines_of("一，二 GNU 三四。五六", 15)
    assert lines == ["一，二GNU三四。", "五六"]


def test_brackets_are_never_squeezed() -> None:
    # A bracket in its narrow form would no longer match its partner.
    text = "（一二）三四五六七八九十。"
    for width in range(8, 27):
        for line in lines_of(text, width):
            assert "(" not in line and ")" not in line


TEXT = st.text(
    alphabet=st.sampled_from(
        list("中文字词句段落测试汉语日本かなabcdefgxyz0123 ，。、！？；：（）「」『』“”…,.;:!?-/")
    ),
    min_size=0,
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, width=st.integers(min_value=2, max_value=60))
def test_lines_fit_and_lose_no_text(text: str, width: int) -> None:
    ranges = break_lines(text, width)
    covered = set()
    for line in ranges:
        shown = render_range(text, line)
        assert cell_len(shown) <= width, (shown, width)
        assert shown == shown.strip(" ")
        covered.update(range(line.start, line.end))
    missing = [text[i] for i in range(len(text)) if i not in covered]
    assert all(char in " \n" for char in missing), missing


@settings(max_examples=100, deadline=None)
@given(
    paragraphs=st.lists(TEXT, min_size=1, max_size=6),
    width=st.integers(min_value=8, max_value=100),
    quote=st.integers(min_value=0, max_value=2),
)
def test_layout_never_exceeds_width(paragraphs: list[str], width: int, quote: int) -> None:
    article = Article()
    blocks = [
        Block(BlockKind.QUOTE if quote else BlockKind.PARAGRAPH, (Span(p),), quote_depth=quote) for p in paragraphs
    ]
    blocks.append(Block(BlockKind.CODE, code="\n".join(paragraphs)))
    article.extend(blocks)
    layout = Layout(article, width)
    for line in layout.lines():
        assert line.cell_length <= width
    shown = "".join(line.text for line in layout.lines() if line.block >= 0)
    for paragraph in paragraphs:
        for char in paragraph:
            if char.strip() and char not in "，。、！？；：（）「」":  # squeezed marks change form
                assert char in shown


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
def test_the_wide_precheck_is_the_class_it_replaces(text: str) -> None:
    import re

    from reader.layout.linebreak import _maybe_wide

    assert _maybe_wide(text) == bool(re.search("[\u1100-\u115f\u231a-\U0010ffff]", text))
    assert _maybe_wide("é\u1100") and _maybe_wide("中") and not _maybe_wide("é — “x”") and not _maybe_wide("ab")


def test_reading_load_counts_cjk_and_words() -> None:
    from reader.layout.reading_time import reading_load

    assert reading_load("Hello — “world”…") == (0, 2)
    assert reading_load("中文，かな and 한국 text 𠀀") == (7, 2)
    assert reading_load("") == (0, 0)


def test_a_reading_position_comes_back_to_the_same_line() -> None:
    """position_at (what the library stores) and line_of (where a resume goes) agree on every
    line of text, not just the first line of each block."""
    from reader.convert.pipeline import load
    from reader.model import BlockKind
    from tests.conftest import SAMPLES

    for sample in ("welcome.md", "welcome-zh.md"):
        article = load(str(SAMPLES / sample)).article
        for width in (40, 76):
            layout = Layout(article, width)
            for y in range(len(layout)):
                position = layout.position_at(y)
                block = position.block
                if block < 0 or not layout.line(y).text.strip():
                    continue
                if article.blocks[block].kind not in (BlockKind.IMAGE, BlockKind.TABLE):
                    assert layout.line_of(position) == y, (sample, width, y)
