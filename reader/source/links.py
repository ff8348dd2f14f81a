"""What following a link does: the policy, as pure functions (no Textual, no I/O).

- `#anchor` jumps within the article (so does a link to the article itself with a fragment);
- an http(s) link opens in the reader;
- a relative link resolves against the page it is on: beside a local file it is a path, on a
  web page (or stdin read with `--base URL`) it is a URL;
- a `file:` link opens only from a local article: a remote page can never open a local file;
- `mailto:` is never followed, it may be handed to the system's mail program;
- `javascript:`, `data:` and every other scheme are refused.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath
from urllib.parse import unquote, urlunsplit

from reader.source.fetch import is_url
from reader.source.urls import join_url, scheme_of, split_url

WEB_SCHEMES = frozenset({"http", "https"})
SYSTEM_SCHEMES = frozenset({"mailto"})


class Action(StrEnum):
    ANCHOR = "anchor"
    """Jump within the current article to `fragment`."""
    OPEN = "open"
    """Open `target` (an http(s) URL or an absolute path) in the reader, then jump to `fragment`."""
    SYSTEM = "system"
    """Not followed; may be handed to the system (`target` is the URL)."""
    REFUSE = "refuse"
    """Never followed; `reason` says why."""


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    target: str = ""
    fragment: str = ""
    reason: str = ""


def is_web_url(value: str) -> bool:
    return is_url(value)


def is_remote(source: str, base_url: str = "") -> bool:
    """Whether an article came from the web: its source is a URL, or (stdin) its base is."""
    return is_web_url(source) or (not _is_local_source(source) and is_web_url(base_url))


def _is_local_source(source: str) -> bool:
    return bool(source) and source != "-" and scheme_of(source) not in WEB_SCHEMES


_THIS_COMPUTER = ("", "localhost")
"""The hosts a `file:` address may name for a file on this computer."""


def decide(href: str, source: str, base_url: str = "", cwd: str = "") -> Decision:
    """What following `href` on the article from `source` does.

    `source` is the article's `Metadata.source` (an absolute path, a final URL, or "-" for
    stdin); `base_url` what its relative links resolve against (`--base`, `<base href>`);
    `cwd` where a relative link on stdin without a base resolves.
    """
    href = href.strip()
    if not href:
        return Decision(Action.REFUSE, reason="the link is empty")
    if href.startswith("#"):
        return _anchor(href[1:])
    remote = is_remote(source, base_url)
    parts = split_url(href)
    if parts is None:
        return Decision(Action.REFUSE, reason=f"not an address that can be followed: {href}")
    scheme = parts.scheme.lower()
    if not scheme or _looks_like_windows_drive(href):
        if remote:
            base = source if is_web_url(source) else base_url
            joined = join_url(base, href)
            if scheme_of(joined) not in WEB_SCHEMES:  # `C:/x` stays itself: joined again, it would loop
                return Decision(Action.REFUSE, reason=f"not a web address, so a web page cannot open it: {href}")
            return decide(joined, source, base_url, cwd)
        if parts.netloc:
            return Decision(Action.REFUSE, reason=f"no web address to resolve {href} against")
        return _local(unquote(parts.path), parts.fragment, source, _file_folder(base_url) or cwd)
    if scheme in WEB_SCHEMES:
        if not parts.netloc:
            return Decision(Action.REFUSE, reason=f"not a complete web address: {href}")
        target = urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))
        if remote and parts.fragment and _same_url(target, source):
            return _anchor(parts.fragment)
        return Decision(Action.OPEN, target, unquote(parts.fragment))
    if scheme == "file":
        if remote:
            return Decision(Action.REFUSE, reason="a web page cannot open files on this computer")
        if parts.netloc not in _THIS_COMPUTER:
            return Decision(Action.REFUSE, reason=f"a file on another host: {href}")
        return _local(unquote(parts.path), parts.fragment, source, cwd)
    if scheme in SYSTEM_SCHEMES:
        return Decision(Action.SYSTEM, href, reason=f"{scheme}: links open in another program")
    return Decision(Action.REFUSE, reason=f"{scheme}: links are never followed")


def _anchor(fragment: str) -> Decision:
    fragment = unquote(fragment)
    if not fragment:
        return Decision(Action.REFUSE, reason="the link points nowhere")
    return Decision(Action.ANCHOR, fragment=fragment)


def _local(path: str, fragment: str, source: str, cwd: str) -> Decision:
    if not path:
        return _anchor(fragment) if fragment else Decision(Action.REFUSE, reason="the link points nowhere")
    if not PurePath(path).is_absolute():
        here = posixpath.dirname(source) if _is_local_source(source) else cwd
        if not here:
            return Decision(Action.REFUSE, reason=f"no folder to resolve {path} against")
        path = posixpath.join(here, path)
    target = posixpath.normpath(path)
    if _is_local_source(source) and target == posixpath.normpath(source):
        return _anchor(fragment) if fragment else Decision(Action.ANCHOR, reason="this article")
    return Decision(Action.OPEN, target, unquote(fragment))


def _file_folder(base_url: str) -> str:
    """The folder of a `file:` base (`reader - --base file:///notes/a.md`): where the relative
    links of a piped article are, when its source names no folder of its own."""
    parts = split_url(base_url)
    if parts is None or parts.scheme.lower() != "file" or parts.netloc not in _THIS_COMPUTER:
        return ""
    return posixpath.dirname(unquote(parts.path))


def _same_url(a: str, b: str) -> bool:
    first, second = split_url(a), split_url(b)
    if first is None or second is None:
        return False
    return (first.scheme.lower(), first.netloc.lower(), first.path or "/", first.query) == (
        second.scheme.lower(),
        second.netloc.lower(),
        second.path or "/",
        second.query,
    )


def _looks_like_windows_drive(href: str) -> bool:
    return len(href) > 2 and href[1] == ":" and href[0].isalpha() and href[2] in "\\/"


_PICTURE_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|ico|tiff?)$", re.I)


def names_picture(href: str) -> bool:
    """Whether a link points at a picture file (by its path's extension), which opens in the
    system's viewer rather than as an article."""
    parts = split_url(href.strip())
    return parts is not None and bool(_PICTURE_PATH.search(unquote(parts.path)))


def browser_url(href: str, source: str, base_url: str = "", cwd: str = "") -> str | None:
    """The URL to hand the system browser for a link (or None when it must not be opened).

    The same rules apply: a remote page never hands a local file to the browser, and
    `javascript:`/`data:` links are never opened.
    """
    decision = decide(href, source, base_url, cwd)
    if decision.action is Action.SYSTEM:
        return decision.target
    if decision.action is Action.ANCHOR:
        return article_url(source, base_url)
    if decision.action is not Action.OPEN:
        return None
    if is_web_url(decision.target):
        return decision.target + (f"#{decision.fragment}" if decision.fragment else "")
    return PurePath(decision.target).as_uri()


def article_url(source: str, base_url: str = "") -> str | None:
    """The URL of the article itself, for the system browser."""
    if is_web_url(source):
        return source
    if _is_local_source(source) and PurePath(source).is_absolute():
        return PurePath(source).as_uri()
    if is_web_url(base_url):
        return base_url
    return None
