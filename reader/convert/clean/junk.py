"""What is not the article: scripts, forms, hidden boxes, donate, share and copy widgets.

Pages and feed posts wrap their text in widgets that html2text would write out as words
("Share on X", a QR code's caption, a donate button). An element goes when its tag says so
(`policy.DROP_TAGS`), when the page hides it, or when it is a short box whose class or words
name it junk; a long box is content whatever its class says. Code blocks carry widgets of
their own: a page script adds a "copy code" button inside `<pre>` (`复制代码` on many Chinese
blogs), which html2text would write as a last line of the code.
"""

from __future__ import annotations

import re

from lxml import etree, html

from reader.convert.clean.dom import drop, drop_all
from reader.convert.clean.policy import (
    AD_LABELS,
    AD_SERVER,
    BOX_TAGS,
    BOX_TEXT_MAX,
    COPY_LABEL,
    COPY_WORDS,
    DONATE_TEXT,
    DROP_TAGS,
    JUNK_CLASSES,
    JUNK_TEXT,
    JUNK_TEXT_MAX,
    JUNK_WORDS,
    SCREEN_READER_CLASSES,
    TEXT_BOX_TAGS,
)


def is_dropped(node: html.HtmlElement) -> bool:
    """Whether the clean pass removes this element whole (a hidden box, a script, a form ...)."""
    return node.tag in DROP_TAGS or _is_junk(node)


def in_junk_box(node: html.HtmlElement, text: str) -> bool:
    """Whether the element (its words `text`) is, or lies in, a junk box (donate, share, advert)
    or says donate, tip or reward: a byline guessed there ("给作者打赏，鼓励TA抓紧创作！" in
    `class="support-author"`) names no author. Hidden boxes are not asked: a page may hide its
    author's name for search engines."""
    if DONATE_TEXT.search(text):
        return True
    return any(_is_junk_box(box) for box in (node, *node.iterancestors()))


def drop_junk(root: html.HtmlElement) -> None:
    """Remove what is not the article: comments, scripts, forms, widgets, junk boxes."""
    drop_all(root.iter(etree.Comment, etree.ProcessingInstruction))
    drop_all(root.iter(*DROP_TAGS))
    drop_all(node for node in root.iter() if isinstance(node.tag, str) and _is_junk(node))


def _is_junk(node: html.HtmlElement) -> bool:
    """Hidden, an advert, or a junk box. An element with no attributes (most of an article's)
    can only be a box that says junk in its words: the attributes, asked for one by one, took
    more time than the rest (a page of 20,000 headings asks 80,000 times)."""
    if not node.keys():
        return node.tag in TEXT_BOX_TAGS and _says_junk(node, None)
    return _is_hidden(node) or _is_junk_box(node) or _is_advert(node)


def drop_copy_widgets(root: html.HtmlElement) -> None:
    """Remove copy buttons and their labels: inside `<pre>`, any control (a copy-named class,
    `role=button`, `onclick`, clipboard.js attributes) and, outside `<code>` at either end of
    the block, an element whose whole text is a copy label; anywhere, a copy-named element
    holding nothing but such a label or an icon."""
    for pre in list(root.iter("pre")):
        for node in list(pre.iterdescendants()):
            if node.getparent() is not None and isinstance(node.tag, str) and _is_control(node):
                drop(node)
        labels = [
            node
            for node in pre.iterdescendants()
            if isinstance(node.tag, str) and not _in_code(node, pre) and _is_copy_label(node)
        ]
        # Widgets sit at the block's edges, and there are few: only the first and last few
        # labels are candidates, so a block of a thousand labels costs no more than one.
        for node in labels[:EDGE_WIDGETS] + labels[-EDGE_WIDGETS:][::-1]:
            if node.getparent() is not None and _at_edge(node, pre):
                drop(node)
    for node in list(root.iter()):
        if node.getparent() is None or not isinstance(node.tag, str):
            continue
        if _copy_named(node) and (_is_copy_label(node) or not (_label(node) or _holds_picture(node))):
            drop(node)


EDGE_WIDGETS = 3
"""How many copy labels at each end of a code block are looked at."""


def _words(node: html.HtmlElement) -> set[str]:
    names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    return set(re.split(r"[\s_-]+", names)) - {""}


def _copy_named(node: html.HtmlElement) -> bool:
    tag = str(node.tag).lower()
    if "copy" in tag or "clipboard" in tag:
        return True
    if not node.keys():  # most elements: no attribute to ask for one by one
        return False
    if node.get("data-clipboard-text") is not None or node.get("data-clipboard-target") is not None:
        return True
    names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    return ("cop" in names or "clip" in names) and bool(_words(node) & COPY_WORDS)


def _is_control(node: html.HtmlElement) -> bool:
    """A widget rather than code: what a page script put inside a code block to act on it."""
    return _copy_named(node) or (node.get("role") or "").lower() == "button" or node.get("onclick") is not None


def _label(node: html.HtmlElement) -> str:
    """What a widget says: its text, else its title or ARIA label, else its icon's alt text."""
    text = str(node.text_content()).strip()
    if text:
        return text
    for element in node.iter():
        for name in ("title", "aria-label", "alt"):
            value = (element.get(name) or "").strip() if isinstance(element.tag, str) else ""
            if value:
                return value
    return ""


def _is_copy_label(node: html.HtmlElement) -> bool:
    return bool(COPY_LABEL.match(_label(node)))


def _holds_picture(node: html.HtmlElement) -> bool:
    return node.tag in ("img", "picture") or node.find(".//img") is not None or node.find(".//picture") is not None


def _in_code(node: html.HtmlElement, pre: html.HtmlElement) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not pre:
        if parent.tag == "code":
            return True
        parent = parent.getparent()
    return bool(node.tag == "code")


def _at_edge(node: html.HtmlElement, pre: html.HtmlElement) -> bool:
    """Whether nothing but white space stands between the element and the start or the end of
    the code block: widgets sit at its edges, while a word of code has code around it. One
    walk in document order (no recursion: code blocks can nest deep)."""
    before: list[str] = []
    after: list[str] = []
    inside = seen = False
    for event, element in etree.iterwalk(pre, events=("start", "end")):
        if element is node:
            inside = event == "start"
            if event == "end":
                seen = True
                after.append(element.tail or "")
            continue
        if inside:
            continue
        text = (element.text or "") if event == "start" and isinstance(element.tag, str) else ""
        if event == "end" and element is not pre:
            text = element.tail or ""
        (after if seen else before).append(text)
    return not "".join(before).strip() or not "".join(after).strip()


def _is_hidden(node: html.HtmlElement) -> bool:
    if node.get("hidden") is not None:
        return True
    style = (node.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    classes = node.get("class")
    return bool(classes) and not SCREEN_READER_CLASSES.isdisjoint(classes.lower().split())


def _is_advert(node: html.HtmlElement) -> bool:
    """A picture served by an ad server, or a link there with no words of its own (a
    sponsored link inside a sentence keeps its words)."""
    if node.tag == "img":
        return bool(AD_SERVER.search(node.get("src") or ""))
    if node.tag != "a" or not AD_SERVER.search(node.get("href") or ""):
        return False
    return _short_text(node, 0) is not None


def _is_junk_box(node: html.HtmlElement) -> bool:
    if node.tag not in BOX_TAGS:
        return False
    text: str | None = None
    names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    if names.strip():
        classes = set(names.split())
        words = set(re.split(r"[\s_-]+", names))
        if classes & JUNK_CLASSES or words & JUNK_WORDS:
            text = node.text_content()
            holds_heading = node.find(".//h1") is not None or any(True for _ in node.iter("h2", "h3", "h4"))
            # A post the article quotes, in a box named for its network ("social-media-embed").
            holds_quote = node.find(".//blockquote") is not None
            if len(text.strip()) <= BOX_TEXT_MAX and not holds_heading and not holds_quote:
                return True
    return node.tag in TEXT_BOX_TAGS and _says_junk(node, text)


def _says_junk(node: html.HtmlElement, text: str | None) -> bool:
    """Whether a short box's words (`text`, when read already) say donate or advert."""
    text = _short_text(node, JUNK_TEXT_MAX) if text is None else text
    if text is None:
        return False
    lowered = text.lower()
    label = lowered.strip()
    return label in AD_LABELS or bool(len(label) <= JUNK_TEXT_MAX and JUNK_TEXT.search(label))


def _short_text(node: html.HtmlElement, limit: int) -> str | None:
    """The element's text when it has at most `limit` characters that are not blank, else
    None, read no further than that: nested boxes would each read their whole subtree."""
    if not len(node):  # a leaf's text is its `text` (most boxes are short paragraphs): `itertext` took 5 us
        text = node.text or ""
        return text if len(text) <= limit or len(text) - _blanks(text) <= limit else None
    pieces: list[str] = []
    letters = 0  # characters read, blanks taken out of the pieces before `counted`
    counted = 0
    for piece in node.itertext():
        pieces.append(piece)
        letters += len(piece)
        # Blanks are counted out only once the characters alone pass the limit: most boxes
        # are short paragraphs, read whole without counting.
        if letters > limit:
            letters -= sum(map(_blanks, pieces[counted:]))
            counted = len(pieces)
            if letters > limit:
                return None
    return "".join(pieces)


def _blanks(text: str) -> int:
    """How many blanks `text` holds (spaces, tabs, line ends, form feeds, no-break spaces): one
    count each, written out (a loop over them was most of the time of a long paragraph's)."""
    return (
        text.count(" ") + text.count("\t") + text.count("\n") + text.count("\r") + text.count("\f") + text.count("\xa0")
    )
