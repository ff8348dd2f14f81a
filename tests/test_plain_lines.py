"""Lines of plain text skip markdown-it (`plain_lines`): the blocks come out exactly as parsed.

Each test parses the same Markdown twice, with the shortcut and without it, and compares the
blocks; the documents mix plain lines with every construct that could claim a line around them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.convert import markdown_to_blocks
from reader.convert.markdown_to_blocks import MarkdownParser
from reader.convert.plain_markdown import plain_lines
from reader.model import Block


def _parse_both(monkeypatch: pytest.MonkeyPatch, chunks: list[str]) -> tuple[list[Block], list[Block]]:
    fast = MarkdownParser(from_html=True)
    shortcut = [block for chunk in chunks for block in fast.parse(chunk)]
    with monkeypatch.context() as patch:
        patch.setattr(markdown_to_blocks, "plain_lines", lambda markdown: (markdown, {}))
        slow = MarkdownParser(from_html=True)
        parsed = [block for chunk in chunks for block in slow.parse(chunk)]
    return shortcut, parsed


def test_plain_headings_and_paragraphs_skip_the_parser() -> None:
    markdown = "## Heading 1 {#top}\n\nParagraph 1 says a few words.\n\n\n- an item\n\nplain\n"
    source, plain = plain_lines(markdown)
    assert source == "___\n\n\n- an item\n\n___\n"
    assert plain == {0: [(2, "Heading 1 {#top}"), (0, "Paragraph 1 says a few words.")], 5: [(0, "plain")]}


@pytest.mark.parametrize(
    "line",
    [
        "1. a list",
        "- a list",
        "+ a list",
        "= not a rule",
        "a *stressed* word",
        "a `code` word",
        "AT&amp;T",
        "a <span> tag",
        "[a link](x)",
        "~~gone~~",
        " leading space",
        "trailing space ",
        "a trailing backslash\\",
        "####### seven",
        "#no space",
    ],
)
def test_lines_with_syntax_are_left_to_the_parser(line: str) -> None:
    assert plain_lines(f"{line}\n\nplain\n") == (f"{line}\n\n___\n", {2: [(0, "plain")]})


@pytest.mark.parametrize(
    "markdown",
    [
        "```\ncode\n\nplain inside the fence\n```\n",
        "<!-- a comment\n\nplain inside it -->\n",
        "<pre>\n\nplain inside\n\n</pre>\n",
        "text[^1]\n\n[^1]: a note\n\nplain\n",
        "[ref]: http://example.com\n\nplain\n",
        "plain\r\n\r\nplain\n",
    ],
)
def test_markdown_that_joins_lines_across_blank_ones_is_parsed_whole(markdown: str) -> None:
    assert plain_lines(markdown) == (markdown, {})


def test_a_plain_line_next_to_text_is_part_of_its_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    markdown = "first line\nplain\n\n- item\nplain lazy\n\n> quote\n\nplain\n"
    assert plain_lines(markdown)[1] == {8: [(0, "plain")]}
    shortcut, parsed = _parse_both(monkeypatch, [markdown])
    assert shortcut == parsed


_TEXT = st.text(alphabet="ab 1-+=!().:#*_[]<>&~|{}\\`\u00a0\u3000中文。，", min_size=1, max_size=12)
_LINE = st.one_of(
    _TEXT,
    _TEXT.map(lambda text: "## " + text),
    _TEXT.map(lambda text: "### " + text + " {#id-1}"),
    st.sampled_from(
        ["- item", "1. item", "   indented", "> quote", "___", "* * *", "| a | b |", "| --- |", "<div>", "===", ""]
    ),
    st.sampled_from(["Heading", "Heading 1", "plain words", "中文段落。", "Part 2"]).map(lambda text: "## " + text),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_LINE, max_size=12).map("\n".join), min_size=1, max_size=3))
def test_the_shortcut_gives_the_blocks_the_parser_gives(chunks: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        shortcut, parsed = _parse_both(monkeypatch, chunks)
    assert shortcut == parsed
