"""Load a source's bytes: a file path, `-` for stdin, or an http(s) URL."""

from __future__ import annotations

import mimetypes
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from reader.errors import ReaderError

USER_AGENT = "reader/0.1 (terminal article reader)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Fetched:
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
    return urlsplit(source).scheme in ("http", "https")


Progress = Callable[[int, int | None], None]
"""Called as bytes arrive: (bytes received so far, total size if the server said)."""


def fetch(source: str, *, progress: Progress | None = None, cancel: threading.Event | None = None) -> Fetched:
    """Load a source. `cancel`, when set from another thread, stops a download with
    `Cancelled`; `progress` reports bytes for a progress bar."""
    if source == "-":
        return fetch_stdin()
    if is_url(source):
        return fetch_url(source)
    return fetch_file(Path(source))


def fetch_stdin() -> Fetched:
    data = sys.stdin.buffer.read()
    return Fetched(data, "", None, "-", "")


def fetch_file(path: Path) -> Fetched:
    try:
        resolved = path.expanduser().resolve()
        data = resolved.read_bytes()
    except FileNotFoundError:
        raise ReaderError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ReaderError(f"is a directory: {path}") from None
    except PermissionError:
        raise ReaderError(f"permission denied: {path}") from None
    except OSError as exc:
        raise ReaderError(f"cannot read {path}: {exc.strerror or exc}") from None
    media_type = media_type_of_path(resolved)
    return Fetched(data, media_type, None, str(resolved), resolved.as_uri())


def media_type_of_path(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown", ".mdown", ".mkd"):
        return "text/markdown"
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or ""


def fetch_url(url: str) -> Fetched:
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1",
    }
    try:
        with httpx.Client(follow_redirects=True, timeout=TIMEOUT, headers=headers, max_redirects=10) as client:
            response = client.get(url)
            response.raise_for_status()
    except httpx.HTTPStatusError as exc:
        raise ReaderError(f"{url}: HTTP {exc.response.status_code} {exc.response.reason_phrase}") from None
    except httpx.HTTPError as exc:
        raise ReaderError(f"{url}: {exc}") from None
    content_type = response.headers.get("content-type", "")
    media_type = content_type.split(";")[0].strip().lower()
    return Fetched(response.content, media_type, response.charset_encoding, str(response.url), str(response.url))
