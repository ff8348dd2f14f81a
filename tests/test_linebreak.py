"""Line breaking: examples of each rule, and properties over generated text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.chars import CLOSING, OPENING, cell_len
from reader.layout.linebreak import break_lines, fold
from reader.layout.lines import Layout
from reader.model import Article, Block, BlockKind, Span


def lines_of(text: str, width: int) -> list[str]:
    return [text[line.start : line.end] for line in break_lines(text, width)]


def test_breaks_between_ideographs_and_at_spaces() -> None:
    assert lines_of("一二三四五六", 6) == ["一二三", "四五六"]
    assert lines_of("alpha beta gamma", 10) == ["alpha beta", "gamma"]


def test_no_closing_mark_at_line_start() -> None:
    # "四" fits exactly; "，" may not start the next line, so "四" goes down with it.
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


def test_a_number_with_separators_stays_whole() -> None:
    # It may start a line (the break before it is one kinsoku allows), but never splits.
    text = "转入了交易对交换了5,974,259,851,654个代币"
    for width in range(20, 40):
        lines = lines_of(text, width)
        assert any("5,974,259,851,654" in line for line in lines), lines
    assert lines_of(text, 20)[:2] == ["转入了交易对交换了", "5,974,259,851,654个"]


def test_a_hyphen_breaks_a_word_but_not_a_number() -> None:
    """`2026-` then `11-24` on the next line reads as two numbers (the sample's byline at 50
    columns did); a hyphen between words may still end a line."""
    text = "Written on 2026-11-24 by a well-known author: call 555-1234 for 3.11.7-rc1"
    for width in range(12, 40):
        lines = lines_of(text, width)
        for number in ("2026-11-24", "555-1234"):
            assert any(number in line for line in lines), (width, lines)
    assert lines_of(text, 23)[:3] == ["Written on 2026-11-24", "by a well-known author:", "call 555-1234 for"]
    assert lines_of(text, 12)[2:4] == ["by a well-", "known"]


def test_the_text_keeps_its_own_marks_and_a_forced_break_leaves_room() -> None:
    # Width 10: "一，二三" fills 8 cells and "四。" needs 4 more. The marks keep their
    # full-width forms: "四" goes down with "。", leaving the line two cells short.
    assert lines_of("一，二三四。五六", 10) == ["一，二三", "四。五六"]
    assert lines_of("一，二 GNU 三四。五六", 15) == ["一，二 GNU 三", "四。五六"]


def test_a_paragraph_that_was_squeezed_shows_its_own_characters() -> None:
    paragraph = (
        "简单来说，产业互联网是以生产者为主要用户，通过在设计、研发、生产、融资和流通等各个环节的网络渗透，"
        "从而达到提升效率、节约能源等效果。它的发展，离不开“新基建”，也离不开每一家企业的参与。"
        "它给产品一张张“身份证”“体检单”，让‘溯源’‘追责’有据可查。"
    )
    for width in range(12, 61):
        lines = lines_of(paragraph, width)
        assert "".join(lines) == paragraph, width
        for line, after in itertools.pairwise(lines):
            assert after[0] not in CLOSING and line[-1] not in OPENING
            assert cell_len(line) <= width
            # A line ends short only when kinsoku forced it: the next line's first character
            # carries the closing marks behind it, and together they would not have fitted.
            carried = after[0] + after[1:][: len(after) - len(after[1:].lstrip("".join(CLOSING)))]
            assert cell_len(line) + cell_len(carried) > width, (width, line, after)


def test_a_mark_of_cjk_text_breaks_on_its_outer_side() -> None:
    # Chinese quotes are the one-cell ”“: after a closing one the line may break, as after 」,
    # so "证”" and "城”" end the line instead of going down with what follows.
    assert lines_of("一张张“身份证”“体检单”。", 16) == ["一张张“身份证”", "“体检单”。"]
    assert lines_of("武汉“封城”27天了", 11) == ["武汉“封城”", "27天了"]
    assert lines_of("call f(x)(y) now", 9) == ["call", "f(x)(y)", "now"]


def test_no_line_ends_on_an_opening_mark_after_a_space() -> None:
    # German closes a quotation with “: the space after it is no break, or the line would end on it.
    for width in range(14, 40):
        for line in lines_of("Wiesen zeichnen die „San Luis Lodges“ aus und mehr Text", width):
            assert line[-1] not in OPENING, (width, line)


def test_code_is_folded_by_the_same_kinsoku_rule() -> None:
    comment = "# 这是一个很长的中文注释，里面有逗号，还有句号。"
    for width in range(4, 30):
        pieces = [comment[a:b] for a, b in fold(comment, width)]
        assert "".join(pieces) == comment
        assert all(cell_len(piece) <= width for piece in pieces)
        assert all(piece[0] not in CLOSING for piece in pieces[1:]), (width, pieces)
        assert all(piece[-1] not in OPENING for piece in pieces[:-1]), (width, pieces)
    assert ["ab(cd)ef"[a:b] for a, b in fold("ab(cd)ef", 3)] == ["ab", "(c", "d)e", "f"]
    assert ["a   b"[a:b] for a, b in fold("a   b", 2)] == ["a ", "  ", "b"]  # every space stays


def test_code_is_folded_after_a_blank_rather_than_inside_a_word() -> None:
    """A long line of prose in a `<pre>` (an RFC's) folded at a narrow width: every word whole,
    every space kept; a run with no blank after some text (a URL, an indentation) is cut at the
    width as before."""
    line = "   The protocol supports storing, retrieving and removing documents."
    pieces = [line[a:b] for a, b in fold(line, 20)]
    assert pieces == ["   The protocol ", "supports storing, ", "retrieving and ", "removing documents."]
    url = "    see https://example.org/a/very/long/path"
    assert [url[a:b] for a, b in fold(url, 20)] == ["    see ", "https://example.org/", "a/very/long/path"]
    indented = " " * 8 + "abcdefghij"
    assert [indented[a:b] for a, b in fold(indented, 12)] == [" " * 8 + "abcd", "efghij"]


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
        shown = text[line.start : line.end]
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
            if char.strip():
                assert char in shown


def test_the_wide_class_is_the_regular_expression_it_replaces() -> None:
    """Every edge of every range, either side: tests of ranges where the layout compiled a
    regular expression (tens of milliseconds, on the UI thread, at the first keys)."""
    from rich._unicode_data import load

    from reader.layout.linebreak import _WIDE, _classes
    from tests.linebreak_reference import wide_class

    edges = {edge for start, end, _ in load("auto").widths for edge in (start, end)}
    edges |= {0x3000, 0x303F, 0xFF00, 0xFFEF, 0x3040, 0x30FF, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xAC00, 0xD7AF}
    edges |= {0xF900, 0xFAFF, 0x20000, 0x3FFFF, 0x1100, 0x115F, 0x231A}
    codes = sorted({edge + step for edge in edges for step in (-1, 0, 1)} - set(range(0xD800, 0xE000)))
    chars = "".join(chr(code) for code in codes if 0 <= code <= 0x10FFFF)
    pattern = wide_class()
    assert [bool(byte & _WIDE) for byte in _classes(chars)] == [bool(pattern.fullmatch(char)) for char in chars]
    assert all(byte & _WIDE for byte in _classes("中、ー가\u1100😀"))
    assert not any(byte & _WIDE for byte in _classes("é—“"))


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
