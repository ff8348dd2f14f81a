"""The one HTTP client: timeouts, an overall deadline, capped redirects, a capped body.

Whatever a server does (hangs, drips a byte a second, resets, lies about its length,
redirects in circles, sends a gigabyte or a gzip bomb), `download` returns a body or raises
one `DownloadError` line that names the URL and the reason (worded in `web_failures`), with
the reason in a word or two beside it for a picture's caption.

httpx's timeouts are per operation: a server that sends one byte a second never trips a read
timeout. So the whole exchange (DNS, connect, TLS, every redirect, headers and body) runs as
one asyncio task that is abandoned at the deadline, or as soon as the caller's `cancel` event
is set from another thread. The body is inflated here rather than by httpx, whose decoder
inflates a whole network chunk at once (a 64 KiB chunk of a gzip bomb is 64 MB); here the
size cap is checked every `_INFLATE_STEP` bytes of output.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
import ssl
import threading
import zlib
from collections.abc import AsyncGenerator, Callable, Coroutine, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from reader import __version__
from reader.errors import Cancelled, DownloadError, ReaderError
from reader.source.limits import DEFAULT_LIMITS, SNIFF_BYTES, Limits, Progress, size_text
from reader.source.web_failures import (
    DeadlineExceeded,
    Failure,
    State,
    reason,
    redirect_reason,
    short_reason,
    where,
)

USER_AGENT = f"reader/{__version__} (terminal article reader)"
ACCEPT = "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,*/*;q=0.1"
ACCEPT_ENCODING = "gzip, deflate"
"""Only what `_Inflater` can bound; brotli and zstd would go through httpx's unbounded decoder."""

_INFLATE_STEP = 256 * 1024
_CANCEL_POLL = 0.05
"""Seconds between looks at the cancel event: the worst-case delay of Esc in the app."""

Inspect = Callable[[str, str, bytes | None], None]
"""The type gate: (url, media type, first bytes of the body or None before any) -> None, or
raises `UnsupportedContent`. Called once with the headers and once with the body's start."""

T = TypeVar("T")

_HOST = re.compile(r"[A-Za-z0-9_.-]+|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9]+)?")
"""A DNS name (IDNs arrive as xn-- punycode) or an IP address; httpx lets `%` and `[` through."""


@dataclass(frozen=True, slots=True)
class Download:
    url: str
    """The final URL, after redirects."""
    media_type: str
    """Lower-case type without parameters, as the server sent it; empty when missing."""
    charset: str | None
    """The charset parameter of Content-Type, if any."""
    data: bytes
    """The body, decompressed."""
    redirects: tuple[str, ...] = ()
    """The URLs that redirected, in order."""


class _Cancelled(Exception):
    pass


def download(
    url: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    inspect: Inspect | None = None,
) -> Download:
    """GET `url` within `limits`. Blocking; safe to call from any thread."""
    _check_url(url)
    state = State(url)
    try:
        return _run(_guarded(_get(url, state, limits, progress, inspect), limits.deadline, cancel))
    except _Cancelled:
        raise Cancelled(f"{url}: cancelled") from None
    except (httpx.HTTPError, OSError, zlib.error, Failure, DeadlineExceeded) as exc:
        # Anything else (a failing progress callback, a bug) is not the server's doing.
        message = f"{where(url, state)}: {reason(exc, state, limits)}"
        raise DownloadError(message, short=short_reason(exc)) from None


def client(limits: Limits = DEFAULT_LIMITS) -> httpx.AsyncClient:
    """The reader's HTTP client: its headers, timeouts and the environment's proxy settings.

    Redirects are followed by `_get`, one hop at a time, so that a redirect's own body is never
    read and a loop can be told from a long chain.
    """
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        follow_redirects=False,
        trust_env=True,
        verify=_ssl_context(),
    )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Built once (15 ms each time otherwise); honours SSL_CERT_FILE and SSL_CERT_DIR."""
    return httpx.create_ssl_context(trust_env=True)


def _check_url(url: str) -> None:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ReaderError(f"invalid URL {url}: {exc}") from None
    if parsed.scheme not in ("http", "https"):
        raise ReaderError(f"invalid URL {url}: only http and https are fetched")
    if not parsed.host:
        raise ReaderError(f"invalid URL {url}: no host")
    if not _HOST.fullmatch(parsed.raw_host.decode("ascii", "replace")):
        raise ReaderError(f"invalid URL {url}: bad host name")


async def _get(url: str, state: State, limits: Limits, progress: Progress | None, inspect: Inspect | None) -> Download:
    try:
        http = client(limits)
    except (ValueError, ImportError) as exc:
        # Bad proxy variables in the environment, or a SOCKS proxy without socksio installed.
        raise Failure(f"cannot use the proxy settings: {exc}", "proxy error") from None
    async with http:
        request = http.build_request("GET", url)
        while True:
            state.url, state.phase = str(request.url), "request"
            response = await http.send(request, stream=True)
            if response.next_request is None:
                break
            await response.aclose()
            state.hops.append(str(request.url))
            if len(state.hops) > limits.max_redirects:
                state.phase = "redirects"
                raise Failure(redirect_reason(state.hops, limits.max_redirects), "redirects")
            request = response.next_request
        try:
            return await _read(response, state, limits, progress, inspect)
        finally:
            await response.aclose()


async def _read(
    response: httpx.Response, state: State, limits: Limits, progress: Progress | None, inspect: Inspect | None
) -> Download:
    if not response.is_success:
        raise Failure(f"HTTP {response.status_code} {response.reason_phrase}".rstrip(), str(response.status_code))
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    charset = response.charset_encoding
    final = str(response.url)
    if inspect:
        inspect(final, media_type, None)
    encoding = response.headers.get("content-encoding", "").strip().lower()
    state.total = _content_length(response)
    if state.total is not None and encoding in ("", "identity") and state.total > limits.max_bytes:
        over = f"the page is {size_text(state.total)}, over the {size_text(limits.max_bytes)} limit"
        raise Failure(over, "too large")
    state.phase = "body"
    if progress:
        progress(0, state.total)
    body = bytearray()
    checked = False
    async with contextlib.aclosing(_body(response, encoding, state, progress)) as pieces:
        async for piece in pieces:
            body += piece
            if len(body) > limits.max_bytes:
                raise Failure(f"the page is larger than the {size_text(limits.max_bytes)} limit", "too large")
            if not checked and inspect and len(body) >= SNIFF_BYTES:
                inspect(final, media_type, bytes(body[:SNIFF_BYTES]))
                checked = True
    if not checked and inspect:
        inspect(final, media_type, bytes(body))
    return Download(final, media_type, charset, bytes(body), tuple(state.hops))


async def _body(
    response: httpx.Response, encoding: str, state: State, progress: Progress | None
) -> AsyncGenerator[bytes, None]:
    """The decompressed body in pieces of at most `_INFLATE_STEP` bytes (when we inflate)."""
    inflater = _Inflater.for_encoding(encoding)
    if inflater is None:
        # An encoding we did not ask for: httpx decodes it, unbounded per network chunk.
        async for chunk in response.aiter_bytes():
            state.received = response.num_bytes_downloaded
            if progress:
                progress(state.received, state.total)
            yield chunk
        return
    async for raw in response.aiter_raw():
        state.received += len(raw)
        if progress:
            progress(state.received, state.total)
        for piece in inflater.feed(raw):
            yield piece
    for piece in inflater.flush():
        yield piece


class _Inflater:
    """gzip/deflate decompression with bounded output per step, so the caller can stop it."""

    def __init__(self, wbits: int | None) -> None:
        self._wbits = wbits
        self._zlib = zlib.decompressobj(wbits) if wbits is not None else None
        self._started = False

    @classmethod
    def for_encoding(cls, encoding: str) -> _Inflater | None:
        if encoding in ("", "identity"):
            return cls(None)
        if encoding in ("gzip", "x-gzip"):
            return cls(16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            return cls(zlib.MAX_WBITS)
        return None

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._zlib is None:
            if data:
                yield data
            return
        if not self._started and self._wbits == zlib.MAX_WBITS and data:
            # "deflate" is zlib-wrapped by the standard and raw deflate from many servers.
            self._started = True
            if data[0] & 0x0F != 8 or (len(data) > 1 and (data[0] << 8 | data[1]) % 31):
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        while data and not self._zlib.eof:
            out = self._zlib.decompress(data, _INFLATE_STEP)
            if out:
                yield out
            data = self._zlib.unconsumed_tail

    def flush(self) -> Iterator[bytes]:
        if self._zlib is not None and not self._zlib.eof:
            out = self._zlib.flush()
            if out:
                yield out


def _content_length(response: httpx.Response) -> int | None:
    try:
        length = int(response.headers.get("content-length", ""))
    except ValueError:
        return None
    return length if length >= 0 else None


async def _guarded(work: Coroutine[Any, Any, T], deadline: float, cancel: threading.Event | None) -> T:
    """Run `work` until it ends, the deadline passes, or `cancel` is set."""
    job = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_wait_for(cancel)) if cancel is not None else None
    tasks = {job} if watcher is None else {job, watcher}
    try:
        done, _ = await asyncio.wait(tasks, timeout=deadline, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        # Let the cancelled download close its connection before the loop goes away.
        await asyncio.wait(tasks, timeout=1.0)
    if job in done:
        return job.result()
    if watcher is not None and watcher in done:
        raise _Cancelled
    raise DeadlineExceeded


async def _wait_for(event: threading.Event) -> None:
    while not event.is_set():
        await asyncio.sleep(_CANCEL_POLL)


def _run(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a private event loop, also from a thread that already runs one.

    Not `asyncio.run`: it waits for the loop's executor at the end, and that is where
    getaddrinfo runs, so a DNS lookup that hangs would outlive the deadline.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_on_new_loop(work)
    with ThreadPoolExecutor(1, thread_name_prefix="reader-fetch") as pool:
        future: Future[T] = pool.submit(_run_on_new_loop, work)
        return future.result()


def _run_on_new_loop(work: Coroutine[Any, Any, T]) -> T:
    loop = asyncio.new_event_loop()
    executor = ThreadPoolExecutor(4, thread_name_prefix="reader-dns")
    loop.set_default_executor(executor)
    try:
        return loop.run_until_complete(work)
    finally:
        with contextlib.suppress(BaseException):
            # Only left over after an interrupt (Ctrl-C): let them close their sockets.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.wait(pending, timeout=1.0) if pending else asyncio.sleep(0))
            loop.run_until_complete(loop.shutdown_asyncgens())
        executor.shutdown(wait=False, cancel_futures=True)
        loop.close()
