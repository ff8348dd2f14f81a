"""Addresses written by strangers, split and joined without raising.

`urllib.parse` raises `ValueError` on some addresses (an unclosed `[` of an IPv6 host:
`http://[::1`, a bracket around a name that is not an address); a page's link or picture,
a bookmark file or the command line can hold one. An address that cannot be parsed goes
nowhere: it is never the end of the article, the library or the command.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit


def split_url(url: str) -> SplitResult | None:
    """`urlsplit`, or None for an address it cannot parse."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def scheme_of(url: str) -> str:
    """The lower-cased scheme; "" for none, and for an address that cannot be parsed."""
    parts = split_url(url)
    return parts.scheme.lower() if parts is not None else ""


def join_url(base: str, url: str) -> str:
    """`url` resolved against `base`; `url` as it is when either cannot be parsed."""
    try:
        return urljoin(base, url)
    except ValueError:
        return url
