"""`]` and `[` find the headings either side of a line by bisection (`reader.ui.sections`): the
same lines as a scan of every heading's line, from every line of an article whose first
heading is its title, with sections of every length, some laid out and some estimated."""

from __future__ import annotations

from textual.app import App, ComposeResult

from reader.convert.markdown_to_blocks import parse_markdown
from reader.model import Article, Metadata
from reader.ui.article_view import ArticleView
from reader.ui.sections import heading_line_after, heading_line_before


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")


async def test_the_headings_either_side_of_every_line_are_those_a_scan_finds() -> None:
    sections = "\n\n".join(f"## Part {n}\n\n" + "Words that wrap along. " * (n % 7) * 9 for n in range(40))
    article = Article(Metadata(title="Sections"))
    article.extend(parse_markdown(f"# Sections\n\n{sections}\n\n### Last"))
    async with ViewApp().run_test(size=(60, 20)) as pilot:
        view = pilot.app.query_one(ArticleView)
        view.show(article, arriving=True)  # estimated heights but for the blocks seen
        await pilot.pause()
        layout = view.text_layout
        assert layout is not None and layout.estimating
        view.scroll_to_line(len(layout) // 2)
        await pilot.pause()
        lines = layout.heading_lines()
        assert lines[0] == 0 and len(lines) == 42
        for line in range(len(layout)):
            assert heading_line_after(view, line) == next((at for at in lines if at > line), None)
            assert heading_line_before(view, line) == next((at for at in reversed(lines) if at < line), None)
