"""Extraction by vote (`reader.convert.extraction`): pages of our own, one per class of page
the extractors used to get wrong, and the parts of the vote on small trees.

Each class page has its expected text dump at width 80 beside it (`NAME.80.txt`); after an
intended change, regenerate them with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_extraction.py`
and review the diff.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from reader.cli.dump import dump_text
from reader.convert import extract as extract_module
from reader.convert.extraction.assemble import assemble
from reader.convert.extraction.blocks import MARK, cut, drop_own_text
from reader.convert.extraction.decide import Signals, Votes, decide
from reader.convert.extraction.signals import article_body
from reader.convert.extraction.votes import TextMatch, trafilatura_kept
from reader.convert.pipeline import load_text
from tests.conftest import FIXTURES

PAGES = FIXTURES / "extraction"
CLASSES = sorted(PAGES.glob("*.html"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def dump(path: Path) -> str:
    document = load_text(path.read_text("utf-8"), "text/html", path.name)
    out = io.StringIO()
    dump_text(document, 80, out)
    return out.getvalue()


@pytest.mark.parametrize("path", CLASSES, ids=lambda path: path.stem)
def test_class_page_matches_its_golden_text(path: Path) -> None:
    expected = path.with_suffix(".80.txt")
    actual = dump(path)
    if UPDATE or not expected.exists():
        expected.write_text(actual, "utf-8")
        if not UPDATE:
            pytest.fail(f"{expected.name} was missing and has been written: review it and commit")
    assert actual == expected.read_text("utf-8"), f"{expected.name} differs (UPDATE_GOLDEN=1 to regenerate)"


FURNITURE = ("\nThe Harbour Post\n", "Most read", "Ferry timetable changes", "All rights reserved", "About us")


def test_share_bars_go_and_the_story_stays() -> None:
    text = dump(PAGES / "share.html")
    assert "The harbour filled up by noon" in text
    assert "the wind backs to the west" in text
    for junk in ("Share this on WhatsApp", "SUBSCRIBE", "Like this:", "Log in to like", *FURNITURE):
        assert junk not in text


def test_a_list_of_related_stories_goes_with_its_heading() -> None:
    text = dump(PAGES / "related.html")
    assert "if the second half of the grant arrives on time" in " ".join(text.split())
    for junk in ("Related", "Quay Street parking rules", "More from the Post", "Regatta moves", *FURNITURE):
        assert junk not in text


def test_the_intro_above_the_first_heading_stays() -> None:
    document = load_text((PAGES / "intro.html").read_text("utf-8"), "text/html", "intro.html")
    text = " ".join(document.article.text.split())
    assert "Every autumn a small office above the chandlery" in text
    assert "each with its own period and size" in text
    assert [(h.text, h.anchor) for h in document.article.headings] == [
        ("Adding up the harmonics", "harmonics"),
        ("What the tables cannot know", "weather"),
    ]


def test_a_table_keeps_its_caption_and_header_row() -> None:
    text = dump(PAGES / "table.html")
    assert "Monthly rainfall at the pier station" in text
    assert "│ Month" in text and "Average" in text
    assert "│ March" in text and "34" in text
    assert "Spring rainfall was less than half" in text
    # The caption a line of its own above the table, not run into its first header cell.
    lines = text.splitlines()
    caption = lines.index("Monthly rainfall at the pier station, in millimetres")
    assert lines[caption + 2].startswith("┌") and lines[caption + 3].startswith("│ Month    │ This year │")


def test_a_page_that_is_all_article_loses_nothing() -> None:
    path = PAGES / "nothing-to-cut.html"
    text = " ".join(dump(path).split())
    source = html.fromstring(path.read_text("utf-8"))
    for element in source.iter("p", "li", "h2"):
        assert " ".join(element.text_content().split()) in text


def test_a_short_article_is_cut_out_of_its_page() -> None:
    """Two short paragraphs are too little for Firefox's test of an article; the extractors
    still agree on them, so the navigation and the lists around them go."""
    text = dump(PAGES / "short-article.html")
    assert "The morning ferry to the islands will not sail" in text
    for junk in ("More news", "New lights for the pier", *FURNITURE):
        assert junk not in text


# The parts of the vote ------------------------------------------------------------------------


def _tree(markup: str) -> html.HtmlElement:
    return html.fromstring(f"<html><body>{markup}</body></html>")


def test_a_block_is_an_element_with_its_own_text() -> None:
    root = _tree(
        "<div>Intro <b>bold</b><p>Para <a href='/x'>link</a></p>outro<ul><li>one<ul><li>two</li></ul></li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table><pre>x = 1\ny = 2</pre><img src='p.png'></div>"
    )
    blocks = cut(root.find("body"))
    assert [(block.tag, block.text) for block in blocks] == [
        ("div", "Intro bold outro"),
        ("p", "Para link"),
        ("li", "one"),
        ("li", "two"),
        ("table", "a b"),
        ("pre", "x = 1 y = 2"),
        ("img", ""),
    ]
    assert blocks[1].link_density == pytest.approx(4 / 9)
    assert blocks[-1].src == "p.png"
    assert [block.element.get(MARK) for block in blocks] == [str(n) for n in range(7)]


def test_dropping_a_block_keeps_the_blocks_inside_it() -> None:
    root = _tree("<div>Share <a href='/s'>this</a><p>Kept paragraph.</p> now</div>")
    div = root.find("body/div")
    drop_own_text(div)
    assert etree.tostring(div, encoding="unicode") == "<div><p>Kept paragraph.</p></div>"


SENTENCES = (
    "The harbour filled up by noon as the fleet came back a day early.",
    "Skippers said the decision was easy once the warning came through.",
    "At the market the auctioneers worked through the catch twice as fast.",
    "Buyers from inland towns had driven down overnight expecting a thin week.",
    "The harbour master kept the outer gates closed through the evening tide.",
    "Owners doubled the lines on anything moored along the north wall.",
    "The swell arrives first when the wind backs round to the west.",
    "Forecasters moved the storm's track a hundred miles to the north.",
    "Smaller boats will stay tied up until the weekend at the earliest.",
    "Prices at the morning market climbed far enough to make it worth it.",
)


def test_trafilatura_keeps_a_short_text_only_where_it_stands() -> None:
    """ "More" twice on the page, once in trafilatura's output between the paragraphs it kept:
    the one in place is kept, not every "More" of the page."""
    first, second, third = SENTENCES[:3]
    body = etree.fromstring(f"<body><p>{first}</p><p>More</p><p>{second}</p></body>")
    root = _tree(f"<p>{first}</p><p>More</p><p>{second}</p><p>{third}</p><p>More</p>")
    blocks = cut(root.find("body"))
    assert trafilatura_kept(blocks, body) == {0, 1, 2}


def test_a_long_block_is_found_by_its_runs_of_words() -> None:
    sentence = "The harbour master kept the outer gates closed through the evening tide and asked owners"
    block = cut(_tree(f"<p>{sentence} to double the lines.</p>").find("body"))[0]
    assert TextMatch(f"{sentence} [1] to double the lines").holds(block)
    assert not TextMatch("Something else entirely, about the weather and the ferry timetable.").holds(block)


def _span(count: int = 8) -> list:  # type: ignore[type-arg]
    """Paragraphs of running text, each long enough to count as one (150 characters)."""
    body = "".join(f"<p>{SENTENCES[n]} {SENTENCES[(n + 1) % 10]} {SENTENCES[(n + 2) % 10]}</p>" for n in range(count))
    return cut(_tree(body).find("body"))


def test_what_both_keep_stays_and_what_neither_keeps_goes() -> None:
    blocks = _span()
    kept = decide(blocks, Votes({1, 2, 3, 4}, {1, 2, 3, 4}), Signals())
    assert kept == {1, 2, 3, 4}


def test_a_disputed_block_inside_the_agreed_span_stays_unless_it_is_links() -> None:
    blocks = _span()
    assert decide(blocks, Votes({1, 2, 4}, {1, 3, 4}), Signals()) == {1, 2, 3, 4}
    paragraphs = [f"<p>{SENTENCES[n]} {SENTENCES[n + 1]}</p>" for n in range(3)]
    share = "<p><a href='/a'>Share on Facebook</a> <a href='/b'>Share on X</a></p>"
    blocks = cut(_tree(paragraphs[0] + paragraphs[1] + share + paragraphs[2]).find("body"))
    assert decide(blocks, Votes({0, 1, 2, 3}, {0, 1, 3}), Signals()) == {0, 1, 3}


def test_outside_the_span_only_attached_running_text_from_trafilatura_joins() -> None:
    blocks = _span(10)
    # 0: trafilatura's intro right above the article; 6: readability's paragraph right below
    # it; 8: trafilatura's paragraph past 7, which neither kept (another part of the page).
    votes = Votes({1, 2, 3, 4, 5, 6}, {0, 1, 2, 3, 4, 5, 8})
    assert decide(blocks, votes, Signals()) == {0, 1, 2, 3, 4, 5}


def test_a_one_sentence_lede_right_above_the_article_joins_and_a_sentence_below_it_does_not() -> None:
    lede = "<p><cite>Harbour Town (Post)</cite> A quiet night on the water ended in a rescue.</p>"
    date = "<p>Updated 19 November</p>"
    promo = "<p>Get the day's top stories delivered to your inbox every morning.</p>"
    body = "".join(f"<p>{SENTENCES[n]} {SENTENCES[n + 1]} {SENTENCES[n + 2]}</p>" for n in range(3))
    blocks = cut(_tree(date + lede + body + promo).find("body"))
    assert blocks[1].size < 150 and blocks[5].size < 150
    assert decide(blocks, Votes({2, 3, 4}, {0, 1, 2, 3, 4, 5}), Signals()) == {1, 2, 3, 4}
    assert decide(blocks, Votes({1, 2, 3, 4}, {0, 2, 3, 4, 5}), Signals()) == {2, 3, 4}  # readability-lxml's alone


def test_a_headline_right_above_the_article_joins_and_one_past_other_text_does_not() -> None:
    body = "".join(f"<p>{SENTENCES[n]} {SENTENCES[n + 1]} {SENTENCES[n + 2]}</p>" for n in range(3))
    blocks = cut(_tree(f"<h1>Volcano erupts in Iceland</h1>{body}").find("body"))
    assert decide(blocks, Votes({0, 1, 2, 3}, {1, 2, 3}), Signals()) == {0, 1, 2, 3}
    menu = "<p>" + " ".join(["Home News Sport Weather Culture Travel Business Science"] * 4) + "</p>"
    blocks = cut(_tree(f"<h1>Example News</h1>{menu}{body}").find("body"))
    assert blocks[1].size > 200
    assert decide(blocks, Votes({0, 2, 3, 4}, {2, 3, 4}), Signals()) == {2, 3, 4}


def test_a_page_headline_that_is_not_its_title_stays_in_the_article() -> None:
    """A bare page: a `<title>` naming the site, then the story's `<h1>` and paragraphs.
    Trafilatura left the `<h1>` out (it takes it for the title), and the headline was shown
    nowhere: the header shows the `<title>`."""
    body = "".join(f"<p>{SENTENCES[n]} {SENTENCES[n + 1]} {SENTENCES[n + 2]}</p>" for n in range(3))
    head = "<head><title>Example News - Latest stories</title></head>"
    page = f"<html>{head}<body><h1>Volcano erupts in Iceland</h1>{body}</body></html>"
    article = load_text(page, "text/html", "news.html").article
    assert article.metadata.title == "Example News - Latest stories"
    assert [heading.text for heading in article.headings] == ["Volcano erupts in Iceland"]


def test_the_json_ld_article_body_settles_a_dispute() -> None:
    body = "".join(f"<p>{SENTENCES[2 * n]} {SENTENCES[2 * n + 1]} {SENTENCES[2 * n]}</p>" for n in range(5))
    blocks = cut(_tree(body).find("body"))
    text = " ".join(block.text for block in blocks if block.index != 2)
    signals = Signals(TextMatch(text))
    assert decide(blocks, Votes({0, 1, 2, 3, 4}, {0, 1, 3, 4}), signals) == {0, 1, 3, 4}
    assert decide(blocks, Votes({0, 1, 2, 3, 4}, {0, 1, 3, 4}), Signals()) == {0, 1, 2, 3, 4}


def test_a_post_the_story_embeds_stays_and_its_button_goes() -> None:
    """A tweet in a box named for social media, which both extractors and the clean pass's
    "social" box used to drop: its text and its signature stay with the story around it."""
    text = " ".join(dump(PAGES / "embedded-post.html").split())
    for kept in ("Explains the potholes", "Marta Quill (@martaquill)", "before lunch", "quarry road"):
        assert kept in text
    for junk in ("View this post on Instagram", "Valley Ledger", "About us", "Home"):
        assert junk not in text


def test_a_quote_neither_kept_inside_the_span_stays_unless_said_already_or_links() -> None:
    """An embedded post (a tweet: its text and its signature) both extractors leave out is the
    article's quote; a pull quote repeating a sentence of the article, and an embed's button,
    are not."""
    paragraphs = [f"<p>{SENTENCES[n]} {SENTENCES[n + 1]}</p>" for n in range(4)]
    tweet = "<blockquote class='twitter-tweet'><p>Nets everywhere today</p>&mdash; A Skipper (@skip)</blockquote>"
    pull = f"<blockquote class='pullquote'><p>{SENTENCES[1]}</p><cite>A skipper</cite></blockquote>"
    button = "<blockquote class='instagram-media'><a href='https://instagram.com/p/1'>View this post</a></blockquote>"
    body = paragraphs[0] + tweet + paragraphs[1] + pull + button + paragraphs[2] + paragraphs[3]
    blocks = cut(_tree(body).find("body"))
    assert [block.text for block in blocks[1:3]] == ["— A Skipper (@skip)", "Nets everywhere today"]
    agreed = {0, 3, 7, 8}
    assert decide(blocks, Votes(agreed, agreed), Signals()) == {0, 1, 2, 3, 7, 8}
    # Outside the span a quote neither kept goes.
    assert decide(blocks, Votes({3, 7}, {3, 7}), Signals()) == {3, 7}


def test_a_disputed_block_in_a_card_that_is_one_link_goes() -> None:
    """A rail of teasers among the paragraphs, each card an empty link stretched over its kicker
    and headline (no words in a link): one extractor's choice, it goes; a story's line in a
    small box with an empty link inside the page ("#top") stays."""
    paragraphs = [f"<p>{SENTENCES[n]} {SENTENCES[n + 1]}</p>" for n in range(3)]
    card = (
        "<div class='rail__item'><a href='/news/1'><img src='1.jpg'></a><div class='rail__item-content'>"
        "<div class='kicker'>TOLL ROW</div><span>Drivers queue for an hour at the bridge</span></div>"
        "<a class='rail__item-anchor' href='/news/1'></a></div>"
    )
    note = "<div class='note'><p>Picking starts at six each morning.<a href='#top' class='icon-up'></a></p></div>"
    blocks = cut(_tree(paragraphs[0] + card + paragraphs[1] + note + paragraphs[2]).find("body"))
    assert [block.text for block in blocks[2:4]] == ["Drivers queue for an hour at the bridge", "TOLL ROW"]
    assert decide(blocks, Votes({0, 1, 2, 3, 4, 5, 6}, {0, 4, 6}), Signals()) == {0, 4, 5, 6}


def test_a_disputed_quote_beside_a_share_icon_is_no_card() -> None:
    """A pull quote's box with a share button (a link to another site holding only an icon) is
    no teaser card: the link is seen, not stretched over the box by the page's style."""
    paragraphs = [f"<p>{SENTENCES[n]} {SENTENCES[n + 1]}</p>" for n in range(3)]
    quote = (
        "<div class='pullquote'><blockquote><p>We fish because our mothers did.</p></blockquote>"
        "<a href='https://twitter.com/intent/tweet?text=x'><svg viewBox='0 0 9 9'><path d='M0 0'/></svg></a></div>"
    )
    blocks = cut(_tree(paragraphs[0] + paragraphs[1] + quote + paragraphs[2]).find("body"))
    assert blocks[2].text == "We fish because our mothers did."
    assert decide(blocks, Votes({0, 1, 2, 3}, {0, 1, 3}), Signals()) == {0, 1, 2, 3}


def test_a_disputed_heading_goes_with_the_text_under_it() -> None:
    paragraphs = [f"<p>{SENTENCES[n]} {SENTENCES[n + 1]}</p>" for n in range(3)]
    related = "<h2>Related</h2><p><a href='/a'>Another story entirely</a></p>"
    blocks = cut(_tree(paragraphs[0] + paragraphs[1] + related + paragraphs[2]).find("body"))
    assert decide(blocks, Votes({0, 1, 2, 3, 4}, {0, 1, 4}), Signals()) == {0, 1, 4}


def test_a_disputed_heading_that_is_a_link_stays_over_a_paragraph_not_over_a_teaser_line() -> None:
    """A listicle names each item in a heading that links to it; a teaser's or a video's
    title is a link too, over a line or two."""
    paragraphs = [f"<p>{SENTENCES[n]} {SENTENCES[n + 1]} {SENTENCES[n + 2]}</p>" for n in range(3)]
    item = "<h3><a href='https://shop.example/lamp'>A brass lamp for the night shift</a></h3>"
    teaser = "<h3><a href='/video/7'>The harbour at dawn</a></h3><p>A minute of gulls.</p>"
    blocks = cut(_tree(paragraphs[0] + item + paragraphs[1] + teaser + paragraphs[2]).find("body"))
    assert [block.is_heading for block in blocks] == [False, True, False, True, False, False]
    assert decide(blocks, Votes({0, 1, 2, 3, 4, 5}, {0, 2, 4, 5}), Signals()) == {0, 1, 2, 4, 5}


def test_a_list_item_heading_a_kept_list_stays() -> None:
    """Short outer items above the agreed span are no running text; they stay all the same when
    a list nested in them stays (an outline's items were lost, its inner list kept)."""
    leaves = "".join(f"<li>{SENTENCES[n]}</li>" for n in range(3))
    blocks = cut(_tree(f"<ul><li>Outer<ol><li>Middle<ul>{leaves}</ul></li></ol></li><li>Alone</li></ul>").find("body"))
    assert [block.text for block in blocks[:2]] == ["Outer", "Middle"]
    assert decide(blocks, Votes({0, 1, 2, 3, 4, 5}, {2, 3, 4}), Signals()) == {0, 1, 2, 3, 4}
    assert decide(blocks, Votes({2, 3, 4}, {1, 2, 3, 4}), Signals()) == {1, 2, 3, 4}  # neither kept 0


def test_when_one_extractor_finds_nothing_the_other_decides() -> None:
    blocks = _span(4)
    assert decide(blocks, Votes(set(), {1, 2}), Signals()) == {1, 2}


def test_when_the_extractors_pick_different_parts_the_larger_wins() -> None:
    blocks = _span(6)
    assert decide(blocks, Votes({0, 1, 2, 3}, {5}), Signals()) == {0, 1, 2, 3}


def test_the_article_is_assembled_from_the_page_markup() -> None:
    root = _tree(
        "<nav><p>Home</p></nav><form id='aspnet'><div class='story'><h2 id='s1'>Part one</h2>"
        "<p>First <em>paragraph</em>.</p><ul><li><a href='/x'>Teaser</a></li></ul></div>"
        "<div><p>Second.</p></div></form>"
    )
    blocks = cut(root.find("body"))
    kept = {block.index for block in blocks if block.text in ("Part one", "First paragraph.", "Second.")}
    article = assemble(blocks, kept)
    # The ASP.NET form around the article is a plain box now: the clean pass drops forms.
    assert etree.tostring(article, encoding="unicode") == (
        '<div id="aspnet"><div class="story"><h2 id="s1">Part one</h2><p>First <em>paragraph</em>.</p></div>'
        "<div><p>Second.</p></div></div>"
    )


def test_a_teaser_picture_in_noscript_goes_and_a_kept_caption_keeps_its_picture() -> None:
    """The vote cannot see pictures in `<noscript>` (the clean pass brings them back): one in
    a box where nothing was kept goes, one beside a kept caption stays."""
    text = dump(PAGES / "noscript-teaser.html")
    assert "Ferry timetable changes" not in text
    assert "[image: A dredger at work]" in text and "A dredger at work in the outer basin" in text
    assert "Fishermen welcomed the plan" in text


def test_unseen_pictures_follow_what_was_kept_around_them() -> None:
    root = _tree(
        "<div><p>First paragraph.</p><div class='photo'><noscript><img src='kept.jpg'></noscript>"
        "<p>Its caption.</p></div><div><a href='/other'><noscript><img src='teaser.jpg'></noscript></a></div>"
        "<p>Second paragraph.</p></div>"
    )
    blocks = cut(root.find("body"))
    kept = {block.index for block in blocks if block.text != ""}
    article = assemble(blocks, kept)
    assert [img.get("src") for img in article.iter("img")] == ["kept.jpg"]


def test_article_body_comes_from_json_ld_only_when_long_enough() -> None:
    long_body = "Words of the article. " * 40
    page = html.fromstring(
        '<html><head><script type="application/ld+json">'
        f'{{"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": "{long_body}"}}'
        '</script><script type="application/ld+json">{"articleBody": "Teaser."}</script></head><body></body></html>'
    )
    assert article_body(page) == long_body
    assert article_body(html.fromstring("<html><body><p>x</p></body></html>")) == ""


# The size rule -----------------------------------------------------------------------------------


def test_above_the_size_limit_one_extractor_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.convert.extraction import votes

    monkeypatch.setattr(extract_module, "LARGE_PAGE_CHARS", 2000)
    monkeypatch.setattr(votes, "trafilatura_body", lambda *args: pytest.fail("trafilatura ran"))
    prose = "<p>" + "Words of the article, many of them. " * 40 + "</p>"
    page = f"<html><body><nav><a href='/'>Home</a></nav><div>{prose * 3}</div></body></html>"
    extracted = extract_module.extract(page, "https://example.org/long")
    assert "Words of the article" in extracted.html
    assert "Home" not in extracted.html


def test_scripts_do_not_count_towards_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(extract_module, "LARGE_PAGE_CHARS", 5000)
    original = extract_module._large_page

    def large_page(*args: Any) -> extract_module.Extracted:
        calls.append("large")
        return original(*args)

    monkeypatch.setattr(extract_module, "_large_page", large_page)
    prose = "<p>" + "Words of the article, many of them. " * 40 + "</p>"
    script = "<script>var x = '" + "y" * 20_000 + "';</script>"
    extract_module.extract(f"<html><head>{script}</head><body><article>{prose}</article></body></html>")
    assert calls == []
