"""The article view's scroll bar while a long article arrives and the reader scrolls: drawn
again only when its thumb changes (`reader.ui.scroll_bar`), it always shows what a bar drawn
anew for the view's height and offset shows, and its thumb follows the view."""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.scrollbar import ScrollBar

from reader.convert.markdown_to_blocks import parse_markdown
from reader.model import Article, Metadata
from reader.ui.article_view import ArticleView


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")


def part(start: int, count: int) -> str:
    return "\n\n".join(
        f"## Part {n}\n\nThe text of part {n}, a line or two of it." for n in range(start, start + count)
    )


def drawn(bar: ScrollBar) -> list[list[Segment]]:
    """The bar's cells as the screen has them (its lines cached since it was last drawn)."""
    return [list(strip) for strip in bar.render_lines(Region(0, 0, bar.size.width, bar.size.height))]


def anew(bar: ScrollBar) -> list[list[Segment]]:
    """The bar's cells drawn anew for the height and offset it holds."""
    bar.refresh()
    return drawn(bar)


async def test_the_bar_follows_an_arriving_article_and_the_reader() -> None:
    async with ViewApp().run_test(size=(80, 20)) as pilot:
        view = pilot.app.query_one(ArticleView)
        article = Article(Metadata(title="Arriving"))
        article.extend(parse_markdown(part(0, 20)))
        view.show(article, arriving=True)
        await pilot.pause()
        bar = view.vertical_scrollbar
        thumbs: set[str] = set()
        for start in range(20, 2000, 180):
            article.extend(parse_markdown(part(start, 180)))
            view.blocks_added()
            await pilot.pause()
            view.scroll_to_line(view.top + 7 * start // 20)
            await pilot.pause()
            assert bar.window_virtual_size == view.virtual_size.height
            assert bar.position == view.scroll_y
            shown = drawn(bar)
            assert shown == anew(bar)
            thumbs.add(str(shown))
        assert len(thumbs) > 1, "the thumb moved and shrank"
