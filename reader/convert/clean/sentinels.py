"""Facts html2text cannot carry through Markdown, sent through it as private-use characters.

html2text drops heading ids and code languages, writes a `|` inside a table cell as a column
break, and writes an empty first cell as nothing, which loses the table. The clean pass
writes each of those facts into the text as private-use characters, which html2text copies
as they are; `sentinels_to_markdown` then turns them into Markdown syntax (`{#id}` after a
heading, the language after the fence, `\\|`, a zero-width space). The same characters are
stripped from every page first (`strip_sentinels`), so that no page can forge them.
"""

from __future__ import annotations

import re

from lxml import html

from reader.convert.clean.dom import append_text, drop_all

ANCHOR_OPEN, ANCHOR_CLOSE = "\ue000", "\ue001"
LANG_OPEN, LANG_CLOSE = "\ue002", "\ue003"
CELL_PIPE = "\ue004"
EMPTY_CELL = "\ue005"
_SENTINELS = re.compile("[\ue000-\ue005]")

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CODE_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight-source|brush:)[-\s]*([A-Za-z0-9_+#.-]+)")

_ANCHOR = re.compile(rf"[ \t]*{ANCHOR_OPEN}([^{ANCHOR_CLOSE}\n]*){ANCHOR_CLOSE}")
_LANGUAGE = re.compile(rf"^(\s*```)[ \t]*\n(\s*){LANG_OPEN}([^{LANG_CLOSE}\n]*){LANG_CLOSE}", re.M)
_INTRAWORD_ESCAPE = re.compile(r"(?<=[^\W_])\\_(?=[^\W_])")
r"""html2text's `\_` inside a word, where an underscore cannot mean emphasis: `{#h1_1}`
reads as the id it is."""


def strip_sentinels(text: str) -> str:
    return _SENTINELS.sub("", text)


def mark_anchors(root: html.HtmlElement) -> None:
    """Carry heading ids through html2text. A heading is one line: a `<br>` in it would cut
    it in two, the anchor left on the second half."""
    for heading in root.iter(*_HEADINGS):
        if not len(heading):  # most headings: their text alone, no break or inner anchor to look for
            anchor = heading.get("id")
        else:
            breaks = list(heading.iter("br"))
            for br in breaks:
                br.tail = " " + (br.tail or "")
            drop_all(breaks)
            anchor = heading.get("id") or _inner_anchor(heading)
        if anchor and re.fullmatch(r"[^\s{}]+", anchor):
            append_text(heading, f"{ANCHOR_OPEN}{anchor}{ANCHOR_CLOSE}")


def _inner_anchor(heading: html.HtmlElement) -> str:
    for node in heading.iter("a", "span"):
        name = node.get("id") or node.get("name")
        if name:
            return str(name)
    return ""


def mark_code_languages(root: html.HtmlElement) -> None:
    """Carry a code block's language, named in its classes, through html2text."""
    for pre in root.iter("pre"):
        classes = " ".join(
            f"{node.get('class') or ''} {node.get('data-lang') or ''}" for node in (pre, *pre.iter("code"))
        )
        match = _CODE_LANGUAGE.search(classes)
        if match:
            language = match.group(1).strip(";").lower()
            pre.text = f"{LANG_OPEN}{language}{LANG_CLOSE}" + (pre.text or "")


def sentinels_to_markdown(markdown: str) -> str:
    """Turn the sentinels in html2text's output into Markdown syntax, and drop any left over."""
    if not _SENTINELS.search(markdown):
        return markdown  # most chunks: one search, not five passes over the text
    markdown = _ANCHOR.sub(lambda m: f" {{#{_INTRAWORD_ESCAPE.sub('_', m.group(1))}}}", markdown)
    markdown = _LANGUAGE.sub(lambda m: f"{m.group(1)}{m.group(3)}\n{m.group(2)}", markdown)
    # An empty cell needs a character Markdown does not trim away.
    markdown = markdown.replace(CELL_PIPE, "\\|").replace(EMPTY_CELL, "\u200b")
    return strip_sentinels(markdown)
