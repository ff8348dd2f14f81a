"""The link policy: what following each kind of link does, from local and remote articles."""

from __future__ import annotations

import pytest

from reader.source.links import Action, article_url, browser_url, decide, is_remote, names_picture

LOCAL = "/home/me/notes/post.md"
REMOTE = "https://example.org/blog/post.html"


@pytest.mark.parametrize(
    ("href", "fragment"),
    [("#themes", "themes"), ("#%E4%B8%BB%E9%A2%98", "主题"), (f"{LOCAL}#part", "part")],
)
def test_anchors_jump_within_the_article(href: str, fragment: str) -> None:
    decision = decide(href, LOCAL)
    assert decision.action is Action.ANCHOR
    assert decision.fragment == fragment


def test_a_link_to_the_same_remote_page_with_a_fragment_is_an_anchor() -> None:
    decision = decide("post.html#intro", REMOTE)
    assert (decision.action, decision.fragment) == (Action.ANCHOR, "intro")
    assert decide("https://EXAMPLE.org/blog/post.html#x", REMOTE).action is Action.ANCHOR


def test_relative_paths_beside_a_local_file_open_that_file() -> None:
    decision = decide("../other/page.md#sec", LOCAL)
    assert decision.action is Action.OPEN
    assert decision.target == "/home/me/other/page.md"
    assert decision.fragment == "sec"
    assert decide("other%20name.md", LOCAL).target == "/home/me/notes/other name.md"


def test_file_urls_open_from_a_local_article() -> None:
    decision = decide("file:///home/me/x.html", LOCAL)
    assert (decision.action, decision.target) == (Action.OPEN, "/home/me/x.html")
    assert decide("file://otherhost/x.html", LOCAL).action is Action.REFUSE


def test_web_links_open_in_the_reader() -> None:
    decision = decide("https://example.com/a?b=1#c", LOCAL)
    assert decision.action is Action.OPEN
    assert decision.target == "https://example.com/a?b=1"
    assert decision.fragment == "c"
    assert decide("http://example.com", LOCAL).target == "http://example.com/"


def test_relative_links_on_a_web_page_resolve_to_urls() -> None:
    decision = decide("../about.html", REMOTE)
    assert (decision.action, decision.target) == (Action.OPEN, "https://example.org/about.html")
    assert decide("//cdn.example.net/x", REMOTE).target == "https://cdn.example.net/x"


@pytest.mark.parametrize("href", ["file:///etc/passwd", "file://localhost/etc/passwd", "FILE:///etc/passwd"])
def test_a_remote_page_never_opens_a_local_file(href: str) -> None:
    assert decide(href, REMOTE).action is Action.REFUSE
    assert decide(href, "-", "https://example.org/").action is Action.REFUSE
    assert browser_url(href, REMOTE) is None


def test_stdin_with_a_base_url_counts_as_remote() -> None:
    assert is_remote("-", "https://example.org/x")
    assert not is_remote("-", "")
    assert not is_remote(LOCAL, "file:///home/me/notes/post.md")
    decision = decide("page.html", "-", "https://example.org/dir/")
    assert decision.target == "https://example.org/dir/page.html"


def test_stdin_without_a_base_resolves_against_the_working_folder() -> None:
    decision = decide("page.md", "-", "", cwd="/work")
    assert (decision.action, decision.target) == (Action.OPEN, "/work/page.md")
    assert decide("page.md", "-", "").action is Action.REFUSE


def test_stdin_with_a_file_base_resolves_against_the_base_folder() -> None:
    """`cat notes/a.md | reader - --base file:///home/me/notes/a.md`: its links are beside it."""
    decision = decide("b.md#part", "-", "file:///home/me/notes/a.md", cwd="/work")
    assert (decision.action, decision.target, decision.fragment) == (Action.OPEN, "/home/me/notes/b.md", "part")
    assert decide("../c.md", "-", "file://localhost/home/me/notes/a.md", cwd="/work").target == "/home/me/c.md"
    assert decide("b.md", LOCAL, "file:///elsewhere/a.md").target == "/home/me/notes/b.md"  # its own folder


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JavaScript:void(0)", "data:text/html,<b>x</b>", "ftp://example.org/x", "vbscript:x"],
)
def test_other_schemes_are_never_followed(href: str) -> None:
    for source in (LOCAL, REMOTE):
        decision = decide(href, source)
        assert decision.action is Action.REFUSE
        assert decision.reason
        assert browser_url(href, source) is None


def test_mailto_is_handed_to_the_system_never_followed() -> None:
    decision = decide("mailto:someone@example.org", REMOTE)
    assert (decision.action, decision.target) == (Action.SYSTEM, "mailto:someone@example.org")
    assert browser_url("mailto:a@b.c", LOCAL) == "mailto:a@b.c"


@pytest.mark.parametrize("href", ["", "   ", "#"])
def test_empty_links_are_refused(href: str) -> None:
    assert decide(href, LOCAL).action is Action.REFUSE


def test_browser_urls() -> None:
    assert browser_url("other.md#x", LOCAL) == "file:///home/me/notes/other.md"
    assert browser_url("https://example.com/a#b", LOCAL) == "https://example.com/a#b"
    assert browser_url("#sec", REMOTE) == REMOTE
    assert article_url(LOCAL) == "file:///home/me/notes/post.md"
    assert article_url(REMOTE) == REMOTE
    assert article_url("-", "https://example.org/") == "https://example.org/"
    assert article_url("-") is None


@pytest.mark.parametrize("href", ["http://[::1", "https://[zz/x", "C:/Users/me/page.html"])
def test_addresses_that_cannot_be_followed_are_refused_not_raised(href: str) -> None:
    # The first two made `urlsplit` raise; the third was joined to the page's URL again and again.
    decision = decide(href, REMOTE)
    assert decision.action is Action.REFUSE
    assert decision.reason
    assert not names_picture("http://[::1/a.png")
