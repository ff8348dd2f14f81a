"""A chunk's pieces are measured by their HTML's length (`serialized_size`), without writing out
a container larger than a chunk: the exact length up to the limit, a larger number above it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from reader.convert.html_to_markdown import iter_markdown, serialized_size

_LEAF = st.sampled_from(
    [
        "<p>a paragraph</p>",
        "<p>中文的段落</p>",
        "<h2>Part</h2>",
        "<ul><li>one</li></ul>",
        "text",
        # measured from their text, not written out: entities, characters beyond ASCII
        '<p>a &amp; b &lt; c &gt; d "e"</p>',
        "<h3>caf\u00e9\u00a0\U0001f600 &#8364;</h3>",
        "<pre>\n  code &lt;x&gt;\n</pre>",
        "<blockquote>quoted</blockquote>",
        # with inline elements that are measured too: emphasis, nested, at either end, alone
        "<p>a <strong><b>bold &amp; café</b></strong> word</p>",
        "<li><em>only</em></li>",
        "<h2>x<code>&lt;y&gt;</code><sub>2</sub> z</h2>",
        # written out: an inline element empty, with attributes, or not measured (a link, a picture)
        "<p>a<b></b>b</p>",
        "<p>a <em class='x'>classed</em></p>",
        "<p><a href='/x'>link</a> and <img src='/a.png'> <span>span</span></p>",
        # written out: empty (an empty `<li>` loses its end tag), with attributes, void, raw
        "<ul><li></li><li>two</li></ul>",
        "<li></li>",
        "<li>an item</li>",
        "<p></p>",
        "<p class='note'>classed</p>",
        "<br>",
        "<script>a < b && c</script>",
    ]
)


@st.composite
def _tree(draw: st.DrawFn, depth: int = 0) -> str:
    children = draw(st.lists(_LEAF if depth > 2 else st.one_of(_LEAF, _tree(depth + 1)), max_size=6))
    tag = draw(st.sampled_from(["div", "section", "blockquote", "span"]))
    return f"<{tag}>{''.join(children)}</{tag}>" + draw(st.sampled_from(["", " tail", "\n"]))


@settings(max_examples=100, deadline=None)
@given(_tree(), st.integers(0, 400))
def test_the_size_is_exact_up_to_the_limit(markup: str, limit: int) -> None:
    element = html.fragment_fromstring(markup, create_parent="div")[0]
    size = len(html.tostring(element))
    measured = serialized_size(element, limit)
    assert measured == size if size <= limit else limit < measured <= size


def test_a_long_article_in_nested_wrappers_is_cut_into_chunks() -> None:
    paragraphs = "".join(f"<p>Paragraph {n} of the article, with a few words.</p>" for n in range(3000))
    body = html.fromstring(f"<html><body><div><div><article>{paragraphs}</article></div></div></body></html>")
    chunks = list(iter_markdown(body.find("body")))
    assert len(chunks) > 2
    text = "".join(chunks)
    assert "Paragraph 0 of" in chunks[0]
    assert text.count("Paragraph ") == 3000


@settings(max_examples=150, deadline=None)
@given(st.lists(_LEAF, min_size=1, max_size=4))
def test_a_piece_measured_from_its_text_is_measured_exactly(leaves: list[str]) -> None:
    for element in html.fragment_fromstring("".join(leaves), create_parent="div"):
        assert serialized_size(element, 10**6) == len(html.tostring(element))
