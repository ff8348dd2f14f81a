"""Markdown to blocks: the parts golden files do not pin down one by one."""

from __future__ import annotations

from reader.convert.markdown_to_blocks import MarkdownParser, parse_markdown, slugify
from reader.model import BlockKind, Inline


def spans(markdown: str) -> list[tuple[str, list[str]]]:
    block = parse_markdown(markdown)[0]
    return [(span.text, sorted(style.value for style in span.styles)) for span in block.spans]


def test_cjk_emphasis_closes_after_punctuation() -> None:
    assert spans("**重要。**然后") == [("重要。", ["strong"]), ("然后", [])]
    assert spans("中文**「引号」**中文") == [("中文", []), ("「引号」", ["strong"]), ("中文", [])]


def test_latin_emphasis_follows_commonmark() -> None:
    assert spans("**foo.**bar") == [("**foo.**bar", [])]
    assert spans("a *b* c") == [("a ", []), ("b", ["emphasis"]), (" c", [])]


def test_soft_break_vanishes_between_cjk_and_is_a_space_elsewhere() -> None:
    assert parse_markdown("中文\n中文")[0].text == "中文中文"
    assert parse_markdown("word\nword")[0].text == "word word"
    assert parse_markdown("中文\nword")[0].text == "中文 word"


def test_hard_breaks_split_a_paragraph_into_continuing_blocks() -> None:
    blocks = parse_markdown("one  \ntwo  \nthree")
    assert [block.text for block in blocks] == ["one", "two", "three"]
    assert [block.continues for block in blocks] == [False, True, True]


def test_heading_anchor_from_attribute_or_slug() -> None:
    blocks = parse_markdown("## Title {#custom}\n\n## Hello, World!\n\n## Hello, World!")
    assert [block.anchor for block in blocks] == ["custom", "hello-world", "hello-world-1"]
    assert blocks[0].text == "Title"


def test_slug_keeps_cjk() -> None:
    assert slugify("一、产业互联网 Intro") == "一产业互联网-intro"


def test_anchors_stay_unique_across_chunks() -> None:
    parser = MarkdownParser()
    first = parser.parse("# Part")
    second = parser.parse("# Part")
    assert first[0].anchor == "part"
    assert second[0].anchor == "part-1"


def test_lists_and_quotes_are_flattened_with_depths() -> None:
    blocks = parse_markdown("- a\n  - b\n\n> q\n\n3. c\n4. d")
    assert [(b.kind, b.marker, b.list_depth, b.quote_depth) for b in blocks] == [
        (BlockKind.LIST, "•", 1, 0),
        (BlockKind.LIST, "◦", 2, 0),
        (BlockKind.QUOTE, "", 0, 1),
        (BlockKind.LIST, "3.", 1, 0),
        (BlockKind.LIST, "4.", 1, 0),
    ]
    assert blocks[0].list_id == blocks[1].list_id != blocks[3].list_id


def test_images_split_paragraphs_and_links_are_indexed() -> None:
    blocks = parse_markdown("before ![alt text](http://x/i.png) after [link](http://x/a)")
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.PARAGRAPH, "before"),
        (BlockKind.IMAGE, "alt text"),
        (BlockKind.PARAGRAPH, "after link"),
    ]
    assert blocks[1].src == "http://x/i.png"
    link = next(s for s in blocks[2].spans if Inline.LINK in s.styles)
    assert link.href == "http://x/a"


def test_unsafe_links_are_not_links() -> None:
    blocks = parse_markdown("[x](javascript:alert(1)) [y](file:///tmp/a.md)")
    hrefs = [span.href for span in blocks[0].spans if span.href]
    assert hrefs == ["file:///tmp/a.md"]


def test_html_blocks_in_markdown_go_through_the_html_pipeline() -> None:
    parser = MarkdownParser(html_to_blocks=lambda markup: parse_markdown("converted"))
    blocks = parser.parse("<div>\n<p>raw</p>\n</div>\n\nafter")
    assert [block.text for block in blocks] == ["converted", "after"]


def test_tables_keep_header_cells() -> None:
    block = parse_markdown("| a | b |\n|---|---|\n| 1 | 2 \\| 3 |")[0]
    assert block.kind is BlockKind.TABLE
    assert [[cell.text for cell in row] for row in block.rows] == [["a", "b"], ["1", "2 | 3"]]
    assert all(cell.header for cell in block.rows[0])
