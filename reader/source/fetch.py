"""Load a source's bytes: a file path, `-` for stdin, or an http(s) URL; refuse what is not text.

The type gate keeps PDFs, images, archives and other binaries out of the text pipeline, with
an `UnsupportedContent` error that names the type, so the app can offer the system browser.
A declared type is trusted when it is specific; a missing or generic one (no header,
`application/octet-stream`, `text/plain`, XML) is checked against the body's first bytes, the
way browsers sniff (WHATWG MIME Sniffing: known signatures, then "binary data bytes").
"""

from __future__ import annotations

import os
import stat
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from reader.errors import Cancelled, ReaderError, UnsupportedContent
from reader.source.binary import signature_type, unmarked_utf16
from reader.source.limits import DEFAULT_LIMITS, SNIFF_BYTES, Limits, Progress, size_text

__all__ = ["DEFAULT_LIMITS", "Fetched", "Limits", "Progress", "fetch", "is_url"]

_READ_STEP = 1024 * 1024

READABLE = frozenset({"text/html", "application/xhtml+xml", "text/markdown", "text/x-markdown"})
"""Types read as they are declared."""
SNIFFED = frozenset(
    {
        "",
        "text/plain",
        "application/octet-stream",
        "binary/octet-stream",
        "application/unknown",
        "unknown/unknown",
        "application/x-unknown-content-type",
        "application/xml",
        "text/xml",
    }
)
"""Types that say too little: the body decides (servers send PDFs as octet-stream, HTML as
text/plain, and XHTML as XML)."""

_BINARY_BYTES = frozenset({*range(0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)})
"""Bytes that never occur in text (WHATWG "binary data byte")."""
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe")


@dataclass(eq=False, frozen=True, slots=True, weakref_slot=True)
class Fetched:
    """The bytes of a source as they came, with what the transport said about them: decoding
    comes later. Weakly referable: `pipeline.cache_key` remembers the last it hashed."""

    data: bytes
    media_type: str
    """Lower-case type without parameters ("text/html"); empty when unknown."""
    charset: str | None
    """The charset the transport declared (HTTP header), if any."""
    source: str
    """Absolute path, final URL after redirects, or "-"."""
    base_url: str
    """What relative links resolve against: the final URL, or a file:// URL of the path."""


def is_url(source: str) -> bool:
    try:
        scheme = urlsplit(source).scheme
    except ValueError:  # "http://[::1" and other broken brackets
        return source.lower().startswith(("http://", "https://"))
    return scheme in ("http", "https")


def fetch(
    source: str,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Fetched:
    """Load a source. `cancel`, when set from another thread, stops a download with
    `Cancelled`; `progress` reports bytes for a progress bar; `limits` bounds time and size."""
    if source == "-":
        return fetch_stdin(limits=limits)
    if is_url(source):
        return fetch_url(source, progress=progress, cancel=cancel, limits=limits)
    _reject_other_schemes(source)
    return fetch_file(Path(source), progress=progress, cancel=cancel, limits=limits)


def fetch_url(
    url: str,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Fetched:
    from reader.source import web  # httpx and its TLS stack load only when a URL is read

    got = web.download(url, limits=limits, progress=progress, cancel=cancel, inspect=_gate_http)
    media_type = readable_type(got.url, got.media_type, got.data)
    return Fetched(got.data, media_type, got.charset, got.url, got.url)


def _gate_http(url: str, media_type: str, head: bytes | None) -> None:
    """Refuse a declared PDF or image at the headers, before its body is downloaded."""
    if head is None:
        if media_type not in READABLE and media_type not in SNIFFED:
            raise _unsupported(url, media_type)
        return
    readable_type(url, media_type, head)


def fetch_stdin(*, limits: Limits = DEFAULT_LIMITS) -> Fetched:
    data = _read_capped(sys.stdin.buffer, "standard input", limits.max_file_bytes)
    if _is_blank(data):
        raise ReaderError("nothing to read: standard input was empty")
    return Fetched(data, readable_type("-", "", data, name="standard input"), None, "-", "")


def fetch_file(
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Fetched:
    try:
        given = path.expanduser()
        resolved = given.resolve()
        if not resolved.exists():  # /dev/fd/63 from `reader <(curl ...)` resolves to "pipe:[...]"
            resolved = given.absolute()
        with given.open("rb") as stream:
            info = os.fstat(stream.fileno())
            size = info.st_size if stat.S_ISREG(info.st_mode) else None
            if size is not None and size > limits.max_file_bytes:
                raise ReaderError(f"{path}: {_over(size, limits)}")
            data = _read_capped(stream, str(path), limits.max_file_bytes, total=size, progress=progress, cancel=cancel)
    except FileNotFoundError:
        raise ReaderError(f"no such file: {path}{_url_hint(str(path))}") from None
    except IsADirectoryError:
        raise ReaderError(f"is a directory: {path}") from None
    except PermissionError:
        raise ReaderError(f"permission denied: {path}") from None
    except OSError as exc:
        raise ReaderError(f"cannot read {path}: {exc.strerror or exc}") from None
    if _is_blank(data):
        raise ReaderError(f"nothing to read: {path} is empty")
    uri = resolved.as_uri()
    media_type = readable_type(uri, media_type_of_path(resolved), data, name=str(path))
    return Fetched(data, media_type, None, str(resolved), uri)


def _is_blank(data: bytes) -> bool:
    """Nothing but white space (and perhaps a UTF-8 BOM), checked without copying the bytes."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    return len(data) == start or data[start:].isspace()


def _over(size: int, limits: Limits) -> str:
    return f"the file is {size_text(size)}, over the {size_text(limits.max_file_bytes)} limit"


def _read_capped(
    stream: BinaryIO,
    name: str,
    max_bytes: int,
    *,
    total: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> bytes:
    """Read to the end, or fail past `max_bytes` (a pipe or /dev/zero has no size to check)."""
    chunks: list[bytes] = []
    count = 0
    while True:
        if cancel is not None and cancel.is_set():
            raise Cancelled(f"{name}: cancelled")
        chunk = stream.read(_READ_STEP)
        if not chunk:
            break
        chunks.append(chunk)
        count += len(chunk)
        if count > max_bytes:
            raise ReaderError(f"{name}: larger than the {size_text(max_bytes)} limit")
        if progress:
            progress(count, total)
    return b"".join(chunks)


def media_type_of_path(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown", ".mdown", ".mkd"):
        return "text/markdown"
    import mimetypes  # its tables load only for names the reader does not know itself

    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or ""


def readable_type(url: str, media_type: str, data: bytes, *, name: str = "") -> str:
    """The type the pipeline reads `data` as, or `UnsupportedContent` when it is no text.

    Returns the declared type, `application/xhtml+xml` for an XML body that is XHTML, or ""
    when the body is text of no declared type (the pipeline tells HTML from Markdown).
    `name` is what the message calls the source when it is not a URL.
    """
    if media_type in READABLE:
        return media_type
    if media_type not in SNIFFED:
        raise _unsupported(url, media_type, name)
    head = data[:SNIFF_BYTES]
    sniffed = sniff_binary(head)
    if sniffed:
        raise _unsupported(url, sniffed, name)
    if media_type in ("application/xml", "text/xml"):
        if b"<html" in head.lower():
            return "application/xhtml+xml"
        raise _unsupported(url, media_type, name)
    return "text/plain" if media_type == "text/plain" else ""


def sniff_binary(head: bytes) -> str | None:
    """The type of a binary body from its first bytes; None when it looks like text."""
    signed = signature_type(head)
    if signed:
        return signed
    if head.startswith(_TEXT_BOMS) or unmarked_utf16(head):
        return None
    if any(byte in _BINARY_BYTES for byte in head):
        return "application/octet-stream"
    return None


def _unsupported(url: str, media_type: str, name: str = "") -> UnsupportedContent:
    advice = "" if name else "; open it in a browser"
    message = f"{name or url}: not an article ({media_type or 'unknown content'}){advice}"
    return UnsupportedContent(message, url=url, media_type=media_type)


def _reject_other_schemes(source: str) -> None:
    """`ftp://...` or `file://...` would otherwise be looked for as a relative path."""
    scheme = source.split("://", 1)[0]
    if "://" in source and len(scheme) > 1 and not Path(source).exists():
        raise ReaderError(f"cannot open {source}: only http(s) URLs, files and - (stdin) are read")


def _url_hint(source: str) -> str:
    """A bare host name (`example.com/page`, `localhost:8000/page`, `127.0.0.1/page`) is most
    likely a URL without its scheme."""
    first = source.split("/", 1)[0]
    if source.startswith((".", "/", "~")) or " " in first:
        return ""
    host, _, port = first.rpartition(":") if first.count(":") == 1 or first.startswith("[") else (first, "", "")
    if not port.isdigit():
        host, port = first, ""
    local = host == "localhost" or _is_ip_address(host.strip("[]"))
    if local or (port and host):
        scheme = "http" if local else "https"
        return f" (for a web page, give the full URL: {scheme}://{source})"
    if "." in host.strip("."):
        suffix = host.rsplit(".", 1)[-1]
        if suffix.isalpha() and suffix.lower() not in ("md", "html", "htm", "txt", "markdown", "xhtml"):
            return f" (for a web page, give the full URL: https://{source})"
    return ""


def _is_ip_address(text: str) -> bool:
    import ipaddress  # only on the error path

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
