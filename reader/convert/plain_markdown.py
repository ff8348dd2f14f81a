"""Lines of plain text in html2text's Markdown, which markdown-it need not read.

html2text writes most paragraphs and headings as one line of text between blank lines; such a
line makes one paragraph or heading holding one text token, known from the line alone.
`reader.convert.markdown_to_blocks` has markdown-it read a rule in place of each run of them.
"""

from __future__ import annotations

import re

_PLAIN_CHAR = r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\\`*_{}\[\]#<>&~|^]"
"""A character markdown-it reads as itself in a line of text: no inline syntax (emphasis, code,
links, entities, raw HTML, attributes, strikethrough), no control or line-separator character."""
_PLAIN_LINE = re.compile(
    rf"(?:(#{{1,6}}) (?!\s)({_PLAIN_CHAR}+(?: \{{#(?:[^\W_]|-)+\}})?)|(?![-+=\d\s])({_PLAIN_CHAR}+))(?<!\s)"
)
"""A heading (with its `{#anchor}`) or a paragraph of plain text alone on its line: no block
syntax can start it."""
_MULTI_PARAGRAPH = re.compile(r"```|~~~|\[\^|\]:|\r|<(?:[!?]|script|pre|style|textarea)", re.I)
"""What can join lines across a blank one (fences, footnotes, raw HTML of types 1-5) or act
at a distance (link reference definitions); `\r` ends lines for markdown-it, not for us."""
PLACEHOLDER = "___"

PlainLine = tuple[int, str]
"""A line of plain text: (its heading level or 0 for a paragraph, its text)."""


def plain_lines(markdown: str) -> tuple[str, dict[int, list[PlainLine]]]:
    """The Markdown with each run of plain text lines (each between blank lines) replaced by
    one rule, and those runs by the rule's line number.

    html2text writes most paragraphs and headings as such lines, and markdown-it spends about
    a hundred microseconds on each (its block rules, then the inline rules on every character,
    then the walk over the tokens), to make one text token: its block is known from the line
    alone. A rule in place of the run leaves the structure around it as it was (the run and
    the rule are top-level leaves between blank lines) and costs markdown-it one short line;
    the walker makes the run's blocks when it meets the rule, in order.
    """
    if _MULTI_PARAGRAPH.search(markdown):
        return markdown, {}
    lines = markdown.split("\n")
    blank = [not line.strip(" \t") for line in lines]
    """Whether each line is blank for markdown-it (spaces and tabs); its last item stands for
    past either end (`blank[-1]` before the first line), which counts as blank."""
    blank.append(True)
    kept: list[str] = []
    runs: dict[int, list[PlainLine]] = {}
    run: list[PlainLine] | None = None
    blanks: list[str] = []
    """Blank lines after the run: dropped if another plain line goes on with it."""
    for number, line in enumerate(lines):
        if blank[number]:  # (no blank line is a plain one)
            (kept if run is None else blanks).append(line)
        elif blank[number - 1] and blank[number + 1] and (match := _PLAIN_LINE.fullmatch(line)) is not None:
            heading, heading_text, text = match.groups()
            item = (len(heading), heading_text) if heading else (0, text)
            if run is None:
                run = runs[len(kept)] = []
                kept.append(PLACEHOLDER)
            run.append(item)
            blanks = []
        else:
            kept += blanks
            kept.append(line)
            run, blanks = None, []
    kept += blanks
    return ("\n".join(kept), runs) if runs else (markdown, runs)
