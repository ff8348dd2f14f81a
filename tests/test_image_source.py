"""Which picture an `<img>` shows is decided by one rule, for extraction and cleaning alike.

Lazy-loading pages keep the real address in `data-*` attributes or a `srcset` while `src`
holds a placeholder; extraction (before readability-lxml judges the page) and the clean
pass (before html2text writes it) must read such an image the same way.
"""

from __future__ import annotations

import pytest

from reader.convert.clean import clean_html, image_source, parse_html
from reader.convert.extract import reveal_images
from reader.convert.pipeline import load_text

LAZY_IMAGES = {
    "placeholder src, data: lazy attribute, data: first in srcset": (
        "<img src='/img/blank.gif' data-lazy-src='data:image/svg+xml,%3Csvg%3E' alt='A photo'"
        " srcset='data:image/gif;base64,R0lGODlhAQABAAAAACw= 1x, https://cdn.example/photo.jpg 2x'>",
        "https://cdn.example/photo.jpg",
    ),
    "two lazy attributes": (
        "<img data-actualsrc='https://cdn.example/a.jpg' data-lazy-src='https://cdn.example/b.jpg'>",
        "https://cdn.example/a.jpg",
    ),
    "data: src and data-src, real data-srcset": (
        "<img src='data:image/gif;base64,R0l' data-src='data:image/png;base64,AAA'"
        " data-srcset='https://cdn.example/s.jpg 320w, https://cdn.example/l.jpg 1280w'>",
        "https://cdn.example/l.jpg",
    ),
}


def _after_extraction(markup: str) -> list[str]:
    document = parse_html(f"<html><body><p>{markup}</p></body></html>")
    reveal_images(document)
    return [img.get("src") for img in document.iter("img")]


def _after_cleaning(markup: str) -> list[str]:
    return [img.get("src") for img in clean_html(f"<p>{markup}</p>").iter("img")]


@pytest.mark.parametrize(("markup", "expected"), LAZY_IMAGES.values(), ids=LAZY_IMAGES.keys())
def test_extraction_and_cleaning_give_a_lazy_image_the_same_source(markup: str, expected: str) -> None:
    assert _after_extraction(markup) == [expected]
    assert _after_cleaning(markup) == [expected]


def _source(markup: str) -> str:
    img = parse_html(f"<p>{markup}</p>").find(".//img")
    return image_source(img)


def test_a_real_src_is_kept_whatever_else_the_image_says() -> None:
    assert _source("<img src='https://x/a.jpg' data-src='https://x/b.jpg' srcset='https://x/c.jpg 2x'>") == (
        "https://x/a.jpg"
    )


def test_commas_inside_srcset_urls_belong_to_the_url() -> None:
    srcset = "https://img.example/w_300,h_200/a.jpg 300w, https://img.example/w_900,h_600/a.jpg 900w"
    assert _source(f"<img src='' srcset='{srcset}'>") == "https://img.example/w_900,h_600/a.jpg"
    assert _source("<img srcset='data:image/gif;base64,R0lGOD, https://x/real.jpg'>") == "https://x/real.jpg"


def test_a_placeholder_is_the_source_only_when_nothing_better_is_there() -> None:
    assert _source("<img src='/spacer.gif' alt='x'>") == "/spacer.gif"
    assert _source("<img src='data:image/gif;base64,R0l' alt='x'>") == ""


def test_a_full_page_and_a_fragment_show_the_same_lazy_image() -> None:
    markup, expected = LAZY_IMAGES["placeholder src, data: lazy attribute, data: first in srcset"]
    prose = "<p>" + "A paragraph long enough to make this page an article worth extracting. " * 6 + "</p>"
    page = f"<html><body><article>{prose}<div>{markup}</div>{prose}</article></body></html>"
    from_page = load_text(page, "text/html", "page").article.images
    from_fragment = load_text(f"<p>{markup}</p>", "text/html", "post").article.images
    assert [image.src for image in from_page] == [image.src for image in from_fragment] == [expected]
