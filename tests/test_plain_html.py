"""Plain paragraphs and headings skip html2text (`group_html2text`): the Markdown is the same.

Each test converts a group of elements both ways, whole through html2text and with the
shortcut, and compares the text; the groups mix plain elements with every element that leaves
html2text in another state (tables, lists, quotes, code, links, abbreviations).
"""

from __future__ import annotations

import html2text
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from reader.convert import html_to_markdown, plain_html
from reader.convert.html_to_markdown import _converter
from reader.convert.plain_html import group_html2text


def _both(markup: str) -> tuple[str, str]:
    group = html.fragment_fromstring(f"<div>{markup}</div>")
    whole = _converter().handle(html.tostring(group, encoding="unicode"))
    return group_html2text(group, _converter, html_to_markdown._ESCAPABLE), whole


def test_plain_paragraphs_and_headings_are_written_directly() -> None:
    made: list[html2text.HTML2Text] = []

    def counted() -> html2text.HTML2Text:
        made.append(_converter())
        return made[-1]

    group = html.fragment_fromstring("<div><h2>Heading 1</h2><p>Paragraph 1 says a few words.</p></div>")
    text = group_html2text(group, counted, html_to_markdown._ESCAPABLE)
    assert text == "## Heading 1\n\nParagraph 1 says a few words.\n"
    assert made == []


def test_emphasis_and_code_in_a_paragraph_are_written_directly() -> None:
    made: list[html2text.HTML2Text] = []

    def counted() -> html2text.HTML2Text:
        made.append(_converter())
        return made[-1]

    markup = "<div><p>Plain <strong>strong</strong>, <em>slanted <code>code</code></em> and <span>more</span>.</p>"
    markup += "<h2>A <b>bold</b> heading</h2></div>"
    group = html.fragment_fromstring(markup)
    text = group_html2text(group, counted, html_to_markdown._ESCAPABLE)
    assert text == "Plain **strong**, *slanted `code`* and more.\n\n## A **bold** heading\n"
    assert made == []
    assert text == _converter().handle(markup)


def test_markdown_characters_are_escaped_as_html2text_escapes_them() -> None:
    assert _converter().escape_snob is plain_html._ESCAPE_SNOB
    markup = "<div><h3>#tag#</h3><p>1. a *star* <code>*raw*</code> <em>[x](y)</em> <kbd><code>_</code></kbd></p></div>"
    group = html.fragment_fromstring(markup)
    text = group_html2text(group, lambda: pytest.fail("html2text ran"), html_to_markdown._ESCAPABLE)
    assert text == "### \\#tag\\#\n\n1\\. a \\*star\\* `*raw*` *\\[x\\]\\(y\\)* ``\\_``\n"
    assert text == _converter().handle(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>plain</p><table><tr><td>a</td><td>b</td></tr></table><p>after</p>",
        "<p>plain</p><table><td>a</td><td>b</td></table><p>after</p><p>more</p>",
        "<p>plain</p><pre>code\n  here</pre><h3>after</h3>",
        "<h2>plain</h2><ul><li>one</li><li>two</li></ul><p>after</p>",
        "<p>plain</p><blockquote><p>quoted</p></blockquote><p>after</p>",
        "<p>plain</p><p>a<abbr title='t'>A</abbr></p><p>after</p>",
        "<p>plain</p><p>a<br>b</p><p>after</p>",
        "<div></div><p>first said</p>",
        "<p>plain</p><div></div>",
        "<p>x</p><p>a&amp;b</p><p>*not* plain</p><p>  spaced  </p><p>a\xa0b</p>",
        "<p>plain</p><p><a href='https://example.org/'>a link</a></p><p>after</p>",
    ],
)
def test_runs_between_plain_elements_convert_as_in_the_whole_group(markup: str) -> None:
    shortcut, whole = _both(markup)
    assert shortcut == whole


_PLAIN = st.text(alphabet="ab 1.-中", min_size=1, max_size=6).map(lambda text: f"<p>{text}</p>")
_HEADING = st.sampled_from(["<h1>Title</h1>", "<h2>Part 2</h2>", "<h6>small \ue000id\ue001</h6>"])
_OTHER = st.sampled_from(
    [
        "<table><tr><th>h</th></tr><tr><td>a</td></tr></table>",
        "<table><td>a</td></table>",
        "<pre>code\n\n  more</pre>",
        "<ul><li>one<ul><li>two</li></ul></li></ul>",
        "<ol><li>one</li></ol>",
        "<blockquote>quoted<p>para</p></blockquote>",
        "<p>a <em>b</em> c</p>",
        "<p>a<br>b</p>",
        "<p><abbr title='t'>A</abbr></p>",
        "<p><a href='x'>l</a></p>",
        "<p><img src='a.png' alt='x'></p>",
        "<hr>",
        "<div>text</div>",
        "<div></div>",
        "<h2><a href='#x'>linked</a></h2>",
        "<p>a &lt;b&gt;</p>",
        "<p>\ue010</p>",
    ]
)
_TAIL = st.sampled_from(["", "", " ", "\n", " tail "])
_TEXT = st.text(alphabet="ab 1.-中*\n", max_size=5)
_INLINE_TAGS = st.sampled_from(["strong", "b", "em", "i", "u", "del", "s", "code", "kbd", "span", "sup", "a", "br"])


@st.composite
def _inline(draw: st.DrawFn, depth: int = 0) -> str:
    """Text and inline elements, nested, each with a text and a tail."""
    parts = [draw(_TEXT)]
    for _ in range(draw(st.integers(0, 3 if depth < 2 else 0))):
        tag = draw(_INLINE_TAGS)
        inner = "" if tag == "br" else draw(_inline(depth + 1))
        parts.append(f"<{tag}>" if tag == "br" else f"<{tag}>{inner}</{tag}>")
        parts.append(draw(_TEXT))
    return "".join(parts)


_WRAPS = st.sampled_from(
    [
        "<p>{}</p>",
        "<h2>{}</h2>",
        "<blockquote>{}</blockquote>",
        "<blockquote><p>{}</p></blockquote>",
        "<blockquote>\n<p>{}</p> </blockquote>",
        "<blockquote>a<p>{}</p></blockquote>",
    ]
)
_INLINE = st.tuples(_WRAPS, _inline()).map(lambda pair: pair[0].format(pair[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.one_of(_PLAIN, _HEADING, _OTHER, _INLINE), _TAIL), min_size=1, max_size=8))
def test_the_shortcut_gives_html2texts_markdown(elements: list[tuple[str, str]]) -> None:
    shortcut, whole = _both("".join(element + tail for element, tail in elements))
    assert shortcut == whole


def test_a_quoted_paragraph_is_written_directly() -> None:
    markup = "<div><p>Before.</p><blockquote>\n<p>Quoted <em>words</em>.</p></blockquote><p>After.</p></div>"
    group = html.fragment_fromstring(markup)
    text = group_html2text(group, lambda: pytest.fail("html2text ran"), html_to_markdown._ESCAPABLE)
    assert text == "Before.\n\n> Quoted *words*.\n\nAfter.\n"
    assert text == _converter().handle(markup)
