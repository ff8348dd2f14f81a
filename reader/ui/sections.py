"""The headings either side of a line of the article view, for `]` and `[`.

Found by bisection over the article's headings, each one's line looked up by its block, rather
than from a list of every heading's line: that list was made again whenever lines moved (a
long article is laid out a few blocks at a time long after it arrived), 10 ms at each `]` for
the 12,000 headings of a 25 MB page, and scanned from the top.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.model import Heading
    from reader.ui.article_view import ArticleView


def heading_line_after(view: ArticleView, line: int) -> int | None:
    """The line of the first heading below `line`, if any."""
    headings, key = _headings(view)
    index = bisect.bisect_right(headings, line, key=key)
    return key(headings[index]) if index < len(headings) else None


def heading_line_before(view: ArticleView, line: int) -> int | None:
    """The line of the last heading above `line`, if any."""
    headings, key = _headings(view)
    index = bisect.bisect_left(headings, line, key=key) - 1
    return key(headings[index]) if index >= 0 else None


def _headings(view: ArticleView) -> tuple[list[Heading], Callable[[Heading], int]]:
    """The article's headings (in the order of their lines) and how to find a heading's line."""
    headings = view.text_layout.article.headings if view.text_layout is not None else []

    def line_of(heading: Heading) -> int:
        return view.block_line(heading.block)

    return headings, line_of
