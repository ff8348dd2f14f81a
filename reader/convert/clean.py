"""Clean an article's HTML before html2text sees it.

html2text is a faithful converter of whatever it is given: it keeps donate buttons, turns a
line break between two Chinese characters into a space, drops heading ids and code
languages, and writes `**…。**的` which no Markdown parser reads as bold. Each of those is
fixed here, on the DOM, by a small pass with one job; `clean_html` runs them in order.

Facts html2text cannot carry through Markdown (heading anchors, code languages, pipes in
table cells) travel as private-use sentinels that `reader.convert.html_to_markdown` turns into Markdown
syntax after conversion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from reader.chars import is_punctuation, is_wide
from reader.convert.html_nesting import flatten_html, too_deep

# Sentinels: private-use characters, stripped from the input first so no page can forge them.
ANCHOR_OPEN, ANCHOR_CLOSE = "\ue000", "\ue001"
LANG_OPEN, LANG_CLOSE = "\ue002", "\ue003"
CELL_PIPE = "\ue004"
EMPTY_CELL = "\ue005"
_SENTINELS = re.compile("[\ue000-\ue005]")

_DROP_TAGS = (
    "script",
    "style",
    "svg",
    "math",
    "button",
    "form",
    "input",
    "select",
    "textarea",
    "iframe",
    "frame",
    "frameset",
    "noscript",
    "template",
    "object",
    "embed",
    "canvas",
    "audio",
    "video",
    "nav",
    "head",
    "title",
    "meta",
    "link",
    "dialog",
)

_JUNK_WORDS = frozenset(
    {
        "donate",
        "donation",
        "reward",
        "rewards",
        "sponsor",
        "sponsors",
        "share",
        "sharing",
        "sharebar",
        "social",
        "qrcode",
        "zanshang",
        "dashang",
        "appreciate",
        "appreciation",
        "tipjar",
        "paywall",
        "subscribe",
        "newsletter",
        "advert",
        "advertisement",
        "adsbygoogle",
        "popup",
        "cookie",
        "cookies",
        "breadcrumb",
        "breadcrumbs",
        "pagination",
        "pager",
    }
)
"""Words in a class or id that mark a box around the article rather than the article."""

_JUNK_CLASSES = frozenset({"support-author", "button--pay", "reward-box", "post-reward", "share-box"})

_JUNK_TEXT = re.compile(r"给作者打赏|赞赏|打赏作者|请作者喝|扫码支付|微信打赏|Buy me a coffee", re.I)
"""Donate boxes recognised by their words, when their classes say nothing."""

_JUNK_TEXT_MAX = 60
"""Only boxes this short are dropped for their words: an article about tipping stays."""

_EMPHASIS = {
    "b": "strong",
    "strong": "strong",
    "i": "em",
    "em": "em",
    "s": "del",
    "strike": "del",
    "del": "del",
}

_PLACEHOLDER_SRC = re.compile(r"^data:|^$|blank\.gif|placeholder|spacer\.gif|grey\.gif|loading\.gif|pixel\.gif", re.I)
_LAZY_SRC_ATTRS = ("data-src", "data-original", "data-actualsrc", "data-lazy-src", "data-url", "data-echo")

_CODE_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight-source|brush:)[-\s]*([A-Za-z0-9_+#.-]+)")

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "ol", "p", "pre", "section",
        "summary", "table", "ul",
    }
)  # fmt: skip
"""Elements html2text writes as blocks of their own."""

_BLOCK_IN_CELL = ("table", "ul", "ol", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")

_PROXY_PREFIX = re.compile(r"^https?://[^?#]+/\?(https?://.+)$")
"""An image URL behind a proxy that takes the real URL as its whole query string."""


def parse_html(markup: str) -> html.HtmlElement:
    """Parse a page or a fragment into a document whose `<body>` holds the content."""
    markup = _SENTINELS.sub("", markup)
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    if not markup.strip():
        markup = "<p></p>"
    try:
        document = html.document_fromstring(markup)
        if too_deep(document):  # libxml2 drops all after 255 levels; html2text, markdown-it fewer
            document = html.document_fromstring(flatten_html(markup))
        return document
    except (etree.ParserError, ValueError):
        return html.document_fromstring("<p></p>")


def body_of(document: html.HtmlElement) -> html.HtmlElement:
    body = document.find("body")
    return body if body is not None else document


def clean_html(markup: str, base_url: str = "") -> html.HtmlElement:
    """The cleaned `<body>` of a page or fragment."""
    body = body_of(parse_html(markup))
    clean_tree(body, base_url)
    return body


def clean_tree(body: html.HtmlElement, base_url: str = "") -> None:
    clean_part(body, document_base(body, base_url))


def clean_part(root: html.HtmlElement, base_url: str, web_url: str = "") -> None:
    """Clean one part of a page (a chunk of a long one, or all of it); `base_url` is the
    document's effective base (`document_base`), which a detached part cannot look up;
    `web_url` the address a local copy of a web page declares as its own (see `resolve_urls`)."""
    for step in _STEPS:
        step(root)
    resolve_urls(root, base_url, web_url)


def document_base(root: html.HtmlElement, base_url: str) -> str:
    """What relative URLs resolve against: the page's `<base href>`, else the page's URL."""
    base = root.getroottree().find(".//base")
    if base is not None and base.get("href"):
        return urljoin(base_url, str(base.get("href", "")).strip())
    return base_url


def is_dropped(node: html.HtmlElement) -> bool:
    """Whether the clean pass removes this element whole (a hidden box, a script, a form ...)."""
    return node.tag in _DROP_TAGS or _is_hidden(node) or _is_junk_box(node)


def drop_junk(root: html.HtmlElement) -> None:
    """Remove what is not the article: scripts, forms, widgets, donate and share boxes."""
    drop_all(root.iter(etree.Comment, etree.ProcessingInstruction))
    drop_all(root.iter(*_DROP_TAGS))
    drop_all(node for node in root.iter() if isinstance(node.tag, str) and (_is_hidden(node) or _is_junk_box(node)))


def _is_hidden(node: html.HtmlElement) -> bool:
    if node.get("hidden") is not None:
        return True
    style = (node.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


_BOXES = frozenset({"div", "section", "aside", "footer", "header", "ul", "ol", "p", "figure", "table", "form"})
"""Elements that can be a box around the article. Inline elements inside running text are
never dropped for their class: `<a class="popup">violent thrust</a>` is part of a sentence."""

_BOX_TEXT_MAX = 500
"""A box holding more text than this is content, whatever its class says."""


def _is_junk_box(node: html.HtmlElement) -> bool:
    if node.tag not in _BOXES:
        return False
    text: str | None = None
    names = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    if names.strip():
        classes = set(names.split())
        words = set(re.split(r"[\s_-]+", names))
        if classes & _JUNK_CLASSES or words & _JUNK_WORDS:
            text = node.text_content()
            holds_heading = node.find(".//h1") is not None or any(True for _ in node.iter("h2", "h3", "h4"))
            if len(text.strip()) <= _BOX_TEXT_MAX and not holds_heading:
                return True
    if node.tag in ("div", "section", "aside", "p"):
        text = _short_text(node, _JUNK_TEXT_MAX) if text is None else text
        if text is not None and len(text.strip()) <= _JUNK_TEXT_MAX and _JUNK_TEXT.search(text):
            return True
    return False


def _short_text(node: html.HtmlElement, limit: int) -> str | None:
    """The element's text when it is at most `limit` characters past its blanks, else None,
    read no further than that: nested boxes would read their whole subtree each."""
    pieces: list[str] = []
    letters = 0
    for piece in node.itertext():
        pieces.append(piece)
        letters += len(piece) - sum(map(piece.count, " \t\n\r\f\xa0"))
        if letters > limit:  # more than `limit` characters that are not blank: no need to read on
            return None
    return "".join(pieces)


def _drop_keep_tail(node: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    previous = node.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def drop_all(nodes: Iterable[etree._Element]) -> None:
    """`_drop_keep_tail` for many elements, in one pass over each parent's children: dropped
    one by one, a run of siblings appends each tail to the same growing text (20,000 comments
    in a paragraph took a minute)."""
    by_parent: dict[etree._Element, set[etree._Element]] = {}
    for node in list(nodes):
        parent = node.getparent()
        if parent is not None:
            by_parent.setdefault(parent, set()).add(node)
    for parent, gone in by_parent.items():
        parts = [parent.text or ""]
        holder: etree._Element | None = None  # whose tail the text goes to; None: the parent's text
        for child in list(parent):
            if child in gone:
                parts.append(child.tail or "")
                parent.remove(child)
                continue
            _set_text(parent, holder, parts)
            holder, parts = child, [child.tail or ""]
        _set_text(parent, holder, parts)


def _set_text(parent: etree._Element, holder: etree._Element | None, parts: list[str]) -> None:
    if len(parts) == 1:
        return  # nothing was dropped after it
    text = "".join(parts) or None
    if holder is None:
        parent.text = text
    else:
        holder.tail = text


def _unwrap(node: html.HtmlElement) -> None:
    """Replace an element by its content (lxml's `drop_tag` looks the element up among its
    siblings, which made unwrapping a run of them quadratic)."""
    parent = node.getparent()
    if parent is None:
        return
    previous = node.getprevious()
    children = list(node)
    tail = node.tail
    if node.text and isinstance(node.tag, str):
        _text_before_set(node, node.text)
    for child in children:
        node.addprevious(child)
    if tail:
        if children:
            children[-1].tail = (children[-1].tail or "") + tail
        elif previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    node.tail = None
    parent.remove(node)


def recover_noscript_images(root: html.HtmlElement) -> None:
    """Lazy pages put the real `<img>` in a `<noscript>` after a placeholder; keep it (the
    `<noscript>` itself is dropped as junk)."""
    for noscript in list(root.iter("noscript")):
        images = list(noscript.iter("img"))
        if not images or noscript.getparent() is None:
            continue
        previous = noscript.getprevious()
        if previous is not None and previous.tag == "img":
            if _PLACEHOLDER_SRC.search((previous.get("src") or "").strip()) and images[0].get("src"):
                previous.set("src", images[0].get("src", ""))
                if not previous.get("alt") and images[0].get("alt"):
                    previous.set("alt", images[0].get("alt", ""))
            continue
        for image in images:
            image.tail = None
            noscript.addprevious(image)


def fix_images(root: html.HtmlElement) -> None:
    """Take the real source of lazy-loaded images, and unwrap proxy prefixes."""
    dropped: list[html.HtmlElement] = []
    for img in list(root.iter("img")):
        src = (img.get("src") or "").strip()
        if _PLACEHOLDER_SRC.search(src):
            for attr in _LAZY_SRC_ATTRS:
                lazy = (img.get(attr) or "").strip()
                if lazy and not lazy.startswith("data:"):
                    src = lazy
                    break
            else:
                src = _largest_in_srcset(img.get("srcset") or img.get("data-srcset") or "") or src
        if not src or src.startswith("data:"):
            dropped.append(img)
            continue
        img.set("src", unwrap_proxy(src))
        alt = img.get("alt")
        if alt:
            img.set("alt", " ".join(_TAG.sub(" ", alt).split()))


_TAG = re.compile(r"<[^>]*>")


def _largest_in_srcset(srcset: str) -> str:
    """The candidate with the largest width or density descriptor in a `srcset`."""
    best, best_size = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.split()
        if not parts or parts[0].startswith("data:"):
            continue
        size = 1.0
        if len(parts) > 1 and parts[1][:-1].replace(".", "", 1).isdigit():
            size = float(parts[1][:-1])
        if size > best_size:
            best, best_size = parts[0], size
    return best


def unwrap_proxy(url: str) -> str:
    match = _PROXY_PREFIX.match(url)
    return match.group(1) if match else url


def fix_links(root: html.HtmlElement) -> None:
    """Unwrap links that go nowhere a reader can follow or that wrap whole blocks (Markdown
    links hold inline text only), and drop empty anchors and link titles (never shown, and
    html2text does not escape their quotes)."""
    dropped: list[html.HtmlElement] = []
    for link in list(root.iter("a")):
        href = (link.get("href") or "").strip()
        scheme = urlsplit(href).scheme.lower()
        empty = not link.text_content().strip() and link.find(".//img") is None
        link.attrib.pop("title", None)
        if href:
            link.set("href", href)
        if empty:
            dropped.append(link)
        elif not href or scheme in ("javascript", "data", "vbscript") or _holds_blocks(link):
            _unwrap(link)
    drop_all(dropped)


def _holds_blocks(node: html.HtmlElement) -> bool:
    return any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in node.iterdescendants())


def flatten_list_items(root: html.HtmlElement) -> None:
    """Paragraphs inside a list item become lines of it.

    html2text writes a list item's second paragraph without indentation, which ends the
    list in Markdown and turns the rest of it into an indented code block. Joined with
    line breaks, the item stays one item.
    """
    for item in list(root.iter("li")):
        for node in list(item.iter("p", "div", "section", "article", "header", "footer", "figure", "span")):
            if node is item or node.getparent() is None:
                continue
            if node.tag == "span" and not _holds_blocks(node):
                continue
            if node.getprevious() is not None or (node.getparent().text or "").strip():
                node.addprevious(html.Element("br"))
            _unwrap(node)


def fix_preformatted(root: html.HtmlElement) -> None:
    """Preformatted text is text: links, emphasis and other tags inside it are unwrapped."""
    breaks: list[html.HtmlElement] = []
    for pre in root.iter("pre"):
        for node in list(pre.iterdescendants()):
            if node.getparent() is None or not isinstance(node.tag, str):
                continue
            if node.tag == "br":
                node.tail = "\n" + (node.tail or "")
                breaks.append(node)
            elif node.tag == "img":  # code holds text only: a picture in it says its alt text
                node.tail = (node.get("alt") or "") + (node.tail or "")
                breaks.append(node)
            elif node.tag != "code":
                _unwrap(node)
    drop_all(breaks)


def normalize_emphasis(root: html.HtmlElement) -> None:
    """One tag per emphasis kind, no emphasis inside the same emphasis, no adjacent twins."""
    for node in list(root.iter(*_EMPHASIS)):
        node.tag = _EMPHASIS[node.tag]
    for node in list(root.iter("strong", "em", "del")):
        if node.getparent() is None:
            continue
        if _has_ancestor(node, node.tag):
            _unwrap(node)
    for node in list(root.iter("strong", "em", "del")):
        following = node.getnext()
        parts: list[str] = []  # text for the end of `node`, joined once: 100,000 twins in a row
        while following is not None and following.tag == node.tag and not (node.tail or "").strip():
            parts += (node.tail or "", following.text or "")
            node.tail = None
            children = list(following)
            if children:
                _append_text(node, "".join(parts))
                parts = []
                for child in children:
                    node.append(child)
            node.tail = following.tail
            following.getparent().remove(following)
            following = node.getnext()
        _append_text(node, "".join(parts))


def _has_ancestor(node: html.HtmlElement, tag: str) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _append_text(node: html.HtmlElement, text: str) -> None:
    if not text:
        return
    if len(node):
        last = node[-1]
        last.tail = (last.tail or "") + text
    else:
        node.text = (node.text or "") + text


def fit_emphasis_to_markdown(root: html.HtmlElement) -> None:
    """Move edge whitespace and, where needed, punctuation out of emphasis.

    Markdown closes `**` only when the mark is not stuck between punctuation inside and a
    letter outside: `**好。**的` stays literal, so `**好**。的` is written instead. The same
    holds at the opening mark. Whitespace inside the marks never works, so it goes out too.
    """
    for node in list(root.iter("strong", "em", "del")):
        if node.getparent() is None:
            continue
        if _holds_blocks(node) or (not node.text_content().strip() and node.find(".//img") is None):
            _unwrap(node)
            continue
        _move_edge_breaks(node)
        if not _move_leading(node) or not _move_trailing(node):
            _unwrap(node)


def _move_edge_breaks(node: html.HtmlElement) -> None:
    """`<b>title<br></b>` would put the closing mark on the next line: move the break out."""
    while len(node) and node[-1].tag == "br" and not (node[-1].tail or "").strip():
        br = node[-1]
        node.remove(br)
        br.tail = node.tail
        node.tail = None
        node.addnext(br)
    while len(node) and node[0].tag == "br" and not (node.text or "").strip():
        br = node[0]
        node.text = br.tail
        br.tail = None
        node.remove(br)
        node.addprevious(br)


def _move_leading(node: html.HtmlElement) -> bool:
    text = node.text or ""
    if not text.strip() and len(node):
        return not text  # the first content is an element: only fine without leading blank
    stripped = text.lstrip()
    moved = text[: len(text) - len(stripped)]
    before = moved[-1] if moved else _char_before(node)
    if stripped and is_punctuation(stripped[0]) and before and not before.isspace() and not is_punctuation(before):
        count = 0
        while count < len(stripped) and is_punctuation(stripped[count]):
            count += 1
        moved += stripped[:count]
        stripped = stripped[count:]
        if not stripped and not len(node):
            return False
    if moved:
        node.text = stripped
        _text_before_set(node, moved)
    return True


def _move_trailing(node: html.HtmlElement) -> bool:
    if len(node):
        last = node[-1]
        text = last.tail or ""
        if not text.strip():
            return not text
    else:
        last = None
        text = node.text or ""
    stripped = text.rstrip()
    moved = text[len(stripped) :]
    after = moved[:1] or (node.tail or "")[:1]
    if stripped and is_punctuation(stripped[-1]) and after and not after.isspace() and not is_punctuation(after):
        kept = stripped
        while kept and is_punctuation(kept[-1]):
            kept = kept[:-1]
        moved = stripped[len(kept) :] + moved
        stripped = kept
        if not stripped and last is None:
            return False
    if moved:
        if last is None:
            node.text = stripped
        else:
            last.tail = stripped
        node.tail = moved + (node.tail or "")
    return True


def _char_before(node: html.HtmlElement) -> str:
    previous = node.getprevious()
    if previous is not None:
        text = previous.tail or ""
        return text[-1:] if text else ")"  # an element before: its Markdown ends in a mark
    parent = node.getparent()
    text = (parent.text or "") if parent is not None else ""
    return text[-1:]


def _text_before_set(node: html.HtmlElement, text: str) -> None:
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = node.getparent()
        parent.text = (parent.text or "") + text


def apply_segment_breaks(root: html.HtmlElement) -> None:
    """CSS Text segment-break rule: a newline between two wide CJK characters vanishes.

    A browser renders `中文\\n中文` as `中文中文`; html2text would write `中文 中文`. Text is
    walked in document order so a newline next to an inline element's edge is seen with the
    character on the other side.
    """
    slots = list(_text_slots(root))
    texts = [getattr(node, attr) or "" for node, attr in slots]
    for index, text in enumerate(texts):
        if "\n" not in text:
            continue
        new = _join_segment_breaks(text, _neighbour(texts, index, -1), _neighbour(texts, index, +1))
        if new != text:
            texts[index] = new
            node, attr = slots[index]
            setattr(node, attr, new)


_SEGMENT_BREAK = re.compile(r"[ \t]*\n[\s]*")


def _join_segment_breaks(text: str, before: str, after: str) -> str:
    """`text` with the segment breaks between two joining characters removed; `before` and
    `after` are the characters next to the text in document order."""

    def replace(match: re.Match[str]) -> str:
        left = text[match.start() - 1] if match.start() > 0 else before
        right = text[match.end()] if match.end() < len(text) else after
        if left and right and _segment_joins(left) and _segment_joins(right):
            return ""
        return match.group(0)

    return _SEGMENT_BREAK.sub(replace, text)


def _segment_joins(char: str) -> bool:
    """Wide characters other than Hangul, whose words are spaced, join across a newline."""
    return is_wide(char) and not ("\uac00" <= char <= "\ud7af" or "\u1100" <= char <= "\u11ff")


def _neighbour(texts: list[str], index: int, step: int) -> str:
    position = index + step
    while 0 <= position < len(texts):
        text = texts[position].strip()
        if text:
            return text[-1] if step < 0 else text[0]
        position += step
    return ""


def _text_slots(root: html.HtmlElement) -> Iterator[tuple[html.HtmlElement, str]]:
    """(element, "text" | "tail") in document order, leaving out preformatted text."""

    def walk(node: html.HtmlElement) -> Iterator[tuple[html.HtmlElement, str]]:
        if node.tag in ("pre", "textarea"):
            return
        yield node, "text"
        for child in node:
            if isinstance(child.tag, str):
                yield from walk(child)
            yield child, "tail"

    yield from walk(root)


def normalize_spaces(root: html.HtmlElement) -> None:
    """No-break spaces become spaces outside code: they are layout tricks in feeds, and a
    run of them would otherwise survive as a wide blank at the start of a paragraph."""
    for node, attr in _text_slots(root):
        text = getattr(node, attr)
        if text and ("\xa0" in text or "\u3000" in text or "\u200b" in text):
            setattr(node, attr, text.replace("\xa0", " ").replace("\u3000", " ").replace("\u200b", ""))


def mark_anchors(root: html.HtmlElement) -> None:
    """Carry heading ids through html2text as sentinels (see module docstring). A heading is
    one line: a `<br>` in it would cut it in two, the anchor left on the second half."""
    for heading in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        breaks = list(heading.iter("br"))
        for br in breaks:
            br.tail = " " + (br.tail or "")
        drop_all(breaks)
        anchor = heading.get("id") or _inner_anchor(heading)
        if anchor and re.fullmatch(r"[^\s{}]+", anchor):
            _append_text(heading, f"{ANCHOR_OPEN}{anchor}{ANCHOR_CLOSE}")


def _inner_anchor(heading: html.HtmlElement) -> str:
    for node in heading.iter("a", "span"):
        name = node.get("id") or node.get("name")
        if name:
            return str(name)
    return ""


def mark_code_languages(root: html.HtmlElement) -> None:
    for pre in root.iter("pre"):
        classes = " ".join(
            f"{node.get('class') or ''} {node.get('data-lang') or ''}" for node in (pre, *pre.iter("code"))
        )
        match = _CODE_LANGUAGE.search(classes)
        if match:
            language = match.group(1).strip(";").lower()
            pre.text = f"{LANG_OPEN}{language}{LANG_CLOSE}" + (pre.text or "")


def flatten_tables(root: html.HtmlElement) -> None:
    """Keep data tables as tables; turn layout tables into plain flow.

    A Markdown table row is one line, so a cell may hold only inline content; a table whose
    cells hold lists, code or other tables (or that has a single column) is layout, and its
    cells become blocks of their own.
    """
    for table in list(root.iter("table")):
        if table.getparent() is None:
            continue
        cells = list(table.iter("td", "th"))
        nested = _HOLDS_BLOCK_IN_CELL(table)
        columns = max((len(row.findall("td")) + len(row.findall("th")) for row in table.iter("tr")), default=0)
        if nested or columns <= 1:
            for node in list(table.iter("table", "thead", "tbody", "tfoot", "tr", "caption")):
                node.tag = "div"
            for cell in cells:
                cell.tag = "div"
            continue
        for cell in cells:
            _inline_cell(cell)
        _square(table, columns)


def _square(table: html.HtmlElement, columns: int) -> None:
    """Every row as wide as the widest, and the table a block of its own: Markdown drops the
    cells a row has past its header's, and html2text runs a table into what comes before it
    (two tables in a row became one, and the second lost its last columns)."""
    for row in table.iter("tr"):
        for _ in range(columns - len(row.findall("td")) - len(row.findall("th"))):
            cell = html.Element("td")
            cell.text = EMPTY_CELL
            row.append(cell)
    wrapper = html.Element("div")
    wrapper.tail, table.tail = table.tail, None
    table.addprevious(wrapper)
    wrapper.append(table)


_HOLDS_BLOCK_IN_CELL = etree.XPath(
    "boolean(.//*[self::td or self::th][.//*[" + " or ".join(f"self::{tag}" for tag in _BLOCK_IN_CELL) + "]])"
)
"""One search in C: a table of 80,000 cells asked 11 questions of each cell in Python."""


def _inline_cell(cell: html.HtmlElement) -> None:
    if not len(cell):  # text only, most cells: nothing to unwrap
        text = cell.text or ""
        cell.text = text.replace("|", CELL_PIPE) if text.strip() else EMPTY_CELL
        return
    if not cell.text_content().strip() and cell.find(".//img") is None:
        # html2text writes an empty first cell as a leading "|", which Markdown does not
        # count as a cell: the header row comes out one cell short and the table is lost.
        cell.text = EMPTY_CELL
        return
    breaks: list[html.HtmlElement] = []
    for node in list(cell.iter("br", "p", "div", "li")):
        if node is cell:
            continue
        node.tail = " " + (node.tail or "")
        if node.tag == "br":
            breaks.append(node)
        else:
            _unwrap(node)
    drop_all(breaks)
    for node, attr in _text_slots(cell):
        text = getattr(node, attr)
        if text and "|" in text:
            setattr(node, attr, text.replace("|", CELL_PIPE))


def normalize_blocks(root: html.HtmlElement) -> None:
    """Give html2text only elements it writes well: it indents `<dd>` by four spaces, which
    Markdown reads as code, runs a `<figcaption>` into the image before it, and lists
    abbreviations after the text."""
    for node in list(root.iter("dt", "dd", "figcaption", "summary")):
        if node.tag == "dt":
            node.tag = "p"
            strong = html.Element("strong")
            strong.text, node.text = node.text, None
            for child in list(node):
                strong.append(child)
            node.append(strong)
        else:
            node.tag = "p"
    for node in list(root.iter("dl", "details", "center")):
        node.tag = "div"
    for node in list(root.iter("abbr", "acronym")):
        # html2text lists abbreviations as `*[OECD]: ...` after the text, which Markdown
        # does not read: the word is kept, its expansion (a tooltip in a browser) is not.
        _unwrap(node)


def resolve_urls(root: html.HtmlElement, base_url: str, web_url: str = "") -> None:
    """Make link and image URLs absolute against the base; `#anchor` links stay as they are.

    In a web page saved to a file, `//host/path` and `/path` still mean the web, never this
    computer's root folder: the first takes https, the second the page's own address
    (`web_url`, its canonical URL) when it declares one. Other relative links stay files.
    """
    if not base_url:
        return
    local = base_url.startswith("file:")
    for node, attr in (*((a, "href") for a in root.iter("a")), *((img, "src") for img in root.iter("img"))):
        value = (node.get(attr) or "").strip()
        if not value or value.startswith("#"):
            continue
        if local and value.startswith("//"):
            value = "https:" + value
        elif local and value.startswith("/") and web_url:
            value = urljoin(web_url, value)
        node.set(attr, urljoin(base_url, value))


_STEPS: tuple[Callable[[html.HtmlElement], None], ...] = (
    recover_noscript_images,
    drop_junk,
    fix_images,
    fix_preformatted,
    fix_links,
    flatten_list_items,
    flatten_tables,
    normalize_blocks,
    normalize_spaces,
    apply_segment_breaks,
    normalize_emphasis,
    fit_emphasis_to_markdown,
    mark_anchors,
    mark_code_languages,
)
