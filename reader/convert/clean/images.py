"""Which picture an `<img>` shows: decided once, for extraction and cleaning alike.

Pages load their pictures lazily: `src` holds a placeholder (a blank GIF, a `data:` URL)
until a script copies the real address from `data-src` or a `srcset`. The reader runs no
scripts, so `image_source` does what they would. Extraction asks it so that readability-lxml
judges the real pictures, and the clean pass so that html2text writes them; one rule for
both, so the two can never disagree about a picture. A `data:` URL is never taken: on a lazy
page it is the placeholder, and in the Markdown it would be a wall of base64.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import html

from reader.convert.clean.dom import drop_all
from reader.convert.clean.formulas import tex_text

PLACEHOLDER_SRC = re.compile(r"^data:|^$|blank\.gif|placeholder|spacer\.gif|grey\.gif|loading\.gif|pixel\.gif", re.I)
"""A `src` that stands in for the picture until a script loads it."""
LAZY_SOURCES = ("data-src", "data-original", "data-actualsrc", "data-lazy-src", "data-url", "data-echo")
"""Where lazy-loading scripts keep the real address, in the order they are tried."""
SOURCE_ATTRIBUTES = frozenset({"src", "srcset", "data-srcset", *LAZY_SOURCES})
"""Every attribute `image_source` reads."""

IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#\s]|$)", re.I)
"""An address naming a picture file, whatever attribute holds it."""

_INLINE = re.compile(r"^data:", re.I)
_TAG = re.compile(r"<[^>]*>")
_PROXY_PREFIX = re.compile(r"^https?://[^?#]+/\?(https?://.+)$")
"""An image URL behind a proxy that takes the real URL as its whole query string."""


def image_source(img: html.HtmlElement) -> str:
    """The address of the picture an `<img>` shows once its page's scripts have run.

    Its `src`, unless that is a placeholder; else the first lazy attribute that holds an
    address, else the largest candidate of its `srcset`, else the placeholder itself unless
    it is a `data:` URL. Empty when the image has no address at all.
    """
    src = (img.get("src") or "").strip()
    if not PLACEHOLDER_SRC.search(src):
        return src
    for name in LAZY_SOURCES:
        lazy = (img.get(name) or "").strip()
        if lazy and not _INLINE.match(lazy):
            return lazy
    srcset = img.get("srcset") or img.get("data-srcset") or ""
    return largest_candidate(srcset) or ("" if _INLINE.match(src) else src)


def largest_candidate(srcset: str) -> str:
    """The candidate of a `srcset` with the largest width or density, `data:` URLs left out;
    the first of equals, and a candidate without a descriptor counts as `1x`."""
    best, best_size = "", -1.0
    for url, descriptor in srcset_candidates(srcset):
        if _INLINE.match(url):
            continue
        first = descriptor.split()[0] if descriptor else ""
        size = 1.0
        if first[-1:] in ("w", "x"):
            try:
                size = float(first[:-1])
            except ValueError:
                size = 1.0
        if size > best_size:
            best, best_size = url, size
    return best


def srcset_candidates(srcset: str) -> Iterator[tuple[str, str]]:
    """(URL, descriptor) pairs of a `srcset`, split as the HTML standard does: a URL runs to
    the next whitespace, so the commas inside one (a `data:` URL, a CDN's `w_300,h_200`) are
    part of it, and only a comma after the URL or its descriptor starts the next candidate."""
    position, end = 0, len(srcset)
    while position < end:
        while position < end and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < end and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = position
            while position < end and srcset[position] != ",":
                position += 1
            descriptor = srcset[start:position].strip()
        if url:
            yield url, descriptor


def unwrap_proxy(url: str) -> str:
    match = _PROXY_PREFIX.match(url)
    return match.group(1) if match else url


def recover_noscript_images(root: html.HtmlElement) -> None:
    """Lazy pages put the real `<img>` in a `<noscript>` after a placeholder; keep it (the
    `<noscript>` itself is dropped as junk)."""
    for noscript in list(root.iter("noscript")):
        images = list(noscript.iter("img"))
        if not images or noscript.getparent() is None:
            continue
        previous = noscript.getprevious()
        if previous is not None and previous.tag == "img":
            if PLACEHOLDER_SRC.search((previous.get("src") or "").strip()) and images[0].get("src"):
                previous.set("src", images[0].get("src", ""))
                if not previous.get("alt") and images[0].get("alt"):
                    previous.set("alt", images[0].get("alt", ""))
            continue
        for image in images:
            image.tail = None
            noscript.addprevious(image)


def fix_images(root: html.HtmlElement) -> None:
    """Give each image its real source (`image_source`) without a proxy prefix, and an alt
    text without markup (a formula's TeX without MediaWiki's wrapper); an image with no
    source goes."""
    dropped: list[html.HtmlElement] = []
    for img in list(root.iter("img")):
        src = image_source(img)
        if not src:
            dropped.append(img)
            continue
        img.set("src", unwrap_proxy(src))
        alt = img.get("alt")
        if alt:
            img.set("alt", tex_text(_TAG.sub(" ", alt)))
    drop_all(dropped)
