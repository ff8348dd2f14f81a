"""Pictures: the real source of lazy-loaded images, without proxy prefixes.

Pages load their pictures lazily: `src` holds a placeholder (a blank GIF, a `data:` URL)
until a script copies the real address from `data-src` or a `srcset`. The reader runs no
scripts, so these passes do what they would.
"""

from __future__ import annotations

import re

from lxml import html

from reader.convert.clean.dom import drop

_PLACEHOLDER_SRC = re.compile(r"^data:|^$|blank\.gif|placeholder|spacer\.gif|grey\.gif|loading\.gif|pixel\.gif", re.I)
_LAZY_SRC_ATTRS = ("data-src", "data-original", "data-actualsrc", "data-lazy-src", "data-url", "data-echo")
_TAG = re.compile(r"<[^>]*>")
_PROXY_PREFIX = re.compile(r"^https?://[^?#]+/\?(https?://.+)$")
"""An image URL behind a proxy that takes the real URL as its whole query string."""


def recover_noscript_images(root: html.HtmlElement) -> None:
    """Lazy pages put the real `<img>` in a `<noscript>` after a placeholder; keep it (the
    `<noscript>` itself is dropped as junk)."""
    for noscript in list(root.iter("noscript")):
        images = list(noscript.iter("img"))
        if not images or noscript.getparent() is None:
            continue
        previous = noscript.getprevious()
        if previous is not None and previous.tag == "img":
            if _PLACEHOLDER_SRC.search((previous.get("src") or "").strip()) and images[0].get("src"):
                previous.set("src", images[0].get("src", ""))
                if not previous.get("alt") and images[0].get("alt"):
                    previous.set("alt", images[0].get("alt", ""))
            continue
        for image in images:
            image.tail = None
            noscript.addprevious(image)


def fix_images(root: html.HtmlElement) -> None:
    """Take the real source of lazy-loaded images, and unwrap proxy prefixes."""
    for img in list(root.iter("img")):
        src = (img.get("src") or "").strip()
        if _PLACEHOLDER_SRC.search(src):
            for attr in _LAZY_SRC_ATTRS:
                lazy = (img.get(attr) or "").strip()
                if lazy and not lazy.startswith("data:"):
                    src = lazy
                    break
            else:
                src = _largest_in_srcset(img.get("srcset") or img.get("data-srcset") or "") or src
        if not src or src.startswith("data:"):
            drop(img)
            continue
        img.set("src", unwrap_proxy(src))
        alt = img.get("alt")
        if alt:
            img.set("alt", " ".join(_TAG.sub(" ", alt).split()))


def _largest_in_srcset(srcset: str) -> str:
    """The candidate with the largest width or density descriptor in a `srcset`."""
    best, best_size = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts or parts[0].startswith("data:"):
            continue
        size = 1.0
        if len(parts) > 1 and parts[1][:-1].replace(".", "", 1).isdigit():
            size = float(parts[1][:-1])
        if size > best_size:
            best, best_size = parts[0], size
    return best


def unwrap_proxy(url: str) -> str:
    match = _PROXY_PREFIX.match(url)
    return match.group(1) if match else url
