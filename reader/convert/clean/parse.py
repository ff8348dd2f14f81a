"""Markup into a tree, whatever the markup: a page, a fragment, nothing at all.

Every page and fragment the pipeline reads comes through `parse_html`, so the private-use
characters the clean pass uses as sentinels are stripped here, before any page could forge
one, and markup lxml refuses becomes an empty paragraph rather than an error.
"""

from __future__ import annotations

import re

from lxml import etree, html

from reader.convert.clean.sentinels import strip_sentinels

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(markup: str) -> html.HtmlElement:
    """Parse a page or a fragment into a document whose `<body>` holds the content."""
    markup = _XML_DECLARATION.sub("", strip_sentinels(markup))
    if not markup.strip():
        markup = "<p></p>"
    try:
        return html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return html.document_fromstring("<p></p>")


def body_of(document: html.HtmlElement) -> html.HtmlElement:
    body = document.find("body")
    return body if body is not None else document
