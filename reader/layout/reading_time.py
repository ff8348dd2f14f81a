"""How long an article takes to read, counted from its text as the layout goes.

Chinese and Japanese are read by the character, other scripts by the word, so each is
counted in its own unit and at its own pace. A long article is laid out a block at a time,
so the count is kept per block (`reading_load`) and summed as blocks arrive.
"""

from __future__ import annotations

import re
from functools import cache

from reader.model import Article

CJK_CHARS_PER_MINUTE = 400
WORDS_PER_MINUTE = 230

_WORD = re.compile("[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+")
"""Words of Latin, Greek and Cyrillic text, enough for a reading time."""
_ASCII_GAPS = bytes.maketrans(
    bytes(code for code in range(128) if not chr(code).isalnum()),
    b" " * sum(not chr(code).isalnum() for code in range(128)),
)
"""Every ASCII character that is not a letter or a digit, made a space: in ASCII text the words
`_WORD` matches are then the pieces between spaces."""


@cache
def _cjk_char() -> re.Pattern[str]:
    """Compiled on the first text that is not ASCII: a class this large takes milliseconds to
    compile, which an English article never needs to pay."""
    return re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]+")


def reading_load(text: str) -> tuple[int, int]:
    """(CJK characters, words in other scripts): what reading time is counted from. CJK is
    matched in runs, whose lengths add up to the characters: a list of every character was
    a tenth of a long article's layout. ASCII text is counted in C, without the expression
    (which took a seventh of the layout of a short paragraph, and ten times as long)."""
    if text.isascii():
        return 0, len(text.encode().translate(_ASCII_GAPS).split())
    return sum(map(len, _cjk_char().findall(text))), len(_WORD.findall(text))


def reading_minutes(cjk: int, words: int) -> int:
    """CJK at about 400 characters a minute, other scripts at about 230 words a minute."""
    return max(1, round(cjk / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE))


def article_minutes(article: Article) -> int:
    cjk = words = 0
    for block in article.blocks:
        block_cjk, block_words = reading_load(block.text)
        cjk += block_cjk
        words += block_words
    return reading_minutes(cjk, words)
