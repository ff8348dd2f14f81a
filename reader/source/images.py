"""The bytes of an article's pictures: from the web, from `data:` URLs, from files beside a
local article, and from the cache of pictures already downloaded.

A picture is fetched only when the reader is about to see it, so a failure must never stop
the reading: every fault is an `ImageFailure` whose `reason` is a word or two the caption
shows (`404`, `too large`, `not an image`, `timed out`). Web pictures go through the one HTTP
client (`web.download`) with limits of their own (`IMAGE_LIMITS`): the same timeouts, a
smaller size cap, fewer redirects. A body the server declares as HTML or text is refused at
the headers, before it is downloaded.

Where a picture may come from depends on where the article came from: a local article may
show files beside it (its relative `src` resolves to a `file:` URL), a web page never makes
the reader read a local file, whatever its `src` says.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

from reader.errors import DownloadError, ReaderError
from reader.source import image_cache
from reader.source.limits import DEFAULT_LIMITS, MB, Limits
from reader.source.urls import join_url, scheme_of, split_url

IMAGE_LIMITS = replace(DEFAULT_LIMITS, read_timeout=15.0, deadline=30.0, max_bytes=10 * MB, max_redirects=5)
"""A picture may take less than a page: it is one of many, and only an illustration."""
MAX_DATA_URL_BYTES = 2 * MB
"""Largest picture decoded from a `data:` URL (the URL itself is part of the article)."""

_NOT_IMAGES = ("text/", "application/xhtml", "application/json", "application/javascript", "application/pdf")
"""Declared types that are certainly no picture: refused at the headers."""
_SVG_TYPE = "image/svg+xml"


class ImageFailure(ReaderError):
    """A picture that cannot be shown, and why in a word or two (`reason`)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ImageBytes:
    data: bytes
    media_type: str
    """The type the server or the `data:` URL declared; empty when unknown (Pillow sniffs)."""
    url: str
    """Where the bytes came from: the final URL after redirects, a `file:` URL, or `data:`."""


def base_of(source: str, base_url: str | None = None) -> str:
    """What an article's relative picture addresses resolve against: the base URL it was
    given (`--base`), else its own address, a `file:` URL for a local file, or nothing (stdin)."""
    if base_url:
        return base_url
    if "://" in source:
        return source
    if source and source != "-":
        return Path(source).expanduser().resolve().as_uri()
    return ""


def resolve(src: str, base: str) -> str:
    """The absolute address of a picture: `src` against the article's base URL or file URL."""
    src = src.strip()
    if src.lower().startswith("data:") or not base:
        return src
    return join_url(base, src)


def load_image(
    src: str,
    base: str,
    *,
    limits: Limits = IMAGE_LIMITS,
    cancel: threading.Event | None = None,
    use_cache: bool = True,
) -> ImageBytes:
    """The bytes of the picture `src` of an article whose base is `base` (its final URL, a
    `file:` URL for a local article, or "" when unknown). Blocking: call it from a worker.

    Raises `ImageFailure` with a short reason, or `Cancelled` when `cancel` is set.
    """
    url = resolve(src, base)
    parts = split_url(url)
    if parts is None:
        raise ImageFailure("bad address", f"{src}: not an address that can be read")
    scheme = parts.scheme.lower()
    if scheme == "data":
        return from_data_url(url)
    if scheme in ("http", "https"):
        if _is_svg_name(url):
            raise ImageFailure("SVG")
        cached = image_cache.load(url) if use_cache else None
        if cached is not None:
            return ImageBytes(cached, "", url)
        got = from_web(url, limits=limits, cancel=cancel)
        if use_cache:
            image_cache.store(url, got.data)
        return got
    if scheme == "file" and scheme_of(base) == "file":
        # Here only: urllib.request (and the email package under it) takes 50 ms to import,
        # and the app imports this module on its UI thread (`base_of`) as the first screen shows.
        from urllib.request import url2pathname

        return from_file(Path(url2pathname(urlsplit(url).path)), max_bytes=limits.max_bytes)
    if scheme == "file" or (not scheme and base):
        raise ImageFailure("not allowed", f"{src}: a web page cannot show a local file")
    if not scheme:
        raise ImageFailure("no address", f"{src}: a relative address with nothing to resolve it against")
    raise ImageFailure("unsupported", f"{src}: only http(s), data: and local files are shown")


def from_web(url: str, *, limits: Limits = IMAGE_LIMITS, cancel: threading.Event | None = None) -> ImageBytes:
    from reader.source import web  # httpx loads only when a web picture is shown

    try:
        got = web.download(url, limits=limits, cancel=cancel, inspect=_gate)
    except DownloadError as exc:
        raise ImageFailure(exc.short, str(exc)) from None
    return ImageBytes(got.data, got.media_type, got.url)


def _gate(url: str, media_type: str, head: bytes | None) -> None:
    """Refuse what is no picture: by its declared type at the headers, by its first bytes after."""
    if head is None:
        if media_type == _SVG_TYPE:
            raise ImageFailure("SVG")
        if media_type.startswith(_NOT_IMAGES):
            raise ImageFailure("not an image", f"{url}: the server sent {media_type}, not a picture")
        return
    if looks_like_markup(head):
        raise ImageFailure("SVG" if b"<svg" in head.lower() else "not an image")


def looks_like_markup(head: bytes) -> bool:
    """A body that starts like HTML, XML or SVG (after a BOM and white space)."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    return start == b"<"


def from_data_url(url: str, *, max_bytes: int = MAX_DATA_URL_BYTES) -> ImageBytes:
    """Decode `data:[<type>][;base64],<data>`, refusing more than `max_bytes` of picture."""
    header, comma, payload = url.partition(",")
    if not comma:
        raise ImageFailure("not an image", "a data: URL without a comma")
    params = [part.strip().lower() for part in header[len("data:") :].split(";")]
    media_type = params[0] if params and "/" in params[0] else ""
    is_base64 = "base64" in params[1:]
    # Base64 takes 4 characters for 3 bytes, percent-encoding 3 for 1: a payload this long
    # is too large whatever it holds, and is refused before it is decoded.
    if len(payload) > max_bytes * 3:
        raise ImageFailure("too large")
    raw = unquote_to_bytes(payload)
    if is_base64:
        try:
            data = base64.b64decode(b"".join(raw.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ImageFailure("not an image", "a data: URL whose base64 is broken") from None
    else:
        data = raw
    if len(data) > max_bytes:
        raise ImageFailure("too large")
    if media_type == _SVG_TYPE:
        raise ImageFailure("SVG")
    return ImageBytes(data, media_type, "data:")


def from_file(path: Path, *, max_bytes: int = IMAGE_LIMITS.max_bytes) -> ImageBytes:
    """A picture beside a local article: a regular file of at most `max_bytes`."""
    if _is_svg_name(path.name):
        raise ImageFailure("SVG")
    try:
        with path.open("rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ImageFailure("not an image", f"{path}: not a regular file")
            if info.st_size > max_bytes:
                raise ImageFailure("too large")
            data = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise ImageFailure("not found", f"no such file: {path}") from None
    except IsADirectoryError:
        raise ImageFailure("not an image", f"is a directory: {path}") from None
    except PermissionError:
        raise ImageFailure("no access", f"permission denied: {path}") from None
    except OSError as exc:
        raise ImageFailure("unreadable", f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ImageFailure("too large")
    return ImageBytes(data, "", path.resolve().as_uri())


def _is_svg_name(url: str) -> bool:
    return urlsplit(url).path.lower().endswith((".svg", ".svgz"))
