"""What each extractor keeps of a page, read back as the indexes of the page's blocks.

readability-lxml moves the page's own elements into its output, so the blocks it keeps are
the marked elements found there. trafilatura writes a tree of its own (`<p>`, `<head>`,
`<item>`, `<cell>`, `<graphic>`), so its choice is read back by text: a long block is kept
when most of its runs of words are in trafilatura's text, a short one when trafilatura has
an element saying exactly that (a short text alone matches too much of any page), an image
when trafilatura kept its source.
"""

from __future__ import annotations

import logging
import re
from posixpath import basename
from urllib.parse import urlsplit

from lxml import etree, html

from reader.convert.extraction.align import matched
from reader.convert.extraction.blocks import Block, marked

# trafilatura logs every page it gives up on; Python would print that on stderr.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())
logging.getLogger("trafilatura").propagate = False

_WIDE = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(rf"[{_WIDE}]|[^\W{_WIDE}]+")
"""A word: a CJK character alone (CJK runs have no spaces), or a run of other word characters."""
_RUN = 5
"""Words in a run, by which a long block is found."""
_RUNS_KEPT = 0.5
_SHORT = 3
"""A block of this many words or fewer says too little to be found by its words alone."""
"""The share of a long block's runs that must be in the other text for it to count as kept."""
_TRAFILATURA_BLOCKS = ("p", "head", "item", "cell", "quote", "code", "row")


def words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def readability_kept(article: html.HtmlElement | None) -> set[int]:
    """The blocks readability-lxml's output holds."""
    return set() if article is None else {index for index, _ in marked(article)}


def trafilatura_body(document: html.HtmlElement, url: str) -> etree._Element | None:
    """trafilatura's extraction of the page (it works on a copy), without comments."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            document,
            url=url or None,
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=False,
            include_formatting=False,
            with_metadata=False,
        )
    except (ValueError, TypeError, etree.LxmlError):
        return None
    body = getattr(result, "body", None)
    return body if body is not None and len(body) else None


class TextMatch:
    """Whether a text holds a block's words: all of them in a row for a short block, most of
    its runs of words for a long one (a word dropped or added inside it, an ad or a footnote
    mark, costs only the runs around it)."""

    def __init__(self, text: str) -> None:
        found = words(text)
        self._words = found
        self._runs = {tuple(found[i : i + _RUN]) for i in range(max(0, len(found) - _RUN + 1))}
        self._where: dict[str, list[int]] = {}
        for position, word in enumerate(found):
            self._where.setdefault(word, []).append(position)
        self._seen: dict[tuple[str, ...], bool] = {}

    def holds(self, block: Block) -> bool:
        found = words(block.text)
        if not found:
            return False
        if len(found) < 2 * _RUN:
            return self._in_a_row(tuple(found))
        runs = [tuple(found[i : i + _RUN]) for i in range(len(found) - _RUN + 1)]
        return sum(run in self._runs for run in runs) >= _RUNS_KEPT * len(runs)

    def _in_a_row(self, found: tuple[str, ...]) -> bool:
        """Whether the text has these words in a row: looked up where its rarest word is, as a
        search of the whole text for each short block made a page of 20,000 headings take
        minutes (and a page that repeats a text thousands of times asks once)."""
        known = self._seen.get(found)
        if known is None:
            known = self._seen[found] = self._find(found)
        return known

    def _find(self, found: tuple[str, ...]) -> bool:
        rarest = min(range(len(found)), key=lambda index: len(self._where.get(found[index], ())))
        wanted = list(found)
        for position in self._where.get(found[rarest], ()):
            start = position - rarest
            if start >= 0 and self._words[start : start + len(found)] == wanted:
                return True
        return False


def trafilatura_kept(blocks: list[Block], body: etree._Element | None) -> set[int]:
    """The blocks trafilatura's output holds.

    Its elements are aligned with the page's blocks in order, text for text and source for
    source, so a short text ("More", "Share") counts only where it stands in the article, not
    wherever else the page repeats it; a long block that trafilatura split or trimmed
    differently is found by its runs of words."""
    if body is None:
        return set()
    texts = [" ".join(words("".join(element.itertext()))) for element in body.iter(*_TRAFILATURA_BLOCKS)]
    sources = [_file_name(str(graphic.get("src") or "")) for graphic in body.iter("graphic")]
    pictures = [block for block in blocks if block.is_image]
    written = [block for block in blocks if not block.is_image]
    kept = _aligned(pictures, [_file_name(block.src) for block in pictures], sources)
    kept |= _aligned(written, [" ".join(words(block.text)) for block in written], texts)
    match = TextMatch(" ".join(body.itertext()))
    kept |= {block.index for block in written if len(words(block.text)) > _SHORT and match.holds(block)}
    # A short piece between two kept blocks, whose words trafilatura has, was written into
    # one of its larger elements (a line of a paragraph, a label before a link).
    for before, block, after in zip(written, written[1:], written[2:], strict=False):
        if block.index not in kept and before.index in kept and after.index in kept and match.holds(block):
            kept.add(block.index)
    return kept


def _aligned(blocks: list[Block], keys: list[str], theirs: list[str]) -> set[int]:
    """The blocks whose keys line up, in order, with equal keys of the other sequence."""
    return {blocks[index].index for index in matched(keys, theirs) if keys[index]}


def _file_name(src: str) -> str:
    try:
        path = urlsplit(src.strip()).path
    except ValueError:
        return src
    return basename(path.rstrip("/")) or src
