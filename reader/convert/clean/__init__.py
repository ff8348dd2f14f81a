"""Clean an article's HTML before html2text sees it.

html2text is a faithful converter of whatever it is given: it keeps donate buttons, turns a
line break between two Chinese characters into a space, drops heading ids and code
languages, and writes `**…。**的`, which no Markdown parser reads as bold. Each of those is
fixed here, on the DOM, by a small pass with one job; `clean_part` runs them in order.

The modules: `policy` (what to do with each tag, as data), `parse` and `dom` (the tree and
edits of it that keep its text), `junk`, `images`, `blocks`, `whitespace`, `emphasis`,
`urls`, `formulas` (the passes, by what they fix), and `sentinels` (facts carried through html2text as
private-use characters, turned into Markdown by `reader.convert.html_to_markdown`).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import html

from reader.convert.clean.blocks import (
    drawn_rules_as_rules,
    fix_preformatted,
    flatten_list_items,
    flatten_tables,
    indenting_quotes_as_text,
    retag,
)
from reader.convert.clean.dom import append_text
from reader.convert.clean.emphasis import fit_emphasis_to_markdown, normalize_emphasis
from reader.convert.clean.formulas import math_as_text
from reader.convert.clean.images import (
    IMAGE_URL,
    SOURCE_ATTRIBUTES,
    declared_size,
    fix_images,
    image_source,
    recover_noscript_images,
)
from reader.convert.clean.junk import drop_copy_widgets, drop_junk, is_dropped
from reader.convert.clean.parse import body_of, new_element, parse_fragment, parse_html
from reader.convert.clean.policy import BLOCK_TAGS
from reader.convert.clean.sentinels import mark_anchors, mark_code_languages, sentinels_to_markdown
from reader.convert.clean.urls import document_base, fix_links, resolve_urls
from reader.convert.clean.whitespace import normalize_whitespace

__all__ = [
    "BLOCK_TAGS",
    "IMAGE_URL",
    "SOURCE_ATTRIBUTES",
    "append_text",
    "body_of",
    "clean_html",
    "clean_part",
    "declared_size",
    "document_base",
    "image_source",
    "is_dropped",
    "new_element",
    "parse_fragment",
    "parse_html",
    "sentinels_to_markdown",
]

_PASSES: tuple[Callable[[html.HtmlElement], None], ...] = (
    recover_noscript_images,
    math_as_text,
    drop_junk,
    drop_copy_widgets,
    fix_images,
    fix_preformatted,
    fix_links,
    flatten_list_items,
    flatten_tables,
    drawn_rules_as_rules,
    indenting_quotes_as_text,
    retag,
    normalize_whitespace,
    normalize_emphasis,
    fit_emphasis_to_markdown,
    mark_anchors,
    mark_code_languages,
)
"""In this order: the pictures of `<noscript>` are recovered before junk (`<noscript>` among
it) goes; blocks are reshaped before emphasis is fitted to the text it ends up beside; the
sentinels come last, on the text as html2text will see it."""


def clean_html(markup: str, base_url: str = "") -> html.HtmlElement:
    """The cleaned `<body>` of a page or fragment."""
    body = body_of(parse_html(markup))
    clean_part(body, document_base(body, base_url))
    return body


def clean_part(root: html.HtmlElement, base_url: str, web_url: str = "") -> None:
    """Clean one part of a page (a chunk of a long one, or all of it); `base_url` is the
    document's effective base (`document_base`), which a detached part cannot look up;
    `web_url` the address a local copy of a web page declares as its own (see `resolve_urls`)."""
    for clean in _PASSES:
        clean(root)
    resolve_urls(root, base_url, web_url)
