"""Main-content extraction and page metadata: small pages of our own, and the shared corpus."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.convert import extract as extract_module
from reader.convert.clean import parse_html
from reader.convert.document import Document
from reader.convert.extract import extract, is_readerable
from reader.convert.frontmatter import split_front_matter
from reader.convert.metadata import document_title, read_metadata
from reader.convert.page_kind import is_full_page
from reader.convert.pipeline import load, load_text
from reader.model import BlockKind
from tests.conftest import FIXTURES, corpus_dir

PAGES = FIXTURES / "extract"


def _page(name: str) -> str:
    return (PAGES / name).read_text("utf-8")


def _load(name: str, base_url: str = "") -> Document:
    return load_text(_page(name), "text/html", str(PAGES / name), base_url)


def _flat(text: str) -> str:
    """Text without whitespace or zero-width characters, to compare across line breaks."""
    return re.sub(r"[\s\u200b-\u200f\u2060\ufeff]+", "", text)


@pytest.fixture
def no_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the pipeline tries to extract."""

    def refuse(markup: str, url: str = "") -> extract_module.Extracted:
        raise AssertionError("extract() called on something that is not a whole page")

    monkeypatch.setattr(extract_module, "extract", refuse)


# A page with navigation, sidebar and footer around the article -----------------------------------


def test_page_is_cut_down_to_its_article() -> None:
    document = _load("article-page.html", "https://gazette.example/2024/winter.html")
    text = document.article.text
    assert "Winter is when a vegetable garden rests" in text
    assert "the numbers make the next winter's planning" in " ".join(text.split())
    for boilerplate in ("Seed swap", "Popular this week", "compost heap", "All rights reserved"):
        assert boilerplate not in text


def test_extraction_keeps_the_structure() -> None:
    article = _load("article-page.html", "https://gazette.example/2024/winter.html").article
    assert [(h.level, h.text, h.anchor) for h in article.headings] == [
        (2, "Mulch the empty beds", "mulch"),
        (2, "Grow under cover", "cover"),
    ]
    kinds = {block.kind for block in article.blocks}
    assert {BlockKind.LIST, BlockKind.TABLE, BlockKind.CODE, BlockKind.IMAGE} <= kinds
    code = next(block for block in article.blocks if block.kind is BlockKind.CODE)
    assert code.language == "python"
    assert "open_frame()" in code.code


def test_links_and_lazy_images_resolve_against_base_href() -> None:
    article = _load("article-page.html", "https://gazette.example/2024/winter.html").article
    assert [image.src for image in article.images] == ["https://gazette.example/articles/images/cold-frame.jpg"]
    assert any(link.href == "https://gazette.example/articles/notes/mulch.html" for link in article.links)


def test_title_heading_and_byline_move_to_the_header() -> None:
    document = _load("article-page.html")
    meta = document.article.metadata
    assert meta.title == "Tending a Winter Garden | The Allotment Gazette"
    assert meta.author == "Ada Greenfield"
    assert meta.language == "en"
    assert "Tending a Winter Garden" not in [h.text for h in document.article.headings]
    assert not any(block.text.startswith("By Ada") for block in document.article.blocks)


def test_chinese_page_with_short_paragraphs_is_extracted() -> None:
    """Chinese paragraphs are short in characters: they still make the page an article."""
    document = _load("chinese-page.html")
    text = document.article.text
    assert "住在高楼里的人，也可以有一块自己的菜地。" in text
    assert "叶子湿着过夜容易生病。" in text
    for boilerplate in ("首页", "热门文章", "版权所有"):
        assert boilerplate not in text
    assert [h.text for h in document.article.headings] == ["土和水"]
    meta = document.article.metadata
    assert (meta.author, meta.date, meta.language) == ("李小青", "2023-09-01", "zh-CN")


def test_section_ids_and_permalinks_make_heading_anchors() -> None:
    article = _load("sections.html").article
    assert [(h.text, h.anchor) for h in article.headings] == [
        ("Working alone on two machines", "working-alone"),
        ("Review with colleagues", "review"),
    ]
    assert "Navigation" not in article.text


def test_noscript_image_replaces_its_placeholder() -> None:
    article = _load("sections.html", "https://docs.example/manual/shared.html").article
    assert [image.src for image in article.images] == ["https://docs.example/manual/figures/one-full.png"]


# Metadata ------------------------------------------------------------------------------------------


def test_json_ld_outranks_meta_tags() -> None:
    meta = extract(_page("json-ld.html"), "https://cuisine.example/recettes/pain.html").metadata
    assert meta.title == "Le pain au levain, pas à pas"
    assert meta.author == "Marie Dupont, Jean Martin"
    assert meta.date == "2023-03-14"
    assert meta.site == "Cuisine et Compagnie"
    assert meta.language == "fr"
    assert meta.image == "https://cuisine.example/images/pain.jpg"
    assert meta.url == "https://cuisine.example/pain-au-levain"


def test_opengraph_and_meta_tags() -> None:
    meta = extract(_page("opengraph.html"), "https://cycle.example/posts/42").metadata
    assert meta.title == "Fixing a Puncture on the Road"
    assert meta.author == "Sam Rider"
    assert meta.date == "2024-05-02"
    assert meta.site == "Cycle Weekly Notes"
    assert meta.language == "en-GB"
    assert meta.image == "https://cycle.example/img/tyre.jpg"
    assert meta.url == "https://cycle.example/2024/05/puncture"


def test_page_metadata_fills_the_document_header() -> None:
    meta = load_text(_page("opengraph.html"), "text/html", "https://cycle.example/posts/42").article.metadata
    assert (meta.title, meta.author, meta.date, meta.site) == (
        "Fixing a Puncture on the Road",
        "Sam Rider",
        "2024-05-02",
        "Cycle Weekly Notes",
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("How We Rebuilt the Search Index - Engineering Blog", "How We Rebuilt the Search Index"),
        ("Why Neon Became a Symbol | CityLab | The Atlantic", "Why Neon Became a Symbol | CityLab"),
        ("Blog | Example Site", "Blog | Example Site"),
        ("Home » Recipes » A Simple Loaf of Bread", "Home » Recipes » A Simple Loaf of Bread"),
        ("Just a plain title with no site name", "Just a plain title with no site name"),
        ("Site News: The Fourth Quarter Results Are In", "The Fourth Quarter Results Are In"),
        ("  Spaces\n   everywhere   in this title  ", "Spaces everywhere in this title"),
    ],
)
def test_title_drops_the_site_name_sensibly(title: str, expected: str) -> None:
    document = parse_html(f"<html><head><title>{title}</title></head><body><p>x</p></body></html>")
    assert document_title(document) == expected


def test_metadata_unescapes_entities_and_reads_time_elements() -> None:
    markup = """<html><head><title>Fish &amp; Chips</title></head><body>
    <article><time pubdate datetime="2021-07-09T12:00">9 July</time><p>Text</p></article></body></html>"""
    meta = read_metadata(parse_html(markup))
    assert meta.title == "Fish & Chips"
    assert meta.date == "2021-07-09"


def test_page_dates_are_iso_or_nothing() -> None:
    def date_of(head: str) -> str:
        return read_metadata(parse_html(f"<html><head>{head}</head><body><p>x</p></body></html>")).date

    assert date_of('<meta itemprop="datePublished" content="2020-02-29T23:59:00-08:00">') == "2020-02-29"
    assert date_of('<meta name="DC.date.issued" content="2019-11-05">') == "2019-11-05"
    assert date_of('<meta property="article:published_time" content="Updated 5 minutes ago">') == ""


def test_srcset_gives_a_lazy_image_its_source() -> None:
    paragraph = "<p>" + "A paragraph long enough to make this page an article worth extracting. " * 6 + "</p>"
    markup = f"""<html><body><article>{paragraph}
    <div><img data-srcset="small.jpg 320w, large.jpg 1280w, medium.jpg 800w" alt="Dunes"></div>
    {paragraph}</article></body></html>"""
    article = load_text(markup, "text/html", "page", "https://photos.example/sahara/").article
    assert [(image.alt, image.src) for image in article.images] == [
        ("Dunes", "https://photos.example/sahara/large.jpg")
    ]


def test_words_in_oddly_named_links_stay() -> None:
    """`class="popup"` reads as clutter to readability-lxml; inside a sentence it is words."""
    sentence = "The clerk made a <a class='popup' href='#n1'>violent thrust</a> with the ruler at the blots. "
    paragraph = f"<p>{sentence * 4}</p>"
    markup = f"<html><body><nav>Menu</nav><article>{paragraph * 3}</article></body></html>"
    assert extract(markup).html.count("violent thrust</a>") == 12


def test_broken_json_ld_is_ignored() -> None:
    markup = """<html><head><title>Plain Title For This Page</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "headline": </script>
    <script type="application/ld+json">[1, "two", {"@type": "NewsArticle"}]</script>
    </head><body><p>x</p></body></html>"""
    assert read_metadata(parse_html(markup)).title == "Plain Title For This Page"


# What is never cut ----------------------------------------------------------------------------------


def test_a_fragment_is_left_whole(no_extraction: None) -> None:
    markup = _page("fragment.html")
    assert not is_full_page(markup)
    text = load_text(markup, "text/html", "fragment.html").article.text
    for paragraph in ("A short post.", "Written on the train", "Thanks for reading"):
        assert paragraph in text


def test_a_post_with_front_matter_is_left_whole(no_extraction: None) -> None:
    markup = "---\ntitle: A Post\n---\n<html><body><nav>Menu</nav><p>Only this.</p></body></html>"
    document = load_text(markup, "text/markdown", "post.md")
    assert document.article.metadata.title == "A Post"
    assert "Only this." in document.article.text


def test_a_short_page_is_not_cut() -> None:
    markup = _page("short-page.html")
    assert is_full_page(markup)
    assert not is_readerable(parse_html(markup))
    text = _load("short-page.html").article.text
    for paragraph in (
        "The library is closed on Monday for the holiday.",
        "Books due that day can be returned on Tuesday",
        "See you soon",
    ):
        assert paragraph in text


def test_garbage_reads_as_a_page_without_failing() -> None:
    for markup in ("<html></html>", "<html><body>\x00</body></html>", "<!doctype html><p>" + "word " * 500):
        result = extract(markup)
        assert isinstance(result.html, str)


_TAGS = st.sampled_from(["p", "div", "h2", "a", "img", "noscript", "section", "span", "li", "ul", "title", "script"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_TAGS, st.text(max_size=80), st.booleans()), max_size=30))
def test_any_tag_soup_extracts_without_failing(parts: list[tuple[str, str, bool]]) -> None:
    body = "".join(f"<{tag} id='x' class='author'>{text}{f'</{tag}>' if close else ''}" for tag, text, close in parts)
    result = extract(f"<html><head><title>t</title></head><body>{body}</body></html>", "https://example.com/a")
    assert isinstance(result.html, str)


# The shared corpus ----------------------------------------------------------------------------------


@pytest.mark.corpus
def test_posts_keep_every_paragraph(no_extraction: None) -> None:
    folder = corpus_dir("posts")
    for path in sorted(folder.iterdir()):
        _, body = split_front_matter(path.read_text("utf-8", "replace"))
        text = _flat(load(str(path)).article.text)
        for paragraph in parse_html(body).iter("p"):
            flat = _flat(paragraph.text_content())
            assert flat in text, f"{path.name}: lost {paragraph.text_content()[:60]!r}"


def test_an_article_in_many_equal_parts_is_kept_whole() -> None:
    """A long page in sections that each score like the others is one article, not the part
    that happened to score highest."""
    part = "<p>" + "A sentence of the chapter, long enough to count as prose. " * 6 + "</p>"
    sections = "".join(f"<section><h2 id='p{n}'>Part {n}</h2><div>{part * 3}</div></section>" for n in range(8))
    page = (
        "<!doctype html><html><head><title>Book</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<article>{sections}</article><footer>Copyright</footer></body></html>"
    )
    extracted = extract(page, "https://example.org/book")
    assert extracted.html.count("<section") == 8
    assert "Copyright" not in extracted.html


def test_a_large_page_with_a_marked_up_article_skips_the_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above a megabyte, an `<article>` holding most of the text is taken as it is."""
    from reader.convert import extract as extraction

    monkeypatch.setattr(extraction, "LARGE_PAGE_CHARS", 1000)
    monkeypatch.setattr(extraction, "_readability", lambda document, again: pytest.fail("readability ran"))
    prose = "<p>" + "Words of the article, many of them. " * 40 + "</p>"
    page = f"<html><body><nav><a href='/'>Home</a></nav><article>{prose * 5}</article><footer>f</footer></body></html>"
    extracted = extract(page, "https://example.org/long")
    assert extracted.html.startswith("<article")
    assert "Home" not in extracted.html


def test_a_byline_loses_the_separator_it_was_cut_with() -> None:
    page = (
        "<html><head><title>超长中文文章</title><meta name='author' content='温戈，'></head><body><article>"
        "<h1>超长中文文章</h1>" + "<p>" + "正文的一句话。" * 40 + "</p>" * 3 + "</article></body></html>"
    )
    assert extract(page, "https://zh.example/a").metadata.author == "温戈"


@pytest.mark.parametrize(
    "box",
    [
        # A donate box named as the author's (the bench's seed post): its class says "author".
        "<div class='support-author'><div class='support-title'>给作者打赏，鼓励TA抓紧创作！</div>"
        "<button class='button--pay'>赞赏</button></div>",
        # A tip box whose class says nothing of donating: its words do.
        "<div class='author-box'>Tip the author: buy me a coffee</div>",
        "<p class='byline-reward'>Support this writer on Patreon</p>",
        # A byline inside a reward box.
        "<div class='post-reward'><span class='author'>打赏作者</span></div>",
    ],
)
def test_a_donate_tip_or_reward_box_is_no_byline(box: str) -> None:
    prose = "<p>" + "Words of the article, many of them. " * 30 + "</p>"
    page = f"<html><head><title>A post</title></head><body><h1>A post</h1>{prose * 3}{box}</body></html>"
    assert read_metadata(parse_html(page)).author == ""
    # The real byline after it is still found.
    named = page.replace("</body>", "<p class='author'>Ada Greenfield</p></body>")
    assert read_metadata(parse_html(named)).author == "Ada Greenfield"


@pytest.mark.parametrize("date", ["8. November 2021", "Friday, 8. November 2021", "2021-11-08"])
def test_a_byline_box_holding_only_a_date_names_no_author(date: str) -> None:
    prose = "<p>" + "Words of the article, many of them. " * 30 + "</p>"
    box = f"<p class='byline vcard'><time datetime='2021-11-08'>{date}</time></p>"
    page = f"<html><head><title>A post</title></head><body><h1>A post</h1>{box}{prose * 3}</body></html>"
    assert read_metadata(parse_html(page)).author == ""
    dated = page.replace(date, f"By Ada Greenfield, {date}")
    assert read_metadata(parse_html(dated)).author == f"Ada Greenfield, {date}"


def test_a_byline_box_loses_its_date_line_and_the_body_its_byline() -> None:
    """A "byline" box holding the name and a line of its date: the header shows each once (the
    name was "... Published 11:11 PM EST Nov 19, 2019", and the body said the name again)."""
    prose = "<p>" + "Words of the article, many of them. " * 30 + "</p>"
    box = (
        "<div class='byline-section'><div class='attribution'><span class='author'></span>"
        "<span class='publication'>Detroit News wire services</span></div>"
        "<!-- date --><div class='publish-date'>Published 11:11 PM EST Nov 19, 2019</div></div>"
    )
    body = f"<article><h1>A game</h1>{box}{prose * 3}</article>"
    page = f"<html><head><title>A game</title></head><body>{body}</body></html>"
    document = load_text(page, "text/html", "page")
    assert document.article.metadata.author == "Detroit News wire services"
    text = document.article.text
    assert "Detroit News" not in text and "Published" not in text
    assert "Words of the article" in text


def test_a_placeholder_date_gives_way_to_the_next_source() -> None:
    """ "0001-01-01", the zero time a page without a date prints in its JSON-LD, is no date."""
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}</script>'
    head = f'{ld}<meta property="article:published_time" content="2019-11-19T23:11:00-05:00">'
    page = f"<html><head>{head}</head><body><p>x</p></body></html>"
    assert read_metadata(parse_html(page)).date == "2019-11-19"
    assert read_metadata(parse_html(page.replace("<meta", "<meta-gone"))).date == ""


@pytest.mark.parametrize(
    "byline",
    [
        "Donatella Rossi",  # a name that starts as "donate" does
        "Ada Greenfield, 2021-11-08",  # a name and a date in numbers
        "张三 2021-11-08",  # a Chinese name is one word
    ],
)
def test_a_name_beside_a_date_or_like_a_donate_word_is_a_byline(byline: str) -> None:
    prose = "<p>" + "Words of the article, many of them. " * 30 + "</p>"
    box = f"<p class='byline'>{byline}</p>"
    page = f"<html><head><title>A post</title></head><body><h1>A post</h1>{box}{prose * 3}</body></html>"
    assert read_metadata(parse_html(page)).author == byline


def test_a_pictures_author_is_no_byline() -> None:
    prose = "<p>" + "Words of the article, many of them. " * 30 + "</p>"
    credit = "<figure><img src='a.jpg'><div class='article__image-author'>PAP/ Rafał Guz</div></figure>"
    page = f"<html><head><title>A post</title></head><body><h1>A post</h1>{credit}{prose * 3}</body></html>"
    assert read_metadata(parse_html(page)).author == ""
    named = page.replace("<h1>A post</h1>", "<h1>A post</h1><p class='article__author'>Ada Greenfield</p>")
    assert read_metadata(parse_html(named)).author == "Ada Greenfield"
