"""Emphasis that Markdown parsers read as emphasis.

html2text writes `<strong><b>好</b></strong>` as `****好****` and `<b>好。</b>的` as `**好。**的`,
which no CommonMark parser reads as bold: a closing `**` between punctuation inside and a
letter outside does not close. So emphasis is reduced to one tag per kind, never nested in
itself nor run next to its twin, and edge whitespace and punctuation are moved outside it
where Markdown needs them to be.
"""

from __future__ import annotations

from lxml import html

from reader.chars import is_punctuation
from reader.convert.clean.dom import append_text, holds_blocks, unwrap
from reader.convert.clean.policy import EMPHASIS_TAGS

_MARKED = frozenset(("a", "img", "code", "kbd", "samp", "tt", *EMPHASIS_TAGS))
"""Inline elements whose Markdown begins and ends with a mark (`[`, `![`, `` ` ``, `*`)."""


def normalize_emphasis(root: html.HtmlElement) -> None:
    """No emphasis inside the same emphasis, no adjacent twins (the tags were made one per
    kind by `blocks.retag`)."""
    for node in list(root.iter(*EMPHASIS_TAGS)):
        if node.getparent() is None:
            continue
        if next(node.iterancestors(node.tag), None) is not None:
            unwrap(node)
    for node in list(root.iter(*EMPHASIS_TAGS)):
        following = node.getnext()
        parts: list[str] = []  # text for the end of `node`, joined once: 100,000 twins in a row
        while following is not None and following.tag == node.tag and not (node.tail or "").strip():
            parts += (node.tail or "", following.text or "")
            node.tail = None
            children = list(following)
            if children:
                append_text(node, "".join(parts))
                parts = []
                for child in children:
                    node.append(child)
            node.tail = following.tail
            following.getparent().remove(following)
            following = node.getnext()
        append_text(node, "".join(parts))


def fit_emphasis_to_markdown(root: html.HtmlElement) -> None:
    """Move edge whitespace and, where needed, punctuation out of emphasis.

    Markdown closes `**` only when the mark is not stuck between punctuation inside and a
    letter outside: `**好。**的` stays literal, so `**好**。的` is written instead. The same
    holds at the opening mark. Whitespace inside the marks never works, so it goes out too.
    """
    for link in list(root.iter("a")):
        _move_edge_breaks(link)  # a link's text ending in breaks left `](url)` on a line of its own
    for node in list(root.iter(*EMPHASIS_TAGS)):
        if node.getparent() is not None and not holds_blocks(node):
            _split_at_breaks(node)
    # Inner emphasis first: what it moves out of itself (`<b><i>Note: </i></b>`) is then
    # inside the outer one, which moves it out in turn.
    for node in reversed(list(root.iter(*EMPHASIS_TAGS))):
        if node.getparent() is None:
            continue
        if holds_blocks(node) or (not node.text_content().strip() and node.find(".//img") is None):
            unwrap(node)
            continue
        _move_edge_breaks(node)
        emphasis = _move_into_sole_link(node)
        if not _move_leading(emphasis) or not _move_trailing(emphasis):
            unwrap(emphasis)


def _split_at_breaks(node: html.HtmlElement) -> None:
    """`<b>Address:<br><br>Theatre</b>` becomes `<b>Address:</b><br><br><b>Theatre</b>`:
    emphasis is written with its marks on one line, as a break inside it (two make a blank
    line in Markdown) would leave them unclosed."""
    while (br := next((child for child in node if child.tag == "br"), None)) is not None:
        rest = node.makeelement(node.tag, dict(node.attrib))
        rest.text, br.tail = br.tail, None
        for child in list(br.itersiblings()):
            rest.append(child)
        rest.tail, node.tail = node.tail, None
        node.remove(br)
        node.addnext(br)
        br.addnext(rest)
        node = rest


def _move_edge_breaks(node: html.HtmlElement) -> None:
    """`<b>title<br></b>` would put the closing mark on the next line: move the break out,
    also from inside the inline wrappers at the end (`<b><font>title<br></font></b>`)."""
    while (br := _trailing_break(node)) is not None:
        holder = br.getparent()
        append_text(holder, br.tail or "")
        holder.remove(br)
        br.tail = node.tail
        node.tail = None
        node.addnext(br)
    while len(node) and node[0].tag == "br" and not (node.text or "").strip():
        br = node[0]
        node.text = br.tail
        br.tail = None
        node.remove(br)
        node.addprevious(br)


def _trailing_break(node: html.HtmlElement) -> html.HtmlElement | None:
    """The `<br>` that ends `node`'s content, through inline wrappers, if one does."""
    last = node
    while len(last) and not (last[-1].tail or "").strip():
        last = last[-1]
        if last.tag == "br":
            return last
        if last.tag in _MARKED or ((last.text or "").strip() and not len(last)):
            return None
    return None


def _move_into_sole_link(node: html.HtmlElement) -> html.HtmlElement:
    """`<b><a>word</a></b>` is written `**[word](url)**`, whose marks stick to the brackets:
    beside a letter (`**[word](url)**Word`) they stay literal. Inside the link
    (`[**word**](url)Word`) they close, so emphasis that is one link trades places with it:
    the two elements swap tags and attributes. Returns the emphasis."""
    if (node.text or "").strip() or len(node) != 1 or node[0].tag != "a" or (node[0].tail or "").strip():
        return node
    link = node[0]
    attributes = dict(link.attrib)
    link.attrib.clear()
    node.attrib.clear()
    node.attrib.update(attributes)
    node.tag, link.tag = link.tag, node.tag
    return link


_WRAPPERS = frozenset(
    ("span", "font", "u", "small", "big", "abbr", "mark", "cite", "dfn", "time", "ins", "label", "bdi", "bdo", "var")
)
"""Inline elements html2text writes as their bare content: emphasis edges are looked for
inside them (`<b><span>Text. </span></b>`)."""


def _may_touch(char: str) -> bool:
    """Whether an emphasis mark may sit between punctuation on one side and `char` on the other."""
    return not char or char.isspace() or is_punctuation(char)


def _start_slot(node: html.HtmlElement) -> tuple[html.HtmlElement, str]:
    """Where the content of `node` begins: (element, "text") when that element's text comes
    first, (element, "") when an element does."""
    if node.text:
        return node, "text"
    current = node
    while len(current):
        first = current[0]
        if first.tag not in _WRAPPERS or not (first.text or len(first)):
            return first, ""
        if first.text:
            return first, "text"
        current = first
    return current, "" if current is not node else "text"


def _end_slot(node: html.HtmlElement) -> tuple[html.HtmlElement, str]:
    """Where the content of `node` ends: (element, "text" or "tail") holding the last text,
    or (element, "") when an element ends it."""
    current = node
    while len(current):
        last = current[-1]
        if last.tail:
            return last, "tail"
        if last.tag not in _WRAPPERS or not (last.text or len(last)):
            return last, ""
        current = last
    return current, "text" if current is node or current.text else ""


def _move_leading(node: html.HtmlElement) -> bool:
    """Move whitespace, and punctuation that would keep the opening mark from opening, out of
    the start of `node`; False when the emphasis cannot be written (it is then unwrapped)."""
    element, slot = _start_slot(node)
    before = _char_before(node)
    if not slot:
        return element.tag not in _MARKED or _may_touch(before)
    text = getattr(element, slot) or ""
    kept = text.lstrip()
    if kept and is_punctuation(kept[0]) and not _may_touch(text[: len(text) - len(kept)][-1:] or before):
        count = 0
        while count < len(kept) and is_punctuation(kept[count]):
            count += 1
        kept = kept[count:].lstrip()  # `<b>, word</b>`: the space after the comma goes out too
    moved = text[: len(text) - len(kept)]
    if moved:
        setattr(element, slot, kept or None)
        _add_text_before(node, moved)
    if kept:
        return True
    return bool(len(node)) and _move_leading(node)


def _move_trailing(node: html.HtmlElement) -> bool:
    """`_move_leading` for the end of `node`."""
    element, slot = _end_slot(node)
    after = (node.tail or "")[:1]
    if not slot:
        return element.tag not in _MARKED or _may_touch(after)
    text = getattr(element, slot) or ""
    kept = text.rstrip()
    if kept and is_punctuation(kept[-1]) and not _may_touch(text[len(kept) :][:1] or after):
        while kept and is_punctuation(kept[-1]):
            kept = kept[:-1]
        kept = kept.rstrip()
    moved = text[len(kept) :]
    if moved:
        setattr(element, slot, kept or None)
        node.tail = moved + (node.tail or "")
    if kept:
        return True
    return bool(len(node)) and _move_trailing(node)


def _char_before(node: html.HtmlElement) -> str:
    previous = node.getprevious()
    if previous is not None:
        text = previous.tail or ""
        return text[-1:] if text else ")"  # an element before: its Markdown ends in a mark
    parent = node.getparent()
    text = (parent.text or "") if parent is not None else ""
    return text[-1:]


def _add_text_before(node: html.HtmlElement, text: str) -> None:
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = node.getparent()
        parent.text = (parent.text or "") + text
