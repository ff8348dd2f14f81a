"""G pressed before any of the article shows (the screen empty, the page still on its way) is
not lost: the article opens at its end (found in a tmux review: the key did nothing)."""

from __future__ import annotations

from reader.ui.app import ReaderApp
from tests.picture_site import Site, site
from tests.test_app import SIZE, loaded

__all__ = ["site"]


async def test_g_before_the_first_part_opens_the_article_at_its_end(site: Site) -> None:
    body = "\n\n".join(f"## Part {n}\n\n" + f"Sentence {n}, long enough to wrap. " * 12 for n in range(30))
    site.routes["/long.md"] = (200, "text/markdown", f"# Long\n\n{body}\n\nThe very last words.\n".encode())
    site.hold("/long.md")
    async with ReaderApp(site.url("/long.md")).run_test(size=SIZE) as pilot:
        screen = pilot.app.screen_stack[0]
        await pilot.pause()
        assert screen.article is None, "nothing shows while the page is held"
        await pilot.press("G")
        site.release("/long.md")
        screen = await loaded(pilot)
        assert screen.view.max_scroll_y > 0
        assert screen.view.at_end
        assert "The very last words." in "\n".join(
            screen.view.render_line(y).text for y in range(screen.view.scrollable_content_region.height)
        )
