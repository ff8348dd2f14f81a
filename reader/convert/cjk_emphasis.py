"""CJK-friendly emphasis for markdown-it.

CommonMark closes `**` only when the mark is not stuck between punctuation inside and a
letter outside, so `**重要。**然后` stays literal: Chinese and Japanese put no spaces around
words, and their sentences end in punctuation. Following the markdown-cjk-friendly
proposal, a CJK character just outside a delimiter run counts like punctuation or a space
for deciding whether the run can open or close. Text without CJK parses exactly as before.

Markdown written by html2text never needs this (the clean pass shapes its emphasis); Markdown
files people write do.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType

from reader.chars import is_cjk, is_cjk_punctuation


def _cjk(char: str) -> bool:
    return is_cjk(char) or is_cjk_punctuation(char)


class _CjkStateInline(StateInline):
    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        scanned = super().scanDelims(start, canSplitWord)
        last = self.src[start - 1] if start > 0 else " "
        end = start + scanned.length
        following = self.src[end] if end < self.posMax else " "
        if not (_cjk(last) or _cjk(following)):
            return scanned
        last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
        next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following)
        last_space = isWhiteSpace(ord(last))
        next_space = isWhiteSpace(ord(following))
        left = not next_space and (not next_punct or last_space or last_punct or _cjk(last))
        right = not last_space and (not last_punct or next_space or next_punct or _cjk(following))
        can_open = left and (canSplitWord or not right or last_punct)
        can_close = right and (canSplitWord or not left or next_punct)
        return Scanned(can_open, can_close, scanned.length)


class _CjkParserInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        state = _CjkStateInline(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


def use_cjk_friendly_emphasis(md: MarkdownIt) -> MarkdownIt:
    """Install the CJK-friendly flanking rules on one parser (never globally: Rich and
    Textual use markdown-it too)."""
    inline = _CjkParserInline()
    inline.ruler = md.inline.ruler
    inline.ruler2 = md.inline.ruler2
    md.inline = inline
    return md
