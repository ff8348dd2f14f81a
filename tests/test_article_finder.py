"""readability-lxml as the reader runs it (`article_finder`): on the page it is given, cleaned in
place, with the page made again only for its second pass; the article is the library's own."""

from __future__ import annotations

import copy

import pytest
from lxml import html

from reader.convert.article_finder import article_finder
from reader.convert.clean import parse_html

_PROSE = "Words of the article, and a sentence long enough to be scored as one. " * 6
_PAGE = (
    "<html><head><title>T</title><script>var x = 1;</script></head><body>"
    "<nav class='menu'><a href='/'>Home</a></nav>"
    f"<div class='content'><p>{_PROSE}</p><p>{_PROSE}</p><p hidden>secret</p></div>"
    "<footer>Copyright</footer></body></html>"
)
_SHORT = "<html><body><div><p>A short note, not much of an article at all.</p></div></body></html>"
"""A page whose first, ruthless pass keeps under 250 characters: readability-lxml reads it again."""


def _stock(markup: str) -> str:
    from readability import Document

    summary: str = Document(parse_html(markup)).summary(html_partial=True)
    return summary


def test_the_page_is_cleaned_in_place_and_the_article_is_the_librarys() -> None:
    page = parse_html(_PAGE)
    summary = article_finder()(page).summary(html_partial=True)
    assert summary == _stock(_PAGE)
    assert "Words of the article" in summary
    assert page.find(".//script") is None  # cut in the page given, not in a copy of it
    assert "secret" not in html.tostring(page, encoding="unicode")


def test_the_second_pass_reads_the_page_made_again() -> None:
    made: list[html.HtmlElement] = []
    original = parse_html(_SHORT)

    def again() -> html.HtmlElement:
        made.append(copy.deepcopy(original))
        return made[-1]

    summary = article_finder()(copy.deepcopy(original), again).summary(html_partial=True)
    assert len(made) == 1
    assert summary == _stock(_SHORT)
    assert "A short note" in summary


def test_without_a_page_for_the_second_pass_there_is_no_article() -> None:
    from readability.readability import Unparseable

    with pytest.raises(Unparseable):
        article_finder()(parse_html(_SHORT)).summary(html_partial=True)
