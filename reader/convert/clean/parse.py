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


def parse_html(markup: str) -> html.HtmlElement:
    """Parse a page or a fragment into a document whose `<body>` holds the content."""
    markup = _XML_DECLARATION.sub("", strip_sentinels(markup))
    if not markup.strip():
        markup = "<p></p>"
    try:
        document = html.document_fromstring(markup)
        if too_deep(document):  # libxml2 drops all after 255 levels; html2text, markdown-it fewer
            document = html.document_fromstring(flatten_html(markup))
        return document
    except (etree.ParserError, ValueError):
        return html.document_fromstring("<p></p>")


def body_of(document: html.HtmlElement) -> html.HtmlElement:
    body = document.find("body")
    return body if body is not None else document
