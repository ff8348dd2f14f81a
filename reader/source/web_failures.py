"""Why a download failed, in a line for an error and in a word or two for a picture.

The exchange in `web` records where it got to (`State`); when it fails, `reason` words the
cause for the user from the exception and that state, and `short_reason` gives the few words
a picture shows beside its alt text (`404`, `too large`, `timed out`).
"""

from __future__ import annotations

import socket
import ssl
import zlib
from dataclasses import dataclass, field

import httpx

from reader.source.limits import Limits, size_text


@dataclass(slots=True)
class State:
    """Where the exchange got to, so a failure can say what was happening."""

    url: str
    phase: str = "connect"
    received: int = 0
    total: int | None = None
    hops: list[str] = field(default_factory=list)


class DeadlineExceeded(Exception):
    pass


class Failure(Exception):
    """A reason already worded for the user (HTTP status, size cap, redirects)."""

    def __init__(self, message: str, short: str) -> None:
        super().__init__(message)
        self.short = short


def redirect_reason(hops: list[str], limit: int) -> str:
    """A loop when a URL comes back (cookies can make that legitimate once, not ten times)."""
    for start, url in enumerate(hops):
        if url in hops[start + 1 :]:
            cycle = [*hops[start : hops.index(url, start + 1)], url]
            shown = cycle if len(cycle) <= 4 else [*cycle[:2], "...", *cycle[-1:]]
            return f"redirect loop: {' -> '.join(shown)}"
    return f"too many redirects (more than {limit})"


def where(url: str, state: State) -> str:
    return f"{url} (redirected to {state.url})" if state.hops and state.phase != "redirects" else url


def reason(exc: BaseException, state: State, limits: Limits) -> str:
    """One line saying why an exchange failed, from the exception and where it happened."""
    if isinstance(exc, Failure):
        return str(exc)
    if isinstance(exc, DeadlineExceeded):
        return f"gave up after {limits.deadline:g} s ({_progress_note(state)}; the time limit is {limits.deadline:g} s)"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out after {limits.connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        what = "no response" if state.phase != "body" else "the download stalled"
        return f"{what}: nothing received for {limits.read_timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({exc})"
    if isinstance(exc, httpx.RemoteProtocolError):
        if state.phase == "body":
            expected = f" of {state.total:,}" if state.total is not None else ""
            return f"truncated body: the connection closed after {state.received:,}{expected} bytes"
        message = str(exc)
        if "without sending" in message or "disconnected" in message:
            return "the server closed the connection without a response"
        return f"invalid response from the server: {message}"
    if isinstance(exc, httpx.DecodingError | zlib.error):
        return f"the compressed body is corrupt ({exc})"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        # Only a redirect gets here (the URL asked for was checked): never to file: or ftp:.
        return "redirect refused: only http and https are followed"
    if isinstance(exc, httpx.ProxyError):
        return f"proxy error: {exc}"
    if isinstance(exc, httpx.TransportError | OSError):
        return _network_reason(_root_cause(exc), state)
    return f"{type(exc).__name__}: {exc}"


def short_reason(exc: BaseException) -> str:
    """The reason in a word or two, for a picture's caption: `404`, `too large`, `timed out`."""
    if isinstance(exc, Failure):
        return exc.short
    if isinstance(exc, DeadlineExceeded | httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.DecodingError | zlib.error | httpx.RemoteProtocolError):
        return "broken response"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return "redirect refused"
    return "unreachable"


def _network_reason(cause: BaseException, state: State) -> str:
    host = httpx.URL(state.url).host
    if isinstance(cause, ssl.SSLCertVerificationError):
        return f"TLS certificate rejected: {cause.verify_message or cause.reason}"
    if isinstance(cause, ssl.SSLError):
        return f"TLS failure: {cause.reason or cause}"
    if isinstance(cause, socket.gaierror):
        return f"cannot resolve the host name {host} ({cause.strerror or cause})"
    if isinstance(cause, ConnectionRefusedError):
        return f"connection refused by {host}"
    if isinstance(cause, ConnectionResetError):
        where = " during the download" if state.phase == "body" else ""
        return f"connection reset by the server{where}"
    if isinstance(cause, OSError) and cause.strerror:
        return f"network error: {cause.strerror}"
    return f"network error: {cause}"


def _root_cause(exc: BaseException) -> BaseException:
    """The OS or TLS error under httpx's and httpcore's wrappers."""
    seen: set[int] = set()
    current: BaseException | None = exc
    found = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found = current
        if isinstance(current, OSError) and type(current) is not OSError:
            return current
        current = current.__cause__ or current.__context__
    return found


def _progress_note(state: State) -> str:
    if state.phase != "body":
        return "no response yet"
    expected = f" of {size_text(state.total)}" if state.total is not None else ""
    return f"{size_text(state.received)}{expected} received"
