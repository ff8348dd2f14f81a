"""A real HTTP server on 127.0.0.1 for the app's picture tests: pictures Pillow makes in the
test, and each way a picture goes wrong, one path each.

Threaded, so a held picture (`hold`) never keeps the others waiting; a held one is sent when
the test calls `release`, which makes "while a picture is on its way" a state the test
controls instead of a race with a sleep.
"""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import pytest
from PIL import Image

from tests.test_image_fetch import animated_gif, huge_png

HOLD_LIMIT = 20.0
"""Seconds a held picture waits at most for its release (a failed test never hangs)."""


def picture(format: str, size: tuple[int, int] = (160, 80), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A picture in two halves (the colour, then blue), so its cells show two colours."""
    image = Image.new("RGB", size, color)
    image.paste((30, 30, 200), (0, size[1] // 2, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, format=format)
    return out.getvalue()


@dataclass
class Site:
    """Paths to (status, media type, body); `hold` names paths sent only once released."""

    routes: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    held: dict[str, threading.Event] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    port: int = 0
    server: http.server.ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hold(self, path: str) -> None:
        self.held[path] = threading.Event()

    def release(self, path: str) -> None:
        self.held[path].set()

    def stop(self) -> None:
        for event in self.held.values():
            event.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@cache
def _standard_routes() -> tuple[tuple[str, tuple[int, str, bytes]], ...]:
    return tuple(
        {
            "/red.png": (200, "image/png", picture("PNG")),
            "/photo.jpg": (200, "image/jpeg", picture("JPEG", color=(30, 180, 30))),
            "/moving.gif": (200, "image/gif", animated_gif()),
            "/modern.webp": (200, "image/webp", picture("WEBP", color=(200, 200, 30))),
            "/corrupt.png": (200, "image/png", picture("PNG")[:60]),
            "/bomb.png": (200, "image/png", huge_png(30_000, 30_000)),
            "/page.png": (200, "text/html", b"<html><body>Not a picture</body></html>"),
            "/slow.png": (200, "image/png", picture("PNG", color=(120, 30, 160))),
        }.items()
    )


def standard_routes() -> dict[str, tuple[int, str, bytes]]:
    """Every format, and every failure the issue names (made once: the bomb takes a while)."""
    return dict(_standard_routes())


@pytest.fixture
def site() -> Iterator[Site]:
    found = Site(standard_routes())

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found.requests.append(self.path)
            held = found.held.get(self.path)
            if held is not None:
                held.wait(HOLD_LIMIT)
            status, media_type, body = found.routes.get(self.path, (404, "text/plain", b"not found"))
            try:
                self.send_response(status)
                self.send_header("Content-Type", media_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the reader gave up on it (cancelled, timed out)
                pass

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    found.server, found.port = server, server.server_address[1]
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield found
    found.stop()
