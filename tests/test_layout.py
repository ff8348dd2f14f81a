"""The reading pane's shape: what goes where in the lines of an article."""

from __future__ import annotations

from reader.convert.pipeline import load_text
from reader.layout.lines import Layout
from reader.model import HEADER, Position


def lines_of(markdown: str, width: int = 50) -> list[str]:
    article = load_text(markdown, "text/markdown").article
    return [line.text.rstrip() for line in Layout(article, width).lines()]


def test_table_columns_keep_their_alignment() -> None:
    lines = lines_of(
        "| Item | Price | Note |\n|:-----|------:|:----:|\n| tea | 3 | hot |\n| coffee beans | 12.50 | x |\n"
    )
    table = [line for line in lines if line.startswith("│")]
    assert table == [
        "│ Item         │ Price │ Note │",
        "│ tea          │     3 │ hot  │",
        "│ coffee beans │ 12.50 │  x   │",
    ]


def test_a_first_heading_that_repeats_the_title_shows_once_above_the_byline() -> None:
    markdown = "---\ntitle: Tea at Noon\nauthor: Ann Lee\n---\n\n# Tea at Noon\n\nThe text.\n\n## Later\n\nMore."
    lines = lines_of(markdown)
    assert lines[:4] == ["Tea at Noon", "Ann Lee · 1\xa0min\xa0read", "─" * 50, ""]
    assert lines.count("Tea at Noon") == 1
    assert lines[4] == "The text."
    article = load_text(markdown, "text/markdown").article
    layout = Layout(article, 50)
    assert layout.heading_lines()[0] == 0  # the contents' entry for the title goes to the top
    assert layout.line_of(Position(0, 3)) == 0
    assert layout.position_at(0) == Position(HEADER, 0)


def test_a_title_the_first_heading_does_not_repeat_stays_with_its_heading() -> None:
    lines = lines_of("---\ntitle: Tea\nauthor: Ann\n---\n\n# Coffee\n\nThe text.")
    assert lines[:6] == ["Tea", "Ann · 1\xa0min\xa0read", "─" * 50, "", "Coffee", "━━━━━━"]


def test_folded_code_keeps_closing_marks_off_the_start_of_a_line() -> None:
    comment = "# 这是一个很长的中文注释，里面有逗号，还有句号。然后（括号里）也是。"
    for width in range(14, 40):
        lines = lines_of(f"```\n{comment}\n```", width)
        code = [line.strip() for line in lines[lines.index("") + 1 :] if line.strip()]
        assert "".join(code) == comment, width
        assert all(line[0] not in "，。）" for line in code[1:]), (width, code)
        assert all(line[-1] != "（" for line in code[:-1]), (width, code)
