"""Writing files so that a crash or a kill never leaves half of one behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` in one step: readers see the old file or the new, never half.

    The new content goes to a temporary file beside `path` and is renamed over it. `durable`
    also syncs it to disk first (settings, exports); a cache can skip that. Raises `OSError`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def prune_oldest(folder: Path, pattern: str, max_bytes: int) -> None:
    """Delete the least recently touched files matching `pattern` until those left take at
    most `max_bytes`: what bounds a cache folder. Files that vanish or resist are skipped."""
    entries = []
    for path in folder.glob(pattern):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= max_bytes:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
