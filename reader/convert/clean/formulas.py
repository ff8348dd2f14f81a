"""Formulas as text: MathML shown as what it says, since the reading pane draws no markup.

Dropped whole, `<math>` took its words with it: "there are two solutions to  and they are".
A formula becomes the text a reader can follow: the TeX the page gives for it (an `alttext`
attribute, or a TeX annotation inside `<semantics>`), else its characters in order, which
for simple MathML reads as written (`x = 2`).
"""

from __future__ import annotations

import re

from lxml import html

_TEX_TYPES = ("application/x-tex", "text/x-tex", "tex", "latex")
_DISPLAY_STYLE = re.compile(r"^\{\\(?:displaystyle|textstyle)\s*(.*)\}$", re.S)
"""MediaWiki wraps every formula's TeX in `{\\displaystyle …}`: a setting, not the formula."""


def math_as_text(root: html.HtmlElement) -> None:
    """Replace each `<math>` by its text, keeping the words that follow it."""
    for node in list(root.iter("math", "{http://www.w3.org/1998/Math/MathML}math")):
        parent = node.getparent()
        if parent is None:
            continue
        text = formula_text(node)
        replacement = html.Element("p" if node.get("display") == "block" else "span")
        replacement.text = text
        replacement.tail = node.tail
        parent.replace(node, replacement)


def formula_text(node: html.HtmlElement) -> str:
    """The TeX a page gives for a formula, else its characters in order."""
    tex = node.get("alttext") or ""
    if not tex:
        for annotation in node.iter("annotation", "{http://www.w3.org/1998/Math/MathML}annotation"):
            if (annotation.get("encoding") or "").lower() in _TEX_TYPES:
                tex = annotation.text_content()
                break
    if tex.strip():
        return tex_text(tex)
    for annotation in list(node.iter("annotation", "annotation-xml")):
        annotation.drop_tree()  # other encodings (MathML content markup) would repeat the formula
    return " ".join(node.text_content().split())


def tex_text(tex: str) -> str:
    """TeX as shown: on one line, without MediaWiki's display-style wrapper."""
    tex = " ".join(tex.split())
    match = _DISPLAY_STYLE.match(tex)
    return match.group(1).strip() if match else tex
