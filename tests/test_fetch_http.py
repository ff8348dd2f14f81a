"""Fetching over HTTP against a real server on 127.0.0.1 that misbehaves on purpose.

`PageServer` is the standard library's threading HTTP server with one handler per path. It
writes raw bytes where a well-behaved framework would not let it: a body that drips, a reset
connection, a Content-Length it never honours, a gigabyte produced on the fly, a gzip bomb.
Each case runs with small limits, under a guard that fails the test if the fetch outlives
its deadline (a hang guard with slack, not a speed assertion: figures are in
`benchmarks/web.py`).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import pytest

from reader.convert.document import finish
from reader.convert.pipeline import open_fetched
from reader.errors import Cancelled, ReaderError, UnsupportedContent
from reader.source.fetch import Fetched, Limits, fetch
from tests.conftest import ROOT

WEB_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "web"
GB = 1024**3
MB = 1024**2
SLACK = 3.0
"""Seconds a case may run past its own deadline before the guard calls it a hang."""

FAST = Limits(connect_timeout=1.0, read_timeout=1.0, deadline=3.0, max_bytes=2 * MB)
"""Small limits so the error cases stay fast."""

PAGE = """<!doctype html><html><head><title>A page</title></head>
<body><h1>A page</h1><p>Served by the test server. <a href="next.html">Next</a></p></body></html>"""

CHINESE = "中文网页的编码测试：阅读器应当正确识别国标码，并完整显示这一段文字。"
CHINESE_GB18030_ONLY = "生僻字𠮷与欧元符号€只在国标扩展里。"
JAPANESE = "日本語のページです。シフトJISで書かれていても、正しく読めるはずです。"

T = TypeVar("T")


class PageServer(ThreadingHTTPServer):
    daemon_threads = True
    stop: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-body is the point of half the cases: stay quiet."""


class Handler(BaseHTTPRequestHandler):
    server: PageServer
    routes: ClassVar[dict[str, Callable[[Handler], None]]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path.startswith("http://"):  # asked as a proxy
            path = "/proxied"
        route = self.routes.get(path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def reply(
        self, body: bytes, content_type: str | None = "text/html; charset=utf-8", status: int = 200, **headers: str
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def reset(self) -> None:
        """Close with RST instead of FIN: SO_LINGER with a zero timeout."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()


def route(path: str) -> Callable[[Callable[[Handler], None]], Callable[[Handler], None]]:
    def register(function: Callable[[Handler], None]) -> Callable[[Handler], None]:
        Handler.routes[path] = function
        return function

    return register


@route("/ok")
def _ok(h: Handler) -> None:
    h.reply(PAGE.encode())


@route("/redirect")
def _redirect(h: Handler) -> None:
    h.send_response(302)
    h.send_header("Location", "/docs/ok")
    h.send_header("Content-Length", "0")
    h.end_headers()


@route("/docs/ok")
def _docs_ok(h: Handler) -> None:
    h.reply(PAGE.encode())


@route("/loop-a")
def _loop_a(h: Handler) -> None:
    h.send_response(301)
    h.send_header("Location", "/loop-b")
    h.end_headers()


@route("/loop-b")
def _loop_b(h: Handler) -> None:
    h.send_response(301)
    h.send_header("Location", "/loop-a")
    h.end_headers()


@route("/markdown")
def _markdown(h: Handler) -> None:
    h.reply(b"# Notes\n\nSome *Markdown* text, with [a link](other.md).\n", "text/markdown; charset=utf-8")


@route("/text")
def _text(h: Handler) -> None:
    h.reply(b"Plain text notes.\n\nA second paragraph.\n", "text/plain")


@route("/gbk-header")
def _gbk_header(h: Handler) -> None:
    body = f"<html><head><title>中文</title></head><body><p>{CHINESE}</p></body></html>"
    h.reply(body.encode("gbk"), "text/html; charset=GBK")


@route("/gb18030-bare")
def _gb18030_bare(h: Handler) -> None:
    body = f"<html><body><p>{CHINESE}</p><p>{CHINESE_GB18030_ONLY}</p></body></html>"
    h.reply(body.encode("gb18030"), "text/html")


@route("/sjis-meta")
def _sjis_meta(h: Handler) -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    body = f"<html><head>{meta}</head><body><p>{JAPANESE}</p></body></html>"
    h.reply(body.encode("shift_jis"), "text/html")


@route("/500")
def _error(h: Handler) -> None:
    h.send_error(500, "Internal Server Error")


@route("/hang")
def _hang(h: Handler) -> None:
    h.server.stop.wait(30)


@route("/drip")
def _drip(h: Handler) -> None:
    """Headers at once, then a byte every 0.1 s: never idle long enough for a read timeout."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    while not h.server.stop.wait(0.1):
        h.wfile.write(b"x")
        h.wfile.flush()


@route("/reset")
def _reset(h: Handler) -> None:
    h.reset()


@route("/reset-body")
def _reset_body(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"<p>" + b"a" * 5000)
    h.wfile.flush()
    time.sleep(0.05)
    h.reset()


@route("/truncated")
def _truncated(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "10000")
    h.end_headers()
    h.wfile.write(b"<p>" + b"a" * 997)


def _gigabyte(h: Handler, *, declare: bool) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    if declare:
        h.send_header("Content-Length", str(GB))
    h.end_headers()
    block = b"<p>" + b"a" * (64 * 1024 - 8) + b"</p>\n"
    for _ in range(GB // len(block)):
        h.wfile.write(block)


@route("/gigabyte")
def _gigabyte_undeclared(h: Handler) -> None:
    _gigabyte(h, declare=False)


@route("/gigabyte-declared")
def _gigabyte_declared(h: Handler) -> None:
    _gigabyte(h, declare=True)


@functools.cache
def gzip_bomb_parts() -> tuple[bytes, bytes, int, bytes]:
    """1 GB of zeros gzipped, as (head, segment, repeats, tail): after a full flush, each MB of
    zeros compresses to the same ~1 KB, so the bomb is served without compressing 1 GB."""
    zeros = bytes(MB)
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    segment = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(GB // MB):
        crc = zlib.crc32(zeros, crc)
    tail = b"\x03\x00" + struct.pack("<II", crc, GB & 0xFFFFFFFF)  # an empty final block, CRC, size
    return head, segment, GB // MB - 1, tail


@route("/bomb")
def _bomb(h: Handler) -> None:
    """1 GB of zeros as gzip, about 1 MB on the wire, sent in 64 KB writes: each network read
    then inflates to about 64 MB, the worst case for a decoder that inflates whole reads."""
    head, segment, repeats, tail = gzip_bomb_parts()
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Encoding", "gzip")
    h.end_headers()
    h.wfile.write(head)
    batch = 64
    for _ in range(repeats // batch):
        h.wfile.write(segment * batch)
    h.wfile.write(segment * (repeats % batch) + tail)


@route("/gzip")
def _gzip(h: Handler) -> None:
    h.reply(gzip.compress(PAGE.encode()), Content_Encoding="gzip")


@route("/deflate-raw")
def _deflate_raw(h: Handler) -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    h.reply(packer.compress(PAGE.encode()) + packer.flush(), Content_Encoding="deflate")


@route("/png")
def _png(h: Handler) -> None:
    h.reply((WEB_FIXTURES / "pixel.png").read_bytes(), "image/png")


@route("/pdf")
def _pdf(h: Handler) -> None:
    h.reply((WEB_FIXTURES / "blank.pdf").read_bytes(), "application/pdf")


@route("/pdf-as-octets")
def _pdf_octets(h: Handler) -> None:
    h.reply((WEB_FIXTURES / "blank.pdf").read_bytes(), "application/octet-stream")


@route("/png-untyped")
def _png_untyped(h: Handler) -> None:
    h.reply((WEB_FIXTURES / "pixel.png").read_bytes(), None)


@route("/binary-as-text")
def _binary_as_text(h: Handler) -> None:
    h.reply(bytes(range(256)) * 8, "text/plain")


@route("/untyped-html")
def _untyped_html(h: Handler) -> None:
    h.reply(PAGE.encode(), None)


@route("/xhtml-as-xml")
def _xhtml_as_xml(h: Handler) -> None:
    body = '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>XHTML body.</p></body></html>'
    h.reply(body.encode(), "application/xml")


@route("/proxied")
def _proxied(h: Handler) -> None:
    h.reply(f"<html><body><p>Through the proxy for {h.path}</p></body></html>".encode())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    gzip_bomb_parts()  # made before any request, so no case waits for it
    httpd = PageServer(("127.0.0.1", 0), Handler)
    httpd.stop = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.stop.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test server is local: a proxy from the environment would only get in the way."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def within(seconds: float, call: Callable[[], T]) -> T:
    """Run `call` in a thread; fail if it is still running after `seconds` (a hang)."""
    result: list[T] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:
            error.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if error:
        raise error[0]
    return result[0]


def get(url: str, limits: Limits = FAST, **kwargs: Any) -> Fetched:
    return within(limits.deadline + SLACK, lambda: fetch(url, limits=limits, **kwargs))


def failure(url: str, limits: Limits = FAST, **kwargs: Any) -> ReaderError:
    with pytest.raises(ReaderError) as caught:
        get(url, limits, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    assert url in message
    return caught.value


# Success


def test_ok(server: str) -> None:
    fetched = get(f"{server}/ok")
    assert fetched.media_type == "text/html"
    assert fetched.charset == "utf-8"
    assert fetched.source == f"{server}/ok"
    assert b"Served by the test server" in fetched.data


def test_redirect_gives_the_final_url_as_source_and_base(server: str) -> None:
    fetched = get(f"{server}/redirect")
    assert fetched.source == fetched.base_url == f"{server}/docs/ok"
    document = finish(open_fetched(fetched))
    assert [link.href for link in document.article.links] == [f"{server}/docs/next.html"]


@pytest.mark.parametrize(
    ("path", "media_type", "expected"),
    [("/markdown", "text/markdown", "Markdown"), ("/text", "text/plain", "A second paragraph")],
)
def test_markdown_and_plain_text(server: str, path: str, media_type: str, expected: str) -> None:
    fetched = get(server + path)
    assert fetched.media_type == media_type
    document = finish(open_fetched(fetched))
    assert expected in " ".join(block.text for block in document.article.blocks)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/gbk-header", CHINESE), ("/gb18030-bare", CHINESE_GB18030_ONLY), ("/sjis-meta", JAPANESE)],
)
def test_legacy_charsets(server: str, path: str, expected: str) -> None:
    document = finish(open_fetched(get(server + path)))
    assert expected in " ".join(block.text for block in document.article.blocks)


@pytest.mark.parametrize("path", ["/gzip", "/deflate-raw"])
def test_compressed_bodies(server: str, path: str) -> None:
    assert b"Served by the test server" in get(server + path).data


def test_untyped_html_is_sniffed(server: str) -> None:
    fetched = get(f"{server}/untyped-html")
    assert fetched.media_type == ""
    assert finish(open_fetched(fetched)).article.metadata.title == "A page"


HOLLOW_PAGES = ["", "<html><body></body></html>", "<html><body><div> </div><script>go()</script><hr></body></html>"]
"""An empty response, an empty body, a page of scripts: no text, no picture."""
NOT_HOLLOW_PAGES = {
    "only a picture": ("<html><body><img src='a.png' alt=''></body></html>", ""),
    "only a title": ("<html><head><title>Coming soon</title></head><body></body></html>", "Coming soon"),
    "only a heading": ("<html><body><h1>Coming soon</h1></body></html>", "Coming soon"),
}


@pytest.mark.parametrize("body", HOLLOW_PAGES)
def test_a_page_with_nothing_in_it_is_nothing_to_read(body: str) -> None:
    fetched = Fetched(body.encode(), "text/html", None, "https://example.org/blank", "https://example.org/blank")
    with pytest.raises(ReaderError, match=r"^nothing to read: https://example\.org/blank"):
        open_fetched(fetched)


@pytest.mark.parametrize("body, title", NOT_HOLLOW_PAGES.values(), ids=NOT_HOLLOW_PAGES)
def test_a_page_with_only_a_picture_or_a_title_opens(body: str, title: str) -> None:
    fetched = Fetched(body.encode(), "text/html", None, "https://example.org/soon", "https://example.org/soon")
    assert finish(open_fetched(fetched)).article.metadata.title == (title or "soon")


def test_xhtml_served_as_xml(server: str) -> None:
    assert get(f"{server}/xhtml-as-xml").media_type == "application/xhtml+xml"


def test_progress_reports_bytes(server: str) -> None:
    calls: list[tuple[int, int | None]] = []
    get(f"{server}/ok", progress=lambda received, total: calls.append((received, total)))
    size = len(PAGE.encode())
    assert calls[0] == (0, size)
    assert calls[-1] == (size, size)


def test_proxy_from_the_environment(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", server)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    fetched = get("http://article.example/story")
    assert b"Through the proxy for http://article.example/story" in fetched.data


def test_user_agent_and_accept(server: str) -> None:
    seen: dict[str, str] = {}

    def echo(h: Handler) -> None:
        seen.update(h.headers.items())
        h.reply(b"<p>headers</p>")

    Handler.routes["/echo"] = echo
    get(f"{server}/echo")
    assert seen["User-Agent"].startswith("reader/")
    assert "text/html" in seen["Accept"]


# Clean errors: one line naming the URL and the reason.


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/500", "HTTP 500 Internal Server Error"),
        ("/loop-a", "redirect loop"),
        ("/hang", "no response: nothing received for 1 s"),
        ("/reset", "connection reset by the server"),
        ("/reset-body", "connection reset by the server during the download"),
        ("/truncated", "truncated body: the connection closed after 1,000 of 10,000 bytes"),
        ("/gigabyte-declared", "the page is 1024 MB, over the 2 MB limit"),
        ("/gigabyte", "larger than the 2 MB limit"),
        ("/bomb", "larger than the 2 MB limit"),
    ],
)
def test_errors(server: str, path: str, reason: str) -> None:
    error = failure(server + path)
    assert reason in str(error)
    assert not isinstance(error, UnsupportedContent | Cancelled)


def test_drip_feed_stops_at_the_deadline(server: str) -> None:
    limits = Limits(connect_timeout=1.0, read_timeout=5.0, deadline=1.0)
    assert "gave up after 1 s" in str(failure(f"{server}/drip", limits))


def test_hang_with_a_long_read_timeout_stops_at_the_deadline(server: str) -> None:
    limits = Limits(connect_timeout=1.0, read_timeout=30.0, deadline=0.5)
    assert "gave up after 0.5 s (no response yet" in str(failure(f"{server}/hang", limits))


def test_too_many_redirects(server: str) -> None:
    def hop(h: Handler) -> None:
        h.send_response(302)
        h.send_header("Location", f"/hop?{int(h.path.split('?')[1]) + 1}")
        h.end_headers()

    Handler.routes["/hop"] = hop
    assert "too many redirects (more than 10)" in str(failure(f"{server}/hop?0"))


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert "connection refused" in str(failure(f"http://127.0.0.1:{port}/"))


def test_tls_against_a_plain_http_server(server: str) -> None:
    assert "TLS failure" in str(failure(server.replace("http://", "https://") + "/ok"))


def test_connect_timeout() -> None:
    """A listener whose backlog is full drops new SYNs: the connection never opens."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = [socket.socket() for _ in range(3)]
        for filler in fillers:
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
        try:
            assert "connection timed out after 1 s" in str(failure(f"http://127.0.0.1:{port}/"))
        finally:
            for filler in fillers:
                filler.close()


def test_dns_failure() -> None:
    limits = Limits(deadline=10.0)
    message = str(failure("http://no-such-host.invalid/", limits))
    assert "cannot resolve the host name no-such-host.invalid" in message


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """HTTPS with a self-signed certificate made by the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    httpd = PageServer(("127.0.0.1", 0), Handler)
    httpd.stop = threading.Event()
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_tls_self_signed_certificate(tls_server: str) -> None:
    assert "TLS certificate rejected: self-signed certificate" in str(failure(f"{tls_server}/ok"))


@pytest.mark.parametrize("url", ["http://exa[mple.com/", "http://[::1/", "http:///path", "https://", "http://a b/"])
def test_invalid_urls(url: str) -> None:
    assert "invalid URL" in str(failure(url))


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/png", "image/png"),
        ("/pdf", "application/pdf"),
        ("/pdf-as-octets", "application/pdf"),
        ("/png-untyped", "image/png"),
        ("/binary-as-text", "application/octet-stream"),
    ],
)
def test_unsupported_content(server: str, path: str, media_type: str) -> None:
    error = failure(server + path)
    assert isinstance(error, UnsupportedContent)
    assert error.media_type == media_type
    assert error.url == server + path
    assert f"not an article ({media_type})" in str(error)


def test_gigabytes_are_streamed_not_held(server: str) -> None:
    """The 1 GB body and the 1 GB bomb never cost more than a few times the cap."""
    limits = Limits(read_timeout=5.0, deadline=20.0, max_bytes=4 * MB)
    tracemalloc.start()
    try:
        for path in ("/gigabyte", "/bomb"):
            tracemalloc.reset_peak()
            with pytest.raises(ReaderError, match="larger than the 4 MB limit"):
                get(server + path, limits)
            _, peak = tracemalloc.get_traced_memory()
            assert peak < 4 * limits.max_bytes, (path, peak)
    finally:
        tracemalloc.stop()


def test_cancel_stops_a_download(server: str) -> None:
    cancel = threading.Event()
    limits = Limits(read_timeout=5.0, deadline=30.0)
    with pytest.raises(Cancelled, match="cancelled"):
        within(5.0, lambda: fetch(f"{server}/drip", limits=limits, cancel=cancel, progress=lambda *_: cancel.set()))


def test_cancel_before_any_response(server: str) -> None:
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    with pytest.raises(Cancelled):
        within(5.0, lambda: fetch(f"{server}/hang", limits=Limits(read_timeout=30, deadline=30), cancel=cancel))


def test_fetch_inside_a_running_event_loop(server: str) -> None:
    import asyncio

    async def main() -> Fetched:
        return fetch(f"{server}/ok", limits=FAST)

    assert asyncio.run(main()).media_type == "text/html"


# The real command: one `reader: error:` line and exit 1, or the article.

READER = str(ROOT / ".venv" / "bin" / "reader")


def run_reader(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    command = [READER] if Path(READER).exists() else [sys.executable, "-m", "reader"]
    result = subprocess.run(
        [*command, *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return result


@pytest.mark.parametrize(
    ("path", "options", "reason"),
    [
        ("/missing", (), "HTTP 404 Not Found"),
        ("/reset", (), "connection reset"),
        ("/png", (), "not an article (image/png)"),
        ("/drip", ("--timeout", "1"), "gave up after 1 s"),
        ("/bomb", ("--max-size", "1M"), "larger than the 1 MB limit"),
    ],
)
def test_cli_errors(server: str, path: str, options: tuple[str, ...], reason: str) -> None:
    """One of each kind of failure through the real command (an HTTP status, the connection,
    the type, each of the two limits the options set): each is one line and status 1. Every
    message is checked in this process above; these are 0.7 s of CPU each."""
    result = run_reader(server + path, "--dump", *options)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"reader: error: {server}{path}")
    assert reason in lines[0]


def test_cli_dumps_a_legacy_page(server: str) -> None:
    result = run_reader(f"{server}/gbk-header", "--dump")
    assert result.returncode == 0, result.stderr
    assert CHINESE[:10] in result.stdout


def test_a_redirect_to_a_local_file_is_not_followed(server: str) -> None:
    def to_file(h: Handler) -> None:
        h.send_response(302)
        h.send_header("Location", "file:///etc/passwd")
        h.end_headers()

    Handler.routes["/to-file"] = to_file
    message = str(failure(f"{server}/to-file"))
    assert "redirected to file://" in message
    assert "redirect refused: only http and https are followed" in message


def test_a_failing_progress_callback_is_not_a_network_error(server: str) -> None:
    def broken(received: int, total: int | None) -> None:
        raise RuntimeError("bug in the caller")

    with pytest.raises(RuntimeError, match="bug in the caller"):
        get(f"{server}/ok", progress=broken)


def test_an_error_after_a_redirect_names_both_urls(server: str) -> None:
    def moved(h: Handler) -> None:
        h.send_response(301)
        h.send_header("Location", "/gone")
        h.end_headers()

    Handler.routes["/moved"] = moved
    message = str(failure(f"{server}/moved"))
    assert message == f"{server}/moved (redirected to {server}/gone): HTTP 404 Not Found"
