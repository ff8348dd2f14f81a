"""What makes two openings the same post: the key a library entry is stored under.

A post is the same post when its canonical URL is the same, however it was reached; with no
URL (a local file), when its Markdown is the same, wherever the file now lives. A bookmark
imported from a browser or an old library knows neither, so its path is the last resort.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlunsplit

from reader.source.urls import scheme_of, split_url

URL = "url:"
HASH = "sha256:"
PATH = "path:"

_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_web(source: str) -> bool:
    return scheme_of(source) in _DEFAULT_PORTS


def normalize_url(url: str) -> str:
    """One spelling per page: scheme and host lower-cased, default port and fragment dropped,
    an empty path written as `/`. Path and query are kept as given: servers may tell case apart.
    An address that cannot be parsed is kept as it is.
    """
    parts = split_url(url.strip())
    if parts is None:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def content_hash(markdown: str) -> str:
    return hashlib.sha256(markdown.encode("utf-8")).hexdigest()


def source_of_href(href: str) -> str:
    """The source to store for a link found in an import: a URL, or the path of a file URL."""
    parts = split_url(href.strip())
    if parts is not None and parts.scheme.lower() == "file":
        return str(Path(unquote(parts.path)))
    if is_web(href):
        return normalize_url(href)
    return href.strip()


def href_of_source(source: str) -> str:
    """The link to write into an export: the URL, or a file URL for a local path."""
    if is_web(source) or "://" in source:
        return source
    path = Path(source)
    return path.as_uri() if path.is_absolute() else source


def entry_key(*, url: str = "", source: str = "", markdown: str | None = None) -> str:
    """The key for a post: canonical URL, else a web source, else the content hash, else the path."""
    if url and is_web(url):
        return URL + normalize_url(url)
    if source and is_web(source):
        return URL + normalize_url(source)
    if markdown is not None:
        return HASH + content_hash(markdown)
    return PATH + source
