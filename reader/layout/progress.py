"""How far through an article the reader is, measured in its text rather than in lines.

Lines change under the reader without the text moving: a picture's reserved room shrinks to
one line when it fails to come, a lazily laid-out block trades its estimated height for its
real one, a resize rewraps. A percentage of lines then jumps (56% in a reopened article's
first frame, 43% a second later, the same text at the top). Characters before the top line do
not change with any of them, so the header, and the percentage the library keeps, stay put.
"""

from __future__ import annotations

from reader.model import Article, Position


class ReadThrough:
    """The characters before each block of one article, summed once and extended as the
    article's blocks arrive (they are only ever appended)."""

    def __init__(self) -> None:
        self._article: Article | None = None
        self._before: list[int] = [0]

    def percent(self, article: Article, position: Position) -> int:
        """The share of the article's text before `position`, in whole percent (0 in the
        title, 100 only at the very end)."""
        before = self._sums(article)
        total = before[-1]
        if position.is_header or not total:
            return 0
        block = min(position.block, len(before) - 2)
        upto = min(before[block] + position.offset, before[block + 1])
        return 100 * upto // total

    def _sums(self, article: Article) -> list[int]:
        if article is not self._article:
            self._article, self._before = article, [0]
        last = self._before[-1]
        for block in article.blocks[len(self._before) - 1 :]:
            last += len(block.text)
            self._before.append(last)
        return self._before
