"""Hypothesis strategies for hostile articles: HTML, Markdown and posts with front matter,
with random nesting, entities, control characters, bytes, widths and lengths.

A generated document is a `Sample`: its bytes and type, and the words a reader must find in
what the pipeline makes of it (`words`), which leaves out what is dropped on purpose
(scripts, styles, forms, navigation) and what is not text (URLs, attribute values).
Generators that build documents no grammar promises anything about (`soup`, `noise_bytes`)
give no words: they check only that nothing breaks.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from hypothesis import strategies as st

LETTERS = "abcdefghijklmnopqrstuvwxyzéüñßøçłžдлфяαβγ"
CJK = "中文字阅读器終端記事のテキスト한국어"
CONTROLS = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1b[2J", "\x1b]52;c;eA==\x07", "\x7f", "\x85", "\x9b"]
HOSTILE = [*CONTROLS, "\u202e", "\u2066", "[bold]", "[/]", ":smile:", "\ufffd", "\ufeff", "\u200b", "\u0301" * 20]
BAD_REFERENCES = ["&#0;", "&#x1b;", "&#x110000;", "&#9999999999;", "&#xD800;", "&#xFFFE;", "&#150;", "&#12;", "&#x9b;"]
GOOD_REFERENCES = {"&amp;": "&", "&lt;": "<", "&eacute;": "é", "&#x4E2D;": "中", "&#233;": "é", "&nbsp;": " "}


@dataclass
class Sample:
    """A generated document and the words that must survive the pipeline."""

    data: bytes
    media_type: str
    kind: str
    words: list[str] = field(default_factory=list)
    depth: int = 0
    """The deepest nesting it was built with."""

    def __repr__(self) -> str:  # Hypothesis prints failing examples: show the text, cut
        text = self.data[:3000].decode("utf-8", "replace")
        return f"Sample(kind={self.kind!r}, media_type={self.media_type!r}, depth={self.depth}, data={text!r})"


@st.composite
def word(draw: st.DrawFn) -> str:
    alphabet = draw(st.sampled_from([LETTERS, CJK, LETTERS + CJK]))
    return draw(st.text(alphabet=alphabet, min_size=2, max_size=draw(st.sampled_from([8, 12, 300]))))


@st.composite
def phrase(draw: st.DrawFn, words: list[str], references: bool = True) -> str:
    """Words separated by spaces, with hostile characters and references between them;
    the words go to `words`. With `references`, some letters are written as references
    (not in Markdown, where a line may turn out to be code, which shows them as written)."""
    pieces: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        token = draw(word())
        words.append(token)
        if references and draw(st.booleans()) and token[0] in "aeiou":
            token = f"&#{ord(token[0])};" + token[1:]  # a letter as a reference
        pieces.append(token)
        separator = " "
        if draw(st.integers(0, 4)) == 0:
            separator = f" {draw(st.sampled_from(HOSTILE + BAD_REFERENCES + list(GOOD_REFERENCES)))} "
        pieces.append(separator)
    return "".join(pieces)


_BLOCKS = ["div", "p", "section", "article", "blockquote", "h1", "h2", "h3", "h6", "pre", "figure", "center", "aside"]
_INLINE = ["span", "b", "strong", "i", "em", "code", "s", "del", "u", "small", "sup", "mark", "q", "font", "abbr"]
_JUNK = ["script", "style", "template", "noscript", "nav", "form", "button", "textarea"]


@st.composite
def html_node(draw: st.DrawFn, words: list[str], depth: int = 0) -> str:
    """One element with content: text, inline elements, blocks, lists, tables, images, links,
    comments and junk, nested at random."""
    choice = draw(st.integers(0, 11 if depth < 6 else 3))
    if choice <= 1:
        return draw(phrase(words))
    if choice == 2:
        tag = draw(st.sampled_from(_INLINE))
        return f"<{tag}>{draw(html_node(words, depth + 1))}</{tag}>"
    if choice == 3:
        href = draw(st.sampled_from(["https://example.org/a", "#frag", "rel/path.html", "javascript:x()", ""]))
        text = draw(phrase(words))
        return f'<a href="{href}" title="{draw(st.sampled_from(BAD_REFERENCES))}">{text}</a>'
    if choice == 4:
        alt_words: list[str] = []
        alt = draw(phrase(alt_words)).replace('"', "")
        words.extend(alt_words)
        return f'<img src="https://example.org/{draw(st.integers(0, 9))}.png" alt="{alt}">'
    if choice == 5:
        junk = draw(st.sampled_from(_JUNK))
        return f"<{junk}>{draw(phrase([]))}</{junk}>" + draw(phrase(words))  # the tail is text
    if choice == 6:
        return f"<!-- {draw(phrase([]))} -->" + draw(phrase(words))
    if choice == 7:
        tag = draw(st.sampled_from(["ul", "ol"]))
        items = "".join(f"<li>{draw(html_node(words, depth + 1))}</li>" for _ in range(draw(st.integers(1, 4))))
        return f"<{tag}>{items}</{tag}>"
    if choice == 8:
        columns = draw(st.integers(1, 5))
        rows = "".join(
            "<tr>" + "".join(f"<td>{draw(phrase(words))}</td>" for _ in range(columns)) + "</tr>"
            for _ in range(draw(st.integers(1, 4)))
        )
        head = "".join(f"<th>{draw(phrase(words))}</th>" for _ in range(columns))
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if choice == 9:
        return draw(odd_block(words))
    tag = draw(st.sampled_from(_BLOCKS))
    children = "".join(draw(html_node(words, depth + 1)) for _ in range(draw(st.integers(1, 3))))
    return f"<{tag}>{children}</{tag}>"


@st.composite
def odd_block(draw: st.DrawFn, words: list[str]) -> str:
    """Blocks the clean pass reshapes: definition lists, details, breaks in headings, tabs in
    code, tables in list items."""
    variant = draw(st.integers(0, 5))
    first, second = draw(phrase(words)), draw(phrase(words))
    if variant == 0:
        return f"<br>{first}<br/>{second}"
    if variant == 1:
        return f"<dl><dt>{first}</dt><dd>{second}</dd></dl>"
    if variant == 2:
        return f"<details><summary>{first}</summary>{second}</details>"
    if variant == 3:
        return f"<h2>{first}<br>{second}</h2>"
    if variant == 4:
        return f"<pre>\t{first}\n\t\t{second}</pre>"
    return f"<ul><li><table><tr><td>{first}</td><td><p>{second}</p></td></tr></table></li></ul>"


@st.composite
def deep(draw: st.DrawFn, inner: str, closing: bool = True) -> tuple[str, int]:
    """`inner` wrapped in a tower of one tag, up to thousands of levels."""
    tag = draw(st.sampled_from(["div", "blockquote", "ul><li", "b", "span", "table><tr><td", "section"]))
    depth = draw(st.sampled_from([1, 20, 120, 300, 1_500, 6_000]))
    opening = "".join(f"<{part}>" for part in tag.split("><")) * depth
    ending = "".join(f"</{part}>" for part in reversed(tag.split("><"))) * depth if closing else ""
    return opening + inner + ending, depth


@st.composite
def html_document(draw: st.DrawFn) -> Sample:
    """An HTML fragment (never a whole page: a page goes through extraction, which may cut)."""
    words: list[str] = []
    body = "".join(draw(html_node(words)) for _ in range(draw(st.integers(1, 6))))
    depth = 0
    if draw(st.booleans()):
        body, depth = draw(deep(body, closing=draw(st.booleans())))
        body += draw(html_node(words))  # and text after the tower
    return Sample(body.encode("utf-8"), "text/html", "html", words, depth)


@st.composite
def markdown_block(draw: st.DrawFn, words: list[str]) -> str:
    kind = draw(st.integers(0, 10))
    if kind == 0:
        return "#" * draw(st.integers(1, 6)) + " " + draw(phrase(words, references=False))
    if kind == 1:
        marker = draw(st.sampled_from(["-", "*", "+", "1.", "7)", "123456789."]))
        lines = []
        for _ in range(draw(st.integers(1, 5))):
            indent = " " * (2 * draw(st.sampled_from([0, 1, 2, 5, 30, 200])))
            lines.append(f"{indent}{marker} {draw(phrase(words, references=False))}")
        return "\n".join(lines)
    if kind == 2:
        return ">" * draw(st.sampled_from([1, 2, 3, 25, 400])) + " " + draw(phrase(words, references=False))
    if kind == 3:
        code_words: list[str] = []
        code = draw(phrase(code_words, references=False)).replace("`", "")
        words.extend(code_words)
        return f"```{draw(st.sampled_from(['', 'python', 'nosuchlang']))}\n{code}\n```"
    if kind == 4:
        columns = draw(st.integers(1, 4))
        cells = [
            [draw(phrase(words, references=False)).replace("|", "") for _ in range(columns)]
            for _ in range(draw(st.integers(1, 4)))
        ]
        rows = ["| " + " | ".join(row) + " |" for row in cells]
        return "\n".join([rows[0], "|" + "---|" * columns, *rows[1:]])
    if kind == 5:
        text = draw(phrase(words, references=False))
        href = draw(st.sampled_from(["https://example.org/x", "#a", "<#[b]x[/b]>", "javascript:alert(1)"]))
        return f"[{text}]({href}) and ![{draw(phrase(words, references=False))}](https://example.org/i.png)"
    if kind == 6:
        return f"<div>{draw(html_node(words))}</div>"
    if kind == 7:
        mark = draw(st.sampled_from(["*", "**", "~~", "`"]))
        return f"{mark}{draw(phrase(words, references=False)).strip()}{mark} {draw(phrase(words, references=False))}"
    if kind == 8:
        return "    " + draw(phrase(words, references=False))  # an indented code block
    if kind == 9:
        return draw(st.sampled_from(["---", "***", "___"])) + "\n\n" + draw(phrase(words, references=False))
    return draw(phrase(words, references=False))


@st.composite
def markdown_document(draw: st.DrawFn) -> Sample:
    words: list[str] = []
    blocks = [draw(markdown_block(words)) for _ in range(draw(st.integers(1, 8)))]
    return Sample("\n\n".join(blocks).encode("utf-8"), "text/markdown", "markdown", words)


@st.composite
def front_matter(draw: st.DrawFn, words: list[str]) -> str:
    title_words: list[str] = []
    title = draw(phrase(title_words, references=False)).replace('"', "").replace("\\", "")
    if draw(st.booleans()):  # well-formed: the title is read
        words.extend(title_words)
        fields = [f'title: "{title}"', f"author: {draw(word())}", "tags: [a, b]", "date: 2024-01-02"]
    else:  # broken YAML, aliases, escapes: nothing promised but no failure
        fields = [
            f"title: {title}: {draw(st.sampled_from(['&a [*a, *a]', '*nope', '{{[', 'Invalid Date']))}",
            f'author: "{draw(st.sampled_from(CONTROLS))}\\x1b\\0\\u202e"',
            "date: " + draw(st.sampled_from(["Invalid Date", "2024-13-45", "0", "[]"])),
        ]
    return "---\n" + "\n".join(draw(st.permutations(fields))) + "\n---\n\n"


@st.composite
def post_document(draw: st.DrawFn) -> Sample:
    """A post: front matter, then a Markdown or an HTML body."""
    words: list[str] = []
    head = draw(front_matter(words))
    if draw(st.booleans()):
        body = "\n\n".join(draw(markdown_block(words)) for _ in range(draw(st.integers(1, 5))))
    else:  # in a block element, so that it reads as HTML
        body = "<div>" + "".join(draw(html_node(words)) for _ in range(draw(st.integers(1, 4)))) + "</div>"
    return Sample((head + body).encode("utf-8"), "text/markdown", "post", words)


@st.composite
def soup(draw: st.DrawFn) -> Sample:
    """Markup characters at random, with towers of unclosed tags and markers: no words promised."""
    alphabet = st.sampled_from(
        ["<", ">", "</", "<p>", "<li>", "<table>", "<td>", "[", "]", "(", ")", "*", "_", "`", "#", "|", "-", ">",
         "\n", "\n\n", "    ", "&", ";", "&#", "x", "1.", "<!--", "-->", '"', "'", "=", "<a href=", "<img src=",
         *HOSTILE]
    )  # fmt: skip
    pieces = draw(st.lists(alphabet, max_size=400))
    repeat = draw(st.sampled_from([1, 1, 50, 2_000]))
    text = "".join(pieces) * repeat
    media_type = draw(st.sampled_from(["text/html", "text/markdown", ""]))
    return Sample(text.encode("utf-8", "surrogatepass"), media_type, "soup")


@st.composite
def noise_bytes(draw: st.DrawFn) -> Sample:
    """Bytes: random ones, or text in an encoding the pipeline must guess, with or without a mark."""
    if draw(st.booleans()):
        data = draw(st.binary(max_size=draw(st.sampled_from([64, 4_096, 100_000]))))
        return Sample(data, draw(st.sampled_from(["text/html", "text/markdown", ""])), "bytes")
    words: list[str] = []
    text = draw(phrase(words))
    codec = draw(st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "cp1252", "gb18030", "shift_jis"]))
    data = text.encode(codec, "replace")
    if draw(st.booleans()) and codec.startswith("utf-16"):
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    return Sample(data, draw(st.sampled_from(["text/html", "text/markdown"])), "encoded")


@st.composite
def page_document(draw: st.DrawFn) -> Sample:
    """A whole page, which goes through extraction: nothing promised but no failure."""
    fragment = draw(html_document())
    head = draw(
        st.sampled_from(["", "<title>T &#0; \x1b]0;x\x07</title>", "<meta charset='utf-16'>", "<base href='/x/'>"])
    )
    body = fragment.data.decode("utf-8")
    if draw(st.booleans()):
        body = f"<nav>{body[:200]}</nav><article>{body}</article><footer class='share'>{body[:100]}</footer>"
    lang = draw(st.sampled_from(["en", "zh", "ja", ""]))
    data = f"<!doctype html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>"
    return Sample(data.encode("utf-8"), draw(st.sampled_from(["text/html", ""])), "page", depth=fragment.depth)


any_document = st.one_of(html_document(), markdown_document(), post_document(), page_document(), soup(), noise_bytes())
widths = st.integers(min_value=8, max_value=160)
