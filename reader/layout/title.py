"""The heading that says the article's title, which the layout draws as the header instead."""

from __future__ import annotations

from reader.model import Article, Block, BlockKind


class TitleHeading:
    """The first heading when it says the title: the header above already shows the title,
    with the byline under it, so this heading takes no lines (shown, it would put the byline
    above the title, or the title twice). Asked for every block, it is worked out again only
    when the first two blocks or the title may have changed."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] = ()
        self._index: int | None = None
        self._blocks: list[Block] = []

    def index(self, article: Article) -> int | None:
        """The heading's block index among the article's first two, or None."""
        blocks, title = article.blocks, article.metadata.title
        known = self._blocks
        same = len(known) == 2 and len(blocks) >= 2 and blocks[0] is known[0] and blocks[1] is known[1]
        if same and title is self._key[-1]:
            return self._index  # asked for every block: the same two blocks, the same title
        first = blocks[:2]
        key = (*map(id, first), title)
        if key != self._key:
            self._key = key
            self._blocks = first  # kept alive, so that their ids stay theirs
            self._index = _heading_saying(first, title)
        return self._index


def _heading_saying(blocks: list[Block], title: str) -> int | None:
    """The index of the first heading among `blocks` when its text is `title`, else None."""
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            same = " ".join(block.text.split()) == " ".join(title.split())
            return index if same and block.text.strip() else None
    return None
