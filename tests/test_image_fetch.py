"""Pictures fetched and decoded: a real HTTP server on 127.0.0.1 serving pictures Pillow makes
in the test, and the ways a picture goes wrong (each gives its one-word reason)."""

from __future__ import annotations

import base64
import io
import re
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.errors import Cancelled
from reader.source import image_cache
from reader.source.image_decode import MAX_SIDE, decode, decode_sized
from reader.source.images import ImageFailure, base_of, from_data_url, load_image
from reader.source.limits import MB, Limits
from tests.conftest import SAMPLES

QUICK = Limits(connect_timeout=5.0, read_timeout=5.0, deadline=20.0, max_bytes=2 * MB, max_redirects=3)
"""Limits that a loaded machine still meets for a local server: only the timeout test is short."""
SHORT = Limits(connect_timeout=1.0, read_timeout=0.5, deadline=2.0, max_bytes=2 * MB, max_redirects=3)
RED, BLUE = (220, 20, 20), (20, 20, 220)


def picture_bytes(format: str, size: tuple[int, int] = (40, 30), color: tuple[int, int, int] = RED) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=format)
    return out.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (20, 20), color) for color in (RED, BLUE, BLUE)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A real, valid PNG of `width` x `height` one-bit pixels, compressed row by row: about
    100 KB for 30,000 x 30,000, though it would take 900 MB decoded as RGB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then the row's bits
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def serving() -> Iterator[HTTPServer]:
    """One server for the module: stopping one waits out its poll interval (half a second)."""
    with HTTPServer(host="127.0.0.1") as http:
        yield http


@pytest.fixture
def server(serving: HTTPServer) -> Iterator[HTTPServer]:
    """The module's server with no handler from an earlier test."""
    yield serving
    serving.clear()


def fetch_and_decode(server: HTTPServer, path: str) -> Image.Image:
    got = load_image(path, server.url_for("/page.html"), limits=QUICK)
    return decode(got.data)


@pytest.mark.parametrize(
    ("format", "media_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_pictures_of_each_format_arrive_and_decode(server: HTTPServer, format: str, media_type: str) -> None:
    server.expect_request(f"/p.{format.lower()}").respond_with_data(picture_bytes(format), content_type=media_type)
    picture = fetch_and_decode(server, f"p.{format.lower()}")
    assert picture.size == (40, 30)
    red, green, blue = picture.convert("RGB").getpixel((20, 15))  # type: ignore[misc]
    assert red > 180 and green < 60 and blue < 60


def test_an_animated_gif_shows_its_first_frame(server: HTTPServer) -> None:
    server.expect_request("/anim.gif").respond_with_data(animated_gif(), content_type="image/gif")
    picture = fetch_and_decode(server, "/anim.gif")
    red, _, blue = picture.convert("RGB").getpixel((5, 5))  # type: ignore[misc]
    assert red > blue


def failure(server: HTTPServer, path: str, limits: Limits = QUICK) -> ImageFailure:
    with pytest.raises(ImageFailure) as caught:
        got = load_image(path, server.url_for("/page.html"), limits=limits)
        decode(got.data)
    return caught.value


def test_a_missing_picture_says_404(server: HTTPServer) -> None:
    server.expect_request("/gone.png").respond_with_data("no", status=404)
    assert failure(server, "/gone.png").reason == "404"


def test_a_page_served_as_a_picture_is_not_an_image(server: HTTPServer) -> None:
    page = "<!doctype html><html><body>" + "<p>Log in to see this picture.</p>" * 200 + "</body></html>"
    server.expect_request("/login.png").respond_with_data(page, content_type="text/html")
    server.expect_request("/undeclared.png").respond_with_data(page, content_type="application/octet-stream")
    assert failure(server, "/login.png").reason == "not an image"
    assert failure(server, "/undeclared.png").reason == "not an image"


def test_a_corrupt_picture_says_so(server: HTTPServer) -> None:
    good = picture_bytes("PNG", (64, 64))
    server.expect_request("/cut.png").respond_with_data(good[: len(good) // 2], content_type="image/png")
    noise = b"\xff\xd8\xff" + bytes(range(256)) * 4
    server.expect_request("/noise.jpg").respond_with_data(noise, content_type="image/jpeg")
    assert failure(server, "/cut.png").reason == "corrupt"
    assert failure(server, "/noise.jpg").reason in ("corrupt", "not an image")


def test_a_decompression_bomb_is_refused_before_it_is_decoded(server: HTTPServer) -> None:
    bomb = huge_png(30_000, 30_000)
    assert len(bomb) < 1 * MB
    server.expect_request("/bomb.png").respond_with_data(bomb, content_type="image/png")
    started = time.monotonic()
    assert failure(server, "/bomb.png").reason == "too large"
    assert time.monotonic() - started < 5  # refused from the header, not after 900 MB of pixels


def test_a_picture_over_the_size_cap_is_too_large(server: HTTPServer) -> None:
    server.expect_request("/big.bmp").respond_with_data(picture_bytes("BMP", (1000, 1000)), content_type="image/bmp")
    small = replace(QUICK, max_bytes=100_000)
    assert failure(server, "/big.bmp", small).reason == "too large"


def test_a_slow_picture_times_out(server: HTTPServer) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(5)
        return Response(picture_bytes("PNG"), content_type="image/png")

    server.expect_request("/slow.png").respond_with_handler(slow)
    try:
        started = time.monotonic()
        assert failure(server, "/slow.png", SHORT).reason == "timed out"
        assert time.monotonic() - started < SHORT.deadline + 3
    finally:
        release.set()


def test_a_slow_picture_can_be_cancelled(server: HTTPServer) -> None:
    release = threading.Event()
    server.expect_request("/slow.png").respond_with_handler(lambda request: (release.wait(5), Response(b""))[1])
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    try:
        with pytest.raises(Cancelled):
            load_image("/slow.png", server.url_for("/"), limits=Limits(deadline=10.0), cancel=cancel)
    finally:
        release.set()


def test_redirects_are_followed_and_capped(server: HTTPServer) -> None:
    server.expect_request("/old.png").respond_with_data("", status=301, headers={"Location": "/new.png"})
    server.expect_request("/new.png").respond_with_data(picture_bytes("PNG"), content_type="image/png")
    server.expect_request("/loop.png").respond_with_data("", status=302, headers={"Location": "/loop.png"})
    assert fetch_and_decode(server, "/old.png").size == (40, 30)
    assert failure(server, "/loop.png").reason == "redirects"


def test_svg_shows_its_alt_text_without_a_download(server: HTTPServer) -> None:
    assert failure(server, "/figure.svg").reason == "SVG"
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    server.expect_request("/chart").respond_with_data(svg, content_type="image/svg+xml")
    assert failure(server, "/chart").reason == "SVG"
    assert len(server.log) == 1  # the .svg was never asked for


def test_downloaded_pictures_are_cached_and_shown_with_the_server_gone(server: HTTPServer) -> None:
    server.expect_request("/kept.png").respond_with_data(picture_bytes("PNG"), content_type="image/png")
    base = server.url_for("/page.html")
    first = load_image("kept.png", base, limits=QUICK)
    server.stop()
    again = load_image("kept.png", base, limits=QUICK)
    assert again.data == first.data
    assert decode(again.data).size == (40, 30)


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_cache, "MAX_TOTAL_BYTES", 8000)
    for number in range(10):
        image_cache.store(f"https://example.org/{number}.png", bytes([number]) * 900)
        time.sleep(0.01)  # distinct modification times
    kept = [number for number in range(10) if image_cache.load(f"https://example.org/{number}.png")]
    assert kept == list(range(2, 10))


def test_data_urls_decode_up_to_a_cap() -> None:
    png = picture_bytes("PNG", (8, 8))
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    assert decode(load_image(url, "https://example.org/post").data).size == (8, 8)
    with pytest.raises(ImageFailure) as caught:
        from_data_url(url, max_bytes=len(png) // 4)
    assert caught.value.reason == "too large"
    with pytest.raises(ImageFailure) as caught:
        from_data_url("data:image/png;base64,%%%not-base64")
    assert caught.value.reason == "not an image"


def test_a_local_article_shows_the_pictures_beside_it(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "fig.png").write_bytes(picture_bytes("PNG", (12, 10)))
    base = (tmp_path / "post.md").as_uri()
    assert decode(load_image("img/fig.png", base).data).size == (12, 10)
    with pytest.raises(ImageFailure) as caught:
        load_image("img/missing.png", base)
    assert caught.value.reason == "not found"


@pytest.mark.parametrize("sample", ["welcome.md", "welcome-zh.md"])
def test_the_samples_pictures_come_with_them(sample: str) -> None:
    """The sample is the first thing a new user reads: its pictures are files of the package,
    addressed relative to the sample (no network, nothing to break), and they decode."""
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    sources = re.findall(r"<img[^>]*\ssrc=\"([^\"]+)\"", text)
    assert sources
    base = base_of(str(SAMPLES / sample))
    for src in sources:
        assert "://" not in src
        assert decode(load_image(src, base, use_cache=False).data).size[0] > 0


def test_a_web_page_never_makes_the_reader_read_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(picture_bytes("PNG"))
    for src in (secret.as_uri(), f"file://{secret}", "file:///etc/passwd"):
        with pytest.raises(ImageFailure) as caught:
            load_image(src, "https://example.org/post")
        assert caught.value.reason == "not allowed"


def test_large_pictures_are_kept_small_after_decoding() -> None:
    picture = decode(picture_bytes("JPEG", (4000, 1000)))
    assert max(picture.size) <= MAX_SIDE
    assert picture.size[0] / picture.size[1] == pytest.approx(4.0, rel=0.02)


@pytest.mark.parametrize("format", ["JPEG", "PNG"])
def test_a_picture_decoded_small_still_tells_its_size_in_the_file(format: str) -> None:
    """Half-blocks keep 400 pixels at most: a JPEG is then decoded at a reduced scale (draft),
    but its cells are fitted from the size in the file, the same at any decoded size."""
    picture, size = decode_sized(picture_bytes(format, (1600, 1200)), max_side=400)
    assert size == (1600, 1200)
    assert max(picture.size) <= 400
    assert picture.size[0] * 3 == picture.size[1] * 4  # the aspect kept


def test_transparency_is_kept_for_the_background_to_show() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(out, format="PNG")
    assert decode(out.getvalue()).mode == "RGBA"
