"""What the clean pass does with each kind of element, kept as data.

html2text writes whatever it is given, so the clean pass decides for it, tag by tag: what is
not the article and goes whole, what html2text writes as a block of its own, which boxes
may be a donate or share box around the article, and which tags it writes badly and so
become ones it writes well. One table, `TAGS`, holds those decisions (in the manner of
inscriptis' CSS profiles); the passes read their sets from it, so a new rule is a row here
rather than a branch in a pass. The words that give a junk box away are data too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Box(Enum):
    """Whether an element can be a box around the article rather than part of it."""

    NO = "no"
    """Never dropped for its class: `<a class="popup">violent thrust</a>` is part of a sentence."""
    BY_CLASS = "class"
    """Dropped when its class or id names a junk box (and it holds little text)."""
    BY_CLASS_OR_TEXT = "text"
    """Also dropped when its few words are a donate box's (`JUNK_TEXT`)."""


@dataclass(frozen=True, slots=True)
class Tag:
    """What the clean pass does with one kind of element."""

    drop: bool = False
    """Not the article (a script, a form, a widget): removed with all it holds."""
    block: bool = False
    """html2text writes it as a block of its own, which a link or a table cell cannot hold."""
    box: Box = Box.NO
    """Whether it can be a junk box around the article."""
    becomes: str = ""
    """The tag it is written as: one tag for each kind of emphasis, and for a block html2text
    writes badly (it indents `<dd>` into code, runs `<figcaption>` into the image) one it
    writes well."""
    content_in: str = ""
    """A tag its content is wrapped in when it becomes another: a term of a definition list
    reads as a bold paragraph."""
    unwrap: bool = False
    """Replaced by its content: html2text lists abbreviations as `*[OECD]: ...` after the
    text, which Markdown does not read, so the word stays and its expansion goes."""
    layout_in_cell: bool = False
    """A table whose cells hold one is a layout, not data: a Markdown row is one line."""


_DROP = Tag(drop=True)
_BLOCK = Tag(block=True)
_HEADING = Tag(block=True, layout_in_cell=True)

TAGS: dict[str, Tag] = {
    # Not the article.
    "script": _DROP,
    "style": _DROP,
    "svg": _DROP,
    "button": _DROP,
    "clipboard-copy": _DROP,
    "form": Tag(drop=True, block=True, box=Box.BY_CLASS),
    "input": _DROP,
    "select": _DROP,
    "textarea": _DROP,
    "iframe": _DROP,
    "frame": _DROP,
    "frameset": _DROP,
    "noscript": _DROP,
    "template": _DROP,
    "object": _DROP,
    "embed": _DROP,
    "canvas": _DROP,
    "audio": _DROP,
    "video": _DROP,
    "nav": _DROP,
    "head": _DROP,
    "title": _DROP,
    "meta": _DROP,
    "link": _DROP,
    "dialog": Tag(drop=True, block=True),
    # Blocks.
    "address": _BLOCK,
    "article": _BLOCK,
    "aside": Tag(block=True, box=Box.BY_CLASS_OR_TEXT),
    "blockquote": Tag(block=True, layout_in_cell=True),
    "center": Tag(block=True, becomes="div"),
    "dd": Tag(block=True, becomes="p"),
    "details": Tag(block=True, becomes="div"),
    "div": Tag(block=True, box=Box.BY_CLASS_OR_TEXT),
    "dl": Tag(block=True, becomes="div"),
    "dt": Tag(block=True, becomes="p", content_in="strong"),
    "fieldset": _BLOCK,
    "figcaption": Tag(block=True, becomes="p"),
    "figure": Tag(block=True, box=Box.BY_CLASS),
    "footer": Tag(block=True, box=Box.BY_CLASS),
    "h1": _HEADING,
    "h2": _HEADING,
    "h3": _HEADING,
    "h4": _HEADING,
    "h5": _HEADING,
    "h6": _HEADING,
    "header": Tag(block=True, box=Box.BY_CLASS),
    "hgroup": _BLOCK,
    "hr": _BLOCK,
    "li": _BLOCK,
    "main": _BLOCK,
    "menu": _BLOCK,
    "ol": Tag(block=True, box=Box.BY_CLASS, layout_in_cell=True),
    "p": Tag(block=True, box=Box.BY_CLASS_OR_TEXT),
    "pre": Tag(block=True, layout_in_cell=True),
    "section": Tag(block=True, box=Box.BY_CLASS_OR_TEXT),
    "summary": Tag(block=True, becomes="p"),
    "table": Tag(block=True, box=Box.BY_CLASS, layout_in_cell=True),
    "ul": Tag(block=True, box=Box.BY_CLASS, layout_in_cell=True),
    # Inline elements.
    "b": Tag(becomes="strong"),
    "i": Tag(becomes="em"),
    "s": Tag(becomes="del"),
    "strike": Tag(becomes="del"),
    "abbr": Tag(unwrap=True),
    "acronym": Tag(unwrap=True),
}
"""Tags not listed are kept as they are, as inline elements."""

DROP_TAGS = frozenset(name for name, tag in TAGS.items() if tag.drop)
BLOCK_TAGS = frozenset(name for name, tag in TAGS.items() if tag.block)
"""Elements html2text writes as blocks of their own."""
BOX_TAGS = frozenset(name for name, tag in TAGS.items() if tag.box is not Box.NO)
TEXT_BOX_TAGS = frozenset(name for name, tag in TAGS.items() if tag.box is Box.BY_CLASS_OR_TEXT)
LAYOUT_IN_CELL_TAGS = frozenset(name for name, tag in TAGS.items() if tag.layout_in_cell)
RETAGGED = {name: tag for name, tag in TAGS.items() if tag.becomes or tag.unwrap}
"""The tags the clean pass renames or unwraps, with what it does to each."""
EMPHASIS_TAGS = ("strong", "em", "del")
"""The one tag left for each kind of emphasis once `RETAGGED` is applied."""

JUNK_WORDS = frozenset(
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
        "noscript",
    }
)
"""Words in a class or id that mark a box around the article rather than the article."""

SCREEN_READER_CLASSES = frozenset(
    {
        "sr-only", "screen-reader-text", "screen-reader-only", "visually-hidden", "visuallyhidden",
        "off-screen", "offscreen", "element-invisible", "u-visually-hidden", "hide-text",
    }
)  # fmt: skip
"""Class names that hide an element from the screen and leave it to screen readers (a label
"Image copyright", a skip link, a heading a sighted reader never sees)."""

JUNK_CLASSES = frozenset(
    {"support-author", "button--pay", "reward-box", "post-reward", "share-box", "robots-nocontent"}
)
"""Whole class names of junk boxes whose words alone say nothing."""

JUNK_TEXT = re.compile(r"给作者打赏|赞赏|打赏作者|请作者喝|扫码支付|微信打赏|buy me a coffee")
"""Donate boxes recognised by their words, when their classes say nothing; matched in the text
in lower case: a pattern with `re.I` took 2 us a paragraph, four times as long."""

DONATE_TEXT = re.compile(
    r"打赏|赞赏|赞助|捐赠|捐助|请作者喝|\bdonat(?:e[ds]?|ions?|ing)\b"  # not a name: Donatella, Donato
    r"|\btip (?:the|this|me)\b|\btip ?jar\b|\breward (?:the )?author"
    r"|\bsupport (?:the|this|my|our) (?:author|writer|work|blog|site)|\bbuy me a coffee|\bko-?fi\b|\bpatreon\b",
    re.I,
)
"""What a donate, tip or reward box says (to the author, in Chinese or English): words that are
never an author's name, so a box saying them is no byline whatever its class ("support-author")."""

AD_LABELS = frozenset(
    {
        "advert", "advertisement", "advertising", "anzeige", "werbung", "publicite", "publicité", "publicidad",
        "pubblicita", "pubblicità", "reklama", "sponsored", "gesponsert", "广告", "広告",
    }
)  # fmt: skip
"""The whole text of an advert's box once its scripts are gone (in lower case, blanks around it
taken off): the label over the space the ad server fills."""

AD_SERVER = re.compile(
    r"/adserver/|/delivery/(?:avw|ck|lg|ajs)\.php|doubleclick\.net/|googlesyndication\.com/|/adclick[./?]",
    re.I,
)
"""An address on an ad server (Revive/OpenX delivery scripts, Google's ad networks): a link or
picture there is an advert."""

JUNK_TEXT_MAX = 60
"""Only boxes this short are dropped for their words: an article about tipping stays."""

BOX_TEXT_MAX = 500
"""A box holding more text than this is content, whatever its class says."""

COPY_WORDS = frozenset({"copy", "copybtn", "copycode", "clipboard", "clipboardjs", "clip"})
"""Words in a class or id that mark a copy-to-clipboard widget: split on `-` and `_`, so
`copy-code-btn` and `cnblogs_code_copy` say "copy" while `copyright` says nothing."""

COPY_LABEL = re.compile(
    r"^\s*(?:复制代码|复制|拷贝代码|拷贝|一键复制|登录后复制|已复制|复制成功|コピー|コードをコピー"
    r"|copy(?: code| to clipboard)?|copied!?)\s*$",
    re.I,
)
"""The whole text of a copy widget: the label of a button a code block's page script adds."""
