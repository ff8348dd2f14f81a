"""How long and how much a fetch may take: plain values, importable without httpx."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MB = 1024 * 1024

Progress = Callable[[int, int | None], None]
"""Called as bytes arrive: (bytes received so far, total size if the server said)."""

SNIFF_BYTES = 1445
"""How much of the body the type gate sees: the WHATWG "resource header" length."""


@dataclass(eq=False, frozen=True, slots=True)
class Limits:
    """How long and how much a fetch may take. Tests use small values; the CLI sets them."""

    connect_timeout: float = 10.0
    """Seconds to open the connection (TCP and TLS)."""
    read_timeout: float = 20.0
    """Seconds without a single byte from the server."""
    deadline: float = 60.0
    """Seconds for everything: DNS, connects, redirects, headers and the whole body."""
    max_bytes: int = 20 * MB
    """Largest body accepted from the web, counted after decompression."""
    max_file_bytes: int = 256 * MB
    """Largest local file or standard input accepted: a file the reader chose may be a long
    book, but /dev/zero must still end."""
    max_redirects: int = 10


DEFAULT_LIMITS = Limits()


def size_text(count: int) -> str:
    """A byte count for a message: "20 MB", "1.5 KB"."""
    if count >= MB:
        return f"{count / MB:.1f}".removesuffix(".0") + " MB"
    if count >= 1024:
        return f"{count / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{count} bytes"
