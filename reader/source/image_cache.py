"""Pictures already downloaded, kept in the cache folder so that reopening an article (or
scrolling back to a picture) does not download them again.

Keyed by the picture's URL; bounded in size (the least recently used go first); best effort:
any fault reading or writing is a miss. `READER_NO_CACHE=1` turns it off, as it does the
cache of conversions. A saved post's pictures are kept in the library instead, for good.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from reader.files import prune_oldest, write_atomic

MAX_TOTAL_BYTES = 128 * 1024 * 1024
_SUFFIX = ".img"


def enabled() -> bool:
    return os.environ.get("READER_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("reader") / "images"


def _path(url: str) -> Path:
    return cache_dir() / (hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest() + _SUFFIX)


def load(url: str) -> bytes | None:
    if not enabled():
        return None
    path = _path(url)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return data


def store(url: str, data: bytes) -> None:
    if not enabled() or len(data) > MAX_TOTAL_BYTES // 8:
        return
    path = _path(url)
    with contextlib.suppress(OSError):
        write_atomic(path, data, durable=False)
        prune_oldest(path.parent, f"*{_SUFFIX}", MAX_TOTAL_BYTES)
