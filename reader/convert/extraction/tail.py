"""The small print under the article's last rule.

A press release ends with the sender's boilerplate ("Acme is a global provider of ...",
"About Acme", "Media contact: ...") set apart from the story by a horizontal rule and
nothing else: no heading, no class that names it. Both extractors keep it, as it sits in the
article's own box and reads like text. So a short run of paragraphs after the last `<hr>`
inside the kept text, at the article's end and under no heading of its own, goes when the
rule opens a box of its own: short against what comes before the rule, as the boilerplate is
a few lines under a whole story. A section under a heading, a list of notes, and paragraphs
after a rule set among the article's own paragraphs (a closing call of the author's) stay.
"""

from __future__ import annotations

from lxml import html

from reader.convert.extraction.blocks import MARK, Block

TAIL_SHARE = 0.25
"""The most of the kept text the part under the rule may hold: more is the article's own."""
_PARAGRAPHS = frozenset({"p", "div", "span", "font", "small", "center", "address"})
"""Blocks of boilerplate prose; a list (of notes, of sources) or a table under a rule is the
article's."""


def under_last_rule(blocks: list[Block], kept: set[int]) -> set[int]:
    """The kept blocks after the last rule inside the kept text, when they are the article's
    boilerplate tail; the rule itself is then taken out of the page, as it would end the
    article."""
    if len(kept) < 2:
        return set()
    first, last = min(kept), max(kept)
    found = _last_rule_inside(blocks, first, last)
    if found is None:
        return set()
    rule, start = found
    before = max(index for index in kept if index < start)
    if any(box is rule.getparent() for box in blocks[before].element.iterancestors()):
        return set()  # a rule between two parts of one text
    tail = [blocks[index] for index in sorted(kept) if index >= start]
    if any(block.tag not in _PARAGRAPHS for block in tail):
        return set()
    total = sum(blocks[index].size for index in kept)
    if sum(block.size for block in tail) > TAIL_SHARE * total:
        return set()
    rule.drop_tree()
    return {block.index for block in tail}


def _last_rule_inside(blocks: list[Block], first: int, last: int) -> tuple[html.HtmlElement, int] | None:
    """The page's last `<hr>` with kept blocks on both sides, and the index of the first
    block after it."""
    root = blocks[first].element.getroottree().getroot()
    rule: html.HtmlElement | None = None
    found: tuple[html.HtmlElement, int] | None = None
    for element in root.iter():
        if element.tag == "hr":
            rule = element
            continue
        mark = element.get(MARK) if rule is not None and isinstance(element.tag, str) else None
        if rule is None or mark is None:
            continue
        index = int(mark)
        if index > last:
            break
        if index > first:
            found = (rule, index)
        rule = None
    return found
