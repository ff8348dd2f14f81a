"""The app opens a saved post from its offline copy whenever its source cannot be read: a
file renamed away, a server stopped. It says so in one notice."""

from __future__ import annotations

import http.server
from pathlib import Path

from reader.ui.app import ReaderApp
from tests.test_app import SIZE, last_notice, loaded, screen_text
from tests.test_offline_fallback import POST, save, site

__all__ = ["site"]  # the fixture, shared with the --dump tests


async def test_a_renamed_saved_file_opens_from_its_copy(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, "utf-8")
    save(str(post))
    post.rename(tmp_path / "elsewhere.md")
    async with ReaderApp(str(post)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.article is not None and screen.article.metadata.title == "Kept for later"
        assert "The first paragraph of a post worth keeping." in screen_text(screen.view)
        notice = last_notice(pilot)
        assert "no such file" in notice and "offline copy" in notice and "\n" not in notice


async def test_a_saved_page_whose_server_is_down_opens_from_its_copy(
    site: tuple[str, http.server.ThreadingHTTPServer],
) -> None:
    url, server = site
    save(url)
    server.shutdown()
    server.server_close()
    async with ReaderApp(url).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert "The second paragraph." in screen_text(screen.view)
        notice = last_notice(pilot)
        assert "refused" in notice and "offline copy" in notice
