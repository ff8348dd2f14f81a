"""The extracted article is handed on as a tree (`article_body`), not written out as HTML and
parsed again: the body the conversion reads is the one that parse gave."""

from __future__ import annotations

import pytest
from lxml import html

from reader.convert import extract as extraction
from reader.convert.chunked import open_text
from reader.convert.clean import body_of, parse_html
from reader.convert.document import finish

_PROSE = "<p>" + "Words of the article, and sentences long enough to be read as one. " * 8 + "</p>"
_ARTICLE = f"<h2 id='one'>One</h2>{_PROSE}<p>A <a href='/next'>link</a> and <img src='a.png' alt='x'>.</p>{_PROSE}"
_PAGES = {
    "voted": f"<html><head><title>T</title></head><body><nav><a href='/'>Home</a></nav>"
    f"<div class='post'>{_ARTICLE}</div><footer>Copyright</footer></body></html>",
    "marked up": f"<html><body><nav><a href='/'>Home</a></nav><article>{_ARTICLE}</article> after</body></html>",
    "readability": f"<html><body><nav><a href='/'>Home</a></nav><div class='post'>{_ARTICLE * 3}</div></body></html>",
    "not an article": "<html><head><base href='https://example.org/a/'></head>"
    "<body><p>Short <a href='b'>note</a>.</p></body></html>",
    "main as the body": f"<html><body role='main'>{_ARTICLE}</body></html>",
}


@pytest.mark.parametrize("name", _PAGES)
@pytest.mark.parametrize("large", [False, True])
def test_the_body_handed_on_is_the_one_its_html_parses_to(
    name: str, large: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if large:
        monkeypatch.setattr(extraction, "LARGE_PAGE_CHARS", 100)
    extracted = extraction.extract(_PAGES[name], "https://example.org/page")
    parsed = body_of(parse_html(extracted.html))
    handed = extraction.article_body(extracted)
    assert handed.tag == "body"
    assert html.tostring(handed, encoding="unicode") == html.tostring(parsed, encoding="unicode")
    assert (handed.getroottree().find(".//base") is None) == (parsed.getroottree().find(".//base") is None)


def test_a_page_converts_from_the_tree_handed_on() -> None:
    document = finish(open_text(_PAGES["voted"], "text/html", "page.html", "https://example.org/page"))
    texts = [block.text for block in document.article.blocks]
    assert any(text.startswith("Words of the article") for text in texts)
    assert not any("Copyright" in text or "Home" in text for text in texts)
