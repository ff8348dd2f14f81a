"""Main-content extraction: a whole web page cut down to its article, plus what the page says
about that article.

The pipeline calls `extract(markup, url)` for a whole page (`reader.convert.page_kind.is_full_page`).
Posts and fragments never come here: an extractor must never drop a short post.

readability-lxml (adjusted in `reader.convert.article_finder`) and trafilatura vote on the
page's blocks (`reader.convert.extraction`), and the article is put together from the page's
own markup, so headings with their ids, lists, code, tables, images and links come through;
above `LARGE_PAGE_CHARS` readability-lxml runs alone. The page is prepared here and what the
vote returns is tidied for the rest of the pipeline; the metadata comes from
`reader.convert.metadata`.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from lxml import etree, html
from lxml.html import HtmlElement

from reader.chars import strip_controls
from reader.convert.article_finder import article_finder, text_length
from reader.convert.byline import BYLINE_MAX, byline_elements
from reader.convert.clean import IMAGE_URL, SOURCE_ATTRIBUTES, body_of, image_source, parse_html
from reader.convert.clean.parse import new_element, parse_fragment
from reader.convert.metadata import read_metadata, text_similarity
from reader.convert.page_kind import LARGE_PAGE_CHARS
from reader.model import Metadata

# readability-lxml logs a traceback for pages it cannot parse; Python would print it on stderr.
logging.getLogger("readability").addHandler(logging.NullHandler())

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = frozenset({"p", "div", "section", "header", "li", "address", "span"})
_WRAPPERS = frozenset({"div", "section", "header", "hgroup", "span"})
_SECTIONS = frozenset({"div", "section", "article"})
_READERABLE_MIN_CHARS = 140
_READERABLE_MIN_SCORE = 20
_WIDE_WEIGHT = 3
"""What a Chinese or Japanese character counts for, in Latin letters."""
_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
"""Characters that take two cells (CJK ideographs, kana, Hangul, fullwidth forms)."""
_MIN_ARTICLE_CHARS = 140
"""Less than this from readability-lxml on a readerable page means it picked the wrong box."""
_UNLIKELY = re.compile(
    r"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends"
    r"|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate"
    r"|pagination|pager|popup|yom-remote",
    re.I,
)
_MAYBE = re.compile(r"and|article|body|column|content|main|shadow", re.I)
_HIDDEN_PREFIX = "data-reader-"
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")
_TITLE_HEADING_SIMILARITY = 0.75
"""How close a heading must be to the title to count as the title repeated (Readability's)."""


@dataclass(slots=True)
class Extracted:
    markup: str
    """The article's HTML when `root` is None: the page as given, when nothing better was found
    (or what another extractor gave, in `benchmarks.extraction`)."""
    metadata: Metadata = field(default_factory=Metadata)
    root: HtmlElement | None = None
    """The article's tree: handed on as it is (`article_body`), where its HTML written out and
    parsed again cost a parse and a copy of the article (70 MB at 25 MB)."""

    @property
    def html(self) -> str:
        """The article's HTML (the whole page when nothing better was found)."""
        return self.markup if self.root is None else html.tostring(self.root, encoding="unicode")


def article_body(extracted: Extracted) -> HtmlElement:
    """The `<body>` that parsing the article's HTML (`Extracted.html`) gives, made without it:
    the article's tree moved into a document of its own (the page's `<head>` and `<base>` left
    behind, as they are by the HTML), or the page itself when that is what was kept."""
    root = extracted.root
    if root is None:
        return body_of(parse_html(extracted.markup))
    if root.tag == "html":
        return body_of(root)
    document = new_element("html")
    if root.tag == "body":
        document.append(root)
        return root
    body = etree.SubElement(document, "body")
    body.append(root)
    return body


def extract(markup: str, url: str = "", *, large: bool = False) -> Extracted:
    """The page's article and metadata; the whole page when no article can be told apart.
    `large`: extract as from a page above `LARGE_PAGE_CHARS` whatever its size (a large page's start)."""
    markup = strip_controls(markup)  # decoding did it for fetched pages; lxml refuses them
    document = parse_html(markup)
    metadata = read_metadata(document, url)
    prepare(document)
    if large or _html_size(document, markup) > LARGE_PAGE_CHARS:
        return _large_page(document, markup, metadata)
    from reader.convert.extraction.combine import combined_article

    article = combined_article(document, url, _readability_of_copy)
    if article is None or text_length(article) < _MIN_ARTICLE_CHARS:
        return Extracted(markup, metadata)
    tidy(article, metadata)
    return Extracted(markup, metadata, article)


def _large_page(document: html.HtmlElement, markup: str, metadata: Metadata) -> Extracted:
    """One pass, the cheapest that works: the page's own `<article>`/`<main>`, else
    readability-lxml alone (trafilatura costs twice as much a megabyte)."""
    if not is_readerable(document):
        return Extracted(markup, metadata, document)
    container = main_container(document)
    if container is not None:
        tidy(container, metadata)
        return Extracted(markup, metadata, container)
    hide_names(document)
    article = _readability(document, partial(_prepared_for_readability, markup))
    if article is None or text_length(article) < _MIN_ARTICLE_CHARS:
        return Extracted(markup, metadata)
    restore_names(article)
    tidy(article, metadata)
    return Extracted(markup, metadata, article)


def _html_size(document: html.HtmlElement, markup: str) -> int:
    """The page's size without its scripts and styles, which no extractor reads: what the
    extractors' cost grows with (a news page sends a megabyte of scripts around 100 kB)."""
    return len(markup) - sum(len(element.text or "") for element in document.iter("script", "style"))


def prepare(document: html.HtmlElement) -> None:
    """The page as the extractors read it: headings freed of links and wrappers, images
    revealed, links resolved (the article leaves the page's `<base>` behind: its links must
    not need it)."""
    unlink_headings(document)
    hoist_headings(document)
    reveal_images(document)
    document.resolve_base_href(handle_failures="discard")


def _readability_of_copy(document: html.HtmlElement) -> html.HtmlElement | None:
    """readability-lxml's article of a copy of the page (it cuts the tree it reads); a second
    copy only if it asks for the page again."""
    return _readability(_hidden_copy(document), partial(_hidden_copy, document))


def _hidden_copy(document: html.HtmlElement) -> html.HtmlElement:
    work = copy.deepcopy(document)
    hide_names(work)
    return work


def _prepared_for_readability(markup: str) -> html.HtmlElement:
    """A large page read again, as `extract` prepared it for readability-lxml: for the
    library's second pass, which the first pass's cuts to the page itself would spoil (a copy
    kept for it would double the memory of every large page for a pass few of them need)."""
    document = parse_html(markup)
    prepare(document)
    hide_names(document)
    return document


_MAIN_SHARE = 0.6
"""The share of the page's text its marked-up article must hold to be trusted."""


def main_container(document: html.HtmlElement) -> html.HtmlElement | None:
    """The innermost `<article>`, `<main>` or `role=main` element holding most of the page's
    text, if the page has one."""
    body = document.find("body")
    total = text_length(body if body is not None else document)
    if not total:
        return None
    best: html.HtmlElement | None = None
    for element in document.xpath("//article|//main|//*[@role='main']"):
        if text_length(element) >= _MAIN_SHARE * total and (best is None or best in element.iterancestors()):
            best = element
    return best


def is_readerable(document: html.HtmlElement) -> bool:
    """Whether the page holds enough running text to be an article, as Firefox decides to
    offer its Reader View: paragraphs of 140 characters or more, each counting the square root
    of what it has beyond that, must add up to more than 20. A Chinese or Japanese character
    counts three times, as it says about as much as three Latin letters (a Chinese word is one
    or two characters; an English one, five letters and a space). A page that is not (a short
    note, a list of links, a form) is read whole, so nothing of it is lost."""
    score = 0.0
    nodes = [*document.iter("p", "pre", "article"), *(br.getparent() for br in document.iterfind(".//div/br"))]
    seen: set[html.HtmlElement] = set()
    for node in nodes:
        if node is None or node in seen:
            continue
        seen.add(node)
        # The length first: most paragraphs are too short to count (a page of 20,000 short
        # ones spent a tenth of its extraction on their names and ancestors), and a leaf's
        # text is its `text`, read without `text_content`'s XPath.
        text = (node.text_content() if len(node) else node.text or "").strip()
        if _WIDE_WEIGHT * len(text) < _READERABLE_MIN_CHARS:
            continue
        length = len(text) + (_WIDE_WEIGHT - 1) * len(_WIDE.findall(text))
        if length < _READERABLE_MIN_CHARS:
            continue
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _UNLIKELY.search(names) and not _MAYBE.search(names):
            continue
        if node.tag == "p" and any(parent.tag == "li" for parent in node.iterancestors()):
            continue
        score += (length - _READERABLE_MIN_CHARS) ** 0.5
        if score > _READERABLE_MIN_SCORE:
            return True
    return False


def _readability(document: html.HtmlElement, again: Callable[[], html.HtmlElement]) -> html.HtmlElement | None:
    """readability-lxml's article of `document`, which it cuts; `again` makes the document
    anew for its second pass (see `article_finder`)."""
    from readability.readability import Unparseable

    try:
        summary = article_finder()(document, again).summary(html_partial=True)
    except (Unparseable, ValueError, etree.LxmlError):
        return None
    if not summary.strip():
        return None
    try:
        return parse_fragment(summary)
    except (etree.ParserError, ValueError):
        return None


def reveal_images(document: html.HtmlElement) -> None:
    """Lazy-loaded images as a browser running the page's scripts would show them.

    A placeholder followed by `<noscript><img src=real></noscript>` becomes the real image
    (readability-lxml drops `<noscript>`); an image whose source waits in `data-src` or a
    `srcset` gets it as `src`, by the rule the clean pass applies too (`image_source`); an
    image with no source at all goes.
    """
    for img in list(document.iter("img")):
        if not any(name in SOURCE_ATTRIBUTES or IMAGE_URL.search(value) for name, value in img.attrib.items()):
            _drop(img)
    for noscript in list(document.iter("noscript")):
        image = _single_image(noscript)
        previous = noscript.getprevious()
        if image is None or previous is None or _single_image(previous) is None:
            continue
        image.tail = previous.tail
        previous.getparent().replace(previous, image)
        _drop(noscript)
    for img in document.iter("img"):
        src = image_source(img)
        if src:
            img.set("src", src)


def _single_image(node: html.HtmlElement) -> html.HtmlElement | None:
    """The image a node is made of, when it holds one image and no text."""
    while node.tag != "img":
        children = [child for child in node if isinstance(child.tag, str)]
        if len(children) != 1 or node.text_content().strip():
            return None
        node = children[0]
    return node


def unlink_headings(document: html.HtmlElement) -> None:
    """Links to the page itself inside headings (back to the contents, permalink marks) become
    plain text: readability-lxml drops a heading that is mostly link, and these links lead
    nowhere a reader needs."""
    for heading in document.iter(*_HEADINGS):
        for link in list(heading.iter("a")):
            if (link.get("href") or "").strip().startswith("#") and link.getparent() is not None:
                link.drop_tag()


def hoist_headings(document: html.HtmlElement) -> None:
    """A heading alone in its wrappers (`<div id=intro><h2>Intro</h2></div>`) replaces them and
    takes their id: readability-lxml drops short wrappers as clutter, and the wrapper's id is
    the anchor `#intro` links aim at. A heading opening a section takes the section's id."""
    for heading in list(document.iter(*_HEADINGS)):
        parent = heading.getparent()
        while parent is not None and parent.tag in _WRAPPERS and _only_child(parent, heading):
            outer = parent.getparent()
            if outer is None:
                break
            _take_id(heading, parent)
            heading.tail = _join(heading.tail, parent.tail)
            outer.replace(parent, heading)
            parent = outer
        if parent is not None and parent.tag in _SECTIONS and _first_element(parent) is heading:
            _take_id(heading, parent)


def _only_child(parent: html.HtmlElement, child: html.HtmlElement) -> bool:
    if (parent.text or "").strip() or (child.tail or "").strip():
        return False
    return all(node is child for node in parent if isinstance(node.tag, str))


def _take_id(heading: html.HtmlElement, wrapper: html.HtmlElement) -> None:
    if not heading.get("id") and wrapper.get("id"):
        heading.set("id", wrapper.attrib.pop("id"))


def _join(first: str | None, second: str | None) -> str | None:
    return (first or "") + (second or "") or None


def hide_names(document: html.HtmlElement) -> None:
    """Hide from readability-lxml the class and id names it would misread.

    Heading ids are slugs of the heading's words: "AI toolchains" would count as a "tool"
    box and go. A link's class says how it behaves, not what it is: `<a class="popup">`
    around words of a sentence would go as an unlikely box, words and all. Both wait in
    attributes the library does not read, and come back afterwards.
    """
    for element in document.iter(*_HEADINGS, "a"):
        for name in ("id", "class") if element.tag == "a" else ("id",):
            value = element.attrib.pop(name, None)
            if value:
                element.set(_HIDDEN_PREFIX + name, value)


def restore_names(article: html.HtmlElement) -> None:
    for element in article.iter(*_HEADINGS, "a"):
        for name in ("id", "class"):
            value = element.attrib.pop(_HIDDEN_PREFIX + name, None)
            if value:
                element.set(name, value)


def tidy(article: html.HtmlElement, metadata: Metadata) -> None:
    """Shape the extracted article for the clean pass."""
    drop_empty_headings(article)
    drop_title_heading(article, metadata.title)
    drop_byline(article, metadata.author)


def drop_byline(article: html.HtmlElement, author: str) -> None:
    """The "By Jane Doe" line inside the article, which the header shows as the author."""
    if not author:
        return
    name = " ".join(author.split()).lower()
    for element in byline_elements(article):
        block = _block_of(element, article)
        text = " ".join(block.text_content().split())
        if block is not article and len(text) < BYLINE_MAX and name in text.lower():
            _drop(block)
            return


def _block_of(element: html.HtmlElement, root: html.HtmlElement) -> html.HtmlElement:
    """The element itself when it is a block, else the paragraph around it."""
    node = element
    while node.tag not in _BLOCKS and node.getparent() is not None and node.getparent() is not root:
        node = node.getparent()
    return node


def drop_empty_headings(article: html.HtmlElement) -> None:
    """Headings with nothing to read (an icon, a zero-width space) would be blank entries in
    the contents."""
    for heading in list(article.iter(*_HEADINGS)):
        if not _INVISIBLE.sub("", heading.text_content()) and heading.find(".//img") is None:
            _drop(heading)


def drop_title_heading(article: html.HtmlElement, title: str) -> None:
    """The first h1/h2, when it says the title again (the header shows it), as Readability
    removes it."""
    if not title:
        return
    for heading in article.iter("h1", "h2"):
        text = " ".join(heading.text_content().split())
        if text and text_similarity(title, text) > _TITLE_HEADING_SIMILARITY:
            _drop(heading)
        return


def _first_element(node: html.HtmlElement) -> html.HtmlElement | None:
    return next((child for child in node if isinstance(child.tag, str)), None)


def _drop(node: html.HtmlElement) -> None:
    if node.getparent() is not None:
        node.drop_tree()
