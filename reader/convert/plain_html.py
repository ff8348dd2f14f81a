"""html2text's Markdown for a group of elements, its plain paragraphs and headings written here.

A `<p>` or `<h2>` (or a `<blockquote>` of one paragraph) holding plain text (no markup
html2text's parser reads, no whitespace its rules collapse), bare or in emphasis,
strikethrough or code, comes out of html2text as that text, escaped by html2text's own
function (outside code), with each of those elements' marks around its part (`**`, `*`, `~~`,
a backtick; none for the inline elements it ignores, a `<span>` say), after `## ` for a
heading (`> ` for a quote), with a blank line before it: html2text
spent some forty microseconds on each (its HTML parser, its tag handler, its escaping and
whitespace rules). Those are written directly; the other elements go through
html2text a run at a time, and give exactly what they gave inside the whole group:
- each run is converted after a copy of the plain element before it and before a copy of
  the one after it (their text a mark), so that html2text starts it in the same state, and the
  blank lines it writes between the run and its neighbours are its own;
- its state after the run must be the one a plain element leaves (no open table row, link,
  list, quote, preformatted or hidden text, no links or abbreviations kept for the end), or
  the group is converted whole as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import html2text
from html2text.utils import escape_md_section
from lxml import html

_PREFIXES = {
    "p": "",
    "h1": "# ",
    "h2": "## ",
    "h3": "### ",
    "h4": "#### ",
    "h5": "##### ",
    "h6": "###### ",
    "blockquote": "> ",
}
_WORD = r"[^\s&<>\x00-\x1f\x7f-\x9f]+"
_PLAIN_TEXT = re.compile(rf"{_WORD}(?: {_WORD})*")
"""Text html2text writes as it is: no character its parser reads as markup or an entity, and no
whitespace its rules would collapse or move (one space between words, none at either end)."""
_SPACED_TEXT = re.compile(rf" ?{_WORD}(?: {_WORD})* ?")
"""Plain text inside a paragraph, next to inline elements: a space at either end is written as
it is (html2text writes a space before a text's words when the text starts with one, and
keeps the one it ends with)."""
_MARK = "\ue010"
"""The text of the copies of plain elements around a run: a private-use character."""
_ESCAPE_SNOB = True
"""html2text's `escape_snob`, as `reader.convert.html_to_markdown` sets it: every Markdown
character in a text is escaped."""
_CODE_TAGS = frozenset({"code", "kbd", "tt"})
"""Inline code, whose text html2text writes without escaping (each of them turns its code
state over, at its start and at its end)."""
_INLINE_MARKS = {
    **dict.fromkeys(("strong", "b"), "**"),
    **dict.fromkeys(("em", "i", "u"), "*"),
    **dict.fromkeys(("del", "s", "strike"), "~~"),
    **dict.fromkeys(("code", "kbd", "tt"), "`"),
    **dict.fromkeys(("span", "font", "small", "mark", "cite", "ins", "time", "sup", "sub"), ""),
}
"""What html2text writes before and after each inline element it is given here: its marks
(written as they are, as the heuristics that would space them out are off, see
`reader.convert.html_to_markdown`), or nothing for the elements it ignores."""


def plain_markdown(element: html.HtmlElement, escapable: re.Pattern[str]) -> str | None:
    """The Markdown html2text writes for `element` when it is a plain paragraph or heading
    (`escapable`: what html2text's escaping could change); else None."""
    prefix = _PREFIXES.get(element.tag) if isinstance(element.tag, str) else None
    if prefix is None or element.tail:
        return None
    if element.tag == "blockquote" and len(element) == 1 and element[0].tag == "p":
        # A quoted paragraph: its text after the quote's mark (html2text drops the blank
        # lines the paragraph would begin with, and whitespace before it; whitespace after it
        # it would keep for the next element, a code block's first line say).
        if (element.text or "").strip() or element[0].tail:
            return None
        element = element[0]
    text = element.text
    if not len(element):
        if not text or not _PLAIN_TEXT.fullmatch(text) or _MARK in text:
            return None
        return prefix + _escaped(text, escapable)
    inline = _inline_markdown(element, escapable, code=False)
    # html2text drops a space it would write first or last (the paragraph's own whitespace),
    # and writes one for spaces kept for the next thing it writes, where two would be here.
    if not inline or inline[0] == " " or inline[-1] == " " or "  " in inline:
        return None
    return prefix + inline


def _inline_markdown(element: html.HtmlElement, escapable: re.Pattern[str], *, code: bool) -> str | None:
    """The Markdown of what `element` holds, when that is plain text and the inline elements of
    `_INLINE_MARKS` (else None): each element's part between its marks. `code`: whether
    html2text is in its code state there."""
    parts: list[str] = []
    if not _add_text(parts, element.text, escapable, code):
        return None
    for child in element:
        mark = _INLINE_MARKS.get(child.tag) if isinstance(child.tag, str) else None
        inner = None if mark is None else _inline_markdown(child, escapable, code=code ^ (child.tag in _CODE_TAGS))
        if mark is None or inner is None:
            return None
        parts += (mark, inner, mark)
        if not _add_text(parts, child.tail, escapable, code):
            return None
    return "".join(parts)


def _add_text(parts: list[str], text: str | None, escapable: re.Pattern[str], code: bool) -> bool:
    """Add `text` as html2text writes it to `parts`, when that is the text escaped (see
    `_SPACED_TEXT`), or a space for whitespace alone (which html2text writes as one space
    before the next thing it writes, see `plain_markdown`); else False."""
    if not text:
        return True
    if not text.strip():
        parts.append(" ")
        return True
    if not _SPACED_TEXT.fullmatch(text) or _MARK in text:
        return False
    parts.append(text if code else _escaped(text, escapable))
    return True


def _escaped(text: str, escapable: re.Pattern[str]) -> str:
    """A text as html2text writes it outside code: with its Markdown characters escaped, by
    html2text's own function, when it has any (`escapable`)."""
    return escape_md_section(text, snob=_ESCAPE_SNOB) if escapable.search(text) else text


def group_html2text(
    group: html.HtmlElement, converter: Callable[[], html2text.HTML2Text], escapable: re.Pattern[str]
) -> str:
    """What `converter().handle(html.tostring(group))` gives, without html2text for the group's
    plain paragraphs and headings."""
    children = list(group)
    pieces = [plain_markdown(child, escapable) for child in children]
    if group.text or not any(piece is not None for piece in pieces):
        return _whole(group, converter)
    parts: list[str] = []
    run: list[html.HtmlElement] = []
    before: html.HtmlElement | None = None
    """The plain element before the run, if any."""
    for child, piece in [*zip(children, pieces, strict=True), (None, None)]:
        if piece is None and child is not None:
            run.append(child)
            continue
        if run:
            converted = _run_markdown(run, before, child, converter)
            if converted is None:
                return _whole(group, converter)
            parts.append(converted)
            run = []
        elif before is not None:
            parts.append("\n\n" if child is not None else "\n")
        if piece is not None:
            parts.append(piece)
            before = child
    return "".join(parts)


def _whole(group: html.HtmlElement, converter: Callable[[], html2text.HTML2Text]) -> str:
    """The group through html2text in one go: what `group_html2text` gives, the slow way."""
    return converter().handle(html.tostring(group, encoding="unicode"))


def _run_markdown(
    run: list[html.HtmlElement],
    before: html.HtmlElement | None,
    after: html.HtmlElement | None,
    converter: Callable[[], html2text.HTML2Text],
) -> str | None:
    """html2text's Markdown for `run` between its plain neighbours, up to the next one's text
    (its blank lines included), or to the end; None when html2text leaves it in a state a
    plain element would not (see the module's docstring)."""
    head = f"<{before.tag}>{_MARK}</{before.tag}>" if before is not None else ""
    tail = f"<{after.tag}>{_MARK}</{after.tag}>" if after is not None else ""
    writer = converter()
    writer.start = True  # what `HTML2Text.handle` does, in two parts around the state check
    writer.feed("<div>" + head + "".join(html.tostring(element, encoding="unicode") for element in run))
    if not _settled(writer):
        return None
    writer.feed(tail + "</div>")
    writer.feed("")
    text = writer.optwrap(writer.finish())
    opening = _PREFIXES[before.tag] + _MARK if before is not None else ""
    closing = _PREFIXES[after.tag] + _MARK if after is not None else ""
    if text.count(_MARK) != bool(opening) + bool(closing) or not text.startswith(opening):
        return None
    if not closing:
        return text[len(opening) :]
    end = text.rfind(closing)
    return text[len(opening) : end] if text[end:] == closing + "\n" else None


def _settled(writer: html2text.HTML2Text) -> bool:
    """Whether html2text is where a plain paragraph leaves it: a plain element after this
    point is written as its text after a blank line."""
    return not (
        writer.astack
        or writer.split_next_td
        or writer.blockquote
        or writer.list
        or writer.pre
        or writer.startpre
        or writer.code
        or writer.quiet
        or writer.style
        or writer.inheader
        or writer.a
        or writer.abbr_list
        or writer.abbr_data is not None
        or writer.abbr_title is not None
        or writer.maybe_automatic_link is not None
    )
