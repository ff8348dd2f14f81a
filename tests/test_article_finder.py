"""readability-lxml as the reader runs it (`article_finder`): on the page it is given, cleaned in
place, with the page made again only for its second pass; the article is the library's own."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


def test_the_page_read_is_let_go_of_at_the_end() -> None:
    """readability-lxml's debug table of the boxes it described would keep the page alive
    (a 25 MB page's whole tree, in the conversion's processes to their end)."""
    from readability import debug

    summary = article_finder()(parse_html(_PAGE)).summary(html_partial=True)
    assert "Words of the article" in summary
    assert debug.uids == {}
    assert debug.uids_document is None


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


def test_the_boxes_are_described_only_for_a_debug_log_that_writes(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """readability-lxml formats its debug messages, naming boxes and quoting their text,
    whether its log writes them or not: they are described only when it does, and the
    article is the same either way."""
    from readability import debug

    described: list[object] = []
    real = debug.describe_node

    def counted(node: object) -> str:
        described.append(node)
        return real(node)  # type: ignore[no-any-return]

    monkeypatch.setattr(debug, "describe_node", counted)
    summary = article_finder()(parse_html(_PAGE)).summary(html_partial=True)
    assert not described
    with caplog.at_level("DEBUG", logger="readability.readability"):
        assert article_finder()(parse_html(_PAGE)).summary(html_partial=True) == summary
    assert described
    assert any("Top 5" in record.getMessage() and ".content" in record.getMessage() for record in caplog.records)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab中 \t\n\r\xa0\u3000\f"), max_size=40) | st.text(max_size=300))
def test_the_library_cleans_text_as_it_would_without_the_quick_way(text: str) -> None:
    """readability-lxml's `clean` is only stripping for a text that its substitutions leave
    alone (`article_finder` makes it quick for those): the same text comes out as before."""
    from readability import readability

    article_finder()
    assert readability.clean(text) == readability.clean.__wrapped__(text)  # type: ignore[attr-defined]


_LAZY_IMPORTS = """
import sys
from reader.convert.article_finder import article_finder
article_finder()
print("chardet.universaldetector" in sys.modules, "http.client" in sys.modules)
from readability import encoding
print(encoding.get_encoding("<p>caf\u00e9 au lait, encore du caf\u00e9</p>".encode("latin-1")))
import urllib.request
from urllib.request import pathname2url
print(urllib.request.url2pathname("/a%20b"), pathname2url("/a b"), "http.client" in sys.modules)
"""


def test_what_the_library_imports_and_never_uses_here_loads_when_used() -> None:
    """chardet and urllib.request stand in unloaded (`article_finder`) and load on first use
    (in a fresh interpreter: this one may have loaded them already)."""
    done = subprocess.run([sys.executable, "-c", _LAZY_IMPORTS], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:3] == ["False False", "iso-8859-1", "/a b /a%20b True"]
