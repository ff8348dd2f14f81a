"""Markup into a tree, whatever the markup: a page, a fragment, nothing at all.

Every page and fragment the pipeline reads comes through `parse_html`, so the private-use
characters the clean pass uses as sentinels are stripped here, before any page could forge
one, and markup lxml refuses becomes an empty paragraph rather than an error.
"""

from __future__ import annotations

import re

from lxml import etree, html

from reader.convert.clean.sentinels import strip_sentinels
from reader.convert.html_nesting import flatten_html, too_deep

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

_PARSER = html.HTMLParser()
"""lxml.html's parser, whose elements are `HtmlElement`s found without Python: lxml.html's own
calls a Python method to find the class of each element it hands out (a `<form>` gets a
`FormElement`, which nothing here uses), 0.5 us each time, some 190,000 times in the
conversion of a 2.5 MB page."""
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity
    )
)


def parse_html(markup: str) -> html.HtmlElement:
    """Parse a page or a fragment into a document whose `<body>` holds the content."""
    markup = _XML_DECLARATION.sub("", strip_sentinels(markup))
    if not markup.strip():
        markup = "<p></p>"
    try:
        document = html.document_fromstring(markup, parser=_PARSER)
        if too_deep(document):  # libxml2 drops all after 255 levels; html2text, markdown-it fewer
            document = html.document_fromstring(flatten_html(markup), parser=_PARSER)
        return document
    except (etree.ParserError, ValueError):
        return html.document_fromstring("<p></p>", parser=_PARSER)


def parse_fragment(markup: str) -> html.HtmlElement:
    """Markup known to be sound (what an extractor wrote) as a `<div>` holding it, parsed as
    `parse_html` parses."""
    parsed = html.fragment_fromstring(markup, create_parent="div", parser=_PARSER)
    div = new_element("div")  # the `<div>` lxml.html made holds its elements in a document of its own
    div.text = parsed.text
    div.extend(list(parsed))
    return div


def new_element(tag: str) -> html.HtmlElement:
    """An element in a document of its own, whose elements are found as `parse_html`'s are
    (what is moved into it is then looked up the same way)."""
    element: html.HtmlElement = _PARSER.makeelement(tag)
    return element


def body_of(document: html.HtmlElement) -> html.HtmlElement:
    body = document.find("body")
    return body if body is not None else document
