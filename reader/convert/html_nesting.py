"""Flatten HTML nested deeper than the converters can take, before any of them sees it.

lxml (libxml2) stops building the tree at 255 levels and silently drops everything after that
point, the rest of the article included; html2text writes every nested list and quote as
more indentation, which markdown-it stops reading past its nesting limit. A paragraph inside
60,000 `<div>`s used to come out as nothing at all.

So the markup is scanned once, in linear time, for its nesting, the way an HTML parser nests
it (closing the `<p>`, `<li>` or `<td>` a new one implies, ignoring end tags of elements that
are not open). Start tags past `MAX_DEPTH` levels, and lists and quotes past
`MAX_NESTING` levels, are taken out with their end tags: their text stays, in the element
that holds them (deeper list items become items of the deepest list kept). A block element
taken out leaves a line break, so its text does not run into its neighbours'. A document
within the limits is returned as it was.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from lxml import etree

MAX_DEPTH = 100
"""Elements open at once, well under libxml2's 255 (and Python's recursion limit)."""
MAX_NESTING = 16
"""Lists, quotes and definition lists open at once: what html2text and markdown-it carry."""

_NESTING = frozenset({"ul", "ol", "blockquote", "dl", "menu", "dir"})
_VOID = frozenset(
    {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
     "keygen", "link", "meta", "param", "source", "track", "wbr"}
)  # fmt: skip
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"})
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
     "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
     "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul"}
)  # fmt: skip
"""Elements that start a new line: one taken out leaves a `<br>` in its place, except a list,
whose items are blocks of their own."""
_BREAKING = _BLOCKS - {"ul", "ol", "dl", "menu", "dir"}
_CLOSES_P = _BLOCKS | {"listing", "plaintext", "xmp"}
_SCOPE = frozenset({"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button"})
"""Elements that hide the open elements below them from the implied closings (HTML's scope)."""
_ROW_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_IMPLIED_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # start tag: (open elements it closes, elements that stop the search besides the scope)
    "li": (("li",), ("ul", "ol")),
    "dt": (("dt", "dd"), ("dl",)),
    "dd": (("dt", "dd"), ("dl",)),
    "tr": (("tr", "td", "th"), ("thead", "tbody", "tfoot")),
    "td": (("td", "th"), ("tr",)),
    "th": (("td", "th"), ("tr",)),
    **dict.fromkeys(("thead", "tbody", "tfoot"), (_ROW_PARTS, ())),
    "option": (("option",), ("select",)),
    "optgroup": (("option", "optgroup"), ("select",)),
    **dict.fromkeys(_HEADINGS, (_HEADINGS, ())),
}
_IMPLIED = {
    name: (tuple((closed, True) for closed in closes), tuple((stop, True) for stop in (*_SCOPE, *stops)))
    for name, (closes, stops) in _IMPLIED_RULES.items()
}
"""The rules keyed as `_Flattener.where` is: (name, kept)."""
_P_KEY = ("p", True)
_P = ((_P_KEY,), tuple((stop, True) for stop in _SCOPE))

_MARKUP = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>\"']*>|<(?:!--|[/!?]|[A-Za-z])")
"""Where the next markup starts, matched whole when it is a tag without quoted attributes (most
tags: found with the one search, and handled without `_tag_end`)."""
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_TAG_END = re.compile(r"[>\"']")
_BREAK = "<br>"


@dataclass(slots=True)
class _Flattener:
    text: str
    stack: list[tuple[str, bool]] = field(default_factory=list)
    """The open elements: (name, kept), the key of `where` (a tuple: made for every tag)."""
    where: dict[tuple[str, bool], list[int]] = field(default_factory=dict)
    """Stack positions of the open elements by (name, kept). The implied closings look at
    the kept ones only: the parser never sees the others."""
    kept: int = 0
    nesting: int = 0
    cuts: list[tuple[int, int, str]] = field(default_factory=list)
    """(start, end, replacement) of the tags taken out, in order."""
    run_end: int = -1
    """Where the last run of tags taken out with a line break ends."""
    unclosed_quotes: set[str] = field(default_factory=set)
    """Quote characters known not to occur again: so a page of unclosed quotes stays linear."""

    def run(self) -> str:
        text = self.text
        position = 0
        while True:
            match = _MARKUP.search(text, position)
            if match is None:
                break
            position = self._markup(match.start(), match if match.lastindex else None)
            if position < 0:
                break
        if not self.cuts:
            return text
        pieces: list[str] = []
        last = 0
        for start, end, replacement in self.cuts:
            pieces += (text[last:start], replacement)
            last = end
        pieces.append(text[last:])
        return "".join(pieces)

    def _markup(self, start: int, tag: re.Match[str] | None) -> int:
        """Handle the markup at `start` (`tag`: a simple tag matched there); the position after
        it, or -1 when nothing follows."""
        text = self.text
        if tag is not None:
            end = tag.end()
        elif text.startswith("<!--", start):
            end = text.find("-->", start + 4)
            return -1 if end < 0 else end + 3
        else:
            tag = _TAG.match(text, start)
            if tag is None:  # <!doctype>, <?xml ...?>
                end = text.find(">", start)
                return -1 if end < 0 else end + 1
            end = self._tag_end(tag.end())
            if end < 0:
                return -1
        name = tag.group(2).lower()
        if tag.group(1):
            return self._end_tag(name, start, end)
        end = self._start_tag(name, start, end)
        if name in _RAW_TEXT and not text.startswith("/>", end - 2):
            close = re.compile(rf"</{name}[\s/>]", re.I).search(text, end)
            return -1 if close is None else close.start()
        return end

    def _tag_end(self, position: int) -> int:
        """The position after the `>` closing a tag, with quoted attribute values skipped."""
        text = self.text
        while True:
            stop = _TAG_END.search(text, position)
            if stop is None:
                return -1
            char = stop.group()
            if char == ">":
                return stop.end()
            close = -1 if char in self.unclosed_quotes else text.find(char, stop.end())
            if close < 0:
                # An unclosed quote: the tag ends at the next `>` (libxml2 recovers so too).
                self.unclosed_quotes.add(char)
                end = text.find(">", stop.end())
                return -1 if end < 0 else end + 1
            position = close + 1

    def _start_tag(self, name: str, start: int, end: int) -> int:
        """Open `name`; the position after it, or after the copies of it taken out with it."""
        where = self.where
        if name in _CLOSES_P and where.get(_P_KEY):
            self._close_implied(*_P)
        rule = _IMPLIED.get(name)
        if rule is not None and any(where.get(key) for key in rule[0]):
            self._close_implied(*rule)
        if name in _VOID or (self.text.startswith("/>", end - 2) and name not in _BLOCKS):
            return end
        nests = name in _NESTING
        kept = self.kept < MAX_DEPTH and not (nests and self.nesting >= MAX_NESTING)
        key = (name, kept)
        if kept:
            self.kept += 1
            self.nesting += nests
            where.setdefault(key, []).append(len(self.stack))
            self.stack.append(key)
            return end
        # The same tag again and again (60,000 `<div>`s), each taken out as this one is: it
        # closes nothing this one left open (`rule` is None), so all go at once.
        copies = 1 if rule is not None or name in _RAW_TEXT else 1 + self._repeats(start, end, None)
        end += (copies - 1) * (end - start)
        self._cut(start, end, name)
        first = len(self.stack)
        where.setdefault(key, []).extend(range(first, first + copies))
        self.stack.extend([key] * copies)
        return end

    def _end_tag(self, name: str, start: int, end: int) -> int:
        """Close `name`; the position after its end tag, or after the copies of it closed with it."""
        index = max(self._innermost(name, True), self._innermost(name, False))
        if index < 0:
            return end  # not open: a parser ignores it
        if not self.stack[index][1]:
            # The same end tag again and again, each closing the next of a run of such
            # elements taken out, innermost first: all closed at once.
            positions = self.where[(name, False)]
            if index == len(self.stack) - 1:
                copies = 1 + self._repeats(start, end, positions)
                end += (copies - 1) * (end - start)
                del positions[len(positions) - copies + 1 :]
                del self.stack[len(self.stack) - copies + 1 :]
                index = len(self.stack) - 1
            self._cut(start, end, name)
        self._pop_to(index)
        return end

    def _repeats(self, start: int, end: int, positions: list[int] | None) -> int:
        """How many copies of the tag at `start:end` follow it right away; for an end tag,
        only as many as the run of elements `positions` ends with (next to each other at the
        top of the stack) holds besides the innermost. Counted by doubling, then halving, the
        copies compared at once."""
        text, tag, size = self.text, self.text[start:end], end - start
        most = len(text) // size if positions is None else self._run_below(positions)
        count, step = 0, 1
        while step:
            if count + step <= most and text.startswith(tag * step, end + count * size):
                count += step
                step *= 2
            else:
                step //= 2
        return count

    def _run_below(self, positions: list[int]) -> int:
        """How many elements under the innermost of `positions` (the top of the stack) are in
        `positions` too, one right under the other: the positions only grow, so a run is
        found by bisection."""
        top = len(self.stack) - 1
        low, high = 0, len(positions) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if positions[-1 - middle] == top - middle:
                low = middle
            else:
                high = middle - 1
        return low

    def _innermost(self, name: str, kept: bool) -> int:
        positions = self.where.get((name, kept))
        return positions[-1] if positions else -1

    def _close_implied(self, closes: tuple[tuple[str, bool], ...], stops: tuple[tuple[str, bool], ...]) -> None:
        """Close the innermost open element of `closes` unless a scope boundary comes first."""
        where = self.where
        index = max((where[key][-1] for key in closes if where.get(key)), default=-1)
        barrier = max((where[key][-1] for key in stops if where.get(key)), default=-1)
        if barrier < index:
            self._pop_to(index)

    def _pop_to(self, index: int) -> None:
        stack, where = self.stack, self.where
        while len(stack) > index:
            key = stack.pop()
            where[key].pop()
            if key[1]:
                self.kept -= 1
                self.nesting -= key[0] in _NESTING

    def _cut(self, start: int, end: int, name: str) -> None:
        """Take a tag out; a block leaves one line break, however many blocks are taken out
        in a row (60,000 `<div>`s leave one)."""
        in_run = self.run_end >= 0 and not self.text[self.run_end : start].strip()
        replacement = _BREAK if name in _BREAKING and not in_run else ""
        if replacement or in_run:
            self.run_end = end
        self.cuts.append((start, end, replacement))


@functools.lru_cache(maxsize=2)
def flatten_html(markup: str) -> str:
    """`markup` with nesting past the limits taken out (see the module docstring). Kept for
    the next call: extraction and the clean pass may both parse the same page."""
    if markup.count("<") < MAX_NESTING:
        return markup
    return _Flattener(markup).run()


_CONTAINERS = " or ".join(f"self::{name}" for name in sorted(_NESTING))
_OUTER = "|".join(f"ancestor::{name}" for name in sorted(_NESTING))
_TOO_DEEP = etree.XPath("boolean(/*" + "/*" * (MAX_DEPTH - 12) + ")")
_TOO_NESTED = etree.XPath(
    f"boolean(/*{'/*' * MAX_NESTING}/descendant-or-self::*[{_CONTAINERS}][count({_OUTER}) >= {MAX_NESTING}])"
)
"""Only elements at least `MAX_NESTING` levels down can be that nested: the few there are
looked at, not the whole tree."""


def too_deep(document: etree._Element) -> bool:
    """Whether a parsed document comes near the limits, so its markup needs `flatten_html`.

    A check in C over the parsed tree, milliseconds for a large page, where the scan of the
    markup costs a second. A tree that libxml2 cut at 255 levels is caught here too (it is
    that deep), with a margin for the scan's approximate view of the nesting.
    """
    return bool(_TOO_DEEP(document)) or bool(_TOO_NESTED(document))
