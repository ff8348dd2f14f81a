"""Where search puts a match: the contents follow the top line, so a match shown under the end
of the section before its own would light up that section (found in a tmux review)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.test_app import SIZE, loaded, make_app
from tests.waiting import until


async def test_a_match_near_its_sections_start_shows_that_section_in_the_contents(tmp_path: Path) -> None:
    """A match goes a third down the pane; when its section's heading is nearer above it, that
    heading goes to the top instead, and the contents light up the match's section."""
    body = "\n\n".join(
        f"## Part {n}\n\n" + " ".join(f"Sentence {n}.{i}, long enough to wrap on the screen." for i in range(12))
        for n in range(12)
    )
    path = tmp_path / "parts.md"
    path.write_text(f"# Parts\n\n{body}\n", "utf-8")
    async with make_app(str(path)).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        view = screen.view
        article = screen.article
        assert article is not None
        await pilot.press("slash", *"Part 9")
        await until(pilot, lambda: view.current_match >= 0, "the match")
        heading = next(h for h in article.headings if h.text == "Part 9")
        assert view.top == view.block_line(heading.block)
        assert article.headings[view.current_heading()].text == "Part 9"
        # A match deep inside its section still goes a third down the pane.
        seventh, eighth = (next(h.block for h in article.headings if h.text == f"Part {n}") for n in (7, 8))
        screen.query_one("#search-input", Input).value = "Sentence 7.11"

        def in_part_7() -> bool:
            return view.current_match >= 0 and seventh < view.matches[view.current_match].block < eighth

        await until(pilot, in_part_7, "the match in part 7")
        y = view.match_line(view.current_match)
        assert view.top == y - view.scrollable_content_region.height // 3
        assert article.headings[view.current_heading()].text == "Part 7"
