"""Markdown to blocks: the parts golden files do not pin down one by one."""

from __future__ import annotations

from reader.convert.markdown_to_blocks import MarkdownParser, parse_markdown, slugify
from reader.convert.pipeline import load_text
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


def test_an_image_alone_on_its_line_is_a_block_and_links_are_indexed() -> None:
    blocks = parse_markdown("before  \n![alt text](http://x/i.png)  \nafter [link](http://x/a)")
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.PARAGRAPH, "before"),
        (BlockKind.IMAGE, "alt text"),
        (BlockKind.PARAGRAPH, "after link"),
    ]
    assert blocks[1].src == "http://x/i.png"
    link = next(s for s in blocks[2].spans if Inline.LINK in s.styles)
    assert link.href == "http://x/a"


def test_an_image_inside_a_sentence_stays_in_it_as_its_alt_text() -> None:
    blocks = parse_markdown("If the transpose of ![A](http://x/a.svg) is [![B](http://x/b.svg)](http://x/b) then")
    assert [(b.kind, b.text) for b in blocks] == [(BlockKind.PARAGRAPH, "If the transpose of A is B then")]
    assert [span.href for span in blocks[0].spans if span.text == "B"] == ["http://x/b"]
    tag = parse_markdown('Press <img src="k.png" alt="Enter"> to go.')
    assert [(b.kind, b.text) for b in tag] == [(BlockKind.PARAGRAPH, "Press Enter to go.")]
    gallery = parse_markdown("![one](http://x/1.png) ![two](http://x/2.png)")
    assert [(b.kind, b.text) for b in gallery] == [(BlockKind.IMAGE, "one"), (BlockKind.IMAGE, "two")]


def test_inline_images_and_formulas_of_a_page_stay_in_the_sentence() -> None:
    page = load_text(
        "<p>If the conjugate transpose of a matrix <span class='mwe-math-element'>"
        "<span style='display:none'><math alttext='{\\displaystyle A}'><mi>A</mi></math></span>"
        "<img src='https://x/a.svg' alt='{\\displaystyle A}'></span> is denoted by</p>"
        "<p>there are two solutions to <math><semantics><mrow><mi>x</mi></mrow>"
        "<annotation encoding='application/x-tex'>ax^2+bx+c=0</annotation></semantics></math> and they are</p>"
        "<p>so <math><mrow><mi>x</mi><mo>=</mo><mn>2</mn></mrow></math> holds, "
        "and <math alttext='y = 3'><mi>y</mi></math> too.</p>"
        "<p><img src='https://x/photo.jpg' alt='A photo'></p>",
        "text/html",
    ).article
    assert [(b.kind, b.text) for b in page.blocks] == [
        (BlockKind.PARAGRAPH, "If the conjugate transpose of a matrix A is denoted by"),
        (BlockKind.PARAGRAPH, "there are two solutions to ax^2+bx+c=0 and they are"),
        (BlockKind.PARAGRAPH, "so x=2 holds, and y = 3 too."),
        (BlockKind.IMAGE, "A photo"),
    ]


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


FOOTNOTES = """Here is a reference,[^1] another[^long] and the first again[^1].

```
not a [^1] reference
```

[^1]: The first note.

[^long]: A longer note.

    With a second paragraph.
"""


def test_footnotes_are_links_to_a_notes_section_and_back() -> None:
    article = load_text(FOOTNOTES, "text/markdown").article
    text = article.blocks[0]
    references = [(s.text, s.href, s.anchor) for s in text.spans if s.href]
    assert references == [("[1]", "#fn1", "fnref1"), ("[2]", "#fn2", "fnref2"), ("[1]", "#fn1", "fnref1:1")]
    assert text.text == "Here is a reference,[1] another[2] and the first again[1]."
    assert article.blocks[1].code == "not a [^1] reference"
    notes = article.blocks[2:]
    assert [(b.kind, b.marker, b.text) for b in notes] == [
        (BlockKind.RULE, "", ""),
        (BlockKind.LIST, "1.", "The first note. ↩ ↩2"),
        (BlockKind.LIST, "2.", "A longer note."),
        (BlockKind.LIST, "", "With a second paragraph. ↩"),
    ]
    assert article.anchor_block("fn1") == 3 and article.anchor_block("fn2") == 4
    back = [s.href for b in notes for s in b.spans if s.href]
    assert back == ["#fnref1", "#fnref1:1", "#fnref2"]
    assert {article.anchor_block(href[1:]) for href in back} == {0}


def test_footnotes_defined_in_a_later_chunk_still_link() -> None:
    filler = "\n\n".join(f"## Part {n}\n\n" + "words " * 300 for n in range(60))
    article = load_text(
        f"Opening claim.[^source]\n\n{filler}\n\n[^source]: Where it comes from.", "text/markdown"
    ).article
    assert article.blocks[0].text == "Opening claim.[1]"
    assert article.blocks[-1].text == "Where it comes from. ↩"
    assert article.anchor_block("fnref1") == 0
    assert "[^" not in article.text


def test_rules_that_separate_nothing_go() -> None:
    parser = MarkdownParser()
    kinds = [b.kind.value for b in parser.parse("---\n\n# Title\n\n***\n\nText.\n\n---\n\n___\n\nMore.\n\n---\n")]
    assert kinds == ["heading", "paragraph", "rule", "paragraph", "rule"]
    assert [b.kind.value for b in parser.parse("---\n\nNext chunk.\n")] == ["paragraph"]  # after the last


def test_a_picture_inside_a_sentence_is_still_among_the_articles_pictures() -> None:
    """It reads as its alt text, and the `f` list (and --format json) still offers the picture
    itself, in the article's order, so it can be opened in the viewer."""
    article = load_text(
        "![first](http://x/1.png)\n\nIf the transpose of ![A](http://x/a.svg) is [![B](http://x/b.svg)](http://x/b) "
        "then\n\n![last](http://x/9.png)\n",
        "text/markdown",
    ).article
    assert article.blocks[1].text == "If the transpose of A is B then"
    assert [(image.alt, image.src, image.block) for image in article.images] == [
        ("first", "http://x/1.png", 0),
        ("A", "http://x/a.svg", 1),
        ("B", "http://x/b.svg", 1),
        ("last", "http://x/9.png", 2),
    ]
