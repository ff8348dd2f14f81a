"""Where links and pictures point: made absolute, and only links a reader can follow kept.

Markdown links hold inline text and an address; html2text writes whatever `<a>` it meets,
including ones that run scripts or wrap whole blocks. `fix_links` keeps the links worth
following, and `resolve_urls` makes every address absolute, so the reader can follow it
from the library long after the page's own address is forgotten.
"""

from __future__ import annotations

from lxml import html

from reader.convert.clean.dom import drop_all, holds_blocks, unwrap
from reader.source.urls import join_url, split_url


def fix_links(root: html.HtmlElement) -> None:
    """Unwrap links that go nowhere a reader can follow or that wrap whole blocks (Markdown
    links hold inline text only), and drop empty anchors and link titles (never shown, and
    html2text does not escape their quotes). An address that cannot be parsed goes nowhere."""
    dropped: list[html.HtmlElement] = []
    for link in list(root.iter("a")):
        href = (link.get("href") or "").strip()
        parts = split_url(href)
        scheme = parts.scheme.lower() if parts is not None else ""
        empty = not link.text_content().strip() and link.find(".//img") is None
        link.attrib.pop("title", None)
        if href:
            link.set("href", href)
        if empty:
            dropped.append(link)
        elif not href or parts is None or scheme in ("javascript", "data", "vbscript") or holds_blocks(link):
            unwrap(link)
    drop_all(dropped)


def document_base(root: html.HtmlElement, base_url: str) -> str:
    """What relative URLs resolve against: the page's `<base href>`, else the page's URL."""
    base = root.getroottree().find(".//base")
    if base is not None and base.get("href"):
        return join_url(base_url, str(base.get("href", "")).strip())
    return base_url


def resolve_urls(root: html.HtmlElement, base_url: str, web_url: str = "") -> None:
    """Make link and image URLs absolute against the base; `#anchor` links stay as they are.

    In a web page saved to a file, `//host/path` and `/path` still mean the web, never this
    computer's root folder: the first takes https, the second the page's own address
    (`web_url`, its canonical URL) when it declares one. Other relative links stay files.
    """
    if not base_url:
        return
    local = base_url.startswith("file:")
    for node, attr in (*((a, "href") for a in root.iter("a")), *((img, "src") for img in root.iter("img"))):
        value = (node.get(attr) or "").strip()
        if not value or value.startswith("#"):
            continue
        if local and value.startswith("//"):
            value = "https:" + value
        elif local and value.startswith("/") and web_url:
            value = join_url(web_url, value)
        node.set(attr, join_url(base_url, value))
